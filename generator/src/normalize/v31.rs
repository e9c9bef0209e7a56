//! OpenAPI 3.1 → 3.0, on the JSON tree. Each change is a rule of the
//! `v31-*` family (plus [`Rule::RefSiblings`], [`Rule::SchemaDefs`] and
//! [`Rule::LocalRef`], shared with 2.0), warned at its pointer in the
//! original document.
//!
//! Order: the document's own fields; every schema, parent before children
//! (booleans, `$ref` siblings, `const`, type lists, `null` branches,
//! `examples`, numeric exclusive bounds, `prefixItems`, content encodings);
//! `components/pathItems` and `webhooks`; then references ([`super::refs`]),
//! which may move schemas (hoisted `$defs`).

use super::log::Log;
use super::refs::{self, ref_siblings};
use super::tree::{component_schemas, first_free, plus};
use super::walk::{self, Grammar, Visitor};
use crate::keywords::type_keywords;
use crate::rules::Rule;
use serde_json::{json, Map, Value};

/// Whether a `jsonSchemaDialect` is the OpenAPI dialect: 3.1's
/// `https://spec.openapis.org/oas/3.1/dialect/base`, or a dated one of 3.1
/// or 3.2 (`https://spec.openapis.org/oas/3.2/dialect/2025-09-17`).
fn is_openapi_dialect(uri: &str) -> bool {
    uri.strip_prefix("https://spec.openapis.org/oas/3.")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, rest)| rest.starts_with("dialect/"))
}

pub(super) fn upgrade(doc: &mut Value, log: &mut Log) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    document_fields(root, log);
    walk::document(root, Grammar::V31, &mut Schemas { log });
    path_items(root, log);
    webhooks(root, log);
    log.moves.next_stage();
    refs::resolve(doc, log);
    refs::unwrap_recursive(doc, log);
}

/// [`Rule::V31Dialect`] and [`Rule::V31Field`]: the fields of the document
/// itself that 3.0 has no place for.
fn document_fields(root: &mut Map<String, Value>, log: &mut Log) {
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        if !dialect.as_str().is_some_and(is_openapi_dialect) {
            log.warn(
                Rule::V31Dialect,
                &["jsonSchemaDialect"],
                &[],
                format!(
                    "schemas declare the dialect {dialect}; they are read as the OpenAPI dialect"
                ),
            );
        }
    }
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        if let Some(summary) = info.remove("summary") {
            if let Some(summary) = summary.as_str().filter(|s| !s.trim().is_empty()) {
                let description = match info.get("description").and_then(Value::as_str) {
                    Some(d) if !d.trim().is_empty() => format!("{summary}\n\n{d}"),
                    _ => summary.to_string(),
                };
                info.insert("description".into(), Value::String(description));
            }
            log.warn(
                Rule::V31Field,
                &["info", "summary"],
                &[],
                "`info.summary` (3.1): put at the start of `info.description`".into(),
            );
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            if let Some(id) = license.remove("identifier") {
                let url = id
                    .as_str()
                    .filter(|_| !license.contains_key("url"))
                    .map(|id| format!("https://spdx.org/licenses/{id}.html"));
                let message = match &url {
                    Some(u) => format!("`license.identifier` (3.1): read as the license URL {u}"),
                    None => "`license.identifier` (3.1): dropped (the license has a URL)".into(),
                };
                if let Some(u) = url {
                    license.insert("url".into(), Value::String(u));
                }
                log.warn(
                    Rule::V31Field,
                    &["info", "license", "identifier"],
                    &[],
                    message,
                );
            }
        }
    }
    if !root.get("paths").is_some_and(Value::is_object) {
        log.warn(
            Rule::V31Field,
            &["paths"],
            &[],
            "no `paths` (3.1 allows a document without them): read as no operations".into(),
        );
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (tokens, op) in walk::operations(item) {
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                if !op.contains_key("responses") {
                    op.insert("responses".into(), Value::Object(Map::new()));
                    log.warn(
                        Rule::V31Field,
                        &[plus(&["paths", path.as_str()], &[]), tokens].concat(),
                        &[],
                        "operation without `responses` (3.1 allows it): read as no documented response".into(),
                    );
                }
            }
        }
    }
    mutual_tls(root, log);
}

