//! Verifying webhook deliveries, for an API that signs them (its SDK
//! profile names the header: `Signature` for OnlyFans).
//!
//! Each delivery carries a [`SIGNATURE_HEADER`] header: the hex
//! HMAC-SHA256 of the request body (the JSON payload, byte for byte as sent),
//! keyed by the signing secret set for the webhook. [`verify`] recomputes it
//! and compares in constant time; [`verify_event`] also decodes the payload.
//!
//! Verify the raw body exactly as received, before parsing it: re-serialized
//! JSON differs in spacing and key order, and its signature would not match.
//!
//! In a handler: `webhooks::verify(&body, headers.get(SIGNATURE_HEADER), &secret)`,
//! answer 401 on `Err`, else 2xx quickly and handle the event afterwards
//! (deliveries are retried when not acknowledged, so deduplicate on `event_id`).

use hmac::{KeyInit, Mac};
use serde::de::DeserializeOwned;
use std::fmt;

/// The header that carries the signature (the API's, from generated data).
pub const SIGNATURE_HEADER: &str = match <super::Client as super::ApiConventions>::WEBHOOK_SIGNATURE
{
    Some(header) => header,
    None => "Signature",
};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Why a delivery was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// No signature header (or an empty one).
    MissingSignature,
    /// The header is not a hex SHA-256 digest (64 hex digits).
    MalformedSignature,
    /// The signature does not match the body and secret: the body was
    /// changed, the secret is wrong, or the delivery is forged.
    Mismatch,
    /// The signing secret is empty: anyone could sign with it.
    EmptySecret,
    /// The signature is valid but the body is not the expected JSON.
    Decode(String),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature => {
                write!(f, "the webhook has no {SIGNATURE_HEADER} header")
            }
            WebhookError::MalformedSignature => write!(
                f,
                "the {SIGNATURE_HEADER} header is not a hex HMAC-SHA256 digest"
            ),
            WebhookError::Mismatch => write!(
                f,
                "the webhook signature does not match its body and the signing secret"
            ),
            WebhookError::EmptySecret => write!(f, "the webhook signing secret is empty"),
            WebhookError::Decode(e) => write!(f, "the webhook body does not decode: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// Check that `signature_header` (the value of the signature header, `None`
/// when absent) is the HMAC-SHA256 of `payload` under `secret`. Hex digits may
/// be upper or lower case; a `sha256=` prefix is accepted. The comparison
/// takes the same time wherever the first differing byte is.
pub fn verify(
    payload: &[u8],
    signature_header: Option<&str>,
    secret: &str,
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::EmptySecret);
    }
    let given = signature_header
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(WebhookError::MissingSignature)?;
    let given = given.strip_prefix("sha256=").unwrap_or(given);
    let given = decode_hex(given).ok_or(WebhookError::MalformedSignature)?;
    let mut mac =
        HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| WebhookError::EmptySecret)?;
    mac.update(payload);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&given).map_err(|_| WebhookError::Mismatch)
}

