//! The retry loop: send a request until it succeeds, fails for good, or the
//! retries or the retry time budget run out (when to retry and how long to
//! wait is [`RetryPolicy`](super::RetryPolicy)'s to say), one `tracing` span
//! per attempt, the client's hooks around each attempt (`hooks.rs`), one
//! idempotency key for all of them (`idempotency.rs`); then decode the
//! answer.
//!
//! Only [`execute`] and [`execute_erased`] are generic, and thinly: they
//! hand the operation to the loop as `&dyn Erased` and decode what comes
//! back, so the loop, the request building and the sending are compiled
//! once for all operations.

use super::build::{build, RequestOptions, Target};
use super::client::Client;
use super::decode::Answer;
use super::error::Error;
use super::hooks::{self, Answered, Attempt, Outcome};
use super::idempotency::{self, Key};
use super::operation::{Erased, Operation, ResponseKind};
use super::receive::Receive;
use super::response::Response;
use super::retry::is_idempotent;
use std::future::Future;
use std::time::Duration;
use tracing::Instrument;

/// Send `operation` (retrying as the client's policy and `options` say) and
/// decode the answer.
///
/// Not an `async fn` of its own: the future is [`execute_erased`]'s, one
/// level less to move (call futures are moved, i.e. copied, into the
/// future of each caller).
pub(crate) fn execute<'a, O: Operation>(
    client: &'a Client,
    operation: &'a O,
    options: &'a RequestOptions,
    target: Target<'a>,
) -> impl Future<Output = Result<Response<O::Output>, Error<O::Errors>>> + Send + 'a {
    execute_erased(client, operation, O::RESPONSE, options, target)
}

/// [`execute`] for any operation seen as `&dyn Erased` (a raw call, say),
/// its answer decoded as `kind` says.
pub(crate) async fn execute_erased<T: Receive, E>(
    client: &Client,
    op: &dyn Erased,
    kind: ResponseKind,
    options: &RequestOptions,
    target: Target<'_>,
) -> Result<Response<T>, Error<E>> {
    let (answer, attempts) = send(client, op, options, target)
        .await
        .map_err(Error::typed)?;
    match T::receive(op.id(), kind, answer) {
        Ok(response) => Ok(response.with_attempts(attempts)),
        Err(err) => Err(err.with_attempts(attempts).typed()),
    }
}

/// What stays the same over the attempts of one call.
struct Plan<'a> {
    max_retries: u32,
    /// The call may be sent again whatever its outcome (an idempotent
    /// method, an idempotency key, or the caller said so).
    may_repeat: bool,
    method: reqwest::Method,
    key: Option<Key>,
    op: &'a dyn Erased,
}

impl<'a> Plan<'a> {
    fn new(client: &Client, op: &'a dyn Erased, options: &RequestOptions) -> Result<Self, Error> {
        let policy = &client.inner.retry;
        let method = op.method();
        let key = idempotency::key(client, op, options, &method)?;
        let may_repeat = is_idempotent(&method)
            || options
                .retry_non_idempotent
                .unwrap_or(policy.retry_non_idempotent || key.is_some());
        Ok(Plan {
            max_retries: options.max_retries.unwrap_or(policy.max_retries),
            may_repeat,
            method,
            key,
            op,
        })
    }
}

