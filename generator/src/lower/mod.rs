//! Lowering: an `openapiv3` document → the IR ([`crate::ir::Api`]).
//!
//! All naming happens here (through [`crate::ident`] and the type table);
//! nothing here formats code. Operations are visited in document order, so
//! the same spec always lowers to the same IR.

mod examples;
mod shape;
mod types;

use crate::ident::{self, Scope};
use crate::ir::*;
use crate::{pointer, Warning};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, StatusCode,
};
use shape::{Hint, Kind, Shape, ShapeBuilder};
use std::collections::BTreeMap;
use types::TypeTable;

use crate::reserved::{CALL_RESERVED, CLIENT_RESERVED};

/// Leading words of an operationId that name the action, not the resource.
const VERBS: &[&str] = &[
    "list", "get", "show", "fetch", "retrieve", "find", "search", "read", "index", "view",
    "create", "store", "add", "new", "update", "edit", "patch", "put", "modify", "delete",
    "remove", "destroy", "set", "upsert", "replace", "post",
];

pub fn lower(doc: &OpenAPI, warnings: &mut Vec<Warning>) -> Api {
    // Component schemas: fixed names, reserved before anything else.
    let mut component_names = BTreeMap::new();
    let mut scope = Scope::new();
    if let Some(c) = &doc.components {
        for name in c.schemas.keys() {
            component_names.insert(
                name.clone(),
                scope.claim(&ident::pascal(name, "Schema"), ""),
            );
        }
    }
    let mut table = TypeTable::new();
    let mut pending = Vec::new();
    {
        let mut b = ShapeBuilder {
            doc,
            component_names: &component_names,
            warnings,
            context_example: None,
        };
        if let Some(c) = &doc.components {
            for (name, schema) in &c.schemas {
                let rust = component_names[name].clone();
                let at = pointer::join(&["components", "schemas", name]);
                let shape = b.shape(schema, Hint::Root(vec![rust.clone()]), &at);
                table.add_component(rust, shape);
            }
        }
        let mut op_scope = Scope::new();
        for (path, item) in doc.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                b.warnings.push(Warning {
                    rule: "path-item-ref",
                    pointer: pointer::join(&["paths", path]),
                    message: "`$ref` path items are not supported; skipped".into(),
                });
                continue;
            };
            for (method, op) in item.iter() {
                let at = pointer::join(&["paths", path, method]);
                pending.push(pending_op(
                    &mut b,
                    &mut op_scope,
                    path,
                    method,
                    item,
                    op,
                    &at,
                ));
            }
        }
    }
    // Merge roots across operations, then intern.
    for p in &mut pending {
        if let Some(body) = &mut p.body {
            table.extract_roots(&mut body.shape);
        }
        table.extract_roots(&mut p.response.shape);
    }
    table.intern_named();
    let mut operations: Vec<Operation> =
        pending.into_iter().map(|p| p.finish(&mut table)).collect();
    let types = table_finish(table, &mut operations);
    let groups = groups(doc, &mut operations);
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc
            .info
            .description
            .clone()
            .filter(|d| !d.trim().is_empty()),
        base_url: base_url(doc, warnings),
        auth: auth(doc, warnings),
        types,
        groups,
        operations,
    }
}

fn table_finish(table: TypeTable, operations: &mut [Operation]) -> Vec<TypeDef> {
    let (types_out, finished) = table.finish();
    for op in operations.iter_mut() {
        for p in &mut op.params {
            finished.rewrite(&mut p.ty);
        }
        if let Some(b) = &mut op.body {
            finished.rewrite(&mut b.ty);
        }
        finished.rewrite(&mut op.response.ty);
        for e in &mut op.errors {
            if let Some(t) = &mut e.ty {
                finished.rewrite(t);
            }
        }
    }
    types_out
}

struct PendingBody {
    media: BodyMedia,
    shape: Shape,
    required: bool,
    description: Option<String>,
    examples: Vec<Example>,
}

struct PendingResponse {
    status: Option<u16>,
    description: Option<String>,
    kind: ResponseKind,
    shape: Shape,
    examples: Vec<Example>,
}

