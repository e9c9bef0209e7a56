//! Building a client, against the loopback mock server: the base URL is
//! checked when the client is built (a bad or empty one is a `Config` error
//! then); a base URL with a path prefixes every operation's path; an API
//! key that cannot travel in a header fails each call (as `Request`, before
//! anything is sent, without showing the key); a credential for a scheme
//! the API does not have is a `Config` error; a credentials provider is
//! asked per request; the API's defaults come from the generated
//! `ClientInfo`; HTTPS works without a process-wide crypto provider.

mod support;

use onlyfans_api::{
    AuthRequest, Client, ClientInfo, Credential, CredentialsProvider, ErrorKind, ProviderError,
    SchemeKind,
};
use support::{client, client_builder, MockServer, Reply};

const API_KEY: &str = "client-key-555";
const SHOW_POSTBACK: &str = include_str!("fixtures/show_smart_link_postback.json");

#[test]
fn the_api_defaults_come_from_the_generated_client_info() {
    assert_eq!(
        <Client as ClientInfo>::DEFAULT_BASE_URL,
        Some("https://app.onlyfansapi.com")
    );
    assert_eq!(
        <Client as ClientInfo>::BASE_URL_ENV,
        "ONLYFANS_API_BASE_URL"
    );
    let [scheme] = <Client as ClientInfo>::SCHEMES else {
        panic!("one security scheme")
    };
    assert_eq!(scheme.name, "default");
    assert_eq!(scheme.kind, SchemeKind::Bearer);
    assert_eq!(
        scheme.env.token,
        ["ONLYFANS_API_KEY", "ONLYFANSAPI_API_KEY"]
    );
    let [[required]] = <Client as ClientInfo>::SECURITY else {
        panic!("one alternative of one scheme")
    };
    assert_eq!(required, scheme);
    const { assert!(<Client as ClientInfo>::CREDENTIALS_REQUIRED) };
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

#[test]
fn an_empty_base_url_is_a_config_error_when_the_client_is_built() {
    let err = Client::builder()
        .api_key(API_KEY)
        .base_url("")
        .build()
        .expect_err("no client without a base URL");
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("base URL"), "{err}");
}

#[test]
fn a_credential_for_a_scheme_the_api_lacks_is_a_config_error() {
    let err = Client::builder()
        .credential("oauth", Credential::token(API_KEY))
        .build()
        .expect_err("the API has no scheme `oauth`");
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("\"oauth\""), "{err}");
    assert!(
        err.to_string().contains("\"default\""),
        "names the API's: {err}"
    );
    let err = Client::builder()
        .credential("default", Credential::basic("user", API_KEY))
        .build()
        .expect_err("a bearer scheme takes a token");
    assert!(!format!("{err} {err:?}").contains(API_KEY), "{err:?}");
}

/// Hands out a new token per request, counting.
struct Rotating(std::sync::atomic::AtomicUsize);

impl CredentialsProvider for Rotating {
    async fn credential(
        &self,
        request: &AuthRequest<'_>,
    ) -> Result<Option<Credential>, ProviderError> {
        assert_eq!(request.scheme().name, "default");
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        Ok(Some(Credential::token(format!(
            "rotated-{n}-{}",
            request.operation()
        ))))
    }
}

#[tokio::test]
async fn a_credentials_provider_is_asked_per_request() {
    let server = MockServer::start([
        Reply::json(200, SHOW_POSTBACK),
        Reply::json(503, "{}"),
        Reply::json(200, SHOW_POSTBACK),
    ])
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .retry_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(2),
        )
        .credentials_provider(Rotating(0.into()))
        .build()
        .unwrap();
    client.smart_link_postbacks().show(1).await.expect("show");
    client
        .smart_link_postbacks()
        .show(1)
        .await
        .expect("retried");
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        sent,
        [
            "Bearer rotated-1-showSmartLinkPostback",
            "Bearer rotated-2-showSmartLinkPostback",
            "Bearer rotated-3-showSmartLinkPostback"
        ],
        "asked for every attempt, retries included"
    );
    assert!(!format!("{client:?}").contains("rotated"));
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

/// HTTPS is set up without a process-wide crypto provider (none is
/// installed here): the client offers TLS to the server, with the host name
/// (SNI) and HTTP/2 and HTTP/1.1 (ALPN). A loopback server that is not TLS
/// reads the ClientHello and hangs up; the call is a Connection error.
#[tokio::test]
async fn https_offers_tls_with_sni_and_alpn() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hello = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = [0_u8; 5];
        stream.read_exact(&mut head).await.unwrap();
        let len = u16::from_be_bytes([head[3], head[4]]) as usize;
        let mut record = vec![0_u8; len];
        stream.read_exact(&mut record).await.unwrap();
        (head[0], record)
    });
    let client = client_builder(&format!("https://localhost:{port}"), API_KEY)
        .max_retries(0)
        .build()
        .expect("builds without a crypto provider installed");
    let err = client.smart_link_postbacks().show(1).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");

    let (content_type, record) = hello.await.unwrap();
    assert_eq!(content_type, 22, "a TLS handshake record");
    assert_eq!(record[0], 1, "a ClientHello");
    let has = |needle: &[u8]| record.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"localhost"), "SNI names the host");
    assert!(
        has(b"\x02h2") && has(b"\x08http/1.1"),
        "ALPN offers h2 and http/1.1"
    );
    assert!(!has(API_KEY.as_bytes()));
}
