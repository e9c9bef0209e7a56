//! OAuth2 client credentials (RFC 6749, section 4.4): the client asks the
//! token endpoint of the scheme's `clientCredentials` flow for an access
//! token (a form-encoded `grant_type=client_credentials`, the client
//! authenticated with its id and secret, the scopes asked for), sends it as
//! `Authorization: Bearer …`, keeps it, and asks for a new one shortly
//! before it expires (`expires_in`).
//!
//! **Single flight**: a [`TokenSource`] holds the token behind a plain
//! mutex (read by every call, never held across an `.await`) and a second,
//! async mutex that only a call needing a new token takes. The first such
//! call fetches while holding it; the calls that arrive meanwhile wait on
//! it, then find the fresh token and send it, so N concurrent calls make
//! one token request. A call that is dropped while fetching releases the
//! lock, and the next waiter fetches. A failed token request fails the call
//! that made it (with the endpoint's status and body, or the connection
//! error) and caches nothing.
//!
//! Secrets stay secret: the client secret and the tokens are [`Secret`]s
//! and sensitive header values, never in `Debug`, errors or spans.

use super::error::Error;
use super::secret::Secret;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The credentials of an OAuth2 client (the client credentials grant):
/// its id and secret, the scopes to ask for and, when not the spec's, the
/// token endpoint. `Debug` shows the id, never the secret.
///
/// ```ignore
/// let credentials = ClientCredentials::new("my-client", "my-secret").scopes(["read", "write"]);
/// ```
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    token_url: Option<String>,
    secret_in_body: bool,
}

impl ClientCredentials {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            scopes: Vec::new(),
            token_url: None,
            secret_in_body: false,
        }
    }

    /// The scopes to ask for, sent space-separated as `scope` (none by
    /// default: the server grants its default scopes).
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Ask this token endpoint instead of the one the spec names: an
    /// absolute URL, or a reference resolved against the client's base URL.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Send the client id and secret as form fields (`client_secret_post`)
    /// instead of HTTP basic authentication (`client_secret_basic`, the
    /// default, which RFC 6749 asks every server to support).
    pub fn secret_in_body(mut self, in_body: bool) -> Self {
        self.secret_in_body = in_body;
        self
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("token_url", &self.token_url)
            .field("secret_in_body", &self.secret_in_body)
            .finish()
    }
}

/// An access token, ready to send, and when to ask for the next one.
#[derive(Clone)]
struct Cached {
    /// `Bearer <token>`, sensitive.
    header: HeaderValue,
    /// `None`: the server gave no lifetime; the token is kept.
    refresh_at: Option<Instant>,
}

