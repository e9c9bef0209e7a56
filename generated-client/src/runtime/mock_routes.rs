//! The mock's picture of the API (the `testing` feature): one
//! [`MockOperation`] per operation, which generated code fills in through
//! [`Mocked::describe`] (its parameters with their types, its body type, its
//! documented success status and example), and what the mock makes of a
//! request with it: which operation it is ([`route`]), and whether it is one
//! the spec allows ([`inspect`]: a known route, the required parameters
//! there and of the right type, a body that decodes into the body type, the
//! credentials its security requirement asks for).
//!
//! Types are checked by decoding, the way the client reads answers: each
//! parameter (from its text) and the body are read leniently
//! ([`lenient`](super::lenient)) into the Rust type the call takes; a value
//! that does not decode is a Laravel-style validation error naming the field.

use super::auth::{KeyIn, Scheme, SchemeKind, Security};
use super::decode::Answer;
use super::operation::{Operation, ResponseKind};
use super::problem::DocumentedError;
use super::receive::Receive;
use super::request::{Query, QueryStyle};
use percent_encoding::percent_decode_str;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Implemented by generated code for every operation struct: what the mock
/// needs to know about the operation beyond [`Operation`].
pub trait Mocked: Operation {
    /// Describe the operation's parameters, body and documented answer.
    fn describe(operation: &mut MockOperation);
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    /// The whole query string, one value whose fields are the query's
    /// pairs (OpenAPI 3.2's `in: querystring`, form-encoded).
    QueryString,
    Header,
    Cookie,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

/// Decodes a value leniently into a type and encodes it back (a value in
/// the type's own shape), or says why it does not decode.
type Check = fn(&Value) -> Result<Value, String>;
/// Decodes a whole answer as the client would for the operation.
type DecodeAnswer = fn(u16, &HeaderMap, &[u8]) -> Result<(), String>;

pub(crate) struct ParamSpec {
    pub(crate) wire: &'static str,
    pub(crate) location: ParamIn,
    pub(crate) required: bool,
    pub(crate) style: QueryStyle,
    /// The documented example, as JSON text.
    pub(crate) example: Option<&'static str>,
    pub(crate) check: Check,
    /// The Rust type, in words (`an integer`).
    pub(crate) expects: String,
}

pub(crate) struct BodySpec {
    pub(crate) media: BodyMedia,
    pub(crate) required: bool,
    pub(crate) example: Option<&'static str>,
    pub(crate) check: Check,
}

/// How the operation pages, so that a default answer can end a stream.
pub(crate) struct PagingSpec {
    /// The `offset` query parameter, for offset paging.
    pub(crate) offset: Option<&'static str>,
    /// The field of the answer (of `data`, in an envelope) holding the
    /// items; `None` when the answer is the list itself.
    pub(crate) items: Option<&'static str>,
}

/// A documented error response as the mock answers it: its status and
/// shape (from [`Operation::ERRORS`]) and its documented body, if any.
pub(crate) struct ErrorSpec {
    pub(crate) documented: DocumentedError,
    /// The body (its example, else one built from its schema), as JSON text.
    pub(crate) sample: Option<&'static str>,
}

/// One piece of a path segment of a template: text, or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Param(String),
}

/// One operation as the mock sees it. Built by [`MockOperation::of`] from
/// the operation's [`Operation`] constants and its [`Mocked::describe`].
pub struct MockOperation {
    pub(crate) id: &'static str,
    pub(crate) method: reqwest::Method,
    pub(crate) path: &'static str,
    pub(crate) kind: ResponseKind,
    /// How a test stubs it (`mock.smart_links().list_clicks()`), for messages.
    pub(crate) stub: &'static str,
    pub(crate) status: u16,
    /// The documented success body, as JSON text.
    pub(crate) example: Option<&'static str>,
    pub(crate) params: Vec<ParamSpec>,
    pub(crate) body: Option<BodySpec>,
    pub(crate) paging: Option<PagingSpec>,
    pub(crate) decode: DecodeAnswer,
    /// [`Operation::SECURITY`]: a request without what it asks for gets a 401.
    pub(crate) security: Security,
    /// The documented error responses.
    pub(crate) errors: Vec<ErrorSpec>,
    /// Which of `errors` carries field errors (where validation fails).
    pub(crate) validation: Option<usize>,
    template: Vec<Vec<Piece>>,
}

