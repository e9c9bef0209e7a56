//! How a success answer becomes a call's output: [`Receive`]. Every type
//! that deserializes is read whole (`decode`); a stream (`Download`,
//! `Events`, `Lines`) takes the body unread and yields it as it arrives.

use super::decode::{decode, Answer};
use super::error::Error;
use super::kind::ResponseKind;
use super::response::Response;
use futures_util::{Stream, TryStreamExt};
use serde::de::DeserializeOwned;

/// What a call can return: a type read from the whole body, or a stream
/// over the body as it arrives. Implemented for every type that
/// deserializes, and for the runtime's streams.
pub trait Receive: Sized + Send + 'static {
    /// The body is handed over unread (a stream), not read whole first.
    const STREAMED: bool = false;

    /// The output of a success answer of operation `op`, read as `kind` says.
    #[doc(hidden)]
    fn receive(
        op: &'static str,
        kind: ResponseKind,
        answer: Answer,
    ) -> Result<Response<Self>, Error>;

    /// Reads an output whose body is all at hand (the mock's checks) to its
    /// end: a stream's every item decoded, the first that does not decode
    /// returned. What `receive` read whole has nothing left to read.
    #[doc(hidden)]
    fn read_through(self) -> Result<(), Error> {
        Ok(())
    }
}

/// Every item of `items`, a stream over a body all at hand, so that no item
/// waits: the first error returned. (Waiting could only be for a reconnection,
/// which a body at hand never asks for; reading stops there.)
pub(crate) fn read_items<I>(items: impl Stream<Item = Result<I, Error>>) -> Result<(), Error> {
    super::at_once(items.try_for_each(|_| std::future::ready(Ok(())))).unwrap_or(Ok(()))
}

impl<T: DeserializeOwned + Send + 'static> Receive for T {
    fn receive(
        op: &'static str,
        kind: ResponseKind,
        answer: Answer,
    ) -> Result<Response<Self>, Error> {
        decode(op, kind, answer)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Events, Lines};
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Row {
        #[allow(dead_code)]
        n: i64,
    }

    fn answer(content_type: &'static str, body: &'static str) -> Answer {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static(content_type),
        );
        Answer {
            status: reqwest::StatusCode::OK,
            headers,
            body: bytes::Bytes::from_static(body.as_bytes()),
            live: None,
        }
    }

    fn through<T: Receive>(
        kind: ResponseKind,
        content_type: &'static str,
        body: &'static str,
    ) -> Result<(), String> {
        T::receive("op", kind, answer(content_type, body))
            .and_then(|r| r.into_data().read_through())
            .map_err(|e| e.to_string())
    }

    /// A stream is read to its end, so an item that does not decode is
    /// found however late it comes; `receive` alone reads no item.
    #[test]
    fn streams_are_read_through_to_their_last_item() {
        let sse = "text/event-stream";
        let good = "data: {\"n\": 1}\n\ndata: {\"n\": 2}\n\n";
        let bad = "data: {\"n\": 1}\n\ndata: {\"n\": \"two\"}\n\n";
        assert_eq!(
            through::<Events<Row>>(ResponseKind::Events, sse, good),
            Ok(())
        );
        let err = through::<Events<Row>>(ResponseKind::Events, sse, bad).unwrap_err();
        assert!(err.contains("op") && err.contains("\"two\""), "{err}");
        assert!(Events::<Row>::receive("op", ResponseKind::Events, answer(sse, bad)).is_ok());

        let jsonl = "application/jsonl";
        assert_eq!(
            through::<Lines<Row>>(ResponseKind::JsonLines, jsonl, "{\"n\":1}\n{\"n\":2}\n"),
            Ok(())
        );
        assert!(through::<Lines<Row>>(ResponseKind::JsonLines, jsonl, "{\"n\":1}\n[]\n").is_err());
        // Read whole by `receive`: nothing left.
        assert_eq!(
            through::<Vec<i64>>(ResponseKind::Json, "application/json", "[1, 2]"),
            Ok(())
        );
    }
}
