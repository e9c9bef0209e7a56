//! Server-sent events (`text/event-stream`, the WHATWG HTML standard's
//! "server-sent events"): the parser (lines ended by CRLF, LF or CR,
//! comments, multi-line `data`, `event`, `id`, `retry`, a leading BOM) and
//! [`Events`], a stream of typed [`Event`]s read as the server flushes them.
//! Reconnection with `Last-Event-ID` is opt-in ([`Call::reconnecting`]);
//! the request itself is retried (by the client's policy) only before the
//! first event, as every reconnection is.

use super::build::Target;
use super::call::Call;
use super::decode::Answer;
use super::download::{chunks, Chunks};
use super::error::Error;
use super::execute::execute;
use super::lenient::{self, Lenient};
use super::operation::{Operation, ResponseKind};
use super::receive::Receive;
use super::response::Response;
use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// How long to wait before reconnecting when the server never sent `retry`.
const DEFAULT_RECONNECTION_TIME: Duration = Duration::from_secs(3);

/// One server-sent event, its data decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event's name (`event:`), `message` when the server gave none.
    pub event: String,
    /// The last event id the stream has set (`id:`), which a reconnection
    /// sends back as `Last-Event-ID`; `None` while none is set.
    pub id: Option<String>,
    /// The reconnection time the event set (`retry:`), if it set one.
    pub retry: Option<Duration>,
    /// The data, decoded: the event's `data` lines (joined by line feeds)
    /// read as JSON (or as text when they are not JSON), or, when the
    /// schema describes whole events, the event's fields (`event`, `data`,
    /// `id`, `retry`) read as one object.
    pub data: T,
}

/// An event as text, before decoding.
#[derive(Debug, Clone, PartialEq)]
struct RawEvent {
    event: String,
    data: String,
    id: Option<String>,
    retry: Option<Duration>,
}

/// The event stream parser: bytes in, complete events out.
#[derive(Debug, Default)]
struct Parser {
    /// The bytes of the line not yet ended.
    line: Vec<u8>,
    /// The last chunk ended with CR: a LF starting the next one ends nothing.
    skip_lf: bool,
    /// The first line has been seen (a BOM before it is dropped).
    started: bool,
    event: String,
    data: String,
    last_id: String,
    retry: Option<Duration>,
    /// The latest `retry:` of the stream.
    reconnection_time: Option<Duration>,
    ready: VecDeque<RawEvent>,
}

