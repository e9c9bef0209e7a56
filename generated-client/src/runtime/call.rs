//! A call: one operation with its arguments and per-request options, built
//! step by step, then sent with `.await` (or [`Call::send`]). The sending
//! itself (retries, building requests, decoding) lives in `execute.rs`.

use super::build::{RequestOptions, Target};
use super::client::Client;
use super::error::Error;
use super::execute::execute;
use super::operation::Operation;
use super::response::Response;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

impl Client {
    /// Start any operation from its struct (the group methods do this for you).
    pub fn call<O: Operation>(&self, operation: O) -> Call<'_, O> {
        Call::new(self, operation)
    }
}

/// A call ready to send: `.await` it (or call [`Call::send`]). Optional
/// parameters and per-request options are set with its builder methods first.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O> {
    pub(crate) client: &'a Client,
    pub(crate) operation: O,
    pub(crate) options: RequestOptions,
}

impl<O: std::fmt::Debug> std::fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .field("options", &self.options)
            .finish()
    }
}

impl<'a, O: Operation> Call<'a, O> {
    pub(crate) fn new(client: &'a Client, operation: O) -> Self {
        Call {
            client,
            operation,
            options: RequestOptions::default(),
        }
    }

    /// The operation with its arguments.
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// Time limit for each attempt of this request, instead of the client's.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// An extra header for this request.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter for this request (e.g. `("fresh", "true")`).
    pub fn with_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.query.push((name.into(), value.into()));
        self
    }

    /// Retry this request up to `retries` times (0: never), instead of the
    /// client's [`RetryPolicy::max_retries`](super::RetryPolicy::max_retries). Backoff and the bound on the
    /// total wait stay the client's.
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// Retry this request even if it is a POST or PATCH (say, because it
    /// carries an `Idempotency-Key` the server honours), or never retry it
    /// when `false`, instead of the client's setting.
    pub fn with_retry_non_idempotent(mut self, retry: bool) -> Self {
        self.options.retry_non_idempotent = Some(retry);
        self
    }

    /// A field added to the JSON body (for a field the spec does not
    /// describe yet): the body must be a JSON object; without a body, the
    /// body is an object of these fields. A later field of the same name
    /// replaces the earlier one, and the body's own.
    pub fn with_body_field(
        mut self,
        name: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.options.body_fields.push((name.into(), value.into()));
        self
    }

    /// Send this idempotency key (in the operation's idempotency header,
    /// else `Idempotency-Key`) on every attempt, and retry the call like an
    /// idempotent one: the server answers a repeated key with the first
    /// answer, so a POST is safe to send again.
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    /// An idempotency key for this call (`true`: a random one, the same on
    /// every attempt) or none (`false`), instead of the default (a key where
    /// the operation declares one, or for every POST and PATCH when the
    /// client has [`idempotency_keys`](super::ClientBuilder::idempotency_keys) on).
    pub fn with_idempotency(mut self, on: bool) -> Self {
        self.options.idempotency = Some(on);
        self
    }

    /// Replace all per-request options at once.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Send the request (retrying as the client's [`RetryPolicy`](super::RetryPolicy) and this
    /// call's options say) and decode the answer.
    pub async fn send(self) -> Result<Response<O::Output>, Error<O::Errors>> {
        execute(
            self.client,
            &self.operation,
            &self.options,
            Target::Operation,
        )
        .await
    }
}

impl<'a, O> IntoFuture for Call<'a, O>
where
    O: Operation + 'a,
{
    type Output = Result<Response<O::Output>, Error<O::Errors>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
