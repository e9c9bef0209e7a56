//! `Client::from_env`: the API key from `ONLYFANS_API_KEY` (or, when it is
//! not set, `ONLYFANSAPI_API_KEY`, the variable OnlyFans' own tools read),
//! the base URL from `ONLYFANS_API_BASE_URL`. Environment variables are
//! process-wide, so this is its own test binary with a single test, and it
//! restores what it changes.

mod support;

use onlyfans_api::{Client, ErrorKind};
use support::{MockServer, Reply};

const KEY_VAR: &str = "ONLYFANS_API_KEY";
const ALIAS_VAR: &str = "ONLYFANSAPI_API_KEY";
const BASE_URL_VAR: &str = "ONLYFANS_API_BASE_URL";

/// Puts the variables back as they were, even when an assertion fails.
struct RestoreEnv(Vec<(&'static str, Option<std::ffi::OsString>)>);

impl RestoreEnv {
    fn save(names: &[&'static str]) -> Self {
        RestoreEnv(names.iter().map(|&n| (n, std::env::var_os(n))).collect())
    }
}

impl Drop for RestoreEnv {
    fn drop(&mut self) {
        for (name, value) in &self.0 {
            match value {
                Some(v) => std::env::set_var(name, v),
                None => std::env::remove_var(name),
            }
        }
    }
}

#[tokio::test]
async fn from_env_reads_the_key_and_the_base_url() {
    let _restore = RestoreEnv::save(&[KEY_VAR, ALIAS_VAR, BASE_URL_VAR]);
    std::env::remove_var(KEY_VAR);
    std::env::remove_var(ALIAS_VAR);
    std::env::remove_var(BASE_URL_VAR);

    // No key: a configuration error that names the variables to set.
    let err = Client::from_env().expect_err("no key in the environment");
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains(KEY_VAR), "{err}");
    assert!(err.to_string().contains(ALIAS_VAR), "{err}");

    // The alias, read when ONLYFANS_API_KEY is not set.
    let server = MockServer::start([
        Reply::json(200, r#"{"data": [], "_meta": {}}"#),
        Reply::json(200, r#"{"data": [], "_meta": {}}"#),
    ])
    .await;
    std::env::set_var(ALIAS_VAR, "alias-key-123");
    std::env::set_var(BASE_URL_VAR, server.url());
    let client = Client::from_env().expect("the alias is set");
    client.smart_link_postbacks().list().await.expect("list");
    // Both set: ONLYFANS_API_KEY wins.
    std::env::set_var(KEY_VAR, "main-key-789");
    let client = Client::from_env().expect("both are set");
    client.smart_link_postbacks().list().await.expect("list");
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_string())
        .collect();
    assert_eq!(sent, ["Bearer alias-key-123", "Bearer main-key-789"]);
    std::env::remove_var(ALIAS_VAR);
    std::env::remove_var(BASE_URL_VAR);

    // A key and no base URL: the spec's server.
    std::env::set_var(KEY_VAR, "env-key-456");
    let client = Client::from_env().expect("a key is set");
    assert_eq!(client.base_url(), "https://app.onlyfansapi.com");
    assert!(!format!("{client:?}").contains("env-key-456"));

    // Both: requests go to the base URL (trailing `/` dropped) with the key.
    let server = MockServer::start([Reply::json(200, r#"{"data": [], "_meta": {}}"#)]).await;
    std::env::set_var(BASE_URL_VAR, format!("{}/", server.url()));
    let client = Client::from_env().expect("key and base URL are set");
    assert_eq!(client.base_url(), server.url());
    let resp = client.smart_link_postbacks().list().await.expect("list");
    assert!(resp.data.is_empty());
    let req = server.only_request();
    assert_eq!(req.path, "/api/smart-link-postbacks");
    assert_eq!(req.header("authorization"), Some("Bearer env-key-456"));

    // An invalid base URL is a configuration error, not a panic.
    std::env::set_var(BASE_URL_VAR, "ftp://example.com");
    let err = Client::from_env().expect_err("not http(s)");
    assert_eq!(err.kind(), ErrorKind::Config);
}
