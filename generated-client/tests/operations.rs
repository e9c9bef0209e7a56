//! The generated client against a loopback mock server: for each of the
//! spec's four operations, the request it sends (method, path, query, headers,
//! body) and how it reads the documented response example; then how errors,
//! per-request options and secrets behave.
//!
//! The response bodies in `tests/fixtures/` are the examples of the seed
//! documents (`/work/shared/seeds/000`–`003`), as JSON.

mod support;

use onlyfans_api::types::{
    UpdateSmartLinkPostbackRequest, UpdateSmartLinkPostbackRequestSmartLinkScope,
};
use onlyfans_api::{Client, Error, ErrorKind, Nullable};
use serde_json::json;
use std::future::IntoFuture;
use std::time::Duration;
use support::{client, client_builder, MockServer, Recorded, Reply};

const API_KEY: &str = "test-key-123";
// The tests whose answer would be retried build their client with
// `.max_retries(0)`: they pin what one exchange does (retries have their own
// tests in `retries.rs`).

const LIST_POSTBACKS: &str = include_str!("fixtures/list_smart_link_postbacks.json");
const SHOW_POSTBACK: &str = include_str!("fixtures/show_smart_link_postback.json");
const UPDATE_POSTBACK: &str = include_str!("fixtures/update_smart_link_postback.json");
const LIST_CLICKS: &str = include_str!("fixtures/list_smart_link_clicks.json");

/// The `-d` body of the seed's curl example for `PATCH /api/smart-link-postbacks/123`.
const UPDATE_CURL_BODY: &str = r#"{ "url": "https://example.com/postback?click={external_click_id}&type={conversion_type}", "smart_link_scope": "global", "conversion_types": [ "new_subscriber" ] }"#;

/// The request body of the seed's curl example, built with the generated type.
fn update_request() -> UpdateSmartLinkPostbackRequest {
    UpdateSmartLinkPostbackRequest::new(
        "https://example.com/postback?click={external_click_id}&type={conversion_type}",
        UpdateSmartLinkPostbackRequestSmartLinkScope::Global,
        vec!["new_subscriber".to_string()],
    )
}

/// Headers every call sends.
fn assert_common_headers(req: &Recorded) {
    assert_eq!(
        req.header_all("authorization"),
        [format!("Bearer {API_KEY}")],
        "one bearer authorization header"
    );
    assert_eq!(req.header_all("accept"), ["application/json"]);
    assert!(
        req.header("user-agent")
            .is_some_and(|ua| ua.starts_with("onlyfans-api/")),
        "user agent: {:?}",
        req.header("user-agent")
    );
}

/// Neither the Display nor the Debug text of an error shows the API key.
fn assert_no_secret(err: &Error) {
    let shown = format!("{err} / {err:?} / {err:#?}");
    assert!(
        !shown.contains(API_KEY),
        "the API key leaks from an error: {shown}"
    );
}

/// The `_meta` of every seed example: `used` credits and a balance of 999999.
fn assert_seed_credits(meta: &onlyfans_api::Meta, used: f64, note: &str) {
    let credits = meta.credits.as_ref().expect("credits from _meta");
    assert_eq!(credits.used, Some(used));
    assert_eq!(credits.balance, Some(999_999.0));
    assert_eq!(credits.note.as_deref(), Some(note));
    let cache = meta.cache.as_ref().expect("cache from _meta");
    assert_eq!(cache.is_cached, Some(false));
    assert_eq!(
        cache.note.as_deref(),
        Some("Cache disabled for this endpoint")
    );
    assert!(meta.raw.is_some(), "the raw _meta is kept");
}

// ---------------------------------------------------------------------------
// listSmartLinkPostbacks: GET /api/smart-link-postbacks

