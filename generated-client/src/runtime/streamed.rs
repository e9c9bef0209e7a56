//! Operations whose success response also comes as a stream: a second
//! media type beside JSON (OpenAI's `text/event-stream` beside
//! `application/json`, chosen by the request's `stream: true`). Generated
//! code implements [`Streaming`]; [`Call::streamed`] turns the call into
//! one that asks for the stream (`Accept`) and returns it.

use super::auth::Security;
use super::call::Call;
use super::error::Error;
use super::operation::{Operation, ResponseKind};
use super::problem::DocumentedError;
use super::receive::Receive;
use super::request::{Headers, Query, RequestBody};

/// An operation whose success response can also stream.
pub trait Streaming: Operation {
    /// The stream ([`Events`](super::Events), [`Lines`](super::Lines)).
    type Stream: Receive;
    /// How the stream is read.
    const STREAM: ResponseKind;
    /// Its media type, sent as `Accept`.
    const MEDIA: &'static str;
}

/// An operation answered with its stream: built by [`Call::streamed`].
#[derive(Debug, Clone, PartialEq)]
pub struct Streamed<O>(pub O);

impl<O: Streaming> Operation for Streamed<O> {
    type Output = O::Stream;
    const ID: &'static str = O::ID;
    const METHOD: &'static str = O::METHOD;
    const PATH: &'static str = O::PATH;
    const RESPONSE: ResponseKind = O::STREAM;
    const SECURITY: Security = O::SECURITY;
    const IDEMPOTENCY_HEADER: Option<&'static str> = O::IDEMPOTENCY_HEADER;
    type Errors = O::Errors;
    const ERRORS: &'static [DocumentedError] = O::ERRORS;

    fn path(&self) -> String {
        self.0.path()
    }
    fn query(&self, query: &mut Query) {
        self.0.query(query)
    }
    fn headers(&self, headers: &mut Headers) {
        self.0.headers(headers);
        headers.push("accept", O::MEDIA);
    }
    fn body(&self) -> Result<RequestBody, Error> {
        self.0.body()
    }
}

impl<'a, O: Streaming> Call<'a, O> {
    /// Ask for the response as a stream (its streaming media type as
    /// `Accept`) and return the stream. The request must ask for it as the
    /// API says, too (OpenAI: the body's `stream: true`).
    pub fn streamed(self) -> Call<'a, Streamed<O>> {
        Call {
            client: self.client,
            operation: Streamed(self.operation),
            options: self.options,
        }
    }
}
