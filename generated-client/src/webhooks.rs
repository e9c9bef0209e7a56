//! Webhooks of the OnlyFans API: checking a delivery's signature
//! ([`verify`]), and the events the API documents ("Available webhook
//! events") as one typed enum, [`WebhookEvent`], which [`verify_event`]
//! returns.
//!
//! Each delivery carries a [`SIGNATURE_HEADER`] (`Signature`) header: the hex
//! HMAC-SHA256 of the request body (the JSON payload, byte for byte as sent),
//! keyed by the signing secret set for the webhook. Verify the raw body
//! exactly as received, before parsing it: re-serialized JSON differs in
//! spacing and key order, and its signature would not match.
//!
//! In a handler: `webhooks::verify_event(&body, headers.get("signature"), &secret)`,
//! answer 401 on `Err`, else 2xx quickly and handle the event afterwards
//! (deliveries are retried when not acknowledged, so deduplicate on `event_id`):
//!
//! ```
//! use onlyfans_api::webhooks::{self, TransactionType, WebhookEvent};
//! # let secret = "whsec_test";
//! # let body = br#"{"event":"transactions.new","event_id":"evt_1","account_id":"acct_1","payload":{"type":"tip","amount":5}}"#;
//! # let signature = webhooks::sign(body, secret);
//! match webhooks::verify_event(body, Some(&signature), secret)? {
//!     WebhookEvent::TransactionsNew(t) if t.transaction_type() == Some(TransactionType::Tip) => {
//!         println!("a tip on {:?}: {}", t.account_id, t.payload);
//!     }
//!     WebhookEvent::MessagesReceived(m) => println!("message: {}", m.payload),
//!     other => println!("{} (not handled)", other.name()),
//! }
//! # Ok::<(), webhooks::WebhookError>(())
//! ```
//!
//! These are the OnlyFans API's own events: the generic runtime (shared by
//! every generated crate) only knows signatures and the raw [`Event`].

pub use crate::runtime::webhooks::{
    sign, verify, verify_event as verify_json, Event, WebhookError, SIGNATURE_HEADER,
};
use serde_json::Value;
use std::ops::Deref;

/// [`verify`], then decode the body into a [`WebhookEvent`] (an event this
/// version does not know is [`WebhookEvent::Unknown`], keeping it whole).
/// For a type of your own, [`verify_json`].
pub fn verify_event(
    payload: &[u8],
    signature_header: Option<&str>,
    secret: &str,
) -> Result<WebhookEvent, WebhookError> {
    verify_json(payload, signature_header, secret)
}