struct PendingParam {
    param: Param,
    shape: Shape,
}

struct PendingOp {
    op: Operation,
    params: Vec<PendingParam>,
    body: Option<PendingBody>,
    response: PendingResponse,
    /// Shapes of the documented error bodies, by index into `op.errors`.
    error_shapes: Vec<Option<Shape>>,
}

impl PendingOp {
    fn finish(mut self, table: &mut TypeTable) -> Operation {
        let parent = self.op.type_name.clone();
        for p in self.params {
            let mut param = p.param;
            param.ty = table.type_ref(&p.shape, &parent);
            self.op.params.push(param);
        }
        if let Some(b) = self.body {
            let ty = table.type_ref(&b.shape, &parent);
            self.op.body = Some(Body {
                media: b.media,
                ty,
                required: b.required,
                description: b.description,
                examples: b.examples,
            });
        }
        for (e, shape) in self.op.errors.iter_mut().zip(&self.error_shapes) {
            e.ty = shape.as_ref().map(|s| table.type_ref(s, ""));
        }
        let r = self.response;
        let mut ty = table.type_ref(&r.shape, &parent);
        if r.shape.nullable && !matches!(ty, TypeRef::Any) {
            ty = TypeRef::Nullable(Box::new(ty));
        }
        self.op.response = Response {
            status: r.status,
            description: r.description,
            kind: r.kind,
            ty,
            examples: r.examples,
        };
        self.op
    }
}

