//! A small piece of application code on `onlyfans-api`, the way a user of
//! the SDK writes it: it knows nothing of mocks. Its tests
//! (`tests/against_the_mock.rs`) run it against the SDK's typed mock
//! (`onlyfans_api::testing`, the `testing` feature, turned on for the tests
//! only in `Cargo.toml`).
//!
//! The application watches Smart Link postbacks: it finds those whose last
//! delivery failed, points one at a new URL, and acknowledges webhook
//! deliveries, counting tips.

use onlyfans_api::types::{
    UpdateSmartLinkPostbackRequest, UpdateSmartLinkPostbackRequestSmartLinkScope,
};
use onlyfans_api::webhooks::{self, TransactionType, WebhookEvent};
use onlyfans_api::{Client, Error, ErrorKind, Nullable};

/// A postback whose last delivery failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    pub id: i64,
    pub url: String,
    /// The status its destination answered, when it answered.
    pub status: Option<i64>,
}

/// Every postback whose latest delivery did not succeed.
pub async fn broken_postbacks(client: &Client) -> Result<Vec<Broken>, Error> {
    let postbacks = client.smart_link_postbacks().list().await?;
    Ok(postbacks
        .data
        .iter()
        .filter_map(|p| {
            let latest = p.latest_response.as_ref()?;
            (latest.succeeded == Some(false)).then(|| Broken {
                id: p.id.unwrap_or_default(),
                url: p.url.clone().unwrap_or_default(),
                status: latest.status_code,
            })
        })
        .collect())
}

/// Point postback `id` at `url` for every conversion, keeping it global
/// and its custom headers as they are (`headers` is left out of the update).
/// `Ok(false)` when the postback does not exist (any more).
pub async fn retarget(client: &Client, id: i64, url: &str) -> Result<bool, Error> {
    update(client, id, url, false).await
}

/// [`retarget`], and drop the postback's custom headers: `headers` is sent
/// as `null`.
pub async fn retarget_without_headers(client: &Client, id: i64, url: &str) -> Result<bool, Error> {
    update(client, id, url, true).await
}

async fn update(client: &Client, id: i64, url: &str, clear_headers: bool) -> Result<bool, Error> {
    let mut body = UpdateSmartLinkPostbackRequest::new(
        url,
        UpdateSmartLinkPostbackRequestSmartLinkScope::Global,
        vec!["new_subscriber".into(), "new_transaction".into()],
    );
    // Left out unless cleared: absent keeps them, null clears them.
    if clear_headers {
        body.headers = Nullable::Null;
    }
    match client.smart_link_postbacks().update(id, body).await {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// What the application answers a webhook delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ack {
    /// 200: a tip, with the account it is for.
    Tip { account: String },
    /// 200: an event the application does not act on.
    Ignored(String),
    /// 401: not signed with our secret.
    Rejected,
}

/// Check a delivery (raw body and `Signature` header) and say what to answer.
pub fn acknowledge(body: &[u8], signature: Option<&str>, secret: &str) -> Ack {
    match webhooks::verify_event(body, signature, secret) {
        Ok(WebhookEvent::TransactionsNew(t))
            if t.transaction_type() == Some(TransactionType::Tip) =>
        {
            Ack::Tip {
                account: t.account_id.clone().unwrap_or_default(),
            }
        }
        Ok(other) => Ack::Ignored(other.name().to_string()),
        Err(_) => Ack::Rejected,
    }
}
