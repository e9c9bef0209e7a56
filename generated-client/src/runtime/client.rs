//! The client: base URL, credentials, default timeout, retry policy, and the
//! shared HTTP connection pool. Cheap to clone; clones share the pool.
//!
//! What differs from one API to the next (its server, its security schemes
//! and their environment variables) comes from the generated code through
//! [`ClientInfo`]; this module never names generated code. The generated
//! code also writes `Client::new`, `Client::builder` (which takes the base
//! URL when the spec names no server) and a credential setter per scheme on
//! [`ClientBuilder`].

use super::auth::{
    self, Credential, Credentials, CredentialsProvider, DynProvider, Scheme, Security,
};
use super::error::Error;
use super::hooks::{DynHook, Hook, Hooks};
use super::retry::RetryPolicy;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What an API tells the runtime about itself. The generator implements it
/// for [`Client`] (in the crate's generated code), so the runtime reads the
/// API's defaults without naming generated code.
pub trait ClientInfo {
    /// Where requests go unless [`ClientBuilder::base_url`] says otherwise
    /// (the spec's first usable server); `None` when the spec names none
    /// (then `Client::builder` takes the base URL).
    const DEFAULT_BASE_URL: Option<&'static str>;
    /// The environment variable [`Client::from_env`] reads the base URL from.
    const BASE_URL_ENV: &'static str;
    /// The security schemes the API's operations use (empty: none needs credentials).
    const SCHEMES: &'static [&'static Scheme];
    /// The spec's global `security`: what an operation that states none requires.
    const SECURITY: Security;
    /// Some operation cannot be called without credentials: then
    /// [`Client::from_env`] fails when the environment holds none.
    const CREDENTIALS_REQUIRED: bool;
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The base URL as given (trailing `/` removed).
    pub(crate) base_url: String,
    /// `base_url`, parsed once when the client is built.
    pub(crate) base: reqwest::Url,
    pub(crate) credentials: Credentials,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// Run around every attempt, in order (empty: nothing runs).
    pub(crate) hooks: Hooks,
    /// Every POST and PATCH call gets an idempotency key.
    pub(crate) idempotency_keys: bool,
}

/// The TLS settings of the HTTP client the builder makes, as reqwest's
/// `rustls` feature would make them (TLS 1.2 and 1.3, certificates checked
/// against the OS trust store, HTTP/2 and HTTP/1.1 offered by ALPN), but with
/// the process's default rustls crypto provider when one is installed, else
/// `ring`: reqwest's own default is aws-lc-rs, a C library built from source.
/// Nothing process-wide is installed or changed.
pub(crate) fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(ring_provider()));
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::config(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// rustls' `ring` provider. rustls 0.23.48 deprecates it (ring has no
/// post-quantum key exchange); it stays, and is what `from_crate_features`
/// picks for a build with `ring` alone, in every 0.23 release. Allowing the
/// lint keeps a fresh build (which resolves the newest 0.23) warning-free,
/// and is a no-op on the releases before.
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
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
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("hooks", &self.inner.hooks.len())
            .field("idempotency_keys", &self.inner.idempotency_keys)
            .finish()
    }
}

