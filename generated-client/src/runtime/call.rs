//! A call: one operation with its arguments and per-request options, built
//! step by step, then sent with `.await` (or [`Call::send`]). The sending
//! itself (retries, building requests, decoding) lives in `execute.rs`.

use super::build::{request_option_setters, RequestOptions, Target};
use super::client::Client;
use super::error::Error;
use super::execute::execute;
use super::operation::Operation;
use super::response::Response;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

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

    request_option_setters!();

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
