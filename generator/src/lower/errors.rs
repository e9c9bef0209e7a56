//! What an API's errors look like, decided once per documented error
//! schema: which property is the message, which holds the errors by field
//! and in what form ([`ErrorShape`]); a body the mock answers for each
//! documented error (its example, else one built from its schema); the type
//! `Error::documented()` reads an operation's error bodies into ([`ErrorAccess`]);
//! and the API's conventions (envelope, paging, uploads, and what the SDK
//! profile configures: metadata headers, webhook signatures, the error
//! style where nothing is documented).

use super::responses::status_name;
use crate::ident::Scope;
use crate::ir::{
    Conventions, EnumRepr, ErrorAccess, ErrorResponse, ErrorShape, ErrorVariant, FieldErrors,
    Operation, ResponseKind, ShapeSource, StrFormat, TypeDef, TypeKind, TypeRef,
};
use crate::profile::{ErrorStyle, Profile};
use serde_json::{json, Map, Value};

/// Properties that hold an error's message, most telling first.
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "detail",
    "title",
    "error_description",
    "error",
    "msg",
    "description",
];
/// Properties that hold the errors by field.
const FIELD_KEYS: &[&str] = &["errors", "invalid_params", "violations", "fields", "detail"];
/// In one item of a list of field errors: the key naming the field.
const ITEM_FIELD_KEYS: &[&str] = &[
    "location", "pointer", "field", "path", "loc", "name", "param", "property",
];
/// In one item of a list of field errors: the key holding its message.
const ITEM_MESSAGE_KEYS: &[&str] = &["message", "msg", "detail", "description", "reason", "code"];
/// RFC 9457's members: a schema with three of them is problem details.
const PROBLEM_KEYS: &[&str] = &["type", "title", "status", "detail", "instance"];
/// How deep a built sample goes before it gives up on a (recursive) type.
const SAMPLE_DEPTH: usize = 8;

/// Decide every operation's error shapes, samples, validation error and
/// error access, and the API's conventions.
pub fn decide(operations: &mut [Operation], types: &[TypeDef], profile: &Profile) -> Conventions {
    for op in operations.iter_mut() {
        for e in &mut op.errors {
            e.shape = shape_of(types, e.ty.as_ref(), e.media.as_deref());
            e.sample = sample(types, e);
        }
        op.validation = validation(&op.errors);
        op.error_access = access(&op.type_name, &op.errors);
    }
    let (validation, validation_source) = api_validation(operations, profile);
    Conventions {
        envelope: operations
            .iter()
            .any(|o| o.response.kind == ResponseKind::Envelope),
        pagination: operations.iter().any(|o| o.paging.is_some() || o.paginated),
        uploads: operations.iter().any(|o| {
            o.body
                .as_ref()
                .is_some_and(|b| b.media == crate::ir::BodyMedia::Multipart)
        }),
        metadata: profile.metadata.clone(),
        webhook_signature: profile
            .webhooks
            .as_ref()
            .map(|w| w.signature_header.clone()),
        validation,
        validation_source,
    }
}

/// The shape of a style of error bodies.
pub fn style_shape(style: ErrorStyle) -> ErrorShape {
    let list = |field: &str| FieldErrors::List {
        property: "errors".into(),
        field: field.into(),
        message: "message".into(),
    };
    match style {
        ErrorStyle::Laravel => ErrorShape {
            problem: false,
            message: vec!["message".into()],
            fields: Some(FieldErrors::Map {
                property: "errors".into(),
            }),
        },
        ErrorStyle::Problem => ErrorShape {
            problem: true,
            message: vec!["detail".into(), "title".into()],
            fields: Some(list("location")),
        },
        ErrorStyle::Neutral => ErrorShape {
            problem: false,
            message: vec!["message".into()],
            fields: Some(list("field")),
        },
    }
}

