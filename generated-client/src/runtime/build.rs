//! Building requests: the URL (base URL + path + query, or a `next_page`
//! URL), the credentials the operation's security requirement asks for
//! (`auth`), the operation's and the call's headers, the body with its
//! content type, and the timeout. Non-generic: every operation goes through
//! the same compiled code.

use super::auth::{self, Piece, Security};
use super::client::Client;
use super::error::Error;
use super::operation::Erased;
use super::request::{Headers, Query, RequestBody};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use std::future::Future;
use std::pin::Pin;
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
    /// Fields added to the JSON body (an object; without a body, the body
    /// is an object of these).
    pub body_fields: Vec<(String, serde_json::Value)>,
    /// The idempotency key of this call, sent on every attempt.
    pub idempotency_key: Option<String>,
    /// An idempotency key for this call (`true`) or none (`false`), instead
    /// of the default (see `idempotency.rs`).
    pub idempotency: Option<bool>,
}

/// The per-request setters of [`RequestOptions`], written once for every
/// call builder that holds them in a field `options` (`Call`, `RawCall`).
macro_rules! request_option_setters {
    () => {
        /// Time limit for each attempt of this request, instead of the client's.
        pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.timeout = Some(timeout);
            self
        }

        /// An extra header for this request.
        pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.options.headers.push((name.into(), value.into()));
            self
        }

        /// An extra query parameter for this request (e.g. `("fresh", "true")`),
        /// after any in the path.
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

        /// A field added to the JSON body (for a field the spec does not
        /// describe yet): the body must be a JSON object; without a body, the
        /// body is an object of these fields. A later field of the same name
        /// replaces the earlier one, and the body's own.
        pub fn with_body_field(
            mut self,
            name: impl Into<String>,
            value: impl Into<serde_json::Value>,
        ) -> Self {
            self.options.body_fields.push((name.into(), value.into()));
            self
        }

        /// Send this idempotency key (in the operation's idempotency header,
        /// else `Idempotency-Key`) on every attempt, and retry the call like an
        /// idempotent one: the server answers a repeated key with the first
        /// answer, so a POST is safe to send again.
        pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
            self.options.idempotency_key = Some(key.into());
            self
        }

        /// An idempotency key for this call (`true`: a random one, the same on
        /// every attempt) or none (`false`), instead of the default (a key where
        /// the operation declares one, or for every POST and PATCH when the
        /// client has [`idempotency_keys`](super::ClientBuilder::idempotency_keys) on).
        pub fn with_idempotency(mut self, on: bool) -> Self {
            self.options.idempotency = Some(on);
            self
        }
    };
}
pub(crate) use request_option_setters;

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

/// The URL `Url::parse(&format!("{base_url}{path}"))` gives, where `base`
/// is `base_url` parsed: when the path is a plain absolute path, only the
/// path is parsed (onto a copy of `base`); anything else (a `?` or `#` in
/// the path, a base URL with a query) takes the full parse.
pub(crate) fn join(
    base: &reqwest::Url,
    base_url: &str,
    path: &str,
) -> Result<reqwest::Url, impl std::fmt::Display + std::fmt::Debug> {
    let plain = path.starts_with('/')
        && !path.contains(['?', '#'])
        && base.query().is_none()
        && base.fragment().is_none()
        && !base.cannot_be_a_base();
    if !plain {
        return reqwest::Url::parse(&format!("{base_url}{path}"));
    }
    let mut url = base.clone();
    match base.path().trim_end_matches('/') {
        "" => url.set_path(path),
        prefix => url.set_path(&format!("{prefix}{path}")),
    }
    Ok(url)
}

/// The request for one attempt of `op`, with `body` (built for this attempt).
///
/// Only authorizing and opening a file or form body may wait, and both
/// keep their large futures out of this one (`auth::authorize`,
/// [`Opening`]): this future is part of every call's, which is moved
/// (copied) at each level of the call.
pub(crate) async fn build(
    client: &Client,
    op: &dyn Erased,
    options: &RequestOptions,
    target: Target<'_>,
    body: RequestBody,
) -> Result<reqwest::Request, Error> {
    let inner = &client.inner;
    let security = op.security();
    let timeout = options.timeout.unwrap_or(inner.timeout);
    let url = target_url(client, op, options, target, security)?;
    let method = op.method();
    let pieces = auth::authorize(
        &inner.credentials,
        &inner.http,
        timeout,
        security,
        op.id(),
        &method,
        &url,
    )
    .await?;
    let head = Head {
        url,
        method,
        timeout,
        pieces,
    };
    let opening = match assemble(client, op, options, head, body)? {
        Ok(request) => return Ok(request),
        Err(opening) => opening,
    };
    opening.await
}