macro_rules! events {
    ($( $(#[doc = $doc:literal])* $variant:ident($ty:ident) = $name:literal, )*) => {
        /// A webhook event, by its name (`event`). Each variant holds the
        /// whole delivery (`event_id`, `account_id`, `payload`, through
        /// `Deref` to [`Event`]), with accessors for the payload fields the
        /// API documents. Events this version does not know are `Unknown`,
        /// as they came; match with a `_` arm, as new events are added.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum WebhookEvent {
            $( $(#[doc = $doc])* #[doc = concat!("\n\n`", $name, "`")] $variant($ty), )*
            /// An event this version of the SDK does not know, as it came.
            Unknown(Event),
        }

        /// The names of the events the API documents, in its order.
        pub const EVENTS: &[&str] = &[$($name),*];

        impl From<Event> for WebhookEvent {
            fn from(event: Event) -> Self {
                let name = event.event.clone().unwrap_or_default();
                match name.as_str() {
                    $($name => WebhookEvent::$variant($ty(event)),)*
                    _ => WebhookEvent::Unknown(event),
                }
            }
        }

        impl WebhookEvent {
            /// The delivery as received.
            pub fn raw(&self) -> &Event {
                match self {
                    $(WebhookEvent::$variant(e) => &e.0,)*
                    WebhookEvent::Unknown(e) => e,
                }
            }

            /// The delivery as received, owned.
            pub fn into_raw(self) -> Event {
                match self {
                    $(WebhookEvent::$variant(e) => e.0,)*
                    WebhookEvent::Unknown(e) => e,
                }
            }
        }
    };
}

events! {
    /// A new OnlyFans account was connected.
    AccountsConnected(AccountConnected) = "accounts.connected",
    /// An OnlyFans account was reconnected.
    AccountsReconnected(EventDetails) = "accounts.reconnected",
    /// The account's connection expired, and was re-connected automatically.
    AccountsSessionExpired(EventDetails) = "accounts.session_expired",
    /// The account's connection expired and could not be re-connected
    /// automatically: reconnect it (`/authenticate`, or the dashboard).
    AccountsAuthenticationFailed(EventDetails) = "accounts.authentication_failed",
    /// A two-factor authentication code is required to connect an account.
    AccountsOtpCodeRequired(EventDetails) = "accounts.otp_code_required",
    /// Face verification is required to connect an account.
    AccountsFaceOtpRequired(EventDetails) = "accounts.face_otp_required",
    /// A new transaction from a fan (a subscription, a tip, a post, …);
    /// may be delayed by up to 3 minutes.
    TransactionsNew(NewTransaction) = "transactions.new",
    /// A new message from a fan.
    MessagesReceived(EventDetails) = "messages.received",
    /// A message was sent from one of your accounts to a fan.
    MessagesSent(EventDetails) = "messages.sent",
    /// A fan bought a PPV message you sent.
    MessagesPpvUnlocked(EventDetails) = "messages.ppv.unlocked",
    /// A chat message was deleted.
    MessagesDeleted(EventDetails) = "messages.deleted",
    /// A queued message batch was updated (progress, say).
    ChatQueueUpdated(EventDetails) = "chat_queue.updated",
    /// A queued message batch has finished sending.
    ChatQueueFinished(EventDetails) = "chat_queue.finished",
    /// A new tip from a fan.
    TipsReceived(EventDetails) = "tips.received",
    /// A new fan subscribed (free accounts' "follows" too).
    SubscriptionsNew(EventDetails) = "subscriptions.new",
    /// A fan renewed their subscription.
    SubscriptionsRenewed(EventDetails) = "subscriptions.renewed",
    /// A fan liked one of your posts.
    PostsLiked(EventDetails) = "posts.liked",
    /// A fan is typing (sent about every 3 seconds while they type).
    UsersTyping(EventDetails) = "users.typing",
    /// A fan was detected as online (by polling: not instant).
    UsersOnline(EventDetails) = "users.online",
    /// A fan seen online before is offline now (by polling: not instant).
    UsersOffline(EventDetails) = "users.offline",
    /// Credit calculation of a data export has started.
    DataExportsCalculatingCredits(DataExport) = "data_exports.calculating_credits",
    /// Credit calculation of a data export has completed.
    DataExportsCalculatingCreditsCompleted(DataExport) = "data_exports.calculating_credits_completed",
    /// Credit calculation of a data export has failed.
    DataExportsCalculatingCreditsFailed(DataExport) = "data_exports.calculating_credits_failed",
    /// A data export is in progress.
    DataExportsInProgress(DataExport) = "data_exports.in_progress",
    /// A data export has completed; its payload has a download URL valid for 1 hour.
    DataExportsCompleted(DataExport) = "data_exports.completed",
    /// A data export has failed ([`DataExport::failed_reason`] when it was
    /// for lack of credits).
    DataExportsFailed(DataExport) = "data_exports.failed",
    /// A data export was cancelled.
    DataExportsCancelled(DataExport) = "data_exports.cancelled",
    /// An AI fan profile summary has been generated (new or regenerated).
    FanSummaryCompleted(EventDetails) = "fan_summary.completed",
}

impl WebhookEvent {
    /// The event's name (`messages.received`), as sent.
    pub fn name(&self) -> &str {
        self.raw().event.as_deref().unwrap_or("")
    }

    /// Unique per event: deliveries are at-least-once, so deduplicate on it.
    pub fn event_id(&self) -> Option<&str> {
        self.raw().event_id.as_deref()
    }

    /// The connected account the event is about (`None` for team-level
    /// events, such as data exports).
    pub fn account_id(&self) -> Option<&str> {
        self.raw().account_id.as_deref()
    }

    /// The event's own payload.
    pub fn payload(&self) -> &Value {
        &self.raw().payload
    }
}

impl<'de> serde::Deserialize<'de> for WebhookEvent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Event::deserialize(deserializer).map(WebhookEvent::from)
    }
}

/// Serialized as the delivery it came from.
impl serde::Serialize for WebhookEvent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw().serialize(serializer)
    }
}

