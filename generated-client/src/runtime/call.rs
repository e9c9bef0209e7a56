//! A call: one operation with its arguments, per-request options, and the
//! code that turns it into HTTP requests (one per attempt, retried as
//! [`RetryPolicy`](super::RetryPolicy) says, each in a `tracing` span) and
//! the answer into a [`Response`] or an [`Error`].

use super::client::{AuthScheme, Client};
use super::error::Error;
use super::request::{Headers, Query, RequestBody};
use super::response::Response;
use super::retry::is_idempotent;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;
use tracing::Instrument;

/// How a success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON decoded into the output type (an empty body reads as `null`).
    Json,
    /// JSON `{ "data": …, "_meta": …, "_pagination": … }`: `data` is the output.
    Envelope,
    /// No body: `()`.
    Empty,
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// One API operation: implemented by the generated structs in `crate::operations`.
pub trait Operation: Send + Sync {
    /// What a successful call returns.
    type Output: DeserializeOwned + Send + 'static;
    /// The spec's operationId (or the derived one).
    const ID: &'static str;
    const METHOD: reqwest::Method;
    /// The path template, as in the spec (used in errors and traces, never filled in).
    const PATH: &'static str;
    const RESPONSE: ResponseKind;
    /// True when the response carries `_pagination`.
    const PAGINATED: bool = false;

    /// The path with parameters filled in and percent-encoded.
    fn path(&self) -> String;
    fn query(&self, _query: &mut Query) {}
    fn headers(&self, _headers: &mut Headers) {}
    /// The body, built anew for every attempt (so a retry sends it whole
    /// again; a file on disk is reopened).
    fn body(&self) -> Result<RequestBody, Error> {
        Ok(RequestBody::Empty)
    }
}

/// Options of one request, on top of the client's.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Overrides the client's timeout (of each attempt).
    pub timeout: Option<Duration>,
    /// Extra headers (e.g. `Idempotency-Key`).
    pub headers: Vec<(String, String)>,
    /// Extra query pairs (e.g. `fresh=true`).
    pub query: Vec<(String, String)>,
    /// Overrides the client's number of retries.
    pub max_retries: Option<u32>,
    /// Overrides whether POST and PATCH are retried.
    pub retry_non_idempotent: Option<bool>,
}

/// A call ready to send: `.await` it (or call [`Call::send`]). Optional
/// parameters and per-request options are set with its builder methods first.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O> {
    pub(crate) client: &'a Client,
    pub(crate) operation: O,
    pub(crate) options: RequestOptions,
}

impl<O: std::fmt::Debug> std::fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .field("options", &self.options)
            .finish()
    }
}

impl<'a, O: Operation> Call<'a, O> {
    pub(crate) fn new(client: &'a Client, operation: O) -> Self {
        Call {
            client,
            operation,
            options: RequestOptions::default(),
        }
    }

    /// The operation with its arguments.
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// Time limit for each attempt of this request, instead of the client's.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// An extra header for this request.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter for this request (e.g. `("fresh", "true")`).
    pub fn with_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.query.push((name.into(), value.into()));
        self
    }

    /// Retry this request up to `retries` times (0: never), instead of the
    /// client's [`RetryPolicy::max_retries`](super::RetryPolicy::max_retries). Backoff and the bound on the
    /// total wait stay the client's.
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// Retry this request even if it is a POST or PATCH (say, because it
    /// carries an `Idempotency-Key` the server honours), or never retry it
    /// when `false`, instead of the client's setting.
    pub fn with_retry_non_idempotent(mut self, retry: bool) -> Self {
        self.options.retry_non_idempotent = Some(retry);
        self
    }

    /// Replace all per-request options at once.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Send the request (retrying as the client's [`RetryPolicy`](super::RetryPolicy) and this
    /// call's options say) and decode the answer.
    pub async fn send(self) -> Result<Response<O::Output>, Error> {
        execute(
            self.client,
            &self.operation,
            &self.options,
            Target::Operation,
        )
        .await
    }
}

/// Where one request goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'u> {
    /// The base URL, the operation's path and its query.
    Operation,
    /// A `next_page` URL from the server (it carries its own path and query).
    Url(&'u reqwest::Url),
}

