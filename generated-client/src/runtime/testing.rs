//! Testing without the network (the `testing` feature): a typed mock of the
//! API, on loopback, built on [wiremock](https://docs.rs/wiremock).
//!
//! ```ignore
//! let mock = MockServer::start().await;          // every operation of the spec, on 127.0.0.1
//! let client = mock.client();                     // a Client pointed at it (short retry waits)
//! mock.smart_link_postbacks().show().returns(postback).await;   // a typed stub
//! mock.smart_links().list_clicks().fails(404).await;            // the documented error body
//! run_my_code(&client).await;
//! assert_eq!(mock.received()[0].operation, Some("showSmartLinkPostback"));
//! ```
//!
//! - **Unstubbed**, an operation answers with its documented success example
//!   (inside the `{data, _meta}` envelope where it has one, with the credit,
//!   cache and rate-limit headers the client reads), checked to decode into
//!   the operation's type; or with a 501 naming the operation when the spec
//!   documents no example (or one that does not decode).
//! - **Stubs** have the shape of the client: `mock.{group}().{method}()`, then
//!   matchers named like the call's arguments and setters (`.postback_id(123)`,
//!   `.limit(10)`, `.body(..)`), then the answer ([`Stub::returns`],
//!   [`Stub::fails`], [`Stub::rate_limited`], …) and `.await` to mount it.
//!   Stubs are tried in the order they were mounted; one whose [`Stub::times`]
//!   are used up stops answering. Requests no stub takes get the default answer.
//! - **Requests are checked against the spec**: an unknown route, a missing
//!   required parameter, a parameter or body that does not decode into the
//!   call's type get a validation error naming the problem (errors by field,
//!   in the shape the spec documents: Laravel's 422, problem details, …),
//!   so the test fails with a useful message; a request without
//!   credentials where the API wants them gets a 401.
//! - **Failures in the spec's shape**: [`Stub::fails`] answers the error
//!   body documented for the status, [`Stub::fails_with`] a typed one,
//!   [`Stub::fails_validation`] errors by field where the spec puts them.
//!   An operation the mock cannot answer by itself (no example) answers 501,
//!   which the client does not retry.
//! - **Calls are recorded**: [`MockServer::received`] lists each request with
//!   its operation, path parameters, query and decoded body (credentials
//!   redacted).
//!
//! The work is done here, in the runtime; generated code only describes the
//! operations ([`Mocked`], [`MockInfo`]) and adds the typed stub methods.

use super::auth::{self, Credential, Scheme, SchemeKind};
use super::client::{Client, ClientBuilder, ClientInfo};
use super::mock_answers::{self, Reply};
use super::mock_routes::{inspect, rendered, Inspected, Refusal};
pub use super::mock_routes::{BodyMedia, MockOperation, Mocked, ParamIn};
use super::operation::Operation;
use super::request::{push_path_segment, QueryStyle, RequestBody};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What generated code tells the mock: every operation of the API (those
/// of the enabled groups), described. Implemented for [`MockServer`].
pub trait MockInfo {
    fn operations() -> Vec<MockOperation>;
}

/// The API key (and token, and password) of [`MockServer::client`]. The
/// mock checks that requests carry credentials where the operation's
/// security requirement wants them, not which.
pub const MOCK_API_KEY: &str = "mock-api-key";

/// The user name of [`MockServer::client`] for HTTP basic schemes.
pub const MOCK_USER: &str = "mock-user";

/// What [`MockServer::client`] holds for `scheme`: [`MOCK_API_KEY`] as its
/// token (an OAuth2 scheme's access token too: the mock serves no token
/// endpoint), or [`MOCK_USER`] and it for HTTP basic.
fn mock_credential(scheme: &Scheme) -> Credential {
    match scheme.kind {
        SchemeKind::Basic => Credential::basic(MOCK_USER, MOCK_API_KEY),
        _ => Credential::token(MOCK_API_KEY),
    }
}

/// What the wiremock handlers share: the operations, the log of requests.
struct Shared {
    operations: Vec<MockOperation>,
    /// The API's security schemes (their credentials are redacted).
    schemes: &'static [&'static Scheme],
    received: Mutex<Vec<Received>>,
    /// Answers carrying `_meta` so far (the rate-limit countdown).
    served: AtomicU64,
}