fn resolve_param<'a>(doc: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            match doc.components.as_ref()?.parameters.get(name)? {
                ReferenceOr::Item(p) => Some(p),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn resolve_body<'a>(doc: &'a OpenAPI, b: &'a ReferenceOr<RequestBody>) -> Option<&'a RequestBody> {
    match b {
        ReferenceOr::Item(b) => Some(b),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/requestBodies/")?;
            match doc.components.as_ref()?.request_bodies.get(name)? {
                ReferenceOr::Item(b) => Some(b),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn resolve_response<'a>(
    doc: &'a OpenAPI,
    r: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    match r {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            match doc.components.as_ref()?.responses.get(name)? {
                ReferenceOr::Item(r) => Some(r),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// An operationId for an operation that has none: from the summary (Scribe
/// writes good summaries), else from the method and path.
fn derived_id(method: &str, path: &str, summary: Option<&str>) -> String {
    if let Some(s) = summary {
        let words = ident::snake(s, "");
        if !words.is_empty() && words.split('_').count() <= 8 {
            return heck::ToLowerCamelCase::to_lower_camel_case(words.as_str());
        }
    }
    let mut words = vec![method.to_string()];
    for seg in path.split('/') {
        let seg = seg.trim_start_matches('{').trim_end_matches('}');
        if !seg.is_empty() {
            words.push(seg.to_string());
        }
    }
    heck::ToLowerCamelCase::to_lower_camel_case(
        ident::snake(&words.join(" "), "operation").as_str(),
    )
}

fn pending_op(
    b: &mut ShapeBuilder,
    op_scope: &mut Scope,
    path: &str,
    method: &str,
    item: &openapiv3::PathItem,
    op: &openapiv3::Operation,
    at: &str,
) -> PendingOp {
    let doc = b.doc;
    let id = match &op.operation_id {
        Some(id) => id.clone(),
        None => derived_id(method, path, op.summary.as_deref()),
    };
    let base_type = ident::pascal(&id, "Operation");
    let type_name = op_scope.claim(&base_type, "");
    if type_name != base_type {
        b.warnings.push(Warning {
            rule: "duplicate-operation-id",
            pointer: format!("{at}/operationId"),
            message: format!(
                "operationId `{id}` is used by an earlier operation; this one is `{type_name}`"
            ),
        });
    }
    let method_enum = match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    };

    // Parameters: path-level first, overridden by operation-level ones.
    let mut raw: Vec<(&Parameter, String)> = Vec::new();
    for (list, base) in [
        (
            &item.parameters,
            pointer::join(&["paths", path, "parameters"]),
        ),
        (&op.parameters, format!("{at}/parameters")),
    ] {
        for (i, p) in list.iter().enumerate() {
            let Some(p) = resolve_param(doc, p) else {
                b.warnings.push(Warning {
                    rule: "unresolved-ref",
                    pointer: format!("{base}/{i}"),
                    message: "parameter `$ref` does not resolve; skipped".into(),
                });
                continue;
            };
            let d = p.parameter_data_ref();
            let loc = std::mem::discriminant(p);
            raw.retain(|(q, _)| {
                !(q.parameter_data_ref().name == d.name && std::mem::discriminant(*q) == loc)
            });
            raw.push((p, format!("{base}/{i}")));
        }
    }
    let mut name_scope = Scope::new();
    name_scope.reserve(CALL_RESERVED);
    let mut params = Vec::new();
    let template_vars = path_vars(path);
    for (p, p_at) in raw {
        let d = p.parameter_data_ref();
        let (location, style) = match p {
            Parameter::Path { .. } => (ParamLocation::Path, QueryStyle::FormExploded),
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                match style {
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    _ if d.explode == Some(false) => QueryStyle::FormCsv,
                    _ => QueryStyle::FormExploded,
                },
            ),
            Parameter::Header { .. } => (ParamLocation::Header, QueryStyle::FormExploded),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::FormExploded),
        };
        if location == ParamLocation::Header
            && ["authorization", "accept", "content-type"]
                .contains(&d.name.to_ascii_lowercase().as_str())
        {
            continue; // set by the client itself
        }
        if location == ParamLocation::Cookie {
            b.warnings.push(Warning {
                rule: "cookie-parameter",
                pointer: p_at.clone(),
                message: format!("cookie parameter `{}` is not supported; skipped", d.name),
            });
            continue;
        }
        if location == ParamLocation::Path && !template_vars.contains(&d.name) {
            b.warnings.push(Warning {
                rule: "unused-path-parameter",
                pointer: p_at.clone(),
                message: format!(
                    "path parameter `{}` does not appear in the path; skipped",
                    d.name
                ),
            });
            continue;
        }
        let hint = Hint::Child(ident::pascal(&d.name, "Param"));
        let shape = match &d.format {
            ParameterSchemaOrContent::Schema(s) => b.shape(s, hint, &format!("{p_at}/schema")),
            ParameterSchemaOrContent::Content(c) => {
                match c.values().next().and_then(|m| m.schema.as_ref()) {
                    Some(s) => b.shape(s, hint, &format!("{p_at}/content")),
                    None => Shape::unknown(),
                }
            }
        };
        let required = d.required || location == ParamLocation::Path;
        let example = d.example.clone().or_else(|| match &d.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => s.schema_data.example.clone(),
            _ => None,
        });
        let param = Param {
            wire: d.name.clone(),
            name: name_scope.claim(&ident::snake(&d.name, "param"), "_"),
            location,
            ty: TypeRef::Any,
            required,
            style,
            description: d.description.clone().filter(|s| !s.trim().is_empty()),
            example,
            deprecated: d.deprecated.unwrap_or(false),
        };
        params.push(PendingParam { param, shape });
    }
    // Path variables without a declared parameter: strings.
    for var in &template_vars {
        if !params
            .iter()
            .any(|p| p.param.location == ParamLocation::Path && &p.param.wire == var)
        {
            b.warnings.push(Warning {
                rule: "undeclared-path-parameter",
                pointer: at.to_string(),
                message: format!("path variable `{{{var}}}` has no parameter; read as a string"),
            });
            params.push(PendingParam {
                param: Param {
                    wire: var.clone(),
                    name: name_scope.claim(&ident::snake(var, "param"), "_"),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    style: QueryStyle::FormExploded,
                    description: None,
                    example: None,
                    deprecated: false,
                },
                shape: Shape::new(Kind::Str),
            });
        }
    }
    // Path parameters first, in template order; then the rest as declared.
    params.sort_by_key(|p| match p.param.location {
        ParamLocation::Path => template_vars
            .iter()
            .position(|v| *v == p.param.wire)
            .unwrap_or(0),
        _ => usize::MAX,
    });
    let path_parts = path_parts(path, &params);

    let resource = resource_name(&id);
    let body = op.request_body.as_ref().and_then(|rb| {
        let rb = resolve_body(doc, rb)?;
        let (media_type, mut media, mt) = pick_request_media(rb)?;
        let hint = Hint::Root(vec![format!("{type_name}Request")]);
        let at = format!("{at}/requestBody/content/{}", pointer::escape(media_type));
        let mut shape = match &mt.schema {
            Some(s) => b.shape(s, hint, &format!("{at}/schema")),
            None => Shape::unknown(),
        };
        // Raw bodies are bytes (a file) or, when the schema says string, text.
        if media == BodyMedia::Bytes && shape.kind != Kind::Bytes {
            if shape.kind == Kind::Str {
                media = BodyMedia::Text;
            } else {
                shape = Shape::new(Kind::Bytes);
            }
        }
        if media == BodyMedia::Text && shape.kind != Kind::Str {
            shape = Shape::new(Kind::Str);
        }
        Some(PendingBody {
            media,
            shape,
            required: rb.required,
            description: rb.description.clone(),
            examples: request_examples(doc, mt),
        })
    });

    let (response, errors) = responses(b, op, at, &type_name, &resource);
    let (errors, error_shapes): (Vec<ErrorResponse>, Vec<Option<Shape>>) =
        errors.into_iter().unzip();
    let paginated = response.kind == ResponseKind::Envelope && response_has_pagination(op, doc);
    PendingOp {
        op: Operation {
            id,
            type_name,
            method_name: String::new(),
            group: 0,
            method: method_enum,
            path: path.to_string(),
            path_parts,
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            params: Vec::new(),
            body: None,
            response: Response {
                status: None,
                description: None,
                kind: ResponseKind::Empty,
                ty: TypeRef::Any,
                examples: vec![],
            },
            errors,
            paginated,
        },
        params,
        body,
        response,
        error_shapes,
    }
}

fn response_has_pagination(op: &openapiv3::Operation, doc: &OpenAPI) -> bool {
    op.responses.responses.iter().any(|(code, r)| {
        matches!(code, StatusCode::Code(c) if (200..300).contains(c))
            && resolve_response(doc, r).is_some_and(|r| {
                r.content.values().any(|m| match &m.schema {
                    Some(ReferenceOr::Item(s)) => match &s.schema_kind {
                        openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
                            o.properties.contains_key("_pagination")
                        }
                        _ => false,
                    },
                    _ => false,
                })
            })
    })
}

