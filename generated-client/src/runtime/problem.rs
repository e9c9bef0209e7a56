//! What an error body says: its message and its errors by field, read in
//! the shape the spec documents for it ([`ErrorShape`], generated data
//! from the spec's error schemas), else by trying the shapes APIs commonly
//! use; RFC 9457 problem details ([`Problem`], `application/problem+json`)
//! understood on their own; and error bodies written in a documented shape
//! (for the mock).
//!
//! Shapes tried for a body no documented shape reads: problem details
//! (`detail`/`title`, `errors: [{location|pointer, message}]`); `message`
//! with Laravel's `errors: {field: [..]}` or a list
//! (`errors: [{field, code, message}]`, GitHub's); Oxide's `{message,
//! error_code, request_id}`; FastAPI's `detail: [{loc, msg}]`; `error` as
//! text or `{message}`.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// How an error body says what went wrong (generated from its schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorShape {
    /// RFC 9457 problem details, written as `application/problem+json`.
    pub problem: bool,
    /// The properties that may hold the message, in order.
    pub message: &'static [&'static str],
    /// Where the errors by field are.
    pub fields: FieldErrors,
}

/// Where an error body keeps its errors by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldErrors {
    /// It has none.
    None,
    /// `{property: {field: [message, …]}}`.
    Map(&'static str),
    /// `{property: [{field: …, message: …}, …]}`: the property, and in
    /// each item the key naming the field and the key of its message.
    List {
        property: &'static str,
        field: &'static str,
        message: &'static str,
    },
}

/// One documented error response of an operation: its status (`None`:
/// `default`; a range keeps its first digit × 100) and the body's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentedError {
    pub status: Option<u16>,
    pub range: bool,
    pub shape: ErrorShape,
}

impl DocumentedError {
    /// The documented error of `errors` that `status` answers with: the
    /// exact status, else its range, else `default`.
    pub(crate) fn find(errors: &[DocumentedError], status: u16) -> Option<&DocumentedError> {
        errors
            .iter()
            .find(|e| e.status == Some(status) && !e.range)
            .or_else(|| {
                errors
                    .iter()
                    .find(|e| e.range && e.status.is_some_and(|s| s / 100 == status / 100))
            })
            .or_else(|| errors.iter().find(|e| e.status.is_none()))
    }
}

/// Errors by field: field → messages.
pub type FieldMessages = BTreeMap<String, Vec<String>>;

/// The message and field errors of `body` read in `shape`; `None` when
/// the body does not have that shape's message or fields.
pub(crate) fn read_shaped(
    shape: &ErrorShape,
    body: &Value,
) -> Option<(Option<String>, FieldMessages)> {
    let map = body.as_object()?;
    let message = shape
        .message
        .iter()
        .find_map(|k| map.get(*k).and_then(text));
    let fields = match shape.fields {
        FieldErrors::None => FieldMessages::new(),
        FieldErrors::Map(p) => map.get(p).map(by_field).unwrap_or_default(),
        FieldErrors::List {
            property,
            field,
            message,
        } => map
            .get(property)
            .map(|v| listed(v, &first(field, ITEM_FIELD), &first(message, ITEM_MESSAGE)))
            .unwrap_or_default(),
    };
    (message.is_some() || !fields.is_empty()).then_some((message, fields))
}

/// `key`, then the usual keys: an item without its documented key (GitHub's
/// `message` is optional beside `code`) still says what it can.
fn first(key: &'static str, usual: &[&'static str]) -> Vec<&'static str> {
    std::iter::once(key)
        .chain(usual.iter().copied().filter(|k| *k != key))
        .collect()
}

/// Keys naming the field in one item of a list of field errors.
const ITEM_FIELD: &[&str] = &[
    "location", "pointer", "field", "path", "loc", "name", "param",
];
/// Keys of its message.
const ITEM_MESSAGE: &[&str] = &["message", "msg", "detail", "description", "code"];