/// Send a request until it succeeds, fails for good, or the retries or the
/// retry time budget run out. One tracing span per attempt.
pub(crate) async fn execute<O: Operation>(
    client: &Client,
    operation: &O,
    options: &RequestOptions,
    target: Target<'_>,
) -> Result<Response<O::Output>, Error> {
    let policy = &client.inner.retry;
    let max_retries = options.max_retries.unwrap_or(policy.max_retries);
    let non_idempotent = options
        .retry_non_idempotent
        .unwrap_or(policy.retry_non_idempotent);
    let idempotent = is_idempotent(&O::METHOD);
    let mut waited = Duration::ZERO;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let span = tracing::info_span!(
            "api_request",
            operation = O::ID,
            method = %O::METHOD,
            path = O::PATH,
            attempt,
            status = tracing::field::Empty,
        );
        let (result, replayable) = attempt_once(client, operation, options, target, &span)
            .instrument(span.clone())
            .await;
        let err = match result {
            Ok(response) => return Ok(response.with_attempts(attempt)),
            Err(err) => err,
        };
        let retry = attempt <= max_retries
            && err.is_retryable()
            && replayable
            && (idempotent || non_idempotent || err.not_sent());
        if !retry {
            return Err(err.with_attempts(attempt));
        }
        let delay = policy.delay(attempt, &err);
        let budget = policy.max_total_delay.saturating_sub(waited);
        if delay > budget {
            tracing::debug!(
                parent: &span,
                delay_ms = delay.as_millis() as u64,
                budget_ms = budget.as_millis() as u64,
                "not retrying: the wait exceeds the retry time budget"
            );
            return Err(err.with_attempts(attempt));
        }
        tracing::info!(
            parent: &span,
            kind = ?err.kind(),
            status = err.status().map(|s| s.as_u16()),
            delay_ms = delay.as_millis() as u64,
            "retrying"
        );
        tokio::time::sleep(delay).await;
        waited += delay;
    }
}

/// One attempt: the result, and whether its body could be sent again.
async fn attempt_once<O: Operation>(
    client: &Client,
    operation: &O,
    options: &RequestOptions,
    target: Target<'_>,
    span: &tracing::Span,
) -> (Result<Response<O::Output>, Error>, bool) {
    let body = match operation.body() {
        Ok(body) => body,
        Err(e) => return (Err(e), false),
    };
    let replayable = body.is_replayable();
    let request = match build::<O>(client, operation, options, target, body).await {
        Ok(r) => r,
        Err(e) => return (Err(e), false),
    };
    (send_once::<O>(client, request, span).await, replayable)
}

async fn send_once<O: Operation>(
    client: &Client,
    request: reqwest::Request,
    span: &tracing::Span,
) -> Result<Response<O::Output>, Error> {
    let answer = client
        .inner
        .http
        .execute(request)
        .await
        .map_err(|e| Error::transport(O::ID, e))?;
    let status = answer.status();
    span.record("status", status.as_u16());
    let headers = answer.headers().clone();
    let body = answer
        .bytes()
        .await
        .map_err(|e| Error::transport(O::ID, e))?;
    if !status.is_success() {
        return Err(Error::from_status(O::ID, status, headers, body));
    }
    decode::<O::Output>(O::ID, O::RESPONSE, status, headers, body)
}

/// `scheme://host:port` of a URL, for messages (never its path or query).
fn origin_text(url: &reqwest::Url) -> String {
    url.origin().ascii_serialization()
}

