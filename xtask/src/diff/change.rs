//! What the diff finds: one [`Change`] per difference a user of the
//! generated client would notice, with its verdict, its [`Subject`] and the
//! Rust item it touches, gathered in an [`ApiDiff`]. A leaf: the walk that
//! finds them (`compare`, `operations`, `types`) and the reports that write
//! them out (`render`) import it, and it imports none of them.

use generator::ir::{Direction, TypeRef};
use generator::rust::{self, Paths};
use serde::Serialize;

use super::kinds::{Kind, Severity};

/// An operation that uses a type, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Use {
    /// `client.users().list`
    pub(crate) call: String,
    #[serde(rename = "as")]
    pub(crate) direction: Direction,
}

/// The thing a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Subject {
    /// The client as a whole (how it is built, authentication, base URL).
    Client,
    Operation {
        id: String,
        method: String,
        path: String,
        /// The Rust call, `client.users().get(id)`.
        call: String,
    },
    Type {
        /// The Rust type name in the new client.
        name: String,
        /// The name in the old client, when it differs.
        old_name: Option<String>,
        /// Every operation that reaches the type, in document order.
        used_by: Vec<Use>,
    },
}

/// One change, with its verdict and the Rust item it touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Change {
    pub(crate) severity: Severity,
    pub(crate) kind: Kind,
    pub(crate) subject: Subject,
    /// The Rust item affected, by its path in the item list of the old or
    /// the new crate: `client.users().list`, `client.users().list(..).limit()`,
    /// `User::email`, `Status::Active`; `Client` for the client as a whole.
    pub(crate) item: String,
    /// Before and after, as Rust (a type, a signature), when that applies.
    pub(crate) old: Option<String>,
    pub(crate) new: Option<String>,
    /// One Markdown sentence.
    pub(crate) message: String,
}

/// The title and version of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ApiInfo {
    pub(crate) title: String,
    pub(crate) version: String,
}

/// Everything the walk found, in a stable order: client,
/// operation list (removed, renamed/moved, added), each matched operation in
/// new document order, then types sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiDiff {
    pub(crate) old: ApiInfo,
    pub(crate) new: ApiInfo,
    pub(crate) changes: Vec<Change>,
    /// [`super::matching::MAX_PAIRS`] was reached: some types were not compared.
    pub(crate) truncated: bool,
}

impl ApiDiff {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity == severity)
            .count()
    }
}

/// A change of `kind` (its verdict is the kind's) to `item`, with the Rust
/// before and after.
pub(crate) fn change(
    kind: Kind,
    subject: &Subject,
    item: String,
    (old, new): (Option<String>, Option<String>),
    message: String,
) -> Change {
    Change {
        severity: kind.severity(),
        kind,
        subject: subject.clone(),
        item,
        old,
        new,
        message,
    }
}

/// A type as the report shows it: short Rust (`Vec<User>`).
pub(crate) fn short(t: &TypeRef) -> String {
    rust::type_ref(t, Paths::Short)
}
