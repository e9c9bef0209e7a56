//! Small helpers on the JSON tree that several steps of normalization use:
//! pointer tokens, how a value is named in a warning, `components/schemas`
//! and free names in it. A leaf: it imports no other module of
//! normalization.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Tokens `at` + `more`.
pub(super) fn plus<S: AsRef<str>>(at: &[S], more: &[&str]) -> Vec<String> {
    at.iter()
        .map(|s| s.as_ref().to_string())
        .chain(more.iter().map(|s| s.to_string()))
        .collect()
}

/// What kind of value a keyword has, for a warning: "missing", "a list", …
pub(super) fn describe(v: Option<&Value>) -> &'static str {
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

/// `components/schemas` of the document root, made when missing; `None`
/// when either is not a map.
pub(super) fn component_schemas(root: &mut Map<String, Value>) -> Option<&mut Map<String, Value>> {
    root.entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// `base`, or `base2`, `base3`, … : the first name not in `taken` (then taken).
pub(super) fn first_free(base: &str, taken: &mut BTreeSet<String>) -> String {
    let name = std::iter::once(base.to_string())
        .chain((2..).map(|i| format!("{base}{i}")))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.to_string());
    taken.insert(name.clone());
    name
}