impl Shared {
    fn inspect(&self, request: &wiremock::Request) -> Inspected {
        inspect(
            &self.operations,
            self.schemes,
            request.method.as_str(),
            &request.url,
            &request.headers,
            &request.body,
        )
    }

    fn served(&self) -> u64 {
        self.served.fetch_add(1, Ordering::Relaxed)
    }

    fn record(&self, inspected: Inspected, reply: &Reply) {
        let problem = match &inspected.problem {
            Some(Refusal::Unauthenticated) => Some("Unauthenticated.".to_string()),
            Some(Refusal::Invalid { message, .. }) => Some(message.clone()),
            None => None,
        };
        let received = Received {
            operation: inspected.operation.map(|i| self.operations[i].id),
            method: inspected.method,
            path: inspected.path,
            path_params: inspected.path_params,
            query: inspected.query,
            headers: inspected.headers,
            body: inspected.body,
            status: reply.status,
            problem,
            index: inspected.operation,
        };
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(received);
    }

    /// The answer to a request the spec does not allow, in the shape the
    /// operation (or else the API) documents for it.
    fn refusal(&self, problem: &Refusal, operation: Option<usize>) -> Reply {
        let op = operation.map(|i| &self.operations[i]);
        match problem {
            Refusal::Unauthenticated => mock_answers::failure(op, 401, None, &BTreeMap::new()),
            Refusal::Invalid { message, errors } => {
                mock_answers::invalid(op, Some(message), errors)
            }
        }
    }
}

/// A mock of the API on `127.0.0.1`: every operation answers (see the
/// module docs). Dropping it stops it; a stub's [`Stub::expect`] that was
/// not met then fails the test (as [`MockServer::verify`] does).
pub struct MockServer {
    server: wiremock::MockServer,
    shared: Arc<Shared>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .field("operations", &self.shared.operations.len())
            .finish()
    }
}

/// Every request goes here when no stub takes it: the default answer, or
/// the refusal of a request the spec does not allow.
struct Fallback(Arc<Shared>);

impl wiremock::Respond for Fallback {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let shared = &self.0;
        let inspected = shared.inspect(request);
        let reply = match (&inspected.problem, inspected.operation) {
            (Some(problem), operation) => shared.refusal(problem, operation),
            (None, Some(i)) => {
                let op = &shared.operations[i];
                let offset = op
                    .paging
                    .as_ref()
                    .and_then(|p| p.offset)
                    .and_then(|wire| inspected.query.iter().find(|(k, _)| k == wire))
                    .and_then(|(_, v)| v.trim().parse::<i64>().ok());
                mock_answers::default_answer(op, offset, shared.served())
            }
            (None, None) => mock_answers::failure(None, 404, None, &BTreeMap::new()),
        };
        let template = reply.template();
        shared.record(inspected, &reply);
        template
    }
}

impl MockServer {
    /// Start a mock of every operation (of the enabled groups) on a free
    /// port of `127.0.0.1`.
    pub async fn start() -> Self {
        Self::with_operations(<MockServer as MockInfo>::operations()).await
    }

    /// A mock of these operations only.
    #[doc(hidden)]
    pub async fn with_operations(operations: Vec<MockOperation>) -> Self {
        let server = wiremock::MockServer::start().await;
        let shared = Arc::new(Shared {
            operations,
            schemes: <Client as ClientInfo>::SCHEMES,
            received: Mutex::new(Vec::new()),
            served: AtomicU64::new(0),
        });
        let mock = MockServer { server, shared };
        mock.mount_fallback().await;
        mock
    }

