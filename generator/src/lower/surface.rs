//! The public Rust API, decided once: each operation's call (arguments,
//! setters, output), its paging plan and multipart parts, and for each type
//! whether it can default and which operations reach it. The emitter, the
//! templates and the spec diff read these; none of them works them out again.

use crate::ident::Scope;
use crate::ir::{
    kind_of, resolve, type_index, Accepts, Body, BodyMedia, Call, Direction, EnumRepr, Field,
    Input, InputSource, OffsetParams, Output, PageItems, Paging, Param, ParamLocation, Part,
    PartSource, Response, ResponseKind, TypeDef, TypeKind, TypeRef, TypeUse,
};
use std::collections::BTreeSet;

/// The call of an operation: path and required parameters, then a required
/// body, are arguments; the rest are setters. String parameters are taken as
/// `impl Into<String>`; a body as its own type.
pub fn call(
    accessor: Option<String>,
    method: String,
    params: &[Param],
    body: Option<&Body>,
    response: &Response,
) -> Call {
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let input = Input {
            name: p.name.clone(),
            source: InputSource::Param(i),
            ty: p.ty.clone(),
            into_string: p.ty == TypeRef::String,
        };
        if p.required {
            args.push(input);
        } else {
            setters.push(input);
        }
    }
    if let Some(b) = body {
        let input = Input {
            name: "body".into(),
            source: InputSource::Body,
            ty: b.ty.clone(),
            into_string: false,
        };
        if b.required {
            args.push(input);
        } else {
            setters.push(input);
        }
    }
    let streamed = response
        .stream
        .as_ref()
        .filter(|s| !s.primary)
        .map(|s| output(s.kind, response));
    let output = output(response.kind, response);
    Call {
        accessor,
        method,
        args,
        setters,
        output,
        streamed,
    }
}

/// What a body read as `kind` gives the caller: a stream's items are the
/// response's item type.
fn output(kind: ResponseKind, response: &Response) -> Output {
    let item = || response.item.clone().unwrap_or(TypeRef::Any);
    match kind {
        ResponseKind::Empty => Output::Unit,
        ResponseKind::Text => Output::Text,
        ResponseKind::Bytes => Output::Binary,
        ResponseKind::Json | ResponseKind::Envelope => Output::Json(response.ty.clone()),
        ResponseKind::Events | ResponseKind::EventObjects => Output::Events(item()),
        ResponseKind::JsonLines | ResponseKind::JsonSeq => Output::Lines(item()),
    }
}

/// Array fields that usually hold a page's items, most likely first.
const ITEM_FIELDS: &[&str] = &[
    "data", "rows", "items", "list", "results", "records", "entries",
];

/// How an operation pages, when it does and its items can be found. It pages
/// when the response has `_pagination` or when it takes integer `limit` and
/// `offset` query parameters; the items are the output when it is a list,
/// else the struct's array field with a usual name, else its only array
/// field. Otherwise (no list to be found) it is not paged.
pub fn paging(
    types: &[TypeDef],
    params: &[Param],
    response: &Response,
    paginated: bool,
) -> Option<Paging> {
    let query_int = |wire: &str| {
        params.iter().position(|p| {
            p.location == ParamLocation::Query
                && p.wire == wire
                && matches!(p.ty, TypeRef::Integer(_))
        })
    };
    let offset = query_int("limit")
        .zip(query_int("offset"))
        .map(|(limit, offset)| OffsetParams { limit, offset });
    if !paginated && offset.is_none() {
        return None;
    }
    if !matches!(response.kind, ResponseKind::Json | ResponseKind::Envelope) {
        return None;
    }
    let ty = resolve(types, &response.ty);
    let (items, item) = match ty {
        TypeRef::Array(item) => (PageItems::Output, (**item).clone()),
        _ => {
            let Some(TypeKind::Struct { fields, .. }) = kind_of(types, ty) else {
                return None;
            };
            let arrays: Vec<(&Field, &TypeRef)> = fields
                .iter()
                .filter(|f| !f.boxed)
                .filter_map(|f| match &f.ty {
                    TypeRef::Array(item) => Some((f, &**item)),
                    _ => None,
                })
                .collect();
            let by_name = ITEM_FIELDS
                .iter()
                .find_map(|n| arrays.iter().find(|(f, _)| f.wire == *n));
            let (field, item) = match (by_name, arrays.as_slice()) {
                (Some(found), _) => *found,
                (None, [only]) => *only,
                _ => return None,
            };
            (
                PageItems::Field {
                    name: field.name.clone(),
                    optional: field.optional,
                    three_state: field.three_state,
                },
                item.clone(),
            )
        }
    };
    Some(Paging {
        items,
        item,
        offset,
    })
}