impl std::fmt::Debug for MockOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockOperation")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl MockOperation {
    /// The operation `O`, described.
    pub fn of<O: Mocked>() -> Self {
        let mut op = MockOperation {
            id: O::ID,
            method: super::operation::method(O::METHOD),
            path: O::PATH,
            kind: O::RESPONSE,
            stub: O::ID,
            status: 200,
            example: None,
            params: Vec::new(),
            body: None,
            paging: None,
            decode: decode_answer::<O>,
            security: O::SECURITY,
            errors: O::ERRORS
                .iter()
                .map(|d| ErrorSpec {
                    documented: *d,
                    sample: None,
                })
                .collect(),
            validation: None,
            template: template(O::PATH),
        };
        O::describe(&mut op);
        op
    }

    /// The operationId.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The HTTP method.
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }

    /// The path template (`/api/smart-link-postbacks/{postback_id}`).
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// How a test stubs the operation (`mock.smart_links().list_clicks()`).
    pub fn stub(&mut self, call: &'static str) -> &mut Self {
        self.stub = call;
        self
    }

    /// A parameter, of Rust type `T`; `example` is the documented one, as JSON text.
    pub fn param<T: DeserializeOwned + Serialize>(
        &mut self,
        wire: &'static str,
        location: ParamIn,
        required: bool,
        style: QueryStyle,
        example: Option<&'static str>,
    ) -> &mut Self {
        self.params.push(ParamSpec {
            wire,
            location,
            required,
            style,
            example,
            check: check::<T>,
            expects: expects(std::any::type_name::<T>()),
        });
        self
    }

    /// The request body, of Rust type `T`; `example` as JSON text.
    pub fn body<T: DeserializeOwned + Serialize>(
        &mut self,
        media: BodyMedia,
        required: bool,
        example: Option<&'static str>,
    ) -> &mut Self {
        self.body = Some(BodySpec {
            media,
            required,
            example,
            check: check::<T>,
        });
        self
    }

    /// The documented success status and body (JSON text, the whole body).
    pub fn answer(&mut self, status: u16, example: Option<&'static str>) -> &mut Self {
        self.status = status;
        self.example = example;
        self
    }

    /// The documented body of the error answered at `status` (`None`:
    /// `default`; `range`: `4XX`-style), as JSON text.
    pub fn error_body(
        &mut self,
        status: Option<u16>,
        range: bool,
        sample: &'static str,
    ) -> &mut Self {
        let spec = self
            .errors
            .iter_mut()
            .find(|e| e.documented.status == status && e.documented.range == range);
        if let Some(spec) = spec {
            spec.sample = Some(sample);
        }
        self
    }

    /// Validation fails with the documented error at `status` (`None`:
    /// `default`; `range`: `4XX`-style): the one whose body has field errors.
    pub fn validation(&mut self, status: Option<u16>, range: bool) -> &mut Self {
        self.validation = self
            .errors
            .iter()
            .position(|e| e.documented.status == status && e.documented.range == range);
        self
    }

    /// The documented error answered at `status`: exact, range, `default`.
    pub(crate) fn error_at(&self, status: u16) -> Option<&ErrorSpec> {
        let documented: Vec<DocumentedError> = self.errors.iter().map(|e| e.documented).collect();
        let found = DocumentedError::find(&documented, status)?;
        self.errors.iter().find(|e| e.documented == *found)
    }

    /// The operation pages: by this `offset` query parameter (if any), the
    /// items being this field of the answer (`None`: the answer is the list).
    pub fn pages(
        &mut self,
        offset: Option<&'static str>,
        items: Option<&'static str>,
    ) -> &mut Self {
        self.paging = Some(PagingSpec { offset, items });
        self
    }
}

fn check<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T = check_with_path(value)?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

fn decode_answer<O: Operation>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    let status = reqwest::StatusCode::from_u16(status).map_err(|e| e.to_string())?;
    let answer = Answer {
        status,
        headers: headers.clone(),
        body: bytes::Bytes::copy_from_slice(body),
        live: None,
    };
    <O::Output as Receive>::receive(O::ID, O::RESPONSE, answer)
        .and_then(|response| response.into_data().read_through())
        .map_err(|e| e.to_string())
}

/// A Rust type in the words of a validation message: `an integer`, `a list`.
fn expects(type_name: &str) -> String {
    let short = short_type(type_name);
    let inner = short
        .strip_prefix("Option<")
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(&short);
    match inner {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => "an integer".into(),
        "f32" | "f64" => "a number".into(),
        "bool" => "true or false".into(),
        "String" => "a string".into(),
        "DateTime" => "a date-time".into(),
        "Date" => "a date (YYYY-MM-DD)".into(),
        "Time" => "a time (hh:mm:ss)".into(),
        "Uuid" => "a UUID".into(),
        "Base64" => "base64 text".into(),
        "Value" => "a value".into(),
        t if t.starts_with("Vec<") => "a list".into(),
        t if t.starts_with("BTreeMap<") => "a map".into(),
        t => format!("a valid {t}"),
    }
}