/// [`Rule::V31Field`]: `mutualTLS` security schemes (3.1), dropped.
fn mutual_tls(root: &mut Map<String, Value>, log: &mut Log) {
    let schemes = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut);
    if let Some(schemes) = schemes {
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual {
            schemes.shift_remove(&name);
            log.warn(
                Rule::V31Field,
                &["components", "securitySchemes", &name],
                &[],
                "`mutualTLS` security scheme (3.1): the client cannot present a certificate; dropped (configure TLS on the HTTP client)".into(),
            );
        }
    }
}

/// [`Rule::V31PathItems`]: path items that `$ref` `components/pathItems` get
/// the referenced item (their own fields win); the section is dropped.
fn path_items(root: &mut Map<String, Value>, log: &mut Log) {
    let Some(items) = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("pathItems"))
    else {
        return;
    };
    let items = match items {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let mut used = std::collections::BTreeSet::new();
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(obj) = item.as_object_mut() else {
                continue;
            };
            let mut name = None;
            // A path item may `$ref` one that `$ref`s another: follow a few.
            for _ in 0..8 {
                let Some(target) = obj
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                    .map(|n| n.replace("~1", "/").replace("~0", "~"))
                else {
                    break;
                };
                let Some(Value::Object(found)) = items.get(&target) else {
                    break;
                };
                obj.remove("$ref");
                for (k, v) in found {
                    if !obj.contains_key(k) {
                        obj.insert(k.clone(), v.clone());
                    }
                }
                used.insert(target.clone());
                name.get_or_insert(target);
            }
            if let Some(name) = name {
                log.warn(
                    Rule::V31PathItems,
                    &["paths", path.as_str(), "$ref"],
                    &[],
                    format!("path item `$ref` to `components/pathItems/{name}` (3.1): inlined"),
                );
                log.moved(
                    &["paths", path.as_str()],
                    &["components", "pathItems", &name],
                );
            }
        }
    }
    let unused: Vec<&String> = items.keys().filter(|k| !used.contains(*k)).collect();
    if !unused.is_empty() {
        log.warn(
            Rule::V31PathItems,
            &["components", "pathItems"],
            &[],
            format!(
                "path items no path refers to ({}): not operations of the client; dropped",
                unused
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
}

/// [`Rule::V31Webhooks`]: requests the API sends, one warning each naming
/// its payload type. An inline payload moves to `components/schemas` (as
/// `{name}Webhook`) so a receiver has a type for it too.
fn webhooks(root: &mut Map<String, Value>, log: &mut Log) {
    let Some(mut hooks) = root.remove("webhooks") else {
        return;
    };
    let mut taken: std::collections::BTreeSet<String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for (name, item) in hooks.as_object_mut().into_iter().flatten() {
        let mut methods = Vec::new();
        let mut payloads = Vec::new();
        let ops = item
            .as_object_mut()
            .map(walk::operations)
            .unwrap_or_default();
        for (tokens, op) in ops {
            let method = tokens.last().cloned().unwrap_or_default();
            methods.push(method.to_ascii_uppercase());
            let content = op
                .pointer_mut("/requestBody/content")
                .and_then(Value::as_object_mut);
            for (media, mt) in content.into_iter().flatten() {
                let Some(schema) = mt.get_mut("schema") else {
                    continue;
                };
                let named = schema
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    .map(str::to_owned);
                let text = match named {
                    Some(n) => format!("`{n}` (a component schema: its type is generated)"),
                    None => {
                        let Some(schemas) = component_schemas(root) else {
                            continue;
                        };
                        let component = first_free(&format!("{name}Webhook"), &mut taken);
                        schemas.insert(component.clone(), schema.take());
                        let was = [
                            plus(&["webhooks", name.as_str()], &[]),
                            tokens.clone(),
                            plus(&["requestBody", "content", media.as_str(), "schema"], &[]),
                        ]
                        .concat();
                        log.moved(&["components", "schemas", component.as_str()], &was);
                        format!(
                            "an inline schema, generated as the type of component `{component}`"
                        )
                    }
                };
                if !payloads.contains(&text) {
                    payloads.push(text);
                }
            }
        }
        let payload = if payloads.is_empty() {
            String::new()
        } else {
            format!("; payload: {}", payloads.join(", "))
        };
        log.warn(Rule::V31Webhooks, &["webhooks", name.as_str()], &[], format!(
                "webhook `{name}` ({}): a request the API sends, not an operation of the client; dropped{payload}",
                if methods.is_empty() { "no operation".to_string() } else { methods.join(", ") }
            ));
    }
}

/// The schema rules, on every schema of the document.
struct Schemas<'u, 'w> {
    log: &'u mut Log<'w>,
}

impl Visitor for Schemas<'_, '_> {
    /// [`Rule::V31Examples`] at the top of a media type: its schema's
    /// `examples` are the media type's examples, so every one is checked.
    fn media_type(&mut self, mt: &mut Map<String, Value>, at: &[String]) {
        if mt.contains_key("example") || mt.contains_key("examples") {
            return;
        }
        let list = match mt.get("schema").and_then(|s| s.get("examples")) {
            Some(Value::Array(list)) if list.len() > 1 => list.clone(),
            _ => return,
        };
        let n = list.len();
        let examples: Map<String, Value> = list
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("example{}", i + 1), json!({ "value": v })))
            .collect();
        mt.insert("examples".into(), Value::Object(examples));
        self.log.warn(
            Rule::V31Examples,
            at,
            &["schema", "examples"],
            format!("the schema's {n} `examples` (3.1) are also the media type's `examples`"),
        );
    }

    fn schema(&mut self, s: &mut Value, at: &[String], _via: Option<&str>) {
        let log = &mut *self.log;
        if let Value::Bool(b) = *s {
            *s = if b { json!({}) } else { json!({"not": {}}) };
            log.warn(
                Rule::V31BooleanSchema,
                at,
                &[],
                format!(
                    "`{b}` as a schema (3.1): read as {}",
                    if b {
                        "any value"
                    } else {
                        "`not: {}` (no value)"
                    }
                ),
            );
            return;
        }
        let Some(obj) = s.as_object_mut() else { return };
        ref_siblings(obj, at, log);
        if obj.contains_key("$ref") {
            return;
        }
        const_value(obj, at, log);
        type_list(obj, at, log);
        null_branches(obj, at, log);
        examples(obj, at, log);
        exclusive_bounds(obj, at, log);
        prefix_items(obj, at, log);
        content_encoding(obj, at, log);
    }
}

