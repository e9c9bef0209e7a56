//! Hooks: the caller's code on every attempt of every request.
//!
//! A [`Hook`] is set on the client builder
//! ([`ClientBuilder::hook`](super::ClientBuilder::hook)) and runs around
//! each **attempt**, inside the retry loop:
//!
//! 1. the request is built (URL, credentials, the operation's and the
//!    call's headers, the idempotency key, the body);
//! 2. every hook's [`Hook::before_attempt`] runs, in the order the hooks
//!    were added, and may change the request (add a header, sign it); an
//!    error from one fails the call at once (not retried; the request is
//!    not sent);
//! 3. the request is sent and the whole answer read;
//! 4. every hook's [`Hook::after_attempt`] runs, in the same order, with
//!    the answer or the error, and whether (and when) the client will try
//!    again ([`Outcome::retry_in`]);
//! 5. the client waits and goes back to 1 for the next attempt, or returns.
//!
//! So a call retried twice runs each hook three times before and three
//! times after, the [`Attempt::number`] counting 1, 2, 3. Hooks see the
//! requests of `next_page` and raw calls too, not the OAuth2 token requests
//! (those are not API calls). Without hooks, nothing of this runs.
//!
//! Secrets: the request a hook gets carries the credentials (so that it can
//! sign it); their header values are marked sensitive, so `Debug` of the
//! request or its headers does not show them, and [`Attempt`] and
//! [`Outcome`] hold none. What a hook logs is its own business.

use super::error::Error;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// The error a hook fails an attempt with (its message is in the call's
/// error: keep secrets out of it).
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// Code run around every attempt of every request (see the module docs for
/// when). Both methods do nothing unless implemented.
///
/// ```ignore
/// struct Signer;
/// impl Hook for Signer {
///     async fn before_attempt(&self, _: &Attempt<'_>, request: &mut Request) -> Result<(), HookError> {
///         let signature = sign(request.url().as_str(), request.body().and_then(|b| b.as_bytes()));
///         request.headers_mut().insert("x-signature", signature.parse()?);
///         Ok(())
///     }
/// }
/// let client = Client::builder().api_key(key).hook(Signer).build()?;
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Before the attempt is sent: the request as it will go (credentials
    /// included), which the hook may change. An error fails the call.
    fn before_attempt(
        &self,
        attempt: &Attempt<'_>,
        request: &mut reqwest::Request,
    ) -> impl Future<Output = Result<(), HookError>> + Send {
        let _ = (attempt, request);
        async { Ok(()) }
    }

    /// After the attempt: its answer (any status) or its error.
    fn after_attempt(
        &self,
        attempt: &Attempt<'_>,
        outcome: &Outcome<'_>,
    ) -> impl Future<Output = ()> + Send {
        let _ = (attempt, outcome);
        async {}
    }
}

/// Which attempt of which call a hook is told about.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a reqwest::Method,
    pub(crate) path: &'a str,
    pub(crate) number: u32,
    pub(crate) idempotency_key: Option<&'a str>,
}

impl Attempt<'_> {
    /// The operationId (`"raw"` for a raw call).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    pub fn method(&self) -> &reqwest::Method {
        self.method
    }

    /// The path template of the operation (a raw call's path).
    pub fn path(&self) -> &str {
        self.path
    }

    /// 1 for the first attempt of a call, 2 for its first retry, …
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The call's idempotency key, the same on every attempt, when it has one.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key
    }
}

/// How an attempt ended: a success answer, or an error (an error status
/// with its headers and body, a timeout, a connection failure, …).
pub struct Outcome<'a> {
    pub(crate) result: Result<Answered<'a>, &'a Error>,
    pub(crate) retry_in: Option<Duration>,
}

/// A success answer, as hooks see it.
#[derive(Clone, Copy)]
pub(crate) struct Answered<'a> {
    pub(crate) status: StatusCode,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

impl Outcome<'_> {
    /// The status the server answered, success or not (`None`: no answer).
    pub fn status(&self) -> Option<StatusCode> {
        match &self.result {
            Ok(answer) => Some(answer.status),
            Err(err) => err.status(),
        }
    }

    /// The answer's headers, when there was an answer.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match &self.result {
            Ok(answer) => Some(answer.headers),
            Err(err) => err.headers(),
        }
    }

    /// The answer's body as received, when there was an answer.
    pub fn body(&self) -> Option<&[u8]> {
        match &self.result {
            Ok(answer) => Some(answer.body),
            Err(err) => err.body(),
        }
    }

    /// The error, when the attempt failed (an error status included).
    pub fn error(&self) -> Option<&Error> {
        self.result.as_ref().err().copied()
    }

    /// The attempt got a success answer (the call then decodes it).
    pub fn is_success(&self) -> bool {
        self.result.is_ok()
    }

    /// `Some(wait)`: the client sends the request again after this wait;
    /// `None`: this was the call's last attempt.
    pub fn retry_in(&self) -> Option<Duration> {
        self.retry_in
    }
}

impl fmt::Debug for Outcome<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outcome")
            .field("status", &self.status())
            .field("error", &self.error().map(|e| e.kind()))
            .field("body_len", &self.body().map(<[u8]>::len))
            .field("retry_in", &self.retry_in)
            .finish()
    }
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// [`Hook`] as an object.
pub(crate) trait DynHook: Send + Sync {
    fn before<'a>(
        &'a self,
        attempt: &'a Attempt<'a>,
        request: &'a mut reqwest::Request,
    ) -> Boxed<'a, Result<(), HookError>>;
    fn after<'a>(&'a self, attempt: &'a Attempt<'a>, outcome: &'a Outcome<'a>) -> Boxed<'a, ()>;
}

impl<H: Hook> DynHook for H {
    fn before<'a>(
        &'a self,
        attempt: &'a Attempt<'a>,
        request: &'a mut reqwest::Request,
    ) -> Boxed<'a, Result<(), HookError>> {
        Box::pin(Hook::before_attempt(self, attempt, request))
    }
    fn after<'a>(&'a self, attempt: &'a Attempt<'a>, outcome: &'a Outcome<'a>) -> Boxed<'a, ()> {
        Box::pin(Hook::after_attempt(self, attempt, outcome))
    }
}

/// The hooks of a client, in the order they were added.
pub(crate) type Hooks = Box<[Arc<dyn DynHook>]>;

/// Every hook's `before_attempt`, in order; the first error fails the call.
pub(crate) async fn before(
    hooks: &[Arc<dyn DynHook>],
    attempt: &Attempt<'_>,
    request: &mut reqwest::Request,
) -> Result<(), Error> {
    for hook in hooks {
        hook.before(attempt, request).await.map_err(|e| {
            Error::request(
                attempt.operation,
                format!("a hook refused the request: {e}"),
            )
        })?;
    }
    Ok(())
}

/// Every hook's `after_attempt`, in order.
pub(crate) async fn after(
    hooks: &[Arc<dyn DynHook>],
    attempt: &Attempt<'_>,
    outcome: &Outcome<'_>,
) {
    for hook in hooks {
        hook.after(attempt, outcome).await;
    }
}
