//! How a success answer becomes a call's output: [`Receive`]. Every type
//! that deserializes is read whole (`decode`); a stream (`Download`,
//! `Events`, `Lines`) takes the body unread and yields it as it arrives.

use super::decode::{decode, Answer};
use super::error::Error;
use super::kind::ResponseKind;
use super::response::Response;
use serde::de::DeserializeOwned;

/// What a call can return: a type read from the whole body, or a stream
/// over the body as it arrives. Implemented for every type that
/// deserializes, and for the runtime's streams.
pub trait Receive: Sized + Send + 'static {
    /// The body is handed over unread (a stream), not read whole first.
    const STREAMED: bool = false;

    /// The output of a success answer of operation `op`, read as `kind` says.
    #[doc(hidden)]
    fn receive(
        op: &'static str,
        kind: ResponseKind,
        answer: Answer,
    ) -> Result<Response<Self>, Error>;
}

impl<T: DeserializeOwned + Send + 'static> Receive for T {
    fn receive(
        op: &'static str,
        kind: ResponseKind,
        answer: Answer,
    ) -> Result<Response<Self>, Error> {
        decode(op, kind, answer)
    }
}
