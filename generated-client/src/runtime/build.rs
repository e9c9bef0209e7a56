//! Building requests: the URL (base URL + path + query, or a `next_page`
//! URL), the API key where the [`AuthScheme`] puts it, the operation's and
//! the call's headers, the body with its content type, and the timeout.

use super::client::{AuthScheme, Client};
use super::error::Error;
use super::operation::Operation;
use super::request::{Headers, Query, RequestBody};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use std::time::Duration;

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

/// Where one request goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'u> {
    /// The base URL, the operation's path and its query.
    Operation,
    /// A `next_page` URL from the server (it carries its own path and query).
    Url(&'u reqwest::Url),
}

/// `scheme://host:port` of a URL, for messages (never its path or query).
fn origin_text(url: &reqwest::Url) -> String {
    url.origin().ascii_serialization()
}

/// The request for one attempt of `operation`, with `body` (built for this attempt).
pub(crate) async fn build<O: Operation>(
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