/// What a request is built from besides its body and headers.
struct Head {
    url: reqwest::Url,
    method: reqwest::Method,
    timeout: Duration,
    /// The credentials.
    pieces: Vec<Piece>,
}

/// A request whose body (a file, a form) is still being opened.
type Opening<'a> = Pin<Box<dyn Future<Output = Result<reqwest::Request, Error>> + Send + 'a>>;

/// The request: `head`'s URL with the credentials' query pairs, the
/// headers, the timeout and the body (with the caller's extra fields), or
/// the future that opens the body first.
fn assemble<'a>(
    client: &'a Client,
    op: &dyn Erased,
    options: &RequestOptions,
    head: Head,
    body: RequestBody,
) -> Result<Result<reqwest::Request, Opening<'a>>, Error> {
    let id = op.id();
    let Head {
        mut url,
        method,
        timeout,
        pieces,
    } = head;
    let mut credentials = auth::query_pairs(&pieces).peekable();
    if credentials.peek().is_some() {
        url.query_pairs_mut().extend_pairs(credentials);
    }
    let mut h = headers(op, options, &pieces)?;
    let mut request = reqwest::Request::new(method, url);
    *request.timeout_mut() = Some(timeout);
    let body = with_fields(body, &options.body_fields, id)?;
    Ok(match in_memory(body, &mut h, id)? {
        Ok(body) => {
            *request.body_mut() = body;
            *request.headers_mut() = h;
            Ok(request)
        }
        Err(to_open) => Err(Box::pin(with_opened_body(client, request, to_open, id, h))),
    })
}

/// `body` with `fields` added: into its JSON object, or an object of them
/// when there is no body; any other body is an error.
fn with_fields(
    body: RequestBody,
    fields: &[(String, serde_json::Value)],
    id: &'static str,
) -> Result<RequestBody, Error> {
    if fields.is_empty() {
        return Ok(body);
    }
    let mut object = match body {
        RequestBody::Empty => serde_json::Map::new(),
        RequestBody::Json(bytes) => match serde_json::from_slice(&bytes) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => {
                return Err(Error::request(
                    id,
                    "extra body fields need a JSON object body, and this one is not an object",
                ))
            }
        },
        _ => {
            return Err(Error::request(
                id,
                "extra body fields need a JSON body, and this operation sends another kind",
            ))
        }
    };
    for (name, value) in fields {
        object.insert(name.clone(), value.clone());
    }
    serde_json::to_vec(&object)
        .map(RequestBody::Json)
        .map_err(|e| Error::request(id, format!("cannot serialize the request body: {e}")))
}

