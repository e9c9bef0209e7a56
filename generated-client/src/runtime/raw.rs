//! Raw calls: a request the spec does not describe (or describes wrongly),
//! sent through the same client as the generated operations: its base URL,
//! credentials, hooks, retries, idempotency keys, errors and tracing spans.
//!
//! ```ignore
//! let answer = client
//!     .raw(Method::POST, "/api/undocumented")
//!     .with_query("fresh", "true")
//!     .with_json(&serde_json::json!({"name": "x"}))
//!     .await?;                                    // Response<serde_json::Value>
//! let typed: Response<Thing> = client.raw(Method::GET, "/api/things/1").send().await?;
//! ```
//!
//! Credentials: what the API requires by default (the spec's global
//! `security`), else any one scheme the client has a credential for;
//! [`RawCall::with_scheme`] picks one scheme by its name in the spec,
//! [`RawCall::without_auth`] sends none.

use super::auth::{Scheme, Security};
use super::build::{request_option_setters, RequestOptions, Target};
use super::client::{Client, ClientInfo};
use super::error::Error;
use super::execute::execute_erased;
use super::operation::{Erased, ResponseKind};
use super::problem::DocumentedError;
use super::request::{Headers, Query, RequestBody};
use super::response::{Binary, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::OnceLock;

/// The operation name raw calls have in errors, spans and hooks.
pub(crate) const RAW: &str = "raw";

impl Client {
    /// A request to `path` (from the base URL on: `/api/things`, with or
    /// without a query) that no generated method sends; see [`RawCall`].
    pub fn raw(&self, method: reqwest::Method, path: impl Into<String>) -> RawCall<'_> {
        RawCall {
            client: self,
            op: RawOperation {
                method,
                path: path.into(),
                body: Ok(None),
                security: default_security(),
                unknown_scheme: None,
            },
            options: RequestOptions::default(),
        }
    }
}

/// A raw request ready to send: `.await` it for the JSON answer as a
/// `serde_json::Value`, or [`RawCall::send`] it for a type of yours.
#[must_use = "a raw call does nothing until it is awaited"]
#[derive(Debug)]
pub struct RawCall<'a> {
    client: &'a Client,
    op: RawOperation,
    options: RequestOptions,
}

#[derive(Debug)]
struct RawOperation {
    method: reqwest::Method,
    path: String,
    /// The JSON body; the error when it could not be written.
    body: Result<Option<Vec<u8>>, String>,
    security: Security,
    /// The name given to [`RawCall::with_scheme`] when the client has no such
    /// scheme: the call fails with it.
    unknown_scheme: Option<String>,
}

/// What the API requires by default, else any one of its schemes.
fn default_security() -> Security {
    let declared = <Client as ClientInfo>::SECURITY;
    if !declared.is_empty() {
        return declared;
    }
    each_scheme()
}

/// Each scheme of the API alone, in the spec's order: one alternative per
/// scheme.
fn each_scheme() -> Security {
    static EACH: OnceLock<Security> = OnceLock::new();
    EACH.get_or_init(|| {
        let each: Vec<&'static [&'static Scheme]> = <Client as ClientInfo>::SCHEMES
            .iter()
            .map(std::slice::from_ref)
            .collect();
        // Once per process: a handful of slices.
        Box::leak(each.into_boxed_slice())
    })
}

impl<'a> RawCall<'a> {
    request_option_setters!();

    /// A JSON body (`Content-Type: application/json`).
    pub fn with_json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.op.body = serde_json::to_vec(body)
            .map(Some)
            .map_err(|e| format!("cannot serialize the request body: {e}"));
        self
    }

    /// Send no credentials.
    pub fn without_auth(mut self) -> Self {
        self.op.security = &[];
        self.op.unknown_scheme = None;
        self
    }

    /// Send the credential of the security scheme `name` (its name in the
    /// spec's `securitySchemes`) and no other, instead of what the API
    /// requires by default. The client knows the schemes the spec's
    /// requirements use (one declared but required nowhere is not among
    /// them): for any other name the call fails before anything is sent.
    /// Sends nothing when the client holds no credential for it (the
    /// server's 401 then says so).
    pub fn with_scheme(mut self, name: &str) -> Self {
        let schemes = <Client as ClientInfo>::SCHEMES;
        match schemes.iter().position(|s| s.name == name) {
            Some(i) => {
                self.op.security = &each_scheme()[i..=i];
                self.op.unknown_scheme = None;
            }
            None => self.op.unknown_scheme = Some(name.to_string()),
        }
        self
    }

    /// Send it and decode the JSON answer into `T` (an empty body reads as
    /// `null`); [`Response::raw_body`] has the bytes as they came.
    pub async fn send<T: DeserializeOwned + Send + 'static>(self) -> Result<Response<T>, Error> {
        self.execute(ResponseKind::Json).await
    }

    /// Send it and keep the answer's body as bytes, whatever it is.
    pub async fn send_bytes(self) -> Result<Response<Binary>, Error> {
        self.execute(ResponseKind::Bytes).await
    }

    async fn execute<T: DeserializeOwned + Send + 'static>(
        self,
        kind: ResponseKind,
    ) -> Result<Response<T>, Error> {
        if let Some(name) = &self.op.unknown_scheme {
            let known: Vec<&str> = <Client as ClientInfo>::SCHEMES
                .iter()
                .map(|s| s.name)
                .collect();
            return Err(Error::request(
                RAW,
                format!(
                    "the API uses no security scheme {name:?} (it uses: {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        }
        if !self.op.path.starts_with('/') {
            return Err(Error::request(
                RAW,
                format!(
                    "the path of a raw call starts with `/` (it follows the base URL): {:?}",
                    self.op.path
                ),
            ));
        }
        execute_erased(
            self.client,
            &self.op,
            kind,
            &self.options,
            Target::Operation,
        )
        .await
    }
}

impl<'a> IntoFuture for RawCall<'a> {
    type Output = Result<Response<serde_json::Value>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl Erased for RawOperation {
    fn id(&self) -> &'static str {
        RAW
    }
    fn method(&self) -> reqwest::Method {
        self.method.clone()
    }
    fn template(&self) -> &str {
        &self.path
    }
    fn security(&self) -> Security {
        self.security
    }
    fn errors(&self) -> &'static [DocumentedError] {
        &[]
    }
    fn streamed(&self) -> bool {
        false
    }
    fn idempotency_header(&self) -> Option<&'static str> {
        None
    }
    fn path(&self) -> String {
        self.path.clone()
    }
    fn query(&self, _query: &mut Query) {}
    fn headers(&self, _headers: &mut Headers) {}
    fn body(&self) -> Result<RequestBody, Error> {
        match &self.body {
            Ok(None) => Ok(RequestBody::Empty),
            Ok(Some(json)) => Ok(RequestBody::Json(json.clone())),
            Err(why) => Err(Error::request(RAW, why.clone())),
        }
    }
}
