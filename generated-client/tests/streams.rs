//! Streamed responses against a loopback server the test runs: server-sent
//! events arrive as the server flushes them (the server waits for the
//! client to have seen one event before it sends the next), reconnection
//! resumes from the last event id, JSON Lines items are typed as they come,
//! downloads are written out chunk by chunk.
//!
//! The server here writes its answers piece by piece on a raw socket
//! (close-delimited HTTP/1.1 bodies), which the scripted server of
//! `support` cannot do.

mod support;

use futures_util::StreamExt;
use onlyfans_api::{Download, Event, Events, Lines, Operation, ResponseKind, Streaming};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct Tick {
    n: i64,
}

#[derive(Debug, Clone, PartialEq)]
struct WatchTicks;

impl Operation for WatchTicks {
    type Errors = onlyfans_api::Untyped;
    type Output = Events<Tick>;
    const ID: &'static str = "watchTicks";
    const METHOD: &'static str = "GET";
    const PATH: &'static str = "/ticks";
    const RESPONSE: ResponseKind = ResponseKind::Events;
    fn path(&self) -> String {
        "/ticks".into()
    }
}

/// JSON by default, server-sent events when asked (OpenAI's `stream: true`).
#[derive(Debug, Clone, PartialEq)]
struct Complete;

impl Operation for Complete {
    type Errors = onlyfans_api::Untyped;
    type Output = Tick;
    const ID: &'static str = "complete";
    const METHOD: &'static str = "POST";
    const PATH: &'static str = "/complete";
    const RESPONSE: ResponseKind = ResponseKind::Json;
    fn path(&self) -> String {
        "/complete".into()
    }
}

impl Streaming for Complete {
    type Stream = Events<Tick>;
    const STREAM: ResponseKind = ResponseKind::Events;
    const MEDIA: &'static str = "text/event-stream";
}

/// A whole event described by its schema: `event` says what `data` is.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct JobEvent {
    event: String,
    data: serde_json::Value,
    id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct WatchJob;

impl Operation for WatchJob {
    type Errors = onlyfans_api::Untyped;
    type Output = Events<JobEvent>;
    const ID: &'static str = "watchJob";
    const METHOD: &'static str = "GET";
    const PATH: &'static str = "/job";
    const RESPONSE: ResponseKind = ResponseKind::EventObjects;
    fn path(&self) -> String {
        "/job".into()
    }
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
struct LogLine {
    level: String,
    message: String,
}

#[derive(Debug, Clone, PartialEq)]
struct ExportLogs;

impl Operation for ExportLogs {
    type Errors = onlyfans_api::Untyped;
    type Output = Lines<LogLine>;
    const ID: &'static str = "exportLogs";
    const METHOD: &'static str = "GET";
    const PATH: &'static str = "/logs";
    const RESPONSE: ResponseKind = ResponseKind::JsonLines;
    fn path(&self) -> String {
        "/logs".into()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct DownloadFile;

impl Operation for DownloadFile {
    type Errors = onlyfans_api::Untyped;
    type Output = Download;
    const ID: &'static str = "downloadFile";
    const METHOD: &'static str = "GET";
    const PATH: &'static str = "/file";
    const RESPONSE: ResponseKind = ResponseKind::Bytes;
    fn path(&self) -> String {
        "/file".into()
    }
}

/// One connection as the server sees it: the request head (lower-cased
/// header names), and the socket to answer on.
struct Exchange {
    head: String,
    socket: TcpStream,
}

impl Exchange {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    /// `200` with `content_type`, the body delimited by closing.
    async fn start(&mut self, content_type: &str) {
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n");
        self.socket.write_all(head.as_bytes()).await.unwrap();
    }

    async fn send(&mut self, text: &[u8]) {
        self.socket.write_all(text).await.unwrap();
        self.socket.flush().await.unwrap();
    }
}

/// A loopback server handing each connection (its request head read) to the test.
async fn server() -> (String, mpsc::UnboundedReceiver<Exchange>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            if tx.send(Exchange { head, socket }).is_err() {
                break;
            }
        }
    });
    (url, rx)
}

async fn within<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("the stream answered in time")
}

