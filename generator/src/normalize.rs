//! Normalization: repair the quirks real specs contain, on the raw JSON tree,
//! before `openapiv3` sees them.
//!
//! Each quirk has one [`Rule`], repaired by one function here. A rule that
//! fires leaves a [`Warning`] naming the rule and the JSON pointer of what it
//! changed (except silent rules, see [`Rule::warns`]). The rules are the
//! hooks of one visitor (`Repairs`) of the document's walk
//! (`walk::document`, in the 3.0 grammar): it visits every place a 3.0
//! reader reads a Schema Object (and the objects around them), so a
//! *property named* `properties` is never mistaken for the keyword.
//!
//! Before these rules, a Swagger 2.0, OpenAPI 3.1 or 3.2 document is brought
//! to the 3.0 layout ([`upgrade`]): `v20`, `v31` and `v32` rewrite the tree
//! (3.2 constructs `openapiv3` has no field for go into the extensions of
//! [`crate::extensions`], where the walk goes too), `refs` makes every
//! schema reference one the lowering can follow.
//!
//! The modules, leaves first (none imports one that imports it back, and
//! none imports an item of this file): `walk` (where things are in a 3.x
//! document), `log` (how every step warns), `tree` (helpers several steps
//! share); `refs`; `v20`, `v31` and `v32`; `upgrade` (the version, and which
//! upgrade runs); this file (the 3.0 repairs).

mod log;
mod refs;
mod tree;
pub mod upgrade;
mod v20;
mod v31;
mod v32;
mod walk;

pub use upgrade::{detect, upgrade, Version};

use crate::keywords::{
    BOUNDS, COUNTS, FLAGS, NUMBERS, SCHEMA_LISTS, SCHEMA_ONE_OR_FLAG, TEXTS, TYPES,
};
use crate::rules::{Rule, Warning};
use log::Log;
use serde_json::{Map, Value};
use tree::describe;
use walk::{Grammar, Visitor};

/// Apply every rule to the document in place.
pub fn normalize(doc: &mut Value, warnings: &mut Vec<Warning>) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let mut repairs = Repairs {
        log: Log::new(warnings),
    };
    walk::document(root, Grammar::V30, &mut repairs);
}

/// Every rule, at the objects it repairs.
struct Repairs<'w> {
    log: Log<'w>,
}

impl Visitor for Repairs<'_> {
    fn info(&mut self, doc: &mut Map<String, Value>) {
        info(doc, &mut self.log);
    }

    fn operation(&mut self, op: &mut Map<String, Value>, at: &[String]) {
        let log = &mut self.log;
        empty_operation_id(op, at, log);
        text_fields(op, &["summary", "description"], at, log);
        string_flag(op, "deprecated", at, log);
    }

    fn parameter(&mut self, p: &mut Map<String, Value>, at: &[String]) {
        if p.contains_key("$ref") {
            return;
        }
        let log = &mut self.log;
        text_fields(p, &["description"], at, log);
        parameter_without_schema(p, at, log);
        string_flag(p, "required", at, log);
    }

    fn request_body(&mut self, body: &mut Map<String, Value>, at: &[String]) {
        text_fields(body, &["description"], at, &mut self.log);
    }

    fn response(&mut self, r: &mut Map<String, Value>, at: &[String]) {
        if !r.contains_key("$ref") {
            response_description(r, at, &mut self.log);
        }
    }

    fn media_type(&mut self, mt: &mut Map<String, Value>, _at: &[String]) {
        encoding_headers(mt);
    }

    fn security_scheme(&mut self, scheme: &mut Map<String, Value>, at: &[String]) {
        incomplete_security_scheme(scheme, at, &mut self.log);
    }

    /// Every schema rule, in order (the walk then visits the sub-schemas).
    fn schema(&mut self, s: &mut Value, at: &[String], via: Option<&str>) {
        let Some(obj) = s.as_object_mut() else { return };
        let log = &mut self.log;
        if via == Some("properties") {
            required_flag(obj, at, log);
        }
        if obj.contains_key("$ref") {
            return;
        }
        text_fields(obj, TEXTS, at, log);
        non_standard_type(obj, at, log);
        null_example_type(obj);
        bad_keyword_values(obj, at, log);
        properties_not_a_map(obj, at, log);
        required_list(obj);
        enum_values(obj, at, log);
    }

    fn keyword(&mut self, schema: &mut Map<String, Value>, key: &str, at: &[String]) {
        if key == "properties" {
            promote_required(schema);
        } else {
            sub_schema_value(schema, key, at, &mut self.log);
        }
    }
}

