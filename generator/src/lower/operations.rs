//! Operations, in three steps: [`pending`] reads one from the document with
//! its parameters, body and responses as shapes; [`PendingOp::typed`] gives
//! each shape its type once the type table is ready; [`TypedOp::finish`]
//! places it in its group and decides its Rust surface.

use super::params::{self, PendingParam};
use super::request::{self, PendingBody};
use super::responses::{self, PendingError, PendingResponse};
use super::schema::ShapeBuilder;
use super::surface::{self, Roots};
use super::types::{Finished, TypeTable};
use crate::ident::{self, Scope};
use crate::ir::{
    Body, BodyMedia, ErrorResponse, Example, Group, Method, Operation, Param, ParamLocation,
    PathPart, Response, Security, TypeDef, TypeRef,
};
use crate::rules::{Rule, Warning};

/// Leading words of an operationId that name the action, not the resource.
const VERBS: &[&str] = &[
    "list", "get", "show", "fetch", "retrieve", "find", "search", "read", "index", "view",
    "create", "store", "add", "new", "update", "edit", "patch", "put", "modify", "delete",
    "remove", "destroy", "set", "upsert", "replace", "post",
];

/// What an operation is, apart from its types.
struct Head {
    id: String,
    type_name: String,
    method: Method,
    path: String,
    path_parts: Vec<PathPart>,
    summary: Option<String>,
    description: Option<String>,
    deprecated: bool,
    /// Its first tag, empty when it has none.
    tag: String,
}

/// An operation whose types are still shapes.
pub struct PendingOp {
    head: Head,
    params: Vec<PendingParam>,
    body: Option<PendingBody>,
    response: PendingResponse,
    errors: Vec<PendingError>,
}

/// Read the operation `op` of `path` (at `at`). `op_scope` gives operation
/// struct names, unique in document order.
pub fn pending<'a>(
    b: &mut ShapeBuilder<'a>,
    op_scope: &mut Scope,
    path: &str,
    method: Method,
    item: &'a openapiv3::PathItem,
    op: &'a openapiv3::Operation,
    at: &str,
) -> PendingOp {
    let id = match &op.operation_id {
        Some(id) => id.clone(),
        None => derived_id(
            &method.as_str().to_ascii_lowercase(),
            path,
            op.summary.as_deref(),
        ),
    };
    let base_type = ident::pascal(&id, "Operation");
    let type_name = op_scope.claim(&base_type, "");
    if type_name != base_type {
        b.warnings.push(Warning {
            rule: Rule::DuplicateOperationId,
            pointer: format!("{at}/operationId"),
            message: format!(
                "operationId `{id}` is used by an earlier operation; this one is `{type_name}`"
            ),
        });
    }
    let params = params::params(b, path, item, op, at);
    let path_parts = params::path_parts(path, &params);
    let resource = resource_name(&id);
    let body = request::body(b, op, at, &type_name);
    let (response, errors) = responses::responses(b, op, at, &type_name, &resource);
    PendingOp {
        head: Head {
            id,
            type_name,
            method,
            path: path.to_string(),
            path_parts,
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            tag: super::groups::group_tag(b.doc, &op.tags).to_string(),
        },
        params,
        body,
        response,
        errors,
    }
}

