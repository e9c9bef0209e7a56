//! Two lowered APIs ([`generator::ir::Api`]) → the list of [`Change`]s a user
//! of the generated client would notice, each **breaking** or compatible.
//!
//! # How things are matched
//!
//! - Operations: first by method + path (path parameter names ignored:
//!   `/a/{id}` = `/a/{user}`), then what is left by operationId. A pair with a
//!   new operationId is *renamed*; a pair with a new route or tag is *moved*.
//! - Parameters: path parameters by position in the path, the others by
//!   location + wire name.
//! - Types are never matched by name. Each request body, response and
//!   parameter type is walked from the operation that uses it, old and new side
//!   by side ([`TypeRef`] → [`TypeDef`], struct fields by wire name, enum
//!   values by wire value, union variants by Rust name, aliases looked
//!   through). The old and new types met at the same position form a *pair*;
//!   each pair is compared once (a visited set, so recursive types end), and
//!   at most [`MAX_PAIRS`] pairs are compared (bounded work on huge specs).
//!   So a type whose name alone changed (an inline schema moved to
//!   `components`, a renamed component) reports nothing.
//!
//! # The rules: breaking or compatible, for a Rust user of `generated-client`
//!
//! Breaking means code that compiled against the old client may not compile
//! (or may silently do something else) against the new one. The conventions
//! that make some additions compatible, which the client's docs ask users to
//! follow: start calls with the group methods (`client.users().list(..)`), not
//! by filling an `operations::*` struct by hand; build request types with
//! `new(..)` or `Default::default()` + `..`, never with a full struct literal
//! or an exhaustive destructuring pattern; response types are decoded, not
//! built.
//!
//! | change | verdict | why |
//! | --- | --- | --- |
//! | operation added | compatible | a new method (and maybe a new group accessor) |
//! | operation removed | **breaking** | the method is gone |
//! | renamed / moved / other group, Rust call `client.g().m` unchanged | compatible | the call site still compiles; the SDK follows the new route |
//! | renamed / moved / other group, Rust call changed | **breaking** | the old call does not compile |
//! | now deprecated / no longer | compatible | `#[deprecated]` warns, it does not fail |
//! | required (or path) parameter added | **breaking** | one more argument |
//! | optional parameter added | compatible | a new setter on the call |
//! | parameter removed | **breaking** | argument or setter gone |
//! | parameter optional ↔ required | **breaking** | a setter becomes an argument, or back |
//! | parameter type changed | **breaking** | the argument's type changed |
//! | positional arguments reordered | **breaking** | calls may compile and swap values |
//! | path parameter renamed, same position | compatible | arguments are positional |
//! | request body added: required / optional | **breaking** / compatible | a `body` argument / a `.body()` setter |
//! | request body removed, optional ↔ required, type changed | **breaking** | the signature changed |
//! | request body media type changed (JSON ↔ form …) | compatible | same Rust type, other encoding |
//! | response type changed (`Vec<T>` → `T`, JSON → text …) | **breaking** | `Response<T>` changed |
//! | response envelope or pagination changed, same type | compatible | same Rust type |
//! | optional field added (`Option<T>`) | compatible | by the conventions above |
//! | required field added to a type used in a request | **breaking** | `new(..)` gains an argument, and the server wants a value |
//! | required field added to a response-only type | compatible | response types are decoded, not built |
//! | field removed | **breaking** | reads and writes of it fail |
//! | field type changed, incl. `T` ↔ `Option<T>` | **breaking** | the field's Rust type changed |
//! | field listed as required, still `Option` (null sent vs omitted) | compatible | serialization only |
//! | additional properties: added / removed or retyped | compatible / **breaking** | a new map field / the field changed |
//! | enum value added | **breaking** | our enums are not `#[non_exhaustive]`: an exhaustive `match` stops compiling, and a value that decoded as `Unknown("v")` now decodes as the new variant ([`ENUM_VALUE_ADDED`]) |
//! | enum value removed | **breaking** | the variant is gone |
//! | union variant added / removed / retyped | **breaking** | the enum changed |
//! | a field's, setter's or variant's Rust name changed, same wire name | **breaking** | the name is the API |
//! | auth scheme or default base URL changed | compatible | runtime behaviour, same API |
//!
//! A type used by both requests and responses follows the stricter (request) rule.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use generator::ir::{
    Api, Auth, Body, BodyMedia, Field, Operation, Param, ParamLocation, ResponseKind, TypeDef,
    TypeKind, TypeRef, UnionVariant, Variant,
};
use serde::Serialize;

/// Verdict for a new enum value. Our generated enums have an `Unknown(String)`
/// fallback but no `#[non_exhaustive]`; if the generator adds that attribute,
/// make this `Compatible`.
pub(crate) const ENUM_VALUE_ADDED: Severity = Severity::Breaking;
/// At most this many (old type, new type) pairs are compared.
pub(crate) const MAX_PAIRS: usize = 20_000;
/// Alias chains and `TypeRef` nesting are followed at most this deep.
const MAX_DEPTH: usize = 64;

/// What a change means for code written against the old client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Compatible,
    Breaking,
}

/// What changed; serialized in kebab-case (`field-type-changed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    AuthChanged,
    BaseUrlChanged,
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    OperationMoved,
    OperationDeprecated,
    ParamAdded,
    ParamRemoved,
    ParamRequiredChanged,
    ParamTypeChanged,
    ParamRenamed,
    ArgumentOrderChanged,
    BodyAdded,
    BodyRemoved,
    BodyRequiredChanged,
    BodyTypeChanged,
    BodyMediaChanged,
    ResponseTypeChanged,
    ResponseEnvelopeChanged,
    PaginationChanged,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldNowOptional,
    FieldNowRequired,
    FieldNullHandling,
    FieldRenamed,
    AdditionalPropertiesAdded,
    AdditionalPropertiesRemoved,
    AdditionalPropertiesTypeChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumVariantRenamed,
    UnionVariantAdded,
    UnionVariantRemoved,
    UnionVariantTypeChanged,
}

