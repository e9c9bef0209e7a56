//! What generated code implements for each operation: [`Operation`], with
//! how its success body is read ([`ResponseKind`], in `kind`) and how it
//! authenticates ([`Operation::SECURITY`]).

use super::auth::Security;
use super::client::{Client, ClientInfo};
use super::error::Error;
use super::problem::DocumentedError;
use super::receive::Receive;
use super::request::{Headers, Query, RequestBody};

pub use super::kind::ResponseKind;

/// One API operation: implemented by the generated structs in `crate::operations`.
pub trait Operation: Send + Sync {
    /// What a successful call returns: a type read from the whole body, or
    /// a stream ([`Download`](super::Download), [`Events`](super::Events), [`Lines`](super::Lines)).
    type Output: Receive;
    /// The spec's operationId (or the derived one).
    const ID: &'static str;
    /// The HTTP method as sent (`GET`, or `QUERY`, `COPY`, … of OpenAPI
    /// 3.2): an RFC 9110 token, which the generator checks.
    const METHOD: &'static str;
    /// The path template, as in the spec (used in errors and traces, never filled in).
    const PATH: &'static str;
    const RESPONSE: ResponseKind;
    /// True when the response carries `_pagination`.
    const PAGINATED: bool = false;
    /// Its security requirement: the spec's `security` of the operation,
    /// else the API's (the generated operations always say; an operation
    /// written by hand gets the API's default).
    const SECURITY: Security = <Client as ClientInfo>::SECURITY;
    /// The header of the idempotency key the operation declares
    /// (`Idempotency-Key`), when it declares one: then every call sends a
    /// key, the same on every attempt, and is retried like an idempotent
    /// one (see [`Call::with_idempotency_key`](super::Call::with_idempotency_key)).
    const IDEMPOTENCY_HEADER: Option<&'static str> = None;
    /// What its documented error bodies decode into
    /// ([`Error::documented`](super::Error::documented)): one type, a
    /// generated enum by status, or [`Untyped`](super::Untyped) when none is documented.
    type Errors: 'static;
    /// Its documented error responses: the shape of each body (which
    /// property is the message, where the errors by field are).
    const ERRORS: &'static [DocumentedError] = &[];

    /// The path with parameters filled in and percent-encoded.
    fn path(&self) -> String;
    fn query(&self, _query: &mut Query) {}
    fn headers(&self, _headers: &mut Headers) {}
    /// The body, built anew for every attempt (so a retry sends it whole
    /// again; a file on disk is reopened).
    fn body(&self) -> Result<RequestBody, Error> {
        Ok(RequestBody::Empty)
    }
}

/// An [`Operation`] seen without its types, so that the code which sends
/// requests and retries them is compiled once, not once per operation.
pub(crate) trait Erased: Sync {
    fn id(&self) -> &'static str;
    fn method(&self) -> reqwest::Method;
    /// The path template ([`Operation::PATH`]; a raw call's path).
    fn template(&self) -> &str;
    /// [`Operation::SECURITY`].
    fn security(&self) -> Security;
    /// [`Operation::IDEMPOTENCY_HEADER`].
    fn idempotency_header(&self) -> Option<&'static str>;
    /// The documented error responses ([`Operation::ERRORS`]).
    fn errors(&self) -> &'static [DocumentedError];
    fn path(&self) -> String;
    fn query(&self, query: &mut Query);
    fn headers(&self, headers: &mut Headers);
    fn body(&self) -> Result<RequestBody, Error>;
    /// The success body is streamed to the caller, not read whole.
    fn streamed(&self) -> bool;
}

impl<O: Operation> Erased for O {
    fn id(&self) -> &'static str {
        O::ID
    }
    fn method(&self) -> reqwest::Method {
        method(O::METHOD)
    }
    fn template(&self) -> &str {
        O::PATH
    }
    fn security(&self) -> Security {
        O::SECURITY
    }
    fn idempotency_header(&self) -> Option<&'static str> {
        O::IDEMPOTENCY_HEADER
    }
    fn errors(&self) -> &'static [DocumentedError] {
        O::ERRORS
    }
    fn path(&self) -> String {
        Operation::path(self)
    }
    fn query(&self, query: &mut Query) {
        Operation::query(self, query)
    }
    fn headers(&self, headers: &mut Headers) {
        Operation::headers(self, headers)
    }
    fn body(&self) -> Result<RequestBody, Error> {
        Operation::body(self)
    }
    fn streamed(&self) -> bool {
        O::Output::STREAMED
    }
}

/// The method named `name`: the standard one, or an extension method
/// (`QUERY`, `COPY`).
pub(crate) fn method(name: &str) -> reqwest::Method {
    reqwest::Method::from_bytes(name.as_bytes())
        .expect("operation methods are HTTP tokens (the generator checks them)")
}
