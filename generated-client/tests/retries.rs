//! Retries against the loopback mock server: which failures are retried,
//! how long the client waits (`Retry-After`, the rate-limit minute window,
//! backoff), the bound on the total wait, and which requests are never
//! repeated (POST/PATCH unless opted in). Backoff is set to a few
//! milliseconds so the suite stays fast; every call is bounded in time.

mod support;

use onlyfans_api::types::{
    UpdateSmartLinkPostbackRequest, UpdateSmartLinkPostbackRequestSmartLinkScope,
};
use onlyfans_api::{ErrorKind, RetryPolicy};
use std::future::{Future, IntoFuture};
use std::time::{Duration, Instant};
use support::{client, client_builder, MockServer, Reply};

const API_KEY: &str = "retry-key-789";
const LIST_POSTBACKS: &str = include_str!("fixtures/list_smart_link_postbacks.json");
const UPDATE_POSTBACK: &str = include_str!("fixtures/update_smart_link_postback.json");

fn update_request() -> UpdateSmartLinkPostbackRequest {
    UpdateSmartLinkPostbackRequest::new(
        "https://example.com/postback",
        UpdateSmartLinkPostbackRequestSmartLinkScope::Global,
        vec!["new_subscriber".to_string()],
    )
}

/// Fail the test instead of hanging when a call does not finish in time.
async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the call finishes in time")
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_that_wait() {
    let server = MockServer::start([
        Reply::json(429, r#"{"message":"Too Many Attempts."}"#).header("Retry-After", "1"),
        Reply::json(200, LIST_POSTBACKS),
    ])
    .await;
    let client = client(server.url(), API_KEY);

    let started = Instant::now();
    let resp = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect("the retry succeeds");

    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited as asked: {:?}",
        started.elapsed()
    );
    assert_eq!(resp.attempts(), 2);
    assert_eq!(resp.data.len(), 1);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for req in &reqs {
        assert_eq!(
            req.header("authorization"),
            Some(format!("Bearer {API_KEY}").as_str()),
            "every attempt is authenticated"
        );
    }
}