/// The retry loop: the success answer and the number of attempts it took,
/// or the last error (with its number of attempts).
async fn send(
    client: &Client,
    op: &dyn Erased,
    options: &RequestOptions,
    target: Target<'_>,
) -> Result<(Answer, u32), Error> {
    // (Built by a plain function: locals of this one that were moved
    // into the plan would keep their room in this future.)
    let plan = Plan::new(client, op, options)?;
    let mut waited = Duration::ZERO;
    let mut number: u32 = 0;
    loop {
        number += 1;
        let attempt = Attempt {
            operation: op.id(),
            method: &plan.method,
            path: op.template(),
            number,
            idempotency_key: plan.key.as_ref().map(Key::as_str),
        };
        let span = tracing::info_span!(
            "api_request",
            operation = attempt.operation,
            method = %plan.method,
            path = attempt.path,
            attempt = number,
            status = tracing::field::Empty,
        );
        // Boxed: the attempt's future is the largest part of a call's, and
        // a call's future is moved (copied) at every level above this one.
        let (result, replayable) = Box::pin(
            attempt_once(client, &plan, options, target, &attempt, &span).instrument(span.clone()),
        )
        .await;
        let retry_in = match &result {
            Ok(_) => None,
            Err(err) => retry_delay(client, &plan, number, err, replayable, waited, &span),
        };
        let hooks = &client.inner.hooks;
        if !hooks.is_empty() {
            let outcome = Outcome {
                result: result.as_ref().map(|a| Answered {
                    status: a.status,
                    headers: &a.headers,
                    body: &a.body,
                }),
                retry_in,
            };
            Box::pin(hooks::after(hooks, &attempt, &outcome).instrument(span.clone())).await;
        }
        let err = match result {
            Ok(answer) => return Ok((answer, number)),
            Err(err) => err,
        };
        let Some(delay) = retry_in else {
            return Err(err.with_attempts(number));
        };
        tracing::info!(
            parent: &span,
            kind = ?err.kind(),
            status = err.status().map(|s| s.as_u16()),
            delay_ms = delay.as_millis() as u64,
            "retrying"
        );
        // Boxed, as are the hooks': retries are rare, and an unboxed timer
        // would sit in every call's future.
        Box::pin(tokio::time::sleep(delay)).await;
        waited += delay;
    }
}

/// How long to wait before sending the call again after attempt `number`
/// failed with `err`; `None`: it is not sent again.
fn retry_delay(
    client: &Client,
    plan: &Plan<'_>,
    number: u32,
    err: &Error,
    replayable: bool,
    waited: Duration,
    span: &tracing::Span,
) -> Option<Duration> {
    let policy = &client.inner.retry;
    let retry = number <= plan.max_retries
        && err.is_retryable()
        && replayable
        && (plan.may_repeat || err.not_sent());
    if !retry {
        return None;
    }
    let delay = policy.delay(number, err);
    let budget = policy.max_total_delay.saturating_sub(waited);
    if delay > budget {
        tracing::debug!(
            parent: span,
            delay_ms = delay.as_millis() as u64,
            budget_ms = budget.as_millis() as u64,
            "not retrying: the wait exceeds the retry time budget"
        );
        return None;
    }
    Some(delay)
}

/// One attempt: the result, and whether its body could be sent again.
async fn attempt_once(
    client: &Client,
    plan: &Plan<'_>,
    options: &RequestOptions,
    target: Target<'_>,
    attempt: &Attempt<'_>,
    span: &tracing::Span,
) -> (Result<Answer, Error>, bool) {
    let op = plan.op;
    let body = match op.body() {
        Ok(body) => body,
        Err(e) => return (Err(e), false),
    };
    let replayable = body.is_replayable();
    // The request lives in this block only, so that this future does not
    // keep room for it beside `receive`'s.
    let sent = {
        let mut request = match build(client, op, options, target, body).await {
            Ok(r) => r,
            Err(e) => return (Err(e), false),
        };
        if let Some(key) = &plan.key {
            key.put(request.headers_mut());
        }
        let hooks = &client.inner.hooks;
        if !hooks.is_empty() {
            if let Err(e) = hooks::before(hooks, attempt, &mut request).await {
                return (Err(e), false);
            }
        }
        sent(client, op, request)
    };
    (receive(op, sent, span).await, replayable)
}

/// A request on its way: the answer still to come.
struct Sent<F> {
    /// reqwest's future of the answer.
    pending: F,
    /// The output streams: a success answer's body stays unread.
    streamed: bool,
    /// A streamed answer's time limit, for its head only (the body may
    /// last as long as it likes); other requests carry theirs.
    head_limit: Option<Duration>,
}