/// `alloc::vec::Vec<crate::types::A>` → `Vec<A>`.
pub(crate) fn short_type(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            word.clear();
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            out.push_str(&word);
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&word);
    out
}

/// `/api/{account}/x` → segments of pieces.
fn template(path: &str) -> Vec<Vec<Piece>> {
    path.trim_start_matches('/')
        .split('/')
        .map(|segment| {
            let mut pieces = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                    break;
                };
                if open > 0 {
                    pieces.push(Piece::Text(rest[..open].to_string()));
                }
                pieces.push(Piece::Param(rest[open + 1..close].to_string()));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() {
                pieces.push(Piece::Text(rest.to_string()));
            }
            pieces
        })
        .collect()
}

/// Match one decoded path segment against its pieces, collecting parameter
/// values (each at least one character).
fn match_segment(pieces: &[Piece], text: &str, found: &mut Vec<(String, String)>) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Text(t), rest)) => text
            .strip_prefix(t.as_str())
            .is_some_and(|after| match_segment(rest, after, found)),
        Some((Piece::Param(name), rest)) => {
            // The shortest value that lets the rest match (a literal suffix such as `.json`).
            let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
            for end in ends {
                let mark = found.len();
                found.push((name.clone(), text[..end].to_string()));
                if match_segment(rest, &text[end..], found) {
                    return true;
                }
                found.truncate(mark);
            }
            false
        }
    }
}

/// How literal a template is: templates with more fixed text win
/// (`/users/me` over `/users/{id}`).
fn literal_weight(template: &[Vec<Piece>]) -> usize {
    template
        .iter()
        .flatten()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Param(_) => 0,
        })
        .sum()
}

/// Which operation a request is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// This operation, with its path parameters (wire name, decoded value).
    Found(usize, Vec<(String, String)>),
    /// The path is known, for other methods.
    OtherMethods(Vec<String>),
    Unknown,
}

/// The operation `method` + `path` (as sent, percent-encoded) is, the most
/// literal template winning.
pub(crate) fn route(ops: &[MockOperation], method: &str, path: &str) -> Route {
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    // (operation, literal weight, path parameters) of the best match so far.
    type Candidate = (usize, usize, Vec<(String, String)>);
    let mut best: Option<Candidate> = None;
    let mut others = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        if op.template.len() != segments.len() {
            continue;
        }
        let mut found = Vec::new();
        let fits = op
            .template
            .iter()
            .zip(&segments)
            .all(|(pieces, text)| match_segment(pieces, text, &mut found));
        if !fits {
            continue;
        }
        if op.method.as_str() != method {
            others.push(op.method.as_str().to_string());
            continue;
        }
        let weight = literal_weight(&op.template);
        if best.as_ref().is_none_or(|(_, w, _)| weight > *w) {
            best = Some((i, weight, found));
        }
    }
    match best {
        Some((i, _, found)) => Route::Found(i, found),
        None if !others.is_empty() => {
            others.sort();
            others.dedup();
            Route::OtherMethods(others)
        }
        None => Route::Unknown,
    }
}

/// What is wrong with a request, as the API would say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No credentials where the API wants them: 401.
    Unauthenticated,
    /// 422: a message and the errors by field.
    Invalid {
        message: String,
        errors: BTreeMap<String, Vec<String>>,
    },
}

/// A request, read against the operations: the parts the mock records and
/// matches stubs on, and what is wrong with it.
#[derive(Debug, Clone)]
pub(crate) struct Inspected {
    pub(crate) operation: Option<usize>,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) path_params: BTreeMap<String, String>,
    /// Query pairs, decoded, in order (an API key sent in the query is redacted).
    pub(crate) query: Vec<(String, String)>,
    /// Header values by lower-case name (credentials redacted).
    pub(crate) headers: Vec<(String, String)>,
    /// The body, decoded as its media type says (and in the body type's
    /// own shape when it decodes into it).
    pub(crate) body: Option<Value>,
    pub(crate) problem: Option<Refusal>,
}

const REDACTED: &str = "<redacted>";

