//! What the mock answers (the `testing` feature): an operation's documented
//! success example (the default), a stubbed value in the operation's own
//! shape (its `{data, _meta}` envelope when it has one), and failures in
//! the shape the spec documents for them: the documented error body for
//! the status (its example, else one built from its schema, in its content
//! type: `application/problem+json` for problem details), validation
//! failures where the operation documents errors by field, and elsewhere
//! the API's own error shape (generated data: Laravel's for OnlyFans,
//! problem details or a neutral one); a 429 with `Retry-After`.
//!
//! Answers that carry `_meta` come with the metadata headers the API has
//! (generated data; credits, cache and rate limits for OnlyFans),
//! agreeing with the body.

use super::client::Client;
use super::conventions::{ApiConventions, MetadataHeaders};
use super::mock_routes::{laravel_message, MockOperation};
use super::operation::ResponseKind;
use super::problem::{self, ErrorShape, FieldErrors, FieldMessages};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{json, Value};
use std::time::Duration;

/// The requests per minute the mock's rate-limit headers announce (the
/// OnlyFans API's Basic plan).
pub(crate) const RATE_LIMIT_PER_MINUTE: u64 = 1000;

/// One answer of the mock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, body: &Value) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    pub(crate) fn template(&self) -> wiremock::ResponseTemplate {
        let mut t = wiremock::ResponseTemplate::new(self.status);
        for (name, value) in &self.headers {
            t = t.append_header(name.as_str(), value.as_str());
        }
        if !self.body.is_empty() {
            // `set_body_raw` keeps our content type (`set_body_bytes` would not set one).
            let content_type = self
                .headers
                .iter()
                .find(|(n, _)| n == "content-type")
                .map(|(_, v)| v.as_str())
                .unwrap_or("application/octet-stream");
            t = t.set_body_raw(self.body.clone(), content_type);
        }
        t
    }

    pub(crate) fn header_map(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in &self.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                map.append(n, v);
            }
        }
        map
    }
}

/// The message Laravel gives a status when none is set.
fn default_message(status: u16) -> String {
    match status {
        400 => "Bad Request.".into(),
        401 => "Unauthenticated.".into(),
        402 => "Payment Required.".into(),
        403 => "This action is unauthorized.".into(),
        404 => "Not Found.".into(),
        405 => "Method Not Allowed.".into(),
        409 => "Conflict.".into(),
        422 => "The given data was invalid.".into(),
        429 => "Too Many Attempts.".into(),
        500 => "Server Error".into(),
        other => reqwest::StatusCode::from_u16(other)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map(|r| format!("{r}."))
            .unwrap_or_else(|| format!("HTTP {other}.")),
    }
}

/// The shape the API's errors take where an operation documents none
/// (generated: the SDK profile's, the one the spec documents most, or a
/// neutral one).
fn api_shape() -> ErrorShape {
    <Client as ApiConventions>::VALIDATION
}

/// A body in `shape`, served with its content type.
fn error_reply(status: u16, shape: &ErrorShape, body: &Value) -> Reply {
    let mut reply = Reply::json(status, body);
    if shape.problem {
        reply.headers[0].1 = "application/problem+json".into();
    }
    reply
}

/// A failure at `status` as `op` documents it: its documented body (the
/// example, else one built from the schema) in its content type, with
/// `message` (and `fields`, for a validation failure) set in the places
/// its shape has for them; as the API's errors look elsewhere where the
/// operation documents nothing for `status`.
pub(crate) fn failure(
    op: Option<&MockOperation>,
    status: u16,
    message: Option<&str>,
    fields: &FieldMessages,
) -> Reply {
    let documented = op.and_then(|op| op.error_at(status));
    let sample = documented
        .and_then(|e| e.sample)
        .and_then(|t| serde_json::from_str::<Value>(t).ok());
    let mut shape = documented.map_or_else(api_shape, |e| e.documented.shape);
    if let (Some(body), None, true) = (&sample, message, fields.is_empty()) {
        // The documented body, as documented.
        return error_reply(status, &shape, body);
    }
    let validation = status == 422 || !fields.is_empty();
    if !validation {
        shape.fields = FieldErrors::None;
    }
    let message = match message {
        Some(m) => m.to_string(),
        None if !fields.is_empty() => laravel_message(fields),
        None => default_message(status),
    };
    let body = problem::write(&shape, status, &message, fields, sample);
    error_reply(status, &shape, &body)
}

