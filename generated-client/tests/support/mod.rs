//! A small HTTP/1.1 mock server on loopback for the integration tests.
//!
//! [`MockServer::start`] binds `127.0.0.1:0`, records every request it reads
//! ([`Recorded`]: method, raw path, raw query and its decoded pairs in order,
//! lower-cased headers, body bytes) and answers each one with the next
//! scripted [`Reply`]. [`MockServer::with_responder`] takes a closure instead
//! of a script, for tests that answer by looking at the request.
//!
//! A reply is an HTTP response, or a fault: [`Reply::reset`] (TCP reset
//! without answering), [`Reply::hang_up`] (clean close without answering);
//! any of them can wait first ([`Reply::after`]) to play a slow server.
//!
//! Connections are kept alive (the client pools them) unless the client sends
//! `Connection: close` or the reply asks to close ([`Reply::close`]). When the
//! script runs out, the server answers 599 with a body saying so, which makes
//! an unexpected extra request fail loudly instead of hanging.
//!
//! [`client`] (or [`client_builder`], to change more) is the client every
//! test starts from.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use onlyfans_api::{Client, ClientBuilder};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A builder for the client a test uses: this base URL (a [`MockServer::url`]),
/// this API key, and the default retry policy except for millisecond
/// backoff (1 to 5 ms), so that tests which retry stay fast. Tests that
/// pin one exchange set `.max_retries(0)`.
pub fn client_builder(base_url: &str, api_key: &str) -> ClientBuilder {
    Client::builder()
        .api_key(api_key)
        .base_url(base_url)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// The client a test uses: [`client_builder`], built.
pub fn client(base_url: &str, api_key: &str) -> Client {
    client_builder(base_url, api_key)
        .build()
        .expect("the test client builds")
}

/// A request as the server read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// The path exactly as sent (still percent-encoded), without the query.
    pub path: String,
    /// The query string exactly as sent, without `?`; `None` when the target had no `?`.
    pub raw_query: Option<String>,
    /// `raw_query` decoded as `application/x-www-form-urlencoded`, in order.
    pub query: Vec<(String, String)>,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header (name in any case).
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The query pairs as `&str`s, for comparing with a literal.
    pub fn query_pairs(&self) -> Vec<(&str, &str)> {
        self.query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// The body parsed as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "request body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Wait this long before acting (a slow server).
    pub delay: Option<Duration>,
    pub action: Action,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// Answer with this response.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        /// Send `connection: close` and close after the response.
        close: bool,
    },
    /// Abort the connection with a TCP reset (RST), without answering.
    Reset,
    /// Close the connection cleanly (FIN), without answering.
    HangUp,
}

impl Reply {
    fn respond(status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Self {
        let headers = content_type
            .map(|ct| vec![("content-type".to_string(), ct.to_string())])
            .unwrap_or_default();
        Reply {
            delay: None,
            action: Action::Respond {
                status,
                headers,
                body: body.into(),
                close: false,
            },
        }
    }

    /// A response with an `application/json` body.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::respond(status, Some("application/json"), body)
    }

    /// A response with a body of this content type.
    pub fn body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::respond(status, Some(content_type), body)
    }

    /// A response with no body.
    pub fn status(status: u16) -> Self {
        Self::respond(status, None, Vec::new())
    }

    /// Reset the connection instead of answering.
    pub fn reset() -> Self {
        Reply {
            delay: None,
            action: Action::Reset,
        }
    }

    /// Close the connection instead of answering.
    pub fn hang_up() -> Self {
        Reply {
            delay: None,
            action: Action::HangUp,
        }
    }

    /// Add a response header (panics on a fault reply).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match &mut self.action {
            Action::Respond { headers, .. } => headers.push((name.to_string(), value.to_string())),
            other => panic!("cannot add a header to {other:?}"),
        }
        self
    }

    /// Close the connection after this response.
    pub fn close(mut self) -> Self {
        match &mut self.action {
            Action::Respond { close, .. } => *close = true,
            other => panic!("cannot close after {other:?}: it closes anyway"),
        }
        self
    }

    /// Wait this long before acting.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

type Responder = dyn Fn(&Recorded) -> Reply + Send + Sync;

struct Shared {
    requests: Mutex<Vec<Recorded>>,
    responder: Box<Responder>,
}

/// A running mock server; it stops with the test's runtime.
pub struct MockServer {
    url: String,
    shared: Arc<Shared>,
}