/// [`Rule::IncompleteSecurityScheme`]: fields `openapiv3` requires, filled in
/// (a scheme that could not be read would fail the whole document).
fn incomplete_security_scheme(scheme: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    const FLOWS: &[(&str, &[&str])] = &[
        ("implicit", &["authorizationUrl"]),
        ("password", &["tokenUrl"]),
        ("clientCredentials", &["tokenUrl"]),
        ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
    ];
    let mut filled: Vec<String> = Vec::new();
    match scheme.get("type").and_then(Value::as_str) {
        Some("oauth2") => {
            let flows = scheme
                .entry("flows")
                .or_insert_with(|| Value::Object(Map::new()));
            if !flows.is_object() {
                *flows = Value::Object(Map::new());
                filled.push("flows".into());
            }
            for (flow, urls) in FLOWS {
                let Some(f) = flows.get_mut(*flow).and_then(Value::as_object_mut) else {
                    continue;
                };
                for key in urls.iter().copied().chain(["scopes"]) {
                    if !f.contains_key(key) {
                        let empty = if key == "scopes" {
                            Value::Object(Map::new())
                        } else {
                            Value::String(String::new())
                        };
                        f.insert(key.into(), empty);
                        filled.push(format!("flows.{flow}.{key}"));
                    }
                }
            }
        }
        Some("apiKey") => {
            for key in ["name", "in"] {
                if !scheme.contains_key(key) {
                    let v = if key == "in" { "header" } else { "" };
                    scheme.insert(key.into(), Value::String(v.into()));
                    filled.push(key.into());
                }
            }
        }
        Some("http") if !scheme.contains_key("scheme") => {
            scheme.insert("scheme".into(), Value::String("bearer".into()));
            filled.push("scheme".into());
        }
        _ => {}
    }
    if !filled.is_empty() {
        let name = at.last().map_or("", String::as_str);
        log.warn(
            Rule::IncompleteSecurityScheme,
            at,
            &[],
            format!(
                "security scheme `{name}` has no {}; filled in (empty, `in: header`, `scheme: bearer`)",
                filled
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
}

/// [`Rule::InfoMissing`]: `info`, its `title` and `version`, made when
/// missing (a number is read as its text, silently); its text fields as
/// [`text_fields`].
fn info(root: &mut Map<String, Value>, log: &mut Log) {
    let info = root.entry("info").or_insert(Value::Null);
    if !info.is_object() {
        log.warn(
            Rule::InfoMissing,
            &["info"],
            &[],
            "`info` missing or not an object; using an empty one".into(),
        );
        *info = Value::Object(Map::new());
    }
    let info = info.as_object_mut().expect("made an object above");
    for (key, default) in [("title", "API"), ("version", "0.0.0")] {
        match info.get(key) {
            Some(Value::String(_)) => {}
            Some(Value::Number(n)) => {
                let s = n.to_string();
                info.insert(key.into(), Value::String(s));
            }
            other => {
                log.warn(
                    Rule::InfoMissing,
                    &["info", key],
                    &[],
                    format!("`info.{key}` is {}; using \"{default}\"", describe(other)),
                );
                info.insert(key.into(), Value::String(default.into()));
            }
        }
    }
    text_fields(info, &["description", "termsOfService"], &["info"], log);
}

/// [`Rule::BadKeywordValue`]: text keywords must be strings: numbers and
/// booleans are stringified, other values dropped.
fn text_fields<S: AsRef<str>>(
    obj: &mut Map<String, Value>,
    keys: &[&str],
    at: &[S],
    log: &mut Log,
) {
    for key in keys {
        let fix = match obj.get(*key) {
            None | Some(Value::String(_)) => continue,
            Some(Value::Number(n)) => Some(Value::String(n.to_string())),
            Some(Value::Bool(b)) => Some(Value::String(b.to_string())),
            Some(_) => None,
        };
        log.warn(
            Rule::BadKeywordValue,
            at,
            &[key],
            format!("`{key}` is {}, not text", describe(obj.get(*key))),
        );
        match fix {
            Some(v) => {
                obj.insert(key.to_string(), v);
            }
            None => {
                obj.remove(*key);
            }
        }
    }
}

/// [`Rule::BadKeywordValue`]: a flag of an operation or a parameter
/// (`deprecated`, `required`) written as a string: `"true"` is true,
/// anything else false.
fn string_flag(obj: &mut Map<String, Value>, key: &str, at: &[String], log: &mut Log) {
    if let Some(Value::String(s)) = obj.get(key) {
        let b = s == "true";
        log.warn(
            Rule::BadKeywordValue,
            at,
            &[key],
            format!("`{key}` is the string {s:?}"),
        );
        obj.insert(key.into(), Value::Bool(b));
    }
}

/// [`Rule::EmptyOperationId`].
fn empty_operation_id(op: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    match op.get("operationId") {
        None => {}
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        Some(other) => {
            let what = if other.as_str().is_some() {
                "empty"
            } else {
                describe(Some(other))
            };
            log.warn(
                Rule::EmptyOperationId,
                at,
                &["operationId"],
                format!(
                    "operationId is {what}; a name is derived from the summary or the path instead"
                ),
            );
            op.remove("operationId");
        }
    }
}

/// [`Rule::ParameterWithoutSchema`].
fn parameter_without_schema(p: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    if !p.contains_key("schema") && !p.contains_key("content") {
        log.warn(
            Rule::ParameterWithoutSchema,
            at,
            &[],
            "parameter has neither `schema` nor `content`; read as any value".into(),
        );
        p.insert("schema".into(), Value::Object(Map::new()));
    }
}

/// [`Rule::BadKeywordValue`]: a response's `description` must be text
/// (`openapiv3` requires one; a missing one, common enough, is made empty
/// without a warning).
fn response_description(r: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    match r.get("description") {
        Some(Value::String(_)) => {}
        other => {
            let text = match other {
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            if other.is_some() {
                log.warn(
                    Rule::BadKeywordValue,
                    at,
                    &["description"],
                    format!("response description is {}", describe(other)),
                );
            }
            r.insert("description".into(), Value::String(text));
        }
    }
}

/// The per-part headers of a media type's `encoding` are dropped, silently:
/// nothing after normalization reads them, so they are not repaired either.
fn encoding_headers(mt: &mut Map<String, Value>) {
    if let Some(enc) = mt.get_mut("encoding").and_then(Value::as_object_mut) {
        for e in enc.values_mut() {
            if let Some(h) = e.get_mut("headers").and_then(Value::as_object_mut) {
                h.clear();
            }
        }
    }
}

/// Map a non-standard `type` to (standard type or none, format, nullable).
fn map_type(t: &str) -> (Option<&'static str>, Option<&'static str>, bool) {
    let lower = t.trim().to_ascii_lowercase();
    let parts: Vec<&str> = lower
        .split(['|', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let nullable = parts.contains(&"null");
    let rest: Vec<&str> = parts.into_iter().filter(|p| *p != "null").collect();
    let one = if rest.len() == 1 { rest[0] } else { "" };
    let (ty, format) = match one {
        "string" | "str" | "text" | "char" => (Some("string"), None),
        "date" => (Some("string"), Some("date")),
        "datetime" | "date-time" | "timestamp" => (Some("string"), Some("date-time")),
        "time" => (Some("string"), Some("time")),
        "password" => (Some("string"), Some("password")),
        "email" => (Some("string"), Some("email")),
        "uuid" => (Some("string"), Some("uuid")),
        "url" | "uri" => (Some("string"), Some("uri")),
        "file" | "binary" => (Some("string"), Some("binary")),
        "number" | "numeric" | "float" | "double" | "decimal" | "real" => (Some("number"), None),
        "integer" | "int" | "bigint" | "long" | "int32" | "int64" => (Some("integer"), None),
        "boolean" | "bool" => (Some("boolean"), None),
        "array" | "list" => (Some("array"), None),
        "object" | "map" | "json" => (Some("object"), None),
        _ => (None, None),
    };
    (ty, format, nullable)
}

/// [`Rule::NonStandardType`].
fn non_standard_type(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let ty = obj.get("type").cloned();
    match ty {
        None => {}
        Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
        Some(other) => {
            let (text, list_form) = match &other {
                Value::String(t) => (t.clone(), false),
                Value::Array(items) => (
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("|"),
                    true,
                ),
                v => (v.to_string(), false),
            };
            let (mapped, format, nullable) = map_type(&text);
            let shown = if list_form {
                other.to_string()
            } else {
                format!("{text:?}")
            };
            match mapped {
                Some(t) => {
                    obj.insert("type".into(), Value::String(t.into()));
                    if let (Some(f), false) = (format, obj.contains_key("format")) {
                        obj.insert("format".into(), Value::String(f.into()));
                    }
                    if nullable {
                        obj.insert("nullable".into(), Value::Bool(true));
                    }
                    let extra = match (format, nullable) {
                        (Some(f), true) => format!(", format {f}, nullable"),
                        (Some(f), false) => format!(", format {f}"),
                        (None, true) => ", nullable".to_string(),
                        (None, false) => String::new(),
                    };
                    log.warn(
                        Rule::NonStandardType,
                        at,
                        &["type"],
                        format!("type {shown} read as {t}{extra}"),
                    );
                }
                None => {
                    obj.remove("type");
                    if nullable {
                        obj.insert("nullable".into(), Value::Bool(true));
                    }
                    log.warn(
                        Rule::NonStandardType,
                        at,
                        &["type"],
                        format!("type {shown} is not a JSON Schema type; read as any value"),
                    );
                }
            }
        }
    }
}

/// [`Rule::NullExampleType`]: Scribe infers `type` from one example; a null
/// example says nothing about the type. Silent: a convention, not a fault.
fn null_example_type(obj: &mut Map<String, Value>) {
    if obj.get("example") == Some(&Value::Null)
        && obj.get("nullable") == Some(&Value::Bool(true))
        && matches!(
            obj.get("type").and_then(Value::as_str),
            Some("string" | "integer" | "number" | "boolean")
        )
        && !obj.contains_key("enum")
        && !obj.contains_key("format")
    {
        obj.remove("type");
    }
}

/// [`Rule::BadKeywordValue`]: flags, numbers and counts in the wrong form.
fn bad_keyword_values(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    for key in FLAGS {
        match obj.get(*key) {
            None | Some(Value::Bool(_)) => {}
            Some(v) => {
                let b = matches!(v, Value::String(s) if s == "true") || v.as_i64() == Some(1);
                log.warn(
                    Rule::BadKeywordValue,
                    at,
                    &[key],
                    format!("`{key}` is {}, read as {b}", describe(Some(v))),
                );
                obj.insert(key.to_string(), Value::Bool(b));
            }
        }
    }
    for key in NUMBERS {
        if let Some(v) = obj.get(*key) {
            if !v.is_number() {
                let parsed = v
                    .as_str()
                    .and_then(|s| s.trim().parse::<f64>().ok())
                    .and_then(serde_json::Number::from_f64);
                log.warn(
                    Rule::BadKeywordValue,
                    at,
                    &[key],
                    format!("`{key}` is {}, not a number", describe(Some(v))),
                );
                match parsed {
                    Some(n) => obj.insert(key.to_string(), Value::Number(n)),
                    None => obj.remove(*key),
                };
            }
        }
    }
    if obj.get("type").and_then(Value::as_str) == Some("integer") {
        integer_bounds(obj, at, log);
    }
    for key in COUNTS {
        if let Some(v) = obj.get(*key) {
            if v.as_u64().is_none() {
                let parsed = v
                    .as_str()
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64));
                log.warn(
                    Rule::BadKeywordValue,
                    at,
                    &[key],
                    format!("`{key}` is {}, not a count", describe(Some(v))),
                );
                match parsed {
                    Some(n) => obj.insert(key.to_string(), Value::from(n)),
                    None => obj.remove(*key),
                };
            }
        }
    }
}

/// An integer's `minimum`, `maximum` and `multipleOf` are integers in
/// OpenAPI 3.0's model (a schema with `minimum: 0.0` would not be read as an
/// integer at all): a bound with a fraction becomes the integer bound it
/// means (`minimum: 0.5` allows 1 and up, exclusive or not: [`Bound::round`]),
/// a fractional `multipleOf` is dropped.
///
/// [`Bound::round`]: crate::keywords::Bound::round
fn integer_bounds(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    for bound in BOUNDS {
        integer_keyword(
            obj,
            bound.keyword,
            |m| bound.round(m),
            Some(bound.exclusive),
            at,
            log,
        );
    }
    integer_keyword(obj, "multipleOf", |m| m, None, at, log);
}

/// One keyword of [`integer_bounds`]: `round` makes its integer, `exclusive`
/// is its exclusive flag (dropped when the bound had a fraction).
fn integer_keyword(
    obj: &mut Map<String, Value>,
    key: &str,
    round: impl Fn(f64) -> f64,
    exclusive: Option<&str>,
    at: &[String],
    log: &mut Log,
) {
    let Some(f) = obj
        .get(key)
        .filter(|v| v.as_i64().is_none())
        .and_then(Value::as_f64)
    else {
        return;
    };
    let bound = round(f);
    let integer = (bound.fract() == 0.0 && bound.abs() < 9.0e18).then_some(bound as i64);
    let read = integer.map_or("dropped".to_string(), |n| format!("read as {n}"));
    log.warn(
        Rule::BadKeywordValue,
        at,
        &[key],
        format!("`{key}` of an integer is {f:?}, {read}"),
    );
    if let (Some(exclusive), true) = (exclusive, bound != f) {
        // `minimum: 0.5` excludes 0.5 or not: either way 1 is the least.
        obj.remove(exclusive);
    }
    match integer {
        Some(n) => obj.insert(key.into(), Value::from(n)),
        None => obj.remove(key),
    };
}

/// [`Rule::PropertiesNotAMap`].
fn properties_not_a_map(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    match obj.get("properties") {
        None | Some(Value::Object(_)) => {}
        Some(Value::Array(items)) => {
            let schema_like = |v: &Value| {
                v.as_object().is_some_and(|o| {
                    [
                        "type",
                        "description",
                        "example",
                        "$ref",
                        "items",
                        "enum",
                        "format",
                    ]
                    .iter()
                    .any(|k| o.contains_key(*k))
                        && !(o.len() == 1 && o.values().all(Value::is_object))
                })
            };
            if !items.is_empty() && items.iter().all(schema_like) {
                // Scribe's `field.0`, `field.1` rules: a list of schemas by
                // position, i.e. an array (a tuple) of such values.
                let first = items[0].clone();
                log.warn(
                    Rule::PropertiesNotAMap,
                    at,
                    &["properties"],
                    format!("`properties` is a list of {} schemas by position; read as an array of the first", items.len()),
                );
                obj.remove("properties");
                obj.insert("type".into(), Value::String("array".into()));
                obj.insert("items".into(), first);
            } else {
                let mut map = Map::new();
                for item in items {
                    if let Value::Object(entry) = item {
                        for (k, v) in entry {
                            map.insert(k.clone(), v.clone());
                        }
                    }
                }
                let n = map.len();
                log.warn(
                    Rule::PropertiesNotAMap,
                    at,
                    &["properties"],
                    if n == 0 {
                        "`properties` is an empty list; read as no properties".into()
                    } else {
                        format!("`properties` is a list; read as a map of its {n} entries")
                    },
                );
                obj.insert("properties".into(), Value::Object(map));
            }
        }
        Some(other) => {
            log.warn(
                Rule::PropertiesNotAMap,
                at,
                &["properties"],
                format!("`properties` is {}; ignored", describe(Some(other))),
            );
            obj.remove("properties");
        }
    }
}

/// This schema's own `required` must be a list of names. A boolean here is
/// [`Rule::RequiredNotAList`] ([`required_flag`]: the walk saw it as a
/// property first); anything else is dropped, silently.
fn required_list(obj: &mut Map<String, Value>) {
    match obj.get("required") {
        None | Some(Value::Array(_)) => {}
        Some(_) => {
            // A boolean here is handled by the parent (it knows the property name);
            // anything left over is dropped.
            obj.remove("required");
        }
    }
    if let Some(Value::Array(req)) = obj.get_mut("required") {
        if req.iter().any(|r| !r.is_string()) {
            req.retain(|r| r.is_string() || r.is_number());
            for r in req.iter_mut() {
                if let Value::Number(n) = r {
                    *r = Value::String(n.to_string());
                }
            }
        }
    }
}

/// [`Rule::RequiredNotAList`], at a property: `required: true` or `false`
/// on the property itself is dropped, with the warning (its schema has
/// listed a `true` already: [`promote_required`]).
fn required_flag(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let Some(Value::Bool(b)) = obj.get("required") else {
        return;
    };
    let b = *b;
    log.warn(
        Rule::RequiredNotAList,
        at,
        &["required"],
        format!(
            "`required: {b}` on a property; {}",
            if b {
                "moved to the parent's `required` list"
            } else {
                "dropped"
            }
        ),
    );
    obj.remove("required");
}

/// [`Rule::RequiredNotAList`], at the schema, before the walk visits its
/// properties: the ones marked `required: true` join its `required` list.
fn promote_required(obj: &mut Map<String, Value>) {
    let Some(Value::Object(props)) = obj.get("properties") else {
        return;
    };
    let promoted: Vec<String> = props
        .iter()
        .filter(|(_, p)| p.get("required") == Some(&Value::Bool(true)))
        .map(|(name, _)| name.clone())
        .collect();
    if promoted.is_empty() {
        return;
    }
    let req = obj
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = req {
        for name in promoted {
            if !list.iter().any(|v| v.as_str() == Some(&name)) {
                list.push(Value::String(name));
            }
        }
    }
}

/// [`Rule::BadKeywordValue`], before the walk goes into a sub-schema
/// keyword: a list of schemas for `items` is read as its first, a list
/// keyword that is not a list and a schema-or-flag keyword that is neither
/// are dropped.
fn sub_schema_value(obj: &mut Map<String, Value>, key: &str, at: &[String], log: &mut Log) {
    let Some(v) = obj.get_mut(key) else { return };
    if key == "items" && v.is_array() {
        // Tuple-style `items: [..]`: take the first schema.
        log.warn(
            Rule::BadKeywordValue,
            at,
            &[key],
            format!("`{key}` is a list; the first entry is used"),
        );
        let first = v
            .as_array()
            .and_then(|a| a.first().cloned())
            .unwrap_or(Value::Object(Map::new()));
        *v = first;
    } else if SCHEMA_LISTS.contains(&key) && !v.is_array() {
        log.warn(
            Rule::BadKeywordValue,
            at,
            &[key],
            format!("`{key}` is not a list; ignored"),
        );
        obj.remove(key);
    } else if SCHEMA_ONE_OR_FLAG.contains(&key) && !(v.is_object() || v.is_boolean()) {
        log.warn(
            Rule::BadKeywordValue,
            at,
            &[key],
            format!("`{key}` is {}; ignored", describe(Some(v))),
        );
        obj.remove(key);
    }
}

/// [`Rule::EnumMismatch`].
fn enum_values(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let Some(Value::Array(values)) = obj.get("enum") else {
        if obj.contains_key("enum") {
            log.warn(
                Rule::EnumMismatch,
                at,
                &["enum"],
                "`enum` is not a list; ignored".into(),
            );
            obj.remove("enum");
        }
        return;
    };
    let ty = obj.get("type").and_then(Value::as_str).unwrap_or("");
    let fits = |v: &Value| match ty {
        "string" => v.is_string(),
        "integer" => v.as_i64().is_some(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        _ => true,
    };
    if values.iter().all(|v| v.is_null() || fits(v)) {
        return;
    }
    let values = values.clone();
    let new: Vec<Value> = match ty {
        "string" => values
            .iter()
            .map(|v| match v {
                Value::String(_) | Value::Null => v.clone(),
                Value::Number(n) => Value::String(n.to_string()),
                Value::Bool(b) => Value::String(b.to_string()),
                other => Value::String(other.to_string()),
            })
            .collect(),
        _ => {
            // Values that do not fit a non-string type: the enum cannot be kept.
            log.warn(
                Rule::EnumMismatch,
                at,
                &["enum"],
                format!("`enum` values do not fit type {ty}; enum ignored"),
            );
            obj.remove("enum");
            return;
        }
    };
    log.warn(
        Rule::EnumMismatch,
        at,
        &["enum"],
        "`enum` values are not all strings; read as strings".into(),
    );
    obj.insert("enum".into(), Value::Array(new));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(mut doc: Value) -> (Value, Vec<Warning>) {
        let mut w = Vec::new();
        normalize(&mut doc, &mut w);
        (doc, w)
    }

    fn doc_with_schema(schema: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
               "paths": {"/x": {"get": {"responses": {"200": {"description": "ok",
                 "content": {"application/json": {"schema": schema}}}}}}}})
    }

    const AT: &str = "/paths/~1x/get/responses/200/content/application~1json/schema";

    #[test]
    fn properties_list_becomes_map() {
        let (doc, w) = run(doc_with_schema(
            json!({"type": "object", "properties": [{"a": {"type": "string"}}]}),
        ));
        let s = doc.pointer(AT).unwrap();
        assert_eq!(s["properties"]["a"]["type"], "string");
        assert_eq!(w[0].rule, Rule::PropertiesNotAMap);
        assert_eq!(w[0].pointer, format!("{AT}/properties"));
    }

    #[test]
    fn properties_list_of_schemas_is_a_tuple() {
        let (doc, w) = run(doc_with_schema(
            json!({"type": "object", "properties": [{"type": "integer", "example": -90}, {"type": "integer"}]}),
        ));
        let s = doc.pointer(AT).unwrap();
        assert_eq!(s["type"], "array");
        assert_eq!(s["items"]["type"], "integer");
        assert!(s.get("properties").is_none());
        assert_eq!(w[0].rule, Rule::PropertiesNotAMap);
    }

    #[test]
    fn property_named_properties_is_not_the_keyword() {
        let (doc, w) = run(doc_with_schema(
            json!({"type": "object", "properties": {"properties": {"type": "string"}}}),
        ));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            doc.pointer(AT).unwrap()["properties"]["properties"]["type"],
            "string"
        );
    }

    #[test]
    fn non_standard_types() {
        for (t, want, format, nullable) in [
            ("date", "string", Some("date"), false),
            ("numeric", "number", None, false),
            ("string|null", "string", None, true),
            ("array|null", "array", None, true),
            ("file", "string", Some("binary"), false),
        ] {
            let (doc, w) = run(doc_with_schema(json!({"type": t})));
            let s = doc.pointer(AT).unwrap();
            assert_eq!(s["type"], want, "{t}");
            assert_eq!(s.get("format").and_then(Value::as_str), format, "{t}");
            assert_eq!(s.get("nullable").is_some(), nullable, "{t}");
            assert_eq!(w[0].rule, Rule::NonStandardType);
        }
        let (doc, _) = run(doc_with_schema(json!({"type": "required"})));
        assert!(doc.pointer(AT).unwrap().get("type").is_none());
    }

    #[test]
    fn empty_operation_id_removed() {
        let (doc, w) = run(
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"operationId": "", "responses": {}}}}}),
        );
        assert!(doc.pointer("/paths/~1x/get/operationId").is_none());
        assert_eq!(w[0].rule, Rule::EmptyOperationId);
        assert_eq!(w[0].pointer, "/paths/~1x/get/operationId");
    }

    #[test]
    fn null_title() {
        let (doc, w) =
            run(json!({"openapi": "3.0.3", "info": {"title": null, "version": "1"}, "paths": {}}));
        assert_eq!(doc["info"]["title"], "API");
        assert_eq!(w[0].pointer, "/info/title");
    }

    #[test]
    fn required_true_on_property_moves_up() {
        let (doc, w) = run(doc_with_schema(
            json!({"type": "object", "properties": {"a": {"type": "string", "required": true}}}),
        ));
        let s = doc.pointer(AT).unwrap();
        assert_eq!(s["required"], json!(["a"]));
        assert!(s["properties"]["a"].get("required").is_none());
        assert_eq!(w[0].rule, Rule::RequiredNotAList);
    }

    #[test]
    fn warnings_follow_the_walk() {
        // A property's own warnings after its `required: true`; the
        // sub-schema keywords in the 3.0 walk's order, whatever the
        // document's: `items` after the properties, `allOf` last.
        let (doc, w) = run(doc_with_schema(json!({
            "allOf": {"a": 1},
            "items": [{"type": "date"}],
            "properties": {
                "a": {"required": true, "type": "int"},
                "b": {"type": "date"}}
        })));
        let at: Vec<(Rule, &str)> = w
            .iter()
            .map(|w| (w.rule, w.pointer.strip_prefix(AT).unwrap()))
            .collect();
        assert_eq!(
            at,
            [
                (Rule::RequiredNotAList, "/properties/a/required"),
                (Rule::NonStandardType, "/properties/a/type"),
                (Rule::NonStandardType, "/properties/b/type"),
                (Rule::BadKeywordValue, "/items"),
                (Rule::NonStandardType, "/items/type"),
                (Rule::BadKeywordValue, "/allOf"),
            ]
        );
        assert_eq!(doc.pointer(AT).unwrap()["required"], json!(["a"]));
    }

    #[test]
    fn null_example_means_unknown_type() {
        let (doc, w) = run(doc_with_schema(
            json!({"type": "string", "nullable": true, "example": null}),
        ));
        assert!(doc.pointer(AT).unwrap().get("type").is_none());
        assert!(w.is_empty());
        let (doc, _) = run(doc_with_schema(
            json!({"type": "string", "nullable": true, "example": "x"}),
        ));
        assert_eq!(doc.pointer(AT).unwrap()["type"], "string");
    }

    #[test]
    fn incomplete_security_schemes_are_filled_in() {
        // Litestar writes an OAuth2 password flow without `scopes`.
        let (doc, w) = run(
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"securitySchemes": {
                "o": {"type": "oauth2", "flows": {"password": {"tokenUrl": "/login"}}},
                "k": {"type": "apiKey", "name": "X-Key"},
                "ok": {"type": "http", "scheme": "basic"}}}}),
        );
        let s = &doc["components"]["securitySchemes"];
        assert_eq!(
            s["o"]["flows"]["password"],
            json!({"tokenUrl": "/login", "scopes": {}})
        );
        assert_eq!(s["k"]["in"], "header");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].rule, Rule::IncompleteSecurityScheme);
        assert_eq!(w[0].pointer, "/components/securitySchemes/o");
        // The repaired document is one openapiv3 reads.
        assert!(serde_json::from_value::<openapiv3::OpenAPI>(doc).is_ok());
    }

    #[test]
    fn integer_bounds_with_fractions() {
        let (doc, w) = run(doc_with_schema(json!({
            "type": "integer", "minimum": 0.0, "maximum": 300.5, "multipleOf": 2.5
        })));
        let s = doc.pointer(AT).unwrap();
        assert_eq!((&s["minimum"], &s["maximum"]), (&json!(0), &json!(300)));
        assert!(s.get("multipleOf").is_none(), "{s}");
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0]
            .message
            .contains("`minimum` of an integer is 0.0, read as 0"));
        let (doc, w) = run(doc_with_schema(json!({"type": "integer", "minimum": -0.5})));
        assert_eq!(doc.pointer(AT).unwrap()["minimum"], json!(0));
        assert_eq!(w.len(), 1);
        // An exclusive bound: a whole one stays exclusive, a fraction becomes
        // the inclusive integer bound.
        let (doc, _) = run(doc_with_schema(json!({
            "type": "integer", "minimum": 0.0, "exclusiveMinimum": true,
            "maximum": 9.5, "exclusiveMaximum": true
        })));
        let s = doc.pointer(AT).unwrap();
        assert_eq!(
            (&s["minimum"], &s["exclusiveMinimum"]),
            (&json!(0), &json!(true))
        );
        assert_eq!(s["maximum"], json!(9));
        assert!(s.get("exclusiveMaximum").is_none(), "{s}");
        // Numbers keep their bounds as written.
        let (doc, w) = run(doc_with_schema(json!({"type": "number", "minimum": 0.5})));
        assert_eq!(doc.pointer(AT).unwrap()["minimum"], json!(0.5));
        assert!(w.is_empty());
    }

    #[test]
    fn integer_enum_on_string_type() {
        let (doc, _) = run(doc_with_schema(
            json!({"type": "string", "enum": [1, 2, null]}),
        ));
        assert_eq!(doc.pointer(AT).unwrap()["enum"], json!(["1", "2", null]));
    }
}
