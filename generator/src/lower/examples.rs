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
use crate::keywords::Format;
use crate::validate::Space;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

/// `Some(reason)` when `value` contradicts `schema` (the validator's
/// [`crate::validate::Mode::Conflicts`]).
pub fn contradiction(space: &Space, value: &Value, schema: &ReferenceOr<Schema>) -> Option<String> {
    space.contradiction(value, &crate::json::tree(schema))
}

/// An object example composed from the properties' own examples (nested
/// objects and arrays of objects too); `None` when no property has one.
/// Binary properties (files) are left out: they have no JSON form.
pub fn compose(doc: &OpenAPI, schema: &ReferenceOr<Schema>) -> Option<Value> {
    compose_at(doc, schema, 0)
}

fn compose_at(doc: &OpenAPI, schema: &ReferenceOr<Schema>, depth: usize) -> Option<Value> {
    if depth > crate::keywords::MAX_REFS {
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
            matches!(&p.schema_kind, SchemaKind::Type(Type::String(st)) if Format::of_string(&st.format) == Format::Binary)
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

/// A request body's examples: as documented, else composed from its
/// properties' examples (Scribe documents request bodies field by field, and
/// renders exactly this object as the request example).
pub fn request_examples(space: &Space, doc: &OpenAPI, mt: &openapiv3::MediaType) -> Vec<Example> {
    let mut out = media_examples(space, doc, mt);
    if out.is_empty() {
        if let Some(value) = mt.schema.as_ref().and_then(|s| compose(doc, s)) {
            let contradiction = mt
                .schema
                .as_ref()
                .and_then(|s| contradiction(space, &value, s));
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
pub fn media_examples(space: &Space, doc: &OpenAPI, mt: &openapiv3::MediaType) -> Vec<Example> {
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
                .and_then(|s| contradiction(space, &value, s));
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
}
