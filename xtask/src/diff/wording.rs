//! Wording: the one Markdown sentence each change carries, and the words
//! and Rust snippets the sentences and the before/after values share. Every
//! sentence of the report's changes is written here; verdicts are not
//! decided here ([`super::kinds`]), nor what matches what
//! ([`super::matching`]), nor what is an argument or a setter (the IR's
//! call, read by [`super::surface`]): the callers say which.

use generator::ir::{BodyMedia, EnumRepr, Operation, TypeKind};

/// `code` for Markdown: backticks inside would end the span.
pub(crate) fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// `GET /api/users`
pub(crate) fn route(op: &Operation) -> String {
    code(&format!("{} {}", op.method.as_str(), op.path))
}

pub(crate) fn media(m: BodyMedia) -> &'static str {
    match m {
        BodyMedia::Json => "JSON",
        BodyMedia::Form => "form data",
        BodyMedia::Multipart => "multipart form data",
        BodyMedia::Text => "text",
        BodyMedia::Bytes => "raw bytes",
    }
}

pub(crate) fn base_url(u: &Option<String>) -> String {
    u.as_deref().map_or("none".to_owned(), code)
}

pub(crate) fn scheme_added(name: &str, what: &str) -> String {
    format!("security scheme {} added: {what}", code(name))
}

pub(crate) fn scheme_removed(name: &str) -> String {
    format!("security scheme {} removed", code(name))
}

pub(crate) fn scheme_changed(name: &str, old: &str, new: &str) -> String {
    format!("security scheme {}: {old} → {new}", code(name))
}

/// `old` and `new` as `Security::describe` words them.
pub(crate) fn default_auth_changed(old: &str, new: &str) -> String {
    format!("authentication of operations that state none: {old} → {new}")
}

pub(crate) fn operation_auth_changed(old: &str, new: &str) -> String {
    format!("authentication: {old} → {new}")
}

pub(crate) fn setup_added(item: &str, signature: &str) -> String {
    format!("{} added: {}", code(item), code(signature))
}

pub(crate) fn setup_removed(item: &str) -> String {
    format!("{} is gone", code(item))
}

pub(crate) fn base_url_changed(old: &Option<String>, new: &Option<String>) -> String {
    format!("default base URL: {} → {}", base_url(old), base_url(new))
}

/// `a: x → y`
pub(crate) fn retyped(item: &str, old: &str, new: &str) -> String {
    format!("{}: {} → {}", code(item), code(old), code(new))
}

pub(crate) fn operation_removed(op: &Operation, call: &str) -> String {
    format!(
        "removed {} ({}): {} is gone",
        route(op),
        code(&op.id),
        code(call)
    )
}

pub(crate) fn operation_added(op: &Operation, call: &str) -> String {
    format!("added {} ({}): {}", route(op), code(&op.id), code(call))
}

