//! Hooks, raw calls and idempotency keys against the loopback server:
//! hooks run in the order they were added around every attempt (retries
//! included) and may sign the request without the key showing; a raw call
//! gets the base URL, credentials, retries, hooks and extra fields; an
//! idempotency key is the same on every attempt of a call and new for the
//! next call; extra JSON body fields and the raw body of every response.

mod support;

use onlyfans_api::types::{
    UpdateSmartLinkPostbackRequest, UpdateSmartLinkPostbackRequestSmartLinkScope,
};
use onlyfans_api::{Attempt, ErrorKind, Hook, HookError, Method, Operation, Outcome, ResponseKind};
use std::future::{Future, IntoFuture};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{client, client_builder, MockServer, Reply};

const API_KEY: &str = "hook-key-314";
const LIST_POSTBACKS: &str = include_str!("fixtures/list_smart_link_postbacks.json");
const UPDATE_POSTBACK: &str = include_str!("fixtures/update_smart_link_postback.json");

/// Fail the test instead of hanging when a call does not finish in time.
async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the call finishes in time")
}

fn update_request() -> UpdateSmartLinkPostbackRequest {
    UpdateSmartLinkPostbackRequest::new(
        "https://example.com/postback",
        UpdateSmartLinkPostbackRequestSmartLinkScope::Global,
        vec!["new_subscriber".to_string()],
    )
}

/// Writes what it sees into a shared log, under its name; signs each
/// attempt with `x-signature: <name>-<attempt>` when asked to.
struct Recording {
    name: &'static str,
    log: Arc<Mutex<Vec<String>>>,
    sign: bool,
}

impl Hook for Recording {
    async fn before_attempt(
        &self,
        attempt: &Attempt<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        let shown = format!("{request:?} {attempt:?}");
        assert!(!shown.contains(API_KEY), "the key shows: {shown}");
        assert!(
            request.headers().contains_key("authorization"),
            "credentials are in before the hooks run"
        );
        if self.sign {
            let signature = format!("{}-{}", self.name, attempt.number());
            request
                .headers_mut()
                .insert("x-signature", signature.parse()?);
        }
        self.log.lock().unwrap().push(format!(
            "{} before {} {} {}",
            self.name,
            attempt.number(),
            attempt.method(),
            attempt.operation()
        ));
        Ok(())
    }

    async fn after_attempt(&self, attempt: &Attempt<'_>, outcome: &Outcome<'_>) {
        let status = outcome.status().map_or(0, |s| s.as_u16());
        let next = if outcome.retry_in().is_some() {
            "retry"
        } else {
            "last"
        };
        self.log.lock().unwrap().push(format!(
            "{} after {} {status} {next}",
            self.name,
            attempt.number()
        ));
    }
}

fn recording(name: &'static str, log: &Arc<Mutex<Vec<String>>>, sign: bool) -> Recording {
    Recording {
        name,
        log: log.clone(),
        sign,
    }
}

#[tokio::test]
async fn hooks_run_in_order_around_every_attempt_and_see_retries() {
    let server = MockServer::start([Reply::status(503), Reply::json(200, LIST_POSTBACKS)]).await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = client_builder(server.url(), API_KEY)
        .hook(recording("a", &log, false))
        .hook(recording("b", &log, true))
        .build()
        .unwrap();

    let resp = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect("the retry succeeds");

    assert_eq!(resp.attempts(), 2);
    assert_eq!(
        *log.lock().unwrap(),
        [
            "a before 1 GET listSmartLinkPostbacks",
            "b before 1 GET listSmartLinkPostbacks",
            "a after 1 503 retry",
            "b after 1 503 retry",
            "a before 2 GET listSmartLinkPostbacks",
            "b before 2 GET listSmartLinkPostbacks",
            "a after 2 200 last",
            "b after 2 200 last",
        ]
    );
    let requests = server.requests();
    let signatures: Vec<_> = requests.iter().map(|r| r.header("x-signature")).collect();
    assert_eq!(signatures, [Some("b-1"), Some("b-2")], "signed per attempt");
    for r in &requests {
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {API_KEY}").as_str())
        );
    }
}

/// Refuses every request.
struct Refusing;

impl Hook for Refusing {
    async fn before_attempt(
        &self,
        _: &Attempt<'_>,
        _: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        Err("no signing key loaded".into())
    }
}