/// The parts of a multipart body whose type is a struct, one per field in
/// declaration order (then the keys it keeps beyond them, its
/// `additional_properties`, so an open body's extra keys are sent too);
/// `None` for any other body.
pub fn parts(types: &[TypeDef], media: BodyMedia, ty: &TypeRef) -> Option<Vec<Part>> {
    if media != BodyMedia::Multipart {
        return None;
    }
    let Some(TypeKind::Struct {
        fields, additional, ..
    }) = kind_of(types, ty)
    else {
        return None;
    };
    // A flattened union has no part of its own (multipart bodies of that
    // shape are not supported: its keys are not sent).
    let mut parts: Vec<Part> = fields
        .iter()
        .filter(|f| !f.flatten)
        .map(|f| Part {
            source: PartSource::Field {
                name: f.name.clone(),
                wire: f.wire.clone(),
            },
            file: holds_files(&f.ty),
        })
        .collect();
    if let Some(extra) = additional {
        parts.push(Part {
            source: PartSource::Additional,
            file: holds_files(&extra.ty),
        });
    }
    Some(parts)
}

/// Does a value of this type hold files (`File`, in options or lists)?
fn holds_files(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Bytes => true,
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => holds_files(inner),
        _ => false,
    }
}

/// Which structs implement `Default`: those whose every field is optional,
/// the structs `new(..)` would build from nothing. A struct with a required
/// field is built with `new(..)` only, so no value of it lacks one (an
/// invented `0` or `""` would be sent as if the caller had chosen it).
pub fn defaultable(types: &[TypeDef]) -> Vec<bool> {
    types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => fields.iter().all(|f| !f.in_constructor()),
            _ => false,
        })
        .collect()
}

/// Which fields are three-state (`runtime::Nullable<T>`): the optional
/// nullable fields of structs users build (reached from a request), where
/// a key left out ("keep it") and `null` ("clear it") are two messages.
/// Structs only read keep `Option<T>`: absent and null both mean "none".
/// Per type, per field.
pub fn three_state(types: &[TypeDef]) -> Vec<Vec<bool>> {
    types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } if t.in_requests() => fields
                .iter()
                .map(|f| f.left_out_when_none() && f.nullable && !f.flatten)
                .collect(),
            TypeKind::Struct { fields, .. } => vec![false; fields.len()],
            _ => Vec::new(),
        })
        .collect()
}

/// What JSON a value of `ty` is: how an untagged union tells its variants apart.
pub fn accepts(types: &[TypeDef], ty: &TypeRef) -> Accepts {
    accepts_within(types, ty, 0)
}

/// [`accepts`], `depth` arrays deep: past a few levels (or an alias that
/// is an array of itself) the items accept anything.
fn accepts_within(types: &[TypeDef], ty: &TypeRef, depth: usize) -> Accepts {
    if depth > 3 {
        return Accepts::Any;
    }
    match resolve(types, ty) {
        TypeRef::Boolean => Accepts::Boolean,
        TypeRef::Integer(_) => Accepts::Integer,
        TypeRef::Number => Accepts::Number,
        TypeRef::String | TypeRef::Formatted(_) | TypeRef::Bytes => Accepts::String,
        TypeRef::Array(items) => Accepts::Array {
            items: Box::new(accepts_within(types, items, depth + 1)),
        },
        TypeRef::Map(_) => Accepts::Object {
            required: Vec::new(),
            known: Vec::new(),
            open: true,
        },
        TypeRef::Any => Accepts::Any,
        TypeRef::Nullable(inner) => accepts_within(types, inner, depth),
        named @ TypeRef::Named(_) => match kind_of(types, named) {
            Some(TypeKind::Struct {
                fields, additional, ..
            }) => Accepts::Object {
                required: fields
                    .iter()
                    .filter(|f| f.required && !f.flatten)
                    .map(|f| f.wire.clone())
                    .collect(),
                known: fields
                    .iter()
                    .filter(|f| !f.flatten)
                    .map(|f| f.wire.clone())
                    .collect(),
                // A flattened union takes the keys no field does. Keys an
                // open object only keeps as a fallback do not count: a
                // variant that declares them is tried first.
                open: additional.as_ref().is_some_and(|a| a.declared)
                    || fields.iter().any(|f| f.flatten),
            },
            Some(TypeKind::Enum {
                repr: EnumRepr::String,
                ..
            }) => Accepts::Listed {
                of: Box::new(Accepts::String),
            },
            Some(TypeKind::Enum { .. }) => Accepts::Listed {
                of: Box::new(Accepts::Integer),
            },
            _ => Accepts::Any,
        },
    }
}