impl MockServer {
    /// Answer the requests, in arrival order, with these replies.
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> Self {
        let script = Mutex::new(replies.into_iter().collect::<VecDeque<_>>());
        Self::with_responder(move |req| {
            script.lock().unwrap().pop_front().unwrap_or_else(|| {
                Reply::body(
                    599,
                    "text/plain",
                    format!(
                        "mock server: no scripted reply left for {} {}",
                        req.method, req.path
                    ),
                )
            })
        })
        .await
    }

    /// Answer every request with what this closure returns.
    pub async fn with_responder(
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            requests: Mutex::new(Vec::new()),
            responder: Box::new(responder),
        });
        let accept = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = accept.clone();
                tokio::spawn(async move {
                    // A client that goes away mid-exchange is not the server's problem.
                    let _ = serve(stream, shared).await;
                });
            }
        });
        MockServer {
            url: format!("http://{addr}"),
            shared,
        }
    }

    /// `http://127.0.0.1:<port>`, for `ClientBuilder::base_url`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The one request received (panics unless there was exactly one).
    pub fn only_request(&self) -> Recorded {
        let mut all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
        all.remove(0)
    }
}

/// Serve one connection: read a request, record it, reply, repeat.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        let Some(req) = read_request(&mut stream, &mut buf).await? else {
            return Ok(());
        };
        let client_closes = req
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        shared.requests.lock().unwrap().push(req.clone());
        let reply = (shared.responder)(&req);
        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        match reply.action {
            Action::Reset => {
                stream.set_zero_linger()?;
                return Ok(());
            }
            Action::HangUp => {
                stream.shutdown().await?;
                return Ok(());
            }
            Action::Respond {
                status,
                headers,
                body,
                close,
            } => {
                let close = close || client_closes;
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (k, v) in &headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str(&format!("content-length: {}\r\n", body.len()));
                if close {
                    head.push_str("connection: close\r\n");
                }
                head.push_str("\r\n");
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
                stream.flush().await?;
                if close {
                    stream.shutdown().await?;
                    return Ok(());
                }
            }
        }
    }
}

/// Read more bytes into `buf`; false at end of stream.
async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut chunk = [0_u8; 8192];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn bad(message: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.into())
}

/// Read one request; `None` when the client closed the connection between requests.
async fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Recorded>> {
    let head_end = loop {
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i;
        }
        if !fill(stream, buf).await? {
            return if buf.is_empty() {
                Ok(None)
            } else {
                Err(bad("connection closed inside a request head"))
            };
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).map_err(|_| bad("head not UTF-8"))?;
    buf.drain(..head_end + 4);

    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, target) = match (parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(_version)) => (m.to_string(), t.to_string()),
        _ => return Err(bad(format!("bad request line {request_line:?}"))),
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let (path, raw_query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target, None),
    };
    let query = match &raw_query {
        Some(q) => serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .map_err(|e| bad(format!("query {q:?} does not decode: {e}")))?,
        None => Vec::new(),
    };
    let mut req = Recorded {
        method,
        path,
        raw_query,
        query,
        headers,
        body: Vec::new(),
    };

    let chunked = req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        req.body = read_chunked(stream, buf).await?;
    } else if let Some(len) = req.header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| bad(format!("bad content-length {len:?}")))?;
        while buf.len() < len {
            if !fill(stream, buf).await? {
                return Err(bad("connection closed inside a request body"));
            }
        }
        req.body = buf.drain(..len).collect();
    }
    Ok(Some(req))
}

/// A `Transfer-Encoding: chunked` body (trailers are read and dropped).
async fn read_chunked(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(i) = find(buf, b"\r\n") {
                break i;
            }
            if !fill(stream, buf).await? {
                return Err(bad("connection closed inside a chunk size"));
            }
        };
        let line = String::from_utf8_lossy(&buf[..line_end]).into_owned();
        buf.drain(..line_end + 2);
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| bad(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            // Trailers, then an empty line.
            loop {
                let end = loop {
                    if let Some(i) = find(buf, b"\r\n") {
                        break i;
                    }
                    if !fill(stream, buf).await? {
                        return Err(bad("connection closed inside chunk trailers"));
                    }
                };
                buf.drain(..end + 2);
                if end == 0 {
                    return Ok(body);
                }
            }
        }
        while buf.len() < size + 2 {
            if !fill(stream, buf).await? {
                return Err(bad("connection closed inside a chunk"));
            }
        }
        body.extend(buf.drain(..size));
        buf.drain(..2);
    }
}

/// Reason phrases (clients ignore them, but a reader of a trace does not).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Mock",
    }
}
