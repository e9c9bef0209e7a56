//! Which bodies get instances, chosen as lowering chooses them, from the
//! spec side: the request body, the success response (or the `data` of its
//! envelope) and the item of a sequential one, every documented error body.

use crate::json;
use crate::lower::media::Media;
use crate::validate::Space;
use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use serde_json::{Map, Value};

/// What a target body is to its operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    Request,
    /// The success response.
    Response,
    /// A non-success response, by its key in `responses`: `404`, `4XX`, `default`.
    Error(String),
    /// Each item of a sequential success body (OpenAPI 3.2's `itemSchema`).
    Item,
}

impl BodyKind {
    /// `request`, `response`, `error 404`: the kind as the round-trip program names it.
    pub fn label(&self) -> String {
        match self {
            BodyKind::Request => "request".into(),
            BodyKind::Response => "response".into(),
            BodyKind::Error(code) => format!("error {code}"),
            BodyKind::Item => "item".into(),
        }
    }
}

/// One body to draw instances for.
#[derive(Debug, Clone)]
pub struct Target {
    /// `GET`, `POST`, … (upper case).
    pub method: String,
    /// The path template as in the spec.
    pub path: String,
    pub kind: BodyKind,
    /// The body is the `{data, _meta, …}` envelope: instances are `{"data": …}`.
    pub envelope: bool,
    /// JSON pointer of the schema drawn from (for `envelope`, `data`'s schema).
    pub pointer: String,
    pub(super) schema: Value,
    /// The example that shapes the root where the schema is silent.
    pub(super) context: Option<Value>,
}

impl Target {
    /// `GET /pets/{id}`: how the round-trip program finds the operation.
    pub fn operation(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// The instances of one target: each drawn value, or why the draw was skipped.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub target: Target,
    pub values: Vec<Result<Value, String>>,
}

/// Every body of the document that gets instances, in document order.
pub fn targets(doc: &OpenAPI) -> Vec<Target> {
    targets_in(doc, &Space::new(doc))
}

pub(super) fn targets_in(doc: &OpenAPI, space: &Space) -> Vec<Target> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue; // lowering skips `$ref` path items too
        };
        // As lowering orders them: fixed methods, then QUERY and custom ones.
        let extra = crate::extensions::operations(item);
        let fixed = item
            .iter()
            .map(|(m, op)| (m.to_ascii_uppercase(), vec![m.to_string()], op));
        let more = extra.iter().map(|(m, op)| {
            let tokens = vec![crate::extensions::OPERATIONS.to_string(), m.clone()];
            (m.clone(), tokens, op)
        });
        for (method, tokens, op) in fixed.chain(more) {
            let at =
                crate::pointer::join(&[vec!["paths".to_string(), path.clone()], tokens].concat());
            let site = Site { method, path, at };
            operation_targets(doc, space, &site, op, &mut out);
        }
    }
    out
}

/// Where an operation is: its method (as sent), path and pointer.
struct Site<'p> {
    method: String,
    path: &'p str,
    at: String,
}

impl Site<'_> {
    fn target(
        &self,
        kind: BodyKind,
        envelope: bool,
        pointer: String,
        schema: Value,
        context: Option<Value>,
    ) -> Target {
        Target {
            method: self.method.clone(),
            path: self.path.to_string(),
            kind,
            envelope,
            pointer,
            schema,
            context,
        }
    }
}