/// The JSON type of a value, as a schema `type`.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// [`Rule::V31Const`].
fn const_value(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let Some(value) = obj.remove("const") else {
        return;
    };
    let ty = json_type(&value);
    let shown = value.to_string();
    if value.is_null() {
        obj.insert("nullable".into(), Value::Bool(true));
        log.warn(
            Rule::V31Const,
            at,
            &["const"],
            "`const: null` (3.1): read as nullable".into(),
        );
        return;
    }
    obj.insert("enum".into(), Value::Array(vec![value]));
    let typed = if obj.contains_key("type") {
        String::new()
    } else {
        obj.insert("type".into(), Value::String(ty.into()));
        format!("type: {ty}, ")
    };
    log.warn(
        Rule::V31Const,
        at,
        &["const"],
        format!("`const: {shown}` (3.1): read as `{typed}enum: [{shown}]`"),
    );
}

/// [`Rule::V31TypeList`].
fn type_list(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    if obj.get("type").and_then(Value::as_str) == Some("null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
        log.warn(
            Rule::V31TypeList,
            at,
            &["type"],
            "type \"null\" (3.1): read as nullable (always null)".into(),
        );
        return;
    }
    let Some(Value::Array(types)) = obj.get("type") else {
        return;
    };
    let shown = Value::Array(types.clone()).to_string();
    let nullable = types.iter().any(|t| t == "null");
    let mut rest: Vec<String> = Vec::new();
    for t in types.iter().filter_map(Value::as_str) {
        if t != "null" && !rest.iter().any(|r| r == t) {
            rest.push(t.to_string());
        }
    }
    if rest.iter().any(|t| t == "number") {
        rest.retain(|t| t != "integer");
    }
    let read_as = match rest.len() {
        0 => {
            obj.remove("type");
            "any value".to_string()
        }
        1 => {
            obj.insert("type".into(), Value::String(rest[0].clone()));
            rest[0].clone()
        }
        _ if obj.contains_key("anyOf") || obj.contains_key("oneOf") => {
            obj.remove("type");
            "any value (the schema already has `anyOf`/`oneOf`)".to_string()
        }
        _ => {
            split_types(obj, &rest, at, log);
            format!("`anyOf` {}", rest.join(" | "))
        }
    };
    if nullable {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    log.warn(
        Rule::V31TypeList,
        at,
        &["type"],
        format!(
            "type {shown} (3.1): read as {read_as}{}",
            if nullable { ", nullable" } else { "" }
        ),
    );
}

/// One `anyOf` branch per type, each taking the keywords of its type (and
/// the `enum` values of its type).
fn split_types(obj: &mut Map<String, Value>, types: &[String], at: &[String], log: &mut Log) {
    obj.remove("type");
    let format_owner = types
        .iter()
        .find(|t| matches!(t.as_str(), "string" | "number" | "integer"))
        .cloned();
    let values = match obj.remove("enum") {
        Some(Value::Array(v)) => Some(v),
        _ => None,
    };
    let mut branches = Vec::new();
    let mut moved: Vec<&str> = Vec::new();
    for (k, t) in types.iter().enumerate() {
        let mut branch = Map::new();
        branch.insert("type".into(), Value::String(t.clone()));
        for &kw in type_keywords(t)
            .iter()
            .chain(Some(&"format").filter(|_| format_owner.as_deref() == Some(t)))
        {
            if let Some(v) = obj.get(kw) {
                branch.insert(kw.into(), v.clone());
                moved.push(kw);
            }
        }
        if let Some(values) = &values {
            let mine: Vec<Value> = values
                .iter()
                .filter(|v| {
                    let vt = json_type(v);
                    vt == t || (vt == "integer" && t == "number")
                })
                .cloned()
                .collect();
            if !mine.is_empty() {
                branch.insert("enum".into(), Value::Array(mine));
            }
        }
        log.moved(&plus(at, &["anyOf", &k.to_string()]), at);
        branches.push(Value::Object(branch));
    }
    for kw in moved {
        obj.remove(kw);
    }
    obj.insert("anyOf".into(), Value::Array(branches));
}

/// Is this `anyOf`/`oneOf` branch "the value is null"?
fn is_null_branch(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    let null_type = match o.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => false,
    };
    let null_value = o.get("const") == Some(&Value::Null) || o.get("enum") == Some(&json!([null]));
    (null_type || null_value)
        && o.keys().all(|k| {
            matches!(
                k.as_str(),
                "type" | "const" | "enum" | "description" | "title" | "nullable"
            ) || k.starts_with("x-")
        })
}