impl Parser {
    fn feed(&mut self, mut chunk: &[u8]) {
        if self.skip_lf && !chunk.is_empty() {
            self.skip_lf = false;
            if chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
        }
        while let Some(end) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            self.process(&line);
            self.line = line;
            self.line.clear();
            let cr = chunk[end] == b'\r';
            chunk = &chunk[end + 1..];
            if cr {
                match chunk.first() {
                    None => self.skip_lf = true,
                    Some(b'\n') => chunk = &chunk[1..],
                    Some(_) => {}
                }
            }
        }
        self.line.extend_from_slice(chunk);
    }

    /// One line: a blank line dispatches the event, `:` starts a comment.
    fn process(&mut self, mut line: &[u8]) {
        if !self.started {
            self.started = true;
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match field {
            b"event" => self.event = value.into_owned(),
            b"data" => {
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"id" if !value.contains('\0') => self.last_id = value.into_owned(),
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                    self.reconnection_time = self.retry;
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.event);
        let retry = self.retry.take();
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(RawEvent {
            event: if event.is_empty() {
                "message".to_string()
            } else {
                event
            },
            data,
            id: (!self.last_id.is_empty()).then(|| self.last_id.clone()),
            retry,
        });
    }

    /// The stream ended (or broke): an event not ended by a blank line is
    /// dropped, as the standard says; the last id and `retry` stay.
    fn reset(&mut self) {
        self.line.clear();
        self.skip_lf = false;
        self.started = false;
        self.event.clear();
        self.data.clear();
        self.retry = None;
    }
}

/// Sends the request again, with `Last-Event-ID` when an id was set.
type Again<T> = Box<
    dyn Fn(Option<String>) -> BoxFuture<'static, Result<Response<Events<T>>, Error>> + Send + Sync,
>;

struct Reconnect<T> {
    left: u32,
    again: Again<T>,
}

/// Everything the stream reads with, moved into it on the first poll.
struct State<T> {
    op: &'static str,
    /// [`ResponseKind::Events`] or [`ResponseKind::EventObjects`].
    kind: ResponseKind,
    status: StatusCode,
    headers: HeaderMap,
    chunks: Option<Chunks>,
    parser: Parser,
    reconnect: Option<Reconnect<T>>,
    _data: PhantomData<fn() -> T>,
}

/// A stream of server-sent events, each decoded into [`Event<T>`], read as
/// the server flushes them. It ends when the server closes the stream (or
/// sends OpenAI's `data: [DONE]` where `T` would not read it); a broken
/// connection is an error item, after which it ends, unless reconnection
/// was asked for ([`Call::reconnecting`]). A data that does not decode is an
/// error item, and the stream goes on.
pub struct Events<T> {
    state: Option<State<T>>,
    inner: Option<BoxStream<'static, Result<Event<T>, Error>>>,
}

impl<T> fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events")
            .field("started", &self.inner.is_some())
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Events<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(state) = this.state.take() {
            this.inner = Some(stream::unfold(state, State::next).boxed());
        }
        match this.inner.as_mut() {
            Some(inner) => inner.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> Receive for Events<T> {
    const STREAMED: bool = true;

    fn receive(
        op: &'static str,
        kind: ResponseKind,
        mut answer: Answer,
    ) -> Result<Response<Self>, Error> {
        let state = State {
            op,
            kind,
            status: answer.status,
            headers: answer.headers.clone(),
            chunks: Some(chunks(op, &mut answer)),
            parser: Parser::default(),
            reconnect: None,
            _data: PhantomData,
        };
        let events = Events {
            state: Some(state),
            inner: None,
        };
        Ok(Response::new(
            events,
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

/// What one raw event became.
enum Decoded<T> {
    Event(Event<T>),
    /// `data: [DONE]` that `T` does not read: the end of the stream.
    Done,
    Failed(Error),
}

impl<T: DeserializeOwned + Send + 'static> State<T> {
    async fn next(mut self) -> Option<(Result<Event<T>, Error>, Self)> {
        loop {
            if let Some(raw) = self.parser.ready.pop_front() {
                return match self.decode(raw) {
                    Decoded::Event(e) => Some((Ok(e), self)),
                    Decoded::Done => None,
                    Decoded::Failed(e) => Some((Err(e), self)),
                };
            }
            let chunk = self.chunks.as_mut()?.next().await;
            let broken = match chunk {
                Some(Ok(bytes)) => {
                    self.parser.feed(&bytes);
                    continue;
                }
                Some(Err(e)) => Some(e),
                None => None,
            };
            self.chunks = None;
            self.parser.reset();
            match (self.reconnect(broken).await, self.chunks.is_some()) {
                (Err(e), _) => return Some((Err(e), self)),
                (Ok(()), false) => return None,
                (Ok(()), true) => {}
            }
        }
    }

    /// The stream ended or broke (`broken`): reconnect if asked and allowed
    /// (after the reconnection time), else end, with the error if it broke.
    async fn reconnect(&mut self, broken: Option<Error>) -> Result<(), Error> {
        let Some(reconnect) = self.reconnect.as_mut().filter(|r| r.left > 0) else {
            return broken.map_or(Ok(()), Err);
        };
        reconnect.left -= 1;
        let wait = self
            .parser
            .reconnection_time
            .unwrap_or(DEFAULT_RECONNECTION_TIME);
        tokio::time::sleep(wait).await;
        let last_id = (!self.parser.last_id.is_empty()).then(|| self.parser.last_id.clone());
        let response = (reconnect.again)(last_id).await?;
        // 204 No Content: the server says to stop reconnecting.
        if response.status() == StatusCode::NO_CONTENT {
            self.reconnect = None;
            return Ok(());
        }
        let mut events = response.into_data();
        if let Some(state) = events.state.as_mut() {
            self.chunks = state.chunks.take();
        }
        Ok(())
    }

    fn decode(&self, raw: RawEvent) -> Decoded<T> {
        let read = match self.kind {
            ResponseKind::EventObjects => read_object::<T>(&raw),
            _ => read_data::<T>(&raw.data),
        };
        match read {
            Ok(data) => Decoded::Event(Event {
                event: raw.event,
                id: raw.id,
                retry: raw.retry,
                data,
            }),
            Err(_) if raw.data.trim() == "[DONE]" => Decoded::Done,
            Err(e) => Decoded::Failed(Error::decode(
                self.op,
                self.status,
                self.headers.clone(),
                bytes::Bytes::from(raw.data),
                e,
            )),
        }
    }
}

/// The data read as JSON, else as text.
fn read_data<T: DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    lenient::from_slice(data.as_bytes())
        .or_else(|e| T::deserialize(Lenient(Value::String(data.to_string()))).map_err(|_| e))
}

/// The whole event as one object: `event`, `data` (as JSON, else as text),
/// `id` and `retry` (milliseconds) when set.
fn read_object<T: DeserializeOwned>(raw: &RawEvent) -> Result<T, serde_json::Error> {
    let object = |data: Value| {
        let mut map = serde_json::Map::new();
        map.insert("event".into(), Value::String(raw.event.clone()));
        map.insert("data".into(), data);
        if let Some(id) = &raw.id {
            map.insert("id".into(), Value::String(id.clone()));
        }
        if let Some(retry) = raw.retry {
            map.insert("retry".into(), Value::from(retry.as_millis() as u64));
        }
        Value::Object(map)
    };
    let text = || Value::String(raw.data.clone());
    match serde_json::from_str::<Value>(&raw.data) {
        Ok(json) if !json.is_string() => T::deserialize(Lenient(object(json)))
            .or_else(|e| T::deserialize(Lenient(object(text()))).map_err(|_| e)),
        _ => T::deserialize(Lenient(object(text()))),
    }
}

impl<'a, O, T> Call<'a, O>
where
    O: Operation<Output = Events<T>> + Clone + 'static,
    T: DeserializeOwned + Send + 'static,
{
    /// Send the request, and when the event stream ends or breaks,
    /// reconnect up to `max_reconnects` times: after the server's `retry:`
    /// time (3 s when it sent none), sending the last event id as
    /// `Last-Event-ID`, so the server resumes after it. Each reconnection is
    /// retried by the client's policy before its first event, as the first
    /// request is; a 204 answer stops reconnecting.
    pub async fn reconnecting(
        self,
        max_reconnects: u32,
    ) -> Result<Response<Events<T>>, Error<O::Errors>> {
        let client = self.client.clone();
        let operation = self.operation.clone();
        let options = self.options.clone();
        let mut response = self.send().await?;
        let again: Again<T> = Box::new(move |last_id| {
            let client = client.clone();
            let operation = operation.clone();
            let mut options = options.clone();
            if let Some(id) = last_id {
                options.headers.push(("Last-Event-ID".to_string(), id));
            }
            Box::pin(async move {
                execute(&client, &operation, &options, Target::Operation)
                    .await
                    .map_err(Error::untyped)
            })
        });
        if let Some(state) = response.data.state.as_mut() {
            state.reconnect = Some(Reconnect {
                left: max_reconnects,
                again,
            });
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut p = Parser::default();
        for c in chunks {
            p.feed(c);
        }
        p.ready.into_iter().collect()
    }

    fn raw(event: &str, data: &str, id: Option<&str>) -> RawEvent {
        RawEvent {
            event: event.into(),
            data: data.into(),
            id: id.map(str::to_string),
            retry: None,
        }
    }

    #[test]
    fn fields_comments_and_multi_line_data() {
        let events = parse(&[
            b"\xEF\xBB\xBF: a comment\ndata: first\ndata:second\n\n",
            b"event: add\nid: 7\ndata\n\n",
            b"data:  two spaces\nunknown: field\n\n",
        ]);
        assert_eq!(
            events,
            vec![
                raw("message", "first\nsecond", None),
                raw("add", "", Some("7")),
                raw("message", " two spaces", Some("7")),
            ]
        );
    }

    #[test]
    fn line_ends_of_every_kind_split_anywhere() {
        let text: &[u8] = b"data: a\r\n\r\ndata: b\r\rid: x\ndata: c\n\n";
        for cut in 0..text.len() {
            let events = parse(&[&text[..cut], &text[cut..]]);
            assert_eq!(
                events,
                vec![
                    raw("message", "a", None),
                    raw("message", "b", None),
                    raw("message", "c", Some("x"))
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn retry_blank_data_and_unfinished_events() {
        let mut p = Parser::default();
        p.feed(b"retry: 1500\nretry: soon\nevent: ping\n\nid: 3\0\ndata: x\n\ndata: lost");
        let events: Vec<RawEvent> = p.ready.drain(..).collect();
        assert_eq!(events, vec![raw("message", "x", None)]);
        assert_eq!(p.reconnection_time, Some(Duration::from_millis(1500)));
        p.reset();
        p.feed(b"\n");
        assert!(
            p.ready.is_empty(),
            "an event the stream did not end is dropped"
        );
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Delta {
        n: i64,
    }

    #[test]
    fn data_is_read_as_json_or_text() {
        assert_eq!(read_data::<Delta>(r#"{"n": "5"}"#).unwrap(), Delta { n: 5 });
        assert_eq!(read_data::<String>("plain text").unwrap(), "plain text");
        assert!(read_data::<Delta>("[DONE]").is_err());
        let whole = raw("add", r#"{"n": 1}"#, Some("9"));
        let v: Value = read_object(&whole).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"event": "add", "data": {"n": 1}, "id": "9"})
        );
    }
}
