use super::scalars::base64;
use super::*;
use crate::keywords::Format;
use crate::validate::format_ok;
use serde_json::json;

/// A document whose `components.schemas` are `schemas`, with one operation
/// per entry of `paths` (given as JSON).
fn doc_with(schemas: Value, paths: Value) -> OpenAPI {
    serde_json::from_value(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }))
    .unwrap()
}

fn doc(schemas: Value) -> OpenAPI {
    doc_with(schemas, json!({}))
}

/// `n` draws of `schema` (seeded), each checked valid by the validator.
fn draws(doc: &OpenAPI, schema: &Value, n: usize) -> Vec<Result<Value, String>> {
    let space = Space::new(doc);
    let mut rng = Rng::new(7);
    (0..n)
        .map(|_| {
            let r = draw_root(&space, schema, None, &mut rng);
            if let Ok(v) = &r {
                if let Err(e) = space.validate(v, schema) {
                    panic!("drew an invalid value {v}: {e}");
                }
            }
            r
        })
        .collect()
}

fn ok_draws(doc: &OpenAPI, schema: &Value, n: usize) -> Vec<Value> {
    draws(doc, schema, n)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("skipped: {e}")))
        .collect()
}

#[test]
fn one_of_with_a_type_tag_always_matches_exactly_one_branch() {
    let d = doc(json!({
        "Circle": {"type": "object", "required": ["type", "radius"], "properties": {
            "type": {"type": "string", "enum": ["circle"]}, "radius": {"type": "number"}}},
        "Square": {"type": "object", "required": ["type", "side"], "properties": {
            "type": {"type": "string", "enum": ["square"]}, "side": {"type": "number"}}},
    }));
    let schema = json!({"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}]});
    let space = Space::new(&d);
    let branches = [
        json!({"$ref": "#/components/schemas/Circle"}),
        json!({"$ref": "#/components/schemas/Square"}),
    ];
    let values = ok_draws(&d, &schema, 200);
    let mut seen = std::collections::BTreeSet::new();
    for v in &values {
        let matching: Vec<usize> = (0..2)
            .filter(|&i| space.validate(v, &branches[i]).is_ok())
            .collect();
        assert_eq!(matching.len(), 1, "{v} matches branches {matching:?}");
        seen.insert(v["type"].as_str().unwrap().to_string());
    }
    assert_eq!(seen.len(), 2, "both branches are drawn");
}

#[test]
fn ambiguous_one_of_is_never_drawn() {
    // Every object matches both branches (undeclared keys are allowed):
    // no valid draw exists, so each one is skipped with its reason.
    let d = doc(json!({}));
    let schema = json!({"oneOf": [
        {"type": "object", "properties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"b": {"type": "integer"}}}]});
    for r in draws(&d, &schema, 20) {
        let e = r.expect_err("an ambiguous oneOf has no valid instance");
        assert!(e.contains("several oneOf branches"), "{e}");
    }
    // Scalars: string or integer, always exactly one.
    let schema = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
    let values = ok_draws(&d, &schema, 100);
    assert!(values.iter().any(Value::is_string) && values.iter().any(Value::is_i64));
}

#[test]
fn discriminator_mapping_sets_the_tag() {
    let d = doc(json!({
        "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "meow": {"type": "boolean"}}},
        "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}}},
    }));
    let schema = json!({
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}
    });
    let values = ok_draws(&d, &schema, 100);
    for v in &values {
        let kind = v["kind"].as_str().unwrap();
        assert!(kind == "cat" || kind == "dog", "{v}");
        if kind == "cat" {
            assert!(v.get("bark").is_none(), "{v}");
        }
    }
    // Without the discriminator the same branches are ambiguous ({kind} fits both):
    // the validator tells them apart only through it.
    let space = Space::new(&d);
    let plain = json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]});
    assert!(space.validate(&json!({"kind": "cat"}), &plain).is_err());
    assert!(space.validate(&json!({"kind": "cat"}), &schema).is_ok());
    assert!(space
        .validate(&json!({"kind": "cat", "meow": "loud"}), &schema)
        .is_err());
}

#[test]
fn integer_formats_and_bounds_are_respected() {
    let d = doc(json!({}));
    let int32 = ok_draws(&d, &json!({"type": "integer", "format": "int32"}), 300);
    assert!(int32
        .iter()
        .all(|v| v.as_i64().is_some_and(|i| i32::try_from(i).is_ok())));
    assert!(int32
        .iter()
        .any(|v| v.as_i64() == Some(i64::from(i32::MAX))));
    let uint64 = ok_draws(&d, &json!({"type": "integer", "format": "uint64"}), 300);
    assert!(uint64.iter().all(|v| v.as_u64().is_some()));
    assert!(
        uint64.iter().any(|v| v.as_i64().is_none()),
        "uint64 draws reach past i64::MAX"
    );
    let bounded = json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "multipleOf": 5});
    for v in ok_draws(&d, &bounded, 100) {
        assert!(v == json!(5) || v == json!(10), "{v}");
    }
    let none = draws(
        &d,
        &json!({"type": "integer", "minimum": 5, "maximum": 4}),
        1,
    );
    assert!(none[0].as_ref().unwrap_err().contains("unsatisfiable"));
}

