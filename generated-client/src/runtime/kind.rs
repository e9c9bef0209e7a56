//! How a success body is read: [`ResponseKind`] (a leaf: `decode` and
//! `operation` both name it).

/// How a success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON decoded into the output type (an empty body reads as `null`).
    Json,
    /// JSON `{ "data": …, "_meta": …, "_pagination": … }`: `data` is the output.
    Envelope,
    /// No body: `()`.
    Empty,
    /// Text.
    Text,
    /// Raw bytes (a [`Download`](super::Download) streams them).
    Bytes,
    /// Server-sent events, each event's data decoded ([`Events`](super::Events)).
    Events,
    /// Server-sent events, each whole event (`event`, `data`, `id`,
    /// `retry`) decoded as one object ([`Events`](super::Events)).
    EventObjects,
    /// JSON Lines / NDJSON: one value per line ([`Lines`](super::Lines)).
    JsonLines,
    /// JSON text sequences (RFC 7464) ([`Lines`](super::Lines)).
    JsonSeq,
}
