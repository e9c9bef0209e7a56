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
            any_typed |= k == "type";
            merge_keyword(&mut out, k, v)?;
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

/// One keyword of a part, merged into what the earlier parts said.
fn merge_keyword(out: &mut Map<String, Value>, k: &str, v: &Value) -> Result<(), String> {
    let merged = match k {
        "type" => match out.get("type") {
            None => v.clone(),
            Some(t) if t == v => return Ok(()),
            Some(t) if t == "number" && v == "integer" => v.clone(),
            Some(t) if t == "integer" && v == "number" => return Ok(()),
            Some(t) => return Err(format!("allOf parts disagree on type ({t} and {v})")),
        },
        "nullable" => return Ok(()),
        "properties" => {
            merge_properties(out, v);
            return Ok(());
        }
        "required" => {
            merge_required(out, v);
            return Ok(());
        }
        "additionalProperties" => match (out.get(k), v) {
            (Some(Value::Bool(false)), _) | (_, Value::Bool(false)) => Value::Bool(false),
            (Some(prev @ Value::Object(_)), Value::Object(_)) if prev != v => {
                serde_json::json!({"allOf": [prev, v]})
            }
            (Some(prev @ Value::Object(_)), _) => prev.clone(),
            _ => v.clone(),
        },
        "items" => match out.get(k) {
            Some(prev) if prev != v => serde_json::json!({"allOf": [prev, v]}),
            _ => v.clone(),
        },
        "enum" => match (out.get(k), v) {
            (Some(Value::Array(prev)), Value::Array(new)) => Value::Array(
                prev.iter()
                    .filter(|p| new.iter().any(|n| json::eq(p, n)))
                    .cloned()
                    .collect(),
            ),
            _ => v.clone(),
        },
        "minimum" | "minLength" | "minItems" | "minProperties" => {
            tighter(out.get(k), v, |a, b| a >= b)
        }
        "maximum" | "maxLength" | "maxItems" | "maxProperties" => {
            tighter(out.get(k), v, |a, b| a <= b)
        }
        "exclusiveMinimum" | "exclusiveMaximum" | "uniqueItems" if v.as_bool() != Some(true) => {
            out.entry(k.to_string()).or_insert_with(|| v.clone());
            return Ok(());
        }
        "exclusiveMinimum" | "exclusiveMaximum" | "uniqueItems" => v.clone(),
        _ => {
            out.entry(k.to_string()).or_insert_with(|| v.clone());
            return Ok(());
        }
    };
    out.insert(k.to_string(), merged);
    Ok(())
}

/// The earlier bound when it is at least as tight (`keeps(earlier, new)`), else the new one.
fn tighter(earlier: Option<&Value>, new: &Value, keeps: fn(f64, f64) -> bool) -> Value {
    match (earlier, earlier.and_then(Value::as_f64), new.as_f64()) {
        (Some(e), Some(a), Some(b)) if keeps(a, b) => e.clone(),
        _ => new.clone(),
    }
}

/// Properties of both; one declared in both must satisfy both.
fn merge_properties(out: &mut Map<String, Value>, v: &Value) {
    let target = out
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if let (Value::Object(t), Value::Object(p)) = (target, v) {
        for (name, schema) in p {
            let merged = match t.get(name) {
                Some(prev) if prev != schema => serde_json::json!({"allOf": [prev, schema]}),
                _ => schema.clone(),
            };
            t.insert(name.clone(), merged);
        }
    }
}

/// Every name either requires.
fn merge_required(out: &mut Map<String, Value>, v: &Value) {
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
