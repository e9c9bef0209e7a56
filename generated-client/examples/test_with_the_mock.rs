//! Test a piece of application code against the typed mock, without the
//! network (the `testing` feature):
//!
//! ```sh
//! cargo run -p onlyfans-api --features testing --example test_with_the_mock
//! ```
//!
//! `total_clicks` is the application code: it pages through a smart link's
//! clicks and counts the human ones. The mock answers with the spec's
//! documented example unless a test stubs an answer; here one stub returns
//! two pages of rows for one link, another fails with the 404 the
//! API would send, and the calls the code made are checked afterwards.

use onlyfans_api::stream::TryStreamExt;
use onlyfans_api::testing::MockServer;
use onlyfans_api::types::{SmartLinkClicks, SmartLinkClicksRow};
use onlyfans_api::{Client, Error, ErrorKind};

/// Clicks of `link` on `account` that are neither bots nor duplicates.
async fn total_clicks(client: &Client, account: &str, link: &str) -> Result<usize, Error> {
    let rows: Vec<SmartLinkClicksRow> = client
        .smart_links()
        .list_clicks(account, link)
        .limit(2)
        .into_items()
        .try_collect()
        .await?;
    Ok(rows
        .iter()
        .filter(|r| r.is_bot != Some(true) && r.is_duplicate != Some(true))
        .count())
}

fn row(id: &str, is_bot: bool) -> SmartLinkClicksRow {
    let mut r = SmartLinkClicksRow::default();
    r.id = Some(id.to_string());
    r.is_bot = Some(is_bot);
    r.is_duplicate = Some(false);
    r
}

fn page(rows: Vec<SmartLinkClicksRow>) -> SmartLinkClicks {
    let mut p = SmartLinkClicks::default();
    p.rows = Some(rows);
    p
}

#[tokio::main]
async fn main() {
    let mock = MockServer::start().await;
    let client = mock.client();

    // Unstubbed: the documented example (one human click).
    assert_eq!(total_clicks(&client, "acct_1", "01JDOC").await.unwrap(), 1);

    // Stubbed, page by page: the matchers take the call's own values, and
    // stubs are tried in the order they were mounted.
    mock.smart_links()
        .list_clicks()
        .smart_link_id("01JLINK")
        .offset(2)
        .returns(page(vec![row("c", false)]))
        .await;
    mock.smart_links()
        .list_clicks()
        .smart_link_id("01JLINK")
        .returns(page(vec![row("a", false), row("b", true)]))
        .await;
    assert_eq!(total_clicks(&client, "acct_1", "01JLINK").await.unwrap(), 2);

    // A failure, with the body the API sends.
    mock.smart_links()
        .list_clicks()
        .smart_link_id("01JGONE")
        .fails(404)
        .await;
    let err = total_clicks(&client, "acct_1", "01JGONE")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    // What the code sent: the offsets it paged through.
    let offsets: Vec<Option<String>> = mock
        .smart_links()
        .list_clicks()
        .received()
        .iter()
        .filter(|r| r.path_param("smart_link_id") == Some("01JLINK"))
        .map(|r| r.query_param("offset").map(str::to_string))
        .collect();
    assert_eq!(offsets, [None, Some("2".to_string())]);
    println!(
        "total_clicks passed against the mock ({} requests)",
        mock.received().len()
    );
}
