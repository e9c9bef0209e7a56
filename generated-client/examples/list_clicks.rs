//! Page through every click of a Smart Link.
//!
//! ```sh
//! ONLYFANS_API_KEY=... cargo run -p onlyfans-api --example list_clicks -- acct_XXXXXXXX 01JTESTLINK
//! ```
//!
//! `into_items()` fetches page after page (advancing `offset` by `limit`,
//! or following `_pagination.next_page` when the server sends one) and
//! yields the rows one by one; `into_pages()` yields whole pages, with the
//! credits and rate limits each one reported. Failed pages are retried
//! (2 retries by default) before the stream gives up with the error.

use onlyfans_api::stream::TryStreamExt;
use onlyfans_api::{Client, ErrorKind};

#[tokio::main]
async fn main() -> Result<(), onlyfans_api::Error> {
    let mut args = std::env::args().skip(1);
    let account = args.next().unwrap_or_else(|| "acct_XXXXXXXXXXXXXXX".into());
    let link = args.next().unwrap_or_else(|| "01JTESTLINK".into());
    let client = Client::from_env()?;

    // One page, with its metadata.
    let first = client
        .smart_links()
        .list_clicks(&account, &link)
        .date_start("2026-01-01T00:00:00Z")
        .limit(100)
        .await?;
    println!(
        "{:?} clicks in total; this page cost {:?} credits ({:?} left), {:?} requests left this minute",
        first.summary.as_ref().and_then(|s| s.clicks_total),
        first.meta().credits.as_ref().and_then(|c| c.used),
        first.meta().credits.as_ref().and_then(|c| c.balance),
        first.meta().rate_limits.as_ref().and_then(|r| r.remaining_minute),
    );

    // Every row of every page.
    let mut rows = client
        .smart_links()
        .list_clicks(&account, &link)
        .date_start("2026-01-01T00:00:00Z")
        .include_bots(false)
        .limit(100)
        .into_items();
    let mut count = 0;
    loop {
        match rows.try_next().await {
            Ok(Some(row)) => {
                count += 1;
                println!(
                    "{} {} {}",
                    row.created_at.as_deref().unwrap_or("-"),
                    row.country_code.as_deref().unwrap_or("--"),
                    row.referrer.as_deref().unwrap_or("")
                );
            }
            Ok(None) => break,
            Err(e) if e.kind() == ErrorKind::RateLimited => {
                eprintln!(
                    "rate limited after {count} rows: retry in {:?}",
                    e.retry_after()
                );
                return Err(e);
            }
            Err(e) => return Err(e),
        }
    }
    println!("{count} rows");

    // Or page by page, bypassing the cache (`?fresh=true`) on every page.
    let mut pages = client
        .smart_links()
        .list_clicks(&account, &link)
        .with_query("fresh", "true")
        .into_pages();
    while let Some(page) = pages.try_next().await? {
        println!(
            "page of {} rows (cached: {:?})",
            page.rows.as_ref().map_or(0, Vec::len),
            page.meta().cache.as_ref().and_then(|c| c.is_cached)
        );
    }
    Ok(())
}
