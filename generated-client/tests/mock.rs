//! The typed mock (`testing` feature) against the OnlyFans client: default
//! answers from the spec's examples, typed stubs, failures, call recording
//! and request validation, all on loopback.

use onlyfans_api::testing::{webhook_delivery, MockServer, MOCK_API_KEY};
use onlyfans_api::types::{
    SmartLinkPostback, UpdateSmartLinkPostbackRequest, UpdateSmartLinkPostbackRequestSmartLinkScope,
};
use onlyfans_api::ErrorKind;
use serde_json::{json, Value};
use std::time::Duration;

/// A postback as a test would build one: `Default`, then fields.
fn postback(id: i64, url: &str) -> SmartLinkPostback {
    let mut p = SmartLinkPostback::default();
    p.id = Some(id);
    p.url = Some(url.to_string());
    p
}

fn update_body(url: &str) -> UpdateSmartLinkPostbackRequest {
    UpdateSmartLinkPostbackRequest::new(
        url,
        UpdateSmartLinkPostbackRequestSmartLinkScope::Global,
        vec!["new_subscriber".into()],
    )
}

/// Raw HTTP to the mock, for requests the typed client would never send.
async fn raw(method: &str, url: &str, body: Option<Value>, with_key: bool) -> (u16, Value) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let mut request = http.request(method.parse().unwrap(), url);
    if with_key {
        request = request.bearer_auth(MOCK_API_KEY);
    }
    if let Some(b) = body {
        request = request
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let answer = request.send().await.expect("the mock answers");
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.unwrap_or_default();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn every_operation_answers_its_documented_example_and_it_decodes() {
    let mock = MockServer::start().await;
    let report = mock.self_check().await;
    assert_eq!(report.operations, 4);
    assert!(report.is_ok(), "{report:#?}");
    assert_eq!(report.answered.len(), 4, "{report:#?}");

    let client = mock.client();
    let list = client.smart_link_postbacks().list().await.unwrap();
    assert_eq!(list.data.len(), 1);
    assert_eq!(list.data[0].id, Some(123));
    let show = client.smart_link_postbacks().show(123).await.unwrap();
    assert_eq!(show.smart_link_scope.as_deref(), Some("campaign_specific"));
    let updated = client
        .smart_link_postbacks()
        .update(123, update_body("https://example.com/x"))
        .await
        .unwrap();
    assert_eq!(updated.id, Some(123));
    let clicks = client
        .smart_links()
        .list_clicks("acct_1", "01JLINK")
        .await
        .unwrap();
    assert_eq!(clicks.summary.as_ref().unwrap().clicks_total, Some(25));
}

#[tokio::test]
async fn default_answers_carry_the_envelope_meta_and_its_headers() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let first = client
        .smart_links()
        .list_clicks("acct_1", "01JLINK")
        .await
        .unwrap();
    let meta = first.meta();
    let credits = meta.credits.as_ref().unwrap();
    assert_eq!(credits.used, Some(1.0));
    assert_eq!(credits.balance, Some(999999.0));
    assert_eq!(meta.cache.as_ref().unwrap().is_cached, Some(false));
    assert_eq!(first.headers()["x-ofapi-credits-balance"], "999999");
    let limits = meta.rate_limits.as_ref().unwrap();
    assert_eq!(limits.limit_minute, Some(1000));
    assert_eq!(limits.remaining_minute, Some(999));
    let second = client.smart_link_postbacks().list().await.unwrap();
    assert_eq!(
        second.meta().rate_limits.as_ref().unwrap().remaining_minute,
        Some(998),
        "the rate limit counts down"
    );
}

#[tokio::test]
async fn offset_paging_over_default_answers_ends() {
    use onlyfans_api::stream::TryStreamExt;
    let mock = MockServer::start().await;
    let client = mock.client();
    let rows: Vec<_> = client
        .smart_links()
        .list_clicks("acct_1", "01JLINK")
        .into_items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "the example's one row, then an empty page");
    let offsets: Vec<Option<String>> = mock
        .received()
        .iter()
        .map(|r| r.query_param("offset").map(str::to_string))
        .collect();
    assert_eq!(offsets, [None, Some("1".to_string())]);
}

#[tokio::test]
async fn typed_stubs_answer_matching_calls_and_the_rest_get_the_default() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .show()
        .postback_id(7)
        .returns(postback(7, "https://example.com/seven"))
        .await;
    let client = mock.client();
    let seven = client.smart_link_postbacks().show(7).await.unwrap();
    assert_eq!(seven.url.as_deref(), Some("https://example.com/seven"));
    assert_eq!(seven.id, Some(7));
    assert_eq!(
        seven.meta().credits.as_ref().unwrap().note.as_deref(),
        Some("Free endpoint"),
        "the envelope's _meta comes from the documented example"
    );
    let other = client.smart_link_postbacks().show(8).await.unwrap();
    assert_eq!(other.id, Some(123), "not matched: the documented example");
}

