//! Idempotency keys: one per logical call, the same on every attempt, so
//! that the server can tell a retry from a new request and a POST or PATCH
//! is safe to send again.
//!
//! A call gets a key when
//! - its operation declares an `Idempotency-Key` header parameter
//!   ([`Operation::IDEMPOTENCY_HEADER`](super::Operation::IDEMPOTENCY_HEADER):
//!   on by default), or
//! - the client has [`idempotency_keys`](super::ClientBuilder::idempotency_keys)
//!   on and the method is not idempotent (POST, PATCH, other extension
//!   methods), or
//! - the call asks: [`Call::with_idempotency_key`](super::Call::with_idempotency_key)
//!   (this key) or [`Call::with_idempotency`](super::Call::with_idempotency)
//!   (`false` turns it off for the call).
//!
//! The key is the caller's when the call names one (that setter, or the
//! operation's header parameter, or an extra header of that name), else a
//! random UUID (version 4) drawn once, before the first attempt. A call
//! with a key is retried like an idempotent one (unless the call says
//! `with_retry_non_idempotent(false)`).

use super::build::RequestOptions;
use super::client::Client;
use super::error::Error;
use super::operation::Erased;
use super::request::Headers;
use super::retry::is_idempotent;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The header a key goes in when the operation names none.
pub(crate) const HEADER: &str = "Idempotency-Key";

/// The idempotency key of one call, and its header.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    name: HeaderName,
    value: HeaderValue,
}

impl Key {
    /// The key's text (a header value that is not visible ASCII never gets
    /// here: it is refused when the key is made).
    pub(crate) fn as_str(&self) -> &str {
        self.value.to_str().unwrap_or_default()
    }

    /// Into an attempt's headers (replacing the same header set otherwise:
    /// it holds the same key).
    pub(crate) fn put(&self, headers: &mut HeaderMap) {
        headers.insert(self.name.clone(), self.value.clone());
    }
}

/// The key of a call of `op` with `options`, when it gets one.
pub(crate) fn key(
    client: &Client,
    op: &dyn Erased,
    options: &RequestOptions,
    method: &reqwest::Method,
) -> Result<Option<Key>, Error> {
    let declared = op.idempotency_header();
    let wanted = match (options.idempotency, &options.idempotency_key) {
        (Some(false), _) => false,
        (Some(true), _) | (None, Some(_)) => true,
        (None, None) => {
            declared.is_some() || (client.inner.idempotency_keys && !is_idempotent(method))
        }
    };
    if !wanted {
        return Ok(None);
    }
    let name = declared.unwrap_or(HEADER);
    let text = match &options.idempotency_key {
        Some(key) => key.clone(),
        None => given(op, options, name).unwrap_or_else(new_key),
    };
    let id = op.id();
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::request(id, format!("{name:?} is not a valid header name")))?;
    let value = HeaderValue::from_str(&text).map_err(|_| {
        Error::request(
            id,
            "the idempotency key contains characters not allowed in a header",
        )
    })?;
    Ok(Some(Key {
        name: header,
        value,
    }))
}

/// The value the call itself sends in header `name` (an operation's
/// header parameter, or an extra header), the last one when several.
fn given(op: &dyn Erased, options: &RequestOptions, name: &str) -> Option<String> {
    let mut params = Headers::new();
    op.headers(&mut params);
    params
        .pairs()
        .iter()
        .chain(options.headers.iter())
        .filter(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_empty())
        .map(|(_, v)| v.clone())
        .next_back()
}

/// A new random key: a version 4 UUID, lower-case hex.
pub(crate) fn new_key() -> String {
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_keys_are_version_4_uuids_and_differ() {
        let a = new_key();
        let b = new_key();
        assert_ne!(a, b);
        for key in [&a, &b] {
            let parsed = uuid::Uuid::parse_str(key).unwrap();
            assert_eq!(parsed.get_version_num(), 4, "{key}");
            assert_eq!(parsed.hyphenated().to_string(), *key);
        }
    }
}