/// The API-wide validation shape: configured, else the one most operations
/// document (the first of equals), else neutral.
fn api_validation(operations: &[Operation], profile: &Profile) -> (ErrorShape, ShapeSource) {
    if let Some(style) = profile.errors {
        return (style_shape(style), ShapeSource::Configured);
    }
    let mut counts: Vec<(&ErrorShape, usize)> = Vec::new();
    for op in operations {
        if let Some(i) = op.validation {
            let shape = &op.errors[i].shape;
            match counts.iter_mut().find(|(s, _)| *s == shape) {
                Some((_, n)) => *n += 1,
                None => counts.push((shape, 1)),
            }
        }
    }
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)));
    match best {
        Some((_, (shape, _))) => ((*shape).clone(), ShapeSource::Documented),
        None => (style_shape(ErrorStyle::Neutral), ShapeSource::Neutral),
    }
}

/// The documented error that carries field errors: a 422, else a 400,
/// else the first.
fn validation(errors: &[ErrorResponse]) -> Option<usize> {
    let with_fields = |e: &&ErrorResponse| e.shape.fields.is_some();
    [Some(422), Some(400)]
        .iter()
        .find_map(|want| {
            errors
                .iter()
                .position(|e| e.status == *want && !e.range && with_fields(&e))
        })
        .or_else(|| errors.iter().position(|e| with_fields(&e)))
}

/// The type `Error::documented()` reads: one type when every documented body
/// has it, else an enum with a variant per status.
fn access(type_name: &str, errors: &[ErrorResponse]) -> ErrorAccess {
    let typed: Vec<&ErrorResponse> = errors.iter().filter(|e| e.ty.is_some()).collect();
    let Some(first) = typed.first().and_then(|e| e.ty.clone()) else {
        return ErrorAccess::None;
    };
    if typed.iter().all(|e| e.ty.as_ref() == Some(&first)) {
        return ErrorAccess::Single { ty: first };
    }
    let mut scope = Scope::new();
    let variants = typed
        .iter()
        .map(|e| ErrorVariant {
            name: scope.claim(&status_name(e.status, e.range), ""),
            status: e.status,
            range: e.range,
            ty: e.ty.clone().expect("typed"),
        })
        .collect();
    ErrorAccess::ByStatus {
        name: format!("{type_name}Error"),
        variants,
    }
}

/// The fields of the struct `ty` stands for, if it is one.
fn struct_fields<'a>(types: &'a [TypeDef], ty: &'a TypeRef) -> Option<&'a [crate::ir::Field]> {
    match crate::ir::kind_of(types, crate::ir::resolve(types, ty))? {
        TypeKind::Struct { fields, .. } => Some(fields),
        _ => None,
    }
}

fn is_text(types: &[TypeDef], ty: &TypeRef) -> bool {
    matches!(
        crate::ir::resolve(types, ty),
        TypeRef::String | TypeRef::Any
    )
}

/// How an error body of type `ty` (served as `media`) says what went wrong.
fn shape_of(types: &[TypeDef], ty: Option<&TypeRef>, media: Option<&str>) -> ErrorShape {
    let problem_media = media.is_some_and(|m| m.to_ascii_lowercase().contains("problem+json"));
    let Some(fields) = ty.and_then(|t| struct_fields(types, t)) else {
        return ErrorShape {
            problem: problem_media,
            ..ErrorShape::default()
        };
    };
    let field = |wire: &str| fields.iter().find(|f| f.wire == wire && !f.flatten);
    let members = PROBLEM_KEYS.iter().filter(|k| field(k).is_some()).count();
    let problem = problem_media || members >= 3;
    let message = MESSAGE_KEYS
        .iter()
        .filter(|k| field(k).is_some_and(|f| is_text(types, &f.ty)))
        .map(|k| k.to_string())
        .collect();
    let fields = FIELD_KEYS
        .iter()
        .find_map(|k| field(k).and_then(|f| field_errors(types, k, &f.ty)));
    ErrorShape {
        problem,
        message,
        fields,
    }
}