    async fn mount_fallback(&self) {
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Fallback(self.shared.clone()))
            .with_priority(u8::MAX)
            .named("the spec's default answers")
            .mount(&self.server)
            .await;
    }

    /// The base URL of the mock (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A [`ClientBuilder`] for the mock: its base URL, a credential for
    /// every security scheme ([`MOCK_API_KEY`]; [`MOCK_USER`] and it for
    /// HTTP basic), and retries with short waits (backoff of 1 to 10 ms; a
    /// server asking to wait longer than 1 s in all gets its error returned
    /// at once, as a real client does past its budget).
    pub fn client_builder(&self) -> ClientBuilder {
        let mut builder = ClientBuilder::new(Some(self.uri()))
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(10))
            .max_retry_delay(Duration::from_secs(1));
        for scheme in <Client as ClientInfo>::SCHEMES {
            builder = builder.credential(scheme.name, mock_credential(scheme));
        }
        builder
    }

    /// A [`Client`] pointed at the mock (see [`MockServer::client_builder`]).
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a client for a loopback URL builds")
    }

    /// Every request the mock received, in order.
    pub fn received(&self) -> Vec<Received> {
        self.shared
            .received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Panics, listing them, when stubs were not called as their
    /// [`Stub::expect`] said.
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    /// Remove every stub and forget the requests received.
    pub async fn reset(&self) {
        self.server.reset().await;
        self.shared
            .received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.mount_fallback().await;
    }

    /// Call every operation once, over HTTP, with a request built from the
    /// spec's examples, and decode each answer as the client would: a
    /// check of the mock itself (and of the spec's examples).
    pub async fn self_check(&self) -> SelfCheck {
        let client = self.client();
        let mut report = SelfCheck {
            operations: self.shared.operations.len(),
            ..SelfCheck::default()
        };
        for op in &self.shared.operations {
            let outcome = self_check_one(&client, op).await;
            match outcome {
                Ok(()) => report.answered.push(op.id),
                Err(Outcome::NoExample(why)) => report.no_example.push((op.id, why)),
                Err(Outcome::Unchecked(why)) => report.unchecked.push((op.id, why)),
                Err(Outcome::Problem(why)) => report
                    .problems
                    .push(format!("{} ({} {}): {why}", op.id, op.method, op.path)),
            }
        }
        report
    }
}