#[tokio::test]
async fn stubs_match_query_and_body_values_typed_like_the_call() {
    let mock = MockServer::start().await;
    mock.smart_links()
        .list_clicks()
        .account("acct_9")
        .limit(10)
        .include_bots(false)
        .fails(403)
        .await;
    mock.smart_link_postbacks()
        .update()
        .body(update_body("https://example.com/new"))
        .returns(postback(1, "https://example.com/new"))
        .await;
    let client = mock.client();
    let denied = client
        .smart_links()
        .list_clicks("acct_9", "L")
        .limit(10)
        .include_bots(false)
        .await
        .unwrap_err();
    assert_eq!(denied.kind(), ErrorKind::Forbidden);
    // One value differs: not this stub.
    assert!(client
        .smart_links()
        .list_clicks("acct_9", "L")
        .limit(11)
        .include_bots(false)
        .await
        .is_ok());
    let updated = client
        .smart_link_postbacks()
        .update(5, update_body("https://example.com/new"))
        .await
        .unwrap();
    assert_eq!(updated.id, Some(1));
    let other = client
        .smart_link_postbacks()
        .update(5, update_body("https://example.com/other"))
        .await
        .unwrap();
    assert_eq!(other.id, Some(123));
}

#[tokio::test]
async fn failures_have_the_bodies_the_api_sends() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .show()
        .postback_id(1)
        .fails(404)
        .await;
    mock.smart_link_postbacks()
        .show()
        .postback_id(2)
        .fails(500)
        .with_message("Upstream timeout")
        .await;
    mock.smart_link_postbacks()
        .update()
        .fails_validation("url", "The url field must be a valid URL.")
        .fails_validation("url", "The url field must start with https.")
        .await;
    let client = mock.client().clone();
    let missing = client.smart_link_postbacks().show(1).await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert_eq!(missing.message(), Some("Not Found."));
    let down = client
        .smart_link_postbacks()
        .show(2)
        .with_retries(0)
        .await
        .unwrap_err();
    assert_eq!(down.kind(), ErrorKind::Server);
    assert_eq!(down.message(), Some("Upstream timeout"));
    let invalid = client
        .smart_link_postbacks()
        .update(1, update_body("ftp://x"))
        .await
        .unwrap_err();
    assert_eq!(invalid.kind(), ErrorKind::Unprocessable);
    assert_eq!(
        invalid.validation_errors()["url"],
        [
            "The url field must be a valid URL.",
            "The url field must start with https."
        ]
    );
    assert_eq!(
        invalid.message(),
        Some("The url field must be a valid URL. (and 1 more error)")
    );
}

#[tokio::test]
async fn rate_limits_are_retried_when_short_and_returned_when_long() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .list()
        .rate_limited(Duration::from_millis(20))
        .times(1)
        .await;
    let client = mock.client();
    let list = client.smart_link_postbacks().list().await.unwrap();
    assert_eq!(list.attempts(), 2, "one 429, then the default answer");

    mock.smart_link_postbacks()
        .show()
        .rate_limited(Duration::from_secs(30))
        .await;
    let started = std::time::Instant::now();
    let err = client.smart_link_postbacks().show(1).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(err.message(), Some("Too Many Attempts."));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the mock client does not sit out a long wait"
    );
}

#[tokio::test]
async fn times_and_expect_bound_and_count_a_stub() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .show()
        .fails(503)
        .times(2)
        .expect(2)
        .await;
    let client = mock.client();
    // 503 is retried: two failures, then the default answer.
    let ok = client.smart_link_postbacks().show(1).await.unwrap();
    assert_eq!(ok.attempts(), 3);
    assert_eq!(ok.id, Some(123));
    mock.verify().await;
    let statuses: Vec<u16> = mock.received().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 503, 200]);
}

#[tokio::test]
async fn an_expectation_not_met_fails_verify() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks().list().expect(1).await;
    let verify = tokio::spawn(async move { mock.verify().await });
    assert!(
        verify.await.unwrap_err().is_panic(),
        "verify panics: the stub was never called"
    );
}

#[tokio::test]
async fn calls_are_recorded_with_their_decoded_parts_and_no_key() {
    let mock = MockServer::start().await;
    let client = mock.client();
    client
        .smart_links()
        .list_clicks("acct_1", "01J LINK")
        .limit(5)
        .include_bots(true)
        .await
        .unwrap();
    client
        .smart_link_postbacks()
        .update(42, update_body("https://example.com/u"))
        .await
        .unwrap();
    let received = mock.received();
    assert_eq!(received.len(), 2);
    let clicks = &received[0];
    assert_eq!(clicks.operation, Some("listSmartLinkClicks"));
    assert_eq!(clicks.method, "GET");
    assert_eq!(clicks.path_param("account"), Some("acct_1"));
    assert_eq!(clicks.path_param("smart_link_id"), Some("01J LINK"));
    assert_eq!(clicks.query_param("limit"), Some("5"));
    assert_eq!(clicks.query_param("include_bots"), Some("true"));
    assert_eq!(clicks.status, 200);
    assert_eq!(clicks.header("authorization"), Some("<redacted>"));
    let update = &received[1];
    assert_eq!(update.operation, Some("updateSmartLinkPostback"));
    assert_eq!(update.path_param("postback_id"), Some("42"));
    let body: UpdateSmartLinkPostbackRequest = update.body_as().unwrap();
    assert_eq!(body, update_body("https://example.com/u"));
    assert_eq!(
        update.body.as_ref().unwrap()["smart_link_scope"],
        json!("global")
    );
    // Per operation, through its stub accessor.
    assert_eq!(mock.smart_link_postbacks().update().received().len(), 1);
    assert!(mock.smart_link_postbacks().show().received().is_empty());
    let shown = format!("{received:?} {mock:?} {client:?}");
    assert!(!shown.contains(MOCK_API_KEY), "{shown}");
}