#[tokio::test]
async fn two_503s_then_a_200_succeeds_on_the_third_attempt() {
    let server = MockServer::start([
        Reply::status(503),
        Reply::body(503, "text/html", "<h1>Service Unavailable</h1>"),
        Reply::json(200, LIST_POSTBACKS),
    ])
    .await;
    let client = client(server.url(), API_KEY);

    let resp = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect("third time lucky");

    assert_eq!(resp.attempts(), 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retries_run_out_with_the_last_error_and_its_html_page() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = MockServer::start([
        Reply::status(503),
        Reply::status(500),
        Reply::body(502, "text/html", page),
        Reply::json(200, LIST_POSTBACKS),
    ])
    .await;
    let client = client(server.url(), API_KEY);

    let err = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect_err("2 retries, 3 failures");

    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.attempts(), 3);
    assert_eq!(
        err.body_text().as_deref(),
        Some(page),
        "the raw page is kept"
    );
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert!(!format!("{err} {err:?}").contains(API_KEY));
    assert_eq!(server.requests().len(), 3, "the 200 was never asked for");
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let server = MockServer::start([Reply::reset(), Reply::json(200, LIST_POSTBACKS)]).await;
    let client = client(server.url(), API_KEY);

    let resp = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect("the retry succeeds");

    assert_eq!(resp.attempts(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_slow_server_times_out_and_the_retry_succeeds() {
    let server = MockServer::start([
        Reply::json(200, LIST_POSTBACKS).after(Duration::from_secs(3)),
        Reply::json(200, LIST_POSTBACKS),
    ])
    .await;
    let client = client(server.url(), API_KEY);

    let started = Instant::now();
    let resp = bounded(
        client
            .smart_link_postbacks()
            .list()
            .with_timeout(Duration::from_millis(300))
            .into_future(),
    )
    .await
    .expect("the second attempt is fast");

    assert_eq!(resp.attempts(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "did not wait for the slow answer: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_slow_server_every_time_gives_a_timeout_error_after_all_attempts() {
    let slow = || Reply::json(200, LIST_POSTBACKS).after(Duration::from_secs(3));
    let server = MockServer::start([slow(), slow()]).await;
    let client = client_builder(server.url(), API_KEY)
        .max_retries(1)
        .build()
        .unwrap();

    let err = bounded(
        client
            .smart_link_postbacks()
            .list()
            .with_timeout(Duration::from_millis(200))
            .into_future(),
    )
    .await
    .expect_err("both attempts time out");

    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_408_is_retried() {
    let server = MockServer::start([Reply::status(408), Reply::json(200, LIST_POSTBACKS)]).await;
    let resp = bounded(
        client(server.url(), API_KEY)
            .smart_link_postbacks()
            .list()
            .into_future(),
    )
    .await
    .expect("retried");
    assert_eq!(resp.attempts(), 2);
}

#[tokio::test]
async fn patch_is_not_retried_by_default() {
    let server = MockServer::start([Reply::status(503), Reply::json(200, UPDATE_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    let err = bounded(
        client
            .smart_link_postbacks()
            .update(123, update_request())
            .into_future(),
    )
    .await
    .expect_err("a PATCH is not repeated");

    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn patch_is_retried_when_the_call_opts_in_and_sends_the_same_body() {
    let server = MockServer::start([Reply::status(503), Reply::json(200, UPDATE_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    let resp = bounded(
        client
            .smart_link_postbacks()
            .update(123, update_request())
            .with_header("Idempotency-Key", "key-1")
            .with_retry_non_idempotent(true)
            .into_future(),
    )
    .await
    .expect("retried");

    assert_eq!(resp.attempts(), 2);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].body, reqs[1].body, "the body is sent again in full");
    assert!(!reqs[1].body.is_empty());
    assert_eq!(reqs[1].header("idempotency-key"), Some("key-1"));
}

#[tokio::test]
async fn patch_is_retried_when_the_client_opts_in_and_a_call_can_opt_out() {
    let server = MockServer::start([
        Reply::status(502),
        Reply::json(200, UPDATE_POSTBACK),
        Reply::status(502),
        Reply::json(200, UPDATE_POSTBACK),
    ])
    .await;
    let client = client_builder(server.url(), API_KEY)
        .retry_non_idempotent(true)
        .build()
        .unwrap();

    let resp = bounded(
        client
            .smart_link_postbacks()
            .update(1, update_request())
            .into_future(),
    )
    .await
    .expect("retried");
    assert_eq!(resp.attempts(), 2);

    let err = bounded(
        client
            .smart_link_postbacks()
            .update(1, update_request())
            .with_retry_non_idempotent(false)
            .into_future(),
    )
    .await
    .expect_err("this call opted out");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn patch_is_retried_when_the_connection_could_not_be_made() {
    // A port nobody listens on: the request never reaches a server, so even
    // a PATCH is safe to send again.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = client(&format!("http://127.0.0.1:{port}"), API_KEY);

    let err = bounded(
        client
            .smart_link_postbacks()
            .update(1, update_request())
            .into_future(),
    )
    .await
    .expect_err("nothing listens");

    assert_eq!(err.kind(), ErrorKind::Connection);
    assert_eq!(err.attempts(), 3, "connect failures are retried");
    assert!(!format!("{err} {err:?}").contains(API_KEY));
}

#[tokio::test]
async fn retry_counts_per_client_and_per_call() {
    let server = MockServer::start((0..10).map(|_| Reply::status(500))).await;

    let none = client_builder(server.url(), API_KEY)
        .max_retries(0)
        .build()
        .unwrap();
    let err = bounded(none.smart_link_postbacks().list().into_future())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);

    let err = bounded(
        none.smart_link_postbacks()
            .list()
            .with_retries(3)
            .into_future(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.attempts(), 4, "the call's count wins");

    let err = bounded(
        client(server.url(), API_KEY)
            .smart_link_postbacks()
            .list()
            .with_retries(0)
            .into_future(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.attempts(), 1);

    let policy = RetryPolicy {
        max_retries: 1,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
        ..RetryPolicy::default()
    };
    let custom = client_builder(server.url(), API_KEY)
        .retry_policy(policy.clone())
        .build()
        .unwrap();
    assert_eq!(custom.retry_policy(), &policy);
    let err = bounded(custom.smart_link_postbacks().list().into_future())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.requests().len(), 1 + 4 + 1 + 2);
}

#[tokio::test]
async fn a_server_asking_for_longer_than_the_budget_gets_its_429_at_once() {
    let server = MockServer::start([
        Reply::json(429, r#"{"message":"Too Many Attempts."}"#).header("Retry-After", "120"),
        Reply::json(200, LIST_POSTBACKS),
    ])
    .await;
    let client = client_builder(server.url(), API_KEY)
        .max_retry_delay(Duration::from_secs(5))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect_err("120 s is over the 5 s budget");

    assert!(started.elapsed() < Duration::from_secs(2), "no sleep");
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_429_with_no_requests_left_this_minute_waits_for_the_next_minute() {
    // No Retry-After; the server's clock says 08:49:37, so the next minute
    // window opens in 23 s: more than this client's budget of 1 s.
    let server = MockServer::start([Reply::json(429, r#"{"message":"Too Many Attempts."}"#)
        .header("x-rate-limit-limit-minute", "60")
        .header("x-rate-limit-remaining-minute", "0")
        .header("date", "Sun, 06 Nov 1994 08:49:37 GMT")])
    .await;
    let client = client_builder(server.url(), API_KEY)
        .max_retry_delay(Duration::from_secs(1))
        .build()
        .unwrap();

    let err = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect_err("23 s is over the budget");

    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(23)));
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn total_waiting_stays_within_the_budget() {
    // Each 429 asks for 1 s; the budget allows one such wait, not two.
    let limited = || Reply::json(429, "{}").header("Retry-After", "1");
    let server = MockServer::start([limited(), limited(), limited()]).await;
    let client = client_builder(server.url(), API_KEY)
        .max_retries(5)
        .max_retry_delay(Duration::from_millis(1500))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .expect_err("budget spent");

    assert_eq!(err.attempts(), 2);
    assert!(started.elapsed() < Duration::from_millis(1450));
}

#[tokio::test]
async fn malformed_json_a_422_and_a_404_are_not_retried() {
    let server = MockServer::start([
        Reply::json(200, r#"{"data": [tru"#),
        Reply::json(
            422,
            r#"{"message":"The given data was invalid.","errors":{"url":["The url must be a valid URL."],"conversion_types":["The conversion types field is required."]}}"#,
        ),
        Reply::json(404, r#"{"message":"Not found"}"#),
    ])
    .await;
    let client = client(server.url(), API_KEY);

    let err = bounded(client.smart_link_postbacks().list().into_future())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.attempts(), 1);

    let err = bounded(
        client
            .smart_link_postbacks()
            .update(1, update_request())
            .with_retry_non_idempotent(true)
            .into_future(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unprocessable);
    assert_eq!(
        err.validation_errors()["url"],
        ["The url must be a valid URL."]
    );
    assert_eq!(
        err.validation_errors()["conversion_types"],
        ["The conversion types field is required."]
    );
    assert_eq!(err.attempts(), 1);

    let err = bounded(client.smart_link_postbacks().show(9).into_future())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(server.requests().len(), 3, "one request each");
}