/// [`Rule::V31NullBranch`].
fn null_branches(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(list)) = obj.get_mut(key) else {
            continue;
        };
        if !list.iter().any(is_null_branch) {
            continue;
        }
        let old = std::mem::take(list);
        let mut removed = Vec::new();
        for (i, v) in old.into_iter().enumerate() {
            if is_null_branch(&v) {
                removed.push(i);
                continue;
            }
            log.moved(
                &plus(at, &[key, &list.len().to_string()]),
                &plus(at, &[key, &i.to_string()]),
            );
            list.push(v);
        }
        let left = list.len();
        if left == 0 {
            obj.remove(key);
        }
        obj.insert("nullable".into(), Value::Bool(true));
        for i in removed {
            log.warn(
                Rule::V31NullBranch,
                at,
                &[key, &i.to_string()],
                format!(
                    "`{{type: 'null'}}` branch of `{key}` (3.1): removed, the schema is nullable{}",
                    if left == 0 { " (and any value)" } else { "" }
                ),
            );
        }
    }
}

/// [`Rule::V31Examples`] on a schema.
fn examples(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let Some(examples) = obj.remove("examples") else {
        return;
    };
    let values: Vec<Value> = match examples {
        Value::Array(list) => list,
        Value::Object(map) => map.into_iter().map(|(_, v)| v).collect(),
        other => vec![other],
    };
    let n = values.len();
    let message = if obj.contains_key("example") {
        format!("`examples` ({n}, 3.1): dropped, the schema has an `example`")
    } else if let Some(first) = values.into_iter().next() {
        obj.insert("example".into(), first);
        format!("`examples` ({n}, 3.1): the first is read as `example`")
    } else {
        "`examples` is empty: dropped".into()
    };
    log.warn(Rule::V31Examples, at, &["examples"], message);
}

