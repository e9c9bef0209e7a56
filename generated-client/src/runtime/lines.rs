//! Sequential JSON bodies as typed item streams ([`Lines`]): JSON Lines and
//! NDJSON (`application/jsonl`, `application/x-ndjson`: one value per
//! line) and JSON text sequences (`application/json-seq`, RFC 7464: each
//! value after a record separator, 0x1E). Items are decoded as they arrive.

use super::decode::{json, Answer};
use super::download::{chunks, Chunks};
use super::error::Error;
use super::kind::ResponseKind;
use super::receive::Receive;
use super::response::Response;
use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The record separator of JSON text sequences.
const RS: u8 = 0x1E;

/// A stream of the items of a sequential JSON body, each decoded into `T`
/// as its line (or record) arrives. Blank lines are skipped; an item that
/// does not decode is an error item (naming where), and the stream goes on;
/// a broken connection is an error item, then the end.
pub struct Lines<T> {
    inner: BoxStream<'static, Result<T, Error>>,
}

impl<T> fmt::Debug for Lines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lines").finish_non_exhaustive()
    }
}

impl<T> Stream for Lines<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct State {
    op: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    separator: u8,
    chunks: Option<Chunks>,
    /// Bytes of records not yet ended; `scanned` of them hold no separator.
    buffer: bytes::BytesMut,
    scanned: usize,
}

impl State {
    /// The next complete record (the rest of the buffer once the body ended).
    async fn record(&mut self) -> Option<Result<bytes::Bytes, Error>> {
        loop {
            let unscanned = &self.buffer[self.scanned..];
            if let Some(at) = unscanned.iter().position(|&b| b == self.separator) {
                let record = self.buffer.split_to(self.scanned + at + 1).freeze();
                self.scanned = 0;
                return Some(Ok(record));
            }
            self.scanned = self.buffer.len();
            let Some(chunks) = self.chunks.as_mut() else {
                self.scanned = 0;
                return (!self.buffer.is_empty()).then(|| Ok(self.buffer.split().freeze()));
            };
            match chunks.next().await {
                Some(Ok(chunk)) => self.buffer.extend_from_slice(&chunk),
                Some(Err(e)) => {
                    self.chunks = None;
                    self.buffer.clear();
                    return Some(Err(e));
                }
                None => self.chunks = None,
            }
        }
    }

    async fn next<T: DeserializeOwned>(mut self) -> Option<(Result<T, Error>, Self)> {
        loop {
            let record = match self.record().await? {
                Ok(record) => record,
                Err(e) => return Some((Err(e), self)),
            };
            let text = trim(&record);
            if text.is_empty() {
                continue;
            }
            let item = json::<T>(text).map_err(|e| {
                let body = record.slice_ref(text);
                Error::decode(self.op, self.status, self.headers.clone(), body, e)
            });
            return Some((item, self));
        }
    }
}

/// A record without its separators and surrounding whitespace.
fn trim(record: &[u8]) -> &[u8] {
    let keep = |b: &u8| !b.is_ascii_whitespace() && *b != RS;
    let start = record.iter().position(keep).unwrap_or(record.len());
    let end = record.iter().rposition(keep).map_or(start, |e| e + 1);
    &record[start..end]
}

impl<T: DeserializeOwned + Send + 'static> Receive for Lines<T> {
    const STREAMED: bool = true;

    fn receive(
        op: &'static str,
        kind: ResponseKind,
        mut answer: Answer,
    ) -> Result<Response<Self>, Error> {
        let state = State {
            op,
            status: answer.status,
            headers: answer.headers.clone(),
            separator: if kind == ResponseKind::JsonSeq {
                RS
            } else {
                b'\n'
            },
            chunks: Some(chunks(op, &mut answer)),
            buffer: bytes::BytesMut::new(),
            scanned: 0,
        };
        let inner = stream::unfold(state, State::next::<T>).boxed();
        Ok(Response::new(
            Lines { inner },
            answer.status,
            answer.headers,
            None,
            None,
            bytes::Bytes::new(),
        ))
    }

    fn read_through(self) -> Result<(), Error> {
        super::receive::read_items(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        n: i64,
    }

    /// Run a future that never waits (its chunks are all there): the
    /// runtime's tests have no executor of their own.
    fn ready<F: std::future::Future>(f: F) -> F::Output {
        super::super::at_once(f).expect("the stream waited on chunks that are all there")
    }

    fn items(kind: ResponseKind, parts: &[&str]) -> Vec<Result<Item, String>> {
        let chunks: Vec<Result<bytes::Bytes, Error>> = parts
            .iter()
            .map(|p| Ok(bytes::Bytes::copy_from_slice(p.as_bytes())))
            .collect();
        let state = State {
            op: "op",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            separator: if kind == ResponseKind::JsonSeq {
                RS
            } else {
                b'\n'
            },
            chunks: Some(stream::iter(chunks).boxed()),
            buffer: bytes::BytesMut::new(),
            scanned: 0,
        };
        ready(
            stream::unfold(state, State::next::<Item>)
                .map(|r| r.map_err(|e| e.to_string()))
                .collect(),
        )
    }

    #[test]
    fn json_lines_split_anywhere_blank_lines_and_a_last_line_without_newline() {
        let got = items(
            ResponseKind::JsonLines,
            &["{\"n\": 1}\r\n\n{\"n\"", ": \"2\"}\n{\"n\": 3}"],
        );
        assert_eq!(
            got,
            vec![Ok(Item { n: 1 }), Ok(Item { n: 2 }), Ok(Item { n: 3 })]
        );
    }

    #[test]
    fn json_seq_and_an_item_that_does_not_decode() {
        let got = items(
            ResponseKind::JsonSeq,
            &["\x1e{\"n\": 1}\n\x1e{\"n\": \"x\"}\n\x1e{\"n\": 4}\n"],
        );
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], Ok(Item { n: 1 }));
        let err = got[1].as_ref().unwrap_err();
        assert!(err.contains("n"), "{err}");
        assert_eq!(got[2], Ok(Item { n: 4 }));
    }
}
