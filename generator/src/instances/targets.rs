//! Which bodies get instances, chosen as lowering chooses them, from the
//! spec side: the request body, the success response (or the `data` of its
//! envelope), every documented error body.

use crate::json;
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
}

impl BodyKind {
    /// `request`, `response`, `error 404`: the kind as the round-trip program names it.
    pub fn label(&self) -> String {
        match self {
            BodyKind::Request => "request".into(),
            BodyKind::Response => "response".into(),
            BodyKind::Error(code) => format!("error {code}"),
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
        for (method, op) in item.iter() {
            let at = crate::pointer::join(&["paths", path, method]);
            let target = |kind, envelope, pointer: String, schema: Value, context| Target {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                kind,
                envelope,
                pointer,
                schema,
                context,
            };
            if let Some(body) = op.request_body.as_ref().and_then(|b| request_body(doc, b)) {
                if let Some((media, schema)) = request_schema(body) {
                    out.push(target(
                        BodyKind::Request,
                        false,
                        format!(
                            "{at}/requestBody/content/{}/schema",
                            crate::pointer::escape(media)
                        ),
                        schema,
                        None,
                    ));
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
                    if success.is_none_or(|(_, s)| s.content.is_empty() && !resp.content.is_empty())
                    {
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
                if let Some((media, schema)) = success_schema(resp) {
                    let pointer = format!(
                        "{at}/responses/{code}/content/{}/schema",
                        crate::pointer::escape(media)
                    );
                    match envelope_data(space, &schema) {
                        Some((data, context)) => out.push(target(
                            BodyKind::Response,
                            true,
                            format!("{pointer}/properties/data"),
                            data,
                            context,
                        )),
                        None => out.push(target(BodyKind::Response, false, pointer, schema, None)),
                    }
                }
            }
            for (key, resp) in errors {
                let json = resp.content.iter().find(|(k, _)| {
                    let k = k.to_ascii_lowercase();
                    k.starts_with("application/json") || k.contains("+json")
                });
                if let Some((media, mt)) = json {
                    if let Some(schema) = &mt.schema {
                        out.push(target(
                            BodyKind::Error(key.clone()),
                            false,
                            format!(
                                "{at}/responses/{key}/content/{}/schema",
                                crate::pointer::escape(media)
                            ),
                            json::tree(schema),
                            None,
                        ));
                    }
                }
            }
        }
    }
    out
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

/// The success response's schema, when its media type (JSON first) is JSON.
fn success_schema(resp: &openapiv3::Response) -> Option<(&str, Value)> {
    let (media, mt) = resp.content.iter().min_by_key(|(k, _)| {
        let k = k.to_ascii_lowercase();
        if k.starts_with("application/json") || k.contains("+json") {
            0
        } else if k.starts_with("text/") {
            1
        } else {
            2
        }
    })?;
    let lower = media.to_ascii_lowercase();
    let json = lower.starts_with("application/json")
        || lower.contains("+json")
        || lower == "*/*" && mt.schema.is_some();
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
