//! One schema from several: the parts of an `allOf`, with a branch of each
//! `oneOf`/`anyOf` picked, merged so that one draw satisfies them all.

use crate::json;
use serde_json::{Map, Value};

/// One schema from several (the parts of an `allOf`, with a branch of each
/// `oneOf` picked): the union of properties and `required`, the tightest
/// bounds, the first `type` (conflicting types: unsatisfiable).
pub(super) fn merge(parts: &[Map<String, Value>]) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut typed_nullable = true;
    let mut any_typed = false;
    for part in parts {
        for (k, v) in part {
            match k.as_str() {
                "type" => {
                    any_typed = true;
                    match out.get("type") {
                        None => {
                            out.insert(k.clone(), v.clone());
                        }
                        Some(t) if t == v => {}
                        Some(t) if t == "number" && v == "integer" => {
                            out.insert(k.clone(), v.clone());
                        }
                        Some(t) if t == "integer" && v == "number" => {}
                        Some(t) => {
                            return Err(format!("allOf parts disagree on type ({t} and {v})"))
                        }
                    }
                }
                "nullable" => {}
                "properties" => {
                    let target = out
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let (Value::Object(t), Value::Object(p)) = (target, v) {
                        for (name, schema) in p {
                            let merged = match t.get(name) {
                                Some(prev) if prev != schema => {
                                    serde_json::json!({"allOf": [prev, schema]})
                                }
                                _ => schema.clone(),
                            };
                            t.insert(name.clone(), merged);
                        }
                    }
                }
                "required" => {
                    let target = out
                        .entry("required")
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let (Value::Array(t), Value::Array(r)) = (target, v) {
                        for name in r {
                            if !t.contains(name) {
                                t.push(name.clone());
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    let merged = match (out.get(k), v) {
                        (Some(Value::Bool(false)), _) | (_, Value::Bool(false)) => {
                            Value::Bool(false)
                        }
                        (Some(prev @ Value::Object(_)), Value::Object(_)) if prev != v => {
                            serde_json::json!({"allOf": [prev, v]})
                        }
                        (Some(prev @ Value::Object(_)), _) => prev.clone(),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), merged);
                }
                "items" => {
                    let merged = match out.get(k) {
                        Some(prev) if prev != v => serde_json::json!({"allOf": [prev, v]}),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), merged);
                }
                "enum" => {
                    let merged = match (out.get(k), v) {
                        (Some(Value::Array(prev)), Value::Array(new)) => Value::Array(
                            prev.iter()
                                .filter(|p| new.iter().any(|n| json::eq(p, n)))
                                .cloned()
                                .collect(),
                        ),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), merged);
                }
                "minimum" | "minLength" | "minItems" | "minProperties" => {
                    let m = match (out.get(k).and_then(Value::as_f64), v.as_f64()) {
                        (Some(a), Some(b)) if a >= b => out[k.as_str()].clone(),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), m);
                }
                "maximum" | "maxLength" | "maxItems" | "maxProperties" => {
                    let m = match (out.get(k).and_then(Value::as_f64), v.as_f64()) {
                        (Some(a), Some(b)) if a <= b => out[k.as_str()].clone(),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), m);
                }
                "exclusiveMinimum" | "exclusiveMaximum" | "uniqueItems" => {
                    if v.as_bool() == Some(true) {
                        out.insert(k.clone(), v.clone());
                    } else {
                        out.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                _ => {
                    out.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        if part.contains_key("type") && part.get("nullable").and_then(Value::as_bool) != Some(true)
        {
            typed_nullable = false;
        }
    }
    // Null only where every typed part allows it.
    if any_typed && typed_nullable {
        out.insert("nullable".into(), Value::Bool(true));
    }
    Ok(out)
}
