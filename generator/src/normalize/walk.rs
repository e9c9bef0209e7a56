//! Visiting an OpenAPI 3.x document: every Schema Object and the objects
//! around them (`info`, path items, operations, parameters and headers,
//! request bodies, responses, media types, security schemes), each with its
//! pointer, parent before children, so a visitor may rewrite an object and
//! then see its (new) contents. This is the one place that knows where
//! those live (the operations and item schemas the 3.2 upgrade keeps in
//! extensions, [`crate::extensions`], included); the steps of normalization
//! are [`Visitor`]s.
//!
//! Two grammars ([`Grammar`]): the upgrades (`v31`, `v20` once the document
//! has the 3.0 layout, `refs`) visit every place of a 3.1 document, the 3.0
//! repairs only what a 3.0 reader reads. A leaf: it imports no other module
//! of normalization.
//!
//! Recursion is bounded by [`MAX_NESTING`], the deepest a parsed document
//! nests, so every schema is reached. Which keywords hold sub-schemas is
//! [`crate::keywords`]' table.

use crate::extensions::{ITEM_SCHEMA, OPERATIONS};
use crate::keywords::{
    MAX_NESTING, SCHEMA_30, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE, SCHEMA_ONE_OR_FLAG,
};
use serde_json::{Map, Value};

/// The HTTP methods a Path Item holds operations under, each a field of
/// its own (3.0).
pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operations of a path item with their tokens below it: the fixed
/// methods (`["get"]`), then the ones the 3.2 upgrade keeps in the
/// extension (`["x-oas-operations", "QUERY"]`), in document order.
pub(super) fn operations(item: &mut Map<String, Value>) -> Vec<(Vec<String>, &mut Value)> {
    let mut fixed = Vec::new();
    let mut extra = Vec::new();
    for (key, value) in item.iter_mut() {
        if METHODS.contains(&key.as_str()) {
            fixed.push((vec![key.clone()], value));
        } else if key == OPERATIONS {
            for (method, op) in value.as_object_mut().into_iter().flatten() {
                extra.push((vec![key.clone(), method.clone()], op));
            }
        }
    }
    fixed.extend(extra);
    fixed
}

/// Which places of a document a walk visits, and in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Grammar {
    /// OpenAPI 3.1, for the upgrades: `paths`, `webhooks`, callbacks, and
    /// every section of `components` in the order written (`pathItems`
    /// included); in a schema, every JSON Schema 2020-12 sub-schema keyword
    /// in the order written, beside a `$ref` too (3.1 reads them).
    V31,
    /// OpenAPI 3.0 as `openapiv3` reads it, for the repairs after the
    /// upgrade: `paths` (not callbacks: nothing after normalization reads
    /// them), then the components `schemas`, `parameters`, `requestBodies`,
    /// `responses`, `headers` and `securitySchemes`, in that order; in a
    /// schema, the 3.0 sub-schema keywords in [`SCHEMA_30`]'s order. An
    /// object with a `$ref` is a Reference Object: its hook sees it, nothing
    /// inside it is visited.
    V30,
}

/// The component sections a 3.0 walk visits, in order.
const COMPONENTS_30: &[&str] = &[
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
    "securitySchemes",
];

