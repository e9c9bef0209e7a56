//! A typed, async Rust client for the OnlyFans API (<https://app.onlyfansapi.com>),
//! generated from its OpenAPI spec by this repository's generator.
//!
//! ```no_run
//! # async fn run() -> Result<(), onlyfans_api::Error> {
//! let client = onlyfans_api::Client::from_env()?; // reads ONLYFANS_API_KEY
//! let clicks = client.smart_links().list_clicks("acct_123", "01JTESTLINK").limit(100).await?;
//! println!("{:?} clicks, {:?} credits left", clicks.summary, clicks.meta().credits);
//! # Ok(()) }
//! ```
//!
//! - [`types`]: request and response types (generated).
//! - [`api`]: the operation groups, one per tag (generated).
//! - [`Client`], [`Call`], [`Response`], [`Error`]: the hand-written runtime.

// Generated code is formatted by prettyplease when written; rustfmt leaves it alone.
#[rustfmt::skip]
mod generated;
mod runtime;

/// One struct per operation, which the group methods build: how a call maps
/// to HTTP. Hidden: an implementation detail, not part of the API's semver.
#[doc(hidden)]
pub use generated::operations;
/// A typed mock of the API for tests, and signed webhook deliveries (the
/// `testing` feature): see the README's "Testing without the network".
#[cfg(feature = "testing")]
pub use generated::testing;
pub use generated::{api, errors, types};
pub use runtime::*;
// Webhooks: signatures (from the runtime) and the OnlyFans API's events,
// typed. Declared here, it stands in for the runtime's generic module. (Its
// docs are its own `//!` lines: an outer doc here would make rustdoc resolve
// their links from the crate root.)
pub mod webhooks;

/// The README's example is compiled as a doctest, so it stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
