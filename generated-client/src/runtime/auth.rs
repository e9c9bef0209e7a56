//! Authentication, per operation, from the spec's security schemes.
//!
//! Generated code describes the schemes the API's operations use
//! ([`Scheme`]: its name in the spec, how its credential travels, the
//! environment variables [`Client::from_env`](super::Client::from_env)
//! reads it from) and, per operation, its requirement ([`Security`]):
//! alternatives, any one of which suffices, each the schemes it needs
//! together. The client holds a [`Credential`] per scheme (set with the
//! builder's setters, named after the schemes) and, for the rest, an
//! optional [`CredentialsProvider`] it asks per request.
//!
//! For each request (each attempt), the first alternative whose credentials
//! the client has is used, and each of its schemes' credentials goes where
//! the scheme says: `Authorization`, a header, a query parameter or a
//! cookie. An operation without alternatives (`security: []`) gets nothing;
//! a request whose alternatives all lack credentials goes without (the
//! server answers 401). An alternative needing no scheme (`{}` in the spec,
//! "optional authentication") comes last, so credentials the client has are
//! sent.
//!
//! Secrets never show: credentials are [`Secret`]s, header values are
//! marked sensitive, errors say what is wrong without quoting them.

use super::error::Error;
use super::oauth2::{ClientCredentials, TokenSource};
use super::secret::Secret;
use futures_util::future::Either;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A security scheme of the API (`components/securitySchemes/{name}`), as
/// the generated code describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scheme {
    /// The scheme's name in the spec.
    pub name: &'static str,
    /// How its credential travels.
    pub kind: SchemeKind,
    /// Where [`Client::from_env`](super::Client::from_env) reads its credential.
    pub env: SchemeEnv,
}

/// How a scheme's credential travels with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// HTTP bearer: `Authorization: Bearer <token>`.
    Bearer,
    /// HTTP basic: `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// Another HTTP scheme: `Authorization: <scheme> <credentials>`.
    Http(&'static str),
    /// An API key in the header, query parameter or cookie of this name.
    ApiKey(KeyIn, &'static str),
    /// OAuth2: `Authorization: Bearer <access token>`. `token_url` is the
    /// token endpoint of its client credentials flow, when it has one.
    OAuth2 { token_url: Option<&'static str> },
    /// OpenID Connect: `Authorization: Bearer <token>`.
    OpenIdConnect,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyIn {
    Header,
    Query,
    Cookie,
}

/// The environment variables of a scheme's credential, each part with its
/// names in the order they are read (the first that is set wins; the others
/// are aliases). Parts the scheme does not take are empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemeEnv {
    /// The token: an API key, a bearer token, an access token.
    pub token: &'static [&'static str],
    /// HTTP basic: the user name and the password.
    pub username: &'static [&'static str],
    pub password: &'static [&'static str],
    /// OAuth2 client credentials.
    pub client_id: &'static [&'static str],
    pub client_secret: &'static [&'static str],
}

impl SchemeEnv {
    /// No variables.
    pub const NONE: SchemeEnv = SchemeEnv {
        token: &[],
        username: &[],
        password: &[],
        client_id: &[],
        client_secret: &[],
    };
}

/// An operation's security requirement: alternatives, any one of which
/// suffices, each the schemes it needs together. Empty: no authentication.
pub type Security = &'static [&'static [&'static Scheme]];

/// The credential of one scheme. `Debug` never shows a secret.
#[derive(Clone)]
pub struct Credential(Given);

#[derive(Clone)]
enum Given {
    Token(Secret),
    Basic { user: Secret, password: Secret },
    ClientCredentials(ClientCredentials),
    Headers(Vec<(String, Secret)>),
}

impl Credential {
    /// A token sent where its scheme says: an API key, a bearer token, an
    /// OAuth2 access token, another HTTP scheme's credentials (for HTTP
    /// basic: `user:password`).
    pub fn token(token: impl Into<String>) -> Self {
        Credential(Given::Token(Secret::new(token)))
    }

    /// A user name and password (HTTP basic).
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credential(Given::Basic {
            user: Secret::new(user),
            password: Secret::new(password),
        })
    }

    /// OAuth2 client credentials: the client fetches access tokens with
    /// them, and refreshes them before they expire.
    pub fn client_credentials(credentials: ClientCredentials) -> Self {
        Credential(Given::ClientCredentials(credentials))
    }

    /// Headers sent as they are, whatever the scheme (marked sensitive):
    /// for a [`CredentialsProvider`] that signs requests.
    pub fn headers<I, K, V>(headers: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Credential(Given::Headers(
            headers
                .into_iter()
                .map(|(k, v)| (k.into(), Secret::new(v)))
                .collect(),
        ))
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Given::Token(_) => f.write_str("Credential::Token(<redacted>)"),
            Given::Basic { .. } => f.write_str("Credential::Basic(<redacted>)"),
            Given::ClientCredentials(c) => f
                .debug_tuple("Credential::ClientCredentials")
                .field(c)
                .finish(),
            Given::Headers(list) => {
                let names: Vec<&str> = list.iter().map(|(k, _)| k.as_str()).collect();
                f.debug_tuple("Credential::Headers").field(&names).finish()
            }
        }
    }
}

/// The error a [`CredentialsProvider`] may fail with.
pub type ProviderError = Box<dyn std::error::Error + Send + Sync>;

/// Credentials the client asks for per request: refreshed tokens, signed
/// requests, secrets from a vault. Set with
/// [`ClientBuilder::credentials_provider`](super::ClientBuilder::credentials_provider);
/// asked for every scheme the client holds no credential of, on every
/// attempt of every request that uses it.
///
/// ```ignore
/// struct Vault;
/// impl CredentialsProvider for Vault {
///     async fn credential(&self, request: &AuthRequest<'_>) -> Result<Option<Credential>, ProviderError> {
///         Ok(Some(Credential::token(fetch_token(request.scheme().name).await?)))
///     }
/// }
/// ```
pub trait CredentialsProvider: Send + Sync + 'static {
    /// The credential of `request.scheme()` for this request; `Ok(None)`
    /// when there is none (the operation's next alternative is tried). An
    /// error fails the call (its message is shown: keep secrets out of it).
    fn credential(
        &self,
        request: &AuthRequest<'_>,
    ) -> impl Future<Output = Result<Option<Credential>, ProviderError>> + Send;
}

