//! Swagger 2.0 → OpenAPI 3.0, on the JSON tree. Each change is a rule of the
//! `v20-*` family (plus [`Rule::RefSiblings`] and [`Rule::LocalRef`], shared
//! with 3.1), warned at its pointer in the original document; every moved
//! node is recorded, so later warnings point into the 2.0 file too.
//!
//! Order: the document is rebuilt in the 3.0 layout (servers, components,
//! paths with request bodies and response content); then every schema of
//! the result is visited (`$ref`s to `#/definitions`, `x-nullable`, `type:
//! file`, string discriminators, `$ref` siblings); then references that
//! point below a component are resolved ([`super::refs`]).

use super::log::Log;
use super::refs::{self, ref_siblings};
use super::tree::plus;
use super::walk::{self, Grammar, Visitor, METHODS};
use crate::rules::Rule;
use serde_json::{json, Map, Value};

const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// A parameter's keywords that describe its value: they move into `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// A parameter's keywords that stay on the parameter.
const PARAMETER_KEYWORDS: &[&str] = &["name", "in", "description", "required", "allowEmptyValue"];

pub(super) fn upgrade(doc: &mut Value, log: &mut Log) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let old = std::mem::take(root);
    let mut cv = Convert {
        log,
        consumes: media_list(old.get("consumes")),
        produces: media_list(old.get("produces")),
        parameters: old
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if let Some(info) = old.get("info") {
        root.insert("info".into(), info.clone());
    }
    if let Some(servers) = cv.servers(&old) {
        root.insert("servers".into(), servers);
    }
    for key in ["tags", "externalDocs", "security"] {
        if let Some(v) = old.get(key) {
            root.insert(key.into(), v.clone());
        }
    }
    // Components first: their warnings lead, as in most 2.0 documents.
    let components = cv.components(&old);
    let paths = cv.paths(old.get("paths"));
    root.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        root.insert("components".into(), Value::Object(components));
    }
    for (k, v) in &old {
        if k.starts_with("x-") {
            root.insert(k.clone(), v.clone());
        }
    }
    walk::document(root, Grammar::V31, &mut Schemas { log: cv.log });
    log.moves.next_stage();
    refs::resolve(doc, log);
    refs::unwrap_recursive(doc, log);
}

/// `consumes`/`produces` as a list of media types.
fn media_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn is_json(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    m.starts_with(JSON) || m.contains("+json")
}

fn is_form(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    m.starts_with(MULTIPART) || m.starts_with(URLENCODED)
}

struct Convert<'u, 'w> {
    log: &'u mut Log<'w>,
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's global `parameters`, as written.
    parameters: Map<String, Value>,
}

/// A parameter sorted by what it becomes.
enum Param {
    /// A request body parameter (inline, or the name of a global one).
    Body(Map<String, Value>, Vec<String>),
    BodyRef(String),
    /// A form field.
    Form(Map<String, Value>, Vec<String>),
    /// A parameter that stays one (converted).
    Other(Value),
}

impl Convert<'_, '_> {
    /// [`Rule::V20Servers`].
    fn servers(&mut self, old: &Map<String, Value>) -> Option<Value> {
        let host = old.get("host").and_then(Value::as_str).map(str::trim);
        let base = old
            .get("basePath")
            .and_then(Value::as_str)
            .map(|b| b.trim().trim_end_matches('/'))
            .unwrap_or("");
        let base = if base.is_empty() || base.starts_with('/') {
            base.to_string()
        } else {
            format!("/{base}")
        };
        let mut schemes: Vec<String> = media_list(old.get("schemes"))
            .into_iter()
            .map(|s| s.to_ascii_lowercase())
            .filter(|s| s == "http" || s == "https")
            .collect();
        if schemes.is_empty() {
            schemes.push("https".into());
        }
        let urls: Vec<String> = match host.filter(|h| !h.is_empty()) {
            Some(h) => schemes.iter().map(|s| format!("{s}://{h}{base}")).collect(),
            None if !base.is_empty() => vec![base.clone()],
            None => return None,
        };
        let at = ["host", "basePath", "schemes"]
            .into_iter()
            .find(|k| old.contains_key(*k))
            .unwrap_or("host");
        self.log.warn(
            Rule::V20Servers,
            &[at],
            &[],
            format!(
                "`host`, `basePath` and `schemes` (2.0): read as servers {}{}",
                urls.iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if host.is_none() {
                    " (no `host`: the client needs a base URL)"
                } else {
                    ""
                }
            ),
        );
        Some(Value::Array(
            urls.into_iter().map(|url| json!({ "url": url })).collect(),
        ))
    }

