//! Paging through `listSmartLinkClicks` (whose generated `Paginate` finds the
//! items in `data.rows` and moves `offset`) against the loopback mock server:
//! following `_pagination.next_page` over three pages with auth and the
//! call's options kept, refusing a `next_page` on another server (which must
//! see no request at all), advancing the offset, and stopping at the end.

mod support;

use onlyfans_api::stream::{StreamExt, TryStreamExt};
use onlyfans_api::{ErrorKind, Paginate};
use serde_json::{json, Value};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use support::{client, MockServer, Recorded, Reply};

const API_KEY: &str = "page-key-321";
const CLICKS_PATH: &str = "/api/acct_1/smart-links/link/clicks";

/// A page of clicks: rows with these ids, and `_pagination` when given.
fn page(ids: &[&str], next_page: Option<Value>) -> Reply {
    let rows: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let mut body = json!({
        "data": {"summary": {"clicks_total": 5}, "rows": rows},
        "_meta": {"_credits": {"used": 1, "balance": 100}},
    });
    if let Some(next) = next_page {
        body["_pagination"] = json!({ "next_page": next });
    }
    Reply::json(200, body.to_string())
}

fn ids(rows: &[onlyfans_api::types::SmartLinkClicksRow]) -> Vec<String> {
    rows.iter()
        .map(|r| r.id.clone().unwrap_or_default())
        .collect()
}

async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("finishes in time")
}

