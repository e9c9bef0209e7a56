//! Two lowered APIs ([`generator::ir::Api`]) → the list of [`Change`]s a user
//! of the generated client would notice: the walk, in the report's order.
//! The client first (here), then the operations ([`super::operations`]),
//! then the types they reach and the rest ([`super::types`]). What matches
//! what is [`super::matching`]'s; each change's verdict is its [`Kind`]'s
//! ([`super::kinds`], the rule book); its sentence is [`super::wording`]'s.
//! Every change names the Rust item it touches by its path in the crate's
//! item list ([`generator::items`]): a method (`client.users().list`), a
//! setter (`client.users().list(..).limit()`), a field or variant
//! (`User::email`), or `Client`.

use generator::ir::Api;

use super::change::{change, ApiDiff, ApiInfo, Change, Subject};
use super::kinds::Kind;
use super::matching::TypePairs;
use super::wording as say;
use super::{operations, types};

/// Compares two lowered APIs.
pub(crate) fn compare(old: &Api, new: &Api) -> ApiDiff {
    let mut pairs = TypePairs::new(old, new);
    let mut changes = client(old, new);
    changes.extend(operations::compare(old, new, &mut pairs));
    changes.extend(types::compare(&mut pairs));
    let info = |api: &Api| ApiInfo {
        title: api.title.clone(),
        version: api.version.clone(),
    };
    ApiDiff {
        old: info(old),
        new: info(new),
        changes,
        truncated: pairs.truncated,
    }
}

/// The client as a whole: authentication and the default base URL.
fn client(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.auth != new.auth {
        let (a, b) = (say::auth(&old.auth), say::auth(&new.auth));
        let message = say::auth_changed(&a, &b);
        changes.push(change(
            Kind::AuthChanged,
            &Subject::Client,
            "Client".into(),
            (Some(a), Some(b)),
            message,
        ));
    }
    if old.base_url != new.base_url {
        changes.push(change(
            Kind::BaseUrlChanged,
            &Subject::Client,
            "Client".into(),
            (old.base_url.clone(), new.base_url.clone()),
            say::base_url_changed(&old.base_url, &new.base_url),
        ));
    }
    changes
}