impl Kind {
    /// Operation added, removed, renamed or moved: listed together.
    pub(crate) fn is_operation_list(self) -> bool {
        matches!(
            self,
            Kind::OperationAdded
                | Kind::OperationRemoved
                | Kind::OperationRenamed
                | Kind::OperationMoved
        )
    }
}

/// Whether a type is reached from a request (parameter, body) or a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    Request,
    Response,
}

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
    /// The client as a whole (auth, base URL).
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
    /// The Rust item affected: `client.users().list(account)`, `.limit()`,
    /// `User::email`, `Status::Active`.
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

/// Everything [`compare`] found, in a stable order: client, operation list
/// (removed, renamed/moved, added), each matched operation in new document
/// order, then types sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiDiff {
    pub(crate) old: ApiInfo,
    pub(crate) new: ApiInfo,
    pub(crate) changes: Vec<Change>,
    /// [`MAX_PAIRS`] was reached: some types were not compared.
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

/// Compares two lowered APIs.
pub(crate) fn compare(old: &Api, new: &Api) -> ApiDiff {
    let mut c = Comparer {
        old: Side::new(old),
        new: Side::new(new),
        pairs: Vec::new(),
        pair_index: BTreeMap::new(),
        queue: VecDeque::new(),
        roots: BTreeMap::new(),
        changes: Vec::new(),
        truncated: false,
    };
    c.client();
    let matched = c.operation_list();
    for &(o, n) in &matched {
        c.operation(o, n);
    }
    c.types();
    ApiDiff {
        old: ApiInfo {
            title: old.title.clone(),
            version: old.version.clone(),
        },
        new: ApiInfo {
            title: new.title.clone(),
            version: new.version.clone(),
        },
        changes: c.changes,
        truncated: c.truncated,
    }
}

/// One API with its types by name.
struct Side<'a> {
    api: &'a Api,
    types: BTreeMap<&'a str, &'a TypeDef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Struct,
    Enum,
    Union,
    Missing,
}

impl<'a> Side<'a> {
    fn new(api: &'a Api) -> Self {
        let types = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        Side { api, types }
    }

    /// Follows aliases (`type A = Vec<B>`) to what they stand for.
    fn resolve(&self, mut t: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..MAX_DEPTH {
            let TypeRef::Named(name) = t else { return t };
            match self.types.get(name.as_str()).map(|d| &d.kind) {
                Some(TypeKind::Alias { target }) => t = target,
                _ => return t,
            }
        }
        t
    }

    fn category(&self, name: &str) -> Category {
        match self.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Struct { .. }) => Category::Struct,
            Some(TypeKind::Enum { .. }) => Category::Enum,
            Some(TypeKind::Union { .. }) => Category::Union,
            Some(TypeKind::Alias { .. }) | None => Category::Missing,
        }
    }

    /// `client.users().list`, or `client.list` for an untagged operation.
    fn call_path(&self, op: &Operation) -> String {
        op.call.path()
    }

    /// `client.users().update(id, body)`: the call with its positional arguments.
    fn call(&self, op: &Operation) -> String {
        format!("{}({})", self.call_path(op), arguments(op).join(", "))
    }

    fn tag(&self, op: &Operation) -> &'a str {
        self.api.groups.get(op.group).map_or("", |g| g.tag.as_str())
    }

    fn subject(&self, op: &Operation) -> Subject {
        Subject::Operation {
            id: op.id.clone(),
            method: op.method.as_str().to_owned(),
            path: op.path.clone(),
            call: self.call(op),
        }
    }
}

/// Path and required parameters are arguments of the group method, in order,
/// then a required body.
fn is_positional(p: &Param) -> bool {
    p.location == ParamLocation::Path || p.required
}

fn arguments(op: &Operation) -> Vec<String> {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| is_positional(p))
        .map(|p| p.name.clone())
        .collect();
    if op.body.as_ref().is_some_and(|b| b.required) {
        args.push("body".to_owned());
    }
    args
}

/// `/a/{id}/b` → `/a/{}/b`: routes compare without parameter names.
fn route_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_var = false;
    for ch in path.chars() {
        match ch {
            '{' if !in_var => {
                in_var = true;
                out.push_str("{}");
            }
            '}' if in_var => in_var = false,
            _ if in_var => {}
            _ => out.push(ch),
        }
    }
    out
}

/// How a parameter is matched across versions: path parameters by position.
fn param_key(op: &Operation, p: &Param) -> (u8, String) {
    match p.location {
        ParamLocation::Path => {
            let position = op
                .params
                .iter()
                .filter(|q| q.location == ParamLocation::Path)
                .position(|q| std::ptr::eq(q, p))
                .unwrap_or(0);
            (0, position.to_string())
        }
        ParamLocation::Query => (1, p.wire.clone()),
        ParamLocation::Header => (2, p.wire.clone()),
        ParamLocation::Cookie => (3, p.wire.clone()),
    }
}

fn media_word(m: BodyMedia) -> &'static str {
    match m {
        BodyMedia::Json => "JSON",
        BodyMedia::Form => "form data",
        BodyMedia::Multipart => "multipart form data",
        BodyMedia::Text => "text",
        BodyMedia::Bytes => "raw bytes",
    }
}