/// The form of the field errors in property `property` of type `ty`.
fn field_errors(types: &[TypeDef], property: &str, ty: &TypeRef) -> Option<FieldErrors> {
    let map = || FieldErrors::Map {
        property: property.to_string(),
    };
    match crate::ir::resolve(types, ty) {
        TypeRef::Map(_) if property != "detail" => Some(map()),
        TypeRef::Array(item) => {
            let fields = struct_fields(types, item)?;
            let key = |keys: &[&str]| {
                keys.iter()
                    .find(|k| fields.iter().any(|f| f.wire == **k))
                    .map(|k| k.to_string())
            };
            Some(FieldErrors::List {
                property: property.to_string(),
                field: key(ITEM_FIELD_KEYS)?,
                message: key(ITEM_MESSAGE_KEYS)?,
            })
        }
        named @ TypeRef::Named(_) if property != "detail" => {
            // Laravel's `errors` documented field by field: an object whose
            // properties are lists of messages (or its map of them).
            let TypeKind::Struct {
                fields, additional, ..
            } = crate::ir::kind_of(types, named)?
            else {
                return None;
            };
            let messages = |t: &TypeRef| match crate::ir::resolve(types, t) {
                TypeRef::Array(i) => is_text(types, i),
                t => is_text(types, t),
            };
            let all = fields.iter().all(|f| messages(&f.ty));
            (all && (!fields.is_empty() || additional.is_some())).then(map)
        }
        _ => None,
    }
}

/// The mock's body for a documented error: its first example that agrees
/// with its schema, else one built from the schema with the status's
/// message in it.
fn sample(types: &[TypeDef], e: &ErrorResponse) -> Option<Value> {
    if let Some(ex) = e.examples.iter().find(|x| x.contradiction.is_none()) {
        return Some(ex.value.clone());
    }
    let ty = e.ty.as_ref()?;
    let mut value = build(types, ty, 0);
    if let Value::Object(map) = &mut value {
        let reason = e
            .description
            .as_deref()
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| reason(e.status));
        if let Some(key) = e.shape.message.first() {
            map.insert(key.clone(), Value::String(reason.clone()));
        }
        if let Some(FieldErrors::List { property, .. }) = &e.shape.fields {
            // One item, so that the mock writes field errors in its shape.
            let item = struct_fields(types, ty)
                .and_then(|fs| fs.iter().find(|f| &f.wire == property))
                .and_then(|f| match crate::ir::resolve(types, &f.ty) {
                    TypeRef::Array(item) => Some(build(types, item, 1)),
                    _ => None,
                });
            if let Some(item) = item.filter(Value::is_object) {
                map.insert(property.clone(), Value::Array(vec![item]));
            }
        }
        if e.shape.problem {
            for (key, value) in [
                ("title", Value::String(reason)),
                ("status", e.status.map_or(Value::Null, |s| json!(s))),
            ] {
                if map.contains_key(key) && !value.is_null() {
                    map.insert(key.into(), value);
                }
            }
        }
    }
    Some(value)
}

/// The reason phrase of a status (`Not Found`), or `Error`.
fn reason(status: Option<u16>) -> String {
    let text = match status {
        Some(400) => "Bad Request",
        Some(401) => "Unauthorized",
        Some(403) => "Forbidden",
        Some(404) => "Not Found",
        Some(409) => "Conflict",
        Some(422) => "Unprocessable Entity",
        Some(429) => "Too Many Requests",
        Some(500) => "Internal Server Error",
        Some(503) => "Service Unavailable",
        _ => "Error",
    };
    text.to_string()
}

/// The smallest value of `ty`: required fields only, the first variant.
fn build(types: &[TypeDef], ty: &TypeRef, depth: usize) -> Value {
    if depth > SAMPLE_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::String => json!("string"),
        TypeRef::Integer(_) | TypeRef::Number => json!(0),
        TypeRef::Boolean => json!(false),
        TypeRef::Any | TypeRef::Nullable(_) => Value::Null,
        TypeRef::Bytes => json!(""),
        TypeRef::Array(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Formatted(f) => json!(match f {
            StrFormat::DateTime => "1970-01-01T00:00:00Z",
            StrFormat::Date => "1970-01-01",
            StrFormat::Time => "00:00:00",
            StrFormat::Uuid => "00000000-0000-0000-0000-000000000000",
            StrFormat::Base64 => "",
        }),
        TypeRef::Named(name) => {
            let Some(def) = crate::ir::type_index(types, name).map(|i| &types[i]) else {
                return Value::Null;
            };
            build_named(types, &def.kind, depth)
        }
    }
}