/// The text of a payload field, if it is text.
fn text<'a>(event: &'a Event, field: &str) -> Option<&'a str> {
    event.payload.get(field).and_then(Value::as_str)
}

macro_rules! delivery {
    ($(#[doc = $doc:literal])* $ty:ident) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $ty(Event);

        impl Deref for $ty {
            type Target = Event;
            fn deref(&self) -> &Event {
                &self.0
            }
        }

        impl $ty {
            /// The delivery as received.
            pub fn into_raw(self) -> Event {
                self.0
            }
        }
    };
}

delivery! {
    /// An event whose payload the documentation does not describe field by
    /// field: the delivery, through `Deref` to [`Event`] (`payload` is the JSON).
    EventDetails
}

delivery! {
    /// `accounts.connected`: the delivery, and the documented
    /// [`client_reference_id`](AccountConnected::client_reference_id).
    AccountConnected
}

impl AccountConnected {
    /// `payload.client_reference_id`: your own reference, when you gave one
    /// while creating the client session; `None` otherwise.
    pub fn client_reference_id(&self) -> Option<&str> {
        text(&self.0, "client_reference_id")
    }
}

delivery! {
    /// `transactions.new`: the delivery, and the documented
    /// [`transaction_type`](NewTransaction::transaction_type).
    NewTransaction
}

impl NewTransaction {
    /// `payload.type`: what the fan paid for.
    pub fn transaction_type(&self) -> Option<TransactionType> {
        text(&self.0, "type").map(TransactionType::from)
    }
}

/// What a transaction paid for (`payload.type` of `transactions.new`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransactionType {
    /// `message`: a paid message.
    Message,
    /// `post`: payment for a post.
    Post,
    /// `tip`.
    Tip,
    /// `new_subscription`.
    NewSubscription,
    /// `recurring_subscription`.
    RecurringSubscription,
    /// `stream`: payment for a stream.
    Stream,
    /// `other`: another type of transaction.
    Other,
    /// A value this version of the SDK does not know.
    Unknown(String),
}

impl From<&str> for TransactionType {
    fn from(value: &str) -> Self {
        match value {
            "message" => TransactionType::Message,
            "post" => TransactionType::Post,
            "tip" => TransactionType::Tip,
            "new_subscription" => TransactionType::NewSubscription,
            "recurring_subscription" => TransactionType::RecurringSubscription,
            "stream" => TransactionType::Stream,
            "other" => TransactionType::Other,
            other => TransactionType::Unknown(other.to_string()),
        }
    }
}

impl TransactionType {
    /// The value as sent.
    pub fn as_str(&self) -> &str {
        match self {
            TransactionType::Message => "message",
            TransactionType::Post => "post",
            TransactionType::Tip => "tip",
            TransactionType::NewSubscription => "new_subscription",
            TransactionType::RecurringSubscription => "recurring_subscription",
            TransactionType::Stream => "stream",
            TransactionType::Other => "other",
            TransactionType::Unknown(other) => other,
        }
    }
}

delivery! {
    /// `data_exports.*`: a team-level event (no top-level `account_id`),
    /// with the documented [`account_ids`](DataExport::account_ids) and
    /// [`failed_reason`](DataExport::failed_reason).
    DataExport
}

impl DataExport {
    /// `payload.account_ids`: the accounts the export covers.
    pub fn account_ids(&self) -> Vec<&str> {
        self.0
            .payload
            .get("account_ids")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// `payload.failed_reason` of `data_exports.failed`: given only when the
    /// export failed for lack of credits.
    pub fn failed_reason(&self) -> Option<&str> {
        text(&self.0, "failed_reason")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(name: &str, payload: Value) -> WebhookEvent {
        Event::new(name, payload).with_event_id("evt_1").into()
    }

    #[test]
    fn every_documented_name_has_its_variant() {
        for name in EVENTS {
            let e = event(name, json!({}));
            assert!(!matches!(e, WebhookEvent::Unknown(_)), "{name}");
            assert_eq!(e.name(), *name);
        }
        let mut sorted = EVENTS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), EVENTS.len(), "a name is listed twice");
    }