/// The targets of one operation: its request body, its success response
/// (and the item of a sequential one), its error bodies.
fn operation_targets(
    doc: &OpenAPI,
    space: &Space,
    site: &Site,
    op: &openapiv3::Operation,
    out: &mut Vec<Target>,
) {
    let at = &site.at;
    if let Some(body) = op.request_body.as_ref().and_then(|b| request_body(doc, b)) {
        if let Some((media, schema)) = request_schema(body) {
            let pointer = format!(
                "{at}/requestBody/content/{}/schema",
                crate::pointer::escape(media)
            );
            out.push(site.target(BodyKind::Request, false, pointer, schema, None));
        }
    }
    let mut success: Option<(&StatusCode, &openapiv3::Response)> = None;
    let mut errors = Vec::new();
    for (code, r) in &op.responses.responses {
        let Some(resp) = response(doc, r) else {
            continue;
        };
        let status = match code {
            StatusCode::Code(c) => *c,
            StatusCode::Range(r) => *r * 100,
        };
        if (200..300).contains(&status) {
            // The first success response, unless it has no content and a later one has.
            if success.is_none_or(|(_, s)| s.content.is_empty() && !resp.content.is_empty()) {
                success = Some((code, resp));
            }
        } else {
            let key = match code {
                StatusCode::Code(c) => c.to_string(),
                StatusCode::Range(r) => format!("{r}XX"),
            };
            errors.push((key, resp));
        }
    }
    if let Some(resp) = op.responses.default.as_ref().and_then(|d| response(doc, d)) {
        errors.push(("default".into(), resp));
    }
    if let Some((code, resp)) = success {
        success_targets(space, site, &format!("{at}/responses/{code}"), resp, out);
    }
    for (key, resp) in errors {
        let json = resp
            .content
            .iter()
            .find(|(k, _)| Media::of(k) == Media::Json);
        if let Some((media, mt)) = json {
            if let Some(schema) = &mt.schema {
                let pointer = format!(
                    "{at}/responses/{key}/content/{}/schema",
                    crate::pointer::escape(media)
                );
                let kind = BodyKind::Error(key.clone());
                out.push(site.target(kind, false, pointer, json::tree(schema), None));
            }
        }
    }
}

/// The success response's targets: its body (or its envelope's `data`),
/// and the item of a sequential body (OpenAPI 3.2's `itemSchema`), both
/// from the media type lowering picks.
fn success_targets(
    space: &Space,
    site: &Site,
    at: &str,
    resp: &openapiv3::Response,
    out: &mut Vec<Target>,
) {
    if let Some((media, schema)) = success_schema(resp) {
        let pointer = format!("{at}/content/{}/schema", crate::pointer::escape(media));
        match envelope_data(space, &schema) {
            Some((data, context)) => out.push(site.target(
                BodyKind::Response,
                true,
                format!("{pointer}/properties/data"),
                data,
                context,
            )),
            None => out.push(site.target(BodyKind::Response, false, pointer, schema, None)),
        }
    }
    let item = picked(resp)
        .and_then(|(k, mt)| Some((k, crate::extensions::item_schema(mt)?)))
        .or_else(|| {
            resp.content
                .iter()
                .find_map(|(k, mt)| Some((k, crate::extensions::item_schema(mt)?)))
        });
    let item = item
        .map(|(media, schema)| (media, json::tree(&schema)))
        .filter(|(_, schema)| !binary(space, schema));
    if let Some((media, schema)) = item {
        let pointer = format!(
            "{at}/content/{}/{}",
            crate::pointer::escape(media),
            crate::extensions::ITEM_SCHEMA
        );
        out.push(site.target(BodyKind::Item, false, pointer, schema, None));
    }
}

/// A binary string (`format: binary`), which lowering reads as bytes.
fn binary(space: &Space, schema: &Value) -> bool {
    space
        .resolve(schema)
        .is_ok_and(|s| s.get("format").and_then(Value::as_str) == Some("binary"))
}

/// The request body's schema, for the media type lowering picks (JSON, then
/// multipart, then form); none for text and binary bodies.
fn request_schema(body: &openapiv3::RequestBody) -> Option<(&str, Value)> {
    let rank = |m: &str| {
        let m = m.to_ascii_lowercase();
        let essence = m.split(';').next().unwrap_or("").trim().to_string();
        if essence == "application/json" || essence.ends_with("+json") {
            0
        } else if essence == "multipart/form-data" {
            1
        } else if essence == "application/x-www-form-urlencoded" {
            2
        } else if essence.starts_with("text/") {
            3
        } else {
            4
        }
    };
    let (media, mt) = body.content.iter().min_by_key(|(k, _)| rank(k))?;
    if rank(media) > 2 {
        return None;
    }
    Some((media.as_str(), json::tree(mt.schema.as_ref()?)))
}

