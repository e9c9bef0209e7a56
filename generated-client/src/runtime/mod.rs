//! The hand-written runtime every generated operation runs on: the client,
//! calls and their options, request encoding, responses with their metadata,
//! and the error type. Generated code (in `crate::generated`) only describes
//! operations; everything that talks HTTP lives here and is tested here.

mod call;
mod client;
mod error;
pub mod lenient;
mod request;
mod response;

pub use call::{Call, Operation, RequestOptions, ResponseKind};
pub use client::{AuthScheme, Client, ClientBuilder};
pub use error::{Error, ErrorKind};
pub use request::{push_path_segment, File, Headers, Query, QueryStyle, RequestBody};
pub use response::{Binary, CacheInfo, Credits, Meta, Pagination, RateLimits, Response};

/// Raw bytes of a binary response body.
pub type Bytes = Binary;
