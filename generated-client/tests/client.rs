//! Building a client, against the loopback mock server: the base URL is
//! checked when the client is built (a bad one is a `Config` error then),
//! a client without one builds but every call fails with `Config` and sends
//! nothing; a base URL with a path prefixes every operation's path; an API
//! key that cannot travel in a header fails each call (as `Request`, before
//! anything is sent, without showing the key); and the API's defaults come
//! from the generated `ClientInfo`.

mod support;

use onlyfans_api::{AuthScheme, Client, ClientInfo, ErrorKind};
use support::{client, client_builder, MockServer, Reply};

const API_KEY: &str = "client-key-555";
const SHOW_POSTBACK: &str = include_str!("fixtures/show_smart_link_postback.json");

#[test]
fn the_api_defaults_come_from_the_generated_client_info() {
    assert_eq!(
        <Client as ClientInfo>::DEFAULT_BASE_URL,
        Some("https://app.onlyfansapi.com")
    );
    assert_eq!(<Client as ClientInfo>::AUTH_SCHEME, AuthScheme::Bearer);
    assert_eq!(<Client as ClientInfo>::API_KEY_ENV, "ONLYFANS_API_KEY");
    let client = Client::new(API_KEY);
    assert_eq!(client.base_url(), "https://app.onlyfansapi.com");
}

#[test]
fn a_bad_base_url_is_a_config_error_when_the_client_is_built() {
    for bad in [
        "not a url",
        "ftp://example.com",
        "http://exa mple.com",
        "://x",
    ] {
        let err = Client::builder()
            .api_key(API_KEY)
            .base_url(bad)
            .build()
            .expect_err(bad);
        assert_eq!(err.kind(), ErrorKind::Config, "{bad}: {err}");
        assert!(err.to_string().contains("base URL"), "{bad}: {err}");
        assert!(!err.to_string().contains(API_KEY), "{err}");
    }
}

#[tokio::test]
async fn without_a_base_url_every_call_fails_with_config_and_sends_nothing() {
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url("")
        .build()
        .expect("a client without a base URL still builds");
    assert_eq!(client.base_url(), "");
    for _ in 0..2 {
        let err = client.smart_link_postbacks().show(1).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.to_string().contains("no base URL"), "{err}");
    }
}

#[tokio::test]
async fn a_base_url_with_a_path_prefixes_every_operation() {
    let server = MockServer::start([
        Reply::json(200, SHOW_POSTBACK),
        Reply::json(200, SHOW_POSTBACK),
    ])
    .await;
    for base in [
        format!("{}/v2/prefix", server.url()),
        format!("{}/v2/prefix//", server.url()),
    ] {
        let client = client(&base, API_KEY);
        assert_eq!(client.base_url(), format!("{}/v2/prefix", server.url()));
        let resp = client.smart_link_postbacks().show(-7).await.expect("show");
        assert_eq!(resp.status(), 200);
    }
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/v2/prefix/api/smart-link-postbacks/-7",
            "/v2/prefix/api/smart-link-postbacks/-7"
        ]
    );
}

#[tokio::test]
async fn a_key_that_cannot_be_a_header_fails_each_call_before_sending() {
    let server = MockServer::start([]).await;
    let bad_key = "line\nbreak-key";
    let client = client_builder(server.url(), bad_key)
        .build()
        .expect("the key is checked per call, as before");
    for _ in 0..2 {
        let err = client.smart_link_postbacks().show(1).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Request);
        assert!(
            err.to_string().contains("the API key contains characters"),
            "{err}"
        );
        assert!(!format!("{err} {err:?}").contains("break-key"), "{err:?}");
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_key_is_sent_as_a_bearer_header_on_every_call() {
    let server = MockServer::start([
        Reply::json(200, SHOW_POSTBACK),
        Reply::json(200, SHOW_POSTBACK),
    ])
    .await;
    let client = client(server.url(), API_KEY);
    for _ in 0..2 {
        client.smart_link_postbacks().show(1).await.expect("show");
    }
    for req in server.requests() {
        let expected = format!("Bearer {API_KEY}");
        assert_eq!(req.header("authorization"), Some(expected.as_str()));
    }
}
