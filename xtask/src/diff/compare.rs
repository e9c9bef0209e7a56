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
use generator::items::{items, Item, ItemKind};

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

/// The client as a whole: how it is built, authentication, and the default
/// base URL.
fn client(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = setup(old, new);
    schemes(old, new, &mut changes);
    let (a, b) = (
        old.auth.default.describe(&old.auth.schemes),
        new.auth.default.describe(&new.auth.schemes),
    );
    if a != b {
        let message = say::default_auth_changed(&a, &b);
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

/// `Client::new`, `Client::builder` and the credential setters: items
/// removed or whose signature changed, then items added.
fn setup(old: &Api, new: &Api) -> Vec<Change> {
    let of = |api: &Api| -> Vec<Item> {
        items(api)
            .into_iter()
            .filter(|i| {
                matches!(
                    i.kind,
                    ItemKind::ClientConstructor | ItemKind::CredentialSetter
                )
            })
            .collect()
    };
    let (before, after) = (of(old), of(new));
    let mut changes = Vec::new();
    for b in &before {
        let message = match after.iter().find(|a| a.path == b.path) {
            Some(a) if a.signature == b.signature => continue,
            Some(a) => say::retyped(&b.path, &b.signature, &a.signature),
            None => say::setup_removed(&b.path),
        };
        let now = after
            .iter()
            .find(|a| a.path == b.path)
            .map(|a| a.signature.clone());
        changes.push(change(
            Kind::ClientSetupChanged,
            &Subject::Client,
            b.path.clone(),
            (Some(b.signature.clone()), now),
            message,
        ));
    }
    for a in after
        .iter()
        .filter(|a| !before.iter().any(|b| b.path == a.path))
    {
        changes.push(change(
            Kind::ClientSetupAdded,
            &Subject::Client,
            a.path.clone(),
            (None, Some(a.signature.clone())),
            say::setup_added(&a.path, &a.signature),
        ));
    }
    changes
}

/// Security schemes added, removed, or sending their credential otherwise.
fn schemes(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let what = |api: &Api, name: &str| {
        api.auth
            .schemes
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.kind.describe())
    };
    let names = old
        .auth
        .schemes
        .iter()
        .chain(&new.auth.schemes)
        .map(|s| s.name.as_str());
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let (a, b) = (what(old, name), what(new, name));
        let message = match (&a, &b) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => say::scheme_changed(name, a, b),
            (None, Some(b)) => say::scheme_added(name, b),
            (Some(_), None) => say::scheme_removed(name),
            (None, None) => continue,
        };
        changes.push(change(
            Kind::AuthChanged,
            &Subject::Client,
            "Client".into(),
            (a, b),
            message,
        ));
    }
}
