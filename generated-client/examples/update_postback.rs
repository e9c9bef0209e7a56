//! Update a Smart Link postback, safely retried.
//!
//! ```sh
//! ONLYFANS_API_KEY=... cargo run -p onlyfans-api --example update_postback -- 123
//! ```
//!
//! A PATCH is not retried by default (repeating it might not be safe); this
//! call sends an `Idempotency-Key` and opts in with
//! `with_retry_non_idempotent(true)`. A 422 answer carries the field errors.
//!
//! Optional fields left unset are left out of the body: the API keeps their
//! current values. `headers` may also be sent as `null`, which clears them
//! (`-- 123 --clear-headers`): it is a `Nullable`, absent, null or a value.

use onlyfans_api::types::{
    UpdateSmartLinkPostbackRequest, UpdateSmartLinkPostbackRequestHttpMethod,
    UpdateSmartLinkPostbackRequestSmartLinkScope,
};
use onlyfans_api::{Client, ErrorKind, Nullable};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let postback_id: i64 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(123);
    let client = Client::builder()
        .api_key(std::env::var("ONLYFANS_API_KEY")?)
        .timeout(Duration::from_secs(30))
        .max_retries(3)
        .build()?;

    let mut body = UpdateSmartLinkPostbackRequest::new(
        "https://example.com/postback?click={external_click_id}&type={conversion_type}",
        UpdateSmartLinkPostbackRequestSmartLinkScope::Global,
        vec!["new_subscriber".to_string()],
    );
    body.http_method = Some(UpdateSmartLinkPostbackRequestHttpMethod::Get);
    // Absent (the default) keeps the postback's headers; `Nullable::Null`
    // sends `"headers": null`; `json!([..]).into()` would replace them.
    if std::env::args().any(|a| a == "--clear-headers") {
        body.headers = Nullable::Null;
    }

    let result = client
        .smart_link_postbacks()
        .update(postback_id, body)
        .with_header(
            "Idempotency-Key",
            format!("update-postback-{postback_id}-v1"),
        )
        .with_retry_non_idempotent(true)
        .await;
    match result {
        Ok(updated) => {
            println!(
                "postback {:?} now posts to {:?} (after {} attempt(s))",
                updated.id,
                updated.url,
                updated.attempts()
            );
            Ok(())
        }
        Err(e) if e.kind() == ErrorKind::Unprocessable => {
            for (field, messages) in e.validation_errors() {
                eprintln!("{field}: {}", messages.join("; "));
            }
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}
