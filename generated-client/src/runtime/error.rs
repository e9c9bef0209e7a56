//! One error type for every failure, classified by [`ErrorKind`]. An error
//! from the server keeps its status, headers and raw body; the API key never
//! appears in an error (URLs are stripped from transport errors).

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

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
/// status, headers and raw body (with `message` and field `errors` decoded
/// when the body is the usual Laravel shape).
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    operation: Option<&'static str>,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<bytes::Bytes>,
    message: Option<String>,
    validation: BTreeMap<String, Vec<String>>,
    retry_after: Option<Duration>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// How much of a body an error message quotes.
const EXCERPT: usize = 300;

impl Error {
    fn blank(kind: ErrorKind) -> Inner {
        Inner {
            kind,
            operation: None,
            status: None,
            headers: None,
            body: None,
            message: None,
            validation: BTreeMap::new(),
            retry_after: None,
            source: None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            message: Some(message.into()),
            ..Error::blank(ErrorKind::Config)
        }))
    }

    pub(crate) fn request(operation: &'static str, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            operation: Some(operation),
            message: Some(message.into()),
            ..Error::blank(ErrorKind::Request)
        }))
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
        // Never keep the URL: with query-string auth it would carry the key.
        let err = err.without_url();
        Error(Box::new(Inner {
            operation: Some(operation),
            source: Some(Box::new(err)),
            ..Error::blank(kind)
        }))
    }

    /// A non-success answer from the server.
    pub(crate) fn from_status(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: bytes::Bytes,
    ) -> Self {
        let mut e = Error::blank(ErrorKind::from_status(status));
        e.operation = Some(operation);
        e.status = Some(status);
        if let Ok(serde_json::Value::Object(map)) =
            serde_json::from_slice::<serde_json::Value>(&body)
        {
            e.message = map
                .get("message")
                .or_else(|| map.get("error"))
                .and_then(|m| m.as_str())
                .map(str::to_string);
            if let Some(serde_json::Value::Object(errors)) = map.get("errors") {
                for (field, msgs) in errors {
                    let list = match msgs {
                        serde_json::Value::Array(items) => items
                            .iter()
                            .map(|m| {
                                m.as_str()
                                    .map(str::to_string)
                                    .unwrap_or_else(|| m.to_string())
                            })
                            .collect(),
                        serde_json::Value::String(s) => vec![s.clone()],
                        other => vec![other.to_string()],
                    };
                    e.validation.insert(field.clone(), list);
                }
            }
        }
        e.retry_after = retry_after(&headers);
        e.headers = Some(headers);
        e.body = Some(body);
        Error(Box::new(e))
    }

    /// A success answer whose body does not decode.
    pub(crate) fn decode(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: bytes::Bytes,
        err: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error(Box::new(Inner {
            operation: Some(operation),
            status: Some(status),
            headers: Some(headers),
            body: Some(body),
            source: Some(Box::new(err)),
            ..Error::blank(ErrorKind::Decode)
        }))
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
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

    /// Decode the error body into a type of your choice (e.g. a documented error schema).
    pub fn body_json<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Option<Result<T, serde_json::Error>> {
        self.0.body.as_ref().map(|b| serde_json::from_slice(b))
    }

    /// The server's `message` (Laravel's error shape), or our own explanation.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// Field → messages, from a 422 body's `errors` map (empty otherwise).
    pub fn validation_errors(&self) -> &BTreeMap<String, Vec<String>> {
        &self.0.validation
    }

    /// How long the server asked us to wait (`Retry-After`, or the rate-limit reset headers).
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// True for failures worth retrying: connection errors, timeouts, 408, 429, 5xx.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::Connection | ErrorKind::Timeout | ErrorKind::RateLimited | ErrorKind::Server
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.0.operation {
            write!(f, "{op}: ")?;
        }
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

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("operation", &self.0.operation)
            .field("status", &self.0.status)
            .field("message", &self.0.message)
            .field("validation", &self.0.validation)
            .field("retry_after", &self.0.retry_after)
            .field("body", &self.excerpt())
            .field("source", &self.0.source)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
