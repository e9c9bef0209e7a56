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
            attempts: 0,
            not_sent: false,
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

    /// A request that could not be built because of a local I/O failure
    /// (an upload file that cannot be opened, say).
    pub(crate) fn io(
        operation: &'static str,
        message: impl Into<String>,
        err: std::io::Error,
    ) -> Self {
        Error(Box::new(Inner {
            operation: Some(operation),
            message: Some(message.into()),
            source: Some(Box::new(err)),
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
        let not_sent = err.is_connect();
        // Never keep the URL: with query-string auth it would carry the key.
        let err = err.without_url();
        Error(Box::new(Inner {
            operation: Some(operation),
            not_sent,
            source: Some(Box::new(err)),
            ..Error::blank(kind)
        }))
    }

    /// No answer within `limit` (a streamed call's wait for the answer's head).
    pub(crate) fn timeout(operation: &'static str, limit: Duration) -> Self {
        Error(Box::new(Inner {
            operation: Some(operation),
            message: Some(format!("no answer within {} ms", limit.as_millis())),
            ..Error::blank(ErrorKind::Timeout)
        }))
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
        e.retry_after = retry_after(&headers).or_else(|| {
            (status == StatusCode::TOO_MANY_REQUESTS)
                .then(|| minute_window(&headers))
                .flatten()
        });
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
        self.0.body.as_ref().map(|b| super::lenient::from_slice(b))
    }

    /// The server's `message` (Laravel's error shape), or our own explanation.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// Field → messages, from a 422 body's `errors` map (empty otherwise).
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

/// For a 429 whose `x-rate-limit-remaining-minute` is 0 and that says no
/// more: the wait until the next minute window opens. The limit "resets every
/// minute"; the minute is read from the server's `Date` when it sent one (so
/// our clock's skew does not matter), else from ours.
pub(crate) fn minute_window(headers: &HeaderMap) -> Option<Duration> {
    let remaining = headers
        .get("x-rate-limit-remaining-minute")
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

impl Error {
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

impl fmt::Display for Error {
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

impl fmt::Debug for Error {
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

impl std::error::Error for Error {
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

    #[test]
    fn the_minute_window_after_a_429_with_nothing_left() {
        let h = headers(&[
            ("x-rate-limit-remaining-minute", "0"),
            ("date", "Sun, 06 Nov 1994 08:49:37 GMT"),
        ]);
        assert_eq!(minute_window(&h), Some(Duration::from_secs(23)));
        let h = headers(&[
            ("x-rate-limit-remaining-minute", "0"),
            ("date", "Sun, 06 Nov 1994 08:49:00 GMT"),
        ]);
        assert_eq!(minute_window(&h), Some(Duration::from_secs(60)));
        let h = headers(&[("x-rate-limit-remaining-minute", "3")]);
        assert_eq!(minute_window(&h), None, "requests left: not the limit");
        let wait = minute_window(&headers(&[("x-rate-limit-remaining-minute", "0")])).unwrap();
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
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(23)));
        let e = Error::from_status(
            "op",
            StatusCode::TOO_MANY_REQUESTS,
            headers(&[("x-rate-limit-remaining-minute", "0"), ("retry-after", "2")]),
            bytes::Bytes::new(),
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
        let e = Error::from_status(
            "op",
            StatusCode::SERVICE_UNAVAILABLE,
            headers(&[("x-rate-limit-remaining-minute", "0")]),
            bytes::Bytes::new(),
        );
        assert_eq!(e.retry_after(), None);
    }

    #[test]
    fn attempts_show_in_the_message() {
        let e = Error::from_status(
            "op",
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            bytes::Bytes::new(),
        );
        assert_eq!(e.attempts(), 0);
        assert!(!e.to_string().contains("attempts"));
        let e = e.with_attempts(3);
        assert_eq!(e.to_string(), "op: HTTP 502 Bad Gateway (after 3 attempts)");
    }
}