#[test]
fn number_and_string_formats_are_respected() {
    let d = doc(json!({}));
    for v in ok_draws(&d, &json!({"type": "number", "format": "float"}), 200) {
        let f = v.as_f64().unwrap();
        assert!(
            f.abs() <= f64::from(f32::MAX) && f64::from(f as f32) == f,
            "{v}"
        );
    }
    for v in ok_draws(
        &d,
        &json!({"type": "number", "minimum": 1.5, "maximum": 2.5, "exclusiveMaximum": true}),
        200,
    ) {
        let f = v.as_f64().unwrap();
        assert!((1.5..2.5).contains(&f), "{v}");
    }
    for format in ["date-time", "date", "time", "uuid", "byte", "ipv4"] {
        for v in ok_draws(&d, &json!({"type": "string", "format": format}), 50) {
            let t = v.as_str().unwrap();
            assert!(format_ok(Format::of(format), t), "{format}: {v}");
            // Typed formats: a value the runtime's type reads.
            if let Some(typed) = Format::of(format).typed() {
                assert!(crate::keywords::reads(typed, t), "{format}: {v}");
            }
        }
    }
    for v in ok_draws(
        &d,
        &json!({"type": "string", "minLength": 3, "maxLength": 5}),
        100,
    ) {
        let n = v.as_str().unwrap().chars().count();
        assert!((3..=5).contains(&n), "{v}");
    }
}

#[test]
fn required_always_present_optional_sometimes() {
    let d = doc(json!({}));
    let schema = json!({"type": "object", "required": ["id"], "properties": {
        "id": {"type": "integer"}, "note": {"type": "string"}}});
    let values = ok_draws(&d, &schema, 100);
    assert!(values.iter().all(|v| v.get("id").is_some()));
    assert!(values.iter().any(|v| v.get("note").is_some()));
    assert!(values.iter().any(|v| v.get("note").is_none()));
    // No undeclared keys unless additionalProperties allows them.
    assert!(values.iter().all(|v| v
        .as_object()
        .unwrap()
        .keys()
        .all(|k| k == "id" || k == "note")));
    let open = json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}});
    let values = ok_draws(&d, &open, 100);
    assert!(values
        .iter()
        .any(|v| v.as_object().unwrap().keys().any(|k| k != "a")));
}

#[test]
fn nullable_and_enum() {
    let d = doc(json!({}));
    let values = ok_draws(
        &d,
        &json!({"type": "string", "enum": ["a", "b"], "nullable": true}),
        200,
    );
    assert!(values.iter().any(Value::is_null));
    assert!(values.iter().all(|v| v.is_null() || v == "a" || v == "b"));
    let values = ok_draws(&d, &json!({"type": "string"}), 200);
    assert!(values.iter().all(Value::is_string));
}

