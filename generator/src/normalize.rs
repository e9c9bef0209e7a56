//! Normalization: repair the quirks real specs contain, on the raw JSON tree,
//! before `openapiv3` sees them.
//!
//! Each quirk has one [`Rule`], repaired by one function here. A rule that
//! fires leaves a [`Warning`] naming the rule and the JSON pointer of what it
//! changed (except silent rules, see [`Rule::warns`]). The walk is schema-aware:
//! it visits every place the OpenAPI 3.0 grammar allows a Schema Object, so a
//! *property named* `properties` is never mistaken for the keyword.
//!
//! Before these rules, a Swagger 2.0 or OpenAPI 3.1 document is brought to
//! the 3.0 layout ([`upgrade`]): `v20` and `v31` rewrite the tree, `refs`
//! makes every schema reference one the lowering can follow, `walk` visits
//! every schema of a 3.x document.

mod refs;
pub mod upgrade;
mod v20;
mod v31;
mod walk;

pub use upgrade::{detect, upgrade, Version};

use crate::pointer;
use crate::rules::{Rule, Warning};
use serde_json::{Map, Value};

struct Ctx<'a> {
    warnings: &'a mut Vec<Warning>,
    path: Vec<String>,
}

impl Ctx<'_> {
    fn warn(&mut self, rule: Rule, extra: &[&str], message: String) {
        let mut p = self.path.clone();
        p.extend(extra.iter().map(|s| s.to_string()));
        self.warnings.push(Warning {
            rule,
            pointer: pointer::join(&p),
            message,
        });
    }

    fn enter<R>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(token.to_string());
        let r = f(self);
        self.path.pop();
        r
    }
}

/// Apply every rule to the document in place.
pub fn normalize(doc: &mut Value, warnings: &mut Vec<Warning>) {
    let mut cx = Ctx {
        warnings,
        path: Vec::new(),
    };
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    fix_info(root, &mut cx);
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        cx.enter("paths", |cx| {
            for (path, item) in paths.iter_mut() {
                cx.enter(path, |cx| path_item(item, cx));
            }
        });
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        cx.enter("components", |cx| components_(components, cx));
        if let Some(schemes) = components
            .get_mut("securitySchemes")
            .and_then(Value::as_object_mut)
        {
            cx.enter("components", |cx| {
                cx.enter("securitySchemes", |cx| security_schemes(schemes, cx))
            });
        }
    }
}

/// [`Rule::IncompleteSecurityScheme`]: fields `openapiv3` requires, filled in
/// (a scheme that could not be read would fail the whole document).
fn security_schemes(schemes: &mut Map<String, Value>, cx: &mut Ctx) {
    const FLOWS: &[(&str, &[&str])] = &[
        ("implicit", &["authorizationUrl"]),
        ("password", &["tokenUrl"]),
        ("clientCredentials", &["tokenUrl"]),
        ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
    ];
    for (name, scheme) in schemes.iter_mut() {
        let Some(scheme) = scheme.as_object_mut() else {
            continue;
        };
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
            cx.warn(
                Rule::IncompleteSecurityScheme,
                &[name],
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
}

fn fix_info(root: &mut Map<String, Value>, cx: &mut Ctx) {
    let info = root.entry("info").or_insert(Value::Null);
    if !info.is_object() {
        cx.warn(
            Rule::InfoMissing,
            &["info"],
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
                cx.warn(
                    Rule::InfoMissing,
                    &["info", key],
                    format!("`info.{key}` is {}; using \"{default}\"", describe(other)),
                );
                info.insert(key.into(), Value::String(default.into()));
            }
        }
    }
    text_fields(info, &["description", "termsOfService"], cx, &["info"]);
}

fn describe(v: Option<&Value>) -> &'static str {
    match v {
        None => "missing",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "a boolean",
        Some(Value::Number(_)) => "a number",
        Some(Value::String(_)) => "a string",
        Some(Value::Array(_)) => "a list",
        Some(Value::Object(_)) => "a map",
    }
}