/// The success media type lowering reads: JSON first, then text, then any.
fn picked(resp: &openapiv3::Response) -> Option<(&String, &openapiv3::MediaType)> {
    resp.content.iter().min_by_key(|(k, _)| match Media::of(k) {
        Media::Json => 0,
        Media::Text => 1,
        _ => 2,
    })
}

/// The success response's schema, when its media type (JSON first) is JSON.
fn success_schema(resp: &openapiv3::Response) -> Option<(&str, Value)> {
    let (media, mt) = picked(resp)?;
    let json = match Media::of(media) {
        Media::Json => true,
        Media::Any => mt.schema.is_some(),
        _ => false,
    };
    if !json {
        return None;
    }
    Some((media.as_str(), json::tree(mt.schema.as_ref()?)))
}

fn request_body<'a>(
    doc: &'a OpenAPI,
    b: &'a ReferenceOr<openapiv3::RequestBody>,
) -> Option<&'a openapiv3::RequestBody> {
    match b {
        ReferenceOr::Item(b) => Some(b),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/requestBodies/")?;
            doc.components.as_ref()?.request_bodies.get(name)?.as_item()
        }
    }
}

fn response<'a>(
    doc: &'a OpenAPI,
    r: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    match r {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            doc.components.as_ref()?.responses.get(name)?.as_item()
        }
    }
}

/// `Some((data's schema, data's example))` when this response schema is
/// the `{data, _meta, …}` envelope, as lowering decides it: an inline
/// object (or `allOf` of objects, or a schema silent but for an object
/// example) whose properties are `data` and others starting with `_`.
fn envelope_data(space: &Space, schema: &Value) -> Option<(Value, Option<Value>)> {
    let s = schema.as_object()?;
    if s.contains_key("$ref") {
        return None; // a component: lowering keeps its type
    }
    let example = s.get("example").filter(|e| !e.is_null());
    let (props, from_example): (Vec<(String, Value)>, bool) = if let Some(parts) =
        s.get("allOf").and_then(Value::as_array).filter(|_| {
            !s.contains_key("properties")
                && !s.contains_key("items")
                && !s.contains_key("additionalProperties")
        }) {
        if parts.len() == 1 && !s.contains_key("description") {
            return envelope_data(space, &parts[0]);
        }
        let mut props: Vec<(String, Value)> = Vec::new();
        for part in parts {
            collect_properties(space, part, &mut props, 0);
        }
        (props, false)
    } else if s.contains_key("oneOf") || s.contains_key("anyOf") {
        return None;
    } else {
        let ty = s.get("type").and_then(Value::as_str);
        let properties = s.get("properties").and_then(Value::as_object);
        let additional = s.contains_key("additionalProperties");
        match ty {
            Some("object") | None if properties.is_some_and(|p| !p.is_empty()) => (
                properties?
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                false,
            ),
            Some("object") | None if !additional && (ty.is_some() || !s.contains_key("items")) => {
                match example {
                    Some(Value::Object(m)) if !m.is_empty() => (
                        m.keys()
                            .map(|k| (k.clone(), Value::Object(Map::new())))
                            .collect(),
                        true,
                    ),
                    _ => return None,
                }
            }
            _ => return None,
        }
    };
    let data = props.iter().find(|(k, _)| k == "data")?;
    if props.len() < 2 || !props.iter().all(|(k, _)| k == "data" || k.starts_with('_')) {
        return None;
    }
    let context = if from_example || !s.contains_key("allOf") {
        example.and_then(|e| e.get("data")).cloned()
    } else {
        None
    };
    Some((data.1.clone(), context))
}

/// Properties of an `allOf` part, merged as lowering merges them (later
/// parts replace a property of the same name in place).
fn collect_properties(space: &Space, part: &Value, out: &mut Vec<(String, Value)>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Ok(s) = space.resolve(part) else {
        return;
    };
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        if matches!(s.get("type").and_then(Value::as_str), Some("object") | None) {
            for (k, v) in props {
                match out.iter_mut().find(|(n, _)| n == k) {
                    Some(slot) => slot.1 = v.clone(),
                    None => out.push((k.clone(), v.clone())),
                }
            }
        }
    }
    for p in s
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_properties(space, p, out, depth + 1);
    }
}