/// [`Rule::V31ExclusiveBound`].
fn exclusive_bounds(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    for (flag, bound, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(n)) = obj.get(flag) else {
            continue;
        };
        let n = n.clone();
        let existing = obj.get(bound).and_then(Value::as_f64);
        let ours = n.as_f64().unwrap_or(0.0);
        let tighter = match existing {
            None => true,
            Some(b) => ours
                .partial_cmp(&b)
                .is_some_and(|o| o == stricter || o.is_eq()),
        };
        if tighter {
            obj.insert(bound.into(), Value::Number(n.clone()));
            obj.insert(flag.into(), Value::Bool(true));
        } else {
            obj.remove(flag);
        }
        log.warn(
            Rule::V31ExclusiveBound,
            at,
            &[flag],
            if tighter {
                format!("`{flag}: {n}` (3.1): read as `{bound}: {n}, {flag}: true`")
            } else {
                format!("`{flag}: {n}` (3.1): dropped, `{bound}` is stricter")
            },
        );
    }
}

/// [`Rule::V31PrefixItems`].
fn prefix_items(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let Some(prefix) = obj.remove("prefixItems") else {
        return;
    };
    let Value::Array(list) = prefix else {
        log.warn(
            Rule::V31PrefixItems,
            at,
            &["prefixItems"],
            "`prefixItems` is not a list: ignored".into(),
        );
        return;
    };
    let n = list.len();
    let mut schemas: Vec<(Value, Vec<String>)> = Vec::new();
    for (i, s) in list.into_iter().enumerate() {
        if !schemas.iter().any(|(x, _)| *x == s) {
            schemas.push((s, plus(at, &["prefixItems", &i.to_string()])));
        }
    }
    let mut any = false;
    match obj.remove("items") {
        Some(Value::Bool(true)) => any = true,
        Some(s @ Value::Object(_)) if !schemas.iter().any(|(x, _)| *x == s) => {
            schemas.push((s, plus(at, &["items"])));
        }
        _ => {}
    }
    let read_as = if any || schemas.is_empty() {
        obj.insert("items".into(), json!({}));
        "an array of any values".to_string()
    } else if schemas.len() == 1 {
        let (s, from) = schemas.pop().expect("one schema");
        log.moved(&plus(at, &["items"]), &from);
        obj.insert("items".into(), s);
        "an array of its one item schema".to_string()
    } else {
        let k = schemas.len();
        let mut branches = Vec::new();
        for (i, (s, from)) in schemas.into_iter().enumerate() {
            log.moved(&plus(at, &["items", "anyOf", &i.to_string()]), &from);
            branches.push(s);
        }
        obj.insert("items".into(), json!({ "anyOf": branches }));
        format!("an array of `anyOf` its {k} item schemas")
    };
    obj.entry("type")
        .or_insert_with(|| Value::String("array".into()));
    log.warn(
        Rule::V31PrefixItems,
        at,
        &["prefixItems"],
        format!("`prefixItems` (a tuple of {n}, 3.1): read as {read_as}"),
    );
}