#[tokio::test]
async fn events_arrive_as_the_server_flushes_them() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel::<()>();
    let server = tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        assert_eq!(c.header("accept").as_deref(), Some("application/json"));
        c.start("text/event-stream").await;
        c.send(b": keep-alive comment\n\nid: 1\ndata: {\"n\":\n")
            .await;
        c.send(b"data:  1}\n\n").await;
        // Event 2 is only sent once the client has seen event 1.
        seen_rx.recv().await.expect("the client saw event 1");
        c.send(b"event: tick\r\nid: 2\r\nretry: 250\r\ndata: {\"n\": \"2\"}\r\n\r\n")
            .await;
        c.send(b"data: [DONE]\n\n").await;
    });
    let response = within(client.call(WatchTicks).send()).await.unwrap();
    assert_eq!(response.status(), 200);
    let mut events = response.into_data();
    let first = within(events.next()).await.unwrap().unwrap();
    assert_eq!(
        first,
        Event {
            event: "message".into(),
            id: Some("1".into()),
            retry: None,
            data: Tick { n: 1 }
        }
    );
    seen_tx.send(()).unwrap();
    let second = within(events.next()).await.unwrap().unwrap();
    assert_eq!(
        (
            second.event.as_str(),
            second.id.as_deref(),
            second.retry,
            second.data
        ),
        (
            "tick",
            Some("2"),
            Some(Duration::from_millis(250)),
            Tick { n: 2 }
        )
    );
    // `data: [DONE]` (OpenAI's end marker), which `Tick` does not read, ends it.
    assert!(within(events.next()).await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn reconnection_resumes_from_the_last_event_id() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    let server = tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        assert_eq!(c.header("last-event-id"), None);
        c.start("text/event-stream").await;
        c.send(b"retry: 10\nid: 41\ndata: {\"n\": 41}\n\ndata: {\"n\": 0, \"cut\": ")
            .await;
        drop(c); // the connection breaks mid-event
        let mut c = conns.recv().await.unwrap();
        let resumed = c.header("last-event-id");
        c.start("text/event-stream").await;
        c.send(b"id: 42\ndata: {\"n\": 42}\n\n").await;
        resumed
    });
    let response = within(client.call(WatchTicks).reconnecting(1))
        .await
        .unwrap();
    let events: Vec<_> = within(response.into_data().collect::<Vec<_>>()).await;
    let got: Vec<(Option<String>, i64)> = events
        .into_iter()
        .map(|e| e.map(|e| (e.id, e.data.n)).unwrap())
        .collect();
    assert_eq!(got, vec![(Some("41".into()), 41), (Some("42".into()), 42)]);
    assert_eq!(server.await.unwrap().as_deref(), Some("41"));
}

#[tokio::test]
async fn without_reconnection_a_broken_stream_ends_after_its_events() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        c.start("text/event-stream").await;
        c.send(b"data: {\"n\": 1}\n\ndata: {\"n\": 2").await;
    });
    let response = within(client.call(WatchTicks).send()).await.unwrap();
    let events: Vec<_> = within(response.into_data().collect::<Vec<_>>()).await;
    let ns: Vec<i64> = events.into_iter().map(|e| e.unwrap().data.n).collect();
    assert_eq!(ns, vec![1], "an event the stream did not end is dropped");
}

#[tokio::test]
async fn whole_events_are_read_as_one_object_chosen_by_name() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        c.start("text/event-stream").await;
        c.send(b"event: progress\nid: a\ndata: {\"percent\": 50}\n\n")
            .await;
        c.send(b"event: done\ndata: finished\ndata: well\n\n").await;
    });
    let response = within(client.call(WatchJob).send()).await.unwrap();
    let events: Vec<JobEvent> = within(response.into_data().collect::<Vec<_>>())
        .await
        .into_iter()
        .map(|e| e.unwrap().data)
        .collect();
    assert_eq!(
        events,
        vec![
            JobEvent {
                event: "progress".into(),
                data: serde_json::json!({"percent": 50}),
                id: Some("a".into())
            },
            JobEvent {
                event: "done".into(),
                data: serde_json::json!("finished\nwell"),
                id: Some("a".into())
            },
        ]
    );
}

