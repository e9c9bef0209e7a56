//! The retry loop: send a request until it succeeds, fails for good, or the
//! retries or the retry time budget run out (when to retry and how long to
//! wait is [`RetryPolicy`](super::RetryPolicy)'s to say), one `tracing` span
//! per attempt, and decode the answer.

use super::build::{build, RequestOptions, Target};
use super::client::Client;
use super::decode::decode;
use super::error::Error;
use super::operation::Operation;
use super::response::Response;
use super::retry::is_idempotent;
use std::time::Duration;
use tracing::Instrument;

/// Send a request until it succeeds, fails for good, or the retries or the
/// retry time budget run out. One tracing span per attempt.
pub(crate) async fn execute<O: Operation>(
    client: &Client,
    operation: &O,
    options: &RequestOptions,
    target: Target<'_>,
) -> Result<Response<O::Output>, Error> {
    let policy = &client.inner.retry;
    let max_retries = options.max_retries.unwrap_or(policy.max_retries);
    let non_idempotent = options
        .retry_non_idempotent
        .unwrap_or(policy.retry_non_idempotent);
    let idempotent = is_idempotent(&O::METHOD);
    let mut waited = Duration::ZERO;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let span = tracing::info_span!(
            "api_request",
            operation = O::ID,
            method = %O::METHOD,
            path = O::PATH,
            attempt,
            status = tracing::field::Empty,
        );
        let (result, replayable) = attempt_once(client, operation, options, target, &span)
            .instrument(span.clone())
            .await;
        let err = match result {
            Ok(response) => return Ok(response.with_attempts(attempt)),
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
async fn attempt_once<O: Operation>(
    client: &Client,
    operation: &O,
    options: &RequestOptions,
    target: Target<'_>,
    span: &tracing::Span,
) -> (Result<Response<O::Output>, Error>, bool) {
    let body = match operation.body() {
        Ok(body) => body,
        Err(e) => return (Err(e), false),
    };
    let replayable = body.is_replayable();
    let request = match build::<O>(client, operation, options, target, body).await {
        Ok(r) => r,
        Err(e) => return (Err(e), false),
    };
    (send_once::<O>(client, request, span).await, replayable)
}

async fn send_once<O: Operation>(
    client: &Client,
    request: reqwest::Request,
    span: &tracing::Span,
) -> Result<Response<O::Output>, Error> {
    let answer = client
        .inner
        .http
        .execute(request)
        .await
        .map_err(|e| Error::transport(O::ID, e))?;
    let status = answer.status();
    span.record("status", status.as_u16());
    let headers = answer.headers().clone();
    let body = answer
        .bytes()
        .await
        .map_err(|e| Error::transport(O::ID, e))?;
    if !status.is_success() {
        return Err(Error::from_status(O::ID, status, headers, body));
    }
    decode::<O::Output>(O::ID, O::RESPONSE, status, headers, body)
}
