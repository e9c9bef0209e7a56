//! Method names of the runtime that generated code must not take.

/// Methods of the runtime's `Client`: group accessors and root operations
/// must not take these names.
pub const CLIENT_RESERVED: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "http_client",
    "execute",
    "clone",
    "fmt",
    "call",
    "retry_policy",
];

/// Methods of the runtime's `Call` builder: parameter setters must not take these.
pub const CALL_RESERVED: &[&str] = &[
    "send",
    "with_timeout",
    "with_header",
    "with_query",
    "with_retries",
    "with_options",
    "with_retry_non_idempotent",
    "into_pages",
    "into_items",
    "into_future",
    "operation",
    "params",
    "body",
];
