//! The hand-written runtime every generated operation runs on: the client,
//! calls and their options, request encoding, retries, pagination, uploads,
//! responses with their metadata, the error type, and webhook signatures.
//! Generated code only describes operations and plugs in the API's defaults
//! through [`ClientInfo`]; everything that talks HTTP lives here and is
//! tested here. The runtime never names generated code.
//!
//! One job per module: `client` (configuration), `auth` (security schemes,
//! credentials, which ones a request sends), `oauth2` (client credentials:
//! tokens fetched, cached, refreshed), `secret` (values `Debug` never
//! shows), `operation` (the trait generated code implements), `call` (the
//! builder a user awaits), `raw` (calls the spec does not describe),
//! `build` (requests), `execute` (the retry loop), `hooks` (the caller's
//! code around each attempt), `idempotency` (one key per call),
//! `decode` (answers), `response`,
//! `error`, `retry` (the policy), `request` (encoding values), `upload`,
//! `paginate`; `problem` (what an error body says: its documented shape,
//! the common ones, RFC 9457 problem details); `conventions` (what generated
//! code says of its API: metadata headers, webhook signatures, the shape of
//! validation errors); `receive` (how an answer becomes the output: read
//! whole, or streamed), `download`, `sse` and `lines` (the streams: bytes,
//! server-sent events, JSON Lines and sequences), `streamed` (a stream as
//! a second media type); `lenient`, `union`, `object` and `fallback` are how generated
//! types read and write JSON, `nullable` the type of a field that may be
//! absent, null or a value; `formats` holds the types of typed string
//! formats (`DateTime`, `Date`, `Time`, `Uuid`, `Base64`) and `format_text`
//! their lexical grammar (std only: the generator compiles it too). No module
//! imports one that imports it back (tested).
//!
//! With the `testing` feature: `testing` (the mock server and its stubs),
//! `mock_routes` (operations as the mock sees them, requests checked against
//! them) and `mock_answers` (what the mock answers).

mod auth;
mod build;
mod call;
mod client;
mod conventions;
mod decode;
mod download;
mod error;
mod execute;
// Where decoding fell back (`Unknown`): used by generated code and the
// round-trip check only. (A plain comment: an outer doc here would make
// rustdoc resolve the module's own doc links from this module.)
#[doc(hidden)]
pub mod fallback;
mod format_text;
mod formats;
mod hooks;
mod idempotency;
mod kind;
pub mod lenient;
mod lines;
#[cfg(feature = "testing")]
mod mock_answers;
#[cfg(feature = "testing")]
mod mock_routes;
mod nullable;
mod oauth2;
// How generated structs are read (`Deserialize`): used by generated code
// only (a plain comment, as for `fallback`).
#[doc(hidden)]
pub mod object;
mod operation;
mod paginate;
mod problem;
mod raw;
mod receive;
mod request;
mod response;
mod retry;
mod secret;
mod sse;
mod streamed;
#[cfg(feature = "testing")]
pub(crate) mod testing;
pub mod union;
mod upload;
/// Webhook signatures: public (`crate::webhooks`) only where the API signs
/// its webhook deliveries (the SDK profile says so).
#[allow(
    dead_code,
    reason = "public only where the API signs its webhooks; unused elsewhere"
)]
pub(crate) mod webhooks;

/// The output of `future` when it completes on its first poll, `None` when
/// it would wait: for work that waits on nothing in the common case
/// (credentials held ready, a body all at hand), read without an executor.
pub(crate) fn at_once<F: std::future::Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => Some(out),
        std::task::Poll::Pending => None,
    }
}

pub use auth::{
    AuthRequest, Credential, CredentialsProvider, KeyIn, ProviderError, Scheme, SchemeEnv,
    SchemeKind, Security,
};
pub use build::RequestOptions;
pub use call::Call;
pub use client::{Client, ClientBuilder, ClientInfo};
pub use conventions::{ApiConventions, MetadataHeaders};
pub use download::Download;
pub use error::{Error, ErrorBody, ErrorKind, Untyped};
pub use formats::{Base64, Date, DateTime, FormatError, Time, Uuid};
pub use hooks::{Attempt, Hook, HookError, Outcome};
pub use lines::Lines;
pub use nullable::Nullable;
pub use oauth2::ClientCredentials;
pub use operation::{Operation, ResponseKind};
pub use paginate::{Items, Pages, Paginate};
pub use problem::{DocumentedError, ErrorShape, FieldErrors, FieldMessages, Problem};
pub use raw::RawCall;
pub use receive::Receive;
pub use request::{push_path_segment, Headers, Query, QueryStyle, RequestBody};
pub use response::{Binary, CacheInfo, Credits, Meta, Pagination, RateLimits, Response};
pub use retry::RetryPolicy;
pub use sse::{Event, Events};
pub use streamed::{Streamed, Streaming};
pub use upload::{File, Files, Multipart};

#[doc(no_inline)]
pub use reqwest;
/// The HTTP types the API of this crate uses (`Error::status`,
/// `Response::headers`, `Operation::METHOD`, …), and reqwest itself (for
/// [`ClientBuilder::http_client`]), so that callers need no dependency of
/// their own in step with this crate's.
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode, Url};

/// Raw bytes of a binary response body.
pub type Bytes = Binary;

/// The stream traits for reading [`Pages`] and [`Items`]
/// (`try_next`, `try_collect`, …), re-exported so that callers need no
/// `futures` dependency of their own.
pub mod stream {
    pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
}
