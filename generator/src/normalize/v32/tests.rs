use crate::pointer::Relocations;
use crate::rules::{Rule, Warning};
use serde_json::{json, Value};

/// The whole 3.2 upgrade (3.2 → 3.1 → 3.0 layout), as parsing runs it.
fn upgrade(mut doc: Value) -> (Value, Vec<Warning>, Relocations) {
    let mut w = Vec::new();
    let moves =
        super::super::upgrade::upgrade(&mut doc, super::super::upgrade::Version::OpenApi32, &mut w);
    (doc, w, moves)
}

fn doc_with(rest: Value) -> Value {
    let mut doc = json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}});
    doc.as_object_mut()
        .unwrap()
        .extend(rest.as_object().unwrap().clone());
    doc
}

fn rules(w: &[Warning]) -> Vec<Rule> {
    w.iter().map(|w| w.rule).collect()
}

#[test]
fn query_and_additional_operations_move_into_the_extension() {
    let ok = json!({"responses": {}});
    let (doc, w, moves) = upgrade(doc_with(json!({"paths": {"/a": {
        "get": ok,
        "additionalOperations": {"COPY": ok, "purge": ok, "GET /x": ok, "Post": ok, "QUERY": ok},
        "query": {"requestBody": {"content": {"application/json": {"schema": {"const": 1}}}},
                  "responses": {}},
    }}})));
    let item = &doc["paths"]["/a"];
    assert!(item.get("query").is_none() && item.get("additionalOperations").is_none());
    let ops: Vec<&String> = item["x-oas-operations"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    // QUERY first, then the custom methods as written; the rest dropped.
    assert_eq!(ops, ["QUERY", "COPY", "purge"]);
    assert_eq!(rules(&w[..6]), [Rule::V32Operations; 6], "{w:#?}");
    let dropped: Vec<&str> = w
        .iter()
        .filter(|w| w.message.ends_with("dropped"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        dropped,
        [
            "/paths/~1a/additionalOperations/GET ~1x",
            "/paths/~1a/additionalOperations/Post",
            "/paths/~1a/additionalOperations/QUERY"
        ]
    );
    // The 3.1 rules run inside the moved operation, warned where it was written.
    let c = w.iter().find(|w| w.rule == Rule::V31Const).unwrap();
    assert_eq!(
        c.pointer,
        "/paths/~1a/query/requestBody/content/application~1json/schema/const"
    );
    assert_eq!(
        moves.original("/paths/~1a/x-oas-operations/COPY/responses"),
        "/paths/~1a/additionalOperations/COPY/responses"
    );
}

#[test]
fn querystring_is_a_marked_query_parameter() {
    let (doc, w, moves) = upgrade(doc_with(json!({"components": {"parameters": {
        "Q": {"in": "querystring", "style": "form", "schema": {"type": "object",
              "properties": {"a": {"type": ["string", "null"]}}}}}}})));
    let p = &doc["components"]["parameters"]["Q"];
    assert_eq!(p["in"], "query");
    assert_eq!(p["x-oas-querystring"], true);
    assert_eq!(p["name"], "query");
    assert!(p.get("style").is_none() && p.get("schema").is_none());
    let schema = &p["content"]["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(
        schema["properties"]["a"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(w[0].rule, Rule::V32Querystring);
    assert_eq!(w[0].pointer, "/components/parameters/Q/in");
    // The type list warning points at the schema as written.
    assert_eq!(
        w[1].pointer,
        "/components/parameters/Q/schema/properties/a/type"
    );
    assert_eq!(
        moves
            .original("/components/parameters/Q/content/application~1x-www-form-urlencoded/schema"),
        "/components/parameters/Q/schema"
    );
}

#[test]
fn item_schemas_are_kept_and_upgraded() {
    let (doc, w, _) = upgrade(doc_with(
        json!({"paths": {"/e": {"get": {"responses": {"200": {
        "description": "ok",
        "content": {"application/jsonl": {"itemSchema": {"type": "object", "properties": {
            "n": {"type": ["integer", "null"]}, "k": {"const": "x"}}}}}}}}}}}),
    ));
    let mt = &doc["paths"]["/e"]["get"]["responses"]["200"]["content"]["application/jsonl"];
    assert!(mt.get("itemSchema").is_none());
    assert_eq!(
        mt["x-oas-item-schema"]["properties"],
        json!({"n": {"type": "integer", "nullable": true}, "k": {"type": "string", "enum": ["x"]}})
    );
    assert_eq!(
        rules(&w),
        [Rule::V32ItemSchema, Rule::V31TypeList, Rule::V31Const]
    );
    let at = "/paths/~1e/get/responses/200/content/application~1jsonl/itemSchema";
    assert_eq!(w[0].pointer, at);
    assert_eq!(w[1].pointer, format!("{at}/properties/n/type"));
}

#[test]
fn tags_keep_nesting_and_kind() {
    let (doc, w, _) = upgrade(doc_with(json!({"tags": [
        {"name": "a", "summary": "A", "description": "All.", "kind": "nav"},
        {"name": "b", "parent": "a", "kind": "badge"},
        {"name": "c", "parent": "zzz"},
        {"name": "d", "parent": "e"},
        {"name": "e", "parent": "d"},
    ]})));
    let tags = doc["tags"].as_array().unwrap();
    assert_eq!(
        tags[0],
        json!({"name": "a", "description": "A\n\nAll.", "x-oas-kind": "nav"})
    );
    assert_eq!(
        tags[1],
        json!({"name": "b", "x-oas-kind": "badge", "x-oas-parent": "a"})
    );
    assert_eq!(tags[2], json!({"name": "c"}));
    assert_eq!(tags[3], json!({"name": "d", "x-oas-parent": "e"}));
    assert_eq!(tags[4], json!({"name": "e"}));
    assert!(w.iter().all(|w| w.rule == Rule::V32Tags));
    let dropped: Vec<&str> = w
        .iter()
        .filter(|w| w.message.contains("dropped"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(dropped, ["/tags/2/parent", "/tags/4/parent"]);
}

#[test]
fn examples_read_data_and_serialized_values() {
    let ex = |e: Value| json!({"examples": {"e": e}});
    let mut json_mt = ex(json!({"serializedValue": "{\"a\": 1}"}));
    json_mt["schema"] = json!({"type": "object"});
    let (doc, w, _) = upgrade(doc_with(json!({"paths": {"/x": {"get": {
        "parameters": [{"name": "p", "in": "query", "schema": {"type": "integer"},
                        "examples": {"e": {"dataValue": 3, "serializedValue": "p=3"},
                                     "f": {"serializedValue": "p=4"}}}],
        "responses": {"200": {"description": "ok", "content": {
            "application/json": json_mt,
            "text/plain": ex(json!({"serializedValue": "hi"})),
            "application/x-www-form-urlencoded": ex(json!({"serializedValue": "a=1"})),
        }}}}}},
        "components": {"examples": {"C": {"serializedValue": "[1, 2]"}}}})));
    let get = &doc["paths"]["/x"]["get"];
    assert_eq!(get["parameters"][0]["examples"]["e"], json!({"value": 3}));
    assert_eq!(get["parameters"][0]["examples"]["f"], json!({}));
    let content = &get["responses"]["200"]["content"];
    assert_eq!(
        content["application/json"]["examples"]["e"],
        json!({"value": {"a": 1}})
    );
    assert_eq!(
        content["text/plain"]["examples"]["e"],
        json!({"value": "hi"})
    );
    assert_eq!(
        content["application/x-www-form-urlencoded"]["examples"]["e"],
        json!({})
    );
    assert_eq!(doc["components"]["examples"]["C"], json!({"value": [1, 2]}));
    assert!(w.iter().all(|w| w.rule == Rule::V32Examples), "{w:#?}");
    assert_eq!(w.len(), 6);
}

#[test]
fn media_type_components_are_inlined() {
    let (doc, w, moves) = upgrade(doc_with(json!({
        "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"$ref": "#/components/mediaTypes/Alias"}}}}}}},
        "components": {"mediaTypes": {
            "Alias": {"$ref": "#/components/mediaTypes/Pet"},
            "Pet": {"schema": {"type": ["string", "null"]}, "itemSchema": {"type": "string"}},
            "Unused": {}}}})));
    let mt = &doc["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"];
    assert_eq!(
        *mt,
        json!({"schema": {"type": "string", "nullable": true}, "x-oas-item-schema": {"type": "string"}})
    );
    assert!(doc["components"].get("mediaTypes").is_none());
    let at = "/paths/~1x/get/responses/200/content/application~1json";
    assert_eq!(w[0].rule, Rule::V32MediaTypeRefs);
    assert_eq!(w[0].pointer, format!("{at}/$ref"));
    assert!(
        w[0].message.contains("mediaTypes/Alias"),
        "{}",
        w[0].message
    );
    // What the inlined media type holds maps back to the component it came from.
    assert_eq!(w[1].rule, Rule::V32ItemSchema);
    assert_eq!(w[1].pointer, "/components/mediaTypes/Alias/itemSchema");
    assert!(w.iter().any(|w| w.message.contains("`Unused`")));
    assert_eq!(
        moves.original(&format!("{at}/x-oas-item-schema")),
        "/components/mediaTypes/Alias/itemSchema"
    );
}

#[test]
fn the_rest_is_used_or_dropped() {
    let (doc, w, _) = upgrade(doc_with(json!({
        "$self": "https://api.test/v1/openapi.json",
        "servers": [{"url": "https://api.test", "name": "prod"}],
        "paths": {"/x": {"get": {"responses": {
            "200": {"summary": "Fine.", "content": {"application/json": {
                "schema": {"$ref": "https://api.test/v1/openapi.json#/components/schemas/A"},
                "examples": {"e": {"$ref": "openapi.json#/components/examples/E"}},
                "prefixEncoding": [{}]}}},
            "404": {"$ref": "openapi.json#/components/responses/NotFound"}}}}},
        "components": {
            "responses": {"NotFound": {"summary": "Gone.", "description": "Not here."}},
            "schemas": {"A": {"oneOf": [{"$ref": "#/components/schemas/B"}],
                              "discriminator": {"propertyName": "k", "defaultMapping": "B"}},
                        "B": {"type": "object", "example": {"$ref": "https://api.test/v1/openapi.json#/x"}}},
            "securitySchemes": {
                "old": {"type": "http", "scheme": "basic", "deprecated": true},
                "new": {"type": "oauth2", "oauth2MetadataUrl": "https://a.test/m", "deprecated": false,
                        "flows": {"deviceAuthorization": {"deviceAuthorizationUrl": "https://a.test/d",
                                  "tokenUrl": "https://a.test/t", "scopes": {}}}}}}})));
    assert!(doc.get("$self").is_none());
    let get = &doc["paths"]["/x"]["get"];
    let ok = &get["responses"]["200"];
    assert_eq!(ok["description"], "Fine.");
    assert_eq!(
        ok["content"]["application/json"],
        json!({"schema": {"$ref": "#/components/schemas/A"},
               "examples": {"e": {"$ref": "#/components/examples/E"}}})
    );
    assert_eq!(
        get["responses"]["404"]["$ref"],
        "#/components/responses/NotFound"
    );
    assert_eq!(
        doc["components"]["responses"]["NotFound"]["description"],
        "Gone.\n\nNot here."
    );
    // Example values are data: their `$ref` keys are left alone.
    assert_eq!(
        doc["components"]["schemas"]["B"]["example"]["$ref"],
        "https://api.test/v1/openapi.json#/x"
    );
    assert_eq!(
        doc["components"]["schemas"]["A"]["discriminator"],
        json!({"propertyName": "k"})
    );
    assert_eq!(doc["servers"][0], json!({"url": "https://api.test"}));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["old"]["x-oas-deprecated"], true);
    assert!(schemes["old"].get("deprecated").is_none());
    assert_eq!(schemes["new"], json!({"type": "oauth2", "flows": {}}));
    let fields: Vec<&str> = w
        .iter()
        .filter(|w| w.rule == Rule::V32Field)
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "/$self",
            "/servers/0/name",
            "/components/securitySchemes/old/deprecated",
            "/components/securitySchemes/new/oauth2MetadataUrl",
            "/components/securitySchemes/new/flows/deviceAuthorization",
            "/paths/~1x/get/responses/200/summary",
            "/paths/~1x/get/responses/200/content/application~1json/prefixEncoding",
            "/components/responses/NotFound/summary",
            "/components/schemas/A/discriminator/defaultMapping",
        ]
    );
    assert!(w[0].message.contains("3 references"), "{}", w[0].message);
}

#[test]
fn a_3_2_dialect_is_the_openapi_dialect() {
    let (_, w, _) = upgrade(doc_with(
        json!({"jsonSchemaDialect": "https://spec.openapis.org/oas/3.2/dialect/2025-09-17"}),
    ));
    assert!(w.is_empty(), "{w:#?}");
    let (_, w, _) = upgrade(doc_with(
        json!({"jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema"}),
    ));
    assert_eq!(rules(&w), [Rule::V31Dialect]);
}

#[test]
fn later_warnings_in_moved_things_point_where_they_were_written() {
    // Quirk rules (3.0 normalization) and lowering warn inside the
    // extensions; the warnings are relocated to the 3.2 places.
    let text = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    query:\n      operationId: ''\n      parameters: [{name: c, in: cookie, schema: {type: string}}]\n      responses:\n        '200':\n          description: ok\n          content:\n            text/event-stream:\n              itemSchema: {type: object, properties: []}\n";
    let (api, w) = crate::lower_spec("t.yaml", text, &Default::default()).unwrap();
    let at = |rule: Rule| {
        w.iter()
            .find(|w| w.rule == rule)
            .unwrap_or_else(|| panic!("{rule}: {w:#?}"))
            .pointer
            .clone()
    };
    assert_eq!(at(Rule::EmptyOperationId), "/paths/~1x/query/operationId");
    assert_eq!(at(Rule::CookieParameter), "/paths/~1x/query/parameters/0");
    assert_eq!(
        at(Rule::PropertiesNotAMap),
        "/paths/~1x/query/responses/200/content/text~1event-stream/itemSchema/properties"
    );
    assert_eq!(api.operations[0].method, crate::ir::Method::Query);
    assert_eq!(api.operations[0].id, "queryX");
}

#[test]
fn an_events_json_data_is_typed_by_its_content_schema() {
    let event = |data: Value| json!({"type": "object", "properties": {"event": {"type": "string"}, "data": data}});
    let (doc, w, moves) = upgrade(doc_with(json!({"paths": {"/x": {"get": {"responses": {
    "200": {"description": "ok", "content": {
        "text/event-stream": {"itemSchema": {"oneOf": [
            event(json!({"description": "Progress.", "contentMediaType": "application/json",
                         "contentSchema": {"type": "object", "properties": {"done": {"type": "integer"}}}})),
            event(json!({"contentSchema": {"type": "integer"}})),
            event(json!({"contentMediaType": "text/plain", "contentSchema": {"type": "integer"}})),
        ]}},
        "application/jsonl": {"itemSchema": event(json!({"contentSchema": {"type": "integer"}}))},
    }}}}}}})));
    let content = &doc["paths"]["/x"]["get"]["responses"]["200"]["content"];
    let branches = &content["text/event-stream"]["x-oas-item-schema"]["oneOf"];
    // JSON data (said so, or by default): the content schema, with the
    // property's description.
    assert_eq!(
        branches[0]["properties"]["data"],
        json!({"type": "object", "properties": {"done": {"type": "integer"}}, "description": "Progress."})
    );
    assert_eq!(
        branches[1]["properties"]["data"],
        json!({"type": "integer"})
    );
    // Text data, and JSON Lines (whose items are whole JSON values): not
    // (the 3.1 rule then drops both keywords).
    assert_eq!(branches[2]["properties"]["data"], json!({}));
    let line = &content["application/jsonl"]["x-oas-item-schema"]["properties"]["data"];
    assert_eq!(*line, json!({}));
    let at = "/paths/~1x/get/responses/200/content/text~1event-stream";
    let typed: Vec<&str> = w
        .iter()
        .filter(|w| w.message.contains("`contentSchema`"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        typed,
        [
            format!("{at}/itemSchema/oneOf/0/properties/data/contentSchema"),
            format!("{at}/itemSchema/oneOf/1/properties/data/contentSchema"),
        ]
    );
    assert!(rules(&w).contains(&Rule::V32ItemSchema));
    // What is inside the typed data maps back into its content schema.
    assert_eq!(
        moves.original(&format!(
            "{at}/x-oas-item-schema/oneOf/0/properties/data/properties/done"
        )),
        format!("{at}/itemSchema/oneOf/0/properties/data/contentSchema/properties/done")
    );
}