fn path_vars(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    out
}

fn path_parts(path: &str, params: &[PendingParam]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_string()));
        }
        let var = &rest[start + 1..start + end];
        if let Some(i) = params
            .iter()
            .position(|p| p.param.location == ParamLocation::Path && p.param.wire == var)
        {
            parts.push(PathPart::Param(i));
        }
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    parts
}

/// The resource an operation is about: its id without the leading verb
/// (`listSmartLinkPostbacks` → `SmartLinkPostbacks`).
fn resource_name(id: &str) -> String {
    let snake = ident::snake(id, "operation");
    let words: Vec<&str> = snake.split('_').collect();
    let rest = if words.len() > 1 && VERBS.contains(&words[0]) {
        &words[1..]
    } else {
        &words[..]
    };
    ident::pascal(&rest.join("_"), "Resource")
}

fn pick_request_media(rb: &RequestBody) -> Option<(&str, BodyMedia, &openapiv3::MediaType)> {
    let classify = |m: &str| -> Option<(u8, BodyMedia)> {
        let m = m.to_ascii_lowercase();
        let essence = m.split(';').next().unwrap_or("").trim().to_string();
        Some(
            if essence == "application/json" || essence.ends_with("+json") {
                (0, BodyMedia::Json)
            } else if essence == "multipart/form-data" {
                (1, BodyMedia::Multipart)
            } else if essence == "application/x-www-form-urlencoded" {
                (2, BodyMedia::Form)
            } else if essence.starts_with("text/") {
                (3, BodyMedia::Text)
            } else {
                (4, BodyMedia::Bytes)
            },
        )
    };
    rb.content
        .iter()
        .filter_map(|(k, v)| classify(k).map(|(rank, media)| (rank, k.as_str(), media, v)))
        .min_by_key(|x| x.0)
        .map(|(_, k, m, v)| (k, m, v))
}