#[tokio::test]
async fn a_hook_that_refuses_fails_the_call_before_anything_is_sent() {
    let server = MockServer::start([]).await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = client_builder(server.url(), API_KEY)
        .hook(Refusing)
        .hook(recording("after-refusal", &log, false))
        .build()
        .unwrap();

    let err = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::Request);
    assert_eq!(err.attempts(), 1, "not retried");
    assert!(err.to_string().contains("no signing key loaded"), "{err}");
    assert!(!format!("{err} {err:?}").contains(API_KEY));
    assert!(server.requests().is_empty(), "nothing was sent");
    assert_eq!(
        *log.lock().unwrap(),
        ["after-refusal after 1 0 last"],
        "later hooks do not run before; every hook sees the outcome"
    );
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Undocumented {
    ok: bool,
    n: u32,
}

#[tokio::test]
async fn raw_calls_get_the_base_url_credentials_retries_and_hooks() {
    let body = r#"{"ok": true, "n": 7}"#;
    let server = MockServer::start([
        Reply::status(503),
        Reply::json(200, body),
        Reply::json(200, body),
    ])
    .await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = client_builder(server.url(), API_KEY)
        .hook(recording("h", &log, false))
        .build()
        .unwrap();

    let resp = bounded(
        client
            .raw(Method::GET, "/api/undocumented?x=1")
            .with_query("fresh", "true")
            .with_header("x-extra", "yes")
            .into_future(),
    )
    .await
    .expect("retried, then answered");
    assert_eq!(resp.data, serde_json::json!({"ok": true, "n": 7}));
    assert_eq!(resp.attempts(), 2);
    assert_eq!(resp.raw_body(), body.as_bytes(), "the body as it came");

    let typed = bounded(
        client
            .raw(Method::GET, "/api/undocumented")
            .send::<Undocumented>(),
    )
    .await
    .unwrap();
    assert_eq!(typed.data, Undocumented { ok: true, n: 7 });

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for r in &requests[..2] {
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, "/api/undocumented");
        assert_eq!(r.query_pairs(), [("x", "1"), ("fresh", "true")]);
        assert_eq!(r.header("x-extra"), Some("yes"));
    }
    for r in &requests {
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {API_KEY}").as_str()),
            "every attempt is authenticated"
        );
    }
    assert_eq!(
        log.lock().unwrap()[..4],
        [
            "h before 1 GET raw",
            "h after 1 503 retry",
            "h before 2 GET raw",
            "h after 2 200 last"
        ]
    );
}

#[tokio::test]
async fn a_raw_post_sends_its_json_with_extra_fields_and_is_not_retried_without_a_key() {
    let server = MockServer::start([Reply::status(503)]).await;
    let client = client(server.url(), API_KEY);

    let err = bounded(
        client
            .raw(Method::POST, "/api/things")
            .with_json(&serde_json::json!({"name": "x"}))
            .with_body_field("extra", 2)
            .into_future(),
    )
    .await
    .unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.attempts(), 1, "a POST without a key is not repeated");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].json(),
        serde_json::json!({"name": "x", "extra": 2})
    );
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(requests[0].header("idempotency-key"), None);

    let err = bounded(client.raw(Method::GET, "no-slash").into_future())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Request);
    assert!(err.to_string().contains("starts with `/`"), "{err}");
}

#[tokio::test]
async fn a_raw_call_sends_the_scheme_it_names_and_refuses_an_unknown_one() {
    let server = MockServer::start([Reply::json(200, "{}"), Reply::json(200, "{}")]).await;
    let client = client(server.url(), API_KEY);
    let me = || client.raw(Method::GET, "/api/me");

    let err = bounded(me().with_scheme("apiKeyHeader").into_future())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Request);
    assert!(
        err.to_string()
            .contains(r#"the API uses no security scheme "apiKeyHeader" (it uses: default)"#),
        "{err}"
    );
    assert!(!err.to_string().contains(API_KEY));
    assert!(server.requests().is_empty(), "nothing was sent");

    bounded(me().with_scheme("default").into_future())
        .await
        .unwrap();
    bounded(me().with_scheme("default").without_auth().into_future())
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    assert_eq!(requests[1].header("authorization"), None);
}

