//! Two lowered APIs ([`generator::ir::Api`]) → the list of [`Change`]s a user
//! of the generated client would notice. What matches what is
//! [`super::matching`]'s; each change's verdict is its [`Kind`]'s
//! ([`super::kinds`], the rule book); its sentence is [`super::wording`]'s.
//! Every change names the Rust item it touches by its path in the crate's
//! item list ([`generator::items`]): a method (`client.users().list`), a
//! setter (`client.users().list(..).limit()`), a field or variant
//! (`User::email`), or `Client`.

use std::collections::BTreeMap;

use generator::ir::{
    Api, Body, Direction, Field, Operation, Param, TypeKind, UnionTag, UnionVariant, Variant,
};
use generator::items::{member_path, setter_path};
use generator::rust::{self, Paths};
use serde::Serialize;

use super::kinds::{Kind, Severity};
use super::matching::{self, by_key, by_keys, param_key, route_key, Found, Matched, TypePairs};
use super::wording::{self as say, code};

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

/// Everything [`compare`] found, in a stable order: client, operation list
/// (removed, renamed/moved, added), each matched operation in new document
/// order, then types sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiDiff {
    pub(crate) old: ApiInfo,
    pub(crate) new: ApiInfo,
    pub(crate) changes: Vec<Change>,
    /// [`matching::MAX_PAIRS`] was reached: some types were not compared.
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
        old,
        new,
        types: TypePairs::new(old, new),
        changes: Vec::new(),
    };
    c.client();
    let ops = matching::operations(old, new);
    c.operation_list(&ops);
    for &(o, n) in &ops.matched {
        c.operation(o, n);
    }
    c.types();
    let info = |api: &Api| ApiInfo {
        title: api.title.clone(),
        version: api.version.clone(),
    };
    ApiDiff {
        old: info(old),
        new: info(new),
        changes: c.changes,
        truncated: c.types.truncated,
    }
}

/// A struct that gained or lost `Default` (subject filled in later).
fn default_change(name: &str, old: bool, new: bool) -> Option<Change> {
    if old == new {
        return None;
    }
    let (kind, message) = if new {
        (Kind::DefaultAdded, "now implements `Default`")
    } else {
        (Kind::DefaultRemoved, "no longer implements `Default`")
    };
    let message = format!("{} {message}", code(name));
    Some(change(
        kind,
        &Subject::Client,
        name.to_owned(),
        (None, None),
        message,
    ))
}

/// A union that became tagged (it gains `Unknown(Value)`) or untagged (it
/// loses it); subject filled in later.
fn union_tag_change(
    old: &str,
    new: &str,
    old_tag: Option<&UnionTag>,
    new_tag: Option<&UnionTag>,
) -> Option<Change> {
    let item = member_path(new, "Unknown");
    let value = Some("Value".to_owned());
    match (old_tag, new_tag) {
        (Some(_), None) => Some(change(
            Kind::UnionVariantRemoved,
            &Subject::Client,
            item,
            (value, None),
            format!(
                "{} is no longer told apart by a tag: variant `{old}::Unknown(Value)` removed",
                code(new)
            ),
        )),
        (None, Some(tag)) => Some(change(
            Kind::UnionVariantAdded,
            &Subject::Client,
            item,
            (None, value),
            format!(
                "{} is now told apart by its `{}`: new variant `{new}::Unknown(Value)` for tags this version does not know",
                code(new),
                tag.property
            ),
        )),
        _ => None,
    }
}

fn change(
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

fn tag(api: &Api, op: &Operation) -> String {
    api.groups
        .get(op.group)
        .map_or(String::new(), |g| g.tag.clone())
}

fn subject(op: &Operation) -> Subject {
    Subject::Operation {
        id: op.id.clone(),
        method: op.method.as_str().to_owned(),
        path: op.path.clone(),
        call: op.call.display(),
    }
}

fn short(t: &generator::ir::TypeRef) -> String {
    rust::type_ref(t, Paths::Short)
}

struct Comparer<'a> {
    old: &'a Api,
    new: &'a Api,
    types: TypePairs<'a>,
    changes: Vec<Change>,
}

