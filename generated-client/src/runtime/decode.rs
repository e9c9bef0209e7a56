//! Decoding: a success answer (status, headers, body) into a [`Response`]
//! of the operation's output type, as its [`ResponseKind`] says, or a
//! [`Decode`](super::ErrorKind::Decode) error naming where the body
//! disagrees with the type.

use super::error::Error;
use super::kind::ResponseKind;
use super::response::Response;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// A success answer, before decoding: its body read whole, or (for an
/// output that streams) still `live`.
pub struct Answer {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: bytes::Bytes,
    /// Boxed: streamed answers are rare, and an `Answer` is moved through
    /// every level of a call.
    pub(crate) live: Option<Box<reqwest::Response>>,
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
    #[serde(rename = "_meta", default)]
    meta: Option<serde_json::Value>,
    #[serde(rename = "_pagination", default)]
    pagination: Option<serde_json::Value>,
}

/// Decode a success body according to the operation's response kind.
pub(crate) fn decode<T: DeserializeOwned>(
    op: &'static str,
    kind: ResponseKind,
    answer: Answer,
) -> Result<Response<T>, Error> {
    let Answer {
        status,
        headers,
        body,
        ..
    } = answer;
    let decoded = match kind {
        ResponseKind::Envelope => {
            json::<Envelope<T>>(&body).map(|env| (env.data, env.meta, env.pagination))
        }
        ResponseKind::Json => {
            let parsed = if body.iter().all(u8::is_ascii_whitespace) {
                T::deserialize(super::lenient::Lenient(serde_json::Value::Null))
            } else {
                json::<T>(&body)
            };
            parsed.map(|data| {
                let (meta, pagination) = object_extras(&body);
                (data, meta, pagination)
            })
        }
        ResponseKind::Empty => {
            T::deserialize(serde::de::value::UnitDeserializer::<serde_json::Error>::new())
                .map(|data| (data, None, None))
        }
        ResponseKind::Text
        | ResponseKind::Events
        | ResponseKind::EventObjects
        | ResponseKind::JsonLines
        | ResponseKind::JsonSeq => {
            let text = String::from_utf8_lossy(&body).into_owned();
            T::deserialize(serde_json::Value::String(text)).map(|data| (data, None, None))
        }
        ResponseKind::Bytes => {
            T::deserialize(serde::de::value::BytesDeserializer::<serde_json::Error>::new(&body))
                .map(|data| (data, None, None))
        }
    };
    match decoded {
        Ok((data, meta, pagination)) => {
            Ok(Response::new(data, status, headers, meta, pagination, body))
        }
        Err(e) => Err(Error::decode(op, status, headers, body, e)),
    }
}

/// A plain JSON object may still carry `_meta` and `_pagination`: they are
/// read from it (headers fill `meta()` either way).
fn object_extras(body: &[u8]) -> (Option<serde_json::Value>, Option<serde_json::Value>) {
    let object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !object {
        return (None, None);
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(mut map)) => (map.remove("_meta"), map.remove("_pagination")),
        _ => (None, None),
    }
}

/// JSON, read leniently (see `lenient`), with the path of the failing field
/// in the error (`data.rows[0].is_bot: …`).
pub(crate) fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    // The fast path: no path tracking (it costs ~70% more on large bodies,
    // see BENCHMARKS.md). Only a failure is decoded again, to say where.
    match super::lenient::from_slice(body) {
        Ok(v) => Ok(v),
        Err(_) => json_with_path(body),
    }
}

/// The slow path of [`json`], out of line: only a body that failed to decode takes it.
#[inline(never)]
#[cold]
fn json_with_path<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(super::lenient::Lenient(&mut de)) {
        Ok(v) => {
            de.end()?;
            Ok(v)
        }
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            Err(with_path(path, inner))
        }
    }
}

/// `at {path}: {error}`, or the error alone when the path says nothing.
fn with_path(path: String, inner: serde_json::Error) -> serde_json::Error {
    if path.is_empty() || path == "." {
        inner
    } else {
        serde::de::Error::custom(format_args!("at {path}: {inner}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{DateTime, Uuid};

    #[derive(Deserialize, Debug)]
    struct Row {
        id: Uuid,
        created_at: DateTime,
    }

    fn answer(body: &str) -> Answer {
        Answer {
            status: reqwest::StatusCode::OK,
            headers: reqwest::header::HeaderMap::new(),
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
            live: None,
        }
    }

    #[test]
    fn a_typed_format_that_does_not_parse_is_a_decode_error_naming_the_field() {
        let body = r#"{"data": [
            {"id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "created_at": "2024-01-31 21:45:00"},
            {"id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "created_at": "31/01/2024"}
        ]}"#;
        let e = decode::<Vec<Row>>("listRows", ResponseKind::Envelope, answer(body)).unwrap_err();
        assert_eq!(e.kind(), super::super::ErrorKind::Decode);
        let text = e.to_string();
        assert!(
            text.contains(
                "at data[1].created_at: invalid value: string \"31/01/2024\", expected a date-time"
            ),
            "{text}"
        );
        let good = r#"[{"id": "67E5504410B1426F9247BB680E5FE0C8", "created_at": "2024-01-31T21:45:00+01:00"}]"#;
        let rows = decode::<Vec<Row>>("listRows", ResponseKind::Json, answer(good)).unwrap();
        let row = &rows.data[0];
        assert_eq!(
            (row.id.to_string(), row.created_at.to_string()),
            (
                "67E5504410B1426F9247BB680E5FE0C8".to_string(),
                "2024-01-31T21:45:00+01:00".to_string()
            )
        );
    }
}