/// The types an operation's values are made of, by direction: parameters
/// and body are sent, success and error bodies received.
pub struct Roots<'a> {
    pub request: Vec<&'a TypeRef>,
    pub response: Vec<&'a TypeRef>,
}

/// For each type (by index), every operation that reaches it and how.
pub fn uses(types: &[TypeDef], roots: &[Roots]) -> Vec<Vec<TypeUse>> {
    let mut out: Vec<BTreeSet<TypeUse>> = vec![BTreeSet::new(); types.len()];
    for (operation, r) in roots.iter().enumerate() {
        for (direction, refs) in [
            (Direction::Request, &r.request),
            (Direction::Response, &r.response),
        ] {
            let mut seen = vec![false; types.len()];
            let mut stack: Vec<&TypeRef> = refs.to_vec();
            while let Some(t) = stack.pop() {
                match t {
                    TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                        stack.push(inner)
                    }
                    TypeRef::Named(n) => {
                        let Some(i) = type_index(types, n) else {
                            continue;
                        };
                        if std::mem::replace(&mut seen[i], true) {
                            continue;
                        }
                        out[i].insert(TypeUse {
                            operation,
                            direction,
                        });
                        push_children(&types[i].kind, &mut stack);
                    }
                    _ => {}
                }
            }
        }
    }
    out.into_iter().map(|s| s.into_iter().collect()).collect()
}

pub fn push_children<'a>(kind: &'a TypeKind, stack: &mut Vec<&'a TypeRef>) {
    match kind {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            stack.extend(fields.iter().map(|f| &f.ty));
            stack.extend(additional.iter().map(|a| &a.ty));
        }
        TypeKind::Union { variants, .. } => stack.extend(variants.iter().map(|v| &v.ty)),
        TypeKind::Alias { target } => stack.push(target),
        TypeKind::Enum { .. } => {}
    }
}

/// Name the chained setters of a struct's optional fields: the field's
/// name, or `with_{name}` when the struct already has a method of that
/// name (`crate::reserved::STRUCT_RESERVED`) or the name reads as one that
/// borrows (`SETTER_PREFIXES`); three-state fields also get
/// `{name}_null`. Fields `new(..)` takes have none.
pub fn setters(fields: &mut [Field]) {
    let mut scope = Scope::new();
    scope.reserve(crate::reserved::STRUCT_RESERVED);
    for f in fields.iter_mut().filter(|f| !f.in_constructor()) {
        let conventional = crate::reserved::SETTER_PREFIXES
            .iter()
            .any(|p| f.name.starts_with(p));
        f.setter = Some(if scope.contains(&f.name) || conventional {
            scope.claim(&format!("with_{}", f.name), "_")
        } else {
            scope.claim(&f.name, "_")
        });
    }
    for f in fields
        .iter_mut()
        .filter(|f| f.three_state && !f.in_constructor())
    {
        f.null_setter = Some(scope.claim(&format!("{}_null", f.name), "_"));
    }
}

#[cfg(test)]
mod setter_tests {
    /// Setters take the field's name unless a method of the struct has it
    /// or clippy would read it as a borrowing method; three-state fields
    /// get a null setter, and no name is given twice.
    #[test]
    fn setters_are_named_without_clashes() {
        let spec = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tag: {type: string}
                clone: {type: string}
                is_good: {type: boolean}
                note: {type: string, nullable: true}
                note_null: {type: string}
      responses:
        "200": {description: ok}
"#;
        let (api, _) = crate::lower_spec("t.yaml", spec, &crate::Options::default()).unwrap();
        let t = api.type_def("CreatePetRequest").unwrap();
        let crate::ir::TypeKind::Struct { fields, .. } = &t.kind else {
            panic!("a struct")
        };
        let names: Vec<(&str, Option<&str>, Option<&str>)> = fields
            .iter()
            .map(|f| {
                (
                    f.name.as_str(),
                    f.setter.as_deref(),
                    f.null_setter.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("name", None, None),
                ("tag", Some("tag"), None),
                ("clone", Some("with_clone"), None),
                ("is_good", Some("with_is_good"), None),
                ("note", Some("note"), Some("note_null_2")),
                ("note_null", Some("note_null"), None),
            ]
        );
    }
}