/// [`Rule::V31ContentEncoding`].
fn content_encoding(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let encoding = obj.remove("contentEncoding");
    let media = obj.remove("contentMediaType");
    obj.remove("contentSchema");
    if encoding.is_none() && media.is_none() {
        return;
    }
    let encoding = encoding
        .as_ref()
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    let media = media
        .as_ref()
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    let binary_media = media.as_deref().is_some_and(|m| {
        !(m.starts_with("text/")
            || m.contains("json")
            || m.contains("xml")
            || m == "application/x-www-form-urlencoded")
    });
    let format = match encoding.as_deref() {
        Some("base64" | "base64url") => Some("byte"),
        None if binary_media => Some("binary"),
        _ => None,
    };
    let (key, shown) = match (&encoding, &media) {
        (Some(e), _) => ("contentEncoding", e.clone()),
        (None, Some(m)) => ("contentMediaType", m.clone()),
        (None, None) => ("contentMediaType", String::new()),
    };
    let message = match format {
        Some(f) if !obj.contains_key("format") => {
            obj.insert("format".into(), Value::String(f.into()));
            obj.entry("type")
                .or_insert_with(|| Value::String("string".into()));
            format!("`{key}: {shown}` (3.1): read as `format: {f}`")
        }
        _ => format!("`{key}: {shown}` (3.1): read as a plain string"),
    };
    log.warn(Rule::V31ContentEncoding, at, &[key], message);
}

#[cfg(test)]
mod tests {
    use crate::pointer::Relocations;
    use crate::rules::{Rule, Warning};
    use serde_json::{json, Value};

    fn upgrade(mut doc: Value) -> (Value, Vec<Warning>, Relocations) {
        let mut w = Vec::new();
        let moves = super::super::upgrade::upgrade(
            &mut doc,
            super::super::upgrade::Version::OpenApi31,
            &mut w,
        );
        (doc, w, moves)
    }

