//! A call: one operation with its arguments, per-request options, and the
//! code that turns it into an HTTP request and the answer into a
//! [`Response`] or an [`Error`].

use super::client::{AuthScheme, Client};
use super::error::Error;
use super::request::{Headers, Query, RequestBody};
use super::response::Response;
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

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
    fn body(&self) -> Result<RequestBody, Error> {
        Ok(RequestBody::Empty)
    }
}

/// Options of one request, on top of the client's.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Overrides the client's timeout.
    pub timeout: Option<Duration>,
    /// Extra headers (e.g. `Idempotency-Key`).
    pub headers: Vec<(String, String)>,
    /// Extra query pairs (e.g. `fresh=true`).
    pub query: Vec<(String, String)>,
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

    /// Time limit for this request, instead of the client's.
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

    /// Replace all per-request options at once.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Send the request and decode the answer.
    pub async fn send(self) -> Result<Response<O::Output>, Error> {
        let request = self.build()?;
        let inner = &self.client.inner;
        let answer = inner
            .http
            .execute(request)
            .await
            .map_err(|e| Error::transport(O::ID, e))?;
        let status = answer.status();
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

    fn build(&self) -> Result<reqwest::Request, Error> {
        let inner = &self.client.inner;
        if inner.base_url.is_empty() {
            return Err(Error::config("no base URL: the spec names no usable server, so set one with ClientBuilder::base_url"));
        }
        let url = format!("{}{}", inner.base_url, self.operation.path());
        let mut url = reqwest::Url::parse(&url)
            .map_err(|e| Error::request(O::ID, format!("invalid URL for {}: {e}", O::PATH)))?;
        let mut query = Query::new();
        self.operation.query(&mut query);
        for (k, v) in &self.options.query {
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
        let mut req = reqwest::Request::new(O::METHOD, url);
        *req.timeout_mut() = Some(self.options.timeout.unwrap_or(inner.timeout));
        let h = req.headers_mut();
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
        self.operation.headers(&mut params);
        for (k, v) in params.pairs().iter().chain(self.options.headers.iter()) {
            let value = HeaderValue::from_str(v).map_err(|_| {
                Error::request(
                    O::ID,
                    format!("header {k} has a value that is not valid in HTTP"),
                )
            })?;
            h.insert(header_name(k, O::ID)?, value);
        }
        match self.operation.body()? {
            RequestBody::Empty => {}
            RequestBody::Json(bytes) => {
                h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                *req.body_mut() = Some(bytes.into());
            }
            RequestBody::Form(pairs) => {
                h.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                let encoded = serde_urlencoded::to_string(&pairs)
                    .map_err(|e| Error::request(O::ID, format!("cannot encode the form: {e}")))?;
                *req.body_mut() = Some(encoded.into());
            }
            RequestBody::Text(text) => {
                h.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                *req.body_mut() = Some(text.into());
            }
            RequestBody::Bytes(bytes) => {
                h.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/octet-stream"),
                );
                *req.body_mut() = Some(bytes.into());
            }
        }
        Ok(req)
    }
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
                T::deserialize(serde_json::Value::Null)
            } else {
                json::<T>(&body)
            };
            match parsed {
                Ok(data) => {
                    let meta = if body.first() == Some(&b'{') {
                        serde_json::from_slice::<serde_json::Value>(&body)
                            .ok()
                            .and_then(|v| v.get("_meta").cloned())
                    } else {
                        None
                    };
                    Ok(Response::new(data, status, headers, meta, None))
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

/// JSON with the path of the failing field in the error (`data.rows[0].is_bot: …`).
fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(&mut de) {
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
