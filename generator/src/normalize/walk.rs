//! Visiting every Schema Object of an OpenAPI 3.x document (3.1 layout
//! included: `components/pathItems`, JSON Schema 2020-12 keywords), with its
//! pointer, parent before children, so a visitor may rewrite a schema and
//! then see its (new) sub-schemas.
//!
//! Used by the version upgrades ([`super::v31`], [`super::v20`] once the
//! document has the 3.0 layout) and by [`super::refs`]. Recursion is bounded
//! ([`MAX_NESTING`]): deeper schemas are left as they are. Which keywords
//! hold sub-schemas is [`crate::keywords`]' table.

use crate::keywords::{MAX_NESTING, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE, SCHEMA_ONE_OR_FLAG};
use serde_json::{Map, Value};

pub(super) trait Visitor {
    /// A Media Type Object, before its schema.
    fn media_type(&mut self, _mt: &mut Map<String, Value>, _at: &[String]) {}
    /// A schema (an object, or a boolean where 3.0 wants an object), before
    /// its sub-schemas. `root`: the schema is not inside another schema.
    fn schema(&mut self, s: &mut Value, at: &[String], root: bool);
}

/// Visit every schema of the document: paths, webhooks (3.1), then components.
pub(super) fn document(root: &mut Map<String, Value>, v: &mut dyn Visitor) {
    let mut at = Vec::new();
    for field in ["paths", "webhooks"] {
        if let Some(items) = root.get_mut(field).and_then(Value::as_object_mut) {
            at.push(field.to_string());
            for (p, item) in items.iter_mut() {
                at.push(p.clone());
                path_item(item, &mut at, v, 0);
                at.pop();
            }
            at.pop();
        }
    }
    let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    at.push("components".to_string());
    for (section, map) in components.iter_mut() {
        let Some(map) = map.as_object_mut() else {
            continue;
        };
        at.push(section.clone());
        for (name, item) in map.iter_mut() {
            at.push(name.clone());
            match section.as_str() {
                "schemas" => schema(item, &mut at, v, 0, true),
                "parameters" | "headers" => parameter(item, &mut at, v),
                "requestBodies" => body(item, &mut at, v),
                "responses" => response(item, &mut at, v),
                "callbacks" => callback(item, &mut at, v, 0),
                "pathItems" => path_item(item, &mut at, v, 0),
                _ => {}
            }
            at.pop();
        }
        at.pop();
    }
}

fn with<R>(at: &mut Vec<String>, token: &str, f: impl FnOnce(&mut Vec<String>) -> R) -> R {
    at.push(token.to_string());
    let r = f(at);
    at.pop();
    r
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn path_item(item: &mut Value, at: &mut Vec<String>, v: &mut dyn Visitor, depth: usize) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if let Some(list) = item.get_mut("parameters").and_then(Value::as_array_mut) {
        with(at, "parameters", |at| {
            for (i, p) in list.iter_mut().enumerate() {
                with(at, &i.to_string(), |at| parameter(p, at, v));
            }
        });
    }
    for (method, op) in item.iter_mut() {
        if !METHODS.contains(&method.as_str()) {
            continue;
        }
        let Some(op) = op.as_object_mut() else {
            continue;
        };
        at.push(method.clone());
        if let Some(list) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            with(at, "parameters", |at| {
                for (i, p) in list.iter_mut().enumerate() {
                    with(at, &i.to_string(), |at| parameter(p, at, v));
                }
            });
        }
        if let Some(b) = op.get_mut("requestBody") {
            with(at, "requestBody", |at| body(b, at, v));
        }
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            with(at, "responses", |at| {
                for (code, r) in responses.iter_mut() {
                    with(at, code, |at| response(r, at, v));
                }
            });
        }
        if let Some(cbs) = op.get_mut("callbacks").and_then(Value::as_object_mut) {
            with(at, "callbacks", |at| {
                for (name, cb) in cbs.iter_mut() {
                    with(at, name, |at| callback(cb, at, v, depth));
                }
            });
        }
        at.pop();
    }
}

fn callback(cb: &mut Value, at: &mut Vec<String>, v: &mut dyn Visitor, depth: usize) {
    // Callbacks hold path items, which hold callbacks: bounded.
    if depth >= 4 {
        return;
    }
    for (expr, item) in cb.as_object_mut().into_iter().flatten() {
        with(at, expr, |at| path_item(item, at, v, depth + 1));
    }
}

fn parameter(p: &mut Value, at: &mut Vec<String>, v: &mut dyn Visitor) {
    let Some(obj) = p.as_object_mut() else { return };
    if let Some(s) = obj.get_mut("schema") {
        with(at, "schema", |at| schema(s, at, v, 0, true));
    }
    if let Some(c) = obj.get_mut("content") {
        with(at, "content", |at| content(c, at, v));
    }
}

fn body(b: &mut Value, at: &mut Vec<String>, v: &mut dyn Visitor) {
    if let Some(c) = b.get_mut("content") {
        with(at, "content", |at| content(c, at, v));
    }
}

fn response(r: &mut Value, at: &mut Vec<String>, v: &mut dyn Visitor) {
    let Some(obj) = r.as_object_mut() else { return };
    if let Some(c) = obj.get_mut("content") {
        with(at, "content", |at| content(c, at, v));
    }
    if let Some(headers) = obj.get_mut("headers").and_then(Value::as_object_mut) {
        with(at, "headers", |at| {
            for (name, h) in headers.iter_mut() {
                with(at, name, |at| parameter(h, at, v));
            }
        });
    }
}

fn content(c: &mut Value, at: &mut Vec<String>, v: &mut dyn Visitor) {
    for (media, mt) in c.as_object_mut().into_iter().flatten() {
        let Some(mt) = mt.as_object_mut() else {
            continue;
        };
        at.push(media.clone());
        v.media_type(mt, at);
        if let Some(s) = mt.get_mut("schema") {
            with(at, "schema", |at| schema(s, at, v, 0, true));
        }
        at.pop();
    }
}

/// A schema and, recursively, its sub-schemas.
pub(super) fn schema(
    s: &mut Value,
    at: &mut Vec<String>,
    v: &mut dyn Visitor,
    depth: usize,
    root: bool,
) {
    if depth > MAX_NESTING || !(s.is_object() || s.is_boolean()) {
        return;
    }
    v.schema(s, at, root);
    let Some(obj) = s.as_object_mut() else { return };
    for (key, sub) in obj.iter_mut() {
        let key = key.as_str();
        if SCHEMA_MAPS.contains(&key) {
            for (name, child) in sub.as_object_mut().into_iter().flatten() {
                at.push(key.to_string());
                with(at, name, |at| schema(child, at, v, depth + 1, false));
                at.pop();
            }
        } else if SCHEMA_LISTS.contains(&key) || (key == "items" && sub.is_array()) {
            for (i, child) in sub.as_array_mut().into_iter().flatten().enumerate() {
                at.push(key.to_string());
                with(at, &i.to_string(), |at| {
                    schema(child, at, v, depth + 1, false)
                });
                at.pop();
            }
        } else if SCHEMA_ONE.contains(&key)
            || (SCHEMA_ONE_OR_FLAG.contains(&key) && sub.is_object())
        {
            with(at, key, |at| schema(sub, at, v, depth + 1, false));
        }
    }
}
