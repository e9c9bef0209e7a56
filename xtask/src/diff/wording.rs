//! Wording: the one Markdown sentence each change carries. Verdicts are not
//! decided here ([`super::kinds`]), nor what matches what ([`super::matching`]).

use generator::ir::{Auth, BodyMedia, Operation};

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

pub(crate) fn auth(a: &Auth) -> String {
    match a {
        Auth::None => "none".to_owned(),
        Auth::Bearer => "bearer token".to_owned(),
        Auth::Basic => "basic".to_owned(),
        Auth::ApiKeyHeader { name } => format!("API key in header {}", code(name)),
        Auth::ApiKeyQuery { name } => format!("API key in query {}", code(name)),
    }
}

pub(crate) fn base_url(u: &Option<String>) -> String {
    u.as_deref().map_or("none".to_owned(), code)
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

pub(crate) fn required_param_added(loc: &str, wire: &str, arg: &str, call: &str) -> String {
    format!(
        "new required {loc} parameter {}: new argument {}; now {}",
        code(wire),
        code(arg),
        code(call)
    )
}

pub(crate) fn optional_param_added(loc: &str, wire: &str, setter: &str) -> String {
    format!(
        "new optional {loc} parameter {}: new setter {}",
        code(wire),
        code(setter)
    )
}

pub(crate) fn path_param_renamed(old: &str, new: &str) -> String {
    format!(
        "path parameter {} is now {} (same position: arguments are positional)",
        code(&format!("{{{old}}}")),
        code(&format!("{{{new}}}"))
    )
}

pub(crate) fn param_now_required(
    loc: &str,
    wire: &str,
    setter: &str,
    arg: &str,
    call: &str,
) -> String {
    format!(
        "{loc} parameter {} is now required: the setter {} became the argument {}; now {}",
        code(wire),
        code(setter),
        code(arg),
        code(call)
    )
}

pub(crate) fn param_now_optional(
    loc: &str,
    wire: &str,
    arg: &str,
    setter: &str,
    call: &str,
) -> String {
    format!(
        "{loc} parameter {} is now optional: the argument {} became the setter {}; now {}",
        code(wire),
        code(arg),
        code(setter),
        code(call)
    )
}

pub(crate) fn setter_renamed(loc: &str, wire: &str, old: &str, new: &str) -> String {
    format!(
        "the setter for {loc} parameter {} is now {} (was {})",
        code(wire),
        code(new),
        code(old)
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

pub(crate) fn param_removed(loc: &str, wire: &str, gone: &str, call: &str) -> String {
    format!(
        "{loc} parameter {} removed: {gone} is gone; now {}",
        code(wire),
        code(call)
    )
}

pub(crate) fn arguments_reordered(old: &str, new: &str) -> String {
    format!(
        "arguments reordered: {} → {} (calls may still compile with swapped values)",
        code(old),
        code(new)
    )
}

/// Where a body goes: the argument or the setter.
pub(crate) fn body_slot(required: bool, ty: &str) -> String {
    if required {
        format!("the argument `body: {ty}`")
    } else {
        format!("the setter `.body({ty})`")
    }
}

pub(crate) fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
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

pub(crate) fn renamed_member(what: &str, wire: &str, item: &str, old_item: &str) -> String {
    format!(
        "{what} {} is now {} in Rust (was {})",
        code(wire),
        code(item),
        code(old_item)
    )
}

pub(crate) fn field_optionality(item: &str, now: &str, old: &str, new: &str) -> String {
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

pub(crate) fn variant_added(shown: &str) -> String {
    format!("new variant {}", code(shown))
}

pub(crate) fn variant_removed(shown: &str) -> String {
    format!("variant {} removed", code(shown))
}