type Provided<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Credential>, ProviderError>> + Send + 'a>>;

/// [`CredentialsProvider`] as an object.
pub(crate) trait DynProvider: Send + Sync {
    fn credential<'a>(&'a self, request: &'a AuthRequest<'a>) -> Provided<'a>;
}

impl<P: CredentialsProvider> DynProvider for P {
    fn credential<'a>(&'a self, request: &'a AuthRequest<'a>) -> Provided<'a> {
        Box::pin(CredentialsProvider::credential(self, request))
    }
}

/// What a [`CredentialsProvider`] is asked for: a scheme's credential for
/// one request.
#[derive(Debug)]
pub struct AuthRequest<'a> {
    scheme: &'a Scheme,
    operation: &'static str,
    method: &'a reqwest::Method,
    url: &'a reqwest::Url,
}

impl AuthRequest<'_> {
    /// The scheme whose credential is asked for.
    pub fn scheme(&self) -> &Scheme {
        self.scheme
    }

    /// The operationId of the call.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    pub fn method(&self) -> &reqwest::Method {
        self.method
    }

    /// The URL of the request, with its query (credentials in the query aside).
    pub fn url(&self) -> &reqwest::Url {
        self.url
    }
}

/// One thing a credential puts into a request.
#[derive(Clone)]
pub(crate) enum Piece {
    /// A header, its value sensitive.
    Header(HeaderName, HeaderValue),
    Query(&'static str, Secret),
    Cookie(&'static str, Secret),
}

impl fmt::Debug for Piece {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Piece::Header(name, _) => write!(f, "Header({name}: <redacted>)"),
            Piece::Query(name, _) => write!(f, "Query({name}=<redacted>)"),
            Piece::Cookie(name, _) => write!(f, "Cookie({name}=<redacted>)"),
        }
    }
}

/// Why `given` cannot be `scheme`'s credential, when it cannot.
fn mismatch(scheme: &Scheme, given: &Given) -> Option<String> {
    match (given, scheme.kind) {
        (Given::Token(_) | Given::Headers(_), _)
        | (Given::Basic { .. }, SchemeKind::Basic)
        | (Given::ClientCredentials(_), SchemeKind::OAuth2 { .. }) => None,
        (Given::Basic { .. }, _) => Some(format!(
            "security scheme `{}` takes a token, not a user and password",
            scheme.name
        )),
        (Given::ClientCredentials(_), _) => Some(format!(
            "security scheme `{}` is not OAuth2: client credentials do not apply",
            scheme.name
        )),
    }
}

/// A sensitive header value; the error names `what`, never the value.
fn sensitive(text: &str, what: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(text)
        .map_err(|_| format!("{what} contains characters not allowed in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

fn header_name(name: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))
}

fn basic(pair: &str) -> Result<HeaderValue, String> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
    sensitive(&format!("Basic {encoded}"), "the credential")
}

/// What `given` puts into a request for `scheme` (client credentials
/// aside: their token is fetched); the error says what cannot be sent.
fn pieces(scheme: &Scheme, given: &Given) -> Result<Vec<Piece>, String> {
    const KEY: &str = "the API key";
    let token = match given {
        Given::Token(token) => token,
        Given::Basic { user, password } => {
            let pair = format!("{}:{}", user.expose(), password.expose());
            return Ok(vec![Piece::Header(AUTHORIZATION, basic(&pair)?)]);
        }
        Given::Headers(list) => {
            return list
                .iter()
                .map(|(name, value)| {
                    let what = format!("the value of header {name}");
                    Ok(Piece::Header(
                        header_name(name)?,
                        sensitive(value.expose(), &what)?,
                    ))
                })
                .collect();
        }
        Given::ClientCredentials(_) => {
            return Err(format!(
                "client credentials of `{}` are set on the client builder, not given per request",
                scheme.name
            ))
        }
    };
    let authorization = |prefix: &str| {
        sensitive(&format!("{prefix} {}", token.expose()), KEY)
            .map(|v| Piece::Header(AUTHORIZATION, v))
    };
    Ok(vec![match scheme.kind {
        SchemeKind::Bearer | SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
            authorization("Bearer")?
        }
        SchemeKind::Basic => Piece::Header(AUTHORIZATION, basic(token.expose())?),
        SchemeKind::Http(name) => authorization(name)?,
        SchemeKind::ApiKey(KeyIn::Header, name) => {
            Piece::Header(header_name(name)?, sensitive(token.expose(), KEY)?)
        }
        SchemeKind::ApiKey(KeyIn::Query, name) => Piece::Query(name, token.clone()),
        SchemeKind::ApiKey(KeyIn::Cookie, name) => {
            if token.expose().contains([';', ',']) {
                return Err(format!("{KEY} contains characters not allowed in a cookie"));
            }
            sensitive(&format!("{name}={}", token.expose()), KEY)?;
            Piece::Cookie(name, token.clone())
        }
    }])
}

/// A scheme's credential as the client holds it.
enum Held {
    /// Worked out when the client was built: what it sends, or why it
    /// cannot be sent (a key that is no header value: each call needing it
    /// fails with this, before sending anything).
    Ready(Result<Vec<Piece>, String>),
    /// OAuth2 client credentials: tokens fetched and cached.
    Tokens(Arc<TokenSource>),
}