/// What [`MockServer::self_check`] found.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SelfCheck {
    /// Operations checked.
    pub operations: usize,
    /// Operations that answered their documented example, which decoded.
    pub answered: Vec<&'static str>,
    /// Operations that answered 501: the spec has no usable example (why).
    pub no_example: Vec<(&'static str, String)>,
    /// Operations no valid request could be built for from the spec's
    /// examples (a required value without one), and the mock's refusal.
    pub unchecked: Vec<(&'static str, String)>,
    /// Anything else: an answer that does not decode, a wrong status.
    pub problems: Vec<String>,
}

impl SelfCheck {
    /// No problem found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

enum Outcome {
    NoExample(String),
    Unchecked(String),
    Problem(String),
}

/// Values tried for a parameter without a usable example.
const SAMPLES: &[&str] = &[
    "1",
    "example",
    "true",
    "1.5",
    "2024-01-01",
    "00000000-0000-0000-0000-000000000000",
];

/// A value for a parameter: its example when it fits its type, else the
/// first sample that does.
fn sample(p: &super::mock_routes::ParamSpec) -> Option<String> {
    let example = p
        .example
        .and_then(|e| serde_json::from_str::<Value>(e).ok())
        .map(|v| match v {
            Value::String(s) => s,
            other => other.to_string(),
        });
    example
        .into_iter()
        .chain(SAMPLES.iter().map(|s| s.to_string()))
        .find(|text| (p.check)(&Value::String(text.clone())).is_ok())
}

async fn self_check_one(client: &Client, op: &MockOperation) -> Result<(), Outcome> {
    let inner = &client.inner;
    let mut path = String::new();
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        path.push_str(&rest[..open]);
        let wire = &rest[open + 1..close];
        let value = op
            .params
            .iter()
            .find(|p| p.location == ParamIn::Path && p.wire == wire)
            .and_then(sample)
            .unwrap_or_else(|| "1".into());
        push_path_segment(&mut path, &value);
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    let mut url = reqwest::Url::parse(&format!("{}{path}", inner.base_url))
        .map_err(|e| Outcome::Problem(format!("cannot build a URL: {e}")))?;
    let mut request = reqwest::Request::new(op.method.clone(), url.clone());
    {
        let mut pairs = url.query_pairs_mut();
        for p in op
            .params
            .iter()
            .filter(|p| p.required && p.location == ParamIn::Query)
        {
            if let Some(v) = sample(p) {
                pairs.append_pair(p.wire, &v);
            }
        }
        for p in op
            .params
            .iter()
            .filter(|p| p.required && p.location == ParamIn::QueryString)
        {
            let mut query = super::request::Query::new();
            if let Some(v) = p
                .example
                .and_then(|e| serde_json::from_str::<Value>(e).ok())
            {
                query.push_form(&v);
            }
            for (k, v) in query.pairs() {
                pairs.append_pair(k, v);
            }
        }
    }
    let pieces = auth::authorize(
        &inner.credentials,
        &inner.http,
        inner.timeout,
        op.security,
        op.id,
        &op.method,
        &url,
    )
    .await
    .map_err(|e| Outcome::Problem(format!("cannot authorize: {e}")))?;
    let mut credentials = auth::query_pairs(&pieces).peekable();
    if credentials.peek().is_some() {
        url.query_pairs_mut().extend_pairs(credentials);
    }
    *request.url_mut() = url;
    let headers = request.headers_mut();
    auth::put_headers(&pieces, headers);
    auth::put_cookies(&pieces, headers);
    for p in op
        .params
        .iter()
        .filter(|p| p.required && p.location == ParamIn::Header)
    {
        if let (Some(v), Ok(name)) = (
            sample(p),
            reqwest::header::HeaderName::from_bytes(p.wire.as_bytes()),
        ) {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(&v) {
                headers.insert(name, v);
            }
        }
    }
    if let Some(body) = &op.body {
        let example = body
            .example
            .and_then(|e| serde_json::from_str::<Value>(e).ok());
        let encoded = match (example, body.media) {
            (Some(v), BodyMedia::Json) => RequestBody::json(&v).ok(),
            (Some(v), BodyMedia::Form) => RequestBody::form(&v).ok(),
            (Some(Value::String(s)), BodyMedia::Text) => Some(RequestBody::Text(s)),
            _ => None,
        };
        let (content_type, bytes): (&str, Vec<u8>) = match encoded {
            Some(RequestBody::Json(b)) => ("application/json", b),
            Some(RequestBody::Form(pairs)) => (
                "application/x-www-form-urlencoded",
                serde_urlencoded::to_string(&pairs)
                    .unwrap_or_default()
                    .into_bytes(),
            ),
            Some(RequestBody::Text(t)) => ("text/plain", t.into_bytes()),
            _ => ("", Vec::new()),
        };
        if !bytes.is_empty() {
            request.headers_mut().insert(
                reqwest::header::CONTENT_TYPE,
                reqwest::header::HeaderValue::from_static(content_type),
            );
            *request.body_mut() = Some(bytes.into());
        }
    }
    let answer = inner
        .http
        .execute(request)
        .await
        .map_err(|e| Outcome::Problem(format!("the request failed: {}", e.without_url())))?;
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.map_err(|e| {
        Outcome::Problem(format!("the answer could not be read: {}", e.without_url()))
    })?;
    let message = || {
        serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| super::problem::read_any(&v).0)
            .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned())
    };
    match status {
        s if s == op.status => (op.decode)(s, &headers, &body).map_err(Outcome::Problem),
        501 => Err(Outcome::NoExample(message())),
        401 | 422 => Err(Outcome::Unchecked(message())),
        other => Err(Outcome::Problem(format!(
            "answered {other} instead of {}: {}",
            op.status,
            message()
        ))),
    }
}

/// A request the mock received.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Received {
    /// The operationId; `None` when no operation of the spec matched.
    pub operation: Option<&'static str>,
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// Path parameters by wire name, decoded.
    pub path_params: BTreeMap<String, String>,
    /// Query pairs, decoded, in order (an API key sent in the query is `<redacted>`).
    pub query: Vec<(String, String)>,
    /// Headers by lower-case name, in order (credentials are `<redacted>`).
    pub headers: Vec<(String, String)>,
    /// The body, decoded as its media type says (JSON; a form or multipart
    /// body as an object of its fields, files by name; text as a string);
    /// in the body type's own shape when it decodes into it.
    pub body: Option<Value>,
    /// The status the mock answered.
    pub status: u16,
    /// Why the mock refused it (401 or 422), in the words of its answer.
    pub problem: Option<String>,
    index: Option<usize>,
}

impl Received {
    /// A path parameter, by its name in the spec.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.get(name).map(String::as_str)
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body decoded into `T` (leniently, as the client reads answers).
    pub fn body_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        super::lenient::from_value(self.body.as_ref().unwrap_or(&Value::Null))
    }
}

