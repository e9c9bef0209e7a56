//! The client: base URL, credentials, default timeout, retry policy, and the
//! shared HTTP connection pool. Cheap to clone; clones share the pool.
//!
//! What differs from one API to the next (its server, how the key travels,
//! the environment variable) comes from the generated code through
//! [`ClientInfo`]; this module never names generated code.

use super::error::Error;
use super::retry::RetryPolicy;
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
    pub(crate) base_url: String,
    pub(crate) api_key: Option<ApiKey>,
    pub(crate) auth: AuthScheme,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
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
        if !base_url.is_empty() {
            let parsed = reqwest::Url::parse(&base_url)
                .map_err(|e| Error::config(format!("invalid base URL {base_url:?}: {e}")))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(Error::config(format!(
                    "base URL {base_url:?} is not http or https"
                )));
            }
        }
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()
                .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                api_key: self.api_key.map(ApiKey),
                auth: <Client as ClientInfo>::AUTH_SCHEME,
                timeout: self.timeout.unwrap_or(Client::DEFAULT_TIMEOUT),
                retry: self.retry,
            }),
        })
    }
}