fn build_named(types: &[TypeDef], kind: &TypeKind, depth: usize) -> Value {
    match kind {
        TypeKind::Struct { fields, .. } => {
            let mut map = Map::new();
            for f in fields.iter().filter(|f| f.must_be_present()) {
                let v = if f.optional {
                    Value::Null
                } else {
                    build(types, &f.ty, depth + 1)
                };
                match (f.flatten, v) {
                    (true, Value::Object(rest)) => map.extend(rest),
                    (true, _) => {}
                    (false, v) => {
                        map.insert(f.wire.clone(), v);
                    }
                }
            }
            Value::Object(map)
        }
        TypeKind::Enum { variants, repr, .. } => match (variants.first(), repr) {
            (Some(v), EnumRepr::Integer(_)) => v
                .wire
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::Null),
            (Some(v), EnumRepr::String) => Value::String(v.wire.clone()),
            (None, _) => json!("string"),
        },
        TypeKind::Union { variants, tag } => {
            let Some(v) = variants.first() else {
                return Value::Null;
            };
            let mut value = build(types, &v.ty, depth + 1);
            if let (Some(tag), Some(t), Value::Object(map)) = (tag, v.tags.first(), &mut value) {
                map.insert(tag.property.clone(), Value::String(t.clone()));
            }
            value
        }
        TypeKind::Alias { target } => build(types, target, depth + 1),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, ErrorAccess, ErrorShape, FieldErrors, ShapeSource};
    use crate::profile::{ErrorStyle, Profile};

    /// One operation per common error convention, each documenting its
    /// error body under the status it answers with.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /laravel:
    post:
      operationId: laravel
      responses:
        "200": {description: ok}
        "422":
          description: The given data was invalid.
          content:
            application/json:
              schema:
                type: object
                properties:
                  message: {type: string}
                  errors:
                    type: object
                    additionalProperties: {type: array, items: {type: string}}
  /laravel-fields:
    post:
      operationId: laravelFields
      responses:
        "200": {description: ok}
        "422":
          description: invalid
          content:
            application/json:
              schema:
                type: object
                properties:
                  message: {type: string}
                  errors:
                    type: object
                    properties:
                      name: {type: array, items: {type: string}}
  /problem:
    post:
      operationId: problem
      responses:
        "200": {description: ok}
        "422":
          description: Unprocessable Entity
          content:
            application/problem+json:
              schema:
                type: object
                properties:
                  title: {type: string}
                  status: {type: integer}
                  detail: {type: string}
                  errors:
                    type: array
                    items:
                      type: object
                      properties:
                        location: {type: string}
                        message: {type: string}
        "404":
          description: Not Found
          content:
            application/json:
              schema:
                type: object
                properties:
                  type: {type: string}
                  title: {type: string}
                  status: {type: integer}
  /github:
    post:
      operationId: github
      responses:
        "200": {description: ok}
        "400":
          description: bad
          content:
            application/json:
              schema:
                type: object
                properties:
                  message: {type: string}
                  documentation_url: {type: string}
                  errors:
                    type: array
                    items:
                      type: object
                      properties:
                        resource: {type: string}
                        field: {type: string}
                        code: {type: string}
  /fastapi:
    post:
      operationId: fastapi
      responses:
        "200": {description: ok}
        "422":
          description: Validation Error
          content:
            application/json:
              schema:
                type: object
                properties:
                  detail:
                    type: array
                    items:
                      type: object
                      properties:
                        loc: {type: array, items: {type: string}}
                        msg: {type: string}
                        type: {type: string}
  /oxide:
    get:
      operationId: oxide
      responses:
        "200": {description: ok}
        "4XX":
          description: client error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/OxideError"}
        "5XX":
          description: server error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/OxideError"}
components:
  schemas:
    OxideError:
      type: object
      required: [message, request_id]
      properties:
        message: {type: string}
        error_code: {type: string}
        request_id: {type: string}