/// The URL of the attempt: the operation's path on the base URL with its
/// query, or a `next_page` URL on the same origin (its own pairs kept),
/// then the caller's query pairs (credentials that go in the query are
/// added once authorized).
fn target_url(
    client: &Client,
    op: &dyn Erased,
    options: &RequestOptions,
    target: Target<'_>,
    security: Security,
) -> Result<reqwest::Url, Error> {
    let mut query = Query::new();
    let inner = &client.inner;
    let base = &inner.base;
    let id = op.id();
    let mut url = match target {
        Target::Operation => {
            let url = join(base, &inner.base_url, &op.path()).map_err(|e| {
                Error::request(id, format!("invalid URL for {}: {e}", op.template()))
            })?;
            op.query(&mut query);
            url
        }
        Target::Url(next) => {
            // Credentials go to the configured server only.
            if next.origin() != base.origin() {
                return Err(Error::request(
                    id,
                    format!(
                        "refusing to follow a next_page URL on {} (the client's server is {}): the API key is only sent to the configured base URL",
                        origin_text(next),
                        origin_text(base)
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
                .chain(auth::query_names(security).map(|name| name as &str))
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
    append_query(&mut url, &query, options);
    Ok(url)
}

/// The operation's query pairs, then the caller's (credentials that go in
/// the query come after them, once authorized).
fn append_query(url: &mut reqwest::Url, query: &Query, options: &RequestOptions) {
    if !query.is_empty() || !options.query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        let extra = options.query.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        for (k, v) in query.pairs().iter().map(|(k, v)| (k.as_str(), v.as_str())) {
            pairs.append_pair(k, v);
        }
        for (k, v) in extra {
            pairs.append_pair(k, v);
        }
    }
}

/// `Accept`, the credentials' headers, the operation's header parameters
/// and the caller's extra headers (which may replace those before them),
/// then the credentials' cookies (after any cookie the caller set).
fn headers(
    op: &dyn Erased,
    options: &RequestOptions,
    pieces: &[Piece],
) -> Result<HeaderMap, Error> {
    let id = op.id();
    let mut h = HeaderMap::new();
    h.insert(ACCEPT, HeaderValue::from_static("application/json"));
    auth::put_headers(pieces, &mut h);
    let mut params = Headers::new();
    op.headers(&mut params);
    for (k, v) in params.pairs().iter().chain(options.headers.iter()) {
        let value = HeaderValue::from_str(v).map_err(|_| {
            Error::request(
                id,
                format!("header {k} has a value that is not valid in HTTP"),
            )
        })?;
        h.insert(header_name(k, id)?, value);
    }
    auth::put_cookies(pieces, &mut h);
    Ok(h)
}

/// A body that must be opened before it is sent.
enum ToOpen {
    File(super::upload::File),
    Multipart(super::upload::Multipart),
}

/// A body held in memory, its content type put into `h`; a body to open
/// (a file, a form) is given back.
fn in_memory(
    body: RequestBody,
    h: &mut HeaderMap,
    id: &'static str,
) -> Result<Result<Option<reqwest::Body>, ToOpen>, Error> {
    let (content_type, body) = match body {
        RequestBody::Empty => return Ok(Ok(None)),
        RequestBody::Json(bytes) => ("application/json", bytes.into()),
        RequestBody::Form(pairs) => {
            let encoded = serde_urlencoded::to_string(&pairs)
                .map_err(|e| Error::request(id, format!("cannot encode the form: {e}")))?;
            ("application/x-www-form-urlencoded", encoded.into())
        }
        RequestBody::Text(text) => ("text/plain; charset=utf-8", text.into()),
        RequestBody::Bytes(bytes) => ("application/octet-stream", bytes.into()),
        RequestBody::File(file) => return Ok(Err(ToOpen::File(file))),
        RequestBody::Multipart(form) => return Ok(Err(ToOpen::Multipart(form))),
    };
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    Ok(Ok(Some(body)))
}

/// The request with its body opened: a file (streamed, with its length
/// when known) or a multipart form, `h` with the body's content type (and
/// a file's length) as its headers.
async fn with_opened_body(
    client: &Client,
    mut request: reqwest::Request,
    body: ToOpen,
    id: &'static str,
    mut h: HeaderMap,
) -> Result<reqwest::Request, Error> {
    match body {
        ToOpen::File(file) => {
            let content_type = file.mime_type().unwrap_or("application/octet-stream");
            let content_type = HeaderValue::from_str(content_type).map_err(|_| {
                Error::request(id, format!("{content_type:?} is not a valid content type"))
            })?;
            h.insert(CONTENT_TYPE, content_type);
            let (stream, length) = file.open(id).await?;
            if let Some(n) = length {
                h.insert(CONTENT_LENGTH, HeaderValue::from(n));
            }
            *request.body_mut() = Some(stream);
            *request.headers_mut() = h;
            Ok(request)
        }
        ToOpen::Multipart(form) => {
            // reqwest writes the body with its boundary, the content type
            // and, when known, the length; our headers are set over its own.
            let form = form.to_form(id).await?;
            let mut request =
                reqwest::RequestBuilder::from_parts(client.inner.http.clone(), request)
                    .multipart(form)
                    .build()
                    .map_err(|e| Error::transport(id, e))?;
            let mut headers = std::mem::take(request.headers_mut());
            headers.extend(h);
            *request.headers_mut() = headers;
            Ok(request)
        }
    }
}

fn header_name(name: &str, op: &'static str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::request(op, format!("{name:?} is not a valid header name")))
}

#[cfg(test)]
mod tests {
    use super::join;

    /// Joining onto the parsed base gives exactly what parsing the whole
    /// text gave, for every shape of path and base URL.
    #[test]
    fn join_is_the_full_parse() {
        let bases = [
            "http://127.0.0.1:8080",
            "https://app.onlyfansapi.com",
            "https://example.com/v1",
            "https://example.com/v1/nested",
            "https://user:pw@example.com:8443/v1",
            "https://example.com/v1?x=1",
            "https://bücher.example",
            "http://[::1]:3000/base%20path",
        ];
        let paths = [
            "/api/smart-link-postbacks/123",
            "/api/a%20b%2Fc%3Fd%23e%25f",
            "/api/a b/ü/\u{1F600}",
            "/api/../x/./y",
            "/api/%2e%2e/z",
            "/api\\back\\slash",
            "//double//slash/",
            "/",
            "/api/x?already=1",
            "/api/x#frag",
            "/api/\t/tab",
            "relative/path",
            "",
            "/api/{braces}/[brackets]/|pipe|/^caret^/`tick`",
        ];
        for base_url in bases {
            let base = reqwest::Url::parse(base_url).unwrap();
            for path in paths {
                let full = reqwest::Url::parse(&format!("{base_url}{path}"))
                    .map(String::from)
                    .map_err(|e| e.to_string());
                let joined = join(&base, base_url, path)
                    .map(String::from)
                    .map_err(|e| e.to_string());
                assert_eq!(joined, full, "{base_url} + {path}");
            }
        }
    }
}