/// The Rust type of a reference, short: `Vec<User>`, `Option<Value>`.
pub(crate) fn rust(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Bytes => "File".to_owned(),
        TypeRef::Array(t) => format!("Vec<{}>", rust(t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", rust(t)),
        TypeRef::Nullable(t) => format!("Option<{}>", rust(t)),
        TypeRef::Named(name) => name.clone(),
    }
}

/// The Rust type of a struct field: boxing and `Option` included.
fn field_type(f: &Field) -> String {
    let mut ty = rust(&f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    if f.optional {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// The Rust type a call returns.
fn output(op: &Operation) -> String {
    match op.response.kind {
        ResponseKind::Empty => "()".to_owned(),
        ResponseKind::Text => "String".to_owned(),
        ResponseKind::Bytes => "Bytes".to_owned(),
        ResponseKind::Json | ResponseKind::Envelope => rust(&op.response.ty),
    }
}

/// `code` for Markdown: backticks inside would end the span.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// How a type change's verdict is decided once its uses are known.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Always(Severity),
    /// Breaking when some request reaches the type, else compatible.
    BreakingInRequests,
}

/// An old type and the new type found at the same position.
struct Pair {
    old: String,
    new: String,
    /// Pairs met inside this one (field types, items, variants).
    children: Vec<usize>,
    /// Changes with a placeholder subject, filled in by [`Comparer::types`].
    changes: Vec<(Rule, Change)>,
}

struct Comparer<'a> {
    old: Side<'a>,
    new: Side<'a>,
    pairs: Vec<Pair>,
    pair_index: BTreeMap<(String, String), usize>,
    queue: VecDeque<usize>,
    /// (new operation index, direction) → pairs reached directly.
    roots: BTreeMap<(usize, Direction), BTreeSet<usize>>,
    changes: Vec<Change>,
    truncated: bool,
}

impl<'a> Comparer<'a> {
    /// Are `o` and `n` the same Rust type, up to the names of named types?
    /// Named types met at the same position are pushed to `found`.
    fn same_shape(&self, o: &TypeRef, n: &TypeRef, found: &mut Vec<(String, String)>) -> bool {
        self.same_shape_at(o, n, found, 0)
    }

    fn same_shape_at(
        &self,
        o: &TypeRef,
        n: &TypeRef,
        found: &mut Vec<(String, String)>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return o == n;
        }
        let (o, n) = (self.old.resolve(o), self.new.resolve(n));
        match (o, n) {
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                let (ca, cb) = (self.old.category(a), self.new.category(b));
                if ca != cb || (ca == Category::Missing && a != b) {
                    return false;
                }
                if ca != Category::Missing {
                    found.push((a.clone(), b.clone()));
                }
                true
            }
            (TypeRef::Array(a), TypeRef::Array(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::Nullable(a), TypeRef::Nullable(b)) => {
                self.same_shape_at(a, b, found, depth + 1)
            }
            (TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_), _)
            | (_, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_))
            | (TypeRef::Named(_), _)
            | (_, TypeRef::Named(_)) => false,
            (a, b) => a == b,
        }
    }

    /// The index of the pair (`old`, `new`), queued for comparison when new.
    fn pair(&mut self, old: String, new: String) -> Option<usize> {
        let key = (old, new);
        if let Some(&index) = self.pair_index.get(&key) {
            return Some(index);
        }
        if self.pairs.len() >= MAX_PAIRS {
            self.truncated = true;
            return None;
        }
        let index = self.pairs.len();
        self.pairs.push(Pair {
            old: key.0.clone(),
            new: key.1.clone(),
            children: Vec::new(),
            changes: Vec::new(),
        });
        self.pair_index.insert(key, index);
        self.queue.push_back(index);
        Some(index)
    }

    /// Records the pairs `found` while comparing operation `op`'s types.
    fn root(&mut self, op: usize, direction: Direction, found: Vec<(String, String)>) {
        for (a, b) in found {
            if let Some(index) = self.pair(a, b) {
                self.roots.entry((op, direction)).or_default().insert(index);
            }
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        kind: Kind,
        subject: &Subject,
        item: String,
        old_new: (Option<String>, Option<String>),
        message: String,
    ) {
        self.changes.push(Change {
            severity,
            kind,
            subject: subject.clone(),
            item,
            old: old_new.0,
            new: old_new.1,
            message,
        });
    }

    fn client(&mut self) {
        let (old, new) = (self.old.api, self.new.api);
        if old.auth != new.auth {
            let show = |a: &Auth| match a {
                Auth::None => "none".to_owned(),
                Auth::Bearer => "bearer token".to_owned(),
                Auth::Basic => "basic".to_owned(),
                Auth::ApiKeyHeader { name } => format!("API key in header {}", code(name)),
                Auth::ApiKeyQuery { name } => format!("API key in query {}", code(name)),
            };
            self.push(
                Severity::Compatible,
                Kind::AuthChanged,
                &Subject::Client,
                "Client".to_owned(),
                (Some(show(&old.auth)), Some(show(&new.auth))),
                format!("authentication: {} → {}", show(&old.auth), show(&new.auth)),
            );
        }
        if old.base_url != new.base_url {
            let show = |u: &Option<String>| u.as_deref().map_or("none".to_owned(), code);
            self.push(
                Severity::Compatible,
                Kind::BaseUrlChanged,
                &Subject::Client,
                "Client".to_owned(),
                (old.base_url.clone(), new.base_url.clone()),
                format!(
                    "default base URL: {} → {}",
                    show(&old.base_url),
                    show(&new.base_url)
                ),
            );
        }
    }

    /// Matches operations, reports added / removed / renamed / moved ones,
    /// and returns the matched (old, new) indexes in new document order.
    fn operation_list(&mut self) -> Vec<(usize, usize)> {
        let (old, new) = (self.old.api, self.new.api);
        let mut by_route: BTreeMap<(&str, String), usize> = BTreeMap::new();
        for (i, op) in old.operations.iter().enumerate() {
            by_route
                .entry((op.method.as_str(), route_key(&op.path)))
                .or_insert(i);
        }
        let mut old_taken = vec![false; old.operations.len()];
        let mut new_match: Vec<Option<usize>> = vec![None; new.operations.len()];
        for (i, op) in new.operations.iter().enumerate() {
            if let Some(&o) = by_route.get(&(op.method.as_str(), route_key(&op.path))) {
                if !old_taken[o] {
                    old_taken[o] = true;
                    new_match[i] = Some(o);
                }
            }
        }
        // What is left, by operationId (only ids used once on each side).
        let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, op) in old.operations.iter().enumerate() {
            if !old_taken[i] {
                by_id.entry(op.id.as_str()).or_default().push(i);
            }
        }
        let mut new_ids: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, op) in new.operations.iter().enumerate() {
            if new_match[i].is_none() {
                *new_ids.entry(op.id.as_str()).or_default() += 1;
            }
        }
        for (i, op) in new.operations.iter().enumerate() {
            if new_match[i].is_some() || new_ids[op.id.as_str()] != 1 {
                continue;
            }
            if let Some([o]) = by_id.get(op.id.as_str()).map(Vec::as_slice) {
                old_taken[*o] = true;
                new_match[i] = Some(*o);
            }
        }

        for (i, op) in old.operations.iter().enumerate() {
            if old_taken[i] {
                continue;
            }
            let call = self.old.call(op);
            self.push(
                Severity::Breaking,
                Kind::OperationRemoved,
                &self.old.subject(op),
                call.clone(),
                (Some(call.clone()), None),
                format!(
                    "removed {} ({}): {} is gone",
                    code(&format!("{} {}", op.method.as_str(), op.path)),
                    code(&op.id),
                    code(&call)
                ),
            );
        }
        let matched: Vec<(usize, usize)> = new_match
            .iter()
            .enumerate()
            .filter_map(|(n, o)| Some(((*o)?, n)))
            .collect();
        for &(o, n) in &matched {
            self.identity(&old.operations[o], &new.operations[n]);
        }
        for (i, op) in new.operations.iter().enumerate() {
            if new_match[i].is_some() {
                continue;
            }
            let call = self.new.call(op);
            self.push(
                Severity::Compatible,
                Kind::OperationAdded,
                &self.new.subject(op),
                call.clone(),
                (None, Some(call.clone())),
                format!(
                    "added {} ({}): {}",
                    code(&format!("{} {}", op.method.as_str(), op.path)),
                    code(&op.id),
                    code(&call)
                ),
            );
        }
        matched
    }

    /// A matched operation's id, route, tag and Rust call.
    fn identity(&mut self, o: &Operation, n: &Operation) {
        let id_changed = o.id != n.id;
        let route_changed = o.method != n.method || route_key(&o.path) != route_key(&n.path);
        let (old_tag, new_tag) = (self.old.tag(o), self.new.tag(n));
        let (old_call, new_call) = (self.old.call_path(o), self.new.call_path(n));
        let call_changed = old_call != new_call;
        if !(id_changed || route_changed || old_tag != new_tag || call_changed) {
            return;
        }
        let mut what = Vec::new();
        if id_changed {
            what.push(format!("operationId {} → {}", code(&o.id), code(&n.id)));
        }
        if route_changed {
            what.push(format!(
                "{} → {}",
                code(&format!("{} {}", o.method.as_str(), o.path)),
                code(&format!("{} {}", n.method.as_str(), n.path))
            ));
        }
        if old_tag != new_tag {
            let tag = |t: &str| {
                if t.is_empty() {
                    "(none)".to_owned()
                } else {
                    code(t)
                }
            };
            what.push(format!("tag {} → {}", tag(old_tag), tag(new_tag)));
        }
        let (severity, rust) = if call_changed {
            (
                Severity::Breaking,
                format!("{} → {}", code(&old_call), code(&new_call)),
            )
        } else {
            (
                Severity::Compatible,
                format!("the Rust call {} is unchanged", code(&new_call)),
            )
        };
        let kind = if id_changed || !(route_changed || old_tag != new_tag) {
            Kind::OperationRenamed
        } else {
            Kind::OperationMoved
        };
        let verb = if kind == Kind::OperationRenamed {
            "renamed"
        } else {
            "moved"
        };
        let what_op = if id_changed {
            code(&format!("{} {}", n.method.as_str(), n.path))
        } else {
            code(&n.id)
        };
        self.push(
            severity,
            kind,
            &self.new.subject(n),
            new_call.clone(),
            (Some(old_call), Some(new_call)),
            format!("{verb} {what_op}: {}; {rust}", what.join(", ")),
        );
    }

    /// Parameters, body, response and deprecation of a matched operation.
    fn operation(&mut self, oi: usize, ni: usize) {
        let o = &self.old.api.operations[oi];
        let n = &self.new.api.operations[ni];
        let subject = self.new.subject(n);
        self.params(o, n, ni, &subject);
        self.body(o, n, ni, &subject);
        self.response(o, n, ni, &subject);
        if o.deprecated != n.deprecated {
            let message = if n.deprecated {
                "now deprecated: calls warn"
            } else {
                "no longer deprecated"
            };
            self.push(
                Severity::Compatible,
                Kind::OperationDeprecated,
                &subject,
                self.new.call_path(n),
                (None, None),
                message.to_owned(),
            );
        }
    }

    fn params(&mut self, o: &Operation, n: &Operation, ni: usize, subject: &Subject) {
        let call = self.new.call(n);
        let setter = |side: &Side<'_>, op: &Operation, p: &Param| {
            format!("{}(..).{}()", side.call_path(op), p.name)
        };
        let old_by_key: BTreeMap<(u8, String), &Param> =
            o.params.iter().map(|p| (param_key(o, p), p)).collect();
        let mut seen = BTreeSet::new();
        for np in &n.params {
            let key = param_key(n, np);
            let loc = np.location.as_str();
            // The Rust item: the call for an argument, the setter otherwise.
            let item = if is_positional(np) {
                call.clone()
            } else {
                setter(&self.new, n, np)
            };
            let Some(&was) = old_by_key.get(&key) else {
                let ty = rust(&np.ty);
                let (severity, message) = if is_positional(np) {
                    (
                        Severity::Breaking,
                        format!(
                            "new required {loc} parameter {}: new argument {}; now {}",
                            code(&np.wire),
                            code(&format!("{}: {ty}", np.name)),
                            code(&call)
                        ),
                    )
                } else {
                    (
                        Severity::Compatible,
                        format!(
                            "new optional {loc} parameter {}: new setter {}",
                            code(&np.wire),
                            code(&format!(".{}({ty})", np.name))
                        ),
                    )
                };
                self.push(
                    severity,
                    Kind::ParamAdded,
                    subject,
                    item,
                    (None, Some(ty)),
                    message,
                );
                continue;
            };
            seen.insert(key);
            if np.location == ParamLocation::Path && was.wire != np.wire {
                self.push(
                    Severity::Compatible,
                    Kind::ParamRenamed,
                    subject,
                    item.clone(),
                    (Some(was.wire.clone()), Some(np.wire.clone())),
                    format!(
                        "path parameter {} is now {} (same position: arguments are positional)",
                        code(&format!("{{{}}}", was.wire)),
                        code(&format!("{{{}}}", np.wire))
                    ),
                );
            }
            let setter_of = |p: &Param| code(&format!(".{}()", p.name));
            let change = match (is_positional(was), is_positional(np)) {
                (false, true) => Some((
                    Kind::ParamRequiredChanged,
                    ("optional", "required"),
                    format!(
                        "{loc} parameter {} is now required: the setter {} became the argument {}; now {}",
                        code(&np.wire),
                        setter_of(was),
                        code(&np.name),
                        code(&call)
                    ),
                )),
                (true, false) => Some((
                    Kind::ParamRequiredChanged,
                    ("required", "optional"),
                    format!(
                        "{loc} parameter {} is now optional: the argument {} became the setter {}; now {}",
                        code(&np.wire),
                        code(&was.name),
                        setter_of(np),
                        code(&call)
                    ),
                )),
                (false, false) if was.name != np.name => Some((
                    Kind::ParamRenamed,
                    (was.name.as_str(), np.name.as_str()),
                    format!(
                        "the setter for {loc} parameter {} is now {} (was {})",
                        code(&np.wire),
                        setter_of(np),
                        setter_of(was)
                    ),
                )),
                _ => None,
            };
            if let Some((kind, (before, after), message)) = change {
                self.push(
                    Severity::Breaking,
                    kind,
                    subject,
                    item.clone(),
                    (Some(before.to_owned()), Some(after.to_owned())),
                    message,
                );
            }
            let mut found = Vec::new();
            if self.same_shape(&was.ty, &np.ty, &mut found) {
                self.root(ni, Direction::Request, found);
            } else {
                let (a, b) = (rust(&was.ty), rust(&np.ty));
                self.push(
                    Severity::Breaking,
                    Kind::ParamTypeChanged,
                    subject,
                    item,
                    (Some(a.clone()), Some(b.clone())),
                    format!(
                        "{loc} parameter {}: {} → {}",
                        code(&np.wire),
                        code(&a),
                        code(&b)
                    ),
                );
            }
        }
        for was in &o.params {
            let key = param_key(o, was);
            if seen.contains(&key) {
                continue;
            }
            let loc = was.location.as_str();
            let (item, gone) = if is_positional(was) {
                (
                    self.old.call(o),
                    format!("the argument {}", code(&was.name)),
                )
            } else {
                (
                    setter(&self.old, o, was),
                    format!("the setter {}", code(&format!(".{}()", was.name))),
                )
            };
            self.push(
                Severity::Breaking,
                Kind::ParamRemoved,
                subject,
                item,
                (Some(rust(&was.ty)), None),
                format!(
                    "{loc} parameter {} removed: {gone} is gone; now {}",
                    code(&was.wire),
                    code(&call)
                ),
            );
        }
        // Arguments that stay arguments must keep their order.
        let kept = |ours: &Operation, theirs: &Operation| -> Vec<(u8, String)> {
            let theirs: BTreeSet<(u8, String)> = theirs
                .params
                .iter()
                .filter(|p| is_positional(p))
                .map(|p| param_key(theirs, p))
                .collect();
            ours.params
                .iter()
                .filter(|p| is_positional(p))
                .map(|p| param_key(ours, p))
                .filter(|k| theirs.contains(k))
                .collect()
        };
        let (old_order, new_order) = (kept(o, n), kept(n, o));
        if old_order != new_order {
            let names = |op: &Operation, order: &[(u8, String)]| {
                let by_key: BTreeMap<(u8, String), &str> = op
                    .params
                    .iter()
                    .map(|p| (param_key(op, p), p.name.as_str()))
                    .collect();
                let list: Vec<&str> = order.iter().map(|k| by_key[k]).collect();
                format!("({})", list.join(", "))
            };
            let (a, b) = (names(o, &old_order), names(n, &new_order));
            self.push(
                Severity::Breaking,
                Kind::ArgumentOrderChanged,
                subject,
                call,
                (Some(a.clone()), Some(b.clone())),
                format!(
                    "arguments reordered: {} → {} (calls may still compile with swapped values)",
                    code(&a),
                    code(&b)
                ),
            );
        }
    }

    fn body(&mut self, o: &Operation, n: &Operation, ni: usize, subject: &Subject) {
        // Where the body goes in Rust: `client.g().m(.., body)` or `client.g().m(..).body()`.
        let slot = |side: &Side<'_>, op: &Operation, b: &Body| {
            if b.required {
                (
                    side.call(op),
                    format!("the argument `body: {}`", rust(&b.ty)),
                )
            } else {
                (
                    format!("{}(..).body()", side.call_path(op)),
                    format!("the setter `.body({})`", rust(&b.ty)),
                )
            }
        };
        let required = |b: &Body| if b.required { "required" } else { "optional" };
        match (o.body.as_ref(), n.body.as_ref()) {
            (None, None) => {}
            (None, Some(b)) => {
                let (item, what) = slot(&self.new, n, b);
                let severity = if b.required {
                    Severity::Breaking
                } else {
                    Severity::Compatible
                };
                self.push(
                    severity,
                    Kind::BodyAdded,
                    subject,
                    item,
                    (None, Some(rust(&b.ty))),
                    format!("new {} request body: {what}", required(b)),
                );
            }
            (Some(b), None) => {
                let (item, what) = slot(&self.old, o, b);
                self.push(
                    Severity::Breaking,
                    Kind::BodyRemoved,
                    subject,
                    item,
                    (Some(rust(&b.ty)), None),
                    format!("request body removed: {what} is gone"),
                );
            }
            (Some(a), Some(b)) => {
                let (item, now) = slot(&self.new, n, b);
                if a.required != b.required {
                    let (_, was) = slot(&self.old, o, a);
                    self.push(
                        Severity::Breaking,
                        Kind::BodyRequiredChanged,
                        subject,
                        item.clone(),
                        (Some(required(a).into()), Some(required(b).into())),
                        format!("request body is now {}: {was} became {now}", required(b)),
                    );
                }
                let mut found = Vec::new();
                if self.same_shape(&a.ty, &b.ty, &mut found) {
                    self.root(ni, Direction::Request, found);
                } else {
                    let (x, y) = (rust(&a.ty), rust(&b.ty));
                    self.push(
                        Severity::Breaking,
                        Kind::BodyTypeChanged,
                        subject,
                        item.clone(),
                        (Some(x.clone()), Some(y.clone())),
                        format!("request body: {} → {}", code(&x), code(&y)),
                    );
                }
                if a.media != b.media {
                    self.push(
                        Severity::Compatible,
                        Kind::BodyMediaChanged,
                        subject,
                        item,
                        (
                            Some(media_word(a.media).to_owned()),
                            Some(media_word(b.media).to_owned()),
                        ),
                        format!(
                            "request body is now sent as {} (was {}); same Rust type",
                            media_word(b.media),
                            media_word(a.media)
                        ),
                    );
                }
            }
        }
    }

    fn response(&mut self, o: &Operation, n: &Operation, ni: usize, subject: &Subject) {
        let typed = |k: ResponseKind| matches!(k, ResponseKind::Json | ResponseKind::Envelope);
        let (ok, nk) = (o.response.kind, n.response.kind);
        let item = format!("{}(..)", self.new.call_path(n));
        let mut found = Vec::new();
        let same = if typed(ok) && typed(nk) {
            self.same_shape(&o.response.ty, &n.response.ty, &mut found)
        } else {
            ok == nk
        };
        if same {
            self.root(ni, Direction::Response, found);
        } else {
            let (a, b) = (output(o), output(n));
            self.push(
                Severity::Breaking,
                Kind::ResponseTypeChanged,
                subject,
                item.clone(),
                (Some(a.clone()), Some(b.clone())),
                format!(
                    "response: {} → {}",
                    code(&format!("Response<{a}>")),
                    code(&format!("Response<{b}>"))
                ),
            );
        }
        if same && ok != nk {
            let message = if nk == ResponseKind::Envelope {
                "the response is now read from a `{data, _meta}` envelope; same Rust type"
            } else {
                "the response is no longer a `{data, _meta}` envelope; same Rust type"
            };
            self.push(
                Severity::Compatible,
                Kind::ResponseEnvelopeChanged,
                subject,
                item.clone(),
                (None, None),
                message.to_owned(),
            );
        }
        if o.paginated != n.paginated {
            let message = if n.paginated {
                "now paginated"
            } else {
                "no longer paginated"
            };
            self.push(
                Severity::Compatible,
                Kind::PaginationChanged,
                subject,
                item,
                (None, None),
                message.to_owned(),
            );
        }
    }

    /// Compares every queued pair, works out who uses each, and appends the
    /// type changes sorted by type name.
    fn types(&mut self) {
        while let Some(index) = self.queue.pop_front() {
            self.compare_pair(index);
        }
        // Which operations reach each pair that has changes, and how.
        let mut uses: Vec<BTreeSet<(usize, Direction)>> = vec![BTreeSet::new(); self.pairs.len()];
        let mut stamp = vec![usize::MAX; self.pairs.len()];
        for (visit, (&(op, direction), starts)) in self.roots.iter().enumerate() {
            let mut stack: Vec<usize> = starts.iter().copied().collect();
            while let Some(index) = stack.pop() {
                if stamp[index] == visit {
                    continue;
                }
                stamp[index] = visit;
                let pair = &self.pairs[index];
                if !pair.changes.is_empty() {
                    uses[index].insert((op, direction));
                }
                stack.extend(pair.children.iter().copied());
            }
        }
        let mut order: Vec<usize> = (0..self.pairs.len())
            .filter(|&i| !self.pairs[i].changes.is_empty())
            .collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.pairs[a], &self.pairs[b]);
            (&a.new, &a.old).cmp(&(&b.new, &b.old))
        });
        for index in order {
            let pair = &mut self.pairs[index];
            let in_requests = uses[index].iter().any(|(_, d)| *d == Direction::Request);
            let subject = Subject::Type {
                name: pair.new.clone(),
                old_name: (pair.old != pair.new).then(|| pair.old.clone()),
                used_by: uses[index]
                    .iter()
                    .map(|&(op, direction)| Use {
                        call: self.new.call_path(&self.new.api.operations[op]),
                        direction,
                    })
                    .collect(),
            };
            for (rule, mut change) in std::mem::take(&mut pair.changes) {
                change.severity = match rule {
                    Rule::Always(severity) => severity,
                    Rule::BreakingInRequests if in_requests => {
                        change.message.push_str(&format!(
                            " (sent in requests: `{}::new` takes one more argument)",
                            pair.new
                        ));
                        Severity::Breaking
                    }
                    Rule::BreakingInRequests => {
                        change
                            .message
                            .push_str(" (only in responses: decoded, not built)");
                        Severity::Compatible
                    }
                };
                change.subject = subject.clone();
                self.changes.push(change);
            }
        }
    }

    fn compare_pair(&mut self, index: usize) {
        let (old_name, new_name) = (self.pairs[index].old.clone(), self.pairs[index].new.clone());
        let (Some(o), Some(n)) = (
            self.old.types.get(old_name.as_str()).copied(),
            self.new.types.get(new_name.as_str()).copied(),
        ) else {
            return;
        };
        let mut found = Vec::new();
        let mut changes = Vec::new();
        match (&o.kind, &n.kind) {
            (
                TypeKind::Struct {
                    fields: of,
                    additional: oa,
                    ..
                },
                TypeKind::Struct {
                    fields: nf,
                    additional: na,
                    ..
                },
            ) => {
                self.fields(&new_name, of, nf, &mut found, &mut changes);
                self.additional(
                    &new_name,
                    oa.as_ref(),
                    na.as_ref(),
                    &mut found,
                    &mut changes,
                );
            }
            (TypeKind::Enum { variants: ov }, TypeKind::Enum { variants: nv }) => {
                enum_values(&new_name, ov, nv, &mut changes);
            }
            (TypeKind::Union { variants: ov }, TypeKind::Union { variants: nv }) => {
                self.union_variants(&new_name, ov, nv, &mut found, &mut changes);
            }
            // Kinds are checked equal before a pair is made.
            _ => {}
        }
        let children: Vec<usize> = found
            .into_iter()
            .filter_map(|(a, b)| self.pair(a, b))
            .collect();
        let pair = &mut self.pairs[index];
        pair.children = children;
        pair.changes = changes;
    }

    fn fields(
        &self,
        ty: &str,
        old: &[Field],
        new: &[Field],
        found: &mut Vec<(String, String)>,
        changes: &mut Vec<(Rule, Change)>,
    ) {
        let old_by_wire: BTreeMap<&str, &Field> =
            old.iter().map(|f| (f.wire.as_str(), f)).collect();
        let new_wires: BTreeSet<&str> = new.iter().map(|f| f.wire.as_str()).collect();
        for nf in new {
            let item = format!("{ty}::{}", nf.name);
            let Some(of) = old_by_wire.get(nf.wire.as_str()) else {
                let t = field_type(nf);
                let (rule, what) = if nf.optional {
                    (Rule::Always(Severity::Compatible), "new optional field")
                } else {
                    (Rule::BreakingInRequests, "new required field")
                };
                changes.push((
                    rule,
                    change(
                        Kind::FieldAdded,
                        item.clone(),
                        (None, Some(t.clone())),
                        format!("{what} {}", code(&format!("{item}: {t}"))),
                    ),
                ));
                continue;
            };
            if of.name != nf.name {
                changes.push((
                    Rule::Always(Severity::Breaking),
                    change(
                        Kind::FieldRenamed,
                        item.clone(),
                        (Some(of.name.clone()), Some(nf.name.clone())),
                        format!(
                            "field {} is now {} in Rust (was {})",
                            code(&nf.wire),
                            code(&item),
                            code(&format!("{ty}::{}", of.name))
                        ),
                    ),
                ));
            }
            let (a, b) = (field_type(of), field_type(nf));
            let mut inner = Vec::new();
            let same_inner = self.same_shape(&of.ty, &nf.ty, &mut inner) && of.boxed == nf.boxed;
            if same_inner {
                found.extend(inner);
            }
            let (kind, message, severity) = if !same_inner {
                (
                    Kind::FieldTypeChanged,
                    format!("{}: {} → {}", code(&item), code(&a), code(&b)),
                    Severity::Breaking,
                )
            } else if of.optional != nf.optional {
                let now = if nf.optional {
                    if nf.required {
                        "nullable"
                    } else {
                        "optional"
                    }
                } else {
                    "required"
                };
                let kind = if nf.optional {
                    Kind::FieldNowOptional
                } else {
                    Kind::FieldNowRequired
                };
                (
                    kind,
                    format!("{} is now {now}: {} → {}", code(&item), code(&a), code(&b)),
                    Severity::Breaking,
                )
            } else if of.required != nf.required && nf.optional {
                let now = if nf.required {
                    "is now listed as required: `None` is sent as `null` (was left out)"
                } else {
                    "is no longer listed as required: `None` is left out (was sent as `null`)"
                };
                (
                    Kind::FieldNullHandling,
                    format!("{} {now}; same Rust type", code(&item)),
                    Severity::Compatible,
                )
            } else {
                continue;
            };
            changes.push((
                Rule::Always(severity),
                change(kind, item, (Some(a), Some(b)), message),
            ));
        }
        for of in old {
            if new_wires.contains(of.wire.as_str()) {
                continue;
            }
            let item = format!("{ty}::{}", of.name);
            let t = field_type(of);
            changes.push((
                Rule::Always(Severity::Breaking),
                change(
                    Kind::FieldRemoved,
                    item.clone(),
                    (Some(t.clone()), None),
                    format!("field {} removed", code(&format!("{item}: {t}"))),
                ),
            ));
        }
    }

    fn additional(
        &self,
        ty: &str,
        old: Option<&TypeRef>,
        new: Option<&TypeRef>,
        found: &mut Vec<(String, String)>,
        changes: &mut Vec<(Rule, Change)>,
    ) {
        let item = format!("{ty}::additional_properties");
        let map = |t: &TypeRef| format!("BTreeMap<String, {}>", rust(t));
        let (rule, kind, old_new, message) = match (old, new) {
            (None, None) => return,
            (None, Some(t)) => (
                Severity::Compatible,
                Kind::AdditionalPropertiesAdded,
                (None, Some(map(t))),
                format!(
                    "new field {}: properties not listed are kept",
                    code(&format!("{item}: {}", map(t)))
                ),
            ),
            (Some(t), None) => (
                Severity::Breaking,
                Kind::AdditionalPropertiesRemoved,
                (Some(map(t)), None),
                format!("field {} removed", code(&format!("{item}: {}", map(t)))),
            ),
            (Some(a), Some(b)) => {
                let mut inner = Vec::new();
                if self.same_shape(a, b, &mut inner) {
                    found.extend(inner);
                    return;
                }
                (
                    Severity::Breaking,
                    Kind::AdditionalPropertiesTypeChanged,
                    (Some(map(a)), Some(map(b))),
                    format!("{}: {} → {}", code(&item), code(&map(a)), code(&map(b))),
                )
            }
        };
        changes.push((Rule::Always(rule), change(kind, item, old_new, message)));
    }

    fn union_variants(
        &self,
        ty: &str,
        old: &[UnionVariant],
        new: &[UnionVariant],
        found: &mut Vec<(String, String)>,
        changes: &mut Vec<(Rule, Change)>,
    ) {
        let old_by_name: BTreeMap<&str, &UnionVariant> =
            old.iter().map(|v| (v.name.as_str(), v)).collect();
        let new_names: BTreeSet<&str> = new.iter().map(|v| v.name.as_str()).collect();
        let breaking = Rule::Always(Severity::Breaking);
        for nv in new {
            let item = format!("{ty}::{}", nv.name);
            let shown = |v: &UnionVariant| format!("{ty}::{}({})", v.name, rust(&v.ty));
            match old_by_name.get(nv.name.as_str()) {
                None => changes.push((
                    breaking,
                    change(
                        Kind::UnionVariantAdded,
                        item,
                        (None, Some(rust(&nv.ty))),
                        format!("new variant {}", code(&shown(nv))),
                    ),
                )),
                Some(ov) => {
                    let mut inner = Vec::new();
                    if self.same_shape(&ov.ty, &nv.ty, &mut inner) {
                        found.extend(inner);
                    } else {
                        let (a, b) = (rust(&ov.ty), rust(&nv.ty));
                        changes.push((
                            breaking,
                            change(
                                Kind::UnionVariantTypeChanged,
                                item.clone(),
                                (Some(a.clone()), Some(b.clone())),
                                format!("{}: {} → {}", code(&item), code(&a), code(&b)),
                            ),
                        ));
                    }
                }
            }
        }
        for ov in old {
            if !new_names.contains(ov.name.as_str()) {
                changes.push((
                    breaking,
                    change(
                        Kind::UnionVariantRemoved,
                        format!("{ty}::{}", ov.name),
                        (Some(rust(&ov.ty)), None),
                        format!(
                            "variant {} removed",
                            code(&format!("{ty}::{}({})", ov.name, rust(&ov.ty)))
                        ),
                    ),
                ));
            }
        }
    }
}