/// Access tokens of one client for one scheme: fetched, cached, refreshed
/// (see the module docs for how concurrent calls share a refresh).
pub(crate) struct TokenSource {
    credentials: ClientCredentials,
    url: reqwest::Url,
    cached: Mutex<Option<Cached>>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("credentials", &self.credentials)
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

/// How much earlier than its expiry a token is replaced: a fifth of its
/// lifetime, at most a minute (so a token is never sent in its last moments).
fn margin(lifetime: Duration) -> Duration {
    (lifetime / 5).min(Duration::from_secs(60))
}

/// Form encoding of the client id and secret inside HTTP basic
/// authentication (RFC 6749, section 2.3.1).
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

impl TokenSource {
    /// A source asking `spec_url` (the flow's `tokenUrl`, unless the
    /// credentials name another), resolved against the base URL when it is
    /// relative. The error says what is wrong with the URL.
    pub(crate) fn new(
        credentials: ClientCredentials,
        spec_url: Option<&str>,
        base: &reqwest::Url,
    ) -> Result<Self, String> {
        let Some(text) = credentials.token_url.as_deref().or(spec_url) else {
            return Err(
                "the scheme names no token URL: set one with ClientCredentials::token_url".into(),
            );
        };
        let url = base
            .join(text)
            .map_err(|e| format!("invalid token URL {text:?}: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("token URL {text:?} is not http or https"));
        }
        Ok(TokenSource {
            credentials,
            url,
            cached: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
        })
    }

    /// `Bearer <access token>`: the cached token while it is fresh, else a
    /// new one (one token request, however many calls wait for it).
    pub(crate) async fn header(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        operation: &'static str,
    ) -> Result<HeaderValue, Error> {
        if let Some(header) = self.fresh() {
            return Ok(header);
        }
        let _refreshing = self.refresh.lock().await;
        // Another call may have fetched one while this one waited.
        if let Some(header) = self.fresh() {
            return Ok(header);
        }
        let token = self.fetch(http, timeout, operation).await?;
        let header = token.header.clone();
        *self.cached.lock().unwrap_or_else(|e| e.into_inner()) = Some(token);
        Ok(header)
    }

    /// The cached token, unless it is missing or due for replacement.
    fn fresh(&self) -> Option<HeaderValue> {
        let cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        let token = cached.as_ref()?;
        match token.refresh_at {
            Some(at) if Instant::now() >= at => None,
            _ => Some(token.header.clone()),
        }
    }

    /// One token request.
    async fn fetch(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        operation: &'static str,
    ) -> Result<Cached, Error> {
        let c = &self.credentials;
        let scope = c.scopes.join(" ");
        let mut form = vec![("grant_type", "client_credentials")];
        if !scope.is_empty() {
            form.push(("scope", scope.as_str()));
        }
        if c.secret_in_body {
            form.push(("client_id", c.client_id.as_str()));
            form.push(("client_secret", c.client_secret.expose()));
        }
        let body = serde_urlencoded::to_string(&form).map_err(|e| {
            Error::request(operation, format!("cannot encode the token request: {e}"))
        })?;
        let mut request = reqwest::Request::new(reqwest::Method::POST, self.url.clone());
        let headers = request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if !c.secret_in_body {
            use base64::Engine;
            let pair = format!(
                "{}:{}",
                utf8_percent_encode(&c.client_id, FORM),
                utf8_percent_encode(c.client_secret.expose(), FORM)
            );
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
                .expect("base64 is a valid header value");
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        *request.timeout_mut() = Some(timeout);
        *request.body_mut() = Some(body.into());
        let span = tracing::info_span!(
            "oauth2_token",
            token_url = %format_args!("{}{}", self.url.origin().ascii_serialization(), self.url.path()),
            status = tracing::field::Empty,
        );
        let answer = async {
            let answer = http
                .execute(request)
                .await
                .map_err(|e| Error::transport(operation, e))?;
            let status = answer.status();
            tracing::Span::current().record("status", status.as_u16());
            let headers = answer.headers().clone();
            let body = answer
                .bytes()
                .await
                .map_err(|e| Error::transport(operation, e))?;
            Ok::<_, Error>((status, headers, body))
        }
        .instrument(span)
        .await;
        let (status, headers, body) = answer?;
        if !status.is_success() {
            return Err(Error::from_status(operation, status, headers, body, &[]));
        }
        let obtained = Instant::now();
        let (token, lifetime) = read_token(&body).ok_or_else(|| {
            Error::request(
                operation,
                format!(
                    "the OAuth2 token endpoint {} answered {status} without an access_token",
                    self.url.path()
                ),
            )
        })?;
        let mut header =
            HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                Error::request(
                    operation,
                    "the OAuth2 access token contains characters not allowed in a header",
                )
            })?;
        header.set_sensitive(true);
        Ok(Cached {
            header,
            refresh_at: lifetime.map(|l| obtained + l - margin(l)),
        })
    }
}

/// `access_token` and `expires_in` (seconds, a number or its text) of a
/// token response.
fn read_token(body: &[u8]) -> Option<(Secret, Option<Duration>)> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let token = value.get("access_token")?.as_str()?;
    if token.is_empty() {
        return None;
    }
    let lifetime = match value.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|s| s.is_finite() && *s >= 0.0)
    .map(Duration::from_secs_f64);
    Some((Secret::new(token), lifetime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_response_is_read_with_its_lifetime() {
        let (token, lifetime) =
            read_token(br#"{"access_token":"t1","token_type":"Bearer","expires_in":3600}"#)
                .unwrap();
        assert_eq!(token.expose(), "t1");
        assert_eq!(lifetime, Some(Duration::from_secs(3600)));
        let (_, lifetime) = read_token(br#"{"access_token":"t","expires_in":"90"}"#).unwrap();
        assert_eq!(lifetime, Some(Duration::from_secs(90)));
        let (_, lifetime) = read_token(br#"{"access_token":"t"}"#).unwrap();
        assert_eq!(lifetime, None);
        assert!(read_token(br#"{"token":"t"}"#).is_none());
        assert!(read_token(br#"{"access_token":""}"#).is_none());
        assert!(read_token(b"not json").is_none());
    }

    #[test]
    fn tokens_are_replaced_before_they_expire() {
        assert_eq!(margin(Duration::from_secs(3600)), Duration::from_secs(60));
        assert_eq!(margin(Duration::from_secs(10)), Duration::from_secs(2));
        assert_eq!(margin(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn the_token_url_is_resolved_against_the_base_url() {
        let base = reqwest::Url::parse("https://api.example.com/v1").unwrap();
        let c = || ClientCredentials::new("id", "secret");
        let at = |c: ClientCredentials, spec: Option<&str>| {
            TokenSource::new(c, spec, &base).map(|s| s.url.to_string())
        };
        assert_eq!(
            at(c(), Some("https://auth.example.com/token")).unwrap(),
            "https://auth.example.com/token"
        );
        assert_eq!(
            at(c(), Some("/oauth/token")).unwrap(),
            "https://api.example.com/oauth/token"
        );
        assert_eq!(
            at(
                c().token_url("https://other.example/t"),
                Some("/oauth/token")
            )
            .unwrap(),
            "https://other.example/t"
        );
        assert!(at(c(), None).unwrap_err().contains("no token URL"));
        assert!(at(c(), Some("ftp://x/t")).unwrap_err().contains("not http"));
    }

    #[test]
    fn debug_shows_the_client_id_never_the_secret() {
        let c = ClientCredentials::new("my-client", "s3cr3t").scopes(["read"]);
        let shown = format!("{c:?} {c:#?}");
        assert!(
            shown.contains("my-client") && shown.contains("read"),
            "{shown}"
        );
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}
