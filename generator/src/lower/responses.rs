//! An operation's responses: the success response the caller receives (its
//! kind, and the shape of its body or of an envelope's `data`), and the
//! documented errors with their bodies.

use super::examples::media_examples;
use super::media::{self, Media};
use super::resolve::resolve;
use super::schema::ShapeBuilder;
use super::shape::{Hint, Kind, Shape};
use crate::ident;
use crate::ir::{Example, ResponseKind, Stream};
use crate::pointer;
use openapiv3::{ReferenceOr, StatusCode};

/// The success response, its type still a shape.
pub struct PendingResponse {
    pub status: Option<u16>,
    pub description: Option<String>,
    pub kind: ResponseKind,
    pub shape: Shape,
    pub examples: Vec<Example>,
    /// The body schema has a `_pagination` property.
    pub paginated: bool,
    /// Each item of a sequential body (OpenAPI 3.2's `itemSchema`, or a
    /// streaming media type's schema).
    pub item: Option<Shape>,
    /// The media type that streams, when one does.
    pub stream: Option<Stream>,
}

/// A documented error response, its body type (if any) still a shape.
pub struct PendingError {
    /// `None` for `default`; `4XX`-style ranges keep their first digit × 100.
    pub status: Option<u16>,
    pub range: bool,
    pub description: Option<String>,
    pub shape: Option<Shape>,
    pub examples: Vec<Example>,
    /// The body's media type, as the spec writes it.
    pub media: Option<String>,
}

/// The success response and the errors of `op` (at `at`). `type_name` and
/// `resource` (the operation's resource, `SmartLinkPostbacks`) name the body.
pub fn responses(
    b: &mut ShapeBuilder,
    op: &openapiv3::Operation,
    at: &str,
    type_name: &str,
    resource: &str,
) -> (PendingResponse, Vec<PendingError>) {
    let doc = b.doc;
    let mut success: Option<(u16, &openapiv3::Response, String)> = None;
    let mut errors = Vec::new();
    for (code, r) in &op.responses.responses {
        let Some(resp) = resolve(doc, r) else {
            continue;
        };
        let (status, range) = match code {
            StatusCode::Code(c) => (*c, false),
            StatusCode::Range(r) => (*r * 100, true),
        };
        let r_at = format!("{at}/responses/{code}");
        if (200..300).contains(&status) {
            // The first success status, unless a later one documents a body and it does not.
            let better = success
                .as_ref()
                .is_none_or(|s| s.1.content.is_empty() && !resp.content.is_empty());
            if better {
                success = Some((status, resp, r_at));
            }
        } else {
            errors.push(error(b, Some(status), range, resp, &r_at));
        }
    }
    if let Some(resp) = op.responses.default.as_ref().and_then(|d| resolve(doc, d)) {
        let r_at = format!("{at}/responses/default");
        errors.push(error(b, None, false, resp, &r_at));
    }
    let response = match success {
        Some((status, resp, r_at)) => success_response(b, status, resp, &r_at, type_name, resource),
        // Nothing documented: whatever JSON comes back (an empty body is null).
        None => PendingResponse {
            status: None,
            description: None,
            kind: ResponseKind::Json,
            shape: Shape::unknown(),
            examples: vec![],
            paginated: false,
            item: None,
            stream: None,
        },
    };
    (response, errors)
}