/// Send `request` (not an `async fn`: the request is handed to reqwest
/// here, so no future of ours holds it).
fn sent(
    client: &Client,
    op: &dyn Erased,
    mut request: reqwest::Request,
) -> Sent<impl Future<Output = reqwest::Result<reqwest::Response>>> {
    let streamed = op.streamed();
    let head_limit = if streamed {
        request.timeout_mut().take()
    } else {
        None
    };
    Sent {
        pending: client.inner.http.execute(request),
        streamed,
        head_limit,
    }
}

/// Read the whole answer to a sent request (a success answer of a
/// `streamed` output stays unread: see [`Sent`]); a non-success status is
/// an error.
async fn receive(
    op: &dyn Erased,
    sent: Sent<impl Future<Output = reqwest::Result<reqwest::Response>>>,
    span: &tracing::Span,
) -> Result<Answer, Error> {
    let id = op.id();
    let Sent {
        pending,
        streamed,
        head_limit,
    } = sent;
    // The answer lives in this block only (see `attempt_once`).
    let (status, headers, reading) = {
        let mut answer = match head_limit {
            None => pending.await,
            // Boxed: its timer would otherwise sit in every call's future.
            Some(limit) => Box::pin(tokio::time::timeout(limit, pending))
                .await
                .map_err(|_| Error::timeout(id, limit))?,
        }
        .map_err(|e| Error::transport(id, e))?;
        let status = answer.status();
        span.record("status", status.as_u16());
        // Taken, not cloned: reading the body needs no headers.
        let headers = std::mem::take(answer.headers_mut());
        if streamed && status.is_success() {
            return Ok(Answer {
                status,
                headers,
                body: bytes::Bytes::new(),
                live: Some(Box::new(answer)),
            });
        }
        (status, headers, read_all(answer))
    };
    let body = reading.await.map_err(|e| Error::transport(id, e))?;
    if !status.is_success() {
        return Err(Error::from_status(id, status, headers, body, op.errors()));
    }
    Ok(Answer {
        status,
        headers,
        body,
        live: None,
    })
}

/// The whole body of `answer`, as `Response::bytes` reads it (a body that
/// comes in one chunk is that chunk, not a copy), with a future less than
/// half the size of that one's: it is part of every call's future.
async fn read_all(mut answer: reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    let Some(first) = answer.chunk().await? else {
        return Ok(bytes::Bytes::new());
    };
    let Some(second) = answer.chunk().await? else {
        return Ok(first);
    };
    let mut all = bytes::BytesMut::with_capacity(first.len() + second.len());
    all.extend_from_slice(&first);
    all.extend_from_slice(&second);
    while let Some(chunk) = answer.chunk().await? {
        all.extend_from_slice(&chunk);
    }
    Ok(all.freeze())
}

#[cfg(test)]
mod tests {
    use super::read_all;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Serves one answer whose body is written as `chunks` (chunked
    /// encoding, each chunk flushed on its own, 5 ms apart, so that each
    /// arrives alone; none empty); the body `read_all` reads.
    async fn read_chunks(chunks: &'static [&'static str]) -> bytes::Bytes {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut head = [0u8; 1024];
            let _ = stream.read(&mut head).await.unwrap();
            let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
            stream.write_all(head.as_bytes()).await.unwrap();
            for chunk in chunks {
                let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                stream.write_all(framed.as_bytes()).await.unwrap();
                stream.flush().await.unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            stream.write_all(b"0\r\n\r\n").await.unwrap();
        });
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(super::super::client::tls_config().unwrap())
            .build()
            .unwrap();
        let answer = http.get(format!("http://{addr}/")).send().await.unwrap();
        let body = read_all(answer).await.unwrap();
        server.await.unwrap();
        body
    }

    #[test]
    fn the_whole_body_in_any_number_of_chunks() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            assert_eq!(read_chunks(&[]).await, "");
            assert_eq!(read_chunks(&["{\"a\":1}"]).await, "{\"a\":1}");
            assert_eq!(read_chunks(&["ab", "cd"]).await, "abcd");
            assert_eq!(read_chunks(&["a", "bc", "def", "g"]).await, "abcdefg");
        });
    }
}
