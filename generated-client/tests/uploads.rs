//! Uploads against loopback servers: multipart bodies with files from bytes,
//! from disk and from a stream; a raw binary body; retries that reopen the
//! file; a one-shot stream that is never retried; and a 100 MB upload that
//! must stream with bounded memory.
//!
//! The OnlyFans spec snapshot has no multipart operation, so these tests use
//! `UploadMedia`, written exactly as the generator writes one (see the
//! `bodies.yaml` snapshot: a `Multipart` built field by field in `body()`).
//!
//! How the 100 MB test knows the client never holds the file: the file is
//! written to a temp dir 1 MiB at a time, the process's peak resident memory
//! (`VmHWM` in `/proc/self/status`) is reset through `/proc/self/clear_refs`,
//! the upload runs against a server that checks every byte against the
//! file's pattern *as it arrives*, keeping only counters, and afterwards the
//! peak must have grown by far less than the file (under 40 MiB). Holding
//! the file (in the client or in the server) would add at least 100 MiB.
//! The server also checks the exact byte count, the part headers and that
//! the request carried a `Content-Length` (the length was known up front),
//! not chunked encoding.

mod support;

use onlyfans_api::{Error, ErrorKind, File, Multipart, Operation, RequestBody, ResponseKind};
use std::io::Write;
use std::time::Duration;
use support::{client, MockServer, Recorded, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const API_KEY: &str = "upload-key-555";
const MEDIA_RESPONSE: &str =
    r#"{"data":{"prefixed_id":"ofapi_media_123"},"_meta":{"_credits":{"used":1,"balance":10}}}"#;

/// `POST /api/{account}/media/upload`: `file` and an optional `caption`.
#[derive(Debug, Clone, PartialEq)]
struct UploadMedia {
    account: String,
    file: File,
    caption: Option<String>,
}

impl Operation for UploadMedia {
    type Output = serde_json::Value;
    type Errors = onlyfans_api::Untyped;
    const ID: &'static str = "uploadMedia";
    const METHOD: &'static str = "POST";
    const PATH: &'static str = "/api/{account}/media/upload";
    const RESPONSE: ResponseKind = ResponseKind::Envelope;

    fn path(&self) -> String {
        let mut path = String::from("/api/");
        onlyfans_api::push_path_segment(&mut path, &self.account);
        path.push_str("/media/upload");
        path
    }

    fn body(&self) -> Result<RequestBody, Error> {
        let mut form = Multipart::new();
        form.file("file", &self.file);
        form.text("caption", &self.caption);
        Ok(RequestBody::Multipart(form))
    }
}

/// `PUT /api/raw`: the file as the whole body.
#[derive(Debug, Clone, PartialEq)]
struct PutRaw(File);

impl Operation for PutRaw {
    type Output = ();
    type Errors = onlyfans_api::Untyped;
    const ID: &'static str = "putRaw";
    const METHOD: &'static str = "PUT";
    const PATH: &'static str = "/api/raw";
    const RESPONSE: ResponseKind = ResponseKind::Empty;

    fn path(&self) -> String {
        "/api/raw".into()
    }

    fn body(&self) -> Result<RequestBody, Error> {
        RequestBody::bytes(&self.0)
    }
}

fn upload(file: File, caption: Option<&str>) -> UploadMedia {
    UploadMedia {
        account: "acct_1".into(),
        file,
        caption: caption.map(str::to_string),
    }
}

async fn bounded<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(120), f)
        .await
        .expect("finishes in time")
}

/// One part of a recorded multipart body.
#[derive(Debug)]
struct Part {
    headers: String,
    body: Vec<u8>,
}