#[tokio::test]
async fn json_lines_are_typed_as_they_arrive() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel::<()>();
    tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        c.start("application/x-ndjson").await;
        c.send(b"{\"level\": \"info\", \"message\": \"one\"}\n{\"level\": \"warn\",")
            .await;
        seen_rx.recv().await.unwrap();
        c.send(b" \"message\": \"two\"}\n\n{\"level\": 3}\n{\"level\": \"error\", \"message\": \"four\"}").await;
    });
    let response = within(client.call(ExportLogs).send()).await.unwrap();
    let mut lines = response.into_data();
    let one = within(lines.next()).await.unwrap().unwrap();
    assert_eq!(one.message, "one");
    seen_tx.send(()).unwrap();
    let two = within(lines.next()).await.unwrap().unwrap();
    assert_eq!((two.level.as_str(), two.message.as_str()), ("warn", "two"));
    let bad = within(lines.next()).await.unwrap().unwrap_err();
    assert_eq!(bad.kind(), onlyfans_api::ErrorKind::Decode);
    assert_eq!(bad.body(), Some(&b"{\"level\": 3}"[..]));
    let four = within(lines.next()).await.unwrap().unwrap();
    assert_eq!(four.message, "four");
    assert!(within(lines.next()).await.is_none());
}

#[tokio::test]
async fn a_download_is_written_to_a_file_chunk_by_chunk() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    let sent = Arc::new(Mutex::new(Vec::new()));
    let record = sent.clone();
    tokio::spawn(async move {
        for _ in 0..2 {
            let mut c = conns.recv().await.unwrap();
            c.start("application/octet-stream").await;
            for i in 0..64u32 {
                let chunk: Vec<u8> = (0..4096u32).map(|j| ((i * 31 + j) % 251) as u8).collect();
                c.send(&chunk).await;
                record.lock().unwrap().extend_from_slice(&chunk);
            }
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.bin");
    let response = within(client.call(DownloadFile).send()).await.unwrap();
    let written = within(response.into_data().save(&path)).await.unwrap();
    assert_eq!(written, 64 * 4096);
    let first = sent.lock().unwrap()[..64 * 4096].to_vec();
    assert_eq!(std::fs::read(&path).unwrap(), first);
    let response = within(client.call(DownloadFile).send()).await.unwrap();
    let bytes = within(response.into_data().bytes()).await.unwrap();
    assert_eq!(bytes.len(), 64 * 4096);
}

#[tokio::test]
async fn a_failed_stream_request_is_an_error_with_its_body() {
    let (url, mut conns) = server().await;
    let client = support::client_builder(&url, "key")
        .max_retries(0)
        .build()
        .unwrap();
    tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        c.send(b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 24\r\nconnection: close\r\n\r\n{\"message\": \"No ticks\"}\n").await;
    });
    let err = within(client.call(WatchTicks).send()).await.unwrap_err();
    assert_eq!(err.kind(), onlyfans_api::ErrorKind::NotFound);
    assert_eq!(err.message(), Some("No ticks"));
}

#[tokio::test]
async fn streamed_asks_for_the_stream_and_returns_it() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    let server = tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        let accept = c.header("accept");
        c.start("text/event-stream").await;
        c.send(b"data: {\"n\": 7}\n\n").await;
        accept
    });
    let response = within(client.call(Complete).streamed().send())
        .await
        .unwrap();
    let events: Vec<_> = within(response.into_data().collect::<Vec<_>>()).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].as_ref().unwrap().data, Tick { n: 7 });
    assert_eq!(server.await.unwrap().as_deref(), Some("text/event-stream"));
}

#[tokio::test]
async fn a_stream_request_is_retried_before_its_first_event() {
    let (url, mut conns) = server().await;
    let client = support::client(&url, "key");
    tokio::spawn(async move {
        let mut c = conns.recv().await.unwrap();
        c.send(
            b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        )
        .await;
        drop(c);
        let mut c = conns.recv().await.unwrap();
        c.start("text/event-stream").await;
        c.send(b"data: {\"n\": 1}\n\n").await;
    });
    let response = within(client.call(WatchTicks).send()).await.unwrap();
    assert_eq!(response.attempts(), 2);
    let events: Vec<_> = within(response.into_data().collect::<Vec<_>>()).await;
    assert_eq!(events.len(), 1);
}