/// A validation failure of `op` (or of a request no operation takes):
/// at the status and in the shape the operation documents for errors by
/// field, else a 422 as the API's errors look.
pub(crate) fn invalid(
    op: Option<&MockOperation>,
    message: Option<&str>,
    fields: &FieldMessages,
) -> Reply {
    if let Some(e) = op.and_then(|op| op.validation.map(|i| &op.errors[i])) {
        let status = e.documented.status.filter(|_| !e.documented.range);
        return failure(op, status.unwrap_or(422), message, fields);
    }
    let message = message.map_or_else(|| laravel_message(fields), str::to_string);
    let shape = api_shape();
    error_reply(
        422,
        &shape,
        &problem::write(&shape, 422, &message, fields, None),
    )
}

/// A documented error body given as is, at `status`, in the content type
/// the operation documents for it.
pub(crate) fn documented(op: &MockOperation, status: u16, body: &Value) -> Reply {
    let shape = op
        .error_at(status)
        .map_or_else(api_shape, |e| e.documented.shape);
    error_reply(status, &shape, body)
}

/// A 429 asking to wait `after`, with the rate-limit headers at zero.
pub(crate) fn rate_limited(after: Duration, message: Option<&str>) -> Reply {
    let mut reply = failure(None, 429, message, &FieldMessages::new());
    let secs = after.as_secs_f64();
    // Whole seconds as Laravel sends them; a fraction only when asked for one.
    let retry_after = if after.subsec_nanos() == 0 {
        after.as_secs().to_string()
    } else {
        format!("{secs:.3}")
    };
    reply.headers.push(("retry-after".into(), retry_after));
    let names = MetadataHeaders::of_api();
    if let Some(limit) = names.rate_limit_limit {
        reply
            .headers
            .push((limit.into(), RATE_LIMIT_PER_MINUTE.to_string()));
    }
    if let Some(remaining) = names.rate_limit_remaining {
        reply.headers.push((remaining.into(), "0".into()));
    }
    reply
}

/// The 501 of an operation the mock cannot answer by itself.
fn not_answerable(op: &MockOperation, why: &str) -> Reply {
    let message = format!(
        "The mock cannot answer {} ({} {}) by itself: {why}. Stub it in the test: {}.returns(..).",
        op.id,
        op.method.as_str(),
        op.path,
        op.stub
    );
    // 501: a status the client does not retry (the answer will not change).
    let mut shape = api_shape();
    shape.fields = FieldErrors::None;
    let body = problem::write(&shape, 501, &message, &FieldMessages::new(), None);
    error_reply(501, &shape, &body)
}

/// The default answer of `op`: its documented example (envelope and
/// headers included), checked to decode into the operation's output type.
/// `offset`: the request's offset, when the operation pages by offset (an
/// offset past the start gets an empty page, so that paging ends).
/// `served`: answers given before this one (the rate-limit countdown).
pub(crate) fn default_answer(op: &MockOperation, offset: Option<i64>, served: u64) -> Reply {
    if op.kind == ResponseKind::Empty {
        return Reply {
            status: op.status,
            headers: Vec::new(),
            body: Vec::new(),
        };
    }
    let Some(text) = op.example else {
        return not_answerable(op, "the spec documents no example of its answer");
    };
    let Ok(mut example) = serde_json::from_str::<Value>(text) else {
        return not_answerable(op, "its documented example is not JSON");
    };
    if op.kind == ResponseKind::Envelope && !is_envelope(&example) {
        example = json!({ "data": example });
    }
    // A next page on the real server would lead the client away from the mock.
    if let Some(Value::Object(p)) = example.get_mut("_pagination") {
        if p.get("next_page").is_some_and(|n| !n.is_null()) {
            p.insert("next_page".into(), Value::Null);
        }
    }
    if let (Some(paging), Some(offset)) = (&op.paging, offset) {
        if offset > 0 {
            empty_items(&mut example, op.kind, paging.items);
        }
    }
    let reply = encode(op, op.status, example, served);
    match (op.decode)(reply.status, &reply.header_map(), &reply.body) {
        Ok(()) => reply,
        Err(why) => not_answerable(
            op,
            &format!("its documented example does not decode into its type ({why})"),
        ),
    }
}