fn success_response(
    b: &mut ShapeBuilder,
    status: u16,
    resp: &openapiv3::Response,
    at: &str,
    type_name: &str,
    resource: &str,
) -> PendingResponse {
    let description = Some(resp.description.clone()).filter(|d| !d.trim().is_empty());
    // JSON first, then text, then anything else, then streams.
    let pick = resp.content.iter().min_by_key(|(k, _)| {
        if media::stream(k).is_some() {
            return 3;
        }
        match Media::of(k) {
            Media::Json => 0,
            Media::Text => 1,
            _ => 2,
        }
    });
    let (kind, shape, examples, paginated) = match pick {
        None => (ResponseKind::Empty, Shape::unknown(), vec![], false),
        Some((media_type, mt)) => {
            let examples = media_examples(b.space(), b.doc, mt);
            match (Media::of(media_type), &mt.schema) {
                _ if media::stream(media_type).is_some() => {
                    (ResponseKind::Text, Shape::new(Kind::Str), examples, false)
                }
                (Media::Json, Some(schema)) | (Media::Any, Some(schema)) => {
                    let s_at = format!("{at}/content/{}/schema", pointer::escape(media_type));
                    let hint = Hint::Root(vec![format!("{type_name}Response")]);
                    let values: Vec<serde_json::Value> =
                        examples.iter().map(|e| e.value.clone()).collect();
                    let shape = b.shape_with_examples(schema, hint, &s_at, &values);
                    let (kind, shape) = unwrap_envelope(shape, type_name, resource);
                    let paginated = kind == ResponseKind::Envelope && has_pagination(schema);
                    (kind, shape, examples, paginated)
                }
                (Media::Json, None) => (ResponseKind::Json, Shape::unknown(), examples, false),
                (Media::Text, _) => (ResponseKind::Text, Shape::new(Kind::Str), examples, false),
                _ => (
                    ResponseKind::Bytes,
                    Shape::new(Kind::Bytes),
                    examples,
                    false,
                ),
            }
        }
    };
    let picked = pick.map(|(k, _)| k.as_str());
    // The media type that streams: the picked one, else the first one.
    let streams = picked.filter(|k| media::stream(k).is_some()).or_else(|| {
        let mut keys = resp.content.keys();
        keys.find(|k| media::stream(k).is_some())
            .map(String::as_str)
    });
    let (item, whole_events) = match streams {
        Some(media_type) => stream_item(b, resp, media_type, at, type_name),
        None => (item_shape(b, resp, picked, at, type_name), false),
    };
    let stream = streams.and_then(|media_type| {
        let kind = match media::stream(media_type)? {
            ResponseKind::Events if whole_events => ResponseKind::EventObjects,
            kind => kind,
        };
        let primary = picked == Some(media_type);
        Some(Stream {
            kind,
            media: media_type.to_string(),
            primary,
        })
    });
    PendingResponse {
        status: Some(status),
        description,
        kind: match &stream {
            Some(s) if s.primary => s.kind,
            _ => kind,
        },
        shape,
        examples,
        paginated,
        item,
        stream,
    }
}

/// The shape of each item of a streaming media type: its `itemSchema`,
/// else (OpenAPI 3.0 and 3.1) its `schema`, read as one item (an event's
/// data); any JSON when it has neither. Named `{Operation}Item`. Also
/// whether the schema describes whole server-sent events (see
/// [`whole_events`]).
fn stream_item(
    b: &mut ShapeBuilder,
    resp: &openapiv3::Response,
    media_type: &str,
    at: &str,
    type_name: &str,
) -> (Option<Shape>, bool) {
    let Some(mt) = resp.content.get(media_type) else {
        return (None, false);
    };
    let (schema, key) = match crate::extensions::item_schema(mt) {
        Some(schema) => (schema, crate::extensions::ITEM_SCHEMA),
        None => match &mt.schema {
            Some(schema) => (schema.clone(), "schema"),
            None => return (Some(Shape::unknown()), false),
        },
    };
    let whole =
        media::stream(media_type) == Some(ResponseKind::Events) && whole_events(b.doc, &schema);
    let i_at = format!("{at}/content/{}/{key}", pointer::escape(media_type));
    let hint = Hint::Root(vec![format!("{type_name}Item")]);
    (Some(b.shape(&schema, hint, &i_at)), whole)
}

/// The fields of a server-sent event.
const EVENT_FIELDS: &[&str] = &["event", "data", "id", "retry"];

/// Does `schema` describe whole server-sent events, not their data: an
/// object whose properties are event fields (`data` or `event` among them),
/// or a `oneOf`/`anyOf` of such objects (a union chosen by `event`)?
fn whole_events(doc: &openapiv3::OpenAPI, schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    let Some(s) = resolve(doc, schema) else {
        return false;
    };
    let fields = |keys: Vec<&str>| {
        !keys.is_empty()
            && keys.iter().all(|k| EVENT_FIELDS.contains(k))
            && keys.iter().any(|k| *k == "data" || *k == "event")
    };
    let all = |branches: &[ReferenceOr<openapiv3::Schema>]| {
        !branches.is_empty() && branches.iter().all(|b| whole_events(doc, b))
    };
    match &s.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
            fields(o.properties.keys().map(String::as_str).collect())
        }
        openapiv3::SchemaKind::OneOf { one_of: branches }
        | openapiv3::SchemaKind::AnyOf { any_of: branches } => all(branches),
        openapiv3::SchemaKind::Any(any) if !any.one_of.is_empty() => all(&any.one_of),
        openapiv3::SchemaKind::Any(any) if !any.any_of.is_empty() => all(&any.any_of),
        openapiv3::SchemaKind::Any(any) => {
            fields(any.properties.keys().map(String::as_str).collect())
        }
        _ => false,
    }
}