    fn with_schema(s: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "paths": {"/x": {"get": {"responses": {"200": {"description": "ok",
                 "content": {"application/json": {"schema": s}}}}}}}})
    }

    const AT: &str = "/paths/~1x/get/responses/200/content/application~1json/schema";

    fn schema_of(s: Value) -> (Value, Vec<Warning>) {
        let (doc, w, _) = upgrade(with_schema(s));
        (doc.pointer(AT).unwrap().clone(), w)
    }

    #[test]
    fn type_lists() {
        let (s, w) = schema_of(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(
            s,
            json!({"type": "string", "maxLength": 3, "nullable": true})
        );
        assert_eq!(w[0].rule, Rule::V31TypeList);
        assert_eq!(w[0].pointer, format!("{AT}/type"));
        let (s, _) = schema_of(json!({"type": ["null"]}));
        assert_eq!(s, json!({"nullable": true}));
        let (s, w) = schema_of(json!({"type": "null"}));
        assert_eq!(s, json!({"nullable": true}));
        assert_eq!(w[0].rule, Rule::V31TypeList);
        let (s, _) = schema_of(json!({"type": ["integer", "number"]}));
        assert_eq!(s, json!({"type": "number"}));
        let (s, _) = schema_of(json!({"type": ["null", "object", "array", "string"],
            "additionalProperties": {}, "items": {"type": "integer"}, "format": "date",
            "enum": ["a", [1], null], "description": "d"}));
        assert_eq!(
            s,
            json!({"description": "d", "nullable": true, "anyOf": [
                {"type": "object", "additionalProperties": {}},
                {"type": "array", "items": {"type": "integer"}, "enum": [[1]]},
                {"type": "string", "format": "date", "enum": ["a"]}]})
        );
    }

    #[test]
    fn null_branches_make_the_schema_nullable() {
        let (s, w) = schema_of(
            json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "title": "T"}),
        );
        assert_eq!(
            s,
            json!({"anyOf": [{"$ref": "#/components/schemas/A"}], "title": "T", "nullable": true})
        );
        assert_eq!(w[0].rule, Rule::V31NullBranch);
        assert_eq!(w[0].pointer, format!("{AT}/anyOf/1"));
        // The moved branch is found where it was.
        let (_, _, moves) = upgrade(with_schema(
            json!({"oneOf": [{"type": "null"}, {"type": "string"}]}),
        ));
        assert_eq!(
            moves.original(&format!("{AT}/oneOf/0")),
            format!("{AT}/oneOf/1")
        );
    }

    #[test]
    fn const_keeps_the_json_type() {
        for (c, ty) in [
            (json!(3), "integer"),
            (json!(2.5), "number"),
            (json!("a"), "string"),
            (json!(true), "boolean"),
        ] {
            let (s, w) = schema_of(json!({"const": c}));
            assert_eq!(s, json!({"enum": [c], "type": ty}));
            assert_eq!(w[0].rule, Rule::V31Const);
        }
        let (s, _) = schema_of(json!({"type": "string", "const": "x", "default": "x"}));
        assert_eq!(s, json!({"type": "string", "enum": ["x"], "default": "x"}));
    }

    #[test]
    fn examples_become_example_and_media_examples() {
        let (doc, w, _) = upgrade(with_schema(json!({"type": "integer", "examples": [1, 2]})));
        let mt = doc
            .pointer("/paths/~1x/get/responses/200/content/application~1json")
            .unwrap();
        assert_eq!(mt["schema"], json!({"type": "integer", "example": 1}));
        assert_eq!(
            mt["examples"],
            json!({"example1": {"value": 1}, "example2": {"value": 2}})
        );
        assert!(w.iter().all(|w| w.rule == Rule::V31Examples));
        assert_eq!(w.len(), 2);
        // Below the top, only `example`.
        let (s, _) = schema_of(
            json!({"type": "object", "properties": {"a": {"type": "string", "examples": ["x", "y"]}}}),
        );
        assert_eq!(
            s["properties"]["a"],
            json!({"type": "string", "example": "x"})
        );
    }

    #[test]
    fn exclusive_bounds_and_tuples_and_encodings() {
        let (s, _) = schema_of(
            json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5}),
        );
        assert_eq!(
            s,
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0, "maximum": 5})
        );
        let (s, _) = schema_of(
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]}),
        );
        assert_eq!(s, json!({"type": "array", "items": {"type": "string"}}));
        let (s, _) = schema_of(
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}),
        );
        assert_eq!(
            s,
            json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        );
        let (s, _) = schema_of(json!({"type": "string", "contentMediaType": "image/png"}));
        assert_eq!(s, json!({"type": "string", "format": "binary"}));
        let (s, _) = schema_of(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(s, json!({"type": "string", "format": "byte"}));
        let (s, _) = schema_of(json!({"type": "string", "contentMediaType": "application/json"}));
        assert_eq!(s, json!({"type": "string"}));
    }

    #[test]
    fn boolean_schemas() {
        let (s, w) = schema_of(
            json!({"type": "object", "properties": {"a": true, "b": false}, "additionalProperties": false}),
        );
        assert_eq!(
            s,
            json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}, "additionalProperties": false})
        );
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].pointer, format!("{AT}/properties/a"));
    }

    #[test]
    fn document_fields() {
        let (doc, w, _) = upgrade(json!({"openapi": "3.1.0",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": {"title": "t", "version": "1", "summary": "S", "description": "D",
                     "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ping"}}}}}}},
            "components": {"securitySchemes": {"m": {"type": "mutualTLS"}}}}));
        assert_eq!(doc["info"]["description"], "S\n\nD");
        assert_eq!(
            doc["info"]["license"],
            json!({"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"})
        );
        assert_eq!(doc["paths"], json!({}));
        assert!(doc.get("webhooks").is_none() && doc.get("jsonSchemaDialect").is_none());
        assert_eq!(doc["components"]["securitySchemes"], json!({}));
        let rules: Vec<Rule> = w.iter().map(|w| w.rule).collect();
        assert_eq!(
            rules,
            [
                Rule::V31Dialect,
                Rule::V31Field,
                Rule::V31Field,
                Rule::V31Field,
                Rule::V31Field,
                Rule::V31Webhooks
            ]
        );
        assert!(
            w[5].message.contains("`Ping` (a component schema"),
            "{}",
            w[5].message
        );
    }

    #[test]
    fn an_inline_webhook_payload_becomes_a_component() {
        let (doc, w, moves) = upgrade(json!({"openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "webhooks": {"fed": {"post": {"requestBody": {"content": {"application/json": {"schema":
                {"type": "object", "properties": {"food": {"type": ["string", "null"]}}}}}}}}},
            "components": {"schemas": {"fedWebhook": {"type": "string"}}}}));
        // Upgraded to 3.0 in place first, then moved under a free name.
        assert_eq!(
            doc["components"]["schemas"]["fedWebhook2"],
            json!({"type": "object", "properties": {"food": {"type": "string", "nullable": true}}})
        );
        assert_eq!(
            doc["components"]["schemas"]["fedWebhook"],
            json!({"type": "string"})
        );
        assert!(doc.get("webhooks").is_none());
        // The type-list warning points into the webhook as written.
        let list = w.iter().find(|w| w.rule == Rule::V31TypeList).unwrap();
        assert_eq!(
            list.pointer,
            "/webhooks/fed/post/requestBody/content/application~1json/schema/properties/food/type"
        );
        let hook = w.iter().find(|w| w.rule == Rule::V31Webhooks).unwrap();
        assert!(hook.message.contains("`fedWebhook2`"), "{}", hook.message);
        // Later warnings on the component map back to the webhook.
        assert_eq!(
            moves.original("/components/schemas/fedWebhook2/properties/food"),
            "/webhooks/fed/post/requestBody/content/application~1json/schema/properties/food"
        );
    }

    #[test]
    fn deep_schemas_do_not_exhaust_a_test_threads_stack() {
        // As deep as the JSON parser allows (128): the walk is bounded and
        // small enough per level for a 2 MiB debug test thread.
        let mut s = json!({"type": ["string", "null"]});
        for _ in 0..115 {
            s = json!({"type": ["array", "null"], "items": s});
        }
        let (doc, w, _) = upgrade(with_schema(s));
        assert!(w.len() > 100);
        assert_eq!(doc.pointer(AT).unwrap()["type"], "array");
    }

    #[test]
    fn path_items_are_inlined() {
        let (doc, w, moves) = upgrade(
            json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "mine"}},
            "components": {"pathItems": {"A": {"summary": "theirs", "get": {"responses": {}}}, "B": {}}}}),
        );
        assert_eq!(
            doc["paths"]["/a"],
            json!({"summary": "mine", "get": {"responses": {}}})
        );
        assert!(doc["components"].get("pathItems").is_none());
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].pointer, "/paths/~1a/$ref");
        assert!(w[1].message.contains("`B`"), "{}", w[1].message);
        assert_eq!(
            moves.original("/paths/~1a/get"),
            "/components/pathItems/A/get"
        );
    }
}
