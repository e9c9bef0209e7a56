//! One error type for every failure, classified by [`ErrorKind`]. An error
//! from the server keeps its status, headers and raw body, with its message
//! and errors by field read in the shape the spec documents for that status
//! (else in the shapes APIs commonly use: see `problem`); the API key never
//! appears in an error (URLs are stripped from transport errors).
//!
//! A call returns `Error<E>`: `E` is the type its documented error bodies
//! decode into (generated per operation: one type, or an enum by status),
//! read with [`Error::documented`]. Code that does not care converts it to
//! the plain `Error` (`?` does), which is `Error<Untyped>`.

use super::problem::{self, DocumentedError, FieldMessages, Problem};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

/// The error bodies of an operation that documents none: an `Error` of it
/// has no [`Error::documented`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untyped {}

/// A type an error body is read into ([`Error::documented`]): any type
/// serde reads (one documented error type), or a generated enum that reads
/// the type documented for the answer's status.
pub trait ErrorBody: Sized {
    /// The body of an answer with `status`, if it reads as `Self`.
    fn read(status: u16, body: &[u8]) -> Option<Self>;
}

impl<T: DeserializeOwned> ErrorBody for T {
    fn read(_status: u16, body: &[u8]) -> Option<Self> {
        super::lenient::from_slice(body).ok()
    }
}

/// What went wrong, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400.
    BadRequest,
    /// 401: missing or wrong API key.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 422: the request did not validate; see [`Error::validation_errors`].
    Unprocessable,
    /// 429: over the rate limit; see [`Error::retry_after`].
    RateLimited,
    /// 5xx.
    Server,
    /// Any other non-success status.
    Status,
    /// The request or the response took longer than the timeout.
    Timeout,
    /// No connection could be made, or it broke.
    Connection,
    /// A success response whose body does not match the expected type.
    Decode,
    /// The request could not be built (a header value that is not valid, say).
    Request,
    /// The client is misconfigured (no API key in the environment, a bad base URL).
    Config,
}

impl ErrorKind {
    /// The kind for a non-success HTTP status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            408 => ErrorKind::Timeout,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::Unprocessable,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Status,
        }
    }
}

/// An error from a call. Carries the operation, and for server answers the
/// status, headers and raw body (with its message and field errors read as
/// the spec documents them). `E`: what its documented error bodies decode
/// into ([`Error::documented`]); `Error` alone is `Error<Untyped>`, which
/// every `Error<E>` converts into.
pub struct Error<E = Untyped>(Box<Inner>, PhantomData<fn() -> E>);

impl<E: ErrorBody> From<Error<E>> for Error {
    fn from(e: Error<E>) -> Self {
        Error(e.0, PhantomData)
    }
}

struct Inner {
    kind: ErrorKind,
    operation: Option<&'static str>,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<bytes::Bytes>,
    message: Option<String>,
    validation: FieldMessages,
    /// The body is RFC 9457 problem details (its content type, or the
    /// documented shape, says so).
    problem: bool,
    retry_after: Option<Duration>,
    /// Requests sent for this call, retries included (0 when none was sent).
    attempts: u32,
    /// The request certainly never reached the server (the connection could
    /// not be made), so even a non-idempotent request is safe to send again.
    not_sent: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// How much of a body an error message quotes.
const EXCERPT: usize = 300;

impl Error {
    fn wrap(inner: Inner) -> Self {
        Error(Box::new(inner), PhantomData)
    }

    /// This error, as the error of a call whose error bodies are `E`.
    pub(crate) fn typed<E>(self) -> Error<E> {
        Error(self.0, PhantomData)
    }