#[tokio::test]
async fn list_postbacks_sends_a_bare_get_and_decodes_the_seed_example() {
    let server = MockServer::start([Reply::json(200, LIST_POSTBACKS)]).await;
    let client = client(server.url(), API_KEY);

    let resp = client.smart_link_postbacks().list().await.expect("list");

    let req = server.only_request();
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, "/api/smart-link-postbacks");
    assert_eq!(req.raw_query, None, "no query string");
    assert_common_headers(&req);
    assert_eq!(req.header("content-type"), None, "a GET has no body type");
    assert!(req.body.is_empty());

    assert_eq!(resp.status(), 200);
    assert_eq!(resp.data.len(), 1);
    let pb = &resp.data[0];
    assert_eq!(pb.id, Some(123));
    assert_eq!(pb.http_method.as_deref(), Some("POST"));
    assert_eq!(
        pb.body.as_deref(),
        Some(r#"{"click_id":"{click_id}","value":"{amount_gross}"}"#)
    );
    let headers = pb.headers.as_ref().expect("headers");
    assert_eq!(headers[0].name.as_deref(), Some("Authorization"));
    assert_eq!(headers[0].value.as_deref(), Some("Bearer token"));
    assert_eq!(pb.smart_link_scope.as_deref(), Some("campaign_specific"));
    assert_eq!(
        pb.conversion_types.as_deref(),
        Some(&["new_subscriber".to_string(), "new_transaction".to_string()][..])
    );
    let link = &pb.smart_links.as_ref().expect("smart_links")[0];
    assert_eq!(
        link.link_ulid.as_deref(),
        Some("01JTESTLINK000000000000001")
    );
    assert_eq!(link.account_prefixed_id.as_deref(), Some("acct_XXXXXXXX"));
    let latest = pb.latest_response.as_ref().expect("latest_response");
    assert_eq!(latest.id, Some(456));
    assert_eq!(latest.status_code, Some(200));
    assert_eq!(latest.succeeded, Some(true));
    assert_eq!(latest.error_type, None, "JSON null reads as None");
    assert_eq!(
        latest.created_at.as_deref(),
        Some("2026-01-31T22:16:00+00:00")
    );
    assert_eq!(pb.created_at.as_deref(), Some("2026-01-31T21:45:00+00:00"));

    assert_seed_credits(resp.meta(), 0.0, "Free endpoint");
    assert_eq!(resp.meta().rate_limits, None, "no rate-limit headers sent");
    assert_eq!(resp.pagination(), None, "the example has no _pagination");
}

// ---------------------------------------------------------------------------
// showSmartLinkPostback: GET /api/smart-link-postbacks/{postback_id}