#[test]
fn recursive_refs_stay_finite_and_endless_ones_are_skipped() {
    let d = doc(json!({
        "Node": {"type": "object", "required": ["value"], "properties": {
            "value": {"type": "integer"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
        "Endless": {"type": "object", "required": ["next"], "properties": {
            "next": {"$ref": "#/components/schemas/Endless"}}},
    }));
    let values = ok_draws(&d, &json!({"$ref": "#/components/schemas/Node"}), 50);
    assert!(values
        .iter()
        .any(|v| v["children"].as_array().is_some_and(|c| !c.is_empty())));
    for r in draws(&d, &json!({"$ref": "#/components/schemas/Endless"}), 3) {
        assert!(r.unwrap_err().contains("no finite instance"));
    }
}

#[test]
fn all_of_parts_are_merged() {
    let d = doc(json!({
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "format": "int32"}}},
    }));
    let schema = json!({"allOf": [
        {"$ref": "#/components/schemas/Base"},
        {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "maxLength": 4}}}]});
    for v in ok_draws(&d, &schema, 50) {
        assert!(v["id"].is_i64() && v["name"].is_string(), "{v}");
    }
    let conflict = json!({"allOf": [{"type": "string"}, {"type": "integer"}]});
    assert!(draws(&d, &conflict, 1)[0]
        .as_ref()
        .unwrap_err()
        .contains("disagree"));
}

#[test]
fn patterns_are_drawn_from_or_fall_back_to_the_example() {
    let d = doc(json!({}));
    let space = Space::new(&d);
    let name = json!({"type": "string", "maxLength": 63,
        "pattern": "^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z]([a-zA-Z0-9-]*[a-zA-Z0-9]+)?$"});
    let values = ok_draws(&d, &name, 100);
    assert!(values.iter().any(|v| v.as_str().unwrap().len() > 1));
    assert!(space.validate(&json!("Bad-name"), &name).is_err());
    // Outside the subset: the example, else a skip with the reason.
    let with = json!({"type": "string", "pattern": "^\\p{L}+$", "example": "abc"});
    assert!(ok_draws(&d, &with, 5).iter().all(|v| v == "abc"));
    let without = json!({"type": "string", "pattern": "^\\p{L}+$"});
    assert!(draws(&d, &without, 1)[0]
        .as_ref()
        .unwrap_err()
        .contains("outside the regex subset"));
    // The example is used only when it matches.
    let wrong = json!({"type": "string", "pattern": "^[0-9]{3}$", "minLength": 4, "example": "12"});
    assert!(draws(&d, &wrong, 1)[0].is_err());
}

#[test]
fn silent_schemas_are_shaped_like_their_example() {
    let d = doc(json!({}));
    let schema = json!({"type": "array", "example": [{"id": 1, "name": "x", "tags": ["a"]}]});
    let values = ok_draws(&d, &schema, 100);
    let mut keys = std::collections::BTreeSet::new();
    for v in &values {
        for item in v.as_array().unwrap() {
            let o = item
                .as_object()
                .expect("items are objects like the example's");
            for (k, x) in o {
                keys.insert(k.clone());
                match k.as_str() {
                    "id" => assert!(x.is_i64() || x.is_u64(), "{item}"),
                    "name" => assert!(x.is_string(), "{item}"),
                    "tags" => assert!(x.as_array().unwrap().iter().all(Value::is_string)),
                    other => panic!("undeclared key {other}"),
                }
            }
        }
    }
    assert_eq!(keys.len(), 3);
    // The parent's example shapes a silent property (as lowering reads it).
    let parent = json!({"type": "object", "required": ["meta"], "properties": {"meta": {"type": "object"}}, "example": {"meta": {"count": 3}}});
    for v in ok_draws(&d, &parent, 30) {
        let meta = v["meta"].as_object().unwrap();
        assert!(meta.keys().all(|k| k == "count"), "{v}");
    }
}

#[test]
fn draws_are_deterministic_per_seed() {
    let d = doc_with(
        json!({}),
        json!({"/a": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}, "s": {"type": "string"}}}}}},
            "responses": {"200": {"description": "ok"}}}}}),
    );
    let a = draw_all(&d, 10, 1);
    let b = draw_all(&d, 10, 1);
    let c = draw_all(&d, 10, 2);
    assert_eq!(a[0].values, b[0].values);
    assert_ne!(a[0].values, c[0].values);
}