/// Read `request` against `ops`; `schemes` are the API's security schemes
/// (whose credentials are redacted).
pub(crate) fn inspect(
    ops: &[MockOperation],
    schemes: &[&Scheme],
    method: &str,
    url: &reqwest::Url,
    headers: &HeaderMap,
    body: &[u8],
) -> Inspected {
    let query = query_redacted(url, schemes);
    let header_list = headers_redacted(headers, schemes);
    let mut inspected = Inspected {
        operation: None,
        method: method.to_string(),
        path: url.path().to_string(),
        path_params: BTreeMap::new(),
        query,
        headers: header_list,
        body: None,
        problem: None,
    };
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (index, found) = match route(ops, method, url.path()) {
        Route::Found(i, found) => (i, found),
        Route::OtherMethods(methods) => {
            inspected.body = raw_body(content_type, body);
            inspected.problem = Some(invalid(
                "route",
                format!(
                    "The mock's API has no {method} {}: that path takes {}.",
                    url.path(),
                    methods.join(", ")
                ),
            ));
            return inspected;
        }
        Route::Unknown => {
            inspected.body = raw_body(content_type, body);
            inspected.problem = Some(invalid(
                "route",
                format!(
                    "The mock's API has no operation for {method} {}: no path of the spec matches it.",
                    url.path()
                ),
            ));
            return inspected;
        }
    };
    let op = &ops[index];
    inspected.operation = Some(index);
    inspected.path_params = found.iter().cloned().collect();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    check_params(op, &inspected, headers, &mut errors);
    check_body(op, content_type, body, &mut inspected, &mut errors);
    if !errors.is_empty() {
        inspected.problem = Some(Refusal::Invalid {
            message: laravel_message(&errors),
            errors,
        });
    } else if !authenticated(op.security, url, headers) {
        inspected.problem = Some(Refusal::Unauthenticated);
    }
    inspected
}

/// The request carries what `security` asks for: the operation needs
/// nothing, or one alternative needs nothing, or every scheme of one
/// alternative is there.
fn authenticated(security: Security, url: &reqwest::Url, headers: &HeaderMap) -> bool {
    security.is_empty()
        || security
            .iter()
            .any(|alternative| alternative.iter().all(|s| presented(s, url, headers)))
}

/// The request carries a credential where `scheme` puts it (the mock
/// checks that one is there, not which).
fn presented(scheme: &Scheme, url: &reqwest::Url, headers: &HeaderMap) -> bool {
    let authorization = |prefix: &str| {
        headers
            .get(reqwest::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .is_some_and(|(p, rest)| p.eq_ignore_ascii_case(prefix) && !rest.trim().is_empty())
    };
    match scheme.kind {
        SchemeKind::Bearer | SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
            authorization("Bearer")
        }
        SchemeKind::Basic => authorization("Basic"),
        SchemeKind::Http(name) => authorization(name),
        SchemeKind::ApiKey(KeyIn::Header, name) => headers.get(name).is_some_and(|v| !v.is_empty()),
        SchemeKind::ApiKey(KeyIn::Query, name) => {
            url.query_pairs().any(|(k, v)| k == name && !v.is_empty())
        }
        SchemeKind::ApiKey(KeyIn::Cookie, name) => {
            cookie(headers, name).is_some_and(|v| !v.is_empty())
        }
    }
}

/// The query pairs, the values of credentials redacted.
fn query_redacted(url: &reqwest::Url, schemes: &[&Scheme]) -> Vec<(String, String)> {
    let secret = |k: &str| {
        schemes
            .iter()
            .any(|s| matches!(s.kind, SchemeKind::ApiKey(KeyIn::Query, n) if n == k))
    };
    url.query_pairs()
        .map(|(k, v)| {
            let value = if secret(&k) {
                REDACTED.to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), value)
        })
        .collect()
}

/// The headers, credentials redacted: `Authorization`, sensitive values,
/// the API keys' headers, and the values of the API keys' cookies.
fn headers_redacted(headers: &HeaderMap, schemes: &[&Scheme]) -> Vec<(String, String)> {
    let key_header = |name: &str| {
        schemes.iter().any(|s| {
            matches!(s.kind, SchemeKind::ApiKey(KeyIn::Header, h) if h.eq_ignore_ascii_case(name))
        })
    };
    let key_cookie = |name: &str| {
        schemes
            .iter()
            .any(|s| matches!(s.kind, SchemeKind::ApiKey(KeyIn::Cookie, n) if n == name))
    };
    headers
        .iter()
        .map(|(k, v)| {
            let name = k.as_str().to_string();
            let text = String::from_utf8_lossy(v.as_bytes());
            let value = if name == "cookie" {
                cookies_redacted(&text, key_cookie)
            } else if v.is_sensitive() || name == "authorization" || key_header(&name) {
                REDACTED.to_string()
            } else {
                text.into_owned()
            };
            (name, value)
        })
        .collect()
}