/// A matched operation whose id, route, tag or call changed.
pub(crate) fn operation_identity(
    o: &Operation,
    n: &Operation,
    (old_tag, new_tag): (&str, &str),
    (old_call, new_call): (&str, &str),
    route_changed: bool,
) -> String {
    let id_changed = o.id != n.id;
    let mut what = Vec::new();
    if id_changed {
        what.push(format!("operationId {} → {}", code(&o.id), code(&n.id)));
    }
    if route_changed {
        what.push(format!("{} → {}", route(o), route(n)));
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
    let rust = if old_call != new_call {
        format!("{} → {}", code(old_call), code(new_call))
    } else {
        format!("the Rust call {} is unchanged", code(new_call))
    };
    let renamed = id_changed || !(route_changed || old_tag != new_tag);
    let verb = if renamed { "renamed" } else { "moved" };
    let what_op = if id_changed { route(n) } else { code(&n.id) };
    format!("{verb} {what_op}: {}; {rust}", what.join(", "))
}

pub(crate) fn deprecated(now: bool) -> String {
    if now {
        "now deprecated: calls warn"
    } else {
        "no longer deprecated"
    }
    .to_owned()
}

/// `.limit()`: a setter as the sentences name it.
fn setter(name: &str) -> String {
    format!(".{name}()")
}

/// A new parameter the call takes as the argument `name: ty`.
pub(crate) fn required_param_added(
    loc: &str,
    wire: &str,
    (name, ty): (&str, &str),
    call: &str,
) -> String {
    format!(
        "new required {loc} parameter {}: new argument {}; now {}",
        code(wire),
        code(&format!("{name}: {ty}")),
        code(call)
    )
}

/// A new parameter the call takes through the setter `.name(ty)`.
pub(crate) fn optional_param_added(loc: &str, wire: &str, (name, ty): (&str, &str)) -> String {
    format!(
        "new optional {loc} parameter {}: new setter {}",
        code(wire),
        code(&format!(".{name}({ty})"))
    )
}

pub(crate) fn path_param_renamed(old: &str, new: &str) -> String {
    format!(
        "path parameter {} is now {} (same position: arguments are positional)",
        code(&format!("{{{old}}}")),
        code(&format!("{{{new}}}"))
    )
}

/// The setter `old_setter` became the argument `arg`.
pub(crate) fn param_now_required(
    loc: &str,
    wire: &str,
    old_setter: &str,
    arg: &str,
    call: &str,
) -> String {
    format!(
        "{loc} parameter {} is now required: the setter {} became the argument {}; now {}",
        code(wire),
        code(&setter(old_setter)),
        code(arg),
        code(call)
    )
}

/// The argument `old_arg` became the setter `new_setter`.
pub(crate) fn param_now_optional(
    loc: &str,
    wire: &str,
    old_arg: &str,
    new_setter: &str,
    call: &str,
) -> String {
    format!(
        "{loc} parameter {} is now optional: the argument {} became the setter {}; now {}",
        code(wire),
        code(old_arg),
        code(&setter(new_setter)),
        code(call)
    )
}

/// Setter names, without the dot and parentheses.
pub(crate) fn setter_renamed(loc: &str, wire: &str, old: &str, new: &str) -> String {
    format!(
        "the setter for {loc} parameter {} is now {} (was {})",
        code(wire),
        code(&setter(new)),
        code(&setter(old))
    )
}

pub(crate) fn param_retyped(loc: &str, wire: &str, old: &str, new: &str) -> String {
    format!(
        "{loc} parameter {}: {} → {}",
        code(wire),
        code(old),
        code(new)
    )
}

/// A parameter the old call took as the argument or setter `name`.
pub(crate) fn param_removed(
    loc: &str,
    wire: &str,
    (name, argument): (&str, bool),
    call: &str,
) -> String {
    let gone = if argument {
        format!("the argument {}", code(name))
    } else {
        format!("the setter {}", code(&setter(name)))
    };
    format!(
        "{loc} parameter {} removed: {gone} is gone; now {}",
        code(wire),
        code(call)
    )
}

/// `(account, id)`: arguments by name, in order.
pub(crate) fn argument_list(names: &[&str]) -> String {
    format!("({})", names.join(", "))
}

/// Argument lists as [`argument_list`] writes them.
pub(crate) fn arguments_reordered(old: &str, new: &str) -> String {
    format!(
        "arguments reordered: {} → {} (calls may still compile with swapped values)",
        code(old),
        code(new)
    )
}

/// Where a body goes: the argument or the setter `name`.
fn body_slot((name, ty): (&str, &str), argument: bool) -> String {
    if argument {
        format!("the argument `{name}: {ty}`")
    } else {
        format!("the setter `.{name}({ty})`")
    }
}

/// What is taken as an argument is required; through a setter, optional.
pub(crate) fn required_word(argument: bool) -> &'static str {
    if argument {
        "required"
    } else {
        "optional"
    }
}

/// A new body, taken as the argument or setter `name`.
pub(crate) fn body_added(name_ty: (&str, &str), argument: bool) -> String {
    format!(
        "new {} request body: {}",
        required_word(argument),
        body_slot(name_ty, argument)
    )
}

pub(crate) fn body_removed(name_ty: (&str, &str), argument: bool) -> String {
    format!(
        "request body removed: {} is gone",
        body_slot(name_ty, argument)
    )
}

/// The body moved between the arguments and the setters.
pub(crate) fn body_required_changed(
    (old, old_argument): ((&str, &str), bool),
    (new, argument): ((&str, &str), bool),
) -> String {
    format!(
        "request body is now {}: {} became {}",
        required_word(argument),
        body_slot(old, old_argument),
        body_slot(new, argument)
    )
}

pub(crate) fn body_retyped(old: &str, new: &str) -> String {
    format!("request body: {} → {}", code(old), code(new))
}

/// Media types as [`media`] words them.
pub(crate) fn body_media_changed(old: &str, new: &str) -> String {
    format!("request body is now sent as {new} (was {old}); same Rust type")
}

pub(crate) fn envelope(now: bool) -> String {
    if now {
        "the response is now read from a `{data, _meta}` envelope; same Rust type"
    } else {
        "the response is no longer a `{data, _meta}` envelope; same Rust type"
    }
    .to_owned()
}

pub(crate) fn pagination(now: bool) -> String {
    if now {
        "now paginated"
    } else {
        "no longer paginated"
    }
    .to_owned()
}

pub(crate) fn success_removed(status: u16) -> String {
    format!(
        "the spec no longer documents a success response (was {}): what the call returns is not described",
        code(&status.to_string())
    )
}

pub(crate) fn success_added(status: u16) -> String {
    format!(
        "a success response is now documented ({})",
        code(&status.to_string())
    )
}

pub(crate) fn success_status(old: u16, new: u16) -> String {
    format!(
        "success status {} → {}",
        code(&old.to_string()),
        code(&new.to_string())
    )
}

pub(crate) fn response_retyped(old: &str, new: &str) -> String {
    format!(
        "response: {} → {}",
        code(&format!("Response<{old}>")),
        code(&format!("Response<{new}>"))
    )
}