/// A stubbed value: the operation's output in its own shape (inside
/// `{data, _meta}` when the operation has the envelope, `_meta` taken from
/// the documented example).
pub(crate) fn stubbed(op: &MockOperation, status: Option<u16>, value: Value, served: u64) -> Reply {
    let body = match op.kind {
        ResponseKind::Envelope => {
            let meta = op
                .example
                .and_then(|t| serde_json::from_str::<Value>(t).ok())
                .and_then(|e| e.get("_meta").cloned());
            match meta {
                Some(meta) => json!({ "data": value, "_meta": meta }),
                None => json!({ "data": value }),
            }
        }
        _ => value,
    };
    encode(op, status.unwrap_or(op.status), body, served)
}

/// A body given as is (JSON), at `status`.
pub(crate) fn raw(status: u16, body: &Value, served: u64) -> Reply {
    let mut reply = Reply::json(status, body);
    reply.headers.extend(meta_headers(body, served));
    reply
}

fn is_envelope(v: &Value) -> bool {
    v.as_object().is_some_and(|o| o.contains_key("data"))
}

/// Empty the page's items: `data` (or the body), or its `items` field.
fn empty_items(body: &mut Value, kind: ResponseKind, items: Option<&str>) {
    let page = match kind {
        ResponseKind::Envelope => body.get_mut("data"),
        _ => Some(body),
    };
    let list = match (page, items) {
        (Some(page), None) => Some(page),
        (Some(page), Some(field)) => page.get_mut(field),
        (None, _) => None,
    };
    if let Some(Value::Array(list)) = list {
        list.clear();
    }
}

/// A body for `op` as its response kind says, with its headers.
fn encode(op: &MockOperation, status: u16, body: Value, served: u64) -> Reply {
    match op.kind {
        ResponseKind::Json | ResponseKind::Envelope => raw(status, &body, served),
        ResponseKind::Empty => Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        },
        ResponseKind::Text => Reply {
            status,
            headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
            body: match body {
                Value::String(s) => s.into_bytes(),
                other => other.to_string().into_bytes(),
            },
        },
        ResponseKind::Events | ResponseKind::EventObjects => Reply {
            status,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            body: event_stream(op.kind, body).into_bytes(),
        },
        ResponseKind::JsonLines | ResponseKind::JsonSeq => Reply {
            status,
            headers: vec![("content-type".into(), "application/jsonl".into())],
            body: json_lines(op.kind, body),
        },
        ResponseKind::Bytes => Reply {
            status,
            headers: vec![("content-type".into(), "application/octet-stream".into())],
            body: match body {
                Value::String(s) => s.into_bytes(),
                // `Binary` serializes as its bytes: a list of numbers.
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_u64)
                    .filter_map(|b| u8::try_from(b).ok())
                    .collect(),
                other => other.to_string().into_bytes(),
            },
        },
    }
}

/// The items of a sequential body: a list's elements, else the value alone.
fn items(body: Value) -> Vec<Value> {
    match body {
        Value::Array(items) => items,
        other => vec![other],
    }
}

/// A server-sent event stream of `body`'s items: each one the data of a
/// `message` event ([`ResponseKind::Events`]), or a whole event (`event`,
/// `data`, `id`, `retry` fields) for [`ResponseKind::EventObjects`].
pub(crate) fn event_stream(kind: ResponseKind, body: Value) -> String {
    let mut text = String::new();
    for item in items(body) {
        let whole = kind == ResponseKind::EventObjects && item.is_object();
        let field = |name: &str| whole.then(|| item.get(name)).flatten();
        let as_text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for name in ["event", "id", "retry"] {
            if let Some(v) = field(name) {
                text.push_str(&format!("{name}: {}\n", as_text(v)));
            }
        }
        let data = if whole {
            field("data").map(as_text).unwrap_or_default()
        } else {
            as_text(&item)
        };
        for line in data.split('\n') {
            text.push_str(&format!("data: {line}\n"));
        }
        text.push('\n');
    }
    text
}