/// Enum values by wire value.
fn enum_values(ty: &str, old: &[Variant], new: &[Variant], changes: &mut Vec<(Rule, Change)>) {
    let old_by_wire: BTreeMap<&str, &Variant> = old.iter().map(|v| (v.wire.as_str(), v)).collect();
    let new_wires: BTreeSet<&str> = new.iter().map(|v| v.wire.as_str()).collect();
    for nv in new {
        let item = format!("{ty}::{}", nv.name);
        let wire = code(&format!("{:?}", nv.wire));
        match old_by_wire.get(nv.wire.as_str()) {
            None => changes.push((
                Rule::Always(ENUM_VALUE_ADDED),
                change(
                    Kind::EnumValueAdded,
                    item.clone(),
                    (None, Some(nv.wire.clone())),
                    format!(
                        "new enum value {wire}: variant {} (a `match` without `_` stops compiling; the value used to decode as `{ty}::Unknown`)",
                        code(&item)
                    ),
                ),
            )),
            Some(ov) if ov.name != nv.name => changes.push((
                Rule::Always(Severity::Breaking),
                change(
                    Kind::EnumVariantRenamed,
                    item.clone(),
                    (Some(ov.name.clone()), Some(nv.name.clone())),
                    format!(
                        "enum value {wire} is now {} in Rust (was {})",
                        code(&item),
                        code(&format!("{ty}::{}", ov.name))
                    ),
                ),
            )),
            Some(_) => {}
        }
    }
    for ov in old {
        if new_wires.contains(ov.wire.as_str()) {
            continue;
        }
        let item = format!("{ty}::{}", ov.name);
        changes.push((
            Rule::Always(Severity::Breaking),
            change(
                Kind::EnumValueRemoved,
                item.clone(),
                (Some(ov.wire.clone()), None),
                format!(
                    "enum value {} removed: variant {} is gone",
                    code(&format!("{:?}", ov.wire)),
                    code(&item)
                ),
            ),
        ));
    }
}

/// A type change, its severity and subject filled in later.
fn change(
    kind: Kind,
    item: String,
    (old, new): (Option<String>, Option<String>),
    message: String,
) -> Change {
    Change {
        severity: Severity::Breaking,
        kind,
        subject: Subject::Client,
        item,
        old,
        new,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_ignore_parameter_names() {
        assert_eq!(route_key("/a/{id}/b/{x_y}"), "/a/{}/b/{}");
        assert_eq!(route_key("/a"), "/a");
        assert_eq!(route_key("/a/{unclosed"), "/a/{}");
    }

    #[test]
    fn rust_types_read_like_rust() {
        let t = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Nullable(
            Box::new(TypeRef::Named("User".into())),
        )))));
        assert_eq!(rust(&t), "BTreeMap<String, Vec<Option<User>>>");
        assert_eq!(rust(&TypeRef::Any), "Value");
    }
}