/// Every credential a client holds, and its provider.
pub(crate) struct Credentials {
    held: Vec<(&'static Scheme, Held)>,
    provider: Option<Arc<dyn DynProvider>>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (scheme, _) in &self.held {
            map.entry(&scheme.name, &format_args!("<redacted>"));
        }
        if self.provider.is_some() {
            map.entry(&"(others)", &format_args!("a credentials provider"));
        }
        map.finish()
    }
}

impl Credentials {
    /// The credentials given (by scheme name; a later one for a scheme
    /// replaces an earlier one), checked against the API's `schemes`;
    /// relative token URLs are resolved against `base`.
    pub(crate) fn new(
        schemes: &'static [&'static Scheme],
        given: Vec<(String, Credential)>,
        provider: Option<Arc<dyn DynProvider>>,
        base: &reqwest::Url,
    ) -> Result<Self, Error> {
        let mut held: Vec<(&'static Scheme, Held)> = Vec::new();
        for (name, Credential(given)) in given {
            let Some(scheme) = schemes.iter().copied().find(|s| s.name == name) else {
                let known: Vec<&str> = schemes.iter().map(|s| s.name).collect();
                return Err(Error::config(format!(
                    "the API has no security scheme named {name:?} (its schemes: {known:?})"
                )));
            };
            if let Some(why) = mismatch(scheme, &given) {
                return Err(Error::config(why));
            }
            let entry = match (&given, scheme.kind) {
                (Given::ClientCredentials(c), SchemeKind::OAuth2 { token_url }) => {
                    let source = TokenSource::new(c.clone(), token_url, base)
                        .map_err(|e| Error::config(format!("security scheme `{name}`: {e}")))?;
                    Held::Tokens(Arc::new(source))
                }
                _ => Held::Ready(pieces(scheme, &given)),
            };
            held.retain(|(s, _)| s.name != scheme.name);
            held.push((scheme, entry));
        }
        Ok(Credentials { held, provider })
    }

    /// Every credential is held ready: authorizing never waits.
    fn at_once(&self) -> bool {
        self.provider.is_none() && self.held.iter().all(|(_, h)| matches!(h, Held::Ready(_)))
    }

    /// The client can try `scheme`: it holds its credential or has a provider.
    fn has(&self, scheme: &Scheme) -> bool {
        self.provider.is_some() || self.held.iter().any(|(s, _)| s.name == scheme.name)
    }

    /// What `scheme` puts into this request; `None` when the client has
    /// no credential for it.
    async fn resolve(
        &self,
        scheme: &'static Scheme,
        http: &reqwest::Client,
        timeout: Duration,
        request: &AuthRequest<'_>,
    ) -> Result<Option<Vec<Piece>>, Error> {
        let op = request.operation;
        match self.held.iter().find(|(s, _)| s.name == scheme.name) {
            Some((_, Held::Ready(Ok(pieces)))) => Ok(Some(pieces.clone())),
            Some((_, Held::Ready(Err(why)))) => Err(Error::request(op, why.clone())),
            Some((_, Held::Tokens(source))) => {
                let header = source.header(http, timeout, op).await?;
                Ok(Some(vec![Piece::Header(AUTHORIZATION, header)]))
            }
            None => {
                let Some(provider) = &self.provider else {
                    return Ok(None);
                };
                let asked = AuthRequest { scheme, ..*request };
                let given = provider.credential(&asked).await.map_err(|e| {
                    Error::request(
                        op,
                        format!("the credentials provider failed for `{}`: {e}", scheme.name),
                    )
                })?;
                let Some(Credential(given)) = given else {
                    return Ok(None);
                };
                if let Some(why) = mismatch(scheme, &given) {
                    return Err(Error::request(op, why));
                }
                pieces(scheme, &given)
                    .map(Some)
                    .map_err(|why| Error::request(op, why))
            }
        }
    }
}

/// What authenticates one request of `operation` under `security`: the
/// pieces of the first alternative whose credentials the client has
/// (nothing when none has, or the operation needs none).
///
/// When every credential is held ready (no token source, no provider),
/// nothing waits and the answer is read at once; otherwise the work is a
/// boxed future. Either way the future returned is small: it sits in every
/// call's future, which is moved (copied) at each level of the call.
pub(crate) fn authorize<'a>(
    credentials: &'a Credentials,
    http: &'a reqwest::Client,
    timeout: Duration,
    security: Security,
    operation: &'static str,
    method: &'a reqwest::Method,
    url: &'a reqwest::Url,
) -> impl Future<Output = Result<Vec<Piece>, Error>> + Send + 'a {
    let work =
        move || first_alternative(credentials, http, timeout, security, operation, method, url);
    if credentials.at_once() {
        if let Some(pieces) = super::at_once(work()) {
            return Either::Left(std::future::ready(pieces));
        }
    }
    Either::Right(Box::pin(work()))
}

/// [`authorize`]'s work: the alternatives in order.
async fn first_alternative(
    credentials: &Credentials,
    http: &reqwest::Client,
    timeout: Duration,
    security: Security,
    operation: &'static str,
    method: &reqwest::Method,
    url: &reqwest::Url,
) -> Result<Vec<Piece>, Error> {
    let request = AuthRequest {
        scheme: &NO_SCHEME,
        operation,
        method,
        url,
    };
    'alternatives: for alternative in security {
        if !alternative.iter().all(|s| credentials.has(s)) {
            continue;
        }
        let mut out = Vec::new();
        for scheme in *alternative {
            match credentials.resolve(scheme, http, timeout, &request).await? {
                Some(pieces) => out.extend(pieces),
                None => continue 'alternatives,
            }
        }
        return Ok(out);
    }
    Ok(Vec::new())
}

/// A placeholder for [`AuthRequest::scheme`] until a scheme is asked for.
const NO_SCHEME: Scheme = Scheme {
    name: "",
    kind: SchemeKind::Bearer,
    env: SchemeEnv::NONE,
};