/// What a step of normalization does at each kind of object. Every hook
/// runs before the walk visits what is inside the object, and does nothing
/// unless a visitor says otherwise. `at`: the object's pointer, as tokens.
pub(super) trait Visitor {
    /// The document's `info`; given the document itself, where `info` may
    /// be missing.
    fn info(&mut self, _doc: &mut Map<String, Value>) {}
    /// A Path Item Object, before its parameters and operations.
    fn path_item(&mut self, _item: &mut Map<String, Value>, _at: &[String]) {}
    /// An Operation Object, before its parameters, request body and responses.
    fn operation(&mut self, _op: &mut Map<String, Value>, _at: &[String]) {}
    /// A Parameter Object, or a Header Object (a response's or a
    /// component), before its schema and content.
    fn parameter(&mut self, _p: &mut Map<String, Value>, _at: &[String]) {}
    /// A Request Body Object, before its content.
    fn request_body(&mut self, _body: &mut Map<String, Value>, _at: &[String]) {}
    /// A Response Object, before its content and headers.
    fn response(&mut self, _r: &mut Map<String, Value>, _at: &[String]) {}
    /// A Media Type Object, before its schema (and item schema).
    fn media_type(&mut self, _mt: &mut Map<String, Value>, _at: &[String]) {}
    /// A Security Scheme Object of `components/securitySchemes`.
    fn security_scheme(&mut self, _scheme: &mut Map<String, Value>, _at: &[String]) {}
    /// A schema (an object, or a boolean where 3.0 wants an object), before
    /// its sub-schemas. `via`: the keyword of the schema it is in
    /// (`properties` for a property), `None` for a schema not inside another.
    fn schema(&mut self, _s: &mut Value, _at: &[String], _via: Option<&str>) {}
    /// A sub-schema keyword present in the schema at `at`, before the walk
    /// goes into its value: a visitor may repair the value first.
    fn keyword(&mut self, _schema: &mut Map<String, Value>, _key: &str, _at: &[String]) {}
}

/// Visit the document: `info`, paths (and webhooks in 3.1), then components.
pub(super) fn document(root: &mut Map<String, Value>, grammar: Grammar, v: &mut dyn Visitor) {
    v.info(root);
    let mut walk = Walk {
        at: Vec::new(),
        v,
        grammar,
    };
    let fields: &[&str] = match grammar {
        Grammar::V31 => &["paths", "webhooks"],
        Grammar::V30 => &["paths"],
    };
    for field in fields {
        if let Some(items) = root.get_mut(*field).and_then(Value::as_object_mut) {
            walk.enter(field, |w| {
                for (p, item) in items.iter_mut() {
                    w.enter(p, |w| w.path_item(item, 0));
                }
            });
        }
    }
    let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    walk.enter("components", |w| match grammar {
        Grammar::V31 => {
            for (section, map) in components.iter_mut() {
                w.section(section, map);
            }
        }
        Grammar::V30 => {
            for section in COMPONENTS_30 {
                if let Some(map) = components.get_mut(*section) {
                    w.section(section, map);
                }
            }
        }
    });
}

/// A walk under way: where it is, who visits, which grammar.
struct Walk<'v> {
    at: Vec<String>,
    v: &'v mut dyn Visitor,
    grammar: Grammar,
}