/// Text keywords must be strings: numbers and booleans are stringified, other
/// values dropped.
fn text_fields(obj: &mut Map<String, Value>, keys: &[&str], cx: &mut Ctx, at: &[&str]) {
    for key in keys {
        let fix = match obj.get(*key) {
            None | Some(Value::String(_)) => continue,
            Some(Value::Number(n)) => Some(Value::String(n.to_string())),
            Some(Value::Bool(b)) => Some(Value::String(b.to_string())),
            Some(_) => None,
        };
        let mut p: Vec<&str> = at.to_vec();
        p.push(key);
        cx.warn(
            Rule::BadKeywordValue,
            &p,
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

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn path_item(item: &mut Value, cx: &mut Ctx) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if let Some(params) = item.get_mut("parameters") {
        cx.enter("parameters", |cx| parameters(params, cx));
    }
    for (key, op) in item.iter_mut() {
        if METHODS.contains(&key.as_str()) {
            cx.enter(key, |cx| operation(op, cx));
        }
    }
}

fn operation(op: &mut Value, cx: &mut Ctx) {
    let Some(op) = op.as_object_mut() else { return };
    match op.get("operationId") {
        None => {}
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        Some(other) => {
            let what = if other.as_str().is_some() {
                "empty"
            } else {
                describe(Some(other))
            };
            cx.warn(
                Rule::EmptyOperationId,
                &["operationId"],
                format!(
                    "operationId is {what}; a name is derived from the summary or the path instead"
                ),
            );
            op.remove("operationId");
        }
    }
    text_fields(op, &["summary", "description"], cx, &[]);
    if let Some(Value::String(s)) = op.get("deprecated") {
        let b = s == "true";
        cx.warn(
            Rule::BadKeywordValue,
            &["deprecated"],
            format!("`deprecated` is the string {s:?}"),
        );
        op.insert("deprecated".into(), Value::Bool(b));
    }
    if let Some(params) = op.get_mut("parameters") {
        cx.enter("parameters", |cx| parameters(params, cx));
    }
    if let Some(body) = op.get_mut("requestBody") {
        cx.enter("requestBody", |cx| request_body(body, cx));
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        cx.enter("responses", |cx| {
            for (code, resp) in responses.iter_mut() {
                cx.enter(code, |cx| response(resp, cx));
            }
        });
    }
}

fn parameters(params: &mut Value, cx: &mut Ctx) {
    let Some(list) = params.as_array_mut() else {
        return;
    };
    for (i, p) in list.iter_mut().enumerate() {
        cx.enter(&i.to_string(), |cx| parameter(p, cx));
    }
}

fn parameter(p: &mut Value, cx: &mut Ctx) {
    let Some(obj) = p.as_object_mut() else { return };
    if obj.contains_key("$ref") {
        return;
    }
    text_fields(obj, &["description"], cx, &[]);
    if !obj.contains_key("schema") && !obj.contains_key("content") {
        cx.warn(
            Rule::ParameterWithoutSchema,
            &[],
            "parameter has neither `schema` nor `content`; read as any value".into(),
        );
        obj.insert("schema".into(), Value::Object(Map::new()));
    }
    if let Some(Value::String(s)) = obj.get("required") {
        let b = s == "true";
        cx.warn(
            Rule::BadKeywordValue,
            &["required"],
            format!("`required` is the string {s:?}"),
        );
        obj.insert("required".into(), Value::Bool(b));
    }
    if let Some(s) = obj.get_mut("schema") {
        cx.enter("schema", |cx| schema(s, cx));
    }
    if let Some(content) = obj.get_mut("content") {
        cx.enter("content", |cx| content_map(content, cx));
    }
}

fn request_body(body: &mut Value, cx: &mut Ctx) {
    let Some(obj) = body.as_object_mut() else {
        return;
    };
    text_fields(obj, &["description"], cx, &[]);
    if let Some(content) = obj.get_mut("content") {
        cx.enter("content", |cx| content_map(content, cx));
    }
}

fn response(resp: &mut Value, cx: &mut Ctx) {
    let Some(obj) = resp.as_object_mut() else {
        return;
    };
    if obj.contains_key("$ref") {
        return;
    }
    match obj.get("description") {
        Some(Value::String(_)) => {}
        other => {
            let text = match other {
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            if other.is_some() {
                cx.warn(
                    Rule::BadKeywordValue,
                    &["description"],
                    format!("response description is {}", describe(other)),
                );
            }
            // A missing description is common enough not to warn; openapiv3 requires one.
            obj.insert("description".into(), Value::String(text));
        }
    }
    if let Some(content) = obj.get_mut("content") {
        cx.enter("content", |cx| content_map(content, cx));
    }
    if let Some(headers) = obj.get_mut("headers").and_then(Value::as_object_mut) {
        cx.enter("headers", |cx| {
            for (name, h) in headers.iter_mut() {
                cx.enter(name, |cx| parameter(h, cx));
            }
        });
    }
}

fn content_map(content: &mut Value, cx: &mut Ctx) {
    let Some(map) = content.as_object_mut() else {
        return;
    };
    for (media, mt) in map.iter_mut() {
        cx.enter(media, |cx| {
            if let Some(obj) = mt.as_object_mut() {
                if let Some(s) = obj.get_mut("schema") {
                    cx.enter("schema", |cx| schema(s, cx));
                }
                if let Some(enc) = obj.get_mut("encoding").and_then(Value::as_object_mut) {
                    for e in enc.values_mut() {
                        if let Some(h) = e.get_mut("headers").and_then(Value::as_object_mut) {
                            h.clear();
                        }
                    }
                }
            }
        });
    }
}

fn components_(components: &mut Map<String, Value>, cx: &mut Ctx) {
    for section in [
        "schemas",
        "parameters",
        "requestBodies",
        "responses",
        "headers",
    ] {
        let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) else {
            continue;
        };
        cx.enter(section, |cx| {
            for (name, v) in map.iter_mut() {
                cx.enter(name, |cx| match section {
                    "schemas" => schema(v, cx),
                    "parameters" | "headers" => parameter(v, cx),
                    "requestBodies" => request_body(v, cx),
                    _ => response(v, cx),
                });
            }
        });
    }
}

const STANDARD_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

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

/// Every schema rule, in order, then the sub-schemas.
fn schema(s: &mut Value, cx: &mut Ctx) {
    let Some(obj) = s.as_object_mut() else { return };
    if obj.contains_key("$ref") {
        return;
    }
    text_fields(obj, &["description", "title", "format"], cx, &[]);
    non_standard_type(obj, cx);
    null_example_type(obj);
    bad_keyword_values(obj, cx);
    properties_not_a_map(obj, cx);
    required_list(obj);
    enum_values(obj, cx);
    sub_schemas(obj, cx);
}

/// [`Rule::NonStandardType`].
fn non_standard_type(obj: &mut Map<String, Value>, cx: &mut Ctx) {
    let ty = obj.get("type").cloned();
    match ty {
        None => {}
        Some(Value::String(t)) if STANDARD_TYPES.contains(&t.as_str()) => {}
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
                    cx.warn(
                        Rule::NonStandardType,
                        &["type"],
                        format!("type {shown} read as {t}{extra}"),
                    );
                }
                None => {
                    obj.remove("type");
                    if nullable {
                        obj.insert("nullable".into(), Value::Bool(true));
                    }
                    cx.warn(
                        Rule::NonStandardType,
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

/// [`Rule::BadKeywordValue`]: booleans, numbers and counts in the wrong form.
fn bad_keyword_values(obj: &mut Map<String, Value>, cx: &mut Ctx) {
    for key in [
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "uniqueItems",
        "exclusiveMinimum",
        "exclusiveMaximum",
    ] {
        match obj.get(key) {
            None | Some(Value::Bool(_)) => {}
            Some(v) => {
                let b = matches!(v, Value::String(s) if s == "true") || v.as_i64() == Some(1);
                cx.warn(
                    Rule::BadKeywordValue,
                    &[key],
                    format!("`{key}` is {}, read as {b}", describe(Some(v))),
                );
                obj.insert(key.into(), Value::Bool(b));
            }
        }
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        if let Some(v) = obj.get(key) {
            if !v.is_number() {
                let parsed = v
                    .as_str()
                    .and_then(|s| s.trim().parse::<f64>().ok())
                    .and_then(serde_json::Number::from_f64);
                cx.warn(
                    Rule::BadKeywordValue,
                    &[key],
                    format!("`{key}` is {}, not a number", describe(Some(v))),
                );
                match parsed {
                    Some(n) => obj.insert(key.into(), Value::Number(n)),
                    None => obj.remove(key),
                };
            }
        }
    }
    if obj.get("type").and_then(Value::as_str) == Some("integer") {
        integer_bounds(obj, cx);
    }
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if let Some(v) = obj.get(key) {
            if v.as_u64().is_none() {
                let parsed = v
                    .as_str()
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64));
                cx.warn(
                    Rule::BadKeywordValue,
                    &[key],
                    format!("`{key}` is {}, not a count", describe(Some(v))),
                );
                match parsed {
                    Some(n) => obj.insert(key.into(), Value::from(n)),
                    None => obj.remove(key),
                };
            }
        }
    }
}

/// An integer's `minimum`, `maximum` and `multipleOf` are integers in
/// OpenAPI 3.0's model (a schema with `minimum: 0.0` would not be read as an
/// integer at all): a bound with a fraction becomes the integer bound it
/// means (`minimum: 0.5` allows 1 and up, exclusive or not), a fractional
/// `multipleOf` is dropped.
fn integer_bounds(obj: &mut Map<String, Value>, cx: &mut Ctx) {
    type Round = fn(f64) -> f64;
    let keywords: [(&str, Round, Option<&str>); 3] = [
        ("minimum", f64::ceil, Some("exclusiveMinimum")),
        ("maximum", f64::floor, Some("exclusiveMaximum")),
        ("multipleOf", |f| f, None),
    ];
    for (key, round, exclusive) in keywords {
        let Some(f) = obj
            .get(key)
            .filter(|v| v.as_i64().is_none())
            .and_then(Value::as_f64)
        else {
            continue;
        };
        let bound = round(f);
        let integer = (bound.fract() == 0.0 && bound.abs() < 9.0e18).then_some(bound as i64);
        let read = integer.map_or("dropped".to_string(), |n| format!("read as {n}"));
        cx.warn(
            Rule::BadKeywordValue,
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
}

/// [`Rule::PropertiesNotAMap`].
fn properties_not_a_map(obj: &mut Map<String, Value>, cx: &mut Ctx) {
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
                cx.warn(
                    Rule::PropertiesNotAMap,
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
                cx.warn(
                    Rule::PropertiesNotAMap,
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
            cx.warn(
                Rule::PropertiesNotAMap,
                &["properties"],
                format!("`properties` is {}; ignored", describe(Some(other))),
            );
            obj.remove("properties");
        }
    }
}

/// This schema's own `required` must be a list of names. A boolean here is
/// handled by the parent ([`Rule::RequiredNotAList`], in [`sub_schemas`]:
/// it knows the property's name); anything else is dropped.
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

/// Recurse into sub-schemas; `required: true` on a property moves up to this
/// schema's list ([`Rule::RequiredNotAList`]).
fn sub_schemas(obj: &mut Map<String, Value>, cx: &mut Ctx) {
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        let mut promoted = Vec::new();
        cx.enter("properties", |cx| {
            for (name, p) in props.iter_mut() {
                if let Some(Value::Bool(b)) = p.get("required") {
                    let b = *b;
                    cx.warn(
                        Rule::RequiredNotAList,
                        &[name, "required"],
                        format!(
                            "`required: {b}` on a property; {}",
                            if b {
                                "moved to the parent's `required` list"
                            } else {
                                "dropped"
                            }
                        ),
                    );
                    if b {
                        promoted.push(name.clone());
                    }
                    if let Some(o) = p.as_object_mut() {
                        o.remove("required");
                    }
                }
                cx.enter(name, |cx| schema(p, cx));
            }
        });
        if !promoted.is_empty() {
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
    }
    for key in ["items", "not"] {
        if let Some(sub) = obj.get_mut(key) {
            if sub.is_array() && key == "items" {
                // Tuple-style `items: [..]`: take the first schema.
                cx.warn(
                    Rule::BadKeywordValue,
                    &["items"],
                    "`items` is a list; the first entry is used".into(),
                );
                let first = sub
                    .as_array()
                    .and_then(|a| a.first().cloned())
                    .unwrap_or(Value::Object(Map::new()));
                *sub = first;
            }
            cx.enter(key, |cx| schema(sub, cx));
        }
    }
    match obj.get_mut("additionalProperties") {
        Some(sub @ Value::Object(_)) => cx.enter("additionalProperties", |cx| schema(sub, cx)),
        Some(Value::Bool(_)) | None => {}
        Some(other) => {
            cx.warn(
                Rule::BadKeywordValue,
                &["additionalProperties"],
                format!(
                    "`additionalProperties` is {}; ignored",
                    describe(Some(other))
                ),
            );
            obj.remove("additionalProperties");
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            cx.enter(key, |cx| {
                for (i, sub) in list.iter_mut().enumerate() {
                    cx.enter(&i.to_string(), |cx| schema(sub, cx));
                }
            });
        } else if obj.contains_key(key) {
            cx.warn(
                Rule::BadKeywordValue,
                &[key],
                format!("`{key}` is not a list; ignored"),
            );
            obj.remove(key);
        }
    }
}

/// [`Rule::EnumMismatch`].
fn enum_values(obj: &mut Map<String, Value>, cx: &mut Ctx) {
    let Some(Value::Array(values)) = obj.get("enum") else {
        if obj.contains_key("enum") {
            cx.warn(
                Rule::EnumMismatch,
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
            cx.warn(
                Rule::EnumMismatch,
                &["enum"],
                format!("`enum` values do not fit type {ty}; enum ignored"),
            );
            obj.remove("enum");
            return;
        }
    };
    cx.warn(
        Rule::EnumMismatch,
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