/// A `Cookie` header with the values of the cookies `secret` names redacted.
fn cookies_redacted(text: &str, secret: impl Fn(&str) -> bool) -> String {
    text.split(';')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if secret(k.trim()) => format!("{}={REDACTED}", k.trim()),
            _ => pair.trim().to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Each parameter of `op`: present when required, and of its type.
fn check_params(
    op: &MockOperation,
    inspected: &Inspected,
    headers: &HeaderMap,
    errors: &mut BTreeMap<String, Vec<String>>,
) {
    for p in &op.params {
        let value = match p.location {
            ParamIn::Path => inspected
                .path_params
                .get(p.wire)
                .cloned()
                .map(Value::String),
            ParamIn::Query => query_value(&inspected.query, p.wire, p.style),
            ParamIn::QueryString => (!inspected.query.is_empty()).then(|| {
                fields_object(
                    inspected
                        .query
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone()))),
                )
            }),
            ParamIn::Header => headers
                .get(p.wire)
                .and_then(|v| v.to_str().ok())
                .map(|v| Value::String(v.to_string())),
            ParamIn::Cookie => cookie(headers, p.wire).map(Value::String),
        };
        match value {
            None if p.required => errors
                .entry(p.wire.to_string())
                .or_default()
                .push(format!("The {} field is required.", p.wire)),
            None => {}
            Some(v) => {
                if let Err(why) = check_param(p, &v) {
                    errors.entry(p.wire.to_string()).or_default().push(format!(
                        "The {} field must be {} ({why}).",
                        p.wire, p.expects
                    ));
                }
            }
        }
    }
}

/// The body: present when required, read by its media type and checked
/// against the operation's type (kept typed in `inspected` when it is).
fn check_body(
    op: &MockOperation,
    content_type: &str,
    body: &[u8],
    inspected: &mut Inspected,
    errors: &mut BTreeMap<String, Vec<String>>,
) {
    match &op.body {
        Some(spec) => {
            let empty = body.iter().all(u8::is_ascii_whitespace);
            if empty {
                if spec.required {
                    errors
                        .entry("body".into())
                        .or_default()
                        .push("The request body is required.".into());
                }
            } else {
                match read_body(spec.media, content_type, body) {
                    Err(why) => errors.entry("body".into()).or_default().push(why),
                    Ok(value) => match (spec.check)(&value) {
                        Ok(typed) => inspected.body = Some(typed),
                        Err(why) => {
                            let (field, message) = body_error(&value, &why);
                            errors.entry(field).or_default().push(message);
                            inspected.body = Some(value);
                        }
                    },
                }
            }
        }
        None => inspected.body = raw_body(content_type, body),
    }
}

fn invalid(field: &str, message: String) -> Refusal {
    let mut errors = BTreeMap::new();
    errors.insert(field.to_string(), vec![message.clone()]);
    Refusal::Invalid { message, errors }
}

/// Laravel's summary: the first message, and how many more there are.
pub(crate) fn laravel_message(errors: &BTreeMap<String, Vec<String>>) -> String {
    let mut all = errors.values().flatten();
    let Some(first) = all.next() else {
        return "The given data was invalid.".into();
    };
    match all.count() {
        0 => first.clone(),
        1 => format!("{first} (and 1 more error)"),
        n => format!("{first} (and {n} more errors)"),
    }
}

/// A parameter value checked against its type: as it came, then (for a
/// single text) as a list of one, then (comma, space or pipe style) split
/// at its delimiter.
fn check_param(p: &ParamSpec, value: &Value) -> Result<Value, String> {
    let first = (p.check)(value);
    if first.is_ok() {
        return first;
    }
    if let Value::String(s) = value {
        let one = (p.check)(&Value::Array(vec![value.clone()]));
        if one.is_ok() {
            return one;
        }
        let delimiter = match p.style {
            QueryStyle::Csv => Some(','),
            QueryStyle::SpaceDelimited => Some(' '),
            QueryStyle::PipeDelimited => Some('|'),
            QueryStyle::Exploded | QueryStyle::DeepObject => None,
        };
        if let Some(d) = delimiter.filter(|d| s.contains(*d)) {
            let split = s.split(d).map(|x| Value::String(x.into())).collect();
            if let Ok(v) = (p.check)(&Value::Array(split)) {
                return Ok(v);
            }
        }
    }
    first
}

/// The value of a query parameter: its one value, its values as a list
/// (repeated), or `name[key]` pairs as an object (deepObject).
fn query_value(query: &[(String, String)], wire: &str, style: QueryStyle) -> Option<Value> {
    let values: Vec<&str> = query
        .iter()
        .filter(|(k, _)| k == wire)
        .map(|(_, v)| v.as_str())
        .collect();
    if style == QueryStyle::DeepObject || values.is_empty() {
        let prefix = format!("{wire}[");
        let mut object = Map::new();
        for (k, v) in query {
            if let Some(key) = k.strip_prefix(&prefix).and_then(|r| r.strip_suffix(']')) {
                object.insert(key.to_string(), Value::String(v.clone()));
            }
        }
        if !object.is_empty() {
            return Some(Value::Object(object));
        }
    }
    match values.as_slice() {
        [] => None,
        [one] => Some(Value::String(one.to_string())),
        many => Some(Value::Array(
            many.iter().map(|v| Value::String(v.to_string())).collect(),
        )),
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(reqwest::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k.trim() == name).then(|| v.trim().to_string())
        })
}