    /// [`Rule::V20Components`] and [`Rule::V20SecurityScheme`].
    fn components(&mut self, old: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(defs) = old.get("definitions").and_then(Value::as_object) {
            out.insert("schemas".into(), Value::Object(defs.clone()));
            self.log.moved(&["components", "schemas"], &["definitions"]);
            self.log.warn(
                Rule::V20Components,
                &["definitions"],
                &[],
                format!(
                    "`definitions` ({} schemas, 2.0): moved to `components/schemas`, `$ref`s rewritten",
                    defs.len()
                ),
            );
        }
        let globals = std::mem::take(&mut self.parameters);
        let (mut params, mut bodies) = (Map::new(), Map::new());
        for (name, p) in &globals {
            let was = ["parameters", name.as_str()];
            let Some(obj) = p.as_object() else { continue };
            match obj.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let now = ["components", "requestBodies", name.as_str()];
                    let consumes = self.consumes.clone();
                    bodies.insert(name.clone(), self.body(obj, &consumes, &now, &was));
                }
                Some("formData") => {}
                _ => {
                    let now = ["components", "parameters", name.as_str()];
                    params.insert(name.clone(), self.parameter(obj, &now, &was));
                }
            }
        }
        self.parameters = globals;
        if !self.parameters.is_empty() {
            self.log.warn(
                Rule::V20Components,
                &["parameters"],
                &[],
                format!(
                    "`parameters` ({}, 2.0): moved to `components/parameters`{}{}",
                    self.parameters.len(),
                    if bodies.is_empty() {
                        ""
                    } else {
                        ", body parameters to `components/requestBodies`"
                    },
                    if self.parameters.len() > params.len() + bodies.len() {
                        ", form fields inlined where used"
                    } else {
                        ""
                    }
                ),
            );
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Object(params));
        }
        if !bodies.is_empty() {
            out.insert("requestBodies".into(), Value::Object(bodies));
        }
        if let Some(responses) = old.get("responses").and_then(Value::as_object) {
            let produces = self.produces.clone();
            let mut converted = Map::new();
            for (name, r) in responses {
                let now = ["components", "responses", name.as_str()];
                let was = ["responses", name.as_str()];
                converted.insert(name.clone(), self.response(name, r, &produces, &now, &was));
            }
            self.log.warn(
                Rule::V20Components,
                &["responses"],
                &[],
                format!(
                    "`responses` ({}, 2.0): moved to `components/responses`",
                    converted.len()
                ),
            );
            out.insert("responses".into(), Value::Object(converted));
        }
        if let Some(defs) = old.get("securityDefinitions").and_then(Value::as_object) {
            let mut schemes = Map::new();
            for (name, d) in defs {
                self.log.moved(
                    &["components", "securitySchemes", name.as_str()],
                    &["securityDefinitions", name.as_str()],
                );
                schemes.insert(name.clone(), self.security_scheme(name, d));
            }
            out.insert("securitySchemes".into(), Value::Object(schemes));
        }
        out
    }

    /// [`Rule::V20SecurityScheme`].
    fn security_scheme(&mut self, name: &str, d: &Value) -> Value {
        let Some(d) = d.as_object() else {
            return d.clone();
        };
        let mut out = Map::new();
        let ty = d.get("type").and_then(Value::as_str).unwrap_or("");
        let read_as = match ty {
            "basic" => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
                "HTTP basic".to_string()
            }
            "oauth2" => {
                let flow = d.get("flow").and_then(Value::as_str).unwrap_or("");
                let (key, urls): (&str, &[&str]) = match flow {
                    "implicit" => ("implicit", &["authorizationUrl"]),
                    "password" => ("password", &["tokenUrl"]),
                    "application" => ("clientCredentials", &["tokenUrl"]),
                    "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                    _ => ("", &[]),
                };
                let mut flows = Map::new();
                if !key.is_empty() {
                    let mut f = Map::new();
                    for u in urls {
                        f.insert(u.to_string(), d.get(*u).cloned().unwrap_or(json!("")));
                    }
                    f.insert(
                        "scopes".into(),
                        d.get("scopes").cloned().unwrap_or_else(|| json!({})),
                    );
                    flows.insert(key.into(), Value::Object(f));
                }
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), Value::Object(flows));
                if key.is_empty() {
                    format!("OAuth2 without a known flow ({flow:?})")
                } else {
                    format!("OAuth2 with the `{key}` flow")
                }
            }
            _ => {
                for k in ["type", "name", "in"] {
                    if let Some(v) = d.get(k) {
                        out.insert(k.into(), v.clone());
                    }
                }
                format!("{ty:?}, unchanged")
            }
        };
        for (k, v) in d {
            if k == "description" || k.starts_with("x-") {
                out.insert(k.clone(), v.clone());
            }
        }
        self.log.warn(
            Rule::V20SecurityScheme,
            &["securityDefinitions", name],
            &[],
            format!("security definition `{name}` (2.0): read as {read_as}"),
        );
        Value::Object(out)
    }

    fn paths(&mut self, paths: Option<&Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (path, item) in paths.and_then(Value::as_object).into_iter().flatten() {
            let Some(item) = item.as_object() else {
                out.insert(path.clone(), item.clone());
                continue;
            };
            let at = ["paths", path.as_str()];
            // Path-level parameters: plain ones stay; body and form ones go
            // down to each operation.
            let mut shared = Vec::new();
            let mut kept = Vec::new();
            for (i, p) in item
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let was = plus(&at, &["parameters", &i.to_string()]);
                match self.classify(p, &plus(&at, &["parameters", &kept.len().to_string()]), was) {
                    Param::Other(v) => kept.push(v),
                    other => shared.push(other),
                }
            }
            let mut new = Map::new();
            for (key, v) in item {
                if key == "parameters" {
                    if !kept.is_empty() {
                        new.insert(key.clone(), Value::Array(std::mem::take(&mut kept)));
                    }
                } else if let Some(op) = v.as_object().filter(|_| METHODS.contains(&key.as_str())) {
                    let op = self.operation(op, &plus(&at, &[key]), &shared);
                    new.insert(key.clone(), Value::Object(op));
                } else {
                    new.insert(key.clone(), v.clone());
                }
            }
            out.insert(path.clone(), Value::Object(new));
        }
        out
    }

    /// What a parameter (inline or a `$ref` to a global one) becomes. `now`
    /// is where it lands if it stays a parameter.
    fn classify(&mut self, p: &Value, now: &[String], was: Vec<String>) -> Param {
        let Some(obj) = p.as_object() else {
            return Param::Other(p.clone());
        };
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix("#/parameters/")
                .map(|n| n.replace("~1", "/").replace("~0", "~"));
            let global = name
                .as_ref()
                .and_then(|n| self.parameters.get(n))
                .and_then(Value::as_object);
            let (Some(name), Some(global)) = (name, global) else {
                return Param::Other(p.clone());
            };
            let location = global.get("in").and_then(Value::as_str).unwrap_or("");
            return match location {
                "body" => Param::BodyRef(name),
                "formData" => Param::Form(global.clone(), vec!["parameters".into(), name]),
                _ => {
                    self.log.moved(now, &was);
                    let r = format!("#/components/parameters/{}", crate::pointer::escape(&name));
                    Param::Other(json!({ "$ref": r }))
                }
            };
        }
        match obj.get("in").and_then(Value::as_str) {
            Some("body") => Param::Body(obj.clone(), was),
            Some("formData") => Param::Form(obj.clone(), was),
            _ => Param::Other(self.parameter(obj, now, &was)),
        }
    }

    fn operation(
        &mut self,
        op: &Map<String, Value>,
        at: &[String],
        shared: &[Param],
    ) -> Map<String, Value> {
        let consumes = match op.get("consumes") {
            Some(v) => media_list(Some(v)),
            None => self.consumes.clone(),
        };
        let produces = match op.get("produces") {
            Some(v) => media_list(Some(v)),
            None => self.produces.clone(),
        };
        let mut params: Vec<Value> = Vec::new();
        let mut body: Option<Param> = None;
        let mut form: Vec<(Map<String, Value>, Vec<String>)> = Vec::new();
        for (i, p) in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let now = plus(at, &["parameters", &params.len().to_string()]);
            let was = plus(at, &["parameters", &i.to_string()]);
            match self.classify(p, &now, was) {
                Param::Other(v) => params.push(v),
                b @ (Param::Body(..) | Param::BodyRef(_)) => {
                    body.get_or_insert(b);
                }
                Param::Form(f, was) => form.push((f, was)),
            }
        }
        // Path-level body and form parameters, unless the operation has its own.
        for p in shared {
            match p {
                Param::Body(..) | Param::BodyRef(_) if body.is_none() && form.is_empty() => {
                    body = Some(match p {
                        Param::Body(b, was) => Param::Body(b.clone(), was.clone()),
                        Param::BodyRef(n) => Param::BodyRef(n.clone()),
                        _ => unreachable!("matched above"),
                    });
                }
                Param::Form(f, was) => {
                    let name = f.get("name");
                    if !form.iter().any(|(g, _)| g.get("name") == name) {
                        form.push((f.clone(), was.clone()));
                    }
                }
                _ => {}
            }
        }
        let body_at = plus(at, &["requestBody"]);
        let request = match body {
            Some(Param::Body(b, was)) => Some(self.body(&b, &consumes, &body_at, &was)),
            Some(Param::BodyRef(name)) => Some(json!({
                "$ref": format!("#/components/requestBodies/{}", crate::pointer::escape(&name))
            })),
            _ if !form.is_empty() => Some(self.form(&form, &consumes, &body_at)),
            _ => None,
        };
        let mut out = Map::new();
        for (key, v) in op {
            match key.as_str() {
                "parameters" => {
                    if !params.is_empty() {
                        out.insert(key.clone(), Value::Array(std::mem::take(&mut params)));
                    }
                }
                "responses" => {
                    let mut responses = Map::new();
                    for (code, r) in v.as_object().into_iter().flatten() {
                        let r_at = plus(at, &["responses", code]);
                        let converted = self.response(code, r, &produces, &r_at, &r_at);
                        responses.insert(code.clone(), converted);
                    }
                    out.insert(key.clone(), Value::Object(responses));
                }
                "consumes" | "produces" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if let Some(request) = request {
            out.insert("requestBody".into(), request);
        }
        if !out.contains_key("responses") {
            out.insert("responses".into(), json!({}));
        }
        out
    }

    /// [`Rule::V20Body`]: a `body` parameter → a request body.
    fn body(
        &mut self,
        p: &Map<String, Value>,
        consumes: &[String],
        now: &[impl AsRef<str>],
        was: &[impl AsRef<str>],
    ) -> Value {
        let now: Vec<String> = now.iter().map(|s| s.as_ref().to_string()).collect();
        let was: Vec<String> = was.iter().map(|s| s.as_ref().to_string()).collect();
        let media: Vec<String> = if consumes.is_empty() {
            vec![JSON.into()]
        } else {
            consumes.to_vec()
        };
        let schema = p.get("schema").cloned().unwrap_or_else(|| json!({}));
        let mut content = Map::new();
        for m in &media {
            content.insert(m.clone(), json!({ "schema": schema }));
            self.log.moved(
                &plus(&now, &["content", m, "schema"]),
                &plus(&was, &["schema"]),
            );
        }
        self.log.moved(&now, &was);
        let mut out = Map::new();
        if let Some(d) = p.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert("content".into(), Value::Object(content));
        if p.get("required") == Some(&Value::Bool(true)) {
            out.insert("required".into(), Value::Bool(true));
        }
        for (k, v) in p {
            if k.starts_with("x-") {
                out.insert(k.clone(), v.clone());
            }
        }
        let name = p.get("name").and_then(Value::as_str).unwrap_or("body");
        self.log.warn_original(
            Rule::V20Body,
            &was,
            &[],
            format!(
                "body parameter `{name}` (2.0): the request body, as {}",
                media.join(", ")
            ),
        );
        Value::Object(out)
    }

    /// [`Rule::V20Body`]: `formData` parameters → one form request body.
    fn form(
        &mut self,
        fields: &[(Map<String, Value>, Vec<String>)],
        consumes: &[String],
        now: &[String],
    ) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut files = Vec::new();
        let mut moves = Vec::new();
        for (f, was) in fields {
            let name = f
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let mut schema = self.schema_of(f, was, false);
            if let Some(d) = f.get("description") {
                schema.insert("description".into(), d.clone());
            }
            if schema.get("format").and_then(Value::as_str) == Some("binary") {
                files.push(name.clone());
            }
            if f.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::String(name.clone()));
            }
            moves.push((name.clone(), was.clone()));
            properties.insert(name, Value::Object(schema));
        }
        let media: Vec<String> = if !files.is_empty() {
            vec![MULTIPART.into()]
        } else {
            let forms: Vec<String> = consumes.iter().filter(|m| is_form(m)).cloned().collect();
            if forms.is_empty() {
                vec![URLENCODED.into()]
            } else {
                forms
            }
        };
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let mut content = Map::new();
        for m in &media {
            content.insert(m.clone(), json!({ "schema": schema }));
            for (name, was) in &moves {
                self.log.moved(
                    &plus(now, &["content", m, "schema", "properties", name]),
                    was,
                );
            }
        }
        let names: Vec<String> = moves.iter().map(|(n, _)| format!("`{n}`")).collect();
        self.log.warn_original(
            Rule::V20Body,
            &fields[0].1,
            &[],
            format!(
                "formData parameters {} (2.0): one request body, as {}{}",
                names.join(", "),
                media.join(", "),
                if files.is_empty() {
                    String::new()
                } else {
                    format!(" (file: {})", files.join(", "))
                }
            ),
        );
        let mut out = Map::new();
        out.insert("content".into(), Value::Object(content));
        if !required.is_empty() {
            out.insert("required".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    /// The `schema` of a non-body parameter (or header, or items), from its
    /// value keywords. `type: file` is a binary string ([`Rule::V20File`]).
    fn schema_of(
        &mut self,
        p: &Map<String, Value>,
        was: &[String],
        nested: bool,
    ) -> Map<String, Value> {
        let mut schema = Map::new();
        for &k in SCHEMA_KEYWORDS {
            let Some(v) = p.get(k) else { continue };
            match (k, v) {
                ("items", Value::Object(items)) if !nested => {
                    let inner = self.schema_of(items, &plus(was, &["items"]), true);
                    schema.insert(k.into(), Value::Object(inner));
                }
                ("items", Value::Object(_)) => {
                    // Items of items: no deeper nesting is worth following.
                    schema.insert(k.into(), v.clone());
                    if let Some(o) = schema.get_mut(k).and_then(Value::as_object_mut) {
                        o.remove("collectionFormat");
                    }
                }
                _ => {
                    schema.insert(k.into(), v.clone());
                }
            }
        }
        if nested {
            if let Some(cf) = p.get("collectionFormat").and_then(Value::as_str) {
                if cf != "csv" {
                    self.log.warn_original(
                        Rule::V20CollectionFormat,
                        was,
                        &["collectionFormat"],
                        format!("`collectionFormat: {cf}` of nested items (2.0): no 3.0 equivalent; read as comma-separated"),
                    );
                }
            }
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
            self.log.warn_original(
                Rule::V20File,
                was,
                &["type"],
                "`type: file` (2.0): read as a binary string".into(),
            );
        }
        schema
    }

    /// [`Rule::V20Parameter`] (and [`Rule::V20CollectionFormat`]).
    fn parameter(
        &mut self,
        p: &Map<String, Value>,
        now: &[impl AsRef<str>],
        was: &[impl AsRef<str>],
    ) -> Value {
        let now: Vec<String> = now.iter().map(|s| s.as_ref().to_string()).collect();
        let was: Vec<String> = was.iter().map(|s| s.as_ref().to_string()).collect();
        let mut out = Map::new();
        for (k, v) in p {
            if PARAMETER_KEYWORDS.contains(&k.as_str())
                || (k.starts_with("x-") && k != "x-nullable" && k != "x-example")
            {
                out.insert(k.clone(), v.clone());
            }
        }
        if let Some(e) = p.get("x-example") {
            out.insert("example".into(), e.clone());
        }
        let location = p
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let schema = self.schema_of(p, &was, false);
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        let moved: Vec<&str> = SCHEMA_KEYWORDS
            .iter()
            .copied()
            .filter(|k| p.contains_key(*k))
            .collect();
        if is_array {
            let cf = p
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            self.collection_format(&mut out, cf, &location, &was);
        }
        if location == "path" {
            out.insert("required".into(), Value::Bool(true));
        }
        out.insert("schema".into(), Value::Object(schema));
        self.log.moved(&plus(&now, &["schema"]), &was);
        self.log.moved(&now, &was);
        if !moved.is_empty() {
            self.log.warn_original(
                Rule::V20Parameter,
                &was,
                &[],
                format!(
                    "parameter `{name}` (in {location}, 2.0): {} read as its `schema`",
                    moved
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        Value::Object(out)
    }

    /// `collectionFormat` → `style`/`explode`.
    fn collection_format(
        &mut self,
        out: &mut Map<String, Value>,
        cf: &str,
        location: &str,
        was: &[String],
    ) {
        let query = location == "query";
        let (style, explode, lossy) = match (cf, query) {
            ("multi", true) => ("form", true, false),
            ("csv", true) => ("form", false, false),
            ("ssv", true) => ("spaceDelimited", false, false),
            ("pipes", true) => ("pipeDelimited", false, false),
            ("csv", false) => ("simple", false, false),
            (_, true) => ("form", false, true),
            (_, false) => ("simple", false, true),
        };
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
        if lossy {
            self.log.warn_original(
                Rule::V20CollectionFormat,
                was,
                &["collectionFormat"],
                format!(
                    "`collectionFormat: {cf}` (2.0, in {location}): read as `style: {style}, explode: false`, the closest 3.0 style"
                ),
            );
        }
    }

    /// [`Rule::V20Response`]: `schema`, `headers` and `examples` of a response.
    fn response(
        &mut self,
        code: &str,
        r: &Value,
        produces: &[String],
        now: &[impl AsRef<str>],
        was: &[impl AsRef<str>],
    ) -> Value {
        let now: Vec<String> = now.iter().map(|s| s.as_ref().to_string()).collect();
        let was: Vec<String> = was.iter().map(|s| s.as_ref().to_string()).collect();
        let Some(r) = r.as_object() else {
            return r.clone();
        };
        if let Some(reference) = r.get("$ref").and_then(Value::as_str) {
            let new = match reference.strip_prefix("#/responses/") {
                Some(name) => format!("#/components/responses/{name}"),
                None => reference.to_string(),
            };
            return json!({ "$ref": new });
        }
        self.log.moved(&now, &was);
        let mut out = Map::new();
        out.insert(
            "description".into(),
            r.get("description").cloned().unwrap_or_else(|| json!("")),
        );
        let mut changed = Vec::new();
        if let Some(headers) = r.get("headers").and_then(Value::as_object) {
            let converted = self.response_headers(headers, &now, &was);
            if !converted.is_empty() {
                changed.push(format!("{} header(s) with a `schema`", converted.len()));
                out.insert("headers".into(), Value::Object(converted));
            }
        }
        let mut content = Map::new();
        let mut converted = None;
        if let Some(schema) = r.get("schema") {
            let (schema, media) = self.response_schema(schema, produces, &was);
            for m in &media {
                content.insert(m.clone(), json!({ "schema": schema }));
                self.log.moved(
                    &plus(&now, &["content", m, "schema"]),
                    &plus(&was, &["schema"]),
                );
            }
            changed.insert(
                0,
                format!("`schema` read as content of {}", media.join(", ")),
            );
            converted = Some(schema);
        }
        if let Some(examples) = r.get("examples").and_then(Value::as_object) {
            for (media, example) in examples {
                let entry = content
                    .entry(media.clone())
                    .or_insert_with(|| match &converted {
                        Some(s) => json!({ "schema": s }),
                        None => json!({}),
                    });
                entry["example"] = example.clone();
            }
            changed.push(format!(
                "{} example(s) as media type examples",
                examples.len()
            ));
        }
        if !content.is_empty() {
            out.insert("content".into(), Value::Object(content));
        }
        for (k, v) in r {
            if k.starts_with("x-") {
                out.insert(k.clone(), v.clone());
            }
        }
        if !changed.is_empty() {
            self.log.warn_original(
                Rule::V20Response,
                &was,
                &[],
                format!("response `{code}` (2.0): {}", changed.join("; ")),
            );
        }
        Value::Object(out)
    }

    /// A response's headers (`was`: where the response was), each a
    /// `schema` with the header's own value keywords.
    fn response_headers(
        &mut self,
        headers: &Map<String, Value>,
        now: &[String],
        was: &[String],
    ) -> Map<String, Value> {
        let mut converted = Map::new();
        for (name, h) in headers {
            let Some(h) = h.as_object() else { continue };
            let h_was = plus(was, &["headers", name]);
            let mut header = Map::new();
            if let Some(d) = h.get("description") {
                header.insert("description".into(), d.clone());
            }
            let schema = self.schema_of(h, &h_was, false);
            header.insert("schema".into(), Value::Object(schema));
            self.log
                .moved(&plus(now, &["headers", name, "schema"]), &h_was);
            converted.insert(name.clone(), Value::Object(header));
        }
        converted
    }

    /// A response's `schema`, and the media types it is the content of: the
    /// ones the operation `produces` (JSON when none), but a `type: file`
    /// is binary content ([`Rule::V20File`]) of the non-JSON ones.
    fn response_schema(
        &mut self,
        schema: &Value,
        produces: &[String],
        was: &[String],
    ) -> (Value, Vec<String>) {
        let file = schema.get("type").and_then(Value::as_str) == Some("file");
        let mut media: Vec<String> = if file {
            produces.iter().filter(|m| !is_json(m)).cloned().collect()
        } else {
            produces.to_vec()
        };
        if media.is_empty() {
            media.push(if file {
                "application/octet-stream".into()
            } else {
                JSON.into()
            });
        }
        if !file {
            return (schema.clone(), media);
        }
        self.log.warn_original(
            Rule::V20File,
            was,
            &["schema", "type"],
            "`type: file` response (2.0): read as binary content".into(),
        );
        let mut s = json!({"type": "string", "format": "binary"});
        if let Some(d) = schema.get("description") {
            s["description"] = d.clone();
        }
        (s, media)
    }
}

/// The schema pass over the converted document.
struct Schemas<'u, 'w> {
    log: &'u mut Log<'w>,
}

impl Visitor for Schemas<'_, '_> {
    fn schema(&mut self, s: &mut Value, at: &[String], _via: Option<&str>) {
        let log = &mut *self.log;
        let Some(obj) = s.as_object_mut() else { return };
        if let Some(Value::String(r)) = obj.get_mut("$ref") {
            if let Some(rest) = r.strip_prefix("#/definitions/") {
                *r = format!("#/components/schemas/{rest}");
            } else if !r.is_empty() && !r.contains(['#', '/', '.']) {
                // Early Swagger's shorthand: `$ref: Pet` for `#/definitions/Pet`.
                *r = format!("#/components/schemas/{r}");
            }
        }
        if let Some(v) = obj.remove("x-nullable") {
            let on = v == Value::Bool(true);
            if on {
                obj.insert("nullable".into(), Value::Bool(true));
            }
            log.warn(
                Rule::V20XNullable,
                at,
                &["x-nullable"],
                format!(
                    "`x-nullable: {v}` (2.0 extension): read as {}",
                    if on {
                        "`nullable: true`"
                    } else {
                        "not nullable"
                    }
                ),
            );
        }
        ref_siblings(obj, at, log);
        if obj.contains_key("$ref") {
            return;
        }
        if obj.get("type").and_then(Value::as_str) == Some("file") {
            obj.insert("type".into(), json!("string"));
            obj.insert("format".into(), json!("binary"));
            log.warn(
                Rule::V20File,
                at,
                &["type"],
                "`type: file` (2.0): read as a binary string".into(),
            );
        }
        if let Some(Value::String(name)) = obj.get("discriminator") {
            let name = name.clone();
            obj.insert("discriminator".into(), json!({ "propertyName": name }));
            log.warn(
                Rule::V20Discriminator,
                at,
                &["discriminator"],
                format!("`discriminator: {name}` (2.0): read as `discriminator: {{propertyName: {name}}}`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Rule, Warning};
    use serde_json::{json, Value};

    fn upgrade(mut doc: Value) -> (Value, Vec<Warning>) {
        let mut w = Vec::new();
        super::super::upgrade::upgrade(&mut doc, super::super::upgrade::Version::Swagger20, &mut w);
        (doc, w)
    }

    fn swagger(rest: Value) -> Value {
        let mut doc =
            json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}});
        for (k, v) in rest.as_object().unwrap() {
            doc[k] = v.clone();
        }
        doc
    }

    fn rules(w: &[Warning]) -> Vec<Rule> {
        w.iter().map(|w| w.rule).collect()
    }

    #[test]
    fn servers() {
        let (d, w) = upgrade(swagger(
            json!({"host": "api.test", "basePath": "/v1/", "schemes": ["http", "https", "ws"]}),
        ));
        assert_eq!(
            d["servers"],
            json!([{"url": "http://api.test/v1"}, {"url": "https://api.test/v1"}])
        );
        assert_eq!(w[0].rule, Rule::V20Servers);
        assert_eq!(w[0].pointer, "/host");
        let (d, _) = upgrade(swagger(json!({"basePath": "/api"})));
        assert_eq!(d["servers"], json!([{"url": "/api"}]));
        let (d, w) = upgrade(swagger(json!({})));
        assert!(d.get("servers").is_none() && w.is_empty());
        assert_eq!(d["openapi"], "3.0.3");
    }

    #[test]
    fn definitions_and_refs() {
        let (d, w) = upgrade(swagger(json!({"definitions": {
            "Pet": {"type": "object", "discriminator": "kind", "required": ["kind"], "properties": {
                "kind": {"type": "string"},
                "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                "tag": {"$ref": "Tag"},
                "photo": {"type": "file"}}},
            "Owner": {"type": "object"}, "Tag": {"type": "string"}}})));
        let pet = &d["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(
            pet["properties"]["owner"],
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Owner"}]})
        );
        assert_eq!(
            pet["properties"]["tag"],
            json!({"$ref": "#/components/schemas/Tag"})
        );
        assert_eq!(
            pet["properties"]["photo"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            rules(&w),
            [
                Rule::V20Components,
                Rule::V20Discriminator,
                Rule::V20XNullable,
                Rule::RefSiblings,
                Rule::V20File
            ]
        );
        // Pointers are into the 2.0 document.
        assert_eq!(w[2].pointer, "/definitions/Pet/properties/owner/x-nullable");
    }

    #[test]
    fn bodies_forms_and_parameters() {
        let (d, w) = upgrade(swagger(json!({
            "consumes": ["application/json", "application/x-www-form-urlencoded"],
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "type": "integer"}],
                "post": {
                    "parameters": [
                        {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}},
                        {"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"}, "collectionFormat": "multi"},
                        {"name": "words", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"},
                        {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}},
                        {"name": "tabs", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"}],
                    "responses": {"204": {"description": "ok"}}},
                "put": {
                    "parameters": [{"name": "a", "in": "formData", "type": "string", "required": true},
                                   {"name": "b", "in": "formData", "type": "integer"}],
                    "responses": {"204": {"description": "ok"}}},
                "patch": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [{"name": "f", "in": "formData", "type": "file"}],
                    "responses": {"204": {"description": "ok"}}}}}})));
        let item = &d["paths"]["/a/{id}"];
        assert_eq!(
            item["parameters"][0],
            json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}})
        );
        let post = &item["post"];
        assert_eq!(post["parameters"][0]["style"], "form");
        assert_eq!(post["parameters"][0]["explode"], false);
        assert_eq!(post["parameters"][1]["explode"], true);
        assert_eq!(post["parameters"][2]["style"], "spaceDelimited");
        assert_eq!(post["parameters"][3]["style"], "form");
        assert_eq!(post["parameters"].as_array().unwrap().len(), 4);
        assert_eq!(
            post["requestBody"],
            json!({"required": true, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Pet"}}}})
        );
        let form = &item["put"]["requestBody"];
        assert_eq!(form["required"], true);
        assert_eq!(
            form["content"]["application/x-www-form-urlencoded"]["schema"],
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}})
        );
        assert_eq!(form["content"].as_object().unwrap().len(), 1);
        let upload = &item["patch"]["requestBody"]["content"];
        assert_eq!(
            upload["multipart/form-data"]["schema"]["properties"]["f"],
            json!({"type": "string", "format": "binary"})
        );
        // `ssv` has a 3.0 style of its own; `tsv` does not.
        assert!(!w.iter().any(|w| w.rule == Rule::V20CollectionFormat
            && w.pointer == "/paths/~1a~1{id}/post/parameters/2/collectionFormat"));
        assert!(w.iter().any(|w| w.rule == Rule::V20CollectionFormat
            && w.pointer == "/paths/~1a~1{id}/post/parameters/4/collectionFormat"));
        assert!(w
            .iter()
            .any(|w| w.rule == Rule::V20Body && w.pointer == "/paths/~1a~1{id}/post/parameters/3"));
        assert!(w
            .iter()
            .any(|w| w.rule == Rule::V20File
                && w.pointer == "/paths/~1a~1{id}/patch/parameters/0/type"));
    }

    #[test]
    fn global_parameters_and_responses() {
        let (d, _) = upgrade(swagger(json!({
            "parameters": {
                "limit": {"name": "limit", "in": "query", "type": "integer"},
                "body": {"name": "body", "in": "body", "schema": {"type": "object"}},
                "file": {"name": "file", "in": "formData", "type": "file"}},
            "responses": {"Err": {"description": "bad", "schema": {"$ref": "#/definitions/Err"}}},
            "produces": ["application/json"],
            "paths": {"/a": {
                "post": {"parameters": [{"$ref": "#/parameters/limit"}, {"$ref": "#/parameters/body"}],
                         "responses": {"400": {"$ref": "#/responses/Err"}}},
                "put": {"parameters": [{"$ref": "#/parameters/file"}], "responses": {}}}}})));
        let c = &d["components"];
        assert_eq!(
            c["parameters"]["limit"]["schema"],
            json!({"type": "integer"})
        );
        assert!(c["parameters"].get("body").is_none() && c["parameters"].get("file").is_none());
        assert_eq!(
            c["requestBodies"]["body"]["content"]["application/json"]["schema"],
            json!({"type": "object"})
        );
        assert_eq!(
            c["responses"]["Err"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Err"
        );
        let post = &d["paths"]["/a"]["post"];
        assert_eq!(
            post["parameters"],
            json!([{"$ref": "#/components/parameters/limit"}])
        );
        assert_eq!(
            post["requestBody"],
            json!({"$ref": "#/components/requestBodies/body"})
        );
        assert_eq!(
            post["responses"]["400"],
            json!({"$ref": "#/components/responses/Err"})
        );
        assert!(
            d["paths"]["/a"]["put"]["requestBody"]["content"]["multipart/form-data"].is_object()
        );
    }

    #[test]
    fn responses() {
        let (d, w) = upgrade(swagger(json!({
            "produces": ["application/json", "text/plain"],
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "ok", "schema": {"type": "array", "items": {"type": "string"}},
                        "headers": {"X-Rate": {"type": "integer", "description": "left"}},
                        "examples": {"application/json": ["a"]}},
                "201": {"description": "file", "schema": {"type": "file"}}}}}}})));
        let r = &d["paths"]["/a"]["get"]["responses"];
        assert_eq!(
            r["200"]["content"]["application/json"]["example"],
            json!(["a"])
        );
        assert_eq!(
            r["200"]["content"]["text/plain"]["schema"]["items"]["type"],
            "string"
        );
        assert_eq!(
            r["200"]["headers"]["X-Rate"],
            json!({"description": "left", "schema": {"type": "integer"}})
        );
        assert_eq!(
            r["201"]["content"],
            json!({"text/plain": {"schema": {"type": "string", "format": "binary"}}})
        );
        assert!(w
            .iter()
            .any(|w| w.rule == Rule::V20Response && w.pointer == "/paths/~1a/get/responses/200"));
    }

    #[test]
    fn security_definitions() {
        let (d, w) = upgrade(swagger(json!({"securityDefinitions": {
            "basic": {"type": "basic"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "oauth": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "read"}}}})));
        let s = &d["components"]["securitySchemes"];
        assert_eq!(s["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(
            s["key"],
            json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            s["oauth"]["flows"]["authorizationCode"],
            json!({"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "read"}})
        );
        assert_eq!(rules(&w), [Rule::V20SecurityScheme; 3]);
    }

    #[test]
    fn later_warnings_point_into_the_2_0_document() {
        let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      parameters: [{name: b, in: body, schema: {type: date}}]\n      responses: {'200': {description: ok, schema: {$ref: '#/definitions/Missing'}}}\ndefinitions:\n  A: {type: object, properties: {d: {type: datetime}}}\n";
        let (_, w) = crate::lower_spec("s.yaml", text, &Default::default()).unwrap();
        let at = |rule: Rule| {
            w.iter()
                .filter(|w| w.rule == rule)
                .map(|w| w.pointer.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            at(Rule::NonStandardType),
            [
                "/paths/~1a/post/parameters/0/schema/type",
                "/definitions/A/properties/d/type"
            ]
        );
        assert_eq!(
            at(Rule::UnresolvedRef),
            ["/paths/~1a/post/responses/200/schema"]
        );
    }
}