/// What a stub compares.
#[derive(Debug, Clone)]
enum Condition {
    /// A parameter, rendered as the client sends it.
    Param {
        location: ParamIn,
        wire: &'static str,
        pairs: Vec<(String, String)>,
    },
    /// The body, in the body type's shape.
    Body(Value),
    /// A value that could not be encoded: matches nothing.
    Never(String),
}

impl Condition {
    fn holds(&self, inspected: &Inspected) -> bool {
        match self {
            Condition::Param {
                location,
                wire,
                pairs,
            } => {
                let text = pairs.first().map(|(_, v)| v.as_str());
                match location {
                    ParamIn::Path => inspected.path_params.get(*wire).map(String::as_str) == text,
                    ParamIn::Header => {
                        inspected
                            .headers
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(wire))
                            .map(|(_, v)| v.as_str())
                            == text
                    }
                    // The pairs the stubbed value writes, among those sent.
                    ParamIn::QueryString => {
                        let mut sent: Vec<&(String, String)> = inspected
                            .query
                            .iter()
                            .filter(|(k, _)| pairs.iter().any(|(w, _)| w == k))
                            .collect();
                        let mut want: Vec<&(String, String)> = pairs.iter().collect();
                        sent.sort();
                        want.sort();
                        sent == want
                    }
                    ParamIn::Query | ParamIn::Cookie => {
                        let deep = format!("{wire}[");
                        let mut sent: Vec<&(String, String)> = inspected
                            .query
                            .iter()
                            .filter(|(k, _)| k == wire || k.starts_with(&deep))
                            .collect();
                        let mut want: Vec<&(String, String)> = pairs.iter().collect();
                        sent.sort();
                        want.sort();
                        sent == want
                    }
                }
            }
            Condition::Body(value) => inspected.body.as_ref() == Some(value),
            Condition::Never(_) => false,
        }
    }
}

/// What a stub answers.
#[derive(Debug, Clone)]
enum Answer {
    /// The operation's default answer.
    Default,
    /// A value of the output type, in the operation's shape.
    Value(Value),
    /// A JSON body exactly as given.
    Json(Value),
    Failure {
        status: u16,
        errors: BTreeMap<String, Vec<String>>,
    },
    /// A documented error body, typed.
    Documented {
        status: u16,
        body: Value,
    },
    RateLimited(Duration),
}

struct StubMatcher {
    shared: Arc<Shared>,
    operation: usize,
    conditions: Vec<Condition>,
}

impl wiremock::Match for StubMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let inspected = self.shared.inspect(request);
        inspected.operation == Some(self.operation)
            && inspected.problem.is_none()
            && self.conditions.iter().all(|c| c.holds(&inspected))
    }
}

struct StubResponder {
    shared: Arc<Shared>,
    operation: usize,
    answer: Answer,
    status: Option<u16>,
    message: Option<String>,
    delay: Option<Duration>,
}

impl wiremock::Respond for StubResponder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let shared = &self.shared;
        let op = &shared.operations[self.operation];
        let message = self.message.as_deref();
        let reply = match &self.answer {
            Answer::Default => {
                let mut reply = mock_answers::default_answer(op, None, shared.served());
                if let Some(s) = self.status {
                    reply.status = s;
                }
                reply
            }
            Answer::Value(v) => mock_answers::stubbed(op, self.status, v.clone(), shared.served()),
            Answer::Json(v) => {
                mock_answers::raw(self.status.unwrap_or(op.status), v, shared.served())
            }
            Answer::Failure { status, errors } if errors.is_empty() => {
                mock_answers::failure(Some(op), self.status.unwrap_or(*status), message, errors)
            }
            Answer::Failure { errors, .. } => mock_answers::invalid(Some(op), message, errors),
            Answer::Documented { status, body } => {
                mock_answers::documented(op, self.status.unwrap_or(*status), body)
            }
            Answer::RateLimited(after) => mock_answers::rate_limited(*after, message),
        };
        let mut template = reply.template();
        if let Some(d) = self.delay {
            template = template.set_delay(d);
        }
        shared.record(shared.inspect(request), &reply);
        template
    }
}