/// A body the operation does not describe, as well as it can be read.
fn raw_body(content_type: &str, body: &[u8]) -> Option<Value> {
    if body.is_empty() {
        return None;
    }
    let media = if content_type.contains("json") {
        BodyMedia::Json
    } else if content_type.contains("x-www-form-urlencoded") {
        BodyMedia::Form
    } else if content_type.contains("multipart/") {
        BodyMedia::Multipart
    } else if content_type.starts_with("text/") {
        BodyMedia::Text
    } else {
        BodyMedia::Bytes
    };
    read_body(media, content_type, body).ok()
}

/// A body as JSON, as its media type says: JSON as it is, a form or
/// multipart body as an object of its fields (repeated names as lists,
/// files by their names), text as a string.
pub(crate) fn read_body(
    media: BodyMedia,
    content_type: &str,
    body: &[u8],
) -> Result<Value, String> {
    match media {
        BodyMedia::Json => serde_json::from_slice(body)
            .map_err(|e| format!("The request body is not valid JSON ({e}).")),
        BodyMedia::Form => {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
                .map_err(|e| format!("The request body is not a valid form ({e})."))?;
            Ok(fields_object(
                pairs.into_iter().map(|(k, v)| (k, Value::String(v))),
            ))
        }
        BodyMedia::Multipart => {
            multipart(content_type, body).map(|parts| fields_object(parts.into_iter()))
        }
        BodyMedia::Text => Ok(Value::String(String::from_utf8_lossy(body).into_owned())),
        BodyMedia::Bytes => Ok(Value::String(format!("<{} bytes>", body.len()))),
    }
}

/// Fields as an object; a name given more than once (or ending in `[]`) is a list.
fn fields_object(fields: impl Iterator<Item = (String, Value)>) -> Value {
    let mut object = Map::new();
    for (name, value) in fields {
        let (name, list) = match name.strip_suffix("[]") {
            Some(n) => (n.to_string(), true),
            None => (name, false),
        };
        match object.get_mut(&name) {
            Some(Value::Array(items)) => items.push(value),
            Some(previous) => {
                let first = previous.take();
                *previous = Value::Array(vec![first, value]);
            }
            None if list => {
                object.insert(name, Value::Array(vec![value]));
            }
            None => {
                object.insert(name, value);
            }
        }
    }
    Value::Object(object)
}

/// The parts of a `multipart/form-data` body: text parts as text, file
/// parts as their file names.
fn multipart(content_type: &str, body: &[u8]) -> Result<Vec<(String, Value)>, String> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
        .ok_or("The multipart request body has no boundary.")?;
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(body);
    let mut parts = Vec::new();
    for chunk in text.split(delimiter.as_str()).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.strip_prefix("\r\n").unwrap_or(chunk);
        let Some((head, content)) = chunk.split_once("\r\n\r\n") else {
            return Err("A multipart part has no blank line after its headers.".into());
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
            .unwrap_or("");
        let attribute = |key: &str| {
            disposition.split(';').find_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                (k == key).then(|| v.trim_matches('"').to_string())
            })
        };
        let name = attribute("name").ok_or("A multipart part has no name.")?;
        let value = match attribute("filename") {
            Some(file) => Value::String(file),
            None => Value::String(content.to_string()),
        };
        parts.push((name, value));
    }
    Ok(parts)
}

/// A body decoding error as Laravel puts it: the field, and a message.
/// `missing field `url`` becomes `url: The url field is required.`.
fn body_error(_value: &Value, why: &str) -> (String, String) {
    let (at, rest) = match why.strip_prefix("at ").and_then(|r| r.split_once(": ")) {
        Some((path, rest)) => (path.trim_start_matches('.').to_string(), rest),
        None => (String::new(), why),
    };
    if let Some(field) = rest
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        let key = if at.is_empty() {
            field.to_string()
        } else {
            format!("{at}.{field}")
        };
        return (key.clone(), format!("The {key} field is required."));
    }
    let key = if at.is_empty() {
        "body".to_string()
    } else {
        at
    };
    (key.clone(), format!("The {key} field is invalid ({rest})."))
}

/// A body checked with the path of the failing field, for its error message.
pub(crate) fn check_with_path<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize(super::lenient::Lenient(value)).map_err(|e| {
        let path = e.path().to_string();
        if path.is_empty() || path == "." {
            e.into_inner().to_string()
        } else {
            format!("at {path}: {}", e.into_inner())
        }
    })
}

