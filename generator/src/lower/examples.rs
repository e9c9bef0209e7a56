//! Does an example contradict its own schema? An example that cannot decode
//! into our types is our bug, unless the spec's example disagrees with the
//! spec's schema (a string where it says integer, say). This check says which.
//!
//! Only real type conflicts count: `null` anywhere is accepted (every
//! optional or nullable field reads it), unknown enum values are accepted
//! (enums have an `Unknown` variant), and `[]` is accepted for an object
//! (PHP writes an empty map as `[]`).

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

const MAX_DEPTH: usize = 64;

/// `Some(reason)` when `value` contradicts `schema`.
pub fn contradiction(doc: &OpenAPI, value: &Value, schema: &ReferenceOr<Schema>) -> Option<String> {
    check(doc, value, schema, "", 0)
}

fn resolve<'a>(doc: &'a OpenAPI, s: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    let mut cur = s;
    for _ in 0..16 {
        match cur {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                cur = doc.components.as_ref()?.schemas.get(name)?;
            }
        }
    }
    None
}

fn unbox(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match s {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 40 {
        let mut cut = 37;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &s[..cut])
    } else {
        s
    }
}

fn check(
    doc: &OpenAPI,
    v: &Value,
    s: &ReferenceOr<Schema>,
    at: &str,
    depth: usize,
) -> Option<String> {
    if v.is_null() || depth > MAX_DEPTH {
        return None;
    }
    let s = resolve(doc, s)?;
    let bad = |what: &str| {
        Some(format!(
            "at {}: {} is not {what}",
            if at.is_empty() { "/" } else { at },
            short(v)
        ))
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => (!v.is_string()).then(|| bad("a string")).flatten(),
        SchemaKind::Type(Type::Integer(_)) => (v.as_i64().is_none() && v.as_u64().is_none())
            .then(|| bad("an integer"))
            .flatten(),
        SchemaKind::Type(Type::Number(_)) => (!v.is_number()).then(|| bad("a number")).flatten(),
        SchemaKind::Type(Type::Boolean(_)) => (!v.is_boolean()).then(|| bad("a boolean")).flatten(),
        SchemaKind::Type(Type::Array(a)) => {
            let Value::Array(items) = v else {
                return bad("an array");
            };
            let item_schema = a.items.as_ref().map(unbox)?;
            items.iter().enumerate().find_map(|(i, item)| {
                check(doc, item, &item_schema, &format!("{at}/{i}"), depth + 1)
            })
        }
        SchemaKind::Type(Type::Object(o)) => match v {
            Value::Object(map) => {
                if let Some(missing) = o
                    .required
                    .iter()
                    .find(|r| !map.contains_key(*r) && o.properties.contains_key(*r))
                {
                    return Some(format!(
                        "at {}: required property `{missing}` is missing",
                        if at.is_empty() { "/" } else { at }
                    ));
                }
                map.iter().find_map(|(k, item)| {
                    let prop = o.properties.get(k)?;
                    check(
                        doc,
                        item,
                        &unbox(prop),
                        &format!("{at}/{}", crate::pointer::escape(k)),
                        depth + 1,
                    )
                })
            }
            Value::Array(items) if items.is_empty() => None,
            _ => bad("an object"),
        },
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .find_map(|part| check(doc, v, part, at, depth + 1)),
        SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
            let reasons: Vec<String> = list
                .iter()
                .filter_map(|part| check(doc, v, part, at, depth + 1))
                .collect();
            (reasons.len() == list.len() && !list.is_empty())
                .then(|| reasons.into_iter().next())
                .flatten()
        }
        SchemaKind::Any(any) => match v {
            Value::Object(map) if !any.properties.is_empty() => map.iter().find_map(|(k, item)| {
                let prop = any.properties.get(k)?;
                check(
                    doc,
                    item,
                    &unbox(prop),
                    &format!("{at}/{}", crate::pointer::escape(k)),
                    depth + 1,
                )
            }),
            _ => None,
        },
        SchemaKind::Not { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> OpenAPI {
        serde_json::from_value(
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}),
        )
        .unwrap()
    }

    fn schema(v: Value) -> ReferenceOr<Schema> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn conflicts_are_found_with_their_path() {
        let s = schema(
            json!({"type": "object", "properties": {"rows": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}),
        );
        assert_eq!(
            contradiction(&doc(), &json!({"rows": [{"n": 1}, {"n": "x"}]}), &s).as_deref(),
            Some("at /rows/1/n: \"x\" is not an integer")
        );
        assert_eq!(
            contradiction(&doc(), &json!({"rows": [{"n": 1}, {"n": null}]}), &s),
            None
        );
        assert_eq!(
            contradiction(&doc(), &json!({"rows": [], "extra": true}), &s),
            None
        );
        assert!(contradiction(&doc(), &json!({"rows": [{"n": 1.5}]}), &s).is_some());
    }

    #[test]
    fn php_empty_object_is_fine() {
        let s = schema(json!({"type": "object", "properties": {"a": {"type": "string"}}}));
        assert_eq!(contradiction(&doc(), &json!([]), &s), None);
        assert!(contradiction(&doc(), &json!([1]), &s).is_some());
    }
}
