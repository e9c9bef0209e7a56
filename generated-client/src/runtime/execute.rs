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
use std::time::Duration;
use tracing::Instrument;

/// Send `operation` (retrying as the client's policy and `options` say) and
/// decode the answer.
pub(crate) async fn execute<O: Operation>(
    client: &Client,
    operation: &O,
    options: &RequestOptions,
    target: Target<'_>,
) -> Result<Response<O::Output>, Error<O::Errors>> {
    execute_erased(client, operation, O::RESPONSE, options, target)
        .await
        .map_err(Error::typed)
}

/// [`execute`] for any operation seen as `&dyn Erased` (a raw call, say),
/// its answer decoded as `kind` says; errors untyped.
pub(crate) async fn execute_erased<T: Receive>(
    client: &Client,
    op: &dyn Erased,
    kind: ResponseKind,
    options: &RequestOptions,
    target: Target<'_>,
) -> Result<Response<T>, Error> {
    let (answer, attempts) = send(client, op, options, target).await?;
    match T::receive(op.id(), kind, answer) {
        Ok(response) => Ok(response.with_attempts(attempts)),
        Err(err) => Err(err.with_attempts(attempts)),
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

/// The retry loop: the success answer and the number of attempts it took,
/// or the last error (with its number of attempts).
async fn send(
    client: &Client,
    op: &dyn Erased,
    options: &RequestOptions,
    target: Target<'_>,
) -> Result<(Answer, u32), Error> {
    let policy = &client.inner.retry;
    let method = op.method();
    let key = idempotency::key(client, op, options, &method)?;
    let may_repeat = is_idempotent(&method)
        || options
            .retry_non_idempotent
            .unwrap_or(policy.retry_non_idempotent || key.is_some());
    let plan = Plan {
        max_retries: options.max_retries.unwrap_or(policy.max_retries),
        may_repeat,
        method,
        key,
        op,
    };
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
        let (result, replayable) = attempt_once(client, &plan, options, target, &attempt, &span)
            .instrument(span.clone())
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
            hooks::after(hooks, &attempt, &outcome)
                .instrument(span.clone())
                .await;
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
        tokio::time::sleep(delay).await;
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
    (send_once(client, op, request, span).await, replayable)
}

/// Send one request and read the whole answer (a success answer of a
/// `streamed` output stays unread: see `streamed`); a non-success status is
/// an error.
async fn send_once(
    client: &Client,
    op: &dyn Erased,
    request: reqwest::Request,
    span: &tracing::Span,
) -> Result<Answer, Error> {
    let id = op.id();
    let streamed = op.streamed();
    let mut answer = if streamed {
        self::streamed(client, id, request).await?
    } else {
        client.inner.http.execute(request).await
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
            live: Some(answer),
        });
    }
    let body = answer.bytes().await.map_err(|e| Error::transport(id, e))?;
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

/// Send a request whose body will be streamed: the timeout bounds the wait
/// for the answer's head only (a stream may last as long as it likes).
async fn streamed(
    client: &Client,
    id: &'static str,
    mut request: reqwest::Request,
) -> Result<reqwest::Result<reqwest::Response>, Error> {
    let limit = request.timeout_mut().take();
    let sent = client.inner.http.execute(request);
    match limit {
        None => Ok(sent.await),
        Some(limit) => tokio::time::timeout(limit, sent)
            .await
            .map_err(|_| Error::timeout(id, limit)),
    }
}