/// The message and field errors of `body` in whichever common shape it has.
pub(crate) fn read_any(body: &Value) -> (Option<String>, FieldMessages) {
    let Some(map) = body.as_object() else {
        return (body.as_str().map(str::to_string), FieldMessages::new());
    };
    let message = [
        "message",
        "detail",
        "title",
        "error_description",
        "error",
        "msg",
    ]
    .iter()
    .find_map(|k| map.get(*k).and_then(text))
    .or_else(|| {
        // `{"error": {"message": …}}`
        map.get("error")
            .and_then(|e| e.get("message"))
            .and_then(text)
    });
    let fields = ["errors", "invalid_params", "violations", "detail"]
        .iter()
        .filter_map(|k| map.get(*k))
        .map(|v| match v {
            Value::Object(_) => by_field(v),
            _ => listed(v, ITEM_FIELD, ITEM_MESSAGE),
        })
        .find(|f| !f.is_empty())
        .unwrap_or_default();
    (message, fields)
}

/// A message: text, or a number or boolean as written.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{field: [messages]}` or `{field: message}`.
fn by_field(v: &Value) -> FieldMessages {
    let Value::Object(map) = v else {
        return FieldMessages::new();
    };
    map.iter()
        .map(|(field, messages)| {
            let list = match messages {
                Value::Array(items) => items
                    .iter()
                    .map(|m| text(m).unwrap_or_else(|| m.to_string()))
                    .collect(),
                Value::String(s) => vec![s.clone()],
                other => vec![other.to_string()],
            };
            (field.clone(), list)
        })
        .collect()
}

/// `[{field_key: …, message_key: …}]`: the first of `fields` names the field
/// (a list such as FastAPI's `loc` is joined with dots), the first of
/// `messages` is its message.
fn listed(v: &Value, fields: &[&str], messages: &[&str]) -> FieldMessages {
    let mut out = FieldMessages::new();
    let Value::Array(items) = v else {
        return out;
    };
    for item in items {
        let Some(item) = item.as_object() else {
            continue;
        };
        let field = fields.iter().find_map(|k| match item.get(*k) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Array(parts)) => Some(
                parts
                    .iter()
                    .map(|p| text(p).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("."),
            ),
            _ => None,
        });
        let message = messages.iter().find_map(|k| item.get(*k).and_then(text));
        if let (Some(field), Some(message)) = (field, message) {
            out.entry(field).or_default().push(message);
        }
    }
    out
}

/// RFC 9457 problem details (`application/problem+json`): what any API
/// answering with them says about a failure. Extension members (huma's
/// `errors`, an API's own) are in `extensions`.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` when absent).
    pub kind: Option<String>,
    /// A short summary of the kind of problem.
    pub title: Option<String>,
    /// The HTTP status, as the body says it.
    pub status: Option<u16>,
    /// What went wrong this time.
    pub detail: Option<String>,
    /// A URI for this occurrence.
    pub instance: Option<String>,
    /// The errors by field (`errors: [{location|pointer, message}]`).
    pub errors: FieldMessages,
    /// Every other member, as received.
    pub extensions: Map<String, Value>,
}

impl Problem {
    /// The problem details of a body, when it is a JSON object that has
    /// them (`type`, `title`, `status`, `detail` or `instance`).
    pub fn from_json(body: &Value) -> Option<Problem> {
        let map = body.as_object()?;
        let members = ["type", "title", "status", "detail", "instance"];
        if !members.iter().any(|k| map.contains_key(*k)) {
            return None;
        }
        let mut p = Problem {
            kind: map.get("type").and_then(text),
            title: map.get("title").and_then(text),
            status: map
                .get("status")
                .and_then(|s| s.as_u64().or_else(|| s.as_str()?.parse().ok()))
                .and_then(|s| u16::try_from(s).ok()),
            detail: map.get("detail").and_then(text),
            instance: map.get("instance").and_then(text),
            ..Problem::default()
        };
        for (k, v) in map {
            if !members.contains(&k.as_str()) {
                p.extensions.insert(k.clone(), v.clone());
            }
        }
        if let Some(errors) = map.get("errors").or_else(|| map.get("invalid_params")) {
            p.errors = match errors {
                Value::Object(_) => by_field(errors),
                _ => listed(errors, ITEM_FIELD, ITEM_MESSAGE),
            };
        }
        Some(p)
    }
}