    fn blank(kind: ErrorKind) -> Inner {
        Inner {
            kind,
            operation: None,
            status: None,
            headers: None,
            body: None,
            message: None,
            validation: BTreeMap::new(),
            problem: false,
            retry_after: None,
            attempts: 0,
            not_sent: false,
            source: None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::wrap(Inner {
            message: Some(message.into()),
            ..Error::blank(ErrorKind::Config)
        })
    }

    pub(crate) fn request(operation: &'static str, message: impl Into<String>) -> Self {
        Error::wrap(Inner {
            operation: Some(operation),
            message: Some(message.into()),
            ..Error::blank(ErrorKind::Request)
        })
    }

    /// A request that could not be built because of a local I/O failure
    /// (an upload file that cannot be opened, say).
    pub(crate) fn io(
        operation: &'static str,
        message: impl Into<String>,
        err: std::io::Error,
    ) -> Self {
        Error::wrap(Inner {
            operation: Some(operation),
            message: Some(message.into()),
            source: Some(Box::new(err)),
            ..Error::blank(ErrorKind::Request)
        })
    }

    /// A transport failure (connect, timeout, broken body).
    pub(crate) fn transport(operation: &'static str, err: reqwest::Error) -> Self {
        let kind = if err.is_timeout() {
            ErrorKind::Timeout
        } else if err.is_builder() {
            ErrorKind::Request
        } else {
            ErrorKind::Connection
        };
        let not_sent = err.is_connect();
        // Never keep the URL: with query-string auth it would carry the key.
        let err = err.without_url();
        Error::wrap(Inner {
            operation: Some(operation),
            not_sent,
            source: Some(Box::new(err)),
            ..Error::blank(kind)
        })
    }

    /// No answer within `limit` (a streamed call's wait for the answer's head).
    pub(crate) fn timeout(operation: &'static str, limit: Duration) -> Self {
        Error::wrap(Inner {
            operation: Some(operation),
            message: Some(format!("no answer within {} ms", limit.as_millis())),
            ..Error::blank(ErrorKind::Timeout)
        })
    }

    /// Record how many requests the call sent.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.0.attempts = attempts;
        self
    }

    /// True when the request never reached the server (no connection was made).
    pub(crate) fn not_sent(&self) -> bool {
        self.0.not_sent
    }

    /// A non-success answer from the server; `documented`: the operation's
    /// documented error responses (their body shapes).
    pub(crate) fn from_status(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: bytes::Bytes,
        documented: &[DocumentedError],
    ) -> Self {
        let mut e = Error::blank(ErrorKind::from_status(status));
        e.operation = Some(operation);
        e.status = Some(status);
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let doc = DocumentedError::find(documented, status.as_u16());
        e.problem = problem::is_problem_media(content_type) || doc.is_some_and(|d| d.shape.problem);
        if let Ok(json) = serde_json::from_slice::<serde_json::Value>(&body) {
            let read = doc.and_then(|d| problem::read_shaped(&d.shape, &json));
            (e.message, e.validation) = read.unwrap_or_else(|| problem::read_any(&json));
        }
        let remaining = super::conventions::MetadataHeaders::of_api().rate_limit_remaining;
        e.retry_after = retry_after(&headers).or_else(|| {
            (status == StatusCode::TOO_MANY_REQUESTS)
                .then(|| remaining.and_then(|name| minute_window(&headers, name)))
                .flatten()
        });
        e.headers = Some(headers);
        e.body = Some(body);
        Error::wrap(e)
    }

    /// A success answer whose body does not decode.
    pub(crate) fn decode(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: bytes::Bytes,
        err: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::wrap(Inner {
            operation: Some(operation),
            status: Some(status),
            headers: Some(headers),
            body: Some(body),
            source: Some(Box::new(err)),
            ..Error::blank(ErrorKind::Decode)
        })
    }
}

impl<E: ErrorBody> Error<E> {
    /// The body, read as the type the spec documents for this operation's
    /// error at this status (`None` when the server did not answer, or
    /// answered with a body of another shape).
    pub fn documented(&self) -> Option<E> {
        E::read(self.0.status?.as_u16(), self.0.body.as_deref()?)
    }
}

impl<E> Error<E> {
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The plain `Error` (what `?` converts to).
    pub fn untyped(self) -> Error {
        Error(self.0, PhantomData)
    }

    /// The body as RFC 9457 problem details, when it is some
    /// (`application/problem+json`, or the shape the spec documents).
    pub fn problem(&self) -> Option<Problem> {
        if !self.0.problem {
            return None;
        }
        let json = serde_json::from_slice(self.0.body.as_deref()?).ok()?;
        Problem::from_json(&json)
    }