impl Comparer<'_> {
    fn push(
        &mut self,
        kind: Kind,
        subject: &Subject,
        item: String,
        old_new: (Option<String>, Option<String>),
        message: String,
    ) {
        self.changes
            .push(change(kind, subject, item, old_new, message));
    }

    fn client(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.auth != new.auth {
            let (a, b) = (say::auth(&old.auth), say::auth(&new.auth));
            let message = format!("authentication: {a} → {b}");
            self.push(
                Kind::AuthChanged,
                &Subject::Client,
                "Client".into(),
                (Some(a), Some(b)),
                message,
            );
        }
        if old.base_url != new.base_url {
            let message = format!(
                "default base URL: {} → {}",
                say::base_url(&old.base_url),
                say::base_url(&new.base_url)
            );
            self.push(
                Kind::BaseUrlChanged,
                &Subject::Client,
                "Client".into(),
                (old.base_url.clone(), new.base_url.clone()),
                message,
            );
        }
    }

    /// Added, removed, renamed and moved operations.
    fn operation_list(&mut self, ops: &matching::OperationMatch) {
        for &i in &ops.removed {
            let op = &self.old.operations[i];
            let call = op.call.display();
            self.push(
                Kind::OperationRemoved,
                &subject(op),
                op.call.path(),
                (Some(call.clone()), None),
                say::operation_removed(op, &call),
            );
        }
        for &(o, n) in &ops.matched {
            self.identity(&self.old.operations[o], &self.new.operations[n]);
        }
        for &i in &ops.added {
            let op = &self.new.operations[i];
            let call = op.call.display();
            self.push(
                Kind::OperationAdded,
                &subject(op),
                op.call.path(),
                (None, Some(call.clone())),
                say::operation_added(op, &call),
            );
        }
    }

    /// A matched operation's id, route, tag and Rust call.
    fn identity(&mut self, o: &Operation, n: &Operation) {
        let route_changed = o.method != n.method || route_key(&o.path) != route_key(&n.path);
        let (old_tag, new_tag) = (tag(self.old, o), tag(self.new, n));
        let (old_call, new_call) = (o.call.path(), n.call.path());
        if o.id == n.id && !route_changed && old_tag == new_tag && old_call == new_call {
            return;
        }
        let kind = if old_call != new_call {
            Kind::OperationRenamed
        } else {
            Kind::OperationMoved
        };
        let message = say::operation_identity(
            o,
            n,
            (&old_tag, &new_tag),
            (&old_call, &new_call),
            route_changed,
        );
        self.push(
            kind,
            &subject(n),
            new_call.clone(),
            (Some(old_call), Some(new_call)),
            message,
        );
    }

    /// Parameters, body, response and deprecation of a matched operation.
    fn operation(&mut self, oi: usize, ni: usize) {
        let (o, n) = (&self.old.operations[oi], &self.new.operations[ni]);
        let subject = subject(n);
        self.params(o, n, &subject);
        self.body(o, n, &subject);
        self.response(o, n, &subject);
        if o.deprecated != n.deprecated {
            self.push(
                Kind::OperationDeprecated,
                &subject,
                n.call.path(),
                (None, None),
                say::deprecated(n.deprecated),
            );
        }
    }

    /// The item of a parameter: the method for an argument, else its setter.
    fn param_item(op: &Operation, p: &Param) -> String {
        if p.required {
            op.call.path()
        } else {
            setter_path(op, &p.name)
        }
    }

    fn params(&mut self, o: &Operation, n: &Operation, subject: &Subject) {
        let call = n.call.display();
        let setter = |p: &Param| code(&format!(".{}()", p.name));
        for m in by_keys(
            &o.params,
            &n.params,
            |p| param_key(o, p),
            |p| param_key(n, p),
        ) {
            match m {
                Matched::Added(np) => {
                    let (loc, ty) = (np.location.as_str(), short(&np.ty));
                    let item = Self::param_item(n, np);
                    let (kind, message) = if np.required {
                        let arg = format!("{}: {ty}", np.name);
                        let m = say::required_param_added(loc, &np.wire, &arg, &call);
                        (Kind::RequiredParamAdded, m)
                    } else {
                        let m = say::optional_param_added(
                            loc,
                            &np.wire,
                            &format!(".{}({ty})", np.name),
                        );
                        (Kind::OptionalParamAdded, m)
                    };
                    self.push(kind, subject, item, (None, Some(ty)), message);
                }
                Matched::Removed(was) => {
                    let loc = was.location.as_str();
                    let (item, gone) = if was.required {
                        (o.call.path(), format!("the argument {}", code(&was.name)))
                    } else {
                        (
                            setter_path(o, &was.name),
                            format!("the setter {}", setter(was)),
                        )
                    };
                    let message = say::param_removed(loc, &was.wire, &gone, &call);
                    self.push(
                        Kind::ParamRemoved,
                        subject,
                        item,
                        (Some(short(&was.ty)), None),
                        message,
                    );
                }
                Matched::Both(was, np) => self.param(n, subject, was, np, &call),
            }
        }
        self.argument_order(o, n, subject);
    }

    /// One matched parameter.
    fn param(&mut self, n: &Operation, subject: &Subject, was: &Param, np: &Param, call: &str) {
        let loc = np.location.as_str();
        let item = Self::param_item(n, np);
        let setter = |p: &Param| format!(".{}()", p.name);
        if np.location == generator::ir::ParamLocation::Path && was.wire != np.wire {
            self.push(
                Kind::PathParamRenamed,
                subject,
                item.clone(),
                (Some(was.wire.clone()), Some(np.wire.clone())),
                say::path_param_renamed(&was.wire, &np.wire),
            );
        }
        let required = |p: &Param| say::required_word(p.required);
        match (was.required, np.required) {
            (false, true) => self.push(
                Kind::ParamRequiredChanged,
                subject,
                item.clone(),
                (Some(required(was).into()), Some(required(np).into())),
                say::param_now_required(loc, &np.wire, &setter(was), &np.name, call),
            ),
            (true, false) => self.push(
                Kind::ParamRequiredChanged,
                subject,
                item.clone(),
                (Some(required(was).into()), Some(required(np).into())),
                say::param_now_optional(loc, &np.wire, &was.name, &setter(np), call),
            ),
            (false, false) if was.name != np.name => self.push(
                Kind::SetterRenamed,
                subject,
                item.clone(),
                (Some(was.name.clone()), Some(np.name.clone())),
                say::setter_renamed(loc, &np.wire, &setter(was), &setter(np)),
            ),
            _ => {}
        }
        let mut found = Found::new();
        if self.types.same_shape(&was.ty, &np.ty, &mut found) {
            self.types.meet(found);
        } else {
            let (a, b) = (short(&was.ty), short(&np.ty));
            let message = say::param_retyped(loc, &np.wire, &a, &b);
            self.push(
                Kind::ParamTypeChanged,
                subject,
                item,
                (Some(a), Some(b)),
                message,
            );
        }
    }

    /// Arguments that stay arguments must keep their order.
    fn argument_order(&mut self, o: &Operation, n: &Operation, subject: &Subject) {
        let kept = |ours: &Operation, theirs: &Operation| -> Vec<(u8, String)> {
            let theirs: Vec<(u8, String)> = theirs
                .params
                .iter()
                .filter(|p| p.required)
                .map(|p| param_key(theirs, p))
                .collect();
            ours.params
                .iter()
                .filter(|p| p.required)
                .map(|p| param_key(ours, p))
                .filter(|k| theirs.contains(k))
                .collect()
        };
        let (old_order, new_order) = (kept(o, n), kept(n, o));
        if old_order == new_order {
            return;
        }
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
        let message = say::arguments_reordered(&a, &b);
        self.push(
            Kind::ArgumentOrderChanged,
            subject,
            n.call.path(),
            (Some(a), Some(b)),
            message,
        );
    }

    fn body(&mut self, o: &Operation, n: &Operation, subject: &Subject) {
        // The body's item: the method (an argument) or its `.body()` setter.
        let item = |op: &Operation, b: &Body| {
            if b.required {
                op.call.path()
            } else {
                setter_path(op, "body")
            }
        };
        let slot = |b: &Body| say::body_slot(b.required, &short(&b.ty));
        let required = |b: &Body| say::required_word(b.required);
        match (o.body.as_ref(), n.body.as_ref()) {
            (None, None) => {}
            (None, Some(b)) => {
                let kind = if b.required {
                    Kind::RequiredBodyAdded
                } else {
                    Kind::OptionalBodyAdded
                };
                let message = format!("new {} request body: {}", required(b), slot(b));
                self.push(
                    kind,
                    subject,
                    item(n, b),
                    (None, Some(short(&b.ty))),
                    message,
                );
            }
            (Some(b), None) => {
                let message = format!("request body removed: {} is gone", slot(b));
                self.push(
                    Kind::BodyRemoved,
                    subject,
                    item(o, b),
                    (Some(short(&b.ty)), None),
                    message,
                );
            }
            (Some(a), Some(b)) => {
                let now = item(n, b);
                if a.required != b.required {
                    let message = format!(
                        "request body is now {}: {} became {}",
                        required(b),
                        slot(a),
                        slot(b)
                    );
                    self.push(
                        Kind::BodyRequiredChanged,
                        subject,
                        now.clone(),
                        (Some(required(a).into()), Some(required(b).into())),
                        message,
                    );
                }
                let mut found = Found::new();
                if self.types.same_shape(&a.ty, &b.ty, &mut found) {
                    self.types.meet(found);
                } else {
                    let (x, y) = (short(&a.ty), short(&b.ty));
                    let message = format!("request body: {} → {}", code(&x), code(&y));
                    self.push(
                        Kind::BodyTypeChanged,
                        subject,
                        now.clone(),
                        (Some(x), Some(y)),
                        message,
                    );
                }
                if a.media != b.media {
                    let (x, y) = (say::media(a.media), say::media(b.media));
                    let message =
                        format!("request body is now sent as {y} (was {x}); same Rust type");
                    self.push(
                        Kind::BodyMediaChanged,
                        subject,
                        now,
                        (Some(x.to_owned()), Some(y.to_owned())),
                        message,
                    );
                }
            }
        }
    }

    fn response(&mut self, o: &Operation, n: &Operation, subject: &Subject) {
        use generator::ir::Output;
        let item = n.call.path();
        let mut found = Found::new();
        let same = match (&o.call.output, &n.call.output) {
            (Output::Json(a), Output::Json(b)) => self.types.same_shape(a, b, &mut found),
            (a, b) => a == b,
        };
        if same {
            self.types.meet(found);
        } else {
            let (a, b) = (
                rust::output(&o.call.output, Paths::Short),
                rust::output(&n.call.output, Paths::Short),
            );
            let message = say::response_retyped(&a, &b);
            self.push(
                Kind::ResponseTypeChanged,
                subject,
                item.clone(),
                (Some(a), Some(b)),
                message,
            );
        }
        let (ok, nk) = (o.response.kind, n.response.kind);
        if same && ok != nk {
            let now = nk == generator::ir::ResponseKind::Envelope;
            self.push(
                Kind::ResponseEnvelopeChanged,
                subject,
                item.clone(),
                (None, None),
                say::envelope(now),
            );
        }
        let status = |s: Option<u16>| s.map_or("none".to_owned(), |s| code(&s.to_string()));
        let success = match (o.response.status, n.response.status) {
            (Some(a), None) => Some((
                Kind::SuccessResponseRemoved,
                format!(
                    "the spec no longer documents a success response (was {}): what the call returns is not described",
                    status(Some(a))
                ),
            )),
            (None, Some(b)) => Some((
                Kind::SuccessResponseAdded,
                format!("a success response is now documented ({})", status(Some(b))),
            )),
            (Some(a), Some(b)) if a != b => Some((
                Kind::SuccessStatusChanged,
                format!("success status {} → {}", status(Some(a)), status(Some(b))),
            )),
            _ => None,
        };
        if let Some((kind, message)) = success {
            let (a, b) = (
                o.response.status.map(|s| s.to_string()),
                n.response.status.map(|s| s.to_string()),
            );
            self.push(kind, subject, item.clone(), (a, b), message);
        }
        if o.paginated != n.paginated {
            self.push(
                Kind::PaginationChanged,
                subject,
                item,
                (None, None),
                say::pagination(n.paginated),
            );
        }
    }

    /// Compares every type: the pairs met from matched operations, then
    /// every type both crates have by name, then what is left (renamed when
    /// one old and one new type have the same shape, else removed or
    /// added). Appends the type changes sorted by type name.
    fn types(&mut self) {
        let mut per_pair: Vec<Vec<Change>> = Vec::new();
        self.drain(&mut per_pair);
        let common: Vec<String> = self
            .old
            .types
            .iter()
            .filter(|t| self.new.type_def(&t.name).is_some())
            .map(|t| t.name.clone())
            .collect();
        for name in common {
            self.types.pair(name.clone(), name);
        }
        self.drain(&mut per_pair);
        let (removed, added) = self.types.unpaired();
        for (old, new) in matching::renamed(self.old, self.new, &removed, &added) {
            self.types.pair(old, new);
        }
        self.drain(&mut per_pair);
        let (removed, added) = self.types.unpaired();
        let mut order: Vec<usize> = (0..per_pair.len())
            .filter(|&i| !per_pair[i].is_empty())
            .collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.types.pairs[a], &self.types.pairs[b]);
            (&a.new, &a.old).cmp(&(&b.new, &b.old))
        });
        let mut out: Vec<(String, Change)> = Vec::new();
        for index in order {
            let pair = &self.types.pairs[index];
            let subject = self.type_subject(&pair.new, Some(&pair.old));
            for mut c in std::mem::take(&mut per_pair[index]) {
                c.subject = subject.clone();
                out.push((pair.new.clone(), c));
            }
        }
        for name in &removed {
            let subject = Subject::Type {
                name: name.clone(),
                old_name: None,
                used_by: Vec::new(),
            };
            let message = format!("type {} removed", code(name));
            let c = change(
                Kind::TypeRemoved,
                &subject,
                name.clone(),
                (Some(name.clone()), None),
                message,
            );
            out.push((name.clone(), c));
        }
        for name in &added {
            let subject = self.type_subject(name, None);
            let message = format!("new type {}", code(name));
            let c = change(
                Kind::TypeAdded,
                &subject,
                name.clone(),
                (None, Some(name.clone())),
                message,
            );
            out.push((name.clone(), c));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        self.changes.extend(out.into_iter().map(|(_, c)| c));
    }

    /// Compares the queued pairs; `per_pair[i]` gets pair `i`'s changes.
    fn drain(&mut self, per_pair: &mut Vec<Vec<Change>>) {
        while let Some(index) = self.types.next() {
            let (changes, found) = self.compare_pair(index);
            self.types.children(index, found);
            if per_pair.len() <= index {
                per_pair.resize_with(index + 1, Vec::new);
            }
            per_pair[index] = changes;
        }
        per_pair.resize_with(self.types.pairs.len(), Vec::new);
    }

    /// A type as the subject of changes: its name (and old name), and the
    /// operations of the new crate that use it (from the IR).
    fn type_subject(&self, name: &str, old_name: Option<&str>) -> Subject {
        let used_by = self
            .new
            .type_def(name)
            .map(|t| {
                t.uses
                    .iter()
                    .filter_map(|u| {
                        Some(Use {
                            call: self.new.operations.get(u.operation)?.call.path(),
                            direction: u.direction,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Subject::Type {
            name: name.to_owned(),
            old_name: old_name.filter(|o| *o != name).map(str::to_owned),
            used_by,
        }
    }

    /// The changes inside one pair (their subject filled in by [`Self::types`]),
    /// and the pairs met inside it.
    fn compare_pair(&self, index: usize) -> (Vec<Change>, Found) {
        let pair = &self.types.pairs[index];
        let mut found = Found::new();
        let mut changes = Vec::new();
        let (Some(o), Some(n)) = (self.old.type_def(&pair.old), self.new.type_def(&pair.new))
        else {
            return (changes, found);
        };
        let placeholder = Subject::Client;
        if pair.old != pair.new {
            let message = format!("type {} is now {}", code(&pair.old), code(&pair.new));
            changes.push(change(
                Kind::TypeRenamed,
                &placeholder,
                pair.old.clone(),
                (Some(pair.old.clone()), Some(pair.new.clone())),
                message,
            ));
        }
        // Removed members are named in the old crate, the rest in the new one.
        let ty = (pair.old.as_str(), pair.new.as_str());
        match (&o.kind, &n.kind) {
            (
                TypeKind::Struct {
                    fields: of,
                    additional: oa,
                    defaultable: od,
                    ..
                },
                TypeKind::Struct {
                    fields: nf,
                    additional: na,
                    defaultable: nd,
                    ..
                },
            ) => {
                self.fields(ty, of, nf, &mut found, &mut changes);
                self.additional(ty, oa.as_ref(), na.as_ref(), &mut found, &mut changes);
                changes.extend(default_change(&pair.new, *od, *nd));
            }
            (
                TypeKind::Enum {
                    variants: ov,
                    repr: or,
                },
                TypeKind::Enum {
                    variants: nv,
                    repr: nr,
                },
            ) if or == nr => {
                enum_values(ty, ov, nv, self.in_responses(&pair.new), &mut changes);
            }
            (
                TypeKind::Union {
                    variants: ov,
                    tag: ot,
                },
                TypeKind::Union {
                    variants: nv,
                    tag: nt,
                },
            ) => {
                self.union_variants(ty, ov, nv, &mut found, &mut changes);
                changes.extend(union_tag_change(
                    &pair.old,
                    &pair.new,
                    ot.as_ref(),
                    nt.as_ref(),
                ));
            }
            (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) => {
                let mut inner = Found::new();
                if self.types.same_shape(a, b, &mut inner) {
                    found.extend(inner);
                } else {
                    let (x, y) = (short(a), short(b));
                    let message = format!("`type {} = {x}` is now `= {y}`", pair.new);
                    changes.push(change(
                        Kind::AliasChanged,
                        &placeholder,
                        pair.new.clone(),
                        (Some(x), Some(y)),
                        message,
                    ));
                }
            }
            (a, b) => {
                let (x, y) = (kind_word(a), kind_word(b));
                let message = format!("{} was {x}, is now {y}", code(&pair.new));
                changes.push(change(
                    Kind::TypeKindChanged,
                    &placeholder,
                    pair.new.clone(),
                    (Some(x.into()), Some(y.into())),
                    message,
                ));
            }
        }
        (changes, found)
    }

    /// Does the new crate decode this type from responses?
    fn in_responses(&self, name: &str) -> bool {
        self.new
            .type_def(name)
            .is_some_and(|t| t.uses.iter().any(|u| u.direction == Direction::Response))
    }

    fn fields(
        &self,
        (old_ty, ty): (&str, &str),
        old: &[Field],
        new: &[Field],
        found: &mut Found,
        changes: &mut Vec<Change>,
    ) {
        let placeholder = Subject::Client;
        for m in by_key(old, new, |f| f.wire.clone()) {
            match m {
                Matched::Added(nf) => {
                    let item = member_path(ty, &nf.name);
                    let t = rust::field(nf, Paths::Short);
                    let kind = if nf.optional {
                        Kind::OptionalFieldAdded
                    } else {
                        Kind::RequiredFieldAdded
                    };
                    let had_new = old.iter().any(Field::in_constructor);
                    let message = say::field_added(!nf.optional, had_new, &item, &t, ty);
                    changes.push(change(kind, &placeholder, item, (None, Some(t)), message));
                }
                Matched::Removed(of) => {
                    let item = member_path(old_ty, &of.name);
                    let t = rust::field(of, Paths::Short);
                    let message = say::removed("field", &item, &t);
                    changes.push(change(
                        Kind::FieldRemoved,
                        &placeholder,
                        item,
                        (Some(t), None),
                        message,
                    ));
                }
                Matched::Both(of, nf) => {
                    changes.extend(self.field(ty, of, nf, found));
                }
            }
        }
    }

    /// A matched field: renamed in Rust, retyped, optional ↔ required, or
    /// listed as required or not.
    fn field(&self, ty: &str, of: &Field, nf: &Field, found: &mut Found) -> Vec<Change> {
        let placeholder = Subject::Client;
        let item = member_path(ty, &nf.name);
        let mut out = Vec::new();
        if of.name != nf.name {
            let message = say::renamed_member("field", &nf.wire, &item, &member_path(ty, &of.name));
            out.push(change(
                Kind::FieldRenamed,
                &placeholder,
                item.clone(),
                (Some(of.name.clone()), Some(nf.name.clone())),
                message,
            ));
        }
        let (a, b) = (rust::field(of, Paths::Short), rust::field(nf, Paths::Short));
        let mut inner = Found::new();
        let same_inner = self.types.same_shape(&of.ty, &nf.ty, &mut inner) && of.boxed == nf.boxed;
        if same_inner {
            found.extend(inner);
        }
        let (kind, message) = if !same_inner {
            (Kind::FieldTypeChanged, say::retyped(&item, &a, &b))
        } else if of.optional != nf.optional {
            let (kind, now) = match (nf.optional, nf.required) {
                (true, true) => (Kind::FieldNowOptional, "nullable"),
                (true, false) => (Kind::FieldNowOptional, "optional"),
                (false, _) => (Kind::FieldNowRequired, "required"),
            };
            (kind, say::field_optionality(&item, now, &a, &b))
        } else if of.required != nf.required && nf.optional {
            (
                Kind::FieldNullHandling,
                say::null_handling(&item, nf.required),
            )
        } else {
            return out;
        };
        out.push(change(
            kind,
            &placeholder,
            item,
            (Some(a), Some(b)),
            message,
        ));
        out
    }

    fn additional(
        &self,
        (old_ty, ty): (&str, &str),
        old: Option<&generator::ir::TypeRef>,
        new: Option<&generator::ir::TypeRef>,
        found: &mut Found,
        changes: &mut Vec<Change>,
    ) {
        let item = member_path(ty, "additional_properties");
        let old_item = member_path(old_ty, "additional_properties");
        let map = |t: &generator::ir::TypeRef| format!("BTreeMap<String, {}>", short(t));
        let (kind, old_new, message) = match (old, new) {
            (None, None) => return,
            (None, Some(t)) => (
                Kind::AdditionalPropertiesAdded,
                (None, Some(map(t))),
                say::additional_added(&item, &map(t)),
            ),
            (Some(t), None) => (
                Kind::AdditionalPropertiesRemoved,
                (Some(map(t)), None),
                say::removed("field", &item, &map(t)),
            ),
            (Some(a), Some(b)) => {
                let mut inner = Found::new();
                if self.types.same_shape(a, b, &mut inner) {
                    found.extend(inner);
                    return;
                }
                (
                    Kind::AdditionalPropertiesTypeChanged,
                    (Some(map(a)), Some(map(b))),
                    say::retyped(&item, &map(a), &map(b)),
                )
            }
        };
        let item = if kind == Kind::AdditionalPropertiesRemoved {
            old_item
        } else {
            item
        };
        changes.push(change(kind, &Subject::Client, item, old_new, message));
    }

    fn union_variants(
        &self,
        (old_ty, ty): (&str, &str),
        old: &[UnionVariant],
        new: &[UnionVariant],
        found: &mut Found,
        changes: &mut Vec<Change>,
    ) {
        let placeholder = Subject::Client;
        let shown = |ty: &str, v: &UnionVariant| format!("{ty}::{}({})", v.name, short(&v.ty));
        for m in matching::variants(old, new) {
            match m {
                Matched::Added(nv) => changes.push(change(
                    Kind::UnionVariantAdded,
                    &placeholder,
                    member_path(ty, &nv.name),
                    (None, Some(short(&nv.ty))),
                    say::variant_added(&shown(ty, nv)),
                )),
                Matched::Removed(ov) => changes.push(change(
                    Kind::UnionVariantRemoved,
                    &placeholder,
                    member_path(old_ty, &ov.name),
                    (Some(short(&ov.ty)), None),
                    say::variant_removed(&shown(old_ty, ov)),
                )),
                Matched::Both(ov, nv) => {
                    let mut inner = Found::new();
                    if self.types.same_shape(&ov.ty, &nv.ty, &mut inner) {
                        found.extend(inner);
                    } else {
                        let item = member_path(ty, &nv.name);
                        let (a, b) = (short(&ov.ty), short(&nv.ty));
                        let message = say::retyped(&item, &a, &b);
                        changes.push(change(
                            Kind::UnionVariantTypeChanged,
                            &placeholder,
                            item,
                            (Some(a), Some(b)),
                            message,
                        ));
                    }
                }
            }
        }
    }
}

/// What kind of type a definition is, in a few words.
fn kind_word(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct { .. } => "a struct",
        TypeKind::Enum {
            repr: generator::ir::EnumRepr::String,
            ..
        } => "an enum of strings",
        TypeKind::Enum { .. } => "an enum of integers",
        TypeKind::Union { .. } => "a union",
        TypeKind::Alias { .. } => "an alias",
    }
}

/// Enum values by wire value.
fn enum_values(
    (old_ty, ty): (&str, &str),
    old: &[Variant],
    new: &[Variant],
    decoded: bool,
    changes: &mut Vec<Change>,
) {
    let placeholder = Subject::Client;
    for m in by_key(old, new, |v| v.wire.clone()) {
        match m {
            Matched::Added(nv) => {
                let item = member_path(ty, &nv.name);
                let message = say::enum_value_added(&nv.wire, &item, ty, decoded);
                changes.push(change(
                    Kind::EnumValueAdded,
                    &placeholder,
                    item,
                    (None, Some(nv.wire.clone())),
                    message,
                ));
            }
            Matched::Removed(ov) => {
                let item = member_path(old_ty, &ov.name);
                let message = say::enum_value_removed(&ov.wire, &item);
                changes.push(change(
                    Kind::EnumValueRemoved,
                    &placeholder,
                    item,
                    (Some(ov.wire.clone()), None),
                    message,
                ));
            }
            Matched::Both(ov, nv) if ov.name != nv.name => {
                let item = member_path(ty, &nv.name);
                let message = say::renamed_member(
                    "enum value",
                    &format!("{:?}", nv.wire),
                    &item,
                    &member_path(ty, &ov.name),
                );
                changes.push(change(
                    Kind::EnumVariantRenamed,
                    &placeholder,
                    item,
                    (Some(ov.name.clone()), Some(nv.name.clone())),
                    message,
                ));
            }
            Matched::Both(..) => {}
        }
    }
}