/// Split a recorded `multipart/form-data` request into its parts.
fn parts(req: &Recorded) -> Vec<Part> {
    let ct = req.header("content-type").expect("a content type");
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {ct}"));
    let delimiter = format!("--{boundary}");
    let body = &req.body;
    let mut out = Vec::new();
    let positions: Vec<usize> = body
        .windows(delimiter.len())
        .enumerate()
        .filter(|(_, w)| *w == delimiter.as_bytes())
        .map(|(i, _)| i)
        .collect();
    for pair in positions.windows(2) {
        let chunk = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = chunk
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("part headers end");
        out.push(Part {
            headers: String::from_utf8_lossy(&chunk[..split]).into_owned(),
            body: chunk[split + 4..].to_vec(),
        });
    }
    let last = *positions.last().unwrap();
    assert_eq!(
        &body[last + delimiter.len()..],
        b"--\r\n",
        "closing delimiter"
    );
    out
}

/// A temp file with `len` bytes of a known pattern.
fn temp_file(dir: &tempfile::TempDir, name: &str, len: usize) -> std::path::PathBuf {
    let path = dir.path().join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut written = 0;
    while written < len {
        let n = (len - written).min(1 << 20);
        // The pattern repeats every 251 bytes; 1 MiB is not a multiple, so
        // take each chunk from the right phase.
        let start = written % 251;
        f.write_all(&pattern(start, n)).unwrap();
        written += n;
    }
    f.flush().unwrap();
    path
}

