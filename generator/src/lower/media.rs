//! Media types: the one rule for what a `content` key means.

/// What a media type carries, as far as the client is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Media {
    /// `application/json`, `application/json; charset=utf-8`,
    /// `application/problem+json`, `application/json+sarif`.
    Json,
    Multipart,
    Form,
    /// `text/*`.
    Text,
    /// `*/*`: anything (JSON when a schema describes it).
    Any,
    /// Everything else: raw bytes.
    Binary,
}

/// Sequential JSON media types (one JSON value after another, OpenAPI
/// 3.2's "sequential media types"): text, not one JSON document.
const SEQUENTIAL_JSON: &[&str] = &[
    "application/jsonl",
    "application/jsonlines",
    "application/x-jsonlines",
    "application/x-ndjson",
    "application/json-seq",
];

impl Media {
    pub fn of(media_type: &str) -> Media {
        let lower = media_type.to_ascii_lowercase();
        let essence = lower.split(';').next().unwrap_or("").trim();
        if SEQUENTIAL_JSON.contains(&essence) || essence.ends_with("+json-seq") {
            Media::Text
        } else if essence.starts_with("application/json") || essence.contains("+json") {
            Media::Json
        } else if essence == "multipart/form-data" {
            Media::Multipart
        } else if essence == "application/x-www-form-urlencoded" {
            Media::Form
        } else if essence.starts_with("text/") {
            Media::Text
        } else if essence == "*/*" {
            Media::Any
        } else {
            Media::Binary
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        for (m, want) in [
            ("application/json", Media::Json),
            ("Application/JSON; charset=utf-8", Media::Json),
            ("application/problem+json", Media::Json),
            ("application/json+sarif", Media::Json),
            ("multipart/form-data; boundary=x", Media::Multipart),
            ("application/x-www-form-urlencoded", Media::Form),
            ("text/plain", Media::Text),
            ("text/event-stream", Media::Text),
            ("application/jsonl", Media::Text),
            ("application/x-ndjson", Media::Text),
            ("application/json-seq", Media::Text),
            ("application/geo+json-seq", Media::Text),
            ("multipart/mixed", Media::Binary),
            ("*/*", Media::Any),
            ("application/octet-stream", Media::Binary),
            ("image/png", Media::Binary),
        ] {
            assert_eq!(Media::of(m), want, "{m}");
        }
    }
}