#[tokio::test]
async fn an_idempotency_key_is_the_same_on_every_attempt_and_new_per_call() {
    let server = MockServer::start([
        Reply::status(503),
        Reply::status(502),
        Reply::json(200, UPDATE_POSTBACK),
        Reply::json(200, UPDATE_POSTBACK),
    ])
    .await;
    let client = client_builder(server.url(), API_KEY)
        .idempotency_keys(true)
        .build()
        .unwrap();

    // PATCH: not idempotent, so it gets a key and may then be retried.
    let resp = bounded(
        client
            .smart_link_postbacks()
            .update(123, update_request())
            .into_future(),
    )
    .await
    .expect("third attempt answers");
    assert_eq!(resp.attempts(), 3);
    bounded(
        client
            .smart_link_postbacks()
            .update(123, update_request())
            .into_future(),
    )
    .await
    .unwrap();

    let keys: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("idempotency-key").expect("a key").to_string())
        .collect();
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[1], keys[2]);
    assert_ne!(keys[2], keys[3], "a new call, a new key");
    for key in &keys {
        let uuid = uuid::Uuid::parse_str(key).expect("a UUID");
        assert_eq!(uuid.get_version_num(), 4);
    }
}

/// A POST whose spec declares an `Idempotency-Key` header, written as the
/// generator writes one.
#[derive(Debug)]
struct CreatePayment {
    key: Option<String>,
}

impl Operation for CreatePayment {
    type Output = serde_json::Value;
    type Errors = onlyfans_api::Untyped;
    const ID: &'static str = "createPayment";
    const METHOD: &'static str = "POST";
    const PATH: &'static str = "/api/payments";
    const RESPONSE: ResponseKind = ResponseKind::Json;
    const IDEMPOTENCY_HEADER: Option<&'static str> = Some("Idempotency-Key");

    fn path(&self) -> String {
        Self::PATH.into()
    }
    fn headers(&self, headers: &mut onlyfans_api::Headers) {
        if let Some(key) = &self.key {
            headers.push("Idempotency-Key", key);
        }
    }
    fn body(&self) -> Result<onlyfans_api::RequestBody, onlyfans_api::Error> {
        onlyfans_api::RequestBody::json(&serde_json::json!({"amount": 5}))
    }
}

#[tokio::test]
async fn an_operation_declaring_the_header_gets_a_key_and_retries_by_default() {
    let server = MockServer::start([
        Reply::status(503),
        Reply::json(201, r#"{"id": 1}"#),
        Reply::status(503),
        Reply::json(201, r#"{"id": 2}"#),
        Reply::status(503),
    ])
    .await;
    // No idempotency_keys(true): the operation asks for them.
    let client = client(server.url(), API_KEY);

    let resp = bounded(client.call(CreatePayment { key: None }).into_future())
        .await
        .expect("the POST is retried");
    assert_eq!(resp.attempts(), 2);
    // The caller's own key (the header parameter, or the call's setter) is the one sent.
    let resp = bounded(
        client
            .call(CreatePayment {
                key: Some("from-the-parameter".into()),
            })
            .into_future(),
    )
    .await
    .unwrap();
    assert_eq!(resp.attempts(), 2);
    // Turned off for a call: no key, and a POST is not repeated.
    let err = bounded(
        client
            .call(CreatePayment { key: None })
            .with_idempotency(false)
            .into_future(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.attempts(), 1);

    let requests = server.requests();
    let keys: Vec<Option<&str>> = requests
        .iter()
        .map(|r| r.header("idempotency-key"))
        .collect();
    assert!(keys[0].is_some());
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[2..4], [Some("from-the-parameter"); 2]);
    assert_eq!(keys[4], None);
}

#[tokio::test]
async fn a_call_may_name_its_key() {
    let server = MockServer::start([Reply::status(503), Reply::json(200, UPDATE_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    let resp = bounded(
        client
            .smart_link_postbacks()
            .update(123, update_request())
            .with_idempotency_key("order-77")
            .into_future(),
    )
    .await
    .expect("a PATCH with a key is retried");
    assert_eq!(resp.attempts(), 2);
    let keys: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("idempotency-key").map(str::to_string))
        .collect();
    assert_eq!(keys, [Some("order-77".into()), Some("order-77".into())]);
}

#[tokio::test]
async fn typed_calls_take_extra_body_fields_and_keep_the_raw_body() {
    let server = MockServer::start([Reply::json(200, UPDATE_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    let resp = bounded(
        client
            .smart_link_postbacks()
            .update(123, update_request())
            .with_body_field("beta_flag", true)
            .with_body_field("note", "not in the spec yet")
            .into_future(),
    )
    .await
    .unwrap();

    assert_eq!(resp.raw_body(), UPDATE_POSTBACK.as_bytes());
    let sent = server.requests()[0].json();
    assert_eq!(sent["url"], "https://example.com/postback");
    assert_eq!(sent["smart_link_scope"], "global");
    assert_eq!(sent["beta_flag"], true);
    assert_eq!(sent["note"], "not in the spec yet");
}