/// The method of a path item's field (`get`, …, `trace`).
pub fn method_of(method: &str) -> Method {
    match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

/// A request body with its type, before its multipart parts are known.
struct TypedBody {
    media: BodyMedia,
    ty: TypeRef,
    required: bool,
    description: Option<String>,
    examples: Vec<Example>,
}

/// An operation with its types (final once [`TypedOp::rewrite`] ran).
pub struct TypedOp {
    head: Head,
    params: Vec<Param>,
    body: Option<TypedBody>,
    response: Response,
    errors: Vec<ErrorResponse>,
    paginated: bool,
}

impl PendingOp {
    /// Hand the body and response roots to the type table (they are merged
    /// by name across operations).
    pub fn extract_roots(&mut self, table: &mut TypeTable) {
        if let Some(body) = &mut self.body {
            table.extract_roots(&mut body.shape);
        }
        table.extract_roots(&mut self.response.shape);
        if let Some(item) = &mut self.response.item {
            table.extract_roots(item);
        }
    }

    /// Each shape's type: parameters, body, errors, then the response (the
    /// order in which nested types claim their names).
    pub fn typed(self, table: &mut TypeTable) -> TypedOp {
        let parent = self.head.type_name.clone();
        let params = self
            .params
            .into_iter()
            .map(|p| Param {
                ty: table.type_ref(&p.shape, &parent),
                ..p.param
            })
            .collect();
        let body = self.body.map(|b| TypedBody {
            ty: nullable_body(table.type_ref(&b.shape, &parent), &b),
            media: b.media,
            required: b.required,
            description: b.description,
            examples: b.examples,
        });
        let errors = self
            .errors
            .into_iter()
            .map(|e| ErrorResponse {
                ty: e.shape.as_ref().map(|s| table.type_ref(s, "")),
                status: e.status,
                range: e.range,
                description: e.description,
                examples: e.examples,
                media: e.media,
                shape: Default::default(),
                sample: None,
            })
            .collect();
        let r = self.response;
        // Binary items are the body's bytes: no type to generate.
        let item = r
            .item
            .as_ref()
            .map(|s| table.type_ref(s, &parent))
            .filter(|t| *t != TypeRef::Bytes);
        let mut ty = table.type_ref(&r.shape, &parent);
        if r.shape.nullable && ty != TypeRef::Any {
            ty = TypeRef::Nullable(Box::new(ty));
        }
        TypedOp {
            head: self.head,
            params,
            body,
            response: Response {
                status: r.status,
                description: r.description,
                kind: r.kind,
                ty,
                item,
                stream: r.stream,
                examples: r.examples,
            },
            errors,
            paginated: r.paginated,
        }
    }
}

/// A JSON body the schema lets be `null` is an `Option` (a form or
/// multipart body has no null to send).
fn nullable_body(ty: TypeRef, body: &PendingBody) -> TypeRef {
    if body.shape.nullable && body.media == BodyMedia::Json && ty != TypeRef::Any {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

impl TypedOp {
    pub fn id(&self) -> &str {
        &self.head.id
    }

    pub fn tag(&self) -> &str {
        &self.head.tag
    }

    /// Every type reference, with its final name.
    pub fn rewrite(&mut self, finished: &Finished) {
        for p in &mut self.params {
            finished.rewrite(&mut p.ty);
        }
        if let Some(b) = &mut self.body {
            finished.rewrite(&mut b.ty);
        }
        finished.rewrite(&mut self.response.ty);
        if let Some(item) = &mut self.response.item {
            finished.rewrite(item);
        }
        for e in &mut self.errors {
            if let Some(t) = &mut e.ty {
                finished.rewrite(t);
            }
        }
    }

    /// The operation, in group `group` as `method`, with its surface.
    pub fn finish(
        self,
        group: usize,
        method: String,
        groups: &[Group],
        types: &[TypeDef],
    ) -> Operation {
        let body = self.body.map(|b| Body {
            parts: surface::parts(types, b.media, &b.ty),
            media: b.media,
            ty: b.ty,
            required: b.required,
            description: b.description,
            examples: b.examples,
        });
        let accessor = Some(groups[group].accessor.clone()).filter(|a| !a.is_empty());
        let call = surface::call(
            accessor,
            method,
            &self.params,
            body.as_ref(),
            &self.response,
        );
        let paging = surface::paging(types, &self.params, &self.response, self.paginated);
        let idempotency_header = self
            .params
            .iter()
            .find(|p| {
                p.location == ParamLocation::Header
                    && p.wire.eq_ignore_ascii_case("idempotency-key")
            })
            .map(|p| p.wire.clone());
        let h = self.head;
        Operation {
            id: h.id,
            type_name: h.type_name,
            group,
            call,
            method: h.method,
            path: h.path,
            path_parts: h.path_parts,
            summary: h.summary,
            description: h.description,
            deprecated: h.deprecated,
            params: self.params,
            body,
            response: self.response,
            errors: self.errors,
            error_access: crate::ir::ErrorAccess::None,
            validation: None,
            paginated: self.paginated,
            paging,
            security: Security::default(),
            idempotency_header,
        }
    }
}

/// The types an operation sends and receives.
pub fn roots(op: &Operation) -> Roots<'_> {
    let mut request: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    request.extend(op.body.as_ref().map(|b| &b.ty));
    let mut response: Vec<&TypeRef> = vec![&op.response.ty];
    response.extend(op.response.item.as_ref());
    response.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
    Roots { request, response }
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

#[cfg(test)]
mod tests {
    use super::*;

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
