//! Decoding: a success answer (status, headers, body) into a [`Response`]
//! of the operation's output type, as its [`ResponseKind`] says, or a
//! [`Decode`](super::ErrorKind::Decode) error naming where the body
//! disagrees with the type.

use super::error::Error;
use super::operation::ResponseKind;
use super::response::Response;
use serde::de::DeserializeOwned;
use serde::Deserialize;

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
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: bytes::Bytes,
) -> Result<Response<T>, Error> {
    let fail = |headers, body, e: serde_json::Error| Error::decode(op, status, headers, body, e);
    match kind {
        ResponseKind::Envelope => match json::<Envelope<T>>(&body) {
            Ok(env) => Ok(Response::new(
                env.data,
                status,
                headers,
                env.meta,
                env.pagination,
            )),
            Err(e) => Err(fail(headers, body, e)),
        },
        ResponseKind::Json => {
            let parsed = if body.iter().all(u8::is_ascii_whitespace) {
                T::deserialize(serde_json::Value::Null)
            } else {
                json::<T>(&body)
            };
            match parsed {
                Ok(data) => {
                    // A plain JSON object may still carry `_meta`/`_pagination`;
                    // headers fill `meta()` either way.
                    let object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
                    let (meta, pagination) = match object
                        .then(|| serde_json::from_slice::<serde_json::Value>(&body).ok())
                        .flatten()
                    {
                        Some(serde_json::Value::Object(mut map)) => {
                            (map.remove("_meta"), map.remove("_pagination"))
                        }
                        _ => (None, None),
                    };
                    Ok(Response::new(data, status, headers, meta, pagination))
                }
                Err(e) => Err(fail(headers, body, e)),
            }
        }
        ResponseKind::Empty => {
            match T::deserialize(serde::de::value::UnitDeserializer::<serde_json::Error>::new()) {
                Ok(data) => Ok(Response::new(data, status, headers, None, None)),
                Err(e) => Err(fail(headers, body, e)),
            }
        }
        ResponseKind::Text => {
            let text = String::from_utf8_lossy(&body).into_owned();
            match T::deserialize(serde_json::Value::String(text)) {
                Ok(data) => Ok(Response::new(data, status, headers, None, None)),
                Err(e) => Err(fail(headers, body, e)),
            }
        }
        ResponseKind::Bytes => match T::deserialize(serde::de::value::BytesDeserializer::<
            serde_json::Error,
        >::new(&body))
        {
            Ok(data) => Ok(Response::new(data, status, headers, None, None)),
            Err(e) => Err(fail(headers, body, e)),
        },
    }
}

/// JSON with the path of the failing field in the error (`data.rows[0].is_bot: …`).
fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    // The fast path: plain serde_json (tracking the path costs ~70% more on
    // large bodies, see BENCHMARKS.md). Only a failure is decoded again, to say where.
    if let Ok(v) = serde_json::from_slice(body) {
        return Ok(v);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => {
            de.end()?;
            Ok(v)
        }
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path.is_empty() || path == "." {
                Err(inner)
            } else {
                Err(serde::de::Error::custom(format_args!("at {path}: {inner}")))
            }
        }
    }
}