/// `had_new`: the type already had a `new(..)` (a required field).
pub(crate) fn field_added(
    required: bool,
    had_new: bool,
    item: &str,
    ty: &str,
    type_name: &str,
) -> String {
    let field = code(&format!("{item}: {ty}"));
    if required && had_new {
        format!("new required field {field}: `{type_name}::new` takes one more argument")
    } else if required {
        format!(
            "new required field {field}: `{type_name}` is now built with `{type_name}::new(..)`"
        )
    } else {
        format!("new optional field {}", code(&format!("{item}: {ty}")))
    }
}

pub(crate) fn field_renamed(wire: &str, item: &str, old_item: &str) -> String {
    renamed_member("field", wire, item, old_item)
}

pub(crate) fn enum_value_renamed(wire: &str, item: &str, old_item: &str) -> String {
    renamed_member("enum value", &format!("{wire:?}"), item, old_item)
}

fn renamed_member(what: &str, wire: &str, item: &str, old_item: &str) -> String {
    format!(
        "{what} {} is now {} in Rust (was {})",
        code(wire),
        code(item),
        code(old_item)
    )
}

/// A field that became optional (`nullable` when still listed as required)
/// or required.
pub(crate) fn field_optionality(
    item: &str,
    (optional, listed): (bool, bool),
    old: &str,
    new: &str,
) -> String {
    let now = match (optional, listed) {
        (true, true) => "nullable",
        (true, false) => "optional",
        (false, _) => "required",
    };
    format!("{} is now {now}: {} → {}", code(item), code(old), code(new))
}

pub(crate) fn null_handling(item: &str, listed: bool) -> String {
    let now = if listed {
        "is now listed as required: `None` is sent as `null` (was left out)"
    } else {
        "is no longer listed as required: `None` is left out (was sent as `null`)"
    };
    format!("{} {now}; same Rust type", code(item))
}

pub(crate) fn removed(what: &str, item: &str, ty: &str) -> String {
    format!("{what} {} removed", code(&format!("{item}: {ty}")))
}

pub(crate) fn additional_added(item: &str, map: &str) -> String {
    format!(
        "new field {}: properties not listed are kept",
        code(&format!("{item}: {map}"))
    )
}

/// `decoded`: responses carry the enum (else it is only sent).
pub(crate) fn enum_value_added(wire: &str, item: &str, ty: &str, decoded: bool) -> String {
    let run_time = if decoded {
        format!("responses with it used to decode as `{ty}::Unknown`, and now decode as the new variant")
    } else {
        "requests can now send it by name".to_owned()
    };
    format!(
        "new enum value {}: variant {} ({run_time})",
        code(&format!("{wire:?}")),
        code(item)
    )
}

pub(crate) fn enum_value_removed(wire: &str, item: &str) -> String {
    format!(
        "enum value {} removed: variant {} is gone",
        code(&format!("{wire:?}")),
        code(item)
    )
}

/// `User::Admin(Admin)`: a union variant with what it holds.
fn variant(ty: &str, name: &str, holds: &str) -> String {
    code(&format!("{ty}::{name}({holds})"))
}

pub(crate) fn variant_added(ty: &str, name: &str, holds: &str) -> String {
    format!("new variant {}", variant(ty, name, holds))
}

pub(crate) fn variant_removed(ty: &str, name: &str, holds: &str) -> String {
    format!("variant {} removed", variant(ty, name, holds))
}

/// A union no longer tagged: it loses its `Unknown(Value)` variant.
pub(crate) fn union_untagged(old: &str, new: &str) -> String {
    format!(
        "{} is no longer told apart by a tag: variant `{old}::Unknown(Value)` removed",
        code(new)
    )
}

/// A union now tagged by `property`: it gains an `Unknown(Value)` variant.
pub(crate) fn union_tagged(new: &str, property: &str) -> String {
    format!(
        "{} is now told apart by its `{property}`: new variant `{new}::Unknown(Value)` for tags this version does not know",
        code(new)
    )
}

pub(crate) fn default_impl(name: &str, now: bool) -> String {
    let message = if now {
        "now implements `Default`"
    } else {
        "no longer implements `Default`"
    };
    format!("{} {message}", code(name))
}

pub(crate) fn type_added(name: &str) -> String {
    format!("new type {}", code(name))
}

pub(crate) fn type_removed(name: &str) -> String {
    format!("type {} removed", code(name))
}

pub(crate) fn type_renamed(old: &str, new: &str) -> String {
    format!("type {} is now {}", code(old), code(new))
}

/// Targets as short Rust.
pub(crate) fn alias_changed(name: &str, old: &str, new: &str) -> String {
    format!("`type {name} = {old}` is now `= {new}`")
}

/// Kinds as [`kind_word`] words them.
pub(crate) fn type_kind_changed(name: &str, old: &str, new: &str) -> String {
    format!("{} was {old}, is now {new}", code(name))
}

/// What kind of type a definition is, in a few words.
pub(crate) fn kind_word(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct { .. } => "a struct",
        TypeKind::Enum {
            repr: EnumRepr::String,
            ..
        } => "an enum of strings",
        TypeKind::Enum { .. } => "an enum of integers",
        TypeKind::Union { .. } => "a union",
        TypeKind::Alias { .. } => "an alias",
    }
}