fn query<'r>(req: &'r Recorded, name: &str) -> Vec<&'r str> {
    req.query
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[tokio::test]
async fn next_page_is_followed_over_three_pages_with_auth_and_options() {
    // next_page needs the server's own URL, known only once it runs.
    let base: Arc<OnceLock<String>> = Arc::default();
    let url = base.clone();
    let server = MockServer::with_responder(move |req| {
        let base = url.get().expect("set before the first request");
        let cursor = req
            .query
            .iter()
            .find(|(k, _)| k == "cursor")
            .map(|(_, v)| v.as_str());
        match cursor {
            // The server echoes `fresh=true` back: the client must not double it.
            None => page(
                &["c1", "c2"],
                Some(json!(format!("{base}{CLICKS_PATH}?cursor=p2&fresh=true"))),
            ),
            Some("p2") => page(
                &["c3", "c4"],
                Some(json!(format!("{base}{CLICKS_PATH}?cursor=p3"))),
            ),
            Some("p3") => page(&["c5"], Some(Value::Null)),
            Some(other) => Reply::json(400, format!(r#"{{"message":"bad cursor {other}"}}"#)),
        }
    })
    .await;
    base.set(server.url().to_string()).unwrap();
    let client = client(server.url(), API_KEY);

    let rows: Vec<_> = bounded(
        client
            .smart_links()
            .list_clicks("acct_1", "link")
            .with_query("fresh", "true")
            .with_header("X-Trace", "t-1")
            .into_items()
            .try_collect(),
    )
    .await
    .expect("three pages");

    assert_eq!(ids(&rows), ["c1", "c2", "c3", "c4", "c5"]);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "null next_page ends the stream");
    for (i, req) in reqs.iter().enumerate() {
        assert_eq!(req.method, "GET");
        assert_eq!(req.path, CLICKS_PATH);
        assert_eq!(
            req.header_all("authorization"),
            [format!("Bearer {API_KEY}")],
            "page {i} keeps the key"
        );
        assert_eq!(req.header("x-trace"), Some("t-1"), "page {i} keeps headers");
        assert_eq!(
            query(req, "fresh"),
            ["true"],
            "page {i}: {:?}",
            req.raw_query
        );
    }
    assert_eq!(query(&reqs[1], "cursor"), ["p2"]);
    assert_eq!(query(&reqs[2], "cursor"), ["p3"]);
}

#[tokio::test]
async fn pages_come_with_their_metadata() {
    let base: Arc<OnceLock<String>> = Arc::default();
    let url = base.clone();
    let server = MockServer::with_responder(move |req| {
        if req.raw_query.is_none() {
            page(
                &["a"],
                Some(json!(format!("{}{CLICKS_PATH}?page=2", url.get().unwrap()))),
            )
            .header("x-rate-limit-remaining-minute", "59")
        } else {
            page(&["b"], Some(Value::Null)).header("x-rate-limit-remaining-minute", "58")
        }
    })
    .await;
    base.set(server.url().to_string()).unwrap();

    let pages: Vec<_> = bounded(
        client(server.url(), API_KEY)
            .smart_links()
            .list_clicks("acct_1", "link")
            .into_pages()
            .try_collect(),
    )
    .await
    .unwrap();

    assert_eq!(pages.len(), 2);
    let remaining: Vec<_> = pages
        .iter()
        .map(|p| p.meta().rate_limits.as_ref().unwrap().remaining_minute)
        .collect();
    assert_eq!(remaining, [Some(59), Some(58)]);
    assert_eq!(pages[0].meta().credits.as_ref().unwrap().used, Some(1.0));
    assert!(pages[1].pagination().unwrap().next_page.is_none());
}

#[tokio::test]
async fn a_next_page_on_another_server_is_refused_and_gets_no_request() {
    let elsewhere = MockServer::start([page(&["stolen"], Some(Value::Null))]).await;
    let server = MockServer::start([page(
        &["c1", "c2"],
        Some(json!(format!("{}{CLICKS_PATH}?page=2", elsewhere.url()))),
    )])
    .await;

    let mut items = client(server.url(), API_KEY)
        .smart_links()
        .list_clicks("acct_1", "link")
        .into_items();

    let first = bounded(items.try_next()).await.unwrap().unwrap();
    let second = bounded(items.try_next()).await.unwrap().unwrap();
    assert_eq!(ids(&[first, second]), ["c1", "c2"]);
    let err = bounded(items.next())
        .await
        .expect("an error, not the end")
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Request);
    assert_eq!(err.operation(), Some("listSmartLinkClicks"));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("refusing"), "{shown}");
    assert!(
        shown.contains(elsewhere.url()),
        "names the other origin: {shown}"
    );
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(bounded(items.next()).await.is_none(), "the stream ends");

    assert!(
        elsewhere.requests().is_empty(),
        "the other server saw nothing, so never the key"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_next_page_with_another_scheme_is_refused_too() {
    let base: Arc<OnceLock<String>> = Arc::default();
    let url = base.clone();
    let server = MockServer::with_responder(move |_| {
        // Same host and port, but https: another origin.
        let https = url.get().unwrap().replace("http://", "https://");
        page(&["c1"], Some(json!(format!("{https}{CLICKS_PATH}?page=2"))))
    })
    .await;
    base.set(server.url().to_string()).unwrap();

    let result: Result<Vec<_>, _> = bounded(
        client(server.url(), API_KEY)
            .smart_links()
            .list_clicks("acct_1", "link")
            .into_items()
            .try_collect(),
    )
    .await;

    assert_eq!(result.unwrap_err().kind(), ErrorKind::Request);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn offset_paging_advances_until_a_short_page() {
    let server = MockServer::start([
        page(&["r1", "r2"], None),
        page(&["r3", "r4"], None),
        page(&["r5"], None),
        page(&["never"], None),
    ])
    .await;

    let rows: Vec<_> = bounded(
        client(server.url(), API_KEY)
            .smart_links()
            .list_clicks("acct_1", "link")
            .limit(2)
            .into_items()
            .try_collect(),
    )
    .await
    .unwrap();

    assert_eq!(ids(&rows), ["r1", "r2", "r3", "r4", "r5"]);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "a page shorter than limit is the last");
    assert_eq!(reqs[0].query_pairs(), [("limit", "2")]);
    assert_eq!(reqs[1].query_pairs(), [("limit", "2"), ("offset", "2")]);
    assert_eq!(reqs[2].query_pairs(), [("limit", "2"), ("offset", "4")]);
}

#[tokio::test]
async fn offset_paging_starts_from_the_given_offset_and_stops_at_an_empty_page() {
    let server = MockServer::start([
        page(&["r11", "r12", "r13"], None),
        page(&["r14", "r15", "r16"], None),
        page(&[], None),
        page(&["never"], None),
    ])
    .await;

    // No limit: the first page's length is taken as the page size.
    let rows: Vec<_> = bounded(
        client(server.url(), API_KEY)
            .smart_links()
            .list_clicks("acct_1", "link")
            .offset(10)
            .into_items()
            .try_collect(),
    )
    .await
    .unwrap();

    assert_eq!(ids(&rows), ["r11", "r12", "r13", "r14", "r15", "r16"]);
    let offsets: Vec<_> = server
        .requests()
        .iter()
        .map(|r| query(r, "offset").concat())
        .collect();
    assert_eq!(offsets, ["10", "13", "16"]);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start([
        page(&["r1", "r2"], None),
        Reply::json(404, r#"{"message":"Not found"}"#),
    ])
    .await;

    let mut items = client(server.url(), API_KEY)
        .smart_links()
        .list_clicks("acct_1", "link")
        .limit(2)
        .into_items();
    let mut got = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = bounded(items.next()).await {
        match item {
            Ok(row) => got.push(row),
            Err(e) => errors.push(e),
        }
    }

    assert_eq!(ids(&got), ["r1", "r2"]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind(), ErrorKind::NotFound);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_page_is_retried_like_any_call() {
    let server = MockServer::start([
        page(&["r1", "r2"], None),
        Reply::status(503),
        page(&["r3"], None),
    ])
    .await;

    let rows: Vec<_> = bounded(
        client(server.url(), API_KEY)
            .smart_links()
            .list_clicks("acct_1", "link")
            .limit(2)
            .into_items()
            .try_collect(),
    )
    .await
    .unwrap();

    assert_eq!(ids(&rows), ["r1", "r2", "r3"]);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_next_page_that_repeats_itself_stops_with_an_error() {
    let base: Arc<OnceLock<String>> = Arc::default();
    let url = base.clone();
    let server = MockServer::with_responder(move |_| {
        page(
            &["same"],
            Some(json!(format!("{}{CLICKS_PATH}?page=2", url.get().unwrap()))),
        )
    })
    .await;
    base.set(server.url().to_string()).unwrap();

    let result: Result<Vec<_>, _> = bounded(
        client(server.url(), API_KEY)
            .smart_links()
            .list_clicks("acct_1", "link")
            .into_items()
            .try_collect(),
    )
    .await;

    assert_eq!(result.unwrap_err().kind(), ErrorKind::Request);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn the_generated_paginate_reads_rows_and_moves_the_offset() {
    use onlyfans_api::operations::ListSmartLinkClicks;
    use onlyfans_api::types::{SmartLinkClicks, SmartLinkClicksRow};
    let mut page = SmartLinkClicks::default();
    page.rows = Some(vec![SmartLinkClicksRow::default(); 3]);
    assert_eq!(ListSmartLinkClicks::items(&page).len(), 3);
    assert_eq!(
        ListSmartLinkClicks::items(&SmartLinkClicks::default()).len(),
        0
    );
    assert_eq!(ListSmartLinkClicks::into_items(page).len(), 3);

    let mut op = ListSmartLinkClicks {
        account: "a".into(),
        smart_link_id: "l".into(),
        date_start: None,
        date_end: None,
        limit: Some(50),
        offset: None,
        include_bots: None,
        include_duplicates: None,
    };
    assert_eq!((op.limit(), op.offset()), (Some(50), None));
    assert!(op.set_offset(100));
    assert_eq!(op.offset, Some(100));
}