#[tokio::test]
async fn requests_the_spec_does_not_allow_get_a_laravel_422() {
    let mock = MockServer::start().await;
    let base = mock.uri();

    let (status, body) = raw("GET", &format!("{base}/api/nothing-here"), None, true).await;
    assert_eq!(status, 422);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("no operation for GET /api/nothing-here"),
        "{message}"
    );
    assert!(body["errors"]["route"].is_array());

    let (status, body) = raw(
        "DELETE",
        &format!("{base}/api/smart-link-postbacks/1"),
        None,
        true,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["message"].as_str().unwrap().contains("GET, PATCH"),
        "{body}"
    );

    let (status, body) = raw(
        "GET",
        &format!("{base}/api/smart-link-postbacks/abc"),
        None,
        true,
    )
    .await;
    assert_eq!(status, 422);
    let why = body["errors"]["postback_id"][0].as_str().unwrap();
    assert!(
        why.starts_with("The postback_id field must be an integer"),
        "{why}"
    );

    let (status, body) = raw(
        "PATCH",
        &format!("{base}/api/smart-link-postbacks/1"),
        Some(json!({"url": "https://example.com"})),
        true,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["smart_link_scope"],
        json!(["The smart_link_scope field is required."]),
        "{body}"
    );

    let (status, body) = raw(
        "PATCH",
        &format!("{base}/api/smart-link-postbacks/1"),
        None,
        true,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["body"],
        json!(["The request body is required."])
    );

    let (status, body) = raw(
        "GET",
        &format!("{base}/api/smart-link-postbacks"),
        None,
        false,
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body, json!({"message": "Unauthenticated."}));

    let refused: Vec<(Option<&str>, u16)> = mock
        .received()
        .iter()
        .map(|r| (r.operation, r.status))
        .collect();
    assert_eq!(refused[0], (None, 422));
    assert!(mock.received()[2]
        .problem
        .as_deref()
        .unwrap()
        .contains("postback_id"));
}

#[tokio::test]
async fn a_stub_never_answers_a_request_the_spec_refuses() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .update()
        .returns(postback(1, "x"))
        .await;
    let (status, _) = raw(
        "PATCH",
        &format!("{}/api/smart-link-postbacks/1", mock.uri()),
        Some(json!({"url": 5})),
        true,
    )
    .await;
    assert_eq!(status, 422, "the stub matches only valid requests");
}

#[tokio::test]
async fn raw_bodies_delays_and_reset() {
    let mock = MockServer::start().await;
    mock.smart_link_postbacks()
        .show()
        .returns_json(json!({"data": {"id": "not a number"}}))
        .await;
    let client = mock.client();
    let err = client.smart_link_postbacks().show(1).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("data.id"), "{err}");

    mock.reset().await;
    assert!(mock.received().is_empty());
    mock.smart_link_postbacks()
        .list()
        .with_delay(Duration::from_millis(500))
        .await;
    let err = client
        .smart_link_postbacks()
        .list()
        .with_timeout(Duration::from_millis(50))
        .with_retries(0)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    let ok = client.smart_link_postbacks().show(1).await.unwrap();
    assert_eq!(ok.id, Some(123), "reset removed the stub");
}

#[tokio::test]
async fn a_signed_delivery_verifies_and_reaches_a_receiver() {
    let event = onlyfans_api::webhooks::Event::new("messages.received", json!({"text": "hi"}))
        .with_event_id("evt_1")
        .with_account_id("acct_1");
    let delivery = webhook_delivery(&event, "whsec_test");
    assert_eq!(
        onlyfans_api::webhooks::verify(&delivery.body, Some(&delivery.signature), "whsec_test"),
        Ok(())
    );
    assert_eq!(delivery.headers()[0].0, "Signature");
    // Posted to a receiver: here the mock itself, which knows no such route.
    let mock = MockServer::start().await;
    let status = delivery
        .post(&format!("{}/webhooks", mock.uri()))
        .await
        .unwrap();
    assert_eq!(status, 422);
    let received = &mock.received()[0];
    assert_eq!(
        received.header("signature"),
        Some(delivery.signature.as_str())
    );
    assert_eq!(
        received.body.as_ref().unwrap()["event"],
        "messages.received"
    );
}