impl Client {
    /// The default timeout of every request (overridable per client and per call).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// A client configured from the environment, with variables named after
    /// the crate: each security scheme's credential (for a crate with one
    /// key, `<CRATE>_KEY`: `ONLYFANS_API_KEY` for `onlyfans-api`; the crate's
    /// README lists them) and the base URL (`<CRATE>_BASE_URL`, required
    /// when the spec names no server). Fails when the API needs credentials
    /// and the environment holds none, naming what to set.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_env_with(&|name| std::env::var(name).ok())
    }

    /// [`Client::from_env`], with `read` looking variables up.
    pub(crate) fn from_env_with(read: &dyn Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let base_var = <Client as ClientInfo>::BASE_URL_ENV;
        let base_url = read(base_var).filter(|v| !v.is_empty());
        if base_url.is_none() && <Client as ClientInfo>::DEFAULT_BASE_URL.is_none() {
            return Err(Error::config(format!(
                "environment variable {base_var} is not set (the spec names no server, so the base URL is required)"
            )));
        }
        let mut builder = ClientBuilder::new(base_url);
        let schemes = <Client as ClientInfo>::SCHEMES;
        let mut found = false;
        for scheme in schemes {
            let credential = auth::from_env(scheme, read)
                .map_err(|e| Error::config(format!("environment: {e}")))?;
            if let Some(credential) = credential {
                builder = builder.credential(scheme.name, credential);
                found = true;
            }
        }
        if !found && <Client as ClientInfo>::CREDENTIALS_REQUIRED {
            let ways: Vec<String> = schemes.iter().map(|s| auth::env_hint(s)).collect();
            return Err(Error::config(match ways.as_slice() {
                [one] if !one.contains(" and ") => format!("environment variable {one} is not set"),
                _ => format!(
                    "no credentials in the environment: set {}",
                    ways.join(", or ")
                ),
            }));
        }
        builder.build()
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

/// Builds a [`Client`]: `Client::builder()` (or `Client::builder(base_url)`
/// for an API whose spec names no server), then credentials and options,
/// then [`ClientBuilder::build`].
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Vec<(String, Credential)>,
    provider: Option<Arc<dyn DynProvider>>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    hooks: Vec<Arc<dyn DynHook>>,
    idempotency_keys: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<&str> = self.credentials.iter().map(|(s, _)| s.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &schemes)
            .field("provider", &self.provider.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .field("idempotency_keys", &self.idempotency_keys)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder sending requests to `base_url`, else to the spec's server.
    /// Generated code calls it from `Client::builder`.
    pub(crate) fn new(base_url: Option<String>) -> Self {
        ClientBuilder {
            base_url,
            credentials: Vec::new(),
            provider: None,
            timeout: None,
            retry: RetryPolicy::default(),
            http: None,
            hooks: Vec::new(),
            idempotency_keys: false,
        }
    }

    /// The credential of the security scheme named `scheme` in the spec
    /// (the generated setters, named after the schemes, call this; a later
    /// credential for a scheme replaces an earlier one). [`ClientBuilder::build`]
    /// fails for a name the API does not use, or a credential of the wrong
    /// kind (a user and password for an API key, say).
    pub fn credential(mut self, scheme: &str, credential: Credential) -> Self {
        self.credentials.push((scheme.to_string(), credential));
        self
    }

    /// Ask `provider` for the credentials of every scheme the builder got
    /// none for, per request (see [`CredentialsProvider`]).
    pub fn credentials_provider(mut self, provider: impl CredentialsProvider) -> Self {
        self.provider = Some(Arc::new(provider));
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
    /// [`Call::with_retry_non_idempotent`](super::Call::with_retry_non_idempotent).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry.retry_non_idempotent = retry;
        self
    }

    /// Run `hook` around every attempt of every request, after the hooks
    /// added before it: [`Hook::before_attempt`] may change (sign) the
    /// request, [`Hook::after_attempt`] sees the answer or error and
    /// whether a retry follows (see [`Hook`] for the order).
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Send an idempotency key with every call of a method that is not
    /// idempotent (POST, PATCH, …), the same on every attempt, and retry
    /// those calls like idempotent ones (default false: only operations
    /// that declare an `Idempotency-Key` header get keys). Per call:
    /// [`Call::with_idempotency`](super::Call::with_idempotency).
    pub fn idempotency_keys(mut self, on: bool) -> Self {
        self.idempotency_keys = on;
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS settings, connection limits).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client; a `Config` error for a base URL that is missing, not
    /// http(s) or not a URL, a credential for a scheme the API does not
    /// use, or an HTTP client that cannot be set up.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .or_else(|| <Client as ClientInfo>::DEFAULT_BASE_URL.map(str::to_string))
            .ok_or_else(|| {
                Error::config("no base URL: the spec names no server, so one is required")
            })?;
        let base_url = base_url.trim_end_matches('/').to_string();
        let base = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::config(format!("invalid base URL {base_url:?}: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "base URL {base_url:?} is not http or https"
            )));
        }
        let credentials = Credentials::new(
            <Client as ClientInfo>::SCHEMES,
            self.credentials,
            self.provider,
            &base,
        )?;
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
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base,
                credentials,
                timeout: self.timeout.unwrap_or(Client::DEFAULT_TIMEOUT),
                retry: self.retry,
                hooks: self.hooks.into_boxed_slice(),
                idempotency_keys: self.idempotency_keys,
            }),
        })
    }
}