    /// The list is the one of the API's documentation page "Available
    /// webhook events" (the seed index, when `../shared` is beside the checkout).
    #[test]
    #[ignore = "needs the seed index in ../shared/seeds beside the checkout; .ci/run runs it"]
    fn the_list_is_the_documented_one() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
        let Some(index) = std::fs::read_dir(&seeds).ok().and_then(|dir| {
            dir.filter_map(Result::ok).map(|e| e.path()).find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("004_"))
            })
        }) else {
            panic!("no seed index under {}", seeds.display());
        };
        let pages: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(index).unwrap()).unwrap();
        let page = pages
            .iter()
            .find(|p| p["_id"] == "/webhooks/available-events")
            .expect("the page of available events");
        let documented: Vec<&str> = page["structured"]["headings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["content"].as_str())
            .filter(|name| name.contains('.'))
            .collect();
        assert_eq!(documented, EVENTS);
    }

    #[test]
    fn documented_payload_fields_are_read() {
        let WebhookEvent::AccountsConnected(c) = event(
            "accounts.connected",
            json!({"client_reference_id": "user-42"}),
        ) else {
            panic!("accounts.connected")
        };
        assert_eq!(c.client_reference_id(), Some("user-42"));
        let WebhookEvent::AccountsConnected(c) =
            event("accounts.connected", json!({"client_reference_id": null}))
        else {
            panic!("accounts.connected")
        };
        assert_eq!(c.client_reference_id(), None);

        let WebhookEvent::TransactionsNew(t) = event("transactions.new", json!({"type": "tip"}))
        else {
            panic!("transactions.new")
        };
        assert_eq!(t.transaction_type(), Some(TransactionType::Tip));
        let WebhookEvent::TransactionsNew(t) = event("transactions.new", json!({"type": "gift"}))
        else {
            panic!("transactions.new")
        };
        assert_eq!(
            t.transaction_type(),
            Some(TransactionType::Unknown("gift".into()))
        );
        assert_eq!(t.transaction_type().unwrap().as_str(), "gift");

        let WebhookEvent::DataExportsFailed(d) = event(
            "data_exports.failed",
            json!({"account_ids": ["acct_1", "acct_2"], "failed_reason": "insufficient_credits"}),
        ) else {
            panic!("data_exports.failed")
        };
        assert_eq!(d.account_ids(), ["acct_1", "acct_2"]);
        assert_eq!(d.failed_reason(), Some("insufficient_credits"));
        assert_eq!(d.account_id, None, "team-level");
    }

    #[test]
    fn unknown_events_are_kept_whole_and_serialize_back() {
        let body = json!({"event": "stories.viewed", "event_id": "evt_9", "payload": {"x": 1}, "extra": true});
        let e: WebhookEvent = serde_json::from_value(body.clone()).unwrap();
        let WebhookEvent::Unknown(raw) = &e else {
            panic!("unknown")
        };
        assert_eq!(raw.other["extra"], json!(true));
        assert_eq!(serde_json::to_value(&e).unwrap(), body);
        let known = json!({"event": "messages.received", "event_id": "evt_1", "account_id": "acct_1", "payload": {"text": "hi"}});
        let e: WebhookEvent = serde_json::from_value(known.clone()).unwrap();
        assert_eq!(e.account_id(), Some("acct_1"));
        assert_eq!(e.payload()["text"], "hi");
        assert_eq!(serde_json::to_value(&e).unwrap(), known);
    }

    #[test]
    fn verify_event_checks_then_types() {
        let body = br#"{"event":"subscriptions.new","event_id":"evt_2","account_id":"acct_1","payload":{}}"#;
        let signature = sign(body, "k");
        let e = verify_event(body, Some(&signature), "k").unwrap();
        assert!(matches!(e, WebhookEvent::SubscriptionsNew(_)));
        assert_eq!(e.event_id(), Some("evt_2"));
        assert_eq!(
            verify_event(body, Some(&signature), "other"),
            Err(WebhookError::Mismatch)
        );
    }
}
