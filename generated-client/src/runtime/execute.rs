//! The retry loop: send a request until it succeeds, fails for good, or the
//! retries or the retry time budget run out (when to retry and how long to
//! wait is [`RetryPolicy`](super::RetryPolicy)'s to say), one `tracing` span
//! per attempt; then decode the answer.
//!
//! Only [`execute`] is generic, and thinly: it hands the operation to the
//! loop as `&dyn Erased` and decodes what comes back, so the loop, the
//! request building and the sending are compiled once for all operations.

use super::build::{build, RequestOptions, Target};
use super::client::Client;
use super::decode::{decode, Answer};
use super::error::Error;
use super::operation::{Erased, Operation};
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
    let (answer, attempts) = send(client, operation, options, target)
        .await
        .map_err(Error::typed)?;
    match decode::<O::Output>(O::ID, O::RESPONSE, answer) {
        Ok(response) => Ok(response.with_attempts(attempts)),
        Err(err) => Err(err.with_attempts(attempts).typed()),
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
    let policy = &client.inner.retry;
    let max_retries = options.max_retries.unwrap_or(policy.max_retries);
    let non_idempotent = options
        .retry_non_idempotent
        .unwrap_or(policy.retry_non_idempotent);
    let method = op.method();
    let idempotent = is_idempotent(&method);
    let mut waited = Duration::ZERO;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let span = tracing::info_span!(
            "api_request",
            operation = op.id(),
            method = %method,
            path = op.template(),
            attempt,
            status = tracing::field::Empty,
        );
        let (result, replayable) = attempt_once(client, op, options, target, &span)
            .instrument(span.clone())
            .await;
        let err = match result {
            Ok(answer) => return Ok((answer, attempt)),
            Err(err) => err,
        };
        let retry = attempt <= max_retries
            && err.is_retryable()
            && replayable
            && (idempotent || non_idempotent || err.not_sent());
        if !retry {
            return Err(err.with_attempts(attempt));
        }
        let delay = policy.delay(attempt, &err);
        let budget = policy.max_total_delay.saturating_sub(waited);
        if delay > budget {
            tracing::debug!(
                parent: &span,
                delay_ms = delay.as_millis() as u64,
                budget_ms = budget.as_millis() as u64,
                "not retrying: the wait exceeds the retry time budget"
            );
            return Err(err.with_attempts(attempt));
        }
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

/// One attempt: the result, and whether its body could be sent again.
async fn attempt_once(
    client: &Client,
    op: &dyn Erased,
    options: &RequestOptions,
    target: Target<'_>,
    span: &tracing::Span,
) -> (Result<Answer, Error>, bool) {
    let body = match op.body() {
        Ok(body) => body,
        Err(e) => return (Err(e), false),
    };
    let replayable = body.is_replayable();
    let request = match build(client, op, options, target, body).await {
        Ok(r) => r,
        Err(e) => return (Err(e), false),
    };
    (send_once(client, op, request, span).await, replayable)
}

/// Send one request and read the whole answer; a non-success status is an error.
async fn send_once(
    client: &Client,
    op: &dyn Erased,
    request: reqwest::Request,
    span: &tracing::Span,
) -> Result<Answer, Error> {
    let id = op.id();
    let mut answer = client
        .inner
        .http
        .execute(request)
        .await
        .map_err(|e| Error::transport(id, e))?;
    let status = answer.status();
    span.record("status", status.as_u16());
    // Taken, not cloned: reading the body needs no headers.
    let headers = std::mem::take(answer.headers_mut());
    let body = answer.bytes().await.map_err(|e| Error::transport(id, e))?;
    if !status.is_success() {
        return Err(Error::from_status(id, status, headers, body, op.errors()));
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}
