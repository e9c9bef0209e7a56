//! What generated code tells the runtime about its API beyond operations
//! and types: the response headers that carry metadata, the header that
//! signs webhook deliveries, and the shape of validation errors where an
//! operation documents none. Generated code implements [`ApiConventions`]
//! for [`Client`](super::Client) from the spec and the SDK profile; the
//! runtime reads the constants, so it names no API of its own.

use super::problem::ErrorShape;

/// An API's conventions, implemented by generated code for `Client`.
pub trait ApiConventions {
    /// The response headers that carry metadata ([`Meta`](super::Meta)).
    const METADATA: MetadataHeaders;
    /// The header that carries a webhook delivery's signature, when the
    /// API signs its webhooks.
    const WEBHOOK_SIGNATURE: Option<&'static str>;
    /// The shape of a validation error where an operation documents none
    /// (what the mock writes for its own refusals).
    const VALIDATION: ErrorShape;
}

/// The response headers an API reports metadata in (`None`: it has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MetadataHeaders {
    /// Credits the request used.
    pub credits_used: Option<&'static str>,
    /// Credits left on the account.
    pub credits_balance: Option<&'static str>,
    /// Whether the answer came from a cache.
    pub cached: Option<&'static str>,
    /// Requests allowed per minute.
    pub rate_limit_limit: Option<&'static str>,
    /// Requests left this minute.
    pub rate_limit_remaining: Option<&'static str>,
}

impl MetadataHeaders {
    /// No metadata headers.
    pub const NONE: MetadataHeaders = MetadataHeaders {
        credits_used: None,
        credits_balance: None,
        cached: None,
        rate_limit_limit: None,
        rate_limit_remaining: None,
    };

    /// The API's, from the generated [`ApiConventions`] of `Client`.
    pub(crate) fn of_api() -> &'static MetadataHeaders {
        &<super::Client as ApiConventions>::METADATA
    }
}