/// A request body's examples: as documented, else composed from its
/// properties' examples (Scribe documents request bodies field by field, and
/// renders exactly this object as the request example).
fn request_examples(doc: &OpenAPI, mt: &openapiv3::MediaType) -> Vec<Example> {
    let mut out = media_examples(doc, mt);
    if out.is_empty() {
        if let Some(value) = mt.schema.as_ref().and_then(|s| examples::compose(doc, s)) {
            let contradiction = mt
                .schema
                .as_ref()
                .and_then(|s| examples::contradiction(doc, &value, s));
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
fn media_examples(doc: &OpenAPI, mt: &openapiv3::MediaType) -> Vec<Example> {
    let mut out = Vec::new();
    if let Some(e) = &mt.example {
        out.push(e.clone());
    }
    for ex in mt.examples.values() {
        let resolved = match ex {
            ReferenceOr::Item(ex) => Some(ex),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/examples/")
                .and_then(|name| doc.components.as_ref()?.examples.get(name))
                .and_then(|e| e.as_item()),
        };
        if let Some(v) = resolved.and_then(|ex| ex.value.as_ref()) {
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
                .and_then(|s| examples::contradiction(doc, &value, s));
            Example {
                value,
                contradiction,
            }
        })
        .collect()
}

/// An error response, and the shape of its JSON body when the spec gives one.
/// Error bodies are named by status (`UnauthorizedErrorBody`); identical ones
/// are one type (Laravel answers `{message}` on every route).
fn error_response(
    b: &mut ShapeBuilder,
    status: Option<u16>,
    range: bool,
    resp: &openapiv3::Response,
    at: &str,
) -> (ErrorResponse, Option<Shape>) {
    let json = resp.content.iter().find(|(k, _)| {
        let k = k.to_ascii_lowercase();
        k.starts_with("application/json") || k.contains("+json")
    });
    let (shape, examples) = match json {
        Some((media, mt)) => {
            let shape = mt.schema.as_ref().map(|s| {
                let hint = Hint::Child(format!("{}ErrorBody", status_name(status, range)));
                b.shape(
                    s,
                    hint,
                    &format!("{at}/content/{}/schema", pointer::escape(media)),
                )
            });
            (
                shape.filter(|s| s.kind != Kind::Unknown),
                media_examples(b.doc, mt),
            )
        }
        None => (None, Vec::new()),
    };
    let err = ErrorResponse {
        status,
        range,
        description: Some(resp.description.clone()).filter(|d| !d.trim().is_empty()),
        ty: None,
        examples,
    };
    (err, shape)
}

/// `Unauthorized` for 401, `ClientError` for `4XX`, `Default` for `default`.
fn status_name(status: Option<u16>, range: bool) -> String {
    let Some(s) = status else {
        return "Default".into();
    };
    if range {
        return if s < 500 {
            "ClientError".into()
        } else {
            "ServerError".into()
        };
    }
    match s {
        400 => "BadRequest".into(),
        401 => "Unauthorized".into(),
        402 => "PaymentRequired".into(),
        403 => "Forbidden".into(),
        404 => "NotFound".into(),
        405 => "MethodNotAllowed".into(),
        406 => "NotAcceptable".into(),
        408 => "RequestTimeout".into(),
        409 => "Conflict".into(),
        410 => "Gone".into(),
        413 => "PayloadTooLarge".into(),
        415 => "UnsupportedMediaType".into(),
        422 => "Unprocessable".into(),
        423 => "Locked".into(),
        429 => "TooManyRequests".into(),
        500 => "ServerError".into(),
        502 => "BadGateway".into(),
        503 => "ServiceUnavailable".into(),
        504 => "GatewayTimeout".into(),
        other => format!("Status{other}"),
    }
}

fn responses(
    b: &mut ShapeBuilder,
    op: &openapiv3::Operation,
    at: &str,
    type_name: &str,
    resource: &str,
) -> (PendingResponse, Vec<(ErrorResponse, Option<Shape>)>) {
    let doc = b.doc;
    let mut success: Option<(u16, &openapiv3::Response, String)> = None;
    let mut errors = Vec::new();
    for (code, r) in &op.responses.responses {
        let Some(resp) = resolve_response(doc, r) else {
            continue;
        };
        let (status, range) = match code {
            StatusCode::Code(c) => (*c, false),
            StatusCode::Range(r) => (*r * 100, true),
        };
        let r_at = format!("{at}/responses/{}", code);
        if (200..300).contains(&status) {
            if success.is_none()
                || (success.as_ref().is_some_and(|s| s.1.content.is_empty())
                    && !resp.content.is_empty())
            {
                success = Some((status, resp, r_at));
            }
        } else {
            errors.push(error_response(b, Some(status), range, resp, &r_at));
        }
    }
    if let Some(d) = &op.responses.default {
        if let Some(resp) = resolve_response(doc, d) {
            errors.push(error_response(
                b,
                None,
                false,
                resp,
                &format!("{at}/responses/default"),
            ));
        }
    }
    let Some((status, resp, r_at)) = success else {
        // Nothing documented: whatever JSON comes back (an empty body is null).
        return (
            PendingResponse {
                status: None,
                description: None,
                kind: ResponseKind::Json,
                shape: Shape::unknown(),
                examples: vec![],
            },
            errors,
        );
    };
    let description = Some(resp.description.clone()).filter(|d| !d.trim().is_empty());
    let pick = resp.content.iter().min_by_key(|(k, _)| {
        let k = k.to_ascii_lowercase();
        if k.starts_with("application/json") || k.contains("+json") {
            0
        } else if k.starts_with("text/") {
            1
        } else {
            2
        }
    });
    let Some((media_type, mt)) = pick else {
        return (
            PendingResponse {
                status: Some(status),
                description,
                kind: ResponseKind::Empty,
                shape: Shape::unknown(),
                examples: vec![],
            },
            errors,
        );
    };
    let examples = media_examples(doc, mt);
    let lower_mt = media_type.to_ascii_lowercase();
    let is_json = lower_mt.starts_with("application/json")
        || lower_mt.contains("+json")
        || lower_mt == "*/*" && mt.schema.is_some();
    if !is_json {
        let kind = if lower_mt.starts_with("text/") {
            ResponseKind::Text
        } else {
            ResponseKind::Bytes
        };
        let shape = Shape::new(if kind == ResponseKind::Text {
            Kind::Str
        } else {
            Kind::Bytes
        });
        return (
            PendingResponse {
                status: Some(status),
                description,
                kind,
                shape,
                examples,
            },
            errors,
        );
    }
    let s_at = format!("{r_at}/content/{}/schema", pointer::escape(media_type));
    let Some(schema) = &mt.schema else {
        return (
            PendingResponse {
                status: Some(status),
                description,
                kind: ResponseKind::Json,
                shape: Shape::unknown(),
                examples,
            },
            errors,
        );
    };
    let mut shape = b.shape(
        schema,
        Hint::Root(vec![format!("{type_name}Response")]),
        &s_at,
    );
    // The envelope: `{ data, _meta, _pagination, … }` → the caller gets `data`.
    if let Kind::Object(o) = &shape.kind {
        let has_data = o.fields.iter().any(|f| f.wire == "data");
        let rest_meta = o
            .fields
            .iter()
            .all(|f| f.wire == "data" || f.wire.starts_with('_'));
        if has_data && rest_meta && o.fields.len() > 1 {
            let data = o
                .fields
                .iter()
                .find(|f| f.wire == "data")
                .expect("checked")
                .clone();
            let mut data_shape = data.shape;
            let is_list = matches!(data_shape.kind, Kind::Array(_));
            let main = if is_list {
                ident::singular(resource)
            } else {
                resource.to_string()
            };
            set_root_hint(&mut data_shape, vec![main, format!("{type_name}Data")]);
            return (
                PendingResponse {
                    status: Some(status),
                    description,
                    kind: ResponseKind::Envelope,
                    shape: data_shape,
                    examples,
                },
                errors,
            );
        }
    }
    if matches!(shape.kind, Kind::Array(_)) {
        set_root_hint(
            &mut shape,
            vec![ident::singular(resource), format!("{type_name}Item")],
        );
    }
    (
        PendingResponse {
            status: Some(status),
            description,
            kind: ResponseKind::Json,
            shape,
            examples,
        },
        errors,
    )
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

fn groups(doc: &OpenAPI, operations: &mut [Operation]) -> Vec<Group> {
    // Tag order: the document's `tags` list, then tags first used by operations.
    let mut order: Vec<(String, Option<String>)> = doc
        .tags
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                t.description.clone().filter(|d| !d.trim().is_empty()),
            )
        })
        .collect();
    let mut op_tags = Vec::new();
    for (_, item) in doc.paths.paths.iter() {
        if let ReferenceOr::Item(item) = item {
            for (_, op) in item.iter() {
                op_tags.push(op.tags.first().cloned().unwrap_or_default());
            }
        }
    }
    for t in &op_tags {
        if !t.is_empty() && !order.iter().any(|(n, _)| n == t) {
            order.push((t.clone(), None));
        }
    }
    let mut accessor_scope = Scope::new();
    accessor_scope.reserve(CLIENT_RESERVED);
    let mut type_scope = Scope::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut root = Group {
        tag: String::new(),
        description: None,
        accessor: String::new(),
        type_name: String::new(),
        operations: vec![],
    };
    let mut by_tag: BTreeMap<String, usize> = BTreeMap::new();
    for (tag, description) in order {
        if !op_tags.contains(&tag) || by_tag.contains_key(&tag) {
            continue;
        }
        by_tag.insert(tag.clone(), groups.len());
        groups.push(Group {
            accessor: accessor_scope.claim(&ident::snake(&tag, "group"), "_"),
            type_name: type_scope.claim(&ident::pascal(&tag, "Group"), ""),
            tag,
            description,
            operations: vec![],
        });
    }
    let root_index = groups.len();
    for (i, op) in operations.iter_mut().enumerate() {
        let tag = &op_tags[i];
        let g = if tag.is_empty() {
            root_index
        } else {
            by_tag[tag]
        };
        op.group = g;
        if g == root_index {
            root.operations.push(i);
        } else {
            groups[g].operations.push(i);
        }
    }
    if !root.operations.is_empty() {
        groups.push(root);
    }
    // Method names: the operation's words without the group's tag words.
    for g in groups.iter() {
        let mut scope = Scope::new();
        if g.tag.is_empty() {
            scope.reserve(CLIENT_RESERVED);
            scope.reserve(
                &groups
                    .iter()
                    .map(|g| g.accessor.as_str())
                    .collect::<Vec<_>>(),
            );
        }
        let tag_words: Vec<String> = ident::snake(&g.tag, "")
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let full: Vec<String> = g
            .operations
            .iter()
            .map(|&i| ident::snake(&operations[i].id, "call"))
            .collect();
        let short: Vec<String> = full.iter().map(|f| strip_tag(f, &tag_words)).collect();
        for (k, &i) in g.operations.iter().enumerate() {
            // Keep the short name only when no other operation in the group shortens to it.
            let unique = short.iter().filter(|s| **s == short[k]).count() == 1;
            let want = if unique && !short[k].is_empty() {
                short[k].clone()
            } else {
                full[k].clone()
            };
            operations[i].method_name = scope.claim(&want, "_");
        }
    }
    groups
}

/// `update_smart_link_postback` in "Smart Link Postbacks" → `update`;
/// `list_smart_link_clicks` in "Smart Links" → `list_clicks`.
fn strip_tag(method: &str, tag_words: &[String]) -> String {
    let words: Vec<&str> = method.split('_').collect();
    let n = tag_words.len();
    if n == 0 || words.len() <= 1 {
        return method.to_string();
    }
    let eq = |w: &str, t: &str| w == t || ident::singular(w) == ident::singular(t);
    for start in 0..words.len() {
        if start + n > words.len() {
            break;
        }
        if (0..n).all(|k| eq(words[start + k], &tag_words[k])) {
            let rest: Vec<&str> = words[..start]
                .iter()
                .chain(words[start + n..].iter())
                .copied()
                .collect();
            if rest.is_empty() {
                return method.to_string();
            }
            return ident::escape(&rest.join("_"))
                .trim_start_matches("r#")
                .to_string();
        }
    }
    method.to_string()
}

fn base_url(doc: &OpenAPI, warnings: &mut Vec<Warning>) -> Option<String> {
    for (i, s) in doc.servers.iter().enumerate() {
        let mut url = s.url.clone();
        for (name, var) in s.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
        if (url.starts_with("http://") || url.starts_with("https://")) && !url.contains('{') {
            return Some(url.trim_end_matches('/').to_string());
        }
        warnings.push(Warning {
            rule: "unusable-server-url",
            pointer: format!("/servers/{i}/url"),
            message: format!("server URL `{}` is not an absolute http(s) URL; the client needs a base URL from its user", s.url),
        });
    }
    None
}

fn auth(doc: &OpenAPI, warnings: &mut Vec<Warning>) -> Auth {
    let requirement = doc
        .security
        .iter()
        .flatten()
        .chain(
            doc.paths
                .paths
                .values()
                .filter_map(|p| p.as_item())
                .flat_map(|p| p.iter().flat_map(|(_, op)| op.security.iter().flatten())),
        )
        .find(|r| !r.is_empty());
    let Some(req) = requirement else {
        return Auth::None;
    };
    let name = req.keys().next().expect("non-empty");
    let scheme = doc
        .components
        .as_ref()
        .and_then(|c| c.security_schemes.get(name));
    match scheme {
        Some(ReferenceOr::Item(s)) => match s {
            openapiv3::SecurityScheme::HTTP { scheme, .. }
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                Auth::Basic
            }
            openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            } => Auth::ApiKeyHeader { name: name.clone() },
            openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Query,
                name,
                ..
            } => Auth::ApiKeyQuery { name: name.clone() },
            _ => Auth::Bearer,
        },
        _ => {
            warnings.push(Warning {
                rule: "undefined-security-scheme",
                pointer: "/security".into(),
                message: format!("security scheme `{name}` is not defined in components.securitySchemes; using a bearer token"),
            });
            Auth::Bearer
        }
    }
}