/// The header pieces into `headers` (before the operation's and the
/// caller's headers, which may replace them).
pub(crate) fn put_headers(pieces: &[Piece], headers: &mut HeaderMap) {
    for piece in pieces {
        if let Piece::Header(name, value) = piece {
            headers.insert(name.clone(), value.clone());
        }
    }
}

/// The query pieces, as pairs to append to the URL.
pub(crate) fn query_pairs(pieces: &[Piece]) -> impl Iterator<Item = (&'static str, &str)> {
    pieces.iter().filter_map(|p| match p {
        Piece::Query(name, value) => Some((*name, value.expose())),
        _ => None,
    })
}

/// The cookie pieces into the `Cookie` header, after any cookies already
/// there (a caller's).
pub(crate) fn put_cookies(pieces: &[Piece], headers: &mut HeaderMap) {
    let ours: Vec<String> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Cookie(name, value) => Some(format!("{name}={}", value.expose())),
            _ => None,
        })
        .collect();
    if ours.is_empty() {
        return;
    }
    let theirs = headers.get(COOKIE).and_then(|v| v.to_str().ok());
    let joined = theirs
        .into_iter()
        .map(str::to_string)
        .chain(ours)
        .collect::<Vec<_>>()
        .join("; ");
    // Each part was checked when the credential was taken in.
    if let Ok(value) = sensitive(&joined, "the cookie") {
        headers.insert(COOKIE, value);
    }
}

/// The query parameters any scheme of `security` puts credentials in: a
/// `next_page` URL never keeps them (ours are added anew).
pub(crate) fn query_names(security: Security) -> impl Iterator<Item = &'static str> {
    security
        .iter()
        .flat_map(|alternative| alternative.iter())
        .filter_map(|s| match s.kind {
            SchemeKind::ApiKey(KeyIn::Query, name) => Some(name),
            _ => None,
        })
}

