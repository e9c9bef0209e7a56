//! An operation's parameters: path-level ones overridden by the operation's
//! own, unsupported ones skipped with a warning, Rust names given, path
//! parameters first in template order, and the path split into parts.

use super::media::Media;
use super::resolve::resolve;
use super::schema::ShapeBuilder;
use super::shape::{Hint, Kind, Shape};
use crate::ident::{self, Scope};
use crate::ir::{Param, ParamLocation, PathPart, QueryStyle, TypeRef};
use crate::pointer;
use crate::reserved::{CALL_RESERVED, STUB_RESERVED};
use crate::rules::{Rule, Warning};
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

/// A parameter whose type is still a shape.
pub struct PendingParam {
    /// `ty` is filled in once types are named.
    pub param: Param,
    pub shape: Shape,
}

/// Headers the client sets itself.
const CLIENT_HEADERS: &[&str] = &["authorization", "accept", "content-type"];

/// The parameters of the operation at `at` (`/paths/{path}/{method}`).
pub fn params<'a>(
    b: &mut ShapeBuilder<'a>,
    path: &str,
    item: &'a openapiv3::PathItem,
    op: &'a openapiv3::Operation,
    at: &str,
) -> Vec<PendingParam> {
    let template_vars = path_vars(path);
    let mut names = Scope::new();
    names.reserve(CALL_RESERVED);
    names.reserve(STUB_RESERVED);
    let mut params = Vec::new();
    let declared = declared(b, path, item, op, at);
    for (p, p_at) in querystring_alone(b, declared) {
        if let Some(param) = param(b, p, &p_at, &template_vars, &mut names) {
            params.push(param);
        }
    }
    // Path variables without a declared parameter: strings.
    for var in &template_vars {
        if params
            .iter()
            .any(|p| p.param.location == ParamLocation::Path && &p.param.wire == var)
        {
            continue;
        }
        b.warnings.push(Warning {
            rule: Rule::UndeclaredPathParameter,
            pointer: at.to_string(),
            message: format!("path variable `{{{var}}}` has no parameter; read as a string"),
        });
        params.push(PendingParam {
            param: Param {
                wire: var.clone(),
                name: names.claim(&ident::snake(var, "param"), "_"),
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
    // Path parameters first, in template order; then the rest as declared.
    params.sort_by_key(|p| match p.param.location {
        ParamLocation::Path => template_vars
            .iter()
            .position(|v| *v == p.param.wire)
            .unwrap_or(0),
        _ => usize::MAX,
    });
    params
}

/// The declared parameters with their pointers: path-level first, each
/// replaced by an operation-level one of the same name and location.
fn declared<'a>(
    b: &mut ShapeBuilder<'a>,
    path: &str,
    item: &'a openapiv3::PathItem,
    op: &'a openapiv3::Operation,
    at: &str,
) -> Vec<(&'a Parameter, String)> {
    let doc = b.doc;
    let mut out: Vec<(&Parameter, String)> = Vec::new();
    for (list, base) in [
        (
            &item.parameters,
            pointer::join(&["paths", path, "parameters"]),
        ),
        (&op.parameters, format!("{at}/parameters")),
    ] {
        for (i, p) in list.iter().enumerate() {
            let Some(p) = resolve(doc, p) else {
                b.warnings.push(Warning {
                    rule: Rule::UnresolvedRef,
                    pointer: format!("{base}/{i}"),
                    message: "parameter `$ref` does not resolve; skipped".into(),
                });
                continue;
            };
            let d = p.parameter_data_ref();
            let location = std::mem::discriminant(p);
            out.retain(|(q, _)| {
                !(q.parameter_data_ref().name == d.name && std::mem::discriminant(*q) == location)
            });
            out.push((p, format!("{base}/{i}")));
        }
    }
    out
}

/// Whether a parameter is OpenAPI 3.2's `in: querystring` (kept as a
/// marked query parameter, [`crate::extensions::QUERYSTRING`]).
fn is_querystring(p: &Parameter) -> bool {
    matches!(p, Parameter::Query { parameter_data, .. } if crate::extensions::is_querystring(&parameter_data.extensions))
}

/// The media type of a querystring parameter, when the client can write
/// the query string from it: a form (or no media type named).
fn querystring_media(p: &Parameter) -> Result<(), String> {
    match &p.parameter_data_ref().format {
        ParameterSchemaOrContent::Content(c) => match c.keys().next() {
            Some(m) if Media::of(m) != Media::Form => Err(m.clone()),
            _ => Ok(()),
        },
        ParameterSchemaOrContent::Schema(_) => Ok(()),
    }
}

/// [`Rule::QuerystringParameter`]: an operation with a querystring
/// parameter the client can send keeps it alone: a second one, and the
/// `in: query` ones (3.2 forbids them beside it), are skipped.
fn querystring_alone<'a>(
    b: &mut ShapeBuilder,
    declared: Vec<(&'a Parameter, String)>,
) -> Vec<(&'a Parameter, String)> {
    let Some(kept) = declared
        .iter()
        .position(|(p, _)| is_querystring(p) && querystring_media(p).is_ok())
    else {
        return declared;
    };
    let mut out = Vec::new();
    for (i, (p, at)) in declared.into_iter().enumerate() {
        let name = &p.parameter_data_ref().name;
        let skipped = match p {
            Parameter::Query { .. } if i != kept && is_querystring(p) => format!(
                "a second `in: querystring` parameter (`{name}`; OpenAPI 3.2 allows one): skipped"
            ),
            Parameter::Query { .. } if i != kept => format!(
                "query parameter `{name}` beside an `in: querystring` parameter (OpenAPI 3.2 forbids both; the querystring one is the whole query): skipped"
            ),
            _ => {
                out.push((p, at));
                continue;
            }
        };
        b.warnings.push(Warning {
            rule: Rule::QuerystringParameter,
            pointer: at,
            message: skipped,
        });
    }
    out
}

/// One declared parameter, or `None` when it is skipped.
fn param(
    b: &mut ShapeBuilder,
    p: &Parameter,
    at: &str,
    template_vars: &[String],
    names: &mut Scope,
) -> Option<PendingParam> {
    let d = p.parameter_data_ref();
    let (location, style) = match p {
        Parameter::Path { .. } => (ParamLocation::Path, QueryStyle::FormExploded),
        Parameter::Query { .. } if is_querystring(p) => {
            (ParamLocation::QueryString, QueryStyle::FormExploded)
        }
        Parameter::Query { style, .. } => (
            ParamLocation::Query,
            match style {
                openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                // Not exploded unless the spec says so (only `form` explodes by default).
                openapiv3::QueryStyle::SpaceDelimited if d.explode != Some(true) => {
                    QueryStyle::SpaceDelimited
                }
                openapiv3::QueryStyle::PipeDelimited if d.explode != Some(true) => {
                    QueryStyle::PipeDelimited
                }
                _ if d.explode == Some(false) => QueryStyle::FormCsv,
                _ => QueryStyle::FormExploded,
            },
        ),
        Parameter::Header { .. } => (ParamLocation::Header, QueryStyle::FormExploded),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::FormExploded),
    };
    if location == ParamLocation::Header
        && CLIENT_HEADERS.contains(&d.name.to_ascii_lowercase().as_str())
    {
        return None;
    }
    let skipped = match location {
        ParamLocation::QueryString => querystring_media(p).err().map(|media| (
            Rule::QuerystringParameter,
            format!("querystring parameter `{}` is `{media}`: the client writes a query string from a form (`application/x-www-form-urlencoded`) only; skipped", d.name),
        )),
        ParamLocation::Cookie => Some((
            Rule::CookieParameter,
            format!("cookie parameter `{}` is not supported; skipped", d.name),
        )),
        ParamLocation::Path if !template_vars.contains(&d.name) => Some((
            Rule::UnusedPathParameter,
            format!(
                "path parameter `{}` does not appear in the path; skipped",
                d.name
            ),
        )),
        _ => None,
    };
    if let Some((rule, message)) = skipped {
        b.warnings.push(Warning {
            rule,
            pointer: at.to_string(),
            message,
        });
        return None;
    }
    let hint = Hint::Child(ident::pascal(&d.name, "Param"));
    let shape = match &d.format {
        ParameterSchemaOrContent::Schema(s) => b.shape(s, hint, &format!("{at}/schema")),
        ParameterSchemaOrContent::Content(c) => {
            match c.values().next().and_then(|m| m.schema.as_ref()) {
                Some(s) => b.shape(s, hint, &format!("{at}/content")),
                None => Shape::unknown(),
            }
        }
    };
    let example = d.example.clone().or_else(|| match &d.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => s.schema_data.example.clone(),
        ParameterSchemaOrContent::Content(c) => c.values().next().and_then(|m| {
            m.example.clone().or_else(|| {
                m.examples
                    .values()
                    .find_map(|e| e.as_item().and_then(|e| e.value.clone()))
            })
        }),
        _ => None,
    });
    Some(PendingParam {
        param: Param {
            wire: d.name.clone(),
            name: names.claim(&ident::snake(&d.name, "param"), "_"),
            location,
            ty: TypeRef::Any,
            required: d.required || location == ParamLocation::Path,
            style,
            description: d.description.clone().filter(|s| !s.trim().is_empty()),
            example,
            deprecated: d.deprecated.unwrap_or(false),
        },
        shape,
    })
}

/// `{var}` names in a path template, in order.
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

/// The path as literal text and references to its (path) parameters.
pub fn path_parts(path: &str, params: &[PendingParam]) -> Vec<PathPart> {
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