/// The shape of each item of a sequential success body (OpenAPI 3.2's
/// `itemSchema`, kept as [`crate::extensions::ITEM_SCHEMA`]): the picked
/// media type's, else the first media type's that has one. Named
/// `{Operation}Item`.
fn item_shape(
    b: &mut ShapeBuilder,
    resp: &openapiv3::Response,
    picked: Option<&str>,
    at: &str,
    type_name: &str,
) -> Option<Shape> {
    let (media_type, schema) = picked
        .and_then(|k| Some((k, crate::extensions::item_schema(resp.content.get(k)?)?)))
        .or_else(|| {
            resp.content
                .iter()
                .find_map(|(k, mt)| Some((k.as_str(), crate::extensions::item_schema(mt)?)))
        })?;
    let i_at = format!(
        "{at}/content/{}/{}",
        pointer::escape(media_type),
        crate::extensions::ITEM_SCHEMA
    );
    let hint = Hint::Root(vec![format!("{type_name}Item")]);
    Some(b.shape(&schema, hint, &i_at))
}

/// The envelope `{ data, _meta, _pagination, … }` (`data` and underscored
/// keys only): the caller gets `data`, named after the resource. A list at
/// the top is named after one item of the resource.
fn unwrap_envelope(mut shape: Shape, type_name: &str, resource: &str) -> (ResponseKind, Shape) {
    if let Kind::Object(o) = &shape.kind {
        let data = o.fields.iter().find(|f| f.wire == "data");
        let rest_meta = o
            .fields
            .iter()
            .all(|f| f.wire == "data" || f.wire.starts_with('_'));
        if let Some(data) = data.filter(|_| rest_meta && o.fields.len() > 1) {
            let mut data_shape = data.shape.clone();
            let main = if matches!(data_shape.kind, Kind::Array(_)) {
                ident::singular(resource)
            } else {
                resource.to_string()
            };
            set_root_hint(&mut data_shape, vec![main, format!("{type_name}Data")]);
            return (ResponseKind::Envelope, data_shape);
        }
    }
    if matches!(shape.kind, Kind::Array(_)) {
        set_root_hint(
            &mut shape,
            vec![ident::singular(resource), format!("{type_name}Item")],
        );
    }
    (ResponseKind::Json, shape)
}

/// Does the (inline) body schema have a `_pagination` property?
fn has_pagination(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    match schema {
        ReferenceOr::Item(s) => match &s.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
                o.properties.contains_key("_pagination")
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// Make the first named node of `shape` (through arrays) a root with these candidates.
fn set_root_hint(shape: &mut Shape, cands: Vec<String>) {
    match &mut shape.kind {
        Kind::Object(o) => o.hint = Hint::Root(cands),
        Kind::Enum(e) => e.hint = Hint::Root(cands),
        Kind::Union(u) => u.hint = Hint::Root(cands),
        Kind::Array(item) => set_root_hint(item, cands),
        _ => {}
    }
}

/// An error response, and the shape of its JSON body when the spec gives one.
/// Error bodies are named by status (`UnauthorizedErrorBody`); identical ones
/// are one type (Laravel answers `{message}` on every route).
fn error(
    b: &mut ShapeBuilder,
    status: Option<u16>,
    range: bool,
    resp: &openapiv3::Response,
    at: &str,
) -> PendingError {
    let json = resp
        .content
        .iter()
        .find(|(k, _)| Media::of(k) == Media::Json);
    let media = json.map(|(m, _)| m.clone());
    let (shape, examples) = match json {
        Some((media, mt)) => {
            let shape = mt.schema.as_ref().map(|s| {
                let hint = Hint::Child(format!("{}ErrorBody", status_name(status, range)));
                let s_at = format!("{at}/content/{}/schema", pointer::escape(media));
                b.shape(s, hint, &s_at)
            });
            (
                shape.filter(|s| s.kind != Kind::Unknown),
                media_examples(b.space(), b.doc, mt),
            )
        }
        None => (None, Vec::new()),
    };
    PendingError {
        status,
        range,
        description: Some(resp.description.clone()).filter(|d| !d.trim().is_empty()),
        shape,
        examples,
        media,
    }
}

/// `Unauthorized` for 401, `ClientError` for `4XX`, `Default` for `default`.
pub fn status_name(status: Option<u16>, range: bool) -> String {
    let Some(s) = status else {
        return "Default".into();
    };
    if range {
        return if s < 500 {
            "ClientError"
        } else {
            "ServerError"
        }
        .into();
    }
    let name = match s {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Unprocessable",
        423 => "Locked",
        429 => "TooManyRequests",
        500 => "ServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        other => return format!("Status{other}"),
    };
    name.into()
}