/// `len` bytes of the pattern `byte i = i mod 251`, starting at `start`.
fn pattern(start: usize, len: usize) -> Vec<u8> {
    (start..start + len).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn a_file_from_disk_is_sent_as_a_file_part_with_its_name_type_and_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "clip.mp4", 300_000);
    let server = MockServer::start([Reply::json(200, MEDIA_RESPONSE)]).await;

    let file = File::from_path(&path).content_type("video/mp4");
    let resp = bounded(
        client(server.url(), API_KEY)
            .call(upload(file, Some("hello")))
            .send(),
    )
    .await
    .expect("uploaded");

    assert_eq!(resp.data["prefixed_id"], "ofapi_media_123");
    assert_eq!(resp.meta().credits.as_ref().unwrap().used, Some(1.0));
    let req = server.only_request();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/api/acct_1/media/upload");
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    assert_eq!(
        req.header("content-length"),
        Some(req.body.len().to_string().as_str()),
        "the length is known up front"
    );
    assert_eq!(req.header("transfer-encoding"), None);
    let parts = parts(&req);
    assert_eq!(parts.len(), 2);
    assert!(
        parts[0]
            .headers
            .contains(r#"Content-Disposition: form-data; name="file"; filename="clip.mp4""#),
        "{}",
        parts[0].headers
    );
    assert!(parts[0].headers.contains("Content-Type: video/mp4"));
    assert_eq!(parts[0].body, pattern(0, 300_000), "every byte, in order");
    assert!(parts[1]
        .headers
        .contains(r#"Content-Disposition: form-data; name="caption""#));
    assert_eq!(parts[1].body, b"hello");
}

#[tokio::test]
async fn bytes_upload_and_an_absent_caption_sends_no_part() {
    let server = MockServer::start([Reply::json(200, MEDIA_RESPONSE)]).await;

    bounded(
        client(server.url(), API_KEY)
            .call(upload(File::from_bytes("a.txt", "tiny"), None))
            .send(),
    )
    .await
    .expect("uploaded");

    let parts = parts(&server.only_request());
    assert_eq!(parts.len(), 1, "no caption part");
    assert!(parts[0].headers.contains(r#"filename="a.txt""#));
    assert!(
        !parts[0].headers.contains("Content-Type"),
        "no type was set: {}",
        parts[0].headers
    );
    assert_eq!(parts[0].body, b"tiny");
}

#[tokio::test]
async fn a_stream_of_unknown_length_is_sent_chunked() {
    let server = MockServer::start([Reply::json(200, MEDIA_RESPONSE)]).await;
    let chunks = (0..10).map(|i| Ok::<_, std::io::Error>(vec![b'a' + i as u8; 1000]));
    let file = File::from_stream("s.bin", futures_util::stream::iter(chunks), None);

    bounded(
        client(server.url(), API_KEY)
            .call(upload(file, None))
            .send(),
    )
    .await
    .expect("uploaded");

    let req = server.only_request();
    assert_eq!(req.header("transfer-encoding"), Some("chunked"));
    let parts = parts(&req);
    assert_eq!(parts[0].body.len(), 10_000);
    assert_eq!(&parts[0].body[..3], b"aaa");
    assert_eq!(&parts[0].body[9_997..], b"jjj");
}

#[tokio::test]
async fn a_retried_upload_reopens_the_file_and_sends_it_whole_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "again.bin", 200_000);
    let server = MockServer::start([Reply::status(503), Reply::json(200, MEDIA_RESPONSE)]).await;

    let resp = bounded(
        client(server.url(), API_KEY)
            .call(upload(File::from_path(&path), Some("c")))
            .with_retry_non_idempotent(true)
            .send(),
    )
    .await
    .expect("the retry succeeds");

    assert_eq!(resp.attempts(), 2);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for req in &reqs {
        assert_eq!(parts(req)[0].body, pattern(0, 200_000));
    }
}

#[tokio::test]
async fn a_post_is_not_retried_unless_the_call_opts_in() {
    let server = MockServer::start([Reply::status(503), Reply::json(200, MEDIA_RESPONSE)]).await;

    let err = bounded(
        client(server.url(), API_KEY)
            .call(upload(File::from_bytes("a.txt", "a"), None))
            .send(),
    )
    .await
    .expect_err("a POST is not repeated by default");

    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_one_shot_stream_is_not_retried_even_when_opted_in() {
    let server = MockServer::start([Reply::status(503), Reply::json(200, MEDIA_RESPONSE)]).await;
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(vec![7_u8; 100])]);
    let file = File::from_stream("once.bin", chunks, Some(100));

    let err = bounded(
        client(server.url(), API_KEY)
            .call(upload(file, None))
            .with_retry_non_idempotent(true)
            .send(),
    )
    .await
    .expect_err("the stream cannot be sent twice");

    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_missing_file_fails_before_anything_is_sent() {
    let server = MockServer::start([]).await;
    let file = File::from_path("/definitely/not/here.mp4");

    let err = bounded(
        client(server.url(), API_KEY)
            .call(upload(file, None))
            .send(),
    )
    .await
    .expect_err("no such file");

    assert_eq!(err.kind(), ErrorKind::Request);
    assert!(
        err.to_string().contains("/definitely/not/here.mp4"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some(), "the I/O error");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_raw_binary_body_streams_the_file_with_its_type_and_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "raw.bin", 70_000);
    let server = MockServer::start([Reply::status(204)]).await;

    bounded(
        client(server.url(), API_KEY)
            .call(PutRaw(File::from_path(&path).content_type("image/png")))
            .send(),
    )
    .await
    .expect("sent");

    let req = server.only_request();
    assert_eq!(req.method, "PUT");
    assert_eq!(req.header("content-type"), Some("image/png"));
    assert_eq!(req.header("content-length"), Some("70000"));
    assert_eq!(req.body, pattern(0, 70_000));
}

// ---------------------------------------------------------------------------
// 100 MB with bounded memory

/// Peak resident memory of this process in KiB, or `None` off Linux.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reset the peak to the current resident size (Linux ≥ 4.0); false when not possible.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// What the streaming server saw.
#[derive(Debug, Default)]
struct Seen {
    content_length: Option<u64>,
    chunked: bool,
    part_headers: String,
    file_bytes: u64,
    mismatches: u64,
    trailer: Vec<u8>,
    total: u64,
}

/// A server for one multipart upload that checks the file part against the
/// pattern as bytes arrive and keeps none of them.
async fn streaming_server(file_len: u64) -> (String, tokio::task::JoinHandle<Seen>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut seen = Seen::default();
        let mut buf = vec![0_u8; 64 * 1024];
        // Request head.
        let mut head = Vec::new();
        let head_end = loop {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed inside the head");
            head.extend_from_slice(&buf[..n]);
            if let Some(i) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head_text = String::from_utf8_lossy(&head[..head_end]).to_ascii_lowercase();
        for line in head_text.lines() {
            if let Some(v) = line.strip_prefix("content-length:") {
                seen.content_length = v.trim().parse().ok();
            }
            if line.starts_with("transfer-encoding:") && line.contains("chunked") {
                seen.chunked = true;
            }
        }
        let expected = seen.content_length.expect("a content-length");
        let pat = pattern(0, 251 + buf.len());
        // Body: part headers (kept, small), file bytes (checked, dropped), the rest.
        let mut pending = head[head_end..].to_vec();
        let mut part_head = Vec::new();
        let mut in_file = false;
        loop {
            if !pending.is_empty() {
                seen.total += pending.len() as u64;
                let mut data = &pending[..];
                if !in_file {
                    part_head.extend_from_slice(data);
                    if let Some(i) = part_head.windows(4).position(|w| w == b"\r\n\r\n") {
                        let extra = part_head.len() - (i + 4);
                        data = &data[data.len() - extra..];
                        part_head.truncate(i + 4);
                        seen.part_headers = String::from_utf8_lossy(&part_head).into_owned();
                        in_file = true;
                    } else {
                        assert!(part_head.len() < 4096, "part headers too long");
                        data = &[];
                    }
                }
                if in_file {
                    let left = file_len - seen.file_bytes;
                    let take = (data.len() as u64).min(left) as usize;
                    let phase = (seen.file_bytes % 251) as usize;
                    if data[..take] != pat[phase..phase + take] {
                        seen.mismatches += 1;
                    }
                    seen.file_bytes += take as u64;
                    seen.trailer.extend_from_slice(&data[take..]);
                    assert!(seen.trailer.len() < 4096, "trailer too long");
                }
                pending.clear();
            }
            if seen.total >= expected {
                break;
            }
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed inside the body after {} bytes", seen.total);
            pending.extend_from_slice(&buf[..n]);
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{MEDIA_RESPONSE}",
            MEDIA_RESPONSE.len()
        );
        stream.write_all(reply.as_bytes()).await.unwrap();
        stream.shutdown().await.ok();
        seen
    });
    (url, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_upload_streams_with_bounded_memory() {
    const LEN: usize = 100 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "big.bin", LEN);
    let (url, server) = streaming_server(LEN as u64).await;
    let client = client(&url, API_KEY);

    let reset = reset_peak_rss();
    let before = peak_rss_kib();
    let resp = bounded(
        client
            .call(upload(
                File::from_path(&path).content_type("application/octet-stream"),
                Some("big one"),
            ))
            .with_timeout(Duration::from_secs(100))
            .send(),
    )
    .await
    .expect("uploaded");
    let after = peak_rss_kib();
    let seen = server.await.unwrap();

    assert_eq!(resp.data["prefixed_id"], "ofapi_media_123");
    assert!(!seen.chunked, "sent with a Content-Length");
    assert_eq!(seen.content_length, Some(seen.total));
    assert!(
        seen.part_headers
            .contains(r#"name="file"; filename="big.bin""#),
        "{}",
        seen.part_headers
    );
    assert_eq!(seen.file_bytes, LEN as u64, "every byte arrived");
    assert_eq!(seen.mismatches, 0, "in order and unchanged");
    let trailer = String::from_utf8_lossy(&seen.trailer);
    assert!(trailer.contains(r#"name="caption""#), "{trailer}");
    assert!(trailer.contains("big one"), "{trailer}");
    assert!(trailer.ends_with("--\r\n"), "{trailer}");

    match (before, after) {
        (Some(before), Some(after)) => {
            let grew_mib = after.saturating_sub(before) / 1024;
            eprintln!("peak RSS grew by {grew_mib} MiB (peak reset: {reset})");
            assert!(
                grew_mib < 40,
                "uploading 100 MiB raised peak memory by {grew_mib} MiB: the file was buffered"
            );
        }
        _ => eprintln!("no /proc/self/status: memory bound not measured"),
    }
}