    /// The operationId of the call that failed.
    pub fn operation(&self) -> Option<&'static str> {
        self.0.operation
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.0.status
    }

    /// The response headers, when the server answered.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.0.headers.as_ref()
    }

    /// The raw response body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        self.0.body.as_deref()
    }

    /// The body as text (lossy), when the server answered.
    pub fn body_text(&self) -> Option<String> {
        self.0
            .body
            .as_ref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// Decode the error body into a type of your choice ([`Error::documented`]
    /// reads the type the spec documents).
    pub fn body_json<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Option<Result<T, serde_json::Error>> {
        self.0.body.as_ref().map(|b| super::lenient::from_slice(b))
    }

    /// What the server's error body says went wrong (its `message`, a
    /// problem's `detail` or `title`, whichever property the spec documents
    /// for it), or our own explanation.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// Field → messages, from the error body's errors by field in whatever
    /// form the spec documents (Laravel's `errors` map, a problem's or
    /// GitHub's list); empty when it has none.
    pub fn validation_errors(&self) -> &BTreeMap<String, Vec<String>> {
        &self.0.validation
    }

    /// How long the server asked us to wait: `Retry-After` (seconds or an
    /// HTTP date), else a rate-limit reset header, else, for a 429 saying
    /// `x-rate-limit-remaining-minute: 0`, the time to the next minute window.
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// How many requests the call sent, retries included: 1 when it was not
    /// retried, 0 when it failed before sending anything (a bad URL, say).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// True for failures worth retrying: connection errors, timeouts, 408,
    /// 429, 5xx except 501 Not Implemented and 505 (a server that cannot do
    /// what was asked will not do it on a second try).
    pub fn is_retryable(&self) -> bool {
        let permanent = matches!(self.0.status.map(|s| s.as_u16()), Some(501 | 505));
        !permanent
            && matches!(
                self.0.kind,
                ErrorKind::Connection
                    | ErrorKind::Timeout
                    | ErrorKind::RateLimited
                    | ErrorKind::Server
            )
    }

    fn excerpt(&self) -> Option<String> {
        let text = self.body_text()?;
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let mut cut = text.len().min(EXCERPT);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        Some(if cut < text.len() {
            format!("{}…", &text[..cut])
        } else {
            text.to_string()
        })
    }
}

/// `Retry-After` in seconds or as an HTTP date; else the rate-limit reset header.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(v) = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        if let Ok(secs) = v.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Ok(secs) = v.parse::<f64>() {
            if secs.is_finite() && secs >= 0.0 {
                return Some(Duration::from_secs_f64(secs));
            }
        }
        if let Ok(when) = httpdate::parse_http_date(v) {
            return Some(
                when.duration_since(std::time::SystemTime::now())
                    .unwrap_or(Duration::ZERO),
            );
        }
    }
    for name in ["x-ratelimit-reset-after", "x-rate-limit-reset-after"] {
        if let Some(secs) = headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
        {
            if secs.is_finite() && secs >= 0.0 {
                return Some(Duration::from_secs_f64(secs));
            }
        }
    }
    None
}

/// For a 429 whose requests-left-this-minute header (`remaining`, the API's
/// own: `x-rate-limit-remaining-minute` for OnlyFans) is 0 and that says no
/// more: the wait until the next minute window opens. The limit "resets every
/// minute"; the minute is read from the server's `Date` when it sent one (so
/// our clock's skew does not matter), else from ours.
pub(crate) fn minute_window(headers: &HeaderMap, remaining: &str) -> Option<Duration> {
    let remaining = headers
        .get(remaining)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())?;
    if remaining > 0.0 {
        return None;
    }
    let now = headers
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v.trim()).ok())
        .unwrap_or_else(std::time::SystemTime::now);
    let into_minute = now
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| Duration::from_millis(d.as_millis() as u64 % 60_000))
        .unwrap_or(Duration::ZERO);
    Some(Duration::from_secs(60) - into_minute)
}