#[allow(dead_code)]
fn schema_example(s: &ReferenceOr<Schema>) -> Option<&serde_json::Value> {
    match s {
        ReferenceOr::Item(s) => s.schema_data.example.as_ref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_tag_words() {
        let t = |tag: &str| {
            ident::snake(tag, "")
                .split('_')
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            strip_tag("update_smart_link_postback", &t("Smart Link Postbacks")),
            "update"
        );
        assert_eq!(
            strip_tag("list_smart_link_postbacks", &t("Smart Link Postbacks")),
            "list"
        );
        assert_eq!(
            strip_tag("list_smart_link_clicks", &t("Smart Links")),
            "list_clicks"
        );
        assert_eq!(strip_tag("get_me", &t("Account")), "get_me");
        assert_eq!(strip_tag("fans", &t("Fans")), "fans");
    }

    #[test]
    fn resources() {
        assert_eq!(
            resource_name("listSmartLinkPostbacks"),
            "SmartLinkPostbacks"
        );
        assert_eq!(resource_name("showSmartLinkPostback"), "SmartLinkPostback");
        assert_eq!(resource_name("me"), "Me");
    }

    #[test]
    fn derived_ids() {
        assert_eq!(
            derived_id("get", "/api/users/{id}", Some("Show a user")),
            "showAUser"
        );
        assert_eq!(derived_id("get", "/api/users/{id}", None), "getApiUsersId");
    }
}
