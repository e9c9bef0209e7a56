//! Encoding a request: path segments, query strings, headers and bodies.
//! Values arrive as anything `Serialize` and are rendered the way OpenAPI's
//! parameter styles say (numbers and booleans as text, arrays repeated or
//! comma-joined, objects as `name[key]=value`).

use super::error::Error;
use super::upload::{File, Multipart};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// RFC 3986 unreserved characters stay; everything else in a path segment is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A scalar as text: strings as they are, numbers and booleans printed, null as nothing.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// A value as one piece of text (`simple` style): lists comma-joined; `None` for null.
fn simple_text<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    match serde_json::to_value(value).unwrap_or(Value::Null) {
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(scalar_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => scalar_text(&other),
    }
}

/// Append one percent-encoded path parameter to `path`.
pub fn push_path_segment<T: Serialize + ?Sized>(path: &mut String, value: &T) {
    let text = simple_text(value).unwrap_or_default();
    path.extend(utf8_percent_encode(&text, SEGMENT));
}

/// How a query parameter holding a list or object is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `name=a&name=b` (OpenAPI's default).
    Exploded,
    /// `name=a,b`.
    Csv,
    /// `name=a%20b` (OpenAPI's `spaceDelimited`).
    SpaceDelimited,
    /// `name=a|b` (OpenAPI's `pipeDelimited`).
    PipeDelimited,
    /// `name[key]=value`.
    DeepObject,
}

/// Query pairs of a request, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `value` under `name`; `None`/null adds nothing.
    pub fn push<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle) {
        let v = serde_json::to_value(value).unwrap_or(Value::Null);
        self.push_value(name, &v, style);
    }

    fn push_value(&mut self, name: &str, v: &Value, style: QueryStyle) {
        match v {
            Value::Null => {}
            Value::Array(items) => match style {
                QueryStyle::Csv | QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                    let separator = match style {
                        QueryStyle::SpaceDelimited => " ",
                        QueryStyle::PipeDelimited => "|",
                        _ => ",",
                    };
                    let joined = items
                        .iter()
                        .filter_map(scalar_text)
                        .collect::<Vec<_>>()
                        .join(separator);
                    self.pairs.push((name.to_string(), joined));
                }
                QueryStyle::DeepObject => {
                    for (i, item) in items.iter().enumerate() {
                        self.push_value(&format!("{name}[{i}]"), item, style);
                    }
                }
                QueryStyle::Exploded => {
                    for item in items {
                        if let Some(t) = scalar_text(item) {
                            self.pairs.push((name.to_string(), t));
                        }
                    }
                }
            },
            Value::Object(map) => {
                for (k, item) in map {
                    let key = match style {
                        QueryStyle::DeepObject => format!("{name}[{k}]"),
                        _ => k.clone(),
                    };
                    self.push_value(&key, item, style);
                }
            }
            scalar => {
                if let Some(t) = scalar_text(scalar) {
                    self.pairs.push((name.to_string(), t));
                }
            }
        }
    }

    /// The whole query string from one value (OpenAPI 3.2's `in:
    /// querystring` with a form media type): an object's fields, written
    /// as a form body's are (lists repeated); `None`/null, or a value that
    /// is not an object, adds nothing.
    pub fn push_form<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Ok(Value::Object(map)) = serde_json::to_value(value) {
            for (k, item) in &map {
                self.push_value(k, item, QueryStyle::Exploded);
            }
        }
    }

    /// Add a raw pair.
    pub fn push_raw(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// Header parameters of a request, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    pairs: Vec<(String, String)>,
}

impl Headers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `value` under `name`; `None`/null adds nothing; lists are comma-joined.
    pub fn push<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(text) = simple_text(value) else {
            return;
        };
        self.pairs.push((name.to_string(), text));
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

/// The body of a request, ready to send. [`Operation::body`](super::Operation::body)
/// builds one for every attempt, so a retry sends a fresh body (a file on
/// disk is opened again).
#[derive(Debug, Clone)]
pub enum RequestBody {
    Empty,
    Json(Vec<u8>),
    Form(Vec<(String, String)>),
    Text(String),
    Bytes(bytes::Bytes),
    /// A raw binary body (`application/octet-stream` unless the file says otherwise).
    File(File),
    /// `multipart/form-data`.
    Multipart(Multipart),
}

