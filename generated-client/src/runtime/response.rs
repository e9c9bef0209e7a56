//! Successful responses: the typed data plus what came with it (the
//! envelope's `_meta` and `_pagination`, the credit, cache and rate-limit
//! headers the API has: which headers, if any, is generated data,
//! [`MetadataHeaders`]), status and raw headers.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use super::conventions::MetadataHeaders;

/// A successful response: `data` is the typed body (or the envelope's `data`).
#[derive(Clone)]
pub struct Response<T> {
    /// The decoded body (for `{data, _meta}` envelopes: `data`).
    pub data: T,
    /// Built from `meta_json` and `headers` on the first call of [`Response::meta`]:
    /// most callers never ask, and then nothing is spent on it.
    meta: OnceLock<Meta>,
    /// `_meta` as received.
    meta_json: Option<Value>,
    pagination: Option<Pagination>,
    status: StatusCode,
    headers: HeaderMap,
    /// The body as received (shared, not copied).
    raw: bytes::Bytes,
    attempts: u32,
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("data", &self.data)
            .field("meta", self.meta())
            .field("pagination", &self.pagination)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("raw_body_len", &self.raw.len())
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl<T> Response<T> {
    pub(crate) fn new(
        data: T,
        status: StatusCode,
        headers: HeaderMap,
        meta_json: Option<Value>,
        pagination_json: Option<Value>,
        raw: bytes::Bytes,
    ) -> Self {
        let pagination = pagination_json
            .filter(|p| !p.is_null())
            .map(Pagination::from_json);
        Response {
            data,
            meta: OnceLock::new(),
            meta_json,
            pagination,
            status,
            headers,
            raw,
            attempts: 1,
        }
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Credits, cache state and rate limits reported with this response.
    pub fn meta(&self) -> &Meta {
        self.meta.get_or_init(|| {
            Meta::from_parts(
                self.meta_json.as_ref(),
                &self.headers,
                MetadataHeaders::of_api(),
            )
        })
    }

    /// The envelope's `_pagination`, when the operation pages.
    pub fn pagination(&self) -> Option<&Pagination> {
        self.pagination.as_ref()
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body exactly as received, beside the typed [`data`](Self::data)
    /// (for what the types do not hold, or to log or store it as it came).
    /// Empty for a streamed output (`Download`, `Events`, `Lines`): its body
    /// is read through the stream, not kept.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw
    }

    /// How many requests it took: 1, or more when earlier attempts were retried.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The data, dropping the metadata.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Transform the data, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            data: f(self.data),
            meta: self.meta,
            meta_json: self.meta_json,
            pagination: self.pagination,
            status: self.status,
            headers: self.headers,
            raw: self.raw,
            attempts: self.attempts,
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

/// Metadata of a response, from the envelope's `_meta` and the response
/// headers (headers win where both say something).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub credits: Option<Credits>,
    pub cache: Option<CacheInfo>,
    pub rate_limits: Option<RateLimits>,
    /// `_meta` exactly as received.
    pub raw: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Credits {
    /// Credits this request used.
    pub used: Option<f64>,
    /// Credits left on the account.
    pub balance: Option<f64>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CacheInfo {
    pub is_cached: Option<bool>,
    pub cached_at: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateLimits {
    /// Requests allowed per minute.
    pub limit_minute: Option<u64>,
    /// Requests left this minute.
    pub remaining_minute: Option<u64>,
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn boolean(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => parse_bool(s),
        Value::Number(n) => Some(n.as_f64() != Some(0.0)),
        _ => None,
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

impl Meta {
    pub(crate) fn from_parts(
        json: Option<&Value>,
        headers: &HeaderMap,
        names: &MetadataHeaders,
    ) -> Self {
        let mut meta = Meta::default();
        if let Some(Value::Object(m)) = json {
            if let Some(Value::Object(c)) = m.get("_credits") {
                meta.credits = Some(Credits {
                    used: num(c.get("used")),
                    balance: num(c.get("balance")),
                    note: text(c.get("note")),
                });
            }
            if let Some(Value::Object(c)) = m.get("_cache") {
                meta.cache = Some(CacheInfo {
                    is_cached: boolean(c.get("is_cached")),
                    cached_at: text(c.get("cached_at")),
                    note: text(c.get("note")),
                });
            }
            if let Some(Value::Object(r)) = m.get("_rate_limits") {
                meta.rate_limits = Some(RateLimits {
                    limit_minute: num(r.get("limit_minute")).map(|f| f as u64),
                    remaining_minute: num(r.get("remaining_minute")).map(|f| f as u64),
                });
            }
        }
        meta.raw = json.cloned();
        let h_num = |name: Option<&str>| header(headers, name?).and_then(|v| v.parse::<f64>().ok());
        let (used, balance) = (h_num(names.credits_used), h_num(names.credits_balance));
        if used.is_some() || balance.is_some() {
            let c = meta.credits.get_or_insert_with(Credits::default);
            c.used = used.or(c.used);
            c.balance = balance.or(c.balance);
        }
        let cached = names.cached.and_then(|name| header(headers, name));
        if let Some(cached) = cached.and_then(parse_bool) {
            meta.cache.get_or_insert_with(CacheInfo::default).is_cached = Some(cached);
        }
        let limit = h_num(names.rate_limit_limit).map(|f| f as u64);
        let remaining = h_num(names.rate_limit_remaining).map(|f| f as u64);
        if limit.is_some() || remaining.is_some() {
            let r = meta.rate_limits.get_or_insert_with(RateLimits::default);
            r.limit_minute = limit.or(r.limit_minute);
            r.remaining_minute = remaining.or(r.remaining_minute);
        }
        meta
    }
}

/// The envelope's `_pagination`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Full URL of the next page; `None` on the last page.
    pub next_page: Option<String>,
    /// `_pagination` exactly as received.
    pub raw: Value,
}

impl Pagination {
    fn from_json(v: Value) -> Self {
        let next_page = v
            .get("next_page")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Pagination { next_page, raw: v }
    }
}

/// The bytes of a binary response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Binary(pub bytes::Bytes);

impl Deref for Binary {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Binary;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Binary, E> {
                Ok(Binary(bytes::Bytes::copy_from_slice(v)))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Binary, E> {
                Ok(Binary(v.into()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Binary, E> {
                Ok(Binary(bytes::Bytes::copy_from_slice(v.as_bytes())))
            }
        }
        d.deserialize_byte_buf(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The OnlyFans API's metadata headers, as its SDK profile names them.
    const NAMES: MetadataHeaders = MetadataHeaders {
        credits_used: Some("x-ofapi-credits-used"),
        credits_balance: Some("x-ofapi-credits-balance"),
        cached: Some("x-ofapi-is-cached"),
        rate_limit_limit: Some("x-rate-limit-limit-minute"),
        rate_limit_remaining: Some("x-rate-limit-remaining-minute"),
    };

    #[test]
    fn an_api_without_metadata_headers_reads_none() {
        let mut h = HeaderMap::new();
        h.insert("x-ofapi-credits-used", "2".parse().unwrap());
        let m = Meta::from_parts(None, &h, &MetadataHeaders::NONE);
        assert_eq!(m, Meta::default());
        let m = Meta::from_parts(None, &h, &NAMES);
        assert_eq!(m.credits.unwrap().used, Some(2.0));
    }

    #[test]
    fn meta_from_envelope_and_headers() {
        let mut h = HeaderMap::new();
        h.insert("x-ofapi-credits-used", "2".parse().unwrap());
        h.insert("x-rate-limit-remaining-minute", "59".parse().unwrap());
        h.insert("x-ofapi-is-cached", "true".parse().unwrap());
        let m = Meta::from_parts(
            Some(
                &json!({"_credits": {"used": 1, "balance": 999999, "note": "Always"}, "_cache": {"is_cached": false}}),
            ),
            &h,
            &NAMES,
        );
        let c = m.credits.unwrap();
        assert_eq!(c.used, Some(2.0), "header wins");
        assert_eq!(c.balance, Some(999999.0));
        assert_eq!(c.note.as_deref(), Some("Always"));
        assert_eq!(m.cache.unwrap().is_cached, Some(true));
        assert_eq!(m.rate_limits.unwrap().remaining_minute, Some(59));
    }

    fn response_with_meta() -> (Response<u8>, Value, HeaderMap) {
        let mut h = HeaderMap::new();
        h.insert("x-ofapi-credits-balance", "41".parse().unwrap());
        h.insert("x-rate-limit-limit-minute", "1000".parse().unwrap());
        let json = json!({"_credits": {"used": 3, "balance": 50}, "_cache": {"is_cached": "yes"}});
        let r = Response::new(
            7_u8,
            StatusCode::OK,
            h.clone(),
            Some(json.clone()),
            None,
            bytes::Bytes::new(),
        );
        (r, json, h)
    }

    /// `meta()` is built on first use, from what the response kept: the
    /// same values as building it right away, every time, and kept by
    /// `map` and `clone` whether or not it was built yet.
    #[test]
    fn lazy_meta_gives_the_same_values() {
        let (r, json, h) = response_with_meta();
        let eager = Meta::from_parts(Some(&json), &h, &NAMES);
        assert_eq!(
            eager.credits.as_ref().unwrap().balance,
            Some(41.0),
            "header wins"
        );
        assert_eq!(eager.credits.as_ref().unwrap().used, Some(3.0));
        assert_eq!(eager.cache.as_ref().unwrap().is_cached, Some(true));
        assert_eq!(eager.rate_limits.as_ref().unwrap().limit_minute, Some(1000));
        assert_eq!(eager.raw.as_ref(), Some(&json));

        assert!(r.meta.get().is_none(), "nothing built before meta()");
        let cloned_before = r.clone();
        let mapped_before = r.clone().map(u16::from);
        assert_eq!(r.meta(), &eager);
        assert!(std::ptr::eq(r.meta(), r.meta()), "built once");
        assert_eq!(cloned_before.meta(), &eager);
        assert_eq!(mapped_before.meta(), &eager);
        assert_eq!(r.clone().meta(), &eager);
        let mapped_after = r.map(|d| d + 1);
        assert_eq!(mapped_after.meta(), &eager);
        assert_eq!(mapped_after.data, 8);

        let none = Response::new(
            (),
            StatusCode::OK,
            HeaderMap::new(),
            None,
            None,
            bytes::Bytes::new(),
        );
        assert_eq!(none.meta(), &Meta::default());
    }

    /// `Debug` shows the metadata as before (built for the occasion), not
    /// the cell it waits in.
    #[test]
    fn debug_shows_the_meta() {
        let (r, _, _) = response_with_meta();
        let shown = format!("{r:?}");
        assert!(shown.starts_with("Response { data: 7, meta: Meta { credits: Some(Credits { used: Some(3.0), balance: Some(41.0)"), "{shown}");
        assert!(shown.contains("status: 200"), "{shown}");
        assert!(shown.contains("attempts: 1"), "{shown}");
        assert!(!shown.contains("OnceLock"), "{shown}");
        assert!(!shown.contains("meta_json"), "{shown}");
    }

    #[test]
    fn pagination_next_page() {
        let p = Pagination::from_json(json!({"next_page": "https://x/api?page=2"}));
        assert_eq!(p.next_page.as_deref(), Some("https://x/api?page=2"));
        assert_eq!(
            Pagination::from_json(json!({"next_page": null})).next_page,
            None
        );
    }
}
