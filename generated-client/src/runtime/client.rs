//! The client: base URL, credentials, default timeout, retry policy, and the
//! shared HTTP connection pool. Cheap to clone; clones share the pool.
//!
//! What differs from one API to the next (its server, how the key travels,
//! the environment variable) comes from the generated code through
//! [`ClientInfo`]; this module never names generated code.

use super::error::Error;
use super::retry::RetryPolicy;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What an API tells the runtime about itself. The generator implements it
/// for [`Client`] (in the crate's generated code), so the runtime reads the
/// API's defaults without naming generated code.
pub trait ClientInfo {
    /// Where requests go unless [`ClientBuilder::base_url`] says otherwise
    /// (the spec's first usable server); `None` when the spec names none.
    const DEFAULT_BASE_URL: Option<&'static str>;
    /// How requests carry the API key.
    const AUTH_SCHEME: AuthScheme;
    /// The environment variable [`Client::from_env`] reads the API key from.
    const API_KEY_ENV: &'static str;
}

/// How the API key travels with each request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// No authentication.
    None,
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic …`, the key being `user:password`.
    Basic,
    /// The key in a header of this name.
    Header(&'static str),
    /// The key in a query parameter of this name.
    Query(&'static str),
}

/// The API key. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ApiKey(String);

impl ApiKey {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The base URL as given (trailing `/` removed); empty when there is none.
    pub(crate) base_url: String,
    /// `base_url`, parsed once when the client is built; `None` when empty.
    pub(crate) base: Option<reqwest::Url>,
    pub(crate) api_key: Option<ApiKey>,
    pub(crate) auth: AuthScheme,
    /// The header that carries the key, worked out once when the client is
    /// built (`None` when no header carries it: no key, no auth, or auth in
    /// the query). A key that cannot be a header value is kept as the error
    /// message every call reports, as when it was checked per call.
    pub(crate) auth_header: Option<Result<(HeaderName, HeaderValue), String>>,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
}

/// The header carrying `key` under `auth`, marked sensitive (never indexed
/// by HTTP/2, never shown by `Debug`); the error says what is wrong without
/// quoting the key.
fn auth_header(
    auth: AuthScheme,
    key: &ApiKey,
) -> Option<Result<(HeaderName, HeaderValue), String>> {
    let secret = |value: &str| {
        let mut v = HeaderValue::from_str(value)
            .map_err(|_| "the API key contains characters not allowed in a header".to_string())?;
        v.set_sensitive(true);
        Ok(v)
    };
    Some(match auth {
        AuthScheme::Bearer => {
            secret(&format!("Bearer {}", key.expose())).map(|v| (AUTHORIZATION, v))
        }
        AuthScheme::Basic => {
            use base64::Engine;
            let encoded = base64::engine::general_purpose::STANDARD.encode(key.expose());
            secret(&format!("Basic {encoded}")).map(|v| (AUTHORIZATION, v))
        }
        AuthScheme::Header(name) => HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("{name:?} is not a valid header name"))
            .and_then(|name| Ok((name, secret(key.expose())?))),
        AuthScheme::None | AuthScheme::Query(_) => return None,
    })
}

/// The TLS settings of the HTTP client the builder makes, as reqwest's
/// `rustls` feature would make them (TLS 1.2 and 1.3, certificates checked
/// against the OS trust store, HTTP/2 and HTTP/1.1 offered by ALPN), but with
/// the process's default rustls crypto provider when one is installed, else
/// `ring`: reqwest's own default is aws-lc-rs, a C library built from source.
/// Nothing process-wide is installed or changed.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::config(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// A client for the API. Create one and reuse it: it holds the connection
/// pool. Operations are reached through its group accessors (one per tag of
/// the spec) or [`Client::call`]; see the crate documentation for an example.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field(
                "api_key",
                &self.inner.api_key.as_ref().map(|_| "<redacted>"),
            )
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    /// The default timeout of every request (overridable per client and per call).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// A client with this API key and the spec's default base URL.
    pub fn new(api_key: impl Into<String>) -> Self {
        Self::builder()
            .api_key(api_key)
            .build()
            .expect("the default configuration is valid")
    }

    /// A client whose API key comes from the environment: the variable is
    /// named after the crate (`ONLYFANS_API_KEY` for `onlyfans-api`). The base
    /// URL may be overridden with the variable of the same prefix ending in
    /// `_BASE_URL` (`ONLYFANS_API_BASE_URL`).
    pub fn from_env() -> Result<Self, Error> {
        const API_KEY_ENV: &str = <Client as ClientInfo>::API_KEY_ENV;
        let key = std::env::var(API_KEY_ENV)
            .map_err(|_| Error::config(format!("environment variable {API_KEY_ENV} is not set")))?;
        let mut builder = Self::builder().api_key(key);
        let base_var = format!("{}_BASE_URL", API_KEY_ENV.trim_end_matches("_KEY"));
        if let Ok(url) = std::env::var(&base_var) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// Configure a client step by step.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// How failed requests are retried.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// The API key sent with every request.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Send requests here instead of the spec's server (e.g. a test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The timeout of each request (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How failed requests are retried (default: [`RetryPolicy::default`],
    /// 2 retries of idempotent requests, at most 60 s of waiting in all).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Retries after the first attempt (default 2; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Exponential backoff: the first wait is about `base`, each next one
    /// doubles, none exceeds `cap` (defaults 500 ms and 30 s). Waits the
    /// server asks for (`Retry-After`) are used instead when given.
    pub fn retry_backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.retry.base_delay = base;
        self.retry.max_delay = cap;
        self
    }

    /// The most a call waits between attempts, all waits together (default
    /// 60 s). When the server asks for a longer wait than what is left, the
    /// call fails at once with the server's error (a 429, say).
    pub fn max_retry_delay(mut self, total: Duration) -> Self {
        self.retry.max_total_delay = total;
        self
    }

    /// Retry POST and PATCH requests too (default false). Per call:
    /// [`Call::with_retry_non_idempotent`].
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry.retry_non_idempotent = retry;
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS settings, connection limits).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        // Without a base URL (the spec names no usable server and none was
        // set) the client still builds; each call then fails with a Config error.
        let base_url = self
            .base_url
            .or_else(|| <Client as ClientInfo>::DEFAULT_BASE_URL.map(str::to_string))
            .unwrap_or_default();
        let base_url = base_url.trim_end_matches('/').to_string();
        let base = if base_url.is_empty() {
            None
        } else {
            let parsed = reqwest::Url::parse(&base_url)
                .map_err(|e| Error::config(format!("invalid base URL {base_url:?}: {e}")))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(Error::config(format!(
                    "base URL {base_url:?} is not http or https"
                )));
            }
            Some(parsed)
        };
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .tls_backend_preconfigured(tls_config()?)
                .build()
                .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?,
        };
        let auth = <Client as ClientInfo>::AUTH_SCHEME;
        let api_key = self.api_key.map(ApiKey);
        let auth_header = api_key.as_ref().and_then(|key| auth_header(auth, key));
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base,
                api_key,
                auth,
                auth_header,
                timeout: self.timeout.unwrap_or(Client::DEFAULT_TIMEOUT),
                retry: self.retry,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(auth: AuthScheme, key: &str) -> Option<Result<(HeaderName, HeaderValue), String>> {
        auth_header(auth, &ApiKey(key.to_string()))
    }

    #[test]
    fn the_auth_header_is_worked_out_once_per_scheme() {
        let (name, value) = header(AuthScheme::Bearer, "k1").unwrap().unwrap();
        assert_eq!(
            (name.as_str(), value.to_str().unwrap()),
            ("authorization", "Bearer k1")
        );
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("k1"), "Debug hides it");

        let (name, value) = header(AuthScheme::Basic, "user:pw").unwrap().unwrap();
        assert_eq!(name, AUTHORIZATION);
        assert_eq!(value.to_str().unwrap(), "Basic dXNlcjpwdw==");
        assert!(value.is_sensitive());

        let (name, value) = header(AuthScheme::Header("X-Api-Key"), "k2")
            .unwrap()
            .unwrap();
        assert_eq!(
            (name.as_str(), value.to_str().unwrap()),
            ("x-api-key", "k2")
        );
        assert!(value.is_sensitive());

        assert!(header(AuthScheme::Query("api_key"), "k3").is_none());
        assert!(header(AuthScheme::None, "k4").is_none());
    }

    #[test]
    fn a_key_or_header_name_that_cannot_be_sent_is_an_error_without_the_key() {
        let err = header(AuthScheme::Bearer, "bad\nkey").unwrap().unwrap_err();
        assert_eq!(
            err,
            "the API key contains characters not allowed in a header"
        );
        let err = header(AuthScheme::Header("X-Api-Key"), "bad\rkey")
            .unwrap()
            .unwrap_err();
        assert!(!err.contains("bad"), "{err}");
        let err = header(AuthScheme::Header("bad name"), "k")
            .unwrap()
            .unwrap_err();
        assert_eq!(err, "\"bad name\" is not a valid header name");
    }
}