async fn build<O: Operation>(
    client: &Client,
    operation: &O,
    options: &RequestOptions,
    target: Target<'_>,
    body: RequestBody,
) -> Result<reqwest::Request, Error> {
    let inner = &client.inner;
    if inner.base_url.is_empty() {
        return Err(Error::config(
            "no base URL: the spec names no usable server, so set one with ClientBuilder::base_url",
        ));
    }
    let base = reqwest::Url::parse(&inner.base_url)
        .map_err(|e| Error::config(format!("invalid base URL: {e}")))?;
    let mut query = Query::new();
    let mut url = match target {
        Target::Operation => {
            let url = format!("{}{}", inner.base_url, operation.path());
            operation.query(&mut query);
            reqwest::Url::parse(&url)
                .map_err(|e| Error::request(O::ID, format!("invalid URL for {}: {e}", O::PATH)))?
        }
        Target::Url(next) => {
            // The API key goes to the configured server only.
            if next.origin() != base.origin() {
                return Err(Error::request(
                    O::ID,
                    format!(
                        "refusing to follow a next_page URL on {} (the client's server is {}): the API key is only sent to the configured base URL",
                        origin_text(next),
                        origin_text(&base)
                    ),
                ));
            }
            let mut url = next.clone();
            // Credentials in a URL would become an Authorization header of their own.
            let _ = url.set_username("");
            let _ = url.set_password(None);
            // Our own pairs replace any the server echoed back, so none is doubled.
            let ours: Vec<&str> = options
                .query
                .iter()
                .map(|(k, _)| k.as_str())
                .chain(match inner.auth {
                    AuthScheme::Query(name) => Some(name),
                    _ => None,
                })
                .collect();
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| !ours.contains(&k.as_ref()))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            url.set_query(None);
            for (k, v) in kept {
                query.push_raw(k, v);
            }
            url
        }
    };
    for (k, v) in &options.query {
        query.push_raw(k.clone(), v.clone());
    }
    if let (AuthScheme::Query(name), Some(key)) = (inner.auth, &inner.api_key) {
        query.push_raw(name, key.expose());
    }
    if !query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in query.pairs() {
            pairs.append_pair(k, v);
        }
    }
    let mut h = HeaderMap::new();
    h.insert(ACCEPT, HeaderValue::from_static("application/json"));
    match (inner.auth, &inner.api_key) {
        (AuthScheme::Bearer, Some(key)) => h.insert(
            reqwest::header::AUTHORIZATION,
            secret(&format!("Bearer {}", key.expose()), O::ID)?,
        ),
        (AuthScheme::Basic, Some(key)) => {
            use base64::Engine;
            let encoded = base64::engine::general_purpose::STANDARD.encode(key.expose());
            h.insert(
                reqwest::header::AUTHORIZATION,
                secret(&format!("Basic {encoded}"), O::ID)?,
            )
        }
        (AuthScheme::Header(name), Some(key)) => {
            h.insert(header_name(name, O::ID)?, secret(key.expose(), O::ID)?)
        }
        _ => None,
    };
    let mut params = Headers::new();
    operation.headers(&mut params);
    for (k, v) in params.pairs().iter().chain(options.headers.iter()) {
        let value = HeaderValue::from_str(v).map_err(|_| {
            Error::request(
                O::ID,
                format!("header {k} has a value that is not valid in HTTP"),
            )
        })?;
        h.insert(header_name(k, O::ID)?, value);
    }
    let mut builder = inner
        .http
        .request(O::METHOD, url)
        .timeout(options.timeout.unwrap_or(inner.timeout));
    match body {
        RequestBody::Empty => {}
        RequestBody::Json(bytes) => {
            h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            builder = builder.body(bytes);
        }
        RequestBody::Form(pairs) => {
            h.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            let encoded = serde_urlencoded::to_string(&pairs)
                .map_err(|e| Error::request(O::ID, format!("cannot encode the form: {e}")))?;
            builder = builder.body(encoded);
        }
        RequestBody::Text(text) => {
            h.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            builder = builder.body(text);
        }
        RequestBody::Bytes(bytes) => {
            h.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            builder = builder.body(bytes);
        }
        RequestBody::File(file) => {
            let content_type = file.mime_type().unwrap_or("application/octet-stream");
            let content_type = HeaderValue::from_str(content_type).map_err(|_| {
                Error::request(
                    O::ID,
                    format!("{content_type:?} is not a valid content type"),
                )
            })?;
            h.insert(CONTENT_TYPE, content_type);
            let (stream, length) = file.open(O::ID).await?;
            if let Some(n) = length {
                h.insert(CONTENT_LENGTH, HeaderValue::from(n));
            }
            builder = builder.body(stream);
        }
        RequestBody::Multipart(form) => {
            // Sets the content type with its boundary, and the length when known.
            builder = builder.multipart(form.to_form(O::ID).await?);
        }
    }
    builder
        .headers(h)
        .build()
        .map_err(|e| Error::transport(O::ID, e))
}