/// A stub of one operation: matchers (generated, named like the call's
/// arguments and setters), an answer, then `.await` (or [`Stub::mount`])
/// to put it in place. Without an answer it gives the default one.
#[must_use = "a stub does nothing until it is awaited (mounted)"]
pub struct Stub<'m, O> {
    mock: &'m MockServer,
    operation: usize,
    conditions: Vec<Condition>,
    answer: Answer,
    status: Option<u16>,
    message: Option<String>,
    times: Option<u64>,
    expected: Option<u64>,
    delay: Option<Duration>,
    _operation: PhantomData<fn() -> O>,
}

impl<O> fmt::Debug for Stub<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("operation", &self.mock.shared.operations[self.operation].id)
            .field("conditions", &self.conditions)
            .field("answer", &self.answer)
            .field("status", &self.status)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<'m, O: Operation> Stub<'m, O> {
    /// A stub of `O` on `mock` (the generated stub methods call this).
    #[allow(
        dead_code,
        reason = "with no operation group (cargo feature) on, no stub is generated"
    )]
    pub(crate) fn new(mock: &'m MockServer) -> Self {
        let operation = mock
            .shared
            .operations
            .iter()
            .position(|o| o.method.as_str() == O::METHOD && o.path == O::PATH)
            .unwrap_or_else(|| panic!("{} is not one of this mock's operations", O::ID));
        Stub {
            mock,
            operation,
            conditions: Vec::new(),
            answer: Answer::Default,
            status: None,
            message: None,
            times: None,
            expected: None,
            delay: None,
            _operation: PhantomData,
        }
    }

    /// Match requests whose parameter `wire` is `value` (as the client sends it).
    #[allow(
        dead_code,
        reason = "called by the generated stubs; an API whose operations take no parameter leaves it unused"
    )]
    pub(crate) fn matching<T: Serialize + ?Sized>(
        mut self,
        location: ParamIn,
        wire: &'static str,
        style: QueryStyle,
        value: &T,
    ) -> Self {
        // Path and header values are one text, lists comma-joined.
        let style = match location {
            ParamIn::Path | ParamIn::Header => QueryStyle::Csv,
            _ => style,
        };
        self.conditions.push(Condition::Param {
            location,
            wire,
            pairs: rendered(wire, value, style),
        });
        self
    }

    /// Match requests whose body equals `value` (compared in the body type's shape).
    #[allow(
        dead_code,
        reason = "called by the generated stubs; an API whose operations take no body leaves it unused"
    )]
    pub(crate) fn matching_body<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        let op = &self.mock.shared.operations[self.operation];
        let condition = match (serde_json::to_value(value), &op.body) {
            (Ok(v), Some(spec)) => match (spec.check)(&v) {
                Ok(typed) => Condition::Body(typed),
                Err(e) => Condition::Never(e),
            },
            (Ok(v), None) => Condition::Body(v),
            (Err(e), _) => Condition::Never(e.to_string()),
        };
        self.conditions.push(condition);
        self
    }

    /// Answer with this value of the operation's output type, in the
    /// operation's shape (its `{data, _meta}` envelope when it has one).
    pub fn returns(mut self, value: O::Output) -> Self
    where
        O::Output: Serialize,
    {
        self.answer = match serde_json::to_value(&value) {
            Ok(v) => Answer::Value(v),
            Err(e) => {
                self.message = Some(format!("the stubbed value does not serialize: {e}"));
                Answer::Failure {
                    status: 500,
                    errors: BTreeMap::new(),
                }
            }
        };
        self
    }

    /// Answer a streaming operation with these items, in order: server-sent
    /// events (each item the data of an event, or for operations whose
    /// schema describes whole events, an object with `event`, `data`, `id`,
    /// `retry`), or JSON Lines (one item per line).
    pub fn returns_items<T: Serialize>(mut self, items: impl IntoIterator<Item = T>) -> Self {
        let items: Result<Vec<Value>, _> = items.into_iter().map(serde_json::to_value).collect();
        self.answer = match items {
            Ok(items) => Answer::Value(Value::Array(items)),
            Err(e) => {
                self.message = Some(format!("a stubbed item does not serialize: {e}"));
                Answer::Failure {
                    status: 500,
                    errors: BTreeMap::new(),
                }
            }
        };
        self
    }

    /// Answer with this JSON body exactly (no envelope added): for bodies
    /// the output type cannot express.
    pub fn returns_json(mut self, body: Value) -> Self {
        self.answer = Answer::Json(body);
        self
    }

    /// The status of the answer (by default the documented success status,
    /// or the failure's).
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Fail with this status and the error body the spec documents for it
    /// (its example, else one built from its schema, in its content type);
    /// where the operation documents none, a body in the API's error shape
    /// (Laravel's `{"message": "Not Found."}` for OnlyFans).
    pub fn fails(mut self, status: u16) -> Self {
        self.answer = Answer::Failure {
            status,
            errors: BTreeMap::new(),
        };
        self
    }

    /// The `message` of a failure, instead of the usual one.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Fail validation with this message for `field` (call again for more
    /// fields or messages): at the status and in the shape the operation
    /// documents for errors by field (a problem's `errors` list, Laravel's
    /// `errors` map, …), else a 422 in the API's error shape.
    pub fn fails_validation(
        mut self,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let mut errors = match self.answer {
            Answer::Failure {
                status: 422,
                errors,
            } => errors,
            _ => BTreeMap::new(),
        };
        errors.entry(field.into()).or_default().push(message.into());
        self.answer = Answer::Failure {
            status: 422,
            errors,
        };
        self
    }

    /// Fail with this status and this documented error body (typed as the
    /// call's [`Error::documented`](super::Error::documented) reads it), in
    /// the operation's error content type.
    pub fn fails_with(mut self, status: u16, body: O::Errors) -> Self
    where
        O::Errors: Serialize,
    {
        self.answer = match serde_json::to_value(&body) {
            Ok(body) => Answer::Documented { status, body },
            Err(e) => {
                self.message = Some(format!("the stubbed error does not serialize: {e}"));
                Answer::Failure {
                    status: 500,
                    errors: BTreeMap::new(),
                }
            }
        };
        self
    }

    /// Answer 429 Too Many Attempts, asking to retry after `retry_after`
    /// (`Retry-After`, and the rate-limit headers at zero).
    pub fn rate_limited(mut self, retry_after: Duration) -> Self {
        self.answer = Answer::RateLimited(retry_after);
        self
    }

    /// Wait this long before answering (to test timeouts).
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answer at most `n` matching requests; later ones go to the next
    /// stub that matches, or get the default answer.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Expect exactly `n` matching requests: checked by
    /// [`MockServer::verify`] and when the mock is dropped.
    pub fn expect(mut self, n: u64) -> Self {
        self.expected = Some(n);
        self
    }

    /// The requests the mock received for this operation so far (whatever
    /// answered them), in order.
    pub fn received(&self) -> Vec<Received> {
        self.mock
            .received()
            .into_iter()
            .filter(|r| r.index == Some(self.operation))
            .collect()
    }

    /// Put the stub in place (what `.await` does).
    pub async fn mount(self) {
        let shared = self.mock.shared.clone();
        let id = shared.operations[self.operation].id;
        let name = match self.conditions.iter().find_map(|c| match c {
            Condition::Never(why) => Some(why),
            _ => None,
        }) {
            // A matcher value that cannot be encoded: the stub is kept (so
            // `expect` still counts) but matches nothing; its name says why.
            Some(why) => format!("stub of {id} (matches nothing: {why})"),
            None => format!("stub of {id}"),
        };
        let mut mock = wiremock::Mock::given(StubMatcher {
            shared: shared.clone(),
            operation: self.operation,
            conditions: self.conditions,
        })
        .respond_with(StubResponder {
            shared,
            operation: self.operation,
            answer: self.answer,
            status: self.status,
            message: self.message,
            delay: self.delay,
        })
        .with_priority(10)
        .named(name);
        if let Some(n) = self.times {
            mock = mock.up_to_n_times(n);
        }
        if let Some(n) = self.expected {
            mock = mock.expect(n);
        }
        self.mock.server.register(mock).await;
    }
}

impl<'m, O: Operation + 'm> IntoFuture for Stub<'m, O> {
    type Output = ();
    type IntoFuture = Pin<Box<dyn Future<Output = ()> + Send + 'm>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.mount())
    }
}
