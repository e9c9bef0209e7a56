//! `Response::meta()` on every kind of success, not only `{data, _meta}`
//! envelopes: a plain JSON object still gives its `_meta` and `_pagination`,
//! and any response (even an empty one) gives the credit, cache and
//! rate-limit headers. The operations here are written by hand the way the
//! generator writes them, since the OnlyFans spec's are all envelopes.

mod support;

use onlyfans_api::{Error, Operation, ResponseKind};
use support::{client, MockServer, Reply};

#[derive(Debug, Clone, PartialEq)]
struct GetPlain;

impl Operation for GetPlain {
    type Output = serde_json::Value;
    type Errors = onlyfans_api::Untyped;
    const ID: &'static str = "getPlain";
    const METHOD: &'static str = "GET";
    const PATH: &'static str = "/api/plain";
    const RESPONSE: ResponseKind = ResponseKind::Json;
    fn path(&self) -> String {
        Self::PATH.into()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct DeleteThing;

impl Operation for DeleteThing {
    type Output = ();
    type Errors = onlyfans_api::Untyped;
    const ID: &'static str = "deleteThing";
    const METHOD: &'static str = "DELETE";
    const PATH: &'static str = "/api/thing";
    const RESPONSE: ResponseKind = ResponseKind::Empty;
    fn path(&self) -> String {
        Self::PATH.into()
    }
}

#[tokio::test]
async fn a_plain_json_object_gives_its_meta_pagination_and_headers() -> Result<(), Error> {
    let body = "\n  {\"id\": 7, \"_meta\": {\"_credits\": {\"used\": 2, \"balance\": 50}, \"_cache\": {\"is_cached\": true}}, \"_pagination\": {\"next_page\": null}}";
    let server = MockServer::start([Reply::json(200, body)
        .header("x-rate-limit-limit-minute", "1000")
        .header("x-rate-limit-remaining-minute", "999")])
    .await;

    let resp = client(server.url(), "k").call(GetPlain).send().await?;

    assert_eq!(resp.data["id"], 7, "the whole object is the data");
    let meta = resp.meta();
    let credits = meta.credits.as_ref().expect("credits from _meta");
    assert_eq!((credits.used, credits.balance), (Some(2.0), Some(50.0)));
    assert_eq!(meta.cache.as_ref().unwrap().is_cached, Some(true));
    let limits = meta.rate_limits.as_ref().expect("from headers");
    assert_eq!(limits.limit_minute, Some(1000));
    assert_eq!(limits.remaining_minute, Some(999));
    assert_eq!(resp.pagination().map(|p| p.next_page.clone()), Some(None));
    Ok(())
}

#[tokio::test]
async fn an_empty_response_still_gives_the_header_metadata() -> Result<(), Error> {
    let server = MockServer::start([Reply::status(204)
        .header("x-ofapi-credits-used", "0")
        .header("x-ofapi-credits-balance", "9852")
        .header("x-ofapi-is-cached", "false")])
    .await;

    let resp = client(server.url(), "k").call(DeleteThing).send().await?;

    let meta = resp.meta();
    let credits = meta.credits.as_ref().expect("credits from headers");
    assert_eq!((credits.used, credits.balance), (Some(0.0), Some(9852.0)));
    assert_eq!(meta.cache.as_ref().unwrap().is_cached, Some(false));
    assert_eq!(meta.raw, None);
    assert_eq!(resp.status(), 204);
    assert_eq!(resp.attempts(), 1);
    assert_eq!(server.only_request().method, "DELETE");
    Ok(())
}