#[test]
fn targets_mirror_lowering() {
    let d = doc_with(
        json!({"Page": {"type": "object", "properties": {"data": {"type": "string"}, "_meta": {"type": "object"}}}}),
        json!({
            "/env": {"get": {"responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"data": {"type": "array", "items": {"type": "integer"}}, "_meta": {"type": "object"}}}}}},
                "404": {"description": "no", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}},
                "4XX": {"description": "bad", "content": {"application/problem+json": {"schema": {"type": "object"}}}},
                "default": {"description": "other", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/ref": {"get": {"responses": {
                "204": {"description": "none"},
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}}},
            "/form": {"post": {
                "requestBody": {"content": {
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"f": {"type": "string"}}}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {"m": {"type": "string", "format": "binary"}}}}}},
                "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/notenv": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"data": {"type": "string"}, "links": {"type": "object"}}}}}}}}},
        }),
    );
    let t: Vec<(String, String, bool)> = targets(&d)
        .into_iter()
        .map(|t| (t.operation(), t.kind.label(), t.envelope))
        .collect();
    let want = |op: &str, kind: &str, env: bool| (op.to_string(), kind.to_string(), env);
    assert_eq!(
        t,
        vec![
            want("GET /env", "response", true),
            want("GET /env", "error 404", false),
            want("GET /env", "error 4XX", false),
            // A `$ref`'d envelope is a component type, not unwrapped; the
            // 204 without content gives way to the 200 with.
            want("GET /ref", "response", false),
            // Multipart wins over form; the text response gets no instances.
            want("POST /form", "request", false),
            want("GET /notenv", "response", false),
        ]
    );
    let drawn = draw_all(&d, 20, 3);
    for v in &drawn[0].values {
        let v = v.as_ref().unwrap();
        assert!(
            v["data"].is_array() && v.as_object().unwrap().len() == 1,
            "{v}"
        );
    }
    for v in &drawn[4].values {
        let v = v.as_ref().unwrap();
        assert!(
            v.get("f").is_none(),
            "multipart's schema, not the form's: {v}"
        );
    }
}

#[test]
fn validator_rejects_what_it_should() {
    let d = doc(json!({}));
    let space = Space::new(&d);
    let cases = [
        (json!({"type": "string"}), json!(1), "is not of type string"),
        (json!({"type": "string"}), json!(null), "not nullable"),
        (
            json!({"type": "integer", "format": "int32"}),
            json!(3_000_000_000u64),
            "out of range",
        ),
        (
            json!({"type": "integer"}),
            json!(1.5),
            "not of type integer",
        ),
        (
            json!({"type": "integer", "format": "uint64"}),
            json!(-1),
            "out of range",
        ),
        (
            json!({"type": "object", "required": ["a"]}),
            json!({}),
            "required property `a`",
        ),
        (
            json!({"type": "object", "additionalProperties": false}),
            json!({"x": 1}),
            "undeclared property `x`",
        ),
        (
            json!({"type": "array", "items": {"type": "boolean"}}),
            json!([true, 1]),
            "/1",
        ),
        (
            json!({"type": "string", "format": "date-time"}),
            json!("2024-13-01T00:00:00Z"),
            "date-time",
        ),
        (json!({"type": "string", "enum": ["a"]}), json!("b"), "enum"),
        (
            json!({"anyOf": [{"type": "string"}, {"type": "boolean"}]}),
            json!(1),
            "anyOf",
        ),
        (
            json!({"oneOf": [{"type": "number"}, {"type": "integer"}]}),
            json!(1),
            "several oneOf",
        ),
        (
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
            json!(0),
            "minimum",
        ),
    ];
    for (schema, value, want) in cases {
        let e = space
            .validate(&value, &schema)
            .expect_err(&format!("{value} should not fit {schema}"));
        assert!(e.contains(want), "{value} against {schema}: {e}");
    }
    for (schema, value) in [
        (json!({"type": "string", "nullable": true}), json!(null)),
        (
            json!({"type": "integer", "format": "uint64"}),
            json!(u64::MAX),
        ),
        (json!({"type": "integer"}), json!(2.0)),
        (
            json!({"type": "string", "format": "date-time"}),
            json!("2024-02-29T23:59:59.123+05:30"),
        ),
        (
            json!({"oneOf": [{"type": "number"}, {"type": "string"}]}),
            json!(1),
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"b": 1}),
        ),
    ] {
        assert!(
            space.validate(&value, &schema).is_ok(),
            "{value} fits {schema}"
        );
    }
}

#[test]
fn base64_encodes() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foobar"), "Zm9vYmFy");
}