"##;

    fn lower(profile: Profile) -> Api {
        let options = crate::Options {
            profile,
            ..crate::Options::default()
        };
        crate::lower_spec("t.yaml", SPEC, &options).unwrap().0
    }

    fn op<'a>(api: &'a Api, id: &str) -> &'a crate::ir::Operation {
        api.operations.iter().find(|o| o.id == id).unwrap()
    }

    /// The shape of the error `op` documents at `status`.
    fn shape(api: &Api, id: &str, status: u16) -> ErrorShape {
        let e = op(api, id).errors.iter().find(|e| e.status == Some(status));
        e.unwrap().shape.clone()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn list(property: &str, field: &str, message: &str) -> Option<FieldErrors> {
        Some(FieldErrors::List {
            property: property.into(),
            field: field.into(),
            message: message.into(),
        })
    }

    #[test]
    fn each_error_schema_gets_the_shape_it_documents() {
        let api = lower(Profile::default());
        let laravel = ErrorShape {
            problem: false,
            message: strings(&["message"]),
            fields: Some(FieldErrors::Map {
                property: "errors".into(),
            }),
        };
        assert_eq!(shape(&api, "laravel", 422), laravel);
        // Laravel's `errors` documented field by field is still a map.
        assert_eq!(shape(&api, "laravelFields", 422), laravel);
        // Problem details: by the media type, the message in `detail` then
        // `title`, huma's `errors` list.
        assert_eq!(
            shape(&api, "problem", 422),
            ErrorShape {
                problem: true,
                message: strings(&["detail", "title"]),
                fields: list("errors", "location", "message"),
            }
        );
        // ... or by three of RFC 9457's members in plain JSON.
        assert!(shape(&api, "problem", 404).problem);
        // GitHub's list: the item's `field`, its `code` as the message.
        assert_eq!(
            shape(&api, "github", 400),
            ErrorShape {
                problem: false,
                message: strings(&["message"]),
                fields: list("errors", "field", "code"),
            }
        );
        // FastAPI's `detail` is a list of errors, not a message.
        assert_eq!(
            shape(&api, "fastapi", 422),
            ErrorShape {
                problem: false,
                message: Vec::new(),
                fields: list("detail", "loc", "msg"),
            }
        );
        // Oxide's: a message, no field errors.
        assert_eq!(
            shape(&api, "oxide", 400),
            ErrorShape {
                problem: false,
                message: strings(&["message"]),
                fields: None,
            }
        );
    }

    #[test]
    fn validation_errors_and_error_types_are_decided_per_operation() {
        let api = lower(Profile::default());
        // The documented error with field errors answers validation
        // failures; one without field errors never does.
        let validation = |id| {
            op(&api, id)
                .validation
                .map(|i| op(&api, id).errors[i].status)
        };
        assert_eq!(validation("problem"), Some(Some(422)));
        assert_eq!(validation("github"), Some(Some(400)));
        assert_eq!(validation("oxide"), None);
        // One documented type for every status: that type.
        assert!(matches!(
            &op(&api, "oxide").error_access,
            ErrorAccess::Single { ty } if crate::rust::type_ref(ty, crate::rust::Paths::Short) == "OxideError"
        ));
        // Types that differ by status: an enum named after the operation,
        // a variant per status.
        let ErrorAccess::ByStatus { name, variants } = &op(&api, "problem").error_access else {
            panic!("an enum by status");
        };
        assert_eq!(name, "ProblemError");
        let names: Vec<_> = variants
            .iter()
            .map(|v| (v.name.as_str(), v.status))
            .collect();
        assert_eq!(
            names,
            [("Unprocessable", Some(422)), ("NotFound", Some(404))]
        );
    }

    #[test]
    fn the_apis_validation_shape_is_configured_documented_or_neutral() {
        // Laravel's map is what most operations document (two of five).
        let api = lower(Profile::default());
        assert_eq!(api.conventions.validation_source, ShapeSource::Documented);
        assert_eq!(api.conventions.validation, shape(&api, "laravel", 422));
        // The profile wins.
        let api = lower(Profile {
            errors: Some(ErrorStyle::Problem),
            ..Profile::default()
        });
        assert_eq!(api.conventions.validation_source, ShapeSource::Configured);
        assert_eq!(
            api.conventions.validation,
            super::style_shape(ErrorStyle::Problem)
        );
        // Nothing documented, nothing configured: neutral.
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        let (api, _) = crate::lower_spec("t.yaml", spec, &crate::Options::default()).unwrap();
        assert_eq!(api.conventions.validation_source, ShapeSource::Neutral);
        assert_eq!(
            api.conventions.validation,
            super::style_shape(ErrorStyle::Neutral)
        );
    }
}