/// JSON Lines (or, for [`ResponseKind::JsonSeq`], a JSON text sequence) of
/// `body`'s items.
fn json_lines(kind: ResponseKind, body: Value) -> Vec<u8> {
    let mut out = Vec::new();
    for item in items(body) {
        if kind == ResponseKind::JsonSeq {
            out.push(0x1E);
        }
        out.extend_from_slice(item.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

/// The metadata headers of a body with `_meta`: credits and cache as the
/// body says, and the rate limit counting down with each answer.
fn meta_headers(body: &Value, served: u64) -> Vec<(String, String)> {
    let Some(meta) = body.get("_meta").filter(|m| m.is_object()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let names = MetadataHeaders::of_api();
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    if let Some(credits) = meta.get("_credits") {
        for (key, header) in [
            ("used", names.credits_used),
            ("balance", names.credits_balance),
        ] {
            if let (Some(v), Some(header)) = (credits.get(key).and_then(text), header) {
                out.push((header.to_string(), v));
            }
        }
    }
    let cached = meta
        .get("_cache")
        .and_then(|c| c.get("is_cached"))
        .and_then(text);
    if let (Some(v), Some(header)) = (cached, names.cached) {
        out.push((header.into(), v));
    }
    if let Some(limit) = names.rate_limit_limit {
        out.push((limit.into(), RATE_LIMIT_PER_MINUTE.to_string()));
    }
    let remaining = RATE_LIMIT_PER_MINUTE.saturating_sub(served % RATE_LIMIT_PER_MINUTE + 1);
    if let Some(header) = names.rate_limit_remaining {
        out.push((header.into(), remaining.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn streaming_answers_are_events_or_lines() {
        let items = json!([{"n": 1}, "two\nlines"]);
        assert_eq!(
            event_stream(ResponseKind::Events, items.clone()),
            "data: {\"n\":1}\n\ndata: two\ndata: lines\n\n"
        );
        let whole = json!([{"event": "done", "id": 7, "data": {"ok": true}}]);
        assert_eq!(
            event_stream(ResponseKind::EventObjects, whole),
            "event: done\nid: 7\ndata: {\"ok\":true}\n\n"
        );
        assert_eq!(
            json_lines(ResponseKind::JsonSeq, items),
            b"\x1e{\"n\":1}\n\x1e\"two\\nlines\"\n".to_vec()
        );
    }

    #[test]
    fn failures_have_the_apis_shape_where_nothing_is_documented() {
        // The OnlyFans API's: Laravel's (its SDK profile says so).
        let r = failure(None, 404, None, &BTreeMap::new());
        assert_eq!(r.status, 404);
        assert_eq!(
            serde_json::from_slice::<Value>(&r.body).unwrap(),
            json!({"message": "Not Found."})
        );
        let mut errors = BTreeMap::new();
        errors.insert(
            "url".to_string(),
            vec!["The url field is required.".to_string()],
        );
        let r = invalid(None, None, &errors);
        assert_eq!(
            serde_json::from_slice::<Value>(&r.body).unwrap(),
            json!({"message": "The url field is required.", "errors": {"url": ["The url field is required."]}})
        );
        let r = failure(None, 422, None, &BTreeMap::new());
        assert_eq!(
            serde_json::from_slice::<Value>(&r.body).unwrap(),
            json!({"message": "The given data was invalid.", "errors": {}})
        );
    }

    #[test]
    fn rate_limits_say_when_to_come_back() {
        let r = rate_limited(Duration::from_secs(30), None);
        assert_eq!(r.status, 429);
        assert!(r.headers.contains(&("retry-after".into(), "30".into())));
        assert!(r
            .headers
            .contains(&("x-rate-limit-remaining-minute".into(), "0".into())));
        let r = rate_limited(Duration::from_millis(20), None);
        assert!(r.headers.contains(&("retry-after".into(), "0.020".into())));
    }

    #[test]
    fn meta_headers_agree_with_the_body() {
        let body = json!({"data": 1, "_meta": {"_credits": {"used": 1, "balance": 999999}, "_cache": {"is_cached": false}}});
        let h = meta_headers(&body, 0);
        assert!(h.contains(&("x-ofapi-credits-used".into(), "1".into())));
        assert!(h.contains(&("x-ofapi-credits-balance".into(), "999999".into())));
        assert!(h.contains(&("x-ofapi-is-cached".into(), "false".into())));
        assert!(h.contains(&("x-rate-limit-remaining-minute".into(), "999".into())));
        assert!(meta_headers(&json!({"data": 1}), 0).is_empty());
        let later = meta_headers(&body, 9);
        assert!(later.contains(&("x-rate-limit-remaining-minute".into(), "990".into())));
    }

    #[test]
    fn an_offset_past_the_start_empties_the_page() {
        let mut body = json!({"data": {"rows": [1, 2], "summary": {}}});
        empty_items(&mut body, ResponseKind::Envelope, Some("rows"));
        assert_eq!(body, json!({"data": {"rows": [], "summary": {}}}));
        let mut body = json!([1, 2]);
        empty_items(&mut body, ResponseKind::Json, None);
        assert_eq!(body, json!([]));
    }
}