/// The signature of `payload` under `secret`, as the signature header
/// carries it (hex HMAC-SHA256): for sending test deliveries.
pub fn sign(payload: &[u8], secret: &str) -> String {
    let mut mac =
        HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(payload);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// [`verify`], then decode the body as JSON into `T` (an [`Event`], or a type
/// of your own).
pub fn verify_event<T: DeserializeOwned>(
    payload: &[u8],
    signature_header: Option<&str>,
    secret: &str,
) -> Result<T, WebhookError> {
    verify(payload, signature_header, secret)?;
    serde_json::from_slice(payload).map_err(|e| WebhookError::Decode(e.to_string()))
}

/// A webhook delivery, tolerantly: the event name (`messages.received`,
/// `subscriptions.new`, …), its ids, and the event's own `payload`. Other
/// top-level fields are kept in `other`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Event {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Unique per event: deliveries are at-least-once, so deduplicate on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The connected account the event is about (absent for team-level events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default)]
    pub payload: serde_json::Value,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl Event {
    /// An event named `event` (`messages.received`) with this payload, for
    /// tests (`testing::webhook_delivery` signs it).
    pub fn new(event: impl Into<String>, payload: serde_json::Value) -> Self {
        Event {
            event: Some(event.into()),
            event_id: None,
            account_id: None,
            payload,
            other: serde_json::Map::new(),
        }
    }

    /// With this `event_id`.
    pub fn with_event_id(mut self, event_id: impl Into<String>) -> Self {
        self.event_id = Some(event_id.into());
        self
    }

    /// With this `account_id`.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }
}

/// A signed webhook delivery, as the API sends one (the `testing`
/// feature): the JSON body and its signature header (hex HMAC-SHA256 of the body, keyed by the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg(feature = "testing")]
pub struct WebhookDelivery {
    pub body: Vec<u8>,
    /// The value of the signature header.
    pub signature: String,
}

#[cfg(feature = "testing")]
impl WebhookDelivery {
    /// The headers of the delivery: the signature and `Content-Type`.
    pub fn headers(&self) -> [(&'static str, &str); 2] {
        [
            (SIGNATURE_HEADER, self.signature.as_str()),
            ("Content-Type", "application/json"),
        ]
    }

    /// POST the delivery to `url` (your receiver, on loopback in a test)
    /// and return the status it answered.
    pub async fn post(&self, url: &str) -> Result<reqwest::StatusCode, super::Error> {
        const OP: &str = "webhook_delivery";
        let http = super::ClientBuilder::new(Some(url.to_string()))
            .build()?
            .inner
            .http
            .clone();
        let mut request = http.post(url).body(self.body.clone());
        for (name, value) in self.headers() {
            request = request.header(name, value);
        }
        let answer = request
            .send()
            .await
            .map_err(|e| super::Error::transport(OP, e))?;
        Ok(answer.status())
    }
}

/// A signed delivery of `event` (any serializable value: a webhook event
/// type, or JSON) under `secret`, to test a webhook receiver end to end.
#[cfg(feature = "testing")]
pub fn webhook_delivery<E: serde::Serialize + ?Sized>(event: &E, secret: &str) -> WebhookDelivery {
    let body = serde_json::to_vec(event).unwrap_or_else(|_| b"null".to_vec());
    let signature = sign(&body, secret);
    WebhookDelivery { body, signature }
}

/// 32 bytes from 64 hex digits; `None` for anything else.
fn decode_hex(text: &str) -> Option<[u8; 32]> {
    let digits = text.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut out = [0_u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        *byte = (hi * 16 + lo) as u8;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(body: &[u8], secret: &str) -> String {
        let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn known_vector() {
        // RFC 4231, test case 2.
        let mut mac = HmacSha256::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            verify(b"what do ya want for nothing?", Some(&hex), "Jefe"),
            Ok(())
        );
    }

    #[test]
    fn header_forms() {
        let body = b"{}";
        let sig = sign(body, "k");
        assert_eq!(verify(body, Some(&sig.to_uppercase()), "k"), Ok(()));
        assert_eq!(verify(body, Some(&format!(" sha256={sig} ")), "k"), Ok(()));
        assert_eq!(
            verify(body, Some(""), "k"),
            Err(WebhookError::MissingSignature)
        );
        assert_eq!(
            verify(body, Some(&sig[..62]), "k"),
            Err(WebhookError::MalformedSignature)
        );
        assert_eq!(
            verify(body, Some(&format!("{}zz", &sig[..62])), "k"),
            Err(WebhookError::MalformedSignature)
        );
        assert_eq!(verify(body, Some(&sig), ""), Err(WebhookError::EmptySecret));
    }

    #[test]
    fn hex_decoding() {
        assert_eq!(decode_hex(&"0f".repeat(32)), Some([0x0f; 32]));
        assert_eq!(decode_hex(&"é".repeat(32)), None, "64 bytes, not hex");
        assert_eq!(decode_hex("+1"), None);
    }
}