impl RequestBody {
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        serde_json::to_vec(value)
            .map(RequestBody::Json)
            .map_err(|e| Error::config(format!("cannot serialize the request body: {e}")))
    }

    /// `application/x-www-form-urlencoded`: fields written like query parameters.
    pub fn form<T: Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        let mut q = Query::new();
        let v = serde_json::to_value(value)
            .map_err(|e| Error::config(format!("cannot serialize the form body: {e}")))?;
        match v {
            Value::Object(map) => {
                for (k, item) in &map {
                    q.push_value(k, item, QueryStyle::Exploded);
                }
            }
            other => q.push_value("body", &other, QueryStyle::Exploded),
        }
        Ok(RequestBody::Form(q.pairs))
    }

    /// `multipart/form-data` from any serializable value: each field a text
    /// part. The generator emits [`Multipart`] part by part instead wherever it
    /// knows the body's fields, so that files become file parts.
    pub fn multipart<T: Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        Ok(RequestBody::Multipart(Multipart::from_value(value)))
    }

    pub fn text<T: fmt::Display + ?Sized>(value: &T) -> Result<Self, Error> {
        Ok(RequestBody::Text(value.to_string()))
    }

    /// A file as the whole body.
    pub fn bytes(value: &File) -> Result<Self, Error> {
        Ok(RequestBody::File(value.clone()))
    }

    /// False when the body holds a stream that can be sent once.
    pub fn is_replayable(&self) -> bool {
        match self {
            RequestBody::File(f) => f.is_replayable(),
            RequestBody::Multipart(m) => m.is_replayable(),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_querystring_value_is_its_fields() {
        let mut q = Query::new();
        q.push_form(
            &json!({"origin": "ATL", "cabin": ["economy", "first"], "nonstop": true, "gone": null}),
        );
        let mut pairs = q.pairs().to_vec();
        pairs.sort();
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            pairs,
            [
                pair("cabin", "economy"),
                pair("cabin", "first"),
                pair("nonstop", "true"),
                pair("origin", "ATL"),
            ]
        );
        let mut q = Query::new();
        q.push_form(&None::<i32>);
        q.push_form("text");
        assert!(q.is_empty());
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        let mut p = String::from("/api/");
        push_path_segment(&mut p, "a b/c?d#e%f");
        assert_eq!(p, "/api/a%20b%2Fc%3Fd%23e%25f");
        let mut p = String::new();
        push_path_segment(&mut p, &123_i64);
        assert_eq!(p, "123");
        let mut p = String::new();
        push_path_segment(&mut p, "acct_X-1.2~");
        assert_eq!(p, "acct_X-1.2~");
    }

    #[test]
    fn typed_formats_are_sent_as_the_text_they_hold() {
        use super::super::formats::{Base64, DateTime, Uuid};
        let at: DateTime = "2024-01-31T21:45:00+01:00".parse().unwrap();
        let id: Uuid = "67E55044-10B1-426F-9247-BB680E5FE0C8".parse().unwrap();
        let mut p = String::from("/events/");
        push_path_segment(&mut p, &id);
        assert_eq!(p, "/events/67E55044-10B1-426F-9247-BB680E5FE0C8");
        let mut q = Query::new();
        q.push("since", &Some(at), QueryStyle::Exploded);
        q.push("ids", &vec![id, id], QueryStyle::Csv);
        let id_text = "67E55044-10B1-426F-9247-BB680E5FE0C8";
        assert_eq!(
            q.pairs(),
            [
                ("since".into(), "2024-01-31T21:45:00+01:00".into()),
                ("ids".into(), format!("{id_text},{id_text}"))
            ]
        );
        let laravel: DateTime = "2024-01-31 21:45:00".parse().unwrap();
        let body = json!({"at": laravel, "note": Base64::new(*b"hi")});
        let RequestBody::Form(pairs) = RequestBody::form(&body).unwrap() else {
            panic!("a form body");
        };
        assert_eq!(
            pairs,
            [
                ("at".to_string(), "2024-01-31 21:45:00".to_string()),
                ("note".to_string(), "aGk=".to_string())
            ]
        );
        let mut headers = Headers::new();
        headers.push("If-Modified-Since", &at);
        assert_eq!(headers.pairs()[0].1, "2024-01-31T21:45:00+01:00");
    }

    #[test]
    fn query_styles() {
        let mut q = Query::new();
        q.push("limit", &Some(10_i64), QueryStyle::Exploded);
        q.push("none", &None::<i64>, QueryStyle::Exploded);
        q.push("flag", &true, QueryStyle::Exploded);
        q.push("ids", &vec![1, 2], QueryStyle::Exploded);
        q.push("tags", &vec!["a", "b"], QueryStyle::Csv);
        q.push("words", &vec!["a", "b"], QueryStyle::SpaceDelimited);
        q.push("pipes", &vec![1, 2], QueryStyle::PipeDelimited);
        q.push(
            "filter",
            &json!({"status": "active"}),
            QueryStyle::DeepObject,
        );
        let got: Vec<(&str, &str)> = q
            .pairs()
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("limit", "10"),
                ("flag", "true"),
                ("ids", "1"),
                ("ids", "2"),
                ("tags", "a,b"),
                ("words", "a b"),
                ("pipes", "1|2"),
                ("filter[status]", "active")
            ]
        );
    }
}
