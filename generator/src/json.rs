//! Small facts about JSON values that several stages need: a value's text
//! cut short for a message, equality of numbers by value, and any
//! serializable value (a parsed document) as a JSON tree.

use serde_json::Value;

/// A value's JSON text, at most `max` bytes: cut at a character boundary
/// and ended with `...` when longer.
pub fn excerpt(v: &Value, max: usize) -> String {
    let s = v.to_string();
    if s.len() <= max {
        return s;
    }
    let mut cut = max.saturating_sub(3);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}...", &s[..cut])
}

/// JSON equality, numbers by value (`1` equals `1.0`).
pub fn eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(p), Some(q), _, _) => p == q,
                (_, _, Some(p), Some(q)) => p == q,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| eq(v, w)))
        }
        _ => a == b,
    }
}

/// A serializable value as a JSON tree (`null` if it cannot be one).
pub fn tree<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn excerpts_cut_at_a_character_boundary() {
        assert_eq!(excerpt(&json!("short"), 40), "\"short\"");
        let long = json!("ééééééééééééééééééééééééé");
        let cut = excerpt(&long, 12);
        assert!(cut.ends_with("...") && cut.len() <= 12, "{cut}");
    }

    #[test]
    fn numbers_are_equal_by_value() {
        assert!(eq(&json!([1, {"a": 2}]), &json!([1.0, {"a": 2.0}])));
        assert!(!eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(eq(&json!(u64::MAX), &json!(u64::MAX)));
    }
}