/// The values the stub matchers compare: a parameter rendered the way the
/// client sends it, as query pairs (or one path or header text).
pub(crate) fn rendered<T: Serialize + ?Sized>(
    wire: &str,
    value: &T,
    style: QueryStyle,
) -> Vec<(String, String)> {
    let mut q = Query::new();
    q.push(wire, value, style);
    q.pairs().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &'static str) -> MockOperation {
        MockOperation {
            id: "x",
            method: method.parse().unwrap(),
            path,
            kind: ResponseKind::Json,
            stub: "x",
            status: 200,
            example: None,
            params: Vec::new(),
            body: None,
            paging: None,
            decode: |_, _, _| Ok(()),
            security: &[],
            errors: Vec::new(),
            validation: None,
            template: template(path),
        }
    }

    #[test]
    fn credentials_are_checked_per_operation_and_redacted() {
        use super::super::auth::SchemeEnv;
        const fn scheme(name: &'static str, kind: SchemeKind) -> Scheme {
            Scheme {
                name,
                kind,
                env: SchemeEnv::NONE,
            }
        }
        const BEARER: Scheme = scheme("bearer", SchemeKind::Bearer);
        const KEY: Scheme = scheme("key", SchemeKind::ApiKey(KeyIn::Query, "api_key"));
        const SESSION: Scheme = scheme("session", SchemeKind::ApiKey(KeyIn::Cookie, "sid"));
        const SCHEMES: &[&Scheme] = &[&BEARER, &KEY, &SESSION];
        let mut public = op("GET", "/public");
        public.security = &[];
        let mut both = op("GET", "/both");
        both.security = &[&[&KEY, &SESSION], &[&BEARER]];
        let ops = [public, both];
        let check = |path: &str, headers: &[(&'static str, &str)]| {
            let url = reqwest::Url::parse(&format!("http://m{path}")).unwrap();
            let mut map = HeaderMap::new();
            for (k, v) in headers {
                map.insert(*k, v.parse().unwrap());
            }
            inspect(&ops, SCHEMES, "GET", &url, &map, b"")
        };
        assert_eq!(
            check("/public", &[]).problem,
            None,
            "security: [] asks nothing"
        );
        let unauthenticated = Some(Refusal::Unauthenticated);
        assert_eq!(check("/both", &[]).problem, unauthenticated);
        assert_eq!(
            check("/both?api_key=k", &[]).problem,
            unauthenticated,
            "half of AND"
        );
        let seen = check("/both?api_key=k&n=1", &[("cookie", "theme=dark; sid=s3")]);
        assert_eq!(seen.problem, None);
        assert_eq!(
            seen.query,
            [
                ("api_key".into(), REDACTED.into()),
                ("n".into(), "1".into())
            ]
        );
        assert_eq!(
            seen.headers,
            [("cookie".into(), format!("theme=dark; sid={REDACTED}"))]
        );
        assert_eq!(
            check("/both", &[("authorization", "Bearer t")]).problem,
            None
        );
        assert_eq!(
            check("/both", &[("authorization", "Basic t")]).problem,
            unauthenticated
        );
    }

    #[test]
    fn the_most_literal_route_wins() {
        let ops = vec![
            op("GET", "/users/{id}"),
            op("GET", "/users/me"),
            op("GET", "/files/{name}.json"),
            op("PATCH", "/users/{id}"),
        ];
        assert_eq!(route(&ops, "GET", "/users/me"), Route::Found(1, vec![]));
        assert_eq!(
            route(&ops, "GET", "/users/a%20b"),
            Route::Found(0, vec![("id".into(), "a b".into())])
        );
        assert_eq!(
            route(&ops, "GET", "/files/report.v2.json"),
            Route::Found(2, vec![("name".into(), "report.v2".into())])
        );
        assert_eq!(
            route(&ops, "DELETE", "/users/1"),
            Route::OtherMethods(vec!["GET".into(), "PATCH".into()])
        );
        assert_eq!(route(&ops, "GET", "/users"), Route::Unknown);
        assert_eq!(route(&ops, "GET", "/users/1/x"), Route::Unknown);
        assert_eq!(
            route(&ops, "GET", "/files/.json"),
            Route::Unknown,
            "a parameter is never empty"
        );
    }

    #[test]
    fn a_querystring_parameter_is_the_whole_query() {
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Filter {
            origin: String,
            #[serde(default)]
            nonstop: Option<bool>,
        }
        let mut query = op("QUERY", "/flights");
        query.param::<Filter>(
            "filter",
            ParamIn::QueryString,
            true,
            QueryStyle::Exploded,
            None,
        );
        let ops = vec![query];
        let url = |q: &str| reqwest::Url::parse(&format!("http://mock/flights{q}")).unwrap();
        let at =
            |method: &str, q: &str| inspect(&ops, &[], method, &url(q), &HeaderMap::new(), b"");
        let ok = at("QUERY", "?origin=ATL&nonstop=true");
        assert_eq!(ok.problem, None);
        assert_eq!(ok.operation, Some(0));
        for q in ["", "?nonstop=true"] {
            assert!(
                matches!(at("QUERY", q).problem, Some(Refusal::Invalid { .. })),
                "{q}"
            );
        }
        // QUERY is a method of its own.
        let get = at("GET", "?origin=ATL");
        assert!(
            matches!(&get.problem, Some(Refusal::Invalid { message, .. }) if message.contains("takes QUERY")),
            "{:?}",
            get.problem
        );
    }

    #[test]
    fn types_read_as_words() {
        assert_eq!(
            short_type("alloc::vec::Vec<my_api::types::Pet>"),
            "Vec<Pet>"
        );
        assert_eq!(expects("i64"), "an integer");
        assert_eq!(expects("core::option::Option<bool>"), "true or false");
        assert_eq!(expects("alloc::vec::Vec<i64>"), "a list");
        assert_eq!(expects("my_api::types::Scope"), "a valid Scope");
        assert_eq!(expects("my_api::runtime::formats::Uuid"), "a UUID");
    }

    #[test]
    fn typed_format_parameters_travel_as_their_text() {
        use super::super::formats::{DateTime, Uuid};
        use serde_json::json;
        let at: DateTime = "2024-01-31 21:45:00".parse().unwrap();
        assert_eq!(
            rendered("since", &Some(at), QueryStyle::Exploded),
            [("since".to_string(), "2024-01-31 21:45:00".to_string())]
        );
        let mut o = op("GET", "/x");
        o.param::<DateTime>("since", ParamIn::Query, true, QueryStyle::Exploded, None);
        o.param::<Option<Vec<Uuid>>>("ids", ParamIn::Query, false, QueryStyle::Csv, None);
        let since = &o.params[0];
        assert_eq!(since.expects, "a date-time");
        let offset = json!("2024-01-31T21:45:00+01:00");
        assert_eq!(check_param(since, &offset), Ok(offset));
        assert!(check_param(since, &json!("yesterday"))
            .unwrap_err()
            .contains("expected a date-time"));
        let (upper, lower) = (
            "67E55044-10B1-426F-9247-BB680E5FE0C8",
            "67e5504410b1426f9247bb680e5fe0c8",
        );
        assert_eq!(
            check_param(&o.params[1], &json!(format!("{upper},{lower}"))),
            Ok(json!([upper, lower]))
        );
    }

    #[test]
    fn body_errors_name_the_field() {
        let v = Value::Null;
        assert_eq!(
            body_error(&v, "missing field `url`"),
            ("url".into(), "The url field is required.".into())
        );
        assert_eq!(
            body_error(&v, "at headers[0]: missing field `name`"),
            (
                "headers[0].name".into(),
                "The headers[0].name field is required.".into()
            )
        );
        assert_eq!(
            body_error(&v, "at .limit: invalid type: string \"x\", expected i64"),
            (
                "limit".into(),
                "The limit field is invalid (invalid type: string \"x\", expected i64).".into()
            )
        );
    }

    #[test]
    fn bodies_are_read_as_their_media_says() {
        assert_eq!(
            read_body(BodyMedia::Form, "", b"a=1&b=x&b=y&c%5B%5D=z").unwrap(),
            serde_json::json!({"a": "1", "b": ["x", "y"], "c": ["z"]})
        );
        let body = "--XYZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x01\x02\r\n--XYZ--\r\n";
        assert_eq!(
            read_body(
                BodyMedia::Multipart,
                "multipart/form-data; boundary=XYZ",
                body.as_bytes()
            )
            .unwrap(),
            serde_json::json!({"title": "Hello", "file": "a.png"})
        );
        assert!(read_body(BodyMedia::Multipart, "multipart/form-data", b"x").is_err());
        assert!(read_body(BodyMedia::Json, "", b"{")
            .unwrap_err()
            .contains("not valid JSON"));
    }

    #[test]
    fn laravel_summaries() {
        let mut e = BTreeMap::new();
        e.insert(
            "a".to_string(),
            vec!["The a field is required.".to_string()],
        );
        assert_eq!(laravel_message(&e), "The a field is required.");
        e.insert("b".to_string(), vec!["x".to_string(), "y".to_string()]);
        assert_eq!(
            laravel_message(&e),
            "The a field is required. (and 2 more errors)"
        );
    }
}