/// Is this content type problem details?
pub(crate) fn is_problem_media(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|c| c.to_ascii_lowercase().contains("problem+json"))
}

/// An error body in `shape`: `sample` (the documented body) with its
/// message and field errors set, or one made of them alone. For problem
/// details, `title` and `status` too.
#[cfg_attr(
    not(feature = "testing"),
    allow(dead_code, reason = "the mock writes error bodies")
)]
pub(crate) fn write(
    shape: &ErrorShape,
    status: u16,
    message: &str,
    fields: &FieldMessages,
    sample: Option<Value>,
) -> Value {
    let mut map = match sample {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    if shape.problem {
        map.entry("type").or_insert_with(|| "about:blank".into());
        let title = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        map.entry("title").or_insert_with(|| title.into());
        map.insert("status".into(), status.into());
    }
    let key = shape.message.first().copied().unwrap_or("message");
    map.insert(key.into(), message.into());
    match shape.fields {
        FieldErrors::Map(p) => {
            if !fields.is_empty() || !map.contains_key(p) {
                map.insert(p.into(), serde_json::to_value(fields).unwrap_or_default());
            }
        }
        FieldErrors::List {
            property,
            field,
            message,
        } => {
            if !fields.is_empty() || !map.contains_key(property) {
                // Each item in the shape of the documented one (its other
                // required keys: GitHub's `code`).
                let template = match map.get(property) {
                    Some(Value::Array(items)) => items.first().and_then(Value::as_object).cloned(),
                    _ => None,
                }
                .unwrap_or_default();
                let items: Vec<Value> = fields
                    .iter()
                    .flat_map(|(f, ms)| {
                        let template = &template;
                        ms.iter().map(move |m| {
                            let mut item = template.clone();
                            item.insert(field.into(), f.clone().into());
                            item.insert(message.into(), m.clone().into());
                            Value::Object(item)
                        })
                    })
                    .collect();
                map.insert(property.into(), Value::Array(items));
            }
        }
        FieldErrors::None => {}
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LARAVEL: ErrorShape = ErrorShape {
        problem: false,
        message: &["message"],
        fields: FieldErrors::Map("errors"),
    };
    const PROBLEM: ErrorShape = ErrorShape {
        problem: true,
        message: &["detail", "title"],
        fields: FieldErrors::List {
            property: "errors",
            field: "location",
            message: "message",
        },
    };

    fn one(field: &str, message: &str) -> FieldMessages {
        let mut f = FieldMessages::new();
        f.insert(field.into(), vec![message.into()]);
        f
    }

    #[test]
    fn every_common_shape_reads() {
        let laravel = json!({"message": "The name field is required.", "errors": {"name": ["The name field is required."]}});
        let problem = json!({"type": "about:blank", "title": "Unprocessable Entity", "status": 422, "detail": "validation failed", "errors": [{"location": "body.name", "message": "expected string", "value": 1}]});
        let github = json!({"message": "Validation Failed", "errors": [{"resource": "Issue", "field": "title", "code": "missing_field"}], "documentation_url": "https://docs"});
        let oxide = json!({"message": "not found: instance", "error_code": "ObjectNotFound", "request_id": "r-1"});
        let fastapi = json!({"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "value_error.missing"}]});
        let nested = json!({"error": {"message": "bad key", "code": 7}});
        let cases = [
            (
                laravel,
                Some("The name field is required."),
                one("name", "The name field is required."),
            ),
            (
                problem,
                Some("validation failed"),
                one("body.name", "expected string"),
            ),
            (
                github,
                Some("Validation Failed"),
                one("title", "missing_field"),
            ),
            (oxide, Some("not found: instance"), FieldMessages::new()),
            (fastapi, None, one("body.name", "field required")),
            (nested, Some("bad key"), FieldMessages::new()),
            (
                json!("plain text"),
                Some("plain text"),
                FieldMessages::new(),
            ),
        ];
        for (body, message, fields) in cases {
            let (m, f) = read_any(&body);
            assert_eq!((m.as_deref(), &f), (message, &fields), "{body}");
        }
    }

    #[test]
    fn a_documented_shape_reads_its_own_keys() {
        // A schema whose message is `reason` and field errors `problems`.
        const OWN: ErrorShape = ErrorShape {
            problem: false,
            message: &["reason"],
            fields: FieldErrors::List {
                property: "problems",
                field: "at",
                message: "why",
            },
        };
        let body = json!({"reason": "no", "problems": [{"at": "x", "why": "too big"}], "message": "ignored"});
        let (m, f) = read_shaped(&OWN, &body).unwrap();
        assert_eq!(m.as_deref(), Some("no"));
        assert_eq!(f, one("x", "too big"));
        assert_eq!(read_shaped(&OWN, &json!({"other": 1})), None);
        let (m, f) = read_shaped(&PROBLEM, &json!({"title": "Bad", "errors": []})).unwrap();
        assert_eq!((m.as_deref(), f.len()), (Some("Bad"), 0));
    }

    #[test]
    fn problem_details_with_extensions() {
        let p = Problem::from_json(&json!({"type": "https://x/e", "title": "T", "status": "404", "detail": "D", "instance": "/i", "trace": "t1"})).unwrap();
        assert_eq!(p.kind.as_deref(), Some("https://x/e"));
        assert_eq!(p.status, Some(404));
        assert_eq!(p.detail.as_deref(), Some("D"));
        assert_eq!(p.extensions.get("trace"), Some(&json!("t1")));
        assert_eq!(Problem::from_json(&json!({"message": "x"})), None);
        let p = Problem::from_json(
            &json!({"title": "T", "errors": [{"pointer": "/name", "detail": "bad"}]}),
        )
        .unwrap();
        assert_eq!(p.errors, one("/name", "bad"));
    }

    #[test]
    fn bodies_are_written_in_the_documented_shape() {
        let fields = one("name", "required");
        assert_eq!(
            write(&LARAVEL, 422, "required", &fields, None),
            json!({"message": "required", "errors": {"name": ["required"]}})
        );
        assert_eq!(
            write(&PROBLEM, 422, "invalid", &fields, None),
            json!({"type": "about:blank", "title": "Unprocessable Entity", "status": 422, "detail": "invalid", "errors": [{"location": "name", "message": "required"}]})
        );
        // A documented sample keeps its other members.
        let oxide = ErrorShape {
            problem: false,
            message: &["message"],
            fields: FieldErrors::None,
        };
        assert_eq!(
            write(
                &oxide,
                404,
                "gone",
                &FieldMessages::new(),
                Some(json!({"message": "x", "request_id": "r"}))
            ),
            json!({"message": "gone", "request_id": "r"})
        );
        // Each written body reads back.
        for shape in [LARAVEL, PROBLEM] {
            let body = write(&shape, 422, "m", &fields, None);
            assert_eq!(read_shaped(&shape, &body).unwrap().1, fields);
            assert_eq!(read_any(&body).1, fields);
        }
    }

    #[test]
    fn the_documented_error_of_a_status() {
        let e = |status, range| DocumentedError {
            status,
            range,
            shape: LARAVEL,
        };
        let errors = [e(Some(404), false), e(Some(400), true), e(None, false)];
        assert_eq!(DocumentedError::find(&errors, 404), Some(&errors[0]));
        assert_eq!(DocumentedError::find(&errors, 422), Some(&errors[1]));
        assert_eq!(DocumentedError::find(&errors, 500), Some(&errors[2]));
        assert_eq!(DocumentedError::find(&errors[..1], 500), None);
    }
}
