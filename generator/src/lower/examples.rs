//! Examples: the documented examples of bodies and responses, request
//! examples composed from property examples, and whether an example
//! contradicts its own schema. An example that cannot decode into our types
//! is our bug, unless the spec's example disagrees with the spec's schema (a
//! string where it says integer, say). [`contradiction`] says which.
//!
//! Only real type conflicts count: `null` anywhere is accepted (every
//! optional or nullable field reads it), unknown enum values are accepted
//! (enums have an `Unknown` variant), and `[]` is accepted for an object
//! (PHP writes an empty map as `[]`).

use super::resolve::{resolve, unbox};
use crate::ir::Example;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use crate::keywords::MAX_DEPTH;

/// `Some(reason)` when `value` contradicts `schema`.
pub fn contradiction(doc: &OpenAPI, value: &Value, schema: &ReferenceOr<Schema>) -> Option<String> {
    check(doc, value, schema, "", 0)
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

/// An object example composed from the properties' own examples (nested
/// objects and arrays of objects too); `None` when no property has one.
/// Binary properties (files) are left out: they have no JSON form.
pub fn compose(doc: &OpenAPI, schema: &ReferenceOr<Schema>) -> Option<Value> {
    compose_at(doc, schema, 0)
}

fn compose_at(doc: &OpenAPI, schema: &ReferenceOr<Schema>, depth: usize) -> Option<Value> {
    if depth > 16 {
        return None;
    }
    let s = resolve(doc, schema)?;
    // An empty example (`[]`, PHP's empty map, or `{}`) says less than the
    // properties' own examples: compose those instead.
    let empty = |e: &Value| {
        matches!(e, Value::Array(a) if a.is_empty())
            || matches!(e, Value::Object(o) if o.is_empty())
    };
    if let Some(e) = s.schema_data.example.as_ref().filter(|e| !empty(e)) {
        return Some(e.clone());
    }
    let properties = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.properties,
        SchemaKind::Any(a) if !a.properties.is_empty() => &a.properties,
        SchemaKind::Type(Type::Array(a)) => {
            let item = compose_at(doc, &unbox(a.items.as_ref()?), depth + 1)?;
            return Some(Value::Array(vec![item]));
        }
        _ => return None,
    };
    let required = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.required,
        SchemaKind::Any(a) => &a.required,
        _ => return None,
    };
    let mut map = serde_json::Map::new();
    for (name, prop) in properties {
        let prop = unbox(prop);
        let binary = resolve(doc, &prop).is_some_and(|p| {
            matches!(&p.schema_kind, SchemaKind::Type(Type::String(st)) if matches!(st.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)))
        });
        match compose_at(doc, &prop, depth + 1).filter(|_| !binary) {
            Some(v) => {
                map.insert(name.clone(), v);
            }
            // The spec gives no value for a required property (or only a
            // file): there is no complete example to compose.
            None if required.contains(name) => return None,
            None => {}
        }
    }
    (!map.is_empty()).then_some(Value::Object(map))
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
                check_properties(doc, map, &o.properties, at, depth)
            }
            // PHP's empty map; fine unless the object has required properties.
            Value::Array(items) if items.is_empty() => o
                .required
                .iter()
                .find(|r| o.properties.contains_key(*r))
                .map(|r| {
                    format!(
                        "at {}: [] has no required property `{r}`",
                        if at.is_empty() { "/" } else { at }
                    )
                }),
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
            Value::Object(map) if !any.properties.is_empty() => {
                check_properties(doc, map, &any.properties, at, depth)
            }
            _ => None,
        },
        SchemaKind::Not { .. } => None,
    }
}

/// The first contradiction among the example's properties that the schema declares.
fn check_properties(
    doc: &OpenAPI,
    map: &serde_json::Map<String, Value>,
    properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    at: &str,
    depth: usize,
) -> Option<String> {
    map.iter().find_map(|(k, item)| {
        let prop = properties.get(k)?;
        check(
            doc,
            item,
            &unbox(prop),
            &format!("{at}/{}", crate::pointer::escape(k)),
            depth + 1,
        )
    })
}

/// A request body's examples: as documented, else composed from its
/// properties' examples (Scribe documents request bodies field by field, and
/// renders exactly this object as the request example).
pub fn request_examples(doc: &OpenAPI, mt: &openapiv3::MediaType) -> Vec<Example> {
    let mut out = media_examples(doc, mt);
    if out.is_empty() {
        if let Some(value) = mt.schema.as_ref().and_then(|s| compose(doc, s)) {
            let contradiction = mt
                .schema
                .as_ref()
                .and_then(|s| contradiction(doc, &value, s));
            out.push(Example {
                value,
                contradiction,
            });
        }
    }
    out
}

/// The documented examples of a media type (`example`, `examples`, else the
/// schema's own `example`), each checked against the media type's schema.
pub fn media_examples(doc: &OpenAPI, mt: &openapiv3::MediaType) -> Vec<Example> {
    let mut out = Vec::new();
    if let Some(e) = &mt.example {
        out.push(e.clone());
    }
    for ex in mt.examples.values() {
        if let Some(v) = resolve(doc, ex).and_then(|ex| ex.value.as_ref()) {
            out.push(v.clone());
        }
    }
    if out.is_empty() {
        if let Some(ReferenceOr::Item(s)) = &mt.schema {
            if let Some(e) = &s.schema_data.example {
                out.push(e.clone());
            }
        }
    }
    out.into_iter()
        .map(|value| {
            let contradiction = mt
                .schema
                .as_ref()
                .and_then(|s| contradiction(doc, &value, s));
            Example {
                value,
                contradiction,
            }
        })
        .collect()
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
    fn request_examples_are_composed_from_properties() {
        let s = schema(json!({"type": "object", "properties": {
            "name": {"type": "string", "example": "Ann"},
            "age": {"type": "integer"},
            "file": {"type": "string", "format": "binary", "example": "x"},
            "tags": {"type": "array", "items": {"type": "string", "example": "a"}},
            "address": {"type": "object", "properties": {"city": {"type": "string", "example": "Oslo"}}}
        }}));
        assert_eq!(
            compose(&doc(), &s),
            Some(json!({"name": "Ann", "tags": ["a"], "address": {"city": "Oslo"}}))
        );
        assert_eq!(
            compose(
                &doc(),
                &schema(json!({"type": "object", "properties": {"a": {"type": "string"}}}))
            ),
            None
        );
        let missing_required = json!({"type": "object", "required": ["f"], "properties": {"a": {"type": "string", "example": "x"}, "f": {"type": "string", "format": "binary"}}});
        assert_eq!(compose(&doc(), &schema(missing_required)), None);
    }

    #[test]
    fn php_empty_object_is_fine() {
        let s = schema(json!({"type": "object", "properties": {"a": {"type": "string"}}}));
        assert_eq!(contradiction(&doc(), &json!([]), &s), None);
        assert!(contradiction(&doc(), &json!([1]), &s).is_some());
    }
}
