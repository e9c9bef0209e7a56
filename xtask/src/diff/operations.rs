//! The operations of two APIs compared: which were added, removed, renamed
//! or moved, then each matched operation's parameters, body, response and
//! deprecation. Whether a parameter or the body is an argument or a setter,
//! its Rust name and the arguments' order are the call's
//! ([`super::surface`]); the types met on the way are queued as pairs for
//! [`super::types`].

use generator::ir::{Api, Body, Operation, Output, Param, ParamLocation, ResponseKind};
use generator::rust::{self, Paths};

use super::change::{change, short, Change, Subject};
use super::kinds::Kind;
use super::matching::{self, by_key, param_key, route_key, Found, Matched, TypePairs};
use super::surface::{self, Taken};
use super::wording as say;

/// The operation changes between `old` and `new`, in the report's order:
/// removed, renamed or moved, added, then each matched operation (new
/// document order). Types used by matched operations are met in `types`.
pub(crate) fn compare<'a>(old: &'a Api, new: &'a Api, types: &mut TypePairs<'a>) -> Vec<Change> {
    let ops = matching::operations(old, new);
    let mut c = Operations {
        old,
        new,
        types,
        changes: Vec::new(),
    };
    c.list(&ops);
    for &(o, n) in &ops.matched {
        c.operation(&old.operations[o], &new.operations[n]);
    }
    c.changes
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

/// How a parameter is matched across versions ([`param_key`]).
fn key(t: &Taken<Param>) -> (u8, String) {
    param_key(t.op, t.of)
}

/// The arguments in `ours` that `theirs` also takes as arguments, in
/// `ours`' order.
fn kept<'b, 'a>(
    ours: &'b [Taken<'a, Param>],
    theirs: &[Taken<'_, Param>],
) -> Vec<&'b Taken<'a, Param>> {
    let theirs: Vec<(u8, String)> = theirs.iter().map(key).collect();
    ours.iter().filter(|t| theirs.contains(&key(t))).collect()
}

struct Operations<'a, 't> {
    old: &'a Api,
    new: &'a Api,
    types: &'t mut TypePairs<'a>,
    changes: Vec<Change>,
}

impl Operations<'_, '_> {
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

    /// Added, removed, renamed and moved operations.
    fn list(&mut self, ops: &matching::OperationMatch) {
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
    fn operation(&mut self, o: &Operation, n: &Operation) {
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
        self.security(o, n, &subject);
    }

    /// What the operation requires, when it changed other than by following
    /// the API's default (reported once, for the client).
    fn security(&mut self, o: &Operation, n: &Operation, subject: &Subject) {
        let (old, new) = (&self.old.auth, &self.new.auth);
        if o.security == old.default && n.security == new.default {
            return;
        }
        let (a, b) = (
            o.security.describe(&old.schemes),
            n.security.describe(&new.schemes),
        );
        if a != b {
            let message = say::operation_auth_changed(&a, &b);
            self.push(
                Kind::AuthChanged,
                subject,
                n.call.path(),
                (Some(a), Some(b)),
                message,
            );
        }
    }

    fn params(&mut self, o: &Operation, n: &Operation, subject: &Subject) {
        let call = n.call.display();
        let (old, new) = (surface::params(o), surface::params(n));
        for m in by_key(&old, &new, key) {
            match m {
                Matched::Added(np) => {
                    let (loc, ty) = (np.of.location.as_str(), short(&np.input.ty));
                    let name_ty = (np.name(), ty.as_str());
                    let (kind, message) = if np.is_argument() {
                        let m = say::required_param_added(loc, &np.of.wire, name_ty, &call);
                        (Kind::RequiredParamAdded, m)
                    } else {
                        let m = say::optional_param_added(loc, &np.of.wire, name_ty);
                        (Kind::OptionalParamAdded, m)
                    };
                    self.push(kind, subject, np.item(), (None, Some(ty)), message);
                }
                Matched::Removed(was) => {
                    let loc = was.of.location.as_str();
                    let gone = (was.name(), was.is_argument());
                    let message = say::param_removed(loc, &was.of.wire, gone, &call);
                    self.push(
                        Kind::ParamRemoved,
                        subject,
                        was.item(),
                        (Some(short(&was.input.ty)), None),
                        message,
                    );
                }
                Matched::Both(was, np) => self.param(subject, was, np, &call),
            }
        }
        self.argument_order(o, n, subject);
    }

    /// One matched parameter.
    fn param(&mut self, subject: &Subject, was: &Taken<Param>, np: &Taken<Param>, call: &str) {
        let (loc, wire) = (np.of.location.as_str(), np.of.wire.as_str());
        let item = np.item();
        if np.of.location == ParamLocation::Path && was.of.wire != wire {
            self.push(
                Kind::PathParamRenamed,
                subject,
                item.clone(),
                (Some(was.of.wire.clone()), Some(wire.to_owned())),
                say::path_param_renamed(&was.of.wire, wire),
            );
        }
        let required = |t: &Taken<Param>| Some(say::required_word(t.is_argument()).to_owned());
        let role = match (was.is_argument(), np.is_argument()) {
            (false, true) => Some((
                Kind::ParamRequiredChanged,
                (required(was), required(np)),
                say::param_now_required(loc, wire, was.name(), np.name(), call),
            )),
            (true, false) => Some((
                Kind::ParamRequiredChanged,
                (required(was), required(np)),
                say::param_now_optional(loc, wire, was.name(), np.name(), call),
            )),
            (false, false) if was.name() != np.name() => Some((
                Kind::SetterRenamed,
                (Some(was.name().to_owned()), Some(np.name().to_owned())),
                say::setter_renamed(loc, wire, was.name(), np.name()),
            )),
            _ => None,
        };
        if let Some((kind, old_new, message)) = role {
            self.push(kind, subject, item.clone(), old_new, message);
        }
        let mut found = Found::new();
        if self
            .types
            .same_shape(&was.input.ty, &np.input.ty, &mut found)
        {
            self.types.meet(found);
        } else {
            let (a, b) = (short(&was.input.ty), short(&np.input.ty));
            let message = say::param_retyped(loc, wire, &a, &b);
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
        let (old, new) = (surface::argument_params(o), surface::argument_params(n));
        let (old_kept, new_kept) = (kept(&old, &new), kept(&new, &old));
        if old_kept
            .iter()
            .map(|t| key(t))
            .eq(new_kept.iter().map(|t| key(t)))
        {
            return;
        }
        let list = |kept: &[&Taken<Param>]| {
            let names: Vec<&str> = kept.iter().map(|t| t.name()).collect();
            say::argument_list(&names)
        };
        let (a, b) = (list(&old_kept), list(&new_kept));
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
        match (surface::body(o), surface::body(n)) {
            (None, None) => {}
            (None, Some(b)) => {
                let kind = if b.is_argument() {
                    Kind::RequiredBodyAdded
                } else {
                    Kind::OptionalBodyAdded
                };
                let ty = short(&b.input.ty);
                let message = say::body_added((b.name(), &ty), b.is_argument());
                self.push(kind, subject, b.item(), (None, Some(ty)), message);
            }
            (Some(b), None) => {
                let ty = short(&b.input.ty);
                let message = say::body_removed((b.name(), &ty), b.is_argument());
                self.push(
                    Kind::BodyRemoved,
                    subject,
                    b.item(),
                    (Some(ty), None),
                    message,
                );
            }
            (Some(a), Some(b)) => self.matched_body(subject, &a, &b),
        }
    }

    /// A body both calls take: moved between arguments and setters,
    /// retyped, or sent as another media type.
    fn matched_body(&mut self, subject: &Subject, a: &Taken<Body>, b: &Taken<Body>) {
        let now = b.item();
        let (x, y) = (short(&a.input.ty), short(&b.input.ty));
        if a.is_argument() != b.is_argument() {
            let message = say::body_required_changed(
                ((a.name(), &x), a.is_argument()),
                ((b.name(), &y), b.is_argument()),
            );
            let word = |t: &Taken<Body>| Some(say::required_word(t.is_argument()).to_owned());
            self.push(
                Kind::BodyRequiredChanged,
                subject,
                now.clone(),
                (word(a), word(b)),
                message,
            );
        }
        let mut found = Found::new();
        if self.types.same_shape(&a.input.ty, &b.input.ty, &mut found) {
            self.types.meet(found);
        } else {
            let message = say::body_retyped(&x, &y);
            self.push(
                Kind::BodyTypeChanged,
                subject,
                now.clone(),
                (Some(x), Some(y)),
                message,
            );
        }
        if a.of.media != b.of.media {
            let (x, y) = (say::media(a.of.media), say::media(b.of.media));
            self.push(
                Kind::BodyMediaChanged,
                subject,
                now,
                (Some(x.to_owned()), Some(y.to_owned())),
                say::body_media_changed(x, y),
            );
        }
    }

    fn response(&mut self, o: &Operation, n: &Operation, subject: &Subject) {
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
            self.push(
                Kind::ResponseEnvelopeChanged,
                subject,
                item.clone(),
                (None, None),
                say::envelope(nk == ResponseKind::Envelope),
            );
        }
        let success = match (o.response.status, n.response.status) {
            (Some(a), None) => Some((Kind::SuccessResponseRemoved, say::success_removed(a))),
            (None, Some(b)) => Some((Kind::SuccessResponseAdded, say::success_added(b))),
            (Some(a), Some(b)) if a != b => {
                Some((Kind::SuccessStatusChanged, say::success_status(a, b)))
            }
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
}