#[tokio::test]
async fn show_postback_puts_the_id_in_the_path_and_reads_a_null_latest_response() {
    let server = MockServer::start([Reply::json(200, SHOW_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    let resp = client.smart_link_postbacks().show(123).await.expect("show");

    let req = server.only_request();
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, "/api/smart-link-postbacks/123");
    assert_eq!(req.raw_query, None);
    assert_common_headers(&req);
    assert!(req.body.is_empty());

    assert_eq!(resp.id, Some(123));
    assert_eq!(resp.smart_link_scope.as_deref(), Some("campaign_specific"));
    assert_eq!(
        resp.smart_link_ids.as_deref(),
        Some(&["01JTESTLINK000000000000001".to_string()][..])
    );
    assert_eq!(resp.latest_response, None, "`latest_response: null`");
    assert_eq!(
        resp.updated_at.as_deref(),
        Some("2026-01-31T21:45:00+00:00")
    );
    assert_seed_credits(resp.meta(), 0.0, "Free endpoint");
}

#[tokio::test]
async fn show_postback_with_a_negative_id_keeps_the_sign_in_the_path() {
    let server = MockServer::start([Reply::json(200, SHOW_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    client.smart_link_postbacks().show(-5).await.expect("show");

    assert_eq!(server.only_request().path, "/api/smart-link-postbacks/-5");
}

// ---------------------------------------------------------------------------
// updateSmartLinkPostback: PATCH /api/smart-link-postbacks/{postback_id}

#[tokio::test]
async fn update_postback_sends_the_seed_curl_body_as_json() {
    let server = MockServer::start([Reply::json(200, UPDATE_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    let resp = client
        .smart_link_postbacks()
        .update(123, update_request())
        .await
        .expect("update");

    let req = server.only_request();
    assert_eq!(req.method, "PATCH");
    assert_eq!(req.path, "/api/smart-link-postbacks/123");
    assert_eq!(req.raw_query, None);
    assert_common_headers(&req);
    assert_eq!(req.header_all("content-type"), ["application/json"]);
    assert_eq!(
        req.header("content-length"),
        Some(req.body.len().to_string().as_str())
    );

    let sent = req.json();
    let curl: serde_json::Value = serde_json::from_str(UPDATE_CURL_BODY).unwrap();
    assert_eq!(sent, curl, "the body is the documented curl example");
    assert_eq!(
        sent,
        json!({
            "url": "https://example.com/postback?click={external_click_id}&type={conversion_type}",
            "smart_link_scope": "global",
            "conversion_types": ["new_subscriber"],
        })
    );
    let object = sent.as_object().expect("a JSON object");
    for omitted in ["http_method", "body", "headers", "smart_link_ids"] {
        assert!(
            !object.contains_key(omitted),
            "unset optional {omitted} must be absent, not null: {sent}"
        );
    }

    assert_eq!(resp.id, Some(123));
    assert_eq!(
        resp.url.as_deref(),
        Some("https://example.com/updated?click={click_id}&type={conversion_type}&ttclid={ttclid}")
    );
    assert_eq!(resp.smart_link_scope.as_deref(), Some("campaign_specific"));
    assert_eq!(
        resp.smart_links.as_ref().expect("smart_links")[0]
            .name
            .as_deref(),
        Some("Instagram Bio Link")
    );
    assert_eq!(resp.latest_response, None);
    assert_eq!(
        resp.updated_at.as_deref(),
        Some("2026-01-31T22:00:00+00:00")
    );
    assert_seed_credits(resp.meta(), 0.0, "Free endpoint");
}

#[tokio::test]
async fn update_postback_sends_set_optionals_and_unknown_enum_values_verbatim() {
    let server = MockServer::start([Reply::json(200, UPDATE_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);
    // Types are `#[non_exhaustive]`: built with `new(..)`, then fields set.
    let mut body = update_request();
    body.http_method = Some(onlyfans_api::types::UpdateSmartLinkPostbackRequestHttpMethod::Post);
    body.headers = json!([{"name": "X-Token", "value": "{click_id}"}]).into();
    body.smart_link_scope =
        UpdateSmartLinkPostbackRequestSmartLinkScope::Unknown("team_wide".to_string());
    body.smart_link_ids = Some(vec!["01JTESTLINK000000000000001".to_string()]);

    client
        .smart_link_postbacks()
        .update(7, body)
        .await
        .expect("update");

    let req = server.only_request();
    assert_eq!(req.path, "/api/smart-link-postbacks/7");
    assert_eq!(
        req.json(),
        json!({
            "url": "https://example.com/postback?click={external_click_id}&type={conversion_type}",
            "http_method": "POST",
            "headers": [{"name": "X-Token", "value": "{click_id}"}],
            "smart_link_scope": "team_wide",
            "conversion_types": ["new_subscriber"],
            "smart_link_ids": ["01JTESTLINK000000000000001"],
        })
    );
}

/// `headers` may be any JSON value, null included (its schema has no type),
/// so it is a `Nullable`: left out ("existing value is kept when omitted"),
/// sent as `null` (cleared) or sent as a value, three different bodies.
#[tokio::test]
async fn update_postback_sends_headers_absent_null_or_a_value_as_such() {
    let server = MockServer::start([
        Reply::json(200, UPDATE_POSTBACK),
        Reply::json(200, UPDATE_POSTBACK),
        Reply::json(200, UPDATE_POSTBACK),
    ])
    .await;
    let client = client(server.url(), API_KEY);
    let headers = json!([{"name": "X-Token", "value": "{click_id}"}]);
    let bodies = [
        Nullable::Absent,
        Nullable::Null,
        Nullable::Value(headers.clone()),
    ]
    .map(|state| {
        let mut body = update_request();
        body.headers = state;
        body
    });
    assert!(bodies[0].headers.is_absent(), "new(..) leaves it out");
    for body in bodies {
        client
            .smart_link_postbacks()
            .update(7, body)
            .await
            .expect("update");
    }

    let sent: Vec<serde_json::Value> = server.requests().iter().map(|r| r.json()).collect();
    assert_eq!(sent.len(), 3);
    let object = sent[0].as_object().expect("a JSON object");
    assert!(
        !object.contains_key("headers"),
        "absent: left out: {}",
        sent[0]
    );
    assert_eq!(sent[1]["headers"], serde_json::Value::Null, "{}", sent[1]);
    assert!(sent[1].as_object().unwrap().contains_key("headers"));
    assert_eq!(sent[2]["headers"], headers);
}

/// Keys the spec does not declare are kept: read into
/// `additional_properties`, sent back from there.
#[tokio::test]
async fn undeclared_keys_are_read_and_sent_back() {
    let mut answer: serde_json::Value = serde_json::from_str(SHOW_POSTBACK).unwrap();
    answer["data"]["archived_at"] = json!("2026-02-01T00:00:00+00:00");
    answer["data"]["latest_response"] = json!({"status_code": 200, "retries": 2});
    let server = MockServer::start([
        Reply::json(200, answer.to_string()),
        Reply::json(200, UPDATE_POSTBACK),
    ])
    .await;
    let client = client(server.url(), API_KEY);
    let shown = client.smart_link_postbacks().show(5).await.expect("show");
    assert_eq!(
        shown.additional_properties.get("archived_at"),
        Some(&json!("2026-02-01T00:00:00+00:00"))
    );
    let latest = shown.latest_response.as_ref().expect("latest_response");
    assert_eq!(latest.additional_properties["retries"], json!(2));
    // The whole `data` object comes back the same when written out again.
    assert_eq!(serde_json::to_value(&*shown).unwrap(), answer["data"]);

    let mut body = update_request();
    body.additional_properties
        .insert("label".into(), json!("spring campaign"));
    client
        .smart_link_postbacks()
        .update(5, body)
        .await
        .expect("update");
    assert_eq!(
        server.requests()[1].json()["label"],
        json!("spring campaign")
    );
}

// ---------------------------------------------------------------------------
// listSmartLinkClicks: GET /api/{account}/smart-links/{smart_link_id}/clicks

#[tokio::test]
async fn list_clicks_sends_all_six_query_parameters_in_order() {
    let server = MockServer::start([Reply::json(200, LIST_CLICKS)]).await;
    let client = client(server.url(), API_KEY);

    let resp = client
        .smart_links()
        .list_clicks("acct_XXXXXXXXXXXXXXX", "eveniet")
        .date_start("2026-01-01T00:00:00Z")
        .date_end("2026-01-07T23:59:59Z")
        .limit(100)
        .offset(0)
        .include_bots(true)
        .include_duplicates(true)
        .await
        .expect("list clicks");

    let req = server.only_request();
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.path,
        "/api/acct_XXXXXXXXXXXXXXX/smart-links/eveniet/clicks"
    );
    assert_eq!(
        req.query_pairs(),
        [
            ("date_start", "2026-01-01T00:00:00Z"),
            ("date_end", "2026-01-07T23:59:59Z"),
            ("limit", "100"),
            ("offset", "0"),
            ("include_bots", "true"),
            ("include_duplicates", "true"),
        ]
    );
    // Exactly the query string of the seed's curl example.
    assert_eq!(
        req.raw_query.as_deref(),
        Some("date_start=2026-01-01T00%3A00%3A00Z&date_end=2026-01-07T23%3A59%3A59Z&limit=100&offset=0&include_bots=true&include_duplicates=true")
    );
    assert_common_headers(&req);
    assert!(req.body.is_empty());

    let summary = resp.summary.as_ref().expect("summary");
    assert_eq!(summary.clicks_total, Some(25));
    let chart = resp.chart.as_ref().expect("chart");
    assert_eq!(chart.len(), 2);
    assert_eq!(chart[0].timestamp.as_deref(), Some("2026-01-30"));
    assert_eq!(chart[0].clicks, Some(10));
    assert_eq!(chart[1].clicks, Some(15));
    let rows = resp.rows.as_ref().expect("rows");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id.as_deref(), Some("01JTESTCLICK000000000000001"));
    assert_eq!(row.is_bot, Some(false));
    assert_eq!(row.is_duplicate, Some(false));
    assert_eq!(row.country_code.as_deref(), Some("US"));
    assert_eq!(row.gross_clicks, Some(1));
    assert_eq!(row.fbclid, None, "JSON null reads as None");
    assert_eq!(row.aff_s1.as_deref(), Some("campaign-a"));
    assert_eq!(row.utm_term.as_deref(), Some("fans"));
    let filters = resp.filters.as_ref().expect("filters");
    assert_eq!(filters.limit, Some(100));
    assert_eq!(filters.offset, Some(0));
    assert_eq!(filters.include_bots, Some(true));
    assert_eq!(
        filters.date_start.as_deref(),
        Some("2026-01-25T00:00:00+00:00")
    );

    assert_seed_credits(resp.meta(), 1.0, "Always");
}

#[tokio::test]
async fn list_clicks_without_optionals_sends_no_query_string() {
    let server = MockServer::start([Reply::json(200, LIST_CLICKS)]).await;
    let client = client(server.url(), API_KEY);

    client
        .smart_links()
        .list_clicks("acct_1", "01JTESTLINK")
        .await
        .expect("list clicks");

    let req = server.only_request();
    assert_eq!(req.path, "/api/acct_1/smart-links/01JTESTLINK/clicks");
    assert_eq!(req.raw_query, None, "not even a bare `?`");
    assert!(req.query.is_empty());
}

#[tokio::test]
async fn list_clicks_sends_only_the_optionals_that_are_set_even_false_and_zero() {
    let server = MockServer::start([Reply::json(200, LIST_CLICKS)]).await;
    let client = client(server.url(), API_KEY);

    client
        .smart_links()
        .list_clicks("acct_1", "link")
        .include_duplicates(false)
        .offset(0)
        .await
        .expect("list clicks");

    // Declaration order, not call order; `false` and `0` are values, not absence.
    assert_eq!(
        server.only_request().query_pairs(),
        [("offset", "0"), ("include_duplicates", "false")]
    );
}

#[tokio::test]
async fn list_clicks_encodes_reserved_characters_in_query_values() {
    let server = MockServer::start([Reply::json(200, LIST_CLICKS)]).await;
    let client = client(server.url(), API_KEY);

    client
        .smart_links()
        .list_clicks("acct_1", "link")
        .date_start("2026-01-25T00:00:00+00:00")
        .date_end("2026-01-31 23:59&x=1")
        .await
        .expect("list clicks");

    let req = server.only_request();
    // A raw `+` would read as a space, a raw `&` would split the value.
    assert_eq!(
        req.query_pairs(),
        [
            ("date_start", "2026-01-25T00:00:00+00:00"),
            ("date_end", "2026-01-31 23:59&x=1"),
        ]
    );
    assert!(
        req.raw_query
            .as_deref()
            .is_some_and(|q| q.starts_with("date_start=2026-01-25T00%3A00%3A00%2B00%3A00&")),
        "{:?}",
        req.raw_query
    );
}

#[tokio::test]
async fn list_clicks_percent_encodes_path_parameters() {
    let server = MockServer::start([Reply::json(200, LIST_CLICKS)]).await;
    let client = client(server.url(), API_KEY);

    client
        .smart_links()
        .list_clicks("acct 1/2", "a?b#c%d")
        .await
        .expect("list clicks");

    let req = server.only_request();
    assert_eq!(
        req.path, "/api/acct%201%2F2/smart-links/a%3Fb%23c%25d/clicks",
        "a space, `/`, `?`, `#` and `%` stay inside their segment"
    );
    assert_eq!(req.raw_query, None, "an encoded `?` starts no query");
}

#[tokio::test]
async fn response_headers_fill_meta_and_win_over_the_envelope() {
    let server = MockServer::start([Reply::json(200, LIST_CLICKS)
        .header("X-OFAPI-Credits-Used", "3")
        .header("x-ofapi-credits-balance", "999990.5")
        .header("x-rate-limit-remaining-minute", "42")
        .header("x-ofapi-is-cached", "true")])
    .await;
    let client = client(server.url(), API_KEY);

    let resp = client
        .smart_links()
        .list_clicks("acct_1", "link")
        .await
        .expect("list clicks");

    let meta = resp.meta();
    let credits = meta.credits.as_ref().expect("credits");
    assert_eq!(credits.used, Some(3.0), "header beats _meta's 1");
    assert_eq!(
        credits.balance,
        Some(999_990.5),
        "header beats _meta's 999999"
    );
    assert_eq!(
        credits.note.as_deref(),
        Some("Always"),
        "_meta fills the rest"
    );
    let cache = meta.cache.as_ref().expect("cache");
    assert_eq!(cache.is_cached, Some(true), "header beats _meta's false");
    assert_eq!(
        cache.note.as_deref(),
        Some("Cache disabled for this endpoint")
    );
    let limits = meta.rate_limits.as_ref().expect("rate limits from headers");
    assert_eq!(limits.remaining_minute, Some(42));
    assert_eq!(limits.limit_minute, None);
    assert_eq!(
        meta.raw.as_ref().expect("raw _meta")["_credits"]["used"],
        json!(1),
        "the raw _meta is as received"
    );
    assert_eq!(
        resp.headers()
            .get("x-ofapi-credits-used")
            .map(|v| v.as_bytes()),
        Some(&b"3"[..])
    );
}

// ---------------------------------------------------------------------------
// Errors

#[tokio::test]
async fn not_found_keeps_status_message_and_raw_body() {
    let body = r#"{"message":"Not found"}"#;
    let server = MockServer::start([Reply::json(404, body)]).await;
    let client = client(server.url(), API_KEY);

    let err = client
        .smart_link_postbacks()
        .show(999)
        .await
        .expect_err("404");

    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.message(), Some("Not found"));
    assert_eq!(err.body(), Some(body.as_bytes()), "the body is kept raw");
    assert_eq!(err.operation(), Some("showSmartLinkPostback"));
    assert!(err.validation_errors().is_empty());
    assert!(!err.is_retryable());
    let shown = err.to_string();
    assert!(shown.contains("showSmartLinkPostback"), "{shown}");
    assert!(shown.contains("404"), "{shown}");
    assert!(shown.contains("Not found"), "{shown}");
    assert_no_secret(&err);
}

#[tokio::test]
async fn unprocessable_exposes_laravel_validation_errors() {
    let body = r#"{"message":"The given data was invalid.","errors":{"url":["The url field is required."]}}"#;
    let server = MockServer::start([Reply::json(422, body)]).await;
    let client = client(server.url(), API_KEY);

    let err = client
        .smart_link_postbacks()
        .update(123, update_request())
        .await
        .expect_err("422");

    assert_eq!(err.kind(), ErrorKind::Unprocessable);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    assert_eq!(err.message(), Some("The given data was invalid."));
    assert_eq!(
        err.validation_errors()["url"],
        ["The url field is required."]
    );
    assert_eq!(err.validation_errors().len(), 1);
    assert_eq!(err.operation(), Some("updateSmartLinkPostback"));
    let raw: serde_json::Value = err.body_json().expect("a body").expect("JSON");
    assert_eq!(raw["errors"]["url"][0], "The url field is required.");
    assert_no_secret(&err);
}

#[tokio::test]
async fn rate_limited_reads_retry_after() {
    let server = MockServer::start([
        Reply::json(429, r#"{"message":"Too Many Attempts."}"#).header("Retry-After", "7")
    ])
    .await;
    // One exchange: a retry would hide what the first answer gave.
    let client = client_builder(server.url(), API_KEY)
        .max_retries(0)
        .build()
        .unwrap();

    let err = client.smart_link_postbacks().list().await.expect_err("429");

    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.message(), Some("Too Many Attempts."));
    assert!(err.is_retryable());
    assert_eq!(
        err.headers()
            .and_then(|h| h.get("retry-after"))
            .map(|v| v.as_bytes()),
        Some(&b"7"[..])
    );
    assert_no_secret(&err);
}

#[tokio::test]
async fn server_error_keeps_the_html_page() {
    let html = "<!DOCTYPE html>\n<html><head><title>Server Error</title></head>\
                <body><h1>500 | Server Error</h1></body></html>";
    let server = MockServer::start([Reply::body(500, "text/html; charset=UTF-8", html)]).await;
    // One exchange: a retry would hide what the first answer gave.
    let client = client_builder(server.url(), API_KEY)
        .max_retries(0)
        .build()
        .unwrap();

    let err = client
        .smart_links()
        .list_clicks("acct_1", "link")
        .await
        .expect_err("500");

    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    let text = err.body_text().expect("body");
    assert!(text.contains("<h1>500 | Server Error</h1>"), "{text}");
    assert_eq!(err.message(), None, "HTML has no Laravel message");
    assert!(err.is_retryable());
    let shown = err.to_string();
    assert!(shown.contains("500"), "{shown}");
    assert!(shown.contains("Server Error"), "{shown}");
    assert_no_secret(&err);
}

#[tokio::test]
async fn unauthorized_is_its_own_kind() {
    let server = MockServer::start([Reply::json(401, r#"{"message":"Unauthenticated."}"#)]).await;
    let client = client(server.url(), API_KEY);

    let err = client.smart_link_postbacks().list().await.expect_err("401");

    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.message(), Some("Unauthenticated."));
    assert!(!err.is_retryable());
    assert_no_secret(&err);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_naming_operation_status_and_body() {
    let body = r#"{"data": {"summary": {"clicks_total": 25}, "chart": [tru"#;
    let server = MockServer::start([Reply::json(200, body)]).await;
    let client = client(server.url(), API_KEY);

    let err = client
        .smart_links()
        .list_clicks("acct_1", "link")
        .await
        .expect_err("malformed JSON");

    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.operation(), Some("listSmartLinkClicks"));
    assert_eq!(err.body(), Some(body.as_bytes()));
    assert!(!err.is_retryable());
    let shown = err.to_string();
    assert!(shown.contains("listSmartLinkClicks"), "{shown}");
    assert!(shown.contains("200"), "{shown}");
    assert!(
        shown.contains(r#""clicks_total": 25"#),
        "body excerpt: {shown}"
    );
    assert!(
        std::error::Error::source(&err).is_some(),
        "the JSON error is the source"
    );
    assert_no_secret(&err);
}

#[tokio::test]
async fn wrongly_typed_field_is_a_decode_error_naming_the_field() {
    let body = LIST_CLICKS.replace(r#""is_bot": false"#, r#""is_bot": "nope""#);
    assert_ne!(body, LIST_CLICKS, "the fixture has the field");
    let server = MockServer::start([Reply::json(200, body)]).await;
    let client = client(server.url(), API_KEY);

    let err = client
        .smart_links()
        .list_clicks("acct_1", "link")
        .await
        .expect_err("wrong type");

    assert_eq!(err.kind(), ErrorKind::Decode);
    let shown = err.to_string();
    assert!(shown.contains("data.rows[0].is_bot"), "{shown}");
    assert_no_secret(&err);
}

#[tokio::test]
async fn the_api_key_never_shows_in_debug_output() {
    let server = MockServer::start([]).await;
    let client = client(server.url(), API_KEY);

    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(
        shown.contains(server.url()),
        "the base URL is shown: {shown}"
    );

    let builder = Client::builder().api_key(API_KEY).base_url(server.url());
    let shown = format!("{builder:?}");
    assert!(!shown.contains(API_KEY), "{shown}");

    let call = client
        .smart_links()
        .list_clicks("acct_1", "link")
        .with_header("Idempotency-Key", "abc");
    let shown = format!("{call:?}");
    assert!(!shown.contains(API_KEY), "{shown}");
}

// ---------------------------------------------------------------------------
// Per-request options

#[tokio::test]
async fn with_query_appends_after_the_operation_parameters() {
    let server = MockServer::start([
        Reply::json(200, LIST_POSTBACKS),
        Reply::json(200, LIST_CLICKS),
    ])
    .await;
    let client = client(server.url(), API_KEY);

    client
        .smart_link_postbacks()
        .list()
        .with_query("fresh", "true")
        .await
        .expect("list");
    client
        .smart_links()
        .list_clicks("acct_1", "link")
        .limit(5)
        .with_query("fresh", "true")
        .await
        .expect("list clicks");

    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].raw_query.as_deref(), Some("fresh=true"));
    assert_eq!(reqs[1].query_pairs(), [("limit", "5"), ("fresh", "true")]);
}

#[tokio::test]
async fn with_header_arrives() {
    let server = MockServer::start([Reply::json(200, UPDATE_POSTBACK)]).await;
    let client = client(server.url(), API_KEY);

    client
        .smart_link_postbacks()
        .update(123, update_request())
        .with_header("Idempotency-Key", "abc")
        .await
        .expect("update");

    let req = server.only_request();
    assert_eq!(req.header_all("idempotency-key"), ["abc"]);
    assert_common_headers(&req);
    assert_eq!(req.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn with_timeout_gives_a_timeout_error() {
    let server =
        MockServer::start([Reply::json(200, LIST_POSTBACKS).after(Duration::from_secs(2))]).await;
    // One exchange: a retry would hide what the first answer gave.
    let client = client_builder(server.url(), API_KEY)
        .max_retries(0)
        .build()
        .unwrap();

    let call = client
        .smart_link_postbacks()
        .list()
        .with_timeout(Duration::from_millis(200))
        .into_future();
    // Bounded: if the per-request timeout were ignored, fail instead of waiting.
    let err = tokio::time::timeout(Duration::from_secs(4), call)
        .await
        .expect("the call gives up long before the server answers")
        .expect_err("timeout");

    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.operation(), Some("listSmartLinkPostbacks"));
    assert_eq!(err.status(), None, "no answer arrived");
    assert!(err.is_retryable());
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_no_secret(&err);
    assert_eq!(server.requests().len(), 1, "the request did arrive");
}

// ---------------------------------------------------------------------------
// Faults

#[tokio::test]
async fn a_reset_connection_is_a_retryable_connection_error() {
    let server = MockServer::start([Reply::reset()]).await;
    // One exchange: a retry would hide what the first answer gave.
    let client = client_builder(server.url(), API_KEY)
        .max_retries(0)
        .build()
        .unwrap();

    let err = client
        .smart_link_postbacks()
        .show(123)
        .await
        .expect_err("reset");

    assert_eq!(err.kind(), ErrorKind::Connection);
    assert_eq!(err.operation(), Some("showSmartLinkPostback"));
    assert_eq!(err.status(), None);
    assert!(err.is_retryable());
    assert_no_secret(&err);
    assert_eq!(server.requests().len(), 1, "the request did arrive");
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_connection_error() {
    let server = MockServer::start([Reply::hang_up()]).await;
    // One exchange: a retry would hide what the first answer gave.
    let client = client_builder(server.url(), API_KEY)
        .max_retries(0)
        .build()
        .unwrap();

    let err = client
        .smart_link_postbacks()
        .list()
        .await
        .expect_err("hang-up");

    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.is_retryable());
    assert_no_secret(&err);
}

#[tokio::test]
async fn a_slow_answer_within_the_timeout_is_read() {
    let server =
        MockServer::start([Reply::json(200, SHOW_POSTBACK).after(Duration::from_millis(50))]).await;
    let client = client(server.url(), API_KEY);

    let resp = client
        .smart_link_postbacks()
        .show(123)
        .with_timeout(Duration::from_secs(3))
        .await
        .expect("answered in time");

    assert_eq!(resp.id, Some(123));
}