impl<E> Error<E> {
    fn write_kind(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.kind {
            ErrorKind::Decode => {
                write!(f, "could not decode the response")?;
                if let Some(s) = self.0.status {
                    write!(f, " (status {s})")?;
                }
                if let Some(src) = &self.0.source {
                    write!(f, ": {src}")?;
                }
                if let Some(ex) = self.excerpt() {
                    write!(f, "; body: {ex}")?;
                }
                Ok(())
            }
            _ if self.0.status.is_some() => {
                let s = self.0.status.expect("checked");
                write!(f, "HTTP {s}")?;
                if let Some(m) = &self.0.message {
                    write!(f, ": {m}")?;
                } else if let Some(ex) = self.excerpt() {
                    write!(f, "; body: {ex}")?;
                }
                if let Some(wait) = self.0.retry_after {
                    write!(f, " (retry after {:.1} s)", wait.as_secs_f64())?;
                }
                Ok(())
            }
            kind => {
                let what = match kind {
                    ErrorKind::Timeout => "timed out",
                    ErrorKind::Connection => "connection failed",
                    ErrorKind::Request => "invalid request",
                    ErrorKind::Config => "client configuration",
                    _ => "error",
                };
                write!(f, "{what}")?;
                if let Some(m) = &self.0.message {
                    write!(f, ": {m}")?;
                }
                if let Some(src) = &self.0.source {
                    write!(f, ": {src}")?;
                }
                Ok(())
            }
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.0.operation {
            write!(f, "{op}: ")?;
        }
        self.write_kind(f)?;
        if self.0.attempts > 1 {
            write!(f, " (after {} attempts)", self.0.attempts)?;
        }
        Ok(())
    }
}

impl<E> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("operation", &self.0.operation)
            .field("status", &self.0.status)
            .field("message", &self.0.message)
            .field("validation", &self.0.validation)
            .field("retry_after", &self.0.retry_after)
            .field("attempts", &self.0.attempts)
            .field("body", &self.excerpt())
            .field("source", &self.0.source)
            .finish()
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(
            retry_after(&headers(&[("retry-after", "7")])),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(&[(
                "retry-after",
                "Sun, 06 Nov 1994 08:49:37 GMT"
            )])),
            Some(Duration::ZERO),
            "a date in the past: no wait"
        );
        let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
        let wait = retry_after(&headers(&[("retry-after", &later)])).unwrap();
        assert!(
            wait > Duration::from_secs(28) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")])), None);
    }

    const RL: &str = "x-rate-limit-remaining-minute";

    #[test]
    fn the_minute_window_after_a_429_with_nothing_left() {
        let h = headers(&[
            ("x-rate-limit-remaining-minute", "0"),
            ("date", "Sun, 06 Nov 1994 08:49:37 GMT"),
        ]);
        assert_eq!(minute_window(&h, RL), Some(Duration::from_secs(23)));
        let h = headers(&[
            ("x-rate-limit-remaining-minute", "0"),
            ("date", "Sun, 06 Nov 1994 08:49:00 GMT"),
        ]);
        assert_eq!(minute_window(&h, RL), Some(Duration::from_secs(60)));
        let h = headers(&[("x-rate-limit-remaining-minute", "3")]);
        assert_eq!(minute_window(&h, RL), None, "requests left: not the limit");
        let wait = minute_window(&headers(&[("x-rate-limit-remaining-minute", "0")]), RL).unwrap();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60));

        // Only for a 429, and Retry-After wins.
        let e = Error::from_status(
            "op",
            StatusCode::TOO_MANY_REQUESTS,
            headers(&[
                ("x-rate-limit-remaining-minute", "0"),
                ("date", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ]),
            bytes::Bytes::new(),
            &[],
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(23)));
        let e = Error::from_status(
            "op",
            StatusCode::TOO_MANY_REQUESTS,
            headers(&[("x-rate-limit-remaining-minute", "0"), ("retry-after", "2")]),
            bytes::Bytes::new(),
            &[],
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
        let e = Error::from_status(
            "op",
            StatusCode::SERVICE_UNAVAILABLE,
            headers(&[("x-rate-limit-remaining-minute", "0")]),
            bytes::Bytes::new(),
            &[],
        );
        assert_eq!(e.retry_after(), None);
    }

    fn answer(content_type: &str, body: &str, documented: &[DocumentedError]) -> Error {
        Error::from_status(
            "op",
            StatusCode::UNPROCESSABLE_ENTITY,
            headers(&[("content-type", content_type)]),
            bytes::Bytes::copy_from_slice(body.as_bytes()),
            documented,
        )
    }

    #[test]
    fn problem_details_are_read_without_documentation() {
        let e = answer(
            "application/problem+json",
            r#"{"title":"Unprocessable Entity","status":422,"detail":"validation failed","errors":[{"location":"body.name","message":"expected string"}]}"#,
            &[],
        );
        assert_eq!(e.kind(), ErrorKind::Unprocessable);
        assert_eq!(e.message(), Some("validation failed"));
        assert_eq!(e.validation_errors()["body.name"], ["expected string"]);
        let p = e.problem().expect("problem details");
        assert_eq!(p.status, Some(422));
        assert_eq!(p.errors["body.name"], ["expected string"]);
        assert_eq!(
            e.to_string(),
            "op: HTTP 422 Unprocessable Entity: validation failed"
        );
        // Not problem details: no `problem()`, the message still read.
        let e = answer(
            "application/json",
            r#"{"message":"The name field is required.","errors":{"name":["The name field is required."]}}"#,
            &[],
        );
        assert!(e.problem().is_none());
        assert_eq!(e.message(), Some("The name field is required."));
        assert_eq!(
            e.validation_errors()["name"],
            ["The name field is required."]
        );
    }

    #[test]
    fn the_documented_shape_is_read_first() {
        use super::super::problem::{ErrorShape, FieldErrors};
        // The schema's message is `reason`, its field errors `problems`.
        let documented = [DocumentedError {
            status: Some(422),
            range: false,
            shape: ErrorShape {
                problem: false,
                message: &["reason"],
                fields: FieldErrors::List {
                    property: "problems",
                    field: "at",
                    message: "why",
                },
            },
        }];
        let body =
            r#"{"reason":"no","message":"not this one","problems":[{"at":"x","why":"too big"}]}"#;
        let e = answer("application/json", body, &documented);
        assert_eq!(e.message(), Some("no"));
        assert_eq!(e.validation_errors()["x"], ["too big"]);
        // A body of another shape at that status: the known shapes.
        let e = answer("application/json", r#"{"message":"other"}"#, &documented);
        assert_eq!(e.message(), Some("other"));
    }

    #[test]
    fn the_documented_body_is_typed_and_the_error_converts() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Oxide {
            message: String,
            request_id: String,
        }
        let e: Error<Oxide> = answer(
            "application/json",
            r#"{"message":"not found","error_code":"ObjectNotFound","request_id":"r-1"}"#,
            &[],
        )
        .typed();
        assert_eq!(
            e.documented(),
            Some(Oxide {
                message: "not found".into(),
                request_id: "r-1".into()
            })
        );
        assert_eq!(e.message(), Some("not found"));
        fn plain() -> Result<(), Error> {
            let e: Error<Oxide> = Error::config("x").typed();
            Err(e)?
        }
        assert_eq!(plain().unwrap_err().kind(), ErrorKind::Config);
    }

    #[test]
    fn a_501_is_not_retried() {
        let e =
            |status| Error::from_status("op", status, HeaderMap::new(), bytes::Bytes::new(), &[]);
        assert!(!e(StatusCode::NOT_IMPLEMENTED).is_retryable());
        assert!(!e(StatusCode::HTTP_VERSION_NOT_SUPPORTED).is_retryable());
        assert!(e(StatusCode::SERVICE_UNAVAILABLE).is_retryable());
        assert!(e(StatusCode::INTERNAL_SERVER_ERROR).is_retryable());
    }

    #[test]
    fn attempts_show_in_the_message() {
        let e = Error::from_status(
            "op",
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            bytes::Bytes::new(),
            &[],
        );
        assert_eq!(e.attempts(), 0);
        assert!(!e.to_string().contains("attempts"));
        let e = e.with_attempts(3);
        assert_eq!(e.to_string(), "op: HTTP 502 Bad Gateway (after 3 attempts)");
    }
}