fn header_name(name: &str, op: &'static str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::request(op, format!("{name:?} is not a valid header name")))
}

/// A header value that HTTP/2 must never index and `Debug` must never show.
fn secret(value: &str, op: &'static str) -> Result<HeaderValue, Error> {
    let mut v = HeaderValue::from_str(value).map_err(|_| {
        Error::request(
            op,
            "the API key contains characters not allowed in a header",
        )
    })?;
    v.set_sensitive(true);
    Ok(v)
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
    #[serde(rename = "_meta", default)]
    meta: Option<serde_json::Value>,
    #[serde(rename = "_pagination", default)]
    pagination: Option<serde_json::Value>,
}

/// Decode a success body according to the operation's response kind.
pub(crate) fn decode<T: DeserializeOwned>(
    op: &'static str,
    kind: ResponseKind,
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: bytes::Bytes,
) -> Result<Response<T>, Error> {
    let fail = |headers, body, e: serde_json::Error| Error::decode(op, status, headers, body, e);
    match kind {
        ResponseKind::Envelope => match json::<Envelope<T>>(&body) {
            Ok(env) => Ok(Response::new(
                env.data,
                status,
                headers,
                env.meta,
                env.pagination,
            )),
            Err(e) => Err(fail(headers, body, e)),
        },
        ResponseKind::Json => {
            let parsed = if body.iter().all(u8::is_ascii_whitespace) {
                T::deserialize(super::lenient::Lenient(serde_json::Value::Null))
            } else {
                json::<T>(&body)
            };
            match parsed {
                Ok(data) => {
                    // A plain JSON object may still carry `_meta`/`_pagination`;
                    // headers fill `meta()` either way.
                    let object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
                    let (meta, pagination) = match object
                        .then(|| serde_json::from_slice::<serde_json::Value>(&body).ok())
                        .flatten()
                    {
                        Some(serde_json::Value::Object(mut map)) => {
                            (map.remove("_meta"), map.remove("_pagination"))
                        }
                        _ => (None, None),
                    };
                    Ok(Response::new(data, status, headers, meta, pagination))
                }
                Err(e) => Err(fail(headers, body, e)),
            }
        }
        ResponseKind::Empty => {
            match T::deserialize(serde::de::value::UnitDeserializer::<serde_json::Error>::new()) {
                Ok(data) => Ok(Response::new(data, status, headers, None, None)),
                Err(e) => Err(fail(headers, body, e)),
            }
        }
        ResponseKind::Text => {
            let text = String::from_utf8_lossy(&body).into_owned();
            match T::deserialize(serde_json::Value::String(text)) {
                Ok(data) => Ok(Response::new(data, status, headers, None, None)),
                Err(e) => Err(fail(headers, body, e)),
            }
        }
        ResponseKind::Bytes => match T::deserialize(serde::de::value::BytesDeserializer::<
            serde_json::Error,
        >::new(&body))
        {
            Ok(data) => Ok(Response::new(data, status, headers, None, None)),
            Err(e) => Err(fail(headers, body, e)),
        },
    }
}

/// JSON, read leniently, with the path of the failing field in the error
/// (`data.rows[0].is_bot: …`).
fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    // The fast path: plain serde_json (tracking the path costs ~70% more on
    // large bodies, see BENCHMARKS.md). Only a failure is decoded again, to say where.
    if let Ok(v) = super::lenient::from_slice(body) {
        return Ok(v);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(super::lenient::Lenient(&mut de)) {
        Ok(v) => {
            de.end()?;
            Ok(v)
        }
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path.is_empty() || path == "." {
                Err(inner)
            } else {
                Err(serde::de::Error::custom(format_args!("at {path}: {inner}")))
            }
        }
    }
}

impl<'a, O> IntoFuture for Call<'a, O>
where
    O: Operation + 'a,
{
    type Output = Result<Response<O::Output>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