/// The first of `names` whose variable `read` finds, with its value.
fn first_set(names: &[&'static str], read: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    names.iter().find_map(|n| read(n).filter(|v| !v.is_empty()))
}

/// `A` or `A (or B, C)`: a part's variables, for messages.
pub(crate) fn variables(names: &[&str]) -> String {
    match names.split_first() {
        None => String::new(),
        Some((first, [])) => (*first).to_string(),
        Some((first, rest)) => format!("{first} (or {})", rest.join(", ")),
    }
}

/// `scheme`'s credential from the environment (`read` looks a variable
/// up): its token, else its user and password, else its client id and
/// secret; `None` when none is set. Half a pair is an error naming the
/// other half.
pub(crate) fn from_env(
    scheme: &Scheme,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Credential>, String> {
    let env = &scheme.env;
    if let Some(token) = first_set(env.token, read) {
        return Ok(Some(Credential::token(token)));
    }
    let pair =
        |a: &[&'static str], b: &[&'static str]| match (first_set(a, read), first_set(b, read)) {
            (Some(x), Some(y)) => Ok(Some((x, y))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(format!("{} is set, but not {}", variables(a), variables(b))),
            (None, Some(_)) => Err(format!("{} is set, but not {}", variables(b), variables(a))),
        };
    if let Some((user, password)) = pair(env.username, env.password)? {
        return Ok(Some(Credential::basic(user, password)));
    }
    if let Some((id, secret)) = pair(env.client_id, env.client_secret)? {
        return Ok(Some(Credential::client_credentials(
            ClientCredentials::new(id, secret),
        )));
    }
    Ok(None)
}

/// What to set for `scheme`, in words: `A`, `A and B`, `A, or B and C`.
pub(crate) fn env_hint(scheme: &Scheme) -> String {
    let env = &scheme.env;
    let mut ways = Vec::new();
    if !env.token.is_empty() {
        ways.push(variables(env.token));
    }
    for (a, b) in [
        (env.username, env.password),
        (env.client_id, env.client_secret),
    ] {
        if !a.is_empty() && !b.is_empty() {
            ways.push(format!("{} and {}", variables(a), variables(b)));
        }
    }
    ways.join(", or ")
}

#[cfg(test)]
mod tests {
    //! Each scheme sends what it should and nothing else, AND and OR,
    //! `security: []`, the OAuth2 token endpoint (reuse, refresh, one
    //! request for many concurrent calls, failures), the provider asked per
    //! request, the environment; all against a loopback server.

    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    const BEARER: Scheme = scheme("bearer", SchemeKind::Bearer);
    const BASIC: Scheme = scheme("basic", SchemeKind::Basic);
    const DIGEST: Scheme = scheme("digest", SchemeKind::Http("Digest"));
    const HEADER_KEY: Scheme = scheme("header_key", SchemeKind::ApiKey(KeyIn::Header, "X-Api-Key"));
    const QUERY_KEY: Scheme = scheme("query_key", SchemeKind::ApiKey(KeyIn::Query, "api_key"));
    const COOKIE_KEY: Scheme = scheme("cookie_key", SchemeKind::ApiKey(KeyIn::Cookie, "session"));
    const OAUTH: Scheme = scheme(
        "oauth",
        SchemeKind::OAuth2 {
            token_url: Some("/token"),
        },
    );
    const OIDC: Scheme = scheme("oidc", SchemeKind::OpenIdConnect);
    const ALL: &[&Scheme] = &[
        &BEARER,
        &BASIC,
        &DIGEST,
        &HEADER_KEY,
        &QUERY_KEY,
        &COOKIE_KEY,
        &OAUTH,
        &OIDC,
    ];

    const fn scheme(name: &'static str, kind: SchemeKind) -> Scheme {
        Scheme {
            name,
            kind,
            env: SchemeEnv::NONE,
        }
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn http() -> reqwest::Client {
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth();
        reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .build()
            .unwrap()
    }

    /// A request as the loopback server read it.
    #[derive(Debug, Clone)]
    struct Seen {
        /// `GET /path?query`
        line: String,
        /// Lower-cased names.
        headers: Vec<(String, String)>,
        body: String,
    }

    impl Seen {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }
    }

    type Answer = Box<dyn Fn(&Seen) -> (u16, String) + Send + Sync>;

    /// A loopback HTTP/1.1 server: records every request, answers each
    /// with `answer` after `delay`.
    struct Server {
        url: reqwest::Url,
        seen: Arc<Mutex<Vec<Seen>>>,
    }

    impl Server {
        async fn start(delay: Duration, answer: Answer) -> Server {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let url =
                reqwest::Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
            let seen = Arc::new(Mutex::new(Vec::new()));
            let (record, answer) = (seen.clone(), Arc::new(answer));
            tokio::spawn(async move {
                loop {
                    let (stream, _) = listener.accept().await.unwrap();
                    let (record, answer) = (record.clone(), answer.clone());
                    tokio::spawn(connection(stream, record, answer, delay));
                }
            });
            Server { url, seen }
        }

        fn seen(&self) -> Vec<Seen> {
            self.seen.lock().unwrap().clone()
        }

        fn count(&self, path: &str) -> usize {
            self.seen()
                .iter()
                .filter(|s| s.line.split(' ').nth(1) == Some(path))
                .count()
        }
    }

    async fn connection(
        mut stream: tokio::net::TcpStream,
        record: Arc<Mutex<Vec<Seen>>>,
        answer: Arc<Answer>,
        delay: Duration,
    ) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut buffer = Vec::new();
        loop {
            let head_end = loop {
                if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i;
                }
                let mut chunk = [0_u8; 4096];
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            };
            let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
            let mut lines = head.split("\r\n");
            let line = lines
                .next()
                .unwrap()
                .rsplit_once(' ')
                .unwrap()
                .0
                .to_string();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            let length: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .map_or(0, |(_, v)| v.parse().unwrap());
            while buffer.len() < head_end + 4 + length {
                let mut chunk = [0_u8; 4096];
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
            let body =
                String::from_utf8_lossy(&buffer[head_end + 4..head_end + 4 + length]).into_owned();
            buffer.drain(..head_end + 4 + length);
            let seen = Seen {
                line,
                headers,
                body,
            };
            record.lock().unwrap().push(seen.clone());
            tokio::time::sleep(delay).await;
            let (status, body) = answer(&seen);
            let reply = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            if stream.write_all(reply.as_bytes()).await.is_err() {
                return;
            }
        }
    }

    /// Sends one request to `/api/x` of `server`, authorized for `security`
    /// with `credentials`; what the server saw (or the error).
    async fn send(
        server: &Server,
        credentials: &Credentials,
        security: Security,
    ) -> Result<Seen, Error> {
        let http = http();
        let mut url = server.url.join("/api/x?page=2").unwrap();
        let method = reqwest::Method::GET;
        let timeout = Duration::from_secs(5);
        let pieces = authorize(credentials, &http, timeout, security, "op", &method, &url).await?;
        url.query_pairs_mut().extend_pairs(query_pairs(&pieces));
        let mut request = reqwest::Request::new(method, url);
        put_headers(&pieces, request.headers_mut());
        put_cookies(&pieces, request.headers_mut());
        let before = server.seen().len();
        http.execute(request).await.unwrap();
        Ok(server.seen()[before].clone())
    }

    fn ok() -> Answer {
        Box::new(|_| (200, "{}".into()))
    }

    /// A credential for every scheme of [`ALL`] but OAuth2 and OpenID
    /// Connect, which get an access token.
    fn every_credential() -> Vec<(String, Credential)> {
        ALL.iter()
            .map(|s| {
                let c = match s.kind {
                    SchemeKind::Basic => Credential::basic("ann", "pw-basic"),
                    _ => Credential::token(format!("tok-{}", s.name)),
                };
                (s.name.to_string(), c)
            })
            .collect()
    }

    fn held(given: Vec<(String, Credential)>, base: &reqwest::Url) -> Credentials {
        Credentials::new(ALL, given, None, base).unwrap()
    }

    /// Everything in a request that could carry a credential.
    fn carried(seen: &Seen) -> Vec<String> {
        let mut out: Vec<String> = seen
            .headers
            .iter()
            .filter(|(k, _)| ["authorization", "x-api-key", "cookie"].contains(&k.as_str()))
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        let query = seen.line.split_once('?').map_or("", |(_, q)| q);
        out.extend(
            query
                .split('&')
                .filter(|p| !p.starts_with("page="))
                .map(str::to_string),
        );
        out
    }

    #[test]
    fn each_scheme_sends_its_credential_where_it_says_and_nothing_else() {
        block_on(async {
            let server = Server::start(Duration::ZERO, ok()).await;
            let creds = held(every_credential(), &server.url);
            let expect: &[(&Scheme, &str)] = &[
                (&BEARER, "authorization: Bearer tok-bearer"),
                (&BASIC, "authorization: Basic YW5uOnB3LWJhc2lj"),
                (&DIGEST, "authorization: Digest tok-digest"),
                (&HEADER_KEY, "x-api-key: tok-header_key"),
                (&QUERY_KEY, "api_key=tok-query_key"),
                (&COOKIE_KEY, "cookie: session=tok-cookie_key"),
                (&OAUTH, "authorization: Bearer tok-oauth"),
                (&OIDC, "authorization: Bearer tok-oidc"),
            ];
            for (scheme, sent) in expect {
                let security: Security = match scheme.name {
                    "bearer" => &[&[&BEARER]],
                    "basic" => &[&[&BASIC]],
                    "digest" => &[&[&DIGEST]],
                    "header_key" => &[&[&HEADER_KEY]],
                    "query_key" => &[&[&QUERY_KEY]],
                    "cookie_key" => &[&[&COOKIE_KEY]],
                    "oauth" => &[&[&OAUTH]],
                    _ => &[&[&OIDC]],
                };
                let seen = send(&server, &creds, security).await.unwrap();
                assert_eq!(carried(&seen), [sent.to_string()], "{}", scheme.name);
            }
        });
    }

    #[test]
    fn all_schemes_of_an_alternative_are_sent_and_the_first_complete_alternative_wins() {
        block_on(async {
            let server = Server::start(Duration::ZERO, ok()).await;
            const AND: Security = &[&[&HEADER_KEY, &COOKIE_KEY, &QUERY_KEY]];
            const OR: Security = &[&[&BEARER, &COOKIE_KEY], &[&QUERY_KEY], &[&BASIC]];
            let all = held(every_credential(), &server.url);
            let seen = send(&server, &all, AND).await.unwrap();
            assert_eq!(
                carried(&seen),
                [
                    "x-api-key: tok-header_key",
                    "cookie: session=tok-cookie_key",
                    "api_key=tok-query_key"
                ]
            );
            // The first alternative whose credentials the client has.
            let seen = send(&server, &all, OR).await.unwrap();
            assert_eq!(
                carried(&seen),
                [
                    "authorization: Bearer tok-bearer",
                    "cookie: session=tok-cookie_key"
                ]
            );
            let some: Vec<_> = every_credential()
                .into_iter()
                .filter(|(n, _)| ["bearer", "query_key", "basic"].contains(&n.as_str()))
                .collect();
            let seen = send(&server, &held(some, &server.url), OR).await.unwrap();
            assert_eq!(
                carried(&seen),
                ["api_key=tok-query_key"],
                "half of the first is not enough"
            );
            let basic_only: Vec<_> = every_credential()
                .into_iter()
                .filter(|(n, _)| n == "basic")
                .collect();
            let seen = send(&server, &held(basic_only, &server.url), OR)
                .await
                .unwrap();
            assert_eq!(carried(&seen), ["authorization: Basic YW5uOnB3LWJhc2lj"]);
        });
    }

    #[test]
    fn no_requirement_sends_nothing_and_missing_credentials_send_nothing() {
        block_on(async {
            let server = Server::start(Duration::ZERO, ok()).await;
            let all = held(every_credential(), &server.url);
            let seen = send(&server, &all, &[]).await.unwrap();
            assert!(
                carried(&seen).is_empty(),
                "security: [] sends nothing: {seen:?}"
            );
            // Optional authentication (`[{header_key: []}, {}]`): the key when held.
            const OPTIONAL: Security = &[&[&HEADER_KEY], &[]];
            let seen = send(&server, &all, OPTIONAL).await.unwrap();
            assert_eq!(carried(&seen), ["x-api-key: tok-header_key"]);
            let none = held(Vec::new(), &server.url);
            const BEARER_ONLY: Security = &[&[&BEARER]];
            for security in [OPTIONAL, BEARER_ONLY] {
                let seen = send(&server, &none, security).await.unwrap();
                assert!(carried(&seen).is_empty(), "{seen:?}");
            }
        });
    }

    #[test]
    fn a_credential_of_the_wrong_kind_or_scheme_is_a_config_error() {
        let base = reqwest::Url::parse("http://127.0.0.1:1").unwrap();
        let build = |name: &str, c: Credential| {
            Credentials::new(ALL, vec![(name.into(), c)], None, &base).unwrap_err()
        };
        let err = build("nope", Credential::token("k"));
        assert_eq!(err.kind(), super::super::error::ErrorKind::Config);
        assert!(
            err.to_string()
                .contains("no security scheme named \"nope\""),
            "{err}"
        );
        let err = build("header_key", Credential::basic("u", "secret-pw"));
        assert!(err.to_string().contains("takes a token"), "{err}");
        assert!(!err.to_string().contains("secret-pw"));
        let err = build(
            "bearer",
            Credential::client_credentials(ClientCredentials::new("i", "s")),
        );
        assert!(err.to_string().contains("not OAuth2"), "{err}");
    }

    #[test]
    fn a_key_that_cannot_travel_fails_each_request_without_showing_it() {
        block_on(async {
            let server = Server::start(Duration::ZERO, ok()).await;
            const BEARER_ONLY: Security = &[&[&BEARER]];
            const HEADER_ONLY: Security = &[&[&HEADER_KEY]];
            const COOKIE_ONLY: Security = &[&[&COOKIE_KEY]];
            for (scheme, security) in [
                ("bearer", BEARER_ONLY),
                ("header_key", HEADER_ONLY),
                ("cookie_key", COOKIE_ONLY),
            ] {
                let creds = held(
                    vec![(scheme.into(), Credential::token("bad\nkey;x"))],
                    &server.url,
                );
                let err = send(&server, &creds, security).await.unwrap_err();
                assert_eq!(err.kind(), super::super::error::ErrorKind::Request);
                assert!(
                    err.to_string().contains("the API key contains characters"),
                    "{err}"
                );
                assert!(!format!("{err} {err:?}").contains("bad"), "{err:?}");
            }
            assert!(server.seen().is_empty(), "nothing was sent");
        });
    }

    #[test]
    fn headers_are_worked_out_once_and_marked_sensitive() {
        let token = Given::Token(Secret::new("k1"));
        let one: [Piece; 1] = pieces(&BEARER, &token).unwrap().try_into().unwrap();
        let [Piece::Header(name, value)] = one else {
            panic!("one header")
        };
        assert_eq!(
            (name.as_str(), value.to_str().unwrap()),
            ("authorization", "Bearer k1")
        );
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("k1"), "Debug hides it");
        let user_pw = Given::Token(Secret::new("user:pw"));
        let one: [Piece; 1] = pieces(&BASIC, &user_pw).unwrap().try_into().unwrap();
        let [Piece::Header(_, value)] = one else {
            panic!("one header")
        };
        assert_eq!(
            value.to_str().unwrap(),
            "Basic dXNlcjpwdw==",
            "a token for basic is user:password"
        );
        const BAD_NAME: Scheme = scheme("bad", SchemeKind::ApiKey(KeyIn::Header, "bad name"));
        assert_eq!(
            pieces(&BAD_NAME, &token).unwrap_err(),
            "\"bad name\" is not a valid header name"
        );
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let base = reqwest::Url::parse("http://127.0.0.1:1").unwrap();
        let mut given = every_credential();
        given.push((
            "oauth".into(),
            Credential::client_credentials(ClientCredentials::new("cid", "client-secret")),
        ));
        let shown = format!("{given:?} {:?}", held(given.clone(), &base));
        for secret in ["tok-", "pw-basic", "client-secret", "ann"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("header_key") && shown.contains("cid"),
            "{shown}"
        );
    }

    /// A token endpoint at `/token` counting its requests: token `t1`,
    /// `t2`, … living `lifetime` seconds; the API at any other path.
    async fn token_server(lifetime: &'static str, delay: Duration) -> Server {
        let issued = Arc::new(AtomicUsize::new(0));
        Server::start(
            delay,
            Box::new(move |seen: &Seen| {
                if seen.line.starts_with("POST /token") {
                    let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                    let body = format!(
                        r#"{{"access_token":"t{n}","token_type":"Bearer","expires_in":{lifetime}}}"#
                    );
                    (200, body)
                } else {
                    (200, "{}".into())
                }
            }),
        )
        .await
    }

    fn oauth(server: &Server, c: ClientCredentials) -> Credentials {
        held(
            vec![("oauth".into(), Credential::client_credentials(c))],
            &server.url,
        )
    }

    const OAUTH_ONLY: Security = &[&[&OAUTH]];

    #[test]
    fn client_credentials_fetch_a_token_once_and_reuse_it() {
        block_on(async {
            let server = token_server("3600", Duration::ZERO).await;
            let creds = oauth(
                &server,
                ClientCredentials::new("my id", "s3cr3t:x").scopes(["read", "write"]),
            );
            for _ in 0..3 {
                let seen = send(&server, &creds, OAUTH_ONLY).await.unwrap();
                assert_eq!(carried(&seen), ["authorization: Bearer t1"]);
            }
            assert_eq!(server.count("/token"), 1, "one token for three calls");
            let token = &server.seen()[0];
            assert_eq!(token.body, "grant_type=client_credentials&scope=read+write");
            assert_eq!(
                token.header("content-type"),
                Some("application/x-www-form-urlencoded")
            );
            use base64::Engine;
            let expected = base64::engine::general_purpose::STANDARD.encode("my%20id:s3cr3t%3Ax");
            assert_eq!(
                token.header("authorization"),
                Some(format!("Basic {expected}").as_str())
            );
        });
    }

    #[test]
    fn the_client_secret_may_travel_in_the_form() {
        block_on(async {
            let server = token_server("3600", Duration::ZERO).await;
            let creds = oauth(
                &server,
                ClientCredentials::new("cid", "sec").secret_in_body(true),
            );
            send(&server, &creds, OAUTH_ONLY).await.unwrap();
            let token = &server.seen()[0];
            assert_eq!(
                token.body,
                "grant_type=client_credentials&client_id=cid&client_secret=sec"
            );
            assert_eq!(token.header("authorization"), None);
        });
    }

    #[test]
    fn a_token_is_refreshed_before_it_expires() {
        block_on(async {
            let server = token_server("1", Duration::ZERO).await;
            let creds = oauth(&server, ClientCredentials::new("id", "secret"));
            let first = send(&server, &creds, OAUTH_ONLY).await.unwrap();
            assert_eq!(carried(&first), ["authorization: Bearer t1"]);
            let again = send(&server, &creds, OAUTH_ONLY).await.unwrap();
            assert_eq!(carried(&again), ["authorization: Bearer t1"], "still fresh");
            tokio::time::sleep(Duration::from_millis(850)).await;
            let later = send(&server, &creds, OAUTH_ONLY).await.unwrap();
            assert_eq!(carried(&later), ["authorization: Bearer t2"], "refreshed");
            assert_eq!(server.count("/token"), 2);
        });
    }

    /// `n` calls authorized at once; the `Authorization` each got.
    async fn concurrently(server: &Server, creds: &Credentials, n: usize) -> Vec<String> {
        let http = http();
        let url = server.url.join("/api/x").unwrap();
        let calls = (0..n).map(|_| {
            authorize(
                creds,
                &http,
                Duration::from_secs(5),
                OAUTH_ONLY,
                "op",
                &reqwest::Method::GET,
                &url,
            )
        });
        let results = futures_util::future::join_all(calls).await;
        results
            .into_iter()
            .map(|pieces| {
                let pieces = pieces.unwrap();
                let [Piece::Header(_, value)] = pieces.as_slice() else {
                    panic!("one header: {pieces:?}")
                };
                value.to_str().unwrap().to_string()
            })
            .collect()
    }

    #[test]
    fn concurrent_calls_share_one_token_request() {
        block_on(async {
            let server = token_server("3600", Duration::from_millis(100)).await;
            let creds = oauth(&server, ClientCredentials::new("id", "secret"));
            let sent = concurrently(&server, &creds, 20).await;
            assert_eq!(sent, vec!["Bearer t1"; 20]);
            assert_eq!(server.count("/token"), 1, "20 calls, one token request");
        });
    }

    #[test]
    fn concurrent_calls_after_expiry_share_one_refresh() {
        block_on(async {
            // Tokens live 1 s and are replaced 0.2 s early; every answer
            // takes 0.1 s, so the token requests overlap with the calls.
            let server = token_server("1", Duration::from_millis(100)).await;
            let creds = oauth(&server, ClientCredentials::new("id", "secret"));
            assert_eq!(concurrently(&server, &creds, 5).await, vec!["Bearer t1"; 5]);
            tokio::time::sleep(Duration::from_millis(850)).await;
            let sent = concurrently(&server, &creds, 20).await;
            assert_eq!(sent, vec!["Bearer t2"; 20], "all wait for the one refresh");
            assert_eq!(server.count("/token"), 2, "one first token, one refresh");
        });
    }

    #[test]
    fn a_refused_token_request_fails_the_call_without_secrets() {
        block_on(async {
            let server = Server::start(
                Duration::ZERO,
                Box::new(|_| (401, r#"{"error":"invalid_client"}"#.into())),
            )
            .await;
            let creds = oauth(&server, ClientCredentials::new("id", "top-secret"));
            let err = send(&server, &creds, OAUTH_ONLY).await.unwrap_err();
            assert_eq!(err.kind(), super::super::error::ErrorKind::Unauthorized);
            assert!(err.to_string().contains("invalid_client"), "{err}");
            assert!(!format!("{err} {err:?}").contains("top-secret"));
            // Nothing cached: the next call asks again.
            send(&server, &creds, OAUTH_ONLY).await.unwrap_err();
            assert_eq!(server.count("/token"), 2);
        });
    }

    /// Counts what it is asked; gives a token for `bearer`, headers for
    /// `digest`, nothing for the rest.
    #[derive(Default)]
    struct Counting {
        asked: Mutex<Vec<String>>,
    }

    impl CredentialsProvider for Arc<Counting> {
        async fn credential(
            &self,
            request: &AuthRequest<'_>,
        ) -> Result<Option<Credential>, ProviderError> {
            let name = request.scheme().name;
            self.asked.lock().unwrap().push(format!(
                "{name} {} {} {}",
                request.operation(),
                request.method(),
                request.url().path()
            ));
            Ok(match name {
                "bearer" => Some(Credential::token(format!(
                    "fresh-{}",
                    self.asked.lock().unwrap().len()
                ))),
                "digest" => Some(Credential::headers([("X-Signature", "sig")])),
                "basic" => return Err("the vault is sealed".into()),
                _ => None,
            })
        }
    }

    #[test]
    fn the_provider_is_asked_per_request_for_schemes_without_a_credential() {
        block_on(async {
            let server = Server::start(Duration::ZERO, ok()).await;
            let provider = Arc::new(Counting::default());
            let given = vec![("header_key".to_string(), Credential::token("fixed"))];
            let creds = Credentials::new(ALL, given, Some(Arc::new(provider.clone())), &server.url)
                .unwrap();
            for n in 1..=2 {
                let seen = send(&server, &creds, &[&[&BEARER]]).await.unwrap();
                assert_eq!(carried(&seen), [format!("authorization: Bearer fresh-{n}")]);
            }
            // A scheme with a credential is not asked for; `None` moves on to the next alternative.
            let seen = send(&server, &creds, &[&[&QUERY_KEY], &[&HEADER_KEY]])
                .await
                .unwrap();
            assert_eq!(carried(&seen), ["x-api-key: fixed"]);
            let seen = send(&server, &creds, &[&[&DIGEST]]).await.unwrap();
            assert_eq!(seen.header("x-signature"), Some("sig"));
            let err = send(&server, &creds, &[&[&BASIC]]).await.unwrap_err();
            assert!(err.to_string().contains("the vault is sealed"), "{err}");
            assert_eq!(
                provider.asked.lock().unwrap().as_slice(),
                [
                    "bearer op GET /api/x",
                    "bearer op GET /api/x",
                    "query_key op GET /api/x",
                    "digest op GET /api/x",
                    "basic op GET /api/x"
                ]
            );
        });
    }

    #[test]
    fn credentials_come_from_the_environment_by_scheme() {
        const KEY: Scheme = Scheme {
            name: "key",
            kind: SchemeKind::Bearer,
            env: SchemeEnv {
                token: &["API_KEY", "ALIAS_KEY"],
                ..SchemeEnv::NONE
            },
        };
        const USER: Scheme = Scheme {
            name: "user",
            kind: SchemeKind::Basic,
            env: SchemeEnv {
                username: &["X_USERNAME"],
                password: &["X_PASSWORD"],
                ..SchemeEnv::NONE
            },
        };
        const APP: Scheme = Scheme {
            name: "app",
            kind: SchemeKind::OAuth2 { token_url: None },
            env: SchemeEnv {
                token: &["X_ACCESS_TOKEN"],
                client_id: &["X_CLIENT_ID"],
                client_secret: &["X_CLIENT_SECRET"],
                ..SchemeEnv::NONE
            },
        };
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let shown = |scheme: &Scheme, vars| format!("{:?}", from_env(scheme, &env(vars)));
        assert_eq!(shown(&KEY, &[]), "Ok(None)");
        assert_eq!(
            shown(&KEY, &[("ALIAS_KEY", "k")]),
            "Ok(Some(Credential::Token(<redacted>)))"
        );
        assert_eq!(
            shown(&KEY, &[("API_KEY", "")]),
            "Ok(None)",
            "empty is unset"
        );
        assert_eq!(
            shown(&USER, &[("X_USERNAME", "u"), ("X_PASSWORD", "p")]),
            "Ok(Some(Credential::Basic(<redacted>)))"
        );
        assert_eq!(
            shown(&USER, &[("X_USERNAME", "u")]),
            "Err(\"X_USERNAME is set, but not X_PASSWORD\")"
        );
        assert!(
            shown(&APP, &[("X_CLIENT_ID", "i"), ("X_CLIENT_SECRET", "s")])
                .contains("ClientCredentials")
        );
        assert_eq!(
            shown(&APP, &[("X_ACCESS_TOKEN", "t")]),
            "Ok(Some(Credential::Token(<redacted>)))"
        );
        assert_eq!(env_hint(&KEY), "API_KEY (or ALIAS_KEY)");
        assert_eq!(env_hint(&USER), "X_USERNAME and X_PASSWORD");
        assert_eq!(
            env_hint(&APP),
            "X_ACCESS_TOKEN, or X_CLIENT_ID and X_CLIENT_SECRET"
        );
    }
}