impl Walk<'_> {
    fn enter(&mut self, token: &str, f: impl FnOnce(&mut Self)) {
        self.enter_all(&[token], f);
    }

    /// [`Self::enter`] several tokens down at once.
    fn enter_all<S: AsRef<str>>(&mut self, tokens: &[S], f: impl FnOnce(&mut Self)) {
        let depth = self.at.len();
        self.at
            .extend(tokens.iter().map(|t| t.as_ref().to_string()));
        f(self);
        self.at.truncate(depth);
    }

    /// Is this object a Reference Object, whose contents are not visited?
    fn reference(&self, obj: &Map<String, Value>) -> bool {
        self.grammar == Grammar::V30 && obj.contains_key("$ref")
    }

    /// One section of `components`.
    fn section(&mut self, section: &str, map: &mut Value) {
        let Some(map) = map.as_object_mut() else {
            return;
        };
        self.enter(section, |w| {
            for (name, item) in map.iter_mut() {
                w.enter(name, |w| match section {
                    "schemas" => w.schema(item, 0, None),
                    "parameters" | "headers" => w.parameter(item),
                    "requestBodies" => w.body(item),
                    "responses" => w.response(item),
                    "securitySchemes" => {
                        if let Some(scheme) = item.as_object_mut() {
                            w.v.security_scheme(scheme, &w.at);
                        }
                    }
                    "callbacks" => w.callback(item, 0),
                    "pathItems" => w.path_item(item, 0),
                    _ => {}
                });
            }
        });
    }

    fn path_item(&mut self, item: &mut Value, depth: usize) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        self.v.path_item(item, &self.at);
        if let Some(list) = item.get_mut("parameters").and_then(Value::as_array_mut) {
            self.enter("parameters", |w| w.parameters(list));
        }
        for (tokens, op) in operations(item) {
            if let Some(op) = op.as_object_mut() {
                self.enter_all(&tokens, |w| w.operation(op, depth));
            }
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, depth: usize) {
        self.v.operation(op, &self.at);
        if let Some(list) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            self.enter("parameters", |w| w.parameters(list));
        }
        if let Some(b) = op.get_mut("requestBody") {
            self.enter("requestBody", |w| w.body(b));
        }
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            self.enter("responses", |w| {
                for (code, r) in responses.iter_mut() {
                    w.enter(code, |w| w.response(r));
                }
            });
        }
        if self.grammar == Grammar::V30 {
            return;
        }
        if let Some(cbs) = op.get_mut("callbacks").and_then(Value::as_object_mut) {
            self.enter("callbacks", |w| {
                for (name, cb) in cbs.iter_mut() {
                    w.enter(name, |w| w.callback(cb, depth));
                }
            });
        }
    }

    fn callback(&mut self, cb: &mut Value, depth: usize) {
        // Callbacks hold path items, which hold callbacks: bounded.
        if depth >= 4 {
            return;
        }
        for (expr, item) in cb.as_object_mut().into_iter().flatten() {
            self.enter(expr, |w| w.path_item(item, depth + 1));
        }
    }

    fn parameters(&mut self, list: &mut [Value]) {
        for (i, p) in list.iter_mut().enumerate() {
            self.enter(&i.to_string(), |w| w.parameter(p));
        }
    }

    fn parameter(&mut self, p: &mut Value) {
        let Some(obj) = p.as_object_mut() else { return };
        self.v.parameter(obj, &self.at);
        if self.reference(obj) {
            return;
        }
        if let Some(s) = obj.get_mut("schema") {
            self.enter("schema", |w| w.schema(s, 0, None));
        }
        if let Some(c) = obj.get_mut("content") {
            self.enter("content", |w| w.content(c));
        }
    }

    fn body(&mut self, b: &mut Value) {
        let Some(obj) = b.as_object_mut() else { return };
        self.v.request_body(obj, &self.at);
        if self.reference(obj) {
            return;
        }
        if let Some(c) = obj.get_mut("content") {
            self.enter("content", |w| w.content(c));
        }
    }

    fn response(&mut self, r: &mut Value) {
        let Some(obj) = r.as_object_mut() else { return };
        self.v.response(obj, &self.at);
        if self.reference(obj) {
            return;
        }
        if let Some(c) = obj.get_mut("content") {
            self.enter("content", |w| w.content(c));
        }
        if let Some(headers) = obj.get_mut("headers").and_then(Value::as_object_mut) {
            self.enter("headers", |w| {
                for (name, h) in headers.iter_mut() {
                    w.enter(name, |w| w.parameter(h));
                }
            });
        }
    }

    fn content(&mut self, c: &mut Value) {
        for (media, mt) in c.as_object_mut().into_iter().flatten() {
            let Some(mt) = mt.as_object_mut() else {
                continue;
            };
            self.enter(media, |w| {
                w.v.media_type(mt, &w.at);
                if let Some(s) = mt.get_mut("schema") {
                    w.enter("schema", |w| w.schema(s, 0, None));
                }
                if let Some(s) = mt.get_mut(ITEM_SCHEMA) {
                    w.enter(ITEM_SCHEMA, |w| w.schema(s, 0, None));
                }
            });
        }
    }

    /// A schema and, recursively, its sub-schemas.
    fn schema(&mut self, s: &mut Value, depth: usize, via: Option<&'static str>) {
        if depth > MAX_NESTING || !(s.is_object() || s.is_boolean()) {
            return;
        }
        self.v.schema(s, &self.at, via);
        let Some(obj) = s.as_object_mut() else { return };
        if self.reference(obj) {
            return;
        }
        for key in self.sub_schema_keywords(obj) {
            self.v.keyword(obj, key, &self.at);
            let Some(sub) = obj.get_mut(key) else {
                continue;
            };
            self.at.push(key.to_string());
            if SCHEMA_MAPS.contains(&key) {
                for (name, child) in sub.as_object_mut().into_iter().flatten() {
                    self.at.push(name.clone());
                    self.schema(child, depth + 1, Some(key));
                    self.at.pop();
                }
            } else if SCHEMA_LISTS.contains(&key) || (key == "items" && sub.is_array()) {
                for (i, child) in sub.as_array_mut().into_iter().flatten().enumerate() {
                    self.at.push(i.to_string());
                    self.schema(child, depth + 1, Some(key));
                    self.at.pop();
                }
            } else if SCHEMA_ONE.contains(&key)
                || (SCHEMA_ONE_OR_FLAG.contains(&key) && sub.is_object())
            {
                self.schema(sub, depth + 1, Some(key));
            }
            self.at.pop();
        }
    }

    /// The sub-schema keywords present in a schema, in the order visited.
    fn sub_schema_keywords(&self, obj: &Map<String, Value>) -> Vec<&'static str> {
        match self.grammar {
            Grammar::V31 => obj
                .keys()
                .filter_map(|k| {
                    SCHEMA_MAPS
                        .iter()
                        .chain(SCHEMA_LISTS)
                        .chain(SCHEMA_ONE)
                        .chain(SCHEMA_ONE_OR_FLAG)
                        .find(|kw| **kw == k.as_str())
                        .copied()
                })
                .collect(),
            Grammar::V30 => SCHEMA_30
                .iter()
                .filter(|kw| obj.contains_key(**kw))
                .copied()
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointer;
    use serde_json::json;

    /// Every hook the walk calls, as `hook pointer`.
    #[derive(Default)]
    struct Seen(Vec<String>);

    impl Seen {
        fn note(&mut self, hook: &str, at: &[String]) {
            self.0.push(format!("{hook} {}", pointer::join(at)));
        }
    }

    impl Visitor for Seen {
        fn info(&mut self, _doc: &mut Map<String, Value>) {
            self.0.push("info".into());
        }
        fn path_item(&mut self, _item: &mut Map<String, Value>, at: &[String]) {
            self.note("path_item", at);
        }
        fn operation(&mut self, _op: &mut Map<String, Value>, at: &[String]) {
            self.note("operation", at);
        }
        fn parameter(&mut self, _p: &mut Map<String, Value>, at: &[String]) {
            self.note("parameter", at);
        }
        fn request_body(&mut self, _body: &mut Map<String, Value>, at: &[String]) {
            self.note("request_body", at);
        }
        fn response(&mut self, _r: &mut Map<String, Value>, at: &[String]) {
            self.note("response", at);
        }
        fn media_type(&mut self, _mt: &mut Map<String, Value>, at: &[String]) {
            self.note("media_type", at);
        }
        fn security_scheme(&mut self, _scheme: &mut Map<String, Value>, at: &[String]) {
            self.note("security_scheme", at);
        }
        fn schema(&mut self, _s: &mut Value, at: &[String], via: Option<&str>) {
            self.note(&format!("schema({})", via.unwrap_or("-")), at);
        }
        fn keyword(&mut self, _schema: &mut Map<String, Value>, key: &str, at: &[String]) {
            self.note(&format!("keyword({key})"), at);
        }
    }

    fn walk(doc: &mut Value, grammar: Grammar) -> Vec<String> {
        let mut seen = Seen::default();
        document(doc.as_object_mut().unwrap(), grammar, &mut seen);
        seen.0
    }

    fn doc() -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P", "schema": {}}],
                "responses": {"200": {"content": {"application/json": {"schema":
                    {"allOf": [{}], "properties": {"p": {"$ref": "#/x", "items": {}}}}}}}},
                "callbacks": {"c": {"u": {"post": {"responses": {}}}}}}}},
            "webhooks": {"w": {"post": {"responses": {}}}},
            "components": {
                "securitySchemes": {"k": {"type": "apiKey"}},
                "responses": {"R": {"description": "r"}},
                "schemas": {"S": {"type": "string"}}}})
    }

    #[test]
    fn the_3_0_grammar_reads_what_openapiv3_reads_in_a_fixed_order() {
        assert_eq!(
            walk(&mut doc(), Grammar::V30),
            [
                "info",
                "path_item /paths/~1a",
                "operation /paths/~1a/get",
                "parameter /paths/~1a/get/parameters/0",
                "response /paths/~1a/get/responses/200",
                "media_type /paths/~1a/get/responses/200/content/application~1json",
                "schema(-) /paths/~1a/get/responses/200/content/application~1json/schema",
                // `properties` before `allOf`, whatever the order written.
                "keyword(properties) /paths/~1a/get/responses/200/content/application~1json/schema",
                "schema(properties) /paths/~1a/get/responses/200/content/application~1json/schema/properties/p",
                "keyword(allOf) /paths/~1a/get/responses/200/content/application~1json/schema",
                "schema(allOf) /paths/~1a/get/responses/200/content/application~1json/schema/allOf/0",
                // Components in the grammar's order, security schemes last.
                "schema(-) /components/schemas/S",
                "response /components/responses/R",
                "security_scheme /components/securitySchemes/k",
            ]
        );
    }

    #[test]
    fn the_3_1_grammar_reads_every_place_in_the_order_written() {
        let seen = walk(&mut doc(), Grammar::V31);
        let at = |s: &str| {
            seen.iter()
                .position(|x| x == s)
                .unwrap_or_else(|| panic!("{s}: {seen:#?}"))
        };
        // Beside a `$ref`, in callbacks and webhooks too.
        at("schema(-) /paths/~1a/get/parameters/0/schema");
        at("schema(items) /paths/~1a/get/responses/200/content/application~1json/schema/properties/p/items");
        at("operation /paths/~1a/get/callbacks/c/u/post");
        at("operation /webhooks/w/post");
        let schema = "/paths/~1a/get/responses/200/content/application~1json/schema";
        assert!(
            at(&format!("keyword(allOf) {schema}")) < at(&format!("keyword(properties) {schema}"))
        );
        assert!(
            at("security_scheme /components/securitySchemes/k")
                < at("response /components/responses/R")
        );
        assert!(at("response /components/responses/R") < at("schema(-) /components/schemas/S"));
    }

    #[test]
    fn extension_operations_and_item_schemas_are_walked_in_both_grammars() {
        let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {
                "x-oas-operations": {"QUERY": {"responses": {"200": {"content": {
                    "application/jsonl": {"x-oas-item-schema": {"type": "object"}}}}}}},
                "post": {"responses": {}}}}});
        for grammar in [Grammar::V30, Grammar::V31] {
            assert_eq!(
                walk(&mut doc, grammar),
                [
                    "info",
                    "path_item /paths/~1a",
                    // The fixed methods first, then the extension's.
                    "operation /paths/~1a/post",
                    "operation /paths/~1a/x-oas-operations/QUERY",
                    "response /paths/~1a/x-oas-operations/QUERY/responses/200",
                    "media_type /paths/~1a/x-oas-operations/QUERY/responses/200/content/application~1jsonl",
                    "schema(-) /paths/~1a/x-oas-operations/QUERY/responses/200/content/application~1jsonl/x-oas-item-schema",
                ],
                "{grammar:?}"
            );
        }
    }
}
