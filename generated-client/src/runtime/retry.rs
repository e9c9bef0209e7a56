//! When and how long to wait before sending a failed request again.
//!
//! A failure is retried when all of these hold:
//! - it is worth retrying ([`Error::is_retryable`]: connection errors,
//!   timeouts, 408, 429, 5xx);
//! - retries are left (`max_retries`, default 2, per client or per call);
//! - the request is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE), or
//!   the caller opted in for POST/PATCH (`retry_non_idempotent`), or the
//!   request provably never reached the server (the connection failed);
//! - its body can be sent again (a one-shot upload stream cannot);
//! - the wait fits in what is left of `max_total_delay`.
//!
//! The wait is what the server asked for (`Retry-After`, a rate-limit reset,
//! or the next minute window after a 429 with no requests left this minute),
//! else exponential backoff from `base_delay`, capped at `max_delay`, with
//! jitter. A server asking for longer than the remaining budget gets its error
//! returned at once instead of a sleep.

use super::error::Error;
use std::time::Duration;

/// How a client retries failed requests. Set it with
/// [`ClientBuilder::retry_policy`](super::ClientBuilder::retry_policy) (or the
/// single-setting builder methods); override the count per call with
/// [`Call::with_retries`](super::Call::with_retries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2; 0 disables retries).
    pub max_retries: u32,
    /// The first backoff wait; each further retry doubles it (default 500 ms).
    pub base_delay: Duration,
    /// No computed backoff wait is longer than this (default 30 s).
    pub max_delay: Duration,
    /// All the waits of one call together stay within this (default 60 s).
    /// A server asking for a longer wait than what is left gets its error
    /// returned immediately.
    pub max_total_delay: Duration,
    /// Retry POST and PATCH too (default false: they may not be safe to repeat).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_total_delay: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry) after `err`.
    pub(crate) fn delay(&self, retry: u32, err: &Error) -> Duration {
        if let Some(asked) = err.retry_after() {
            return asked;
        }
        self.backoff(retry, fastrand::f64())
    }

    /// Exponential backoff with "equal jitter": half of the step is fixed,
    /// the other half random (`unit` in `[0, 1)`), so waits never collapse to
    /// zero and clients that failed together do not retry together.
    pub(crate) fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let factor = 1_u32 << retry.saturating_sub(1).min(20);
        let step = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let half = step / 2;
        half + half.mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// Methods that mean the same when sent twice (RFC 9110, 9.2.2), and
/// QUERY (safe and idempotent, draft-ietf-httpbis-safe-method-w-body).
/// Other extension methods are not known to be.
pub(crate) fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
        || method.as_str() == "QUERY"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
            ..RetryPolicy::default()
        };
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(50));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(p.backoff(2, 0.0), Duration::from_millis(100));
        assert_eq!(p.backoff(3, 0.5), Duration::from_millis(300));
        // 100 ms × 2^3 = 800 ms, capped at 500 ms.
        assert_eq!(p.backoff(4, 1.0), Duration::from_millis(500));
        assert_eq!(p.backoff(4, 0.0), Duration::from_millis(250));
        // Huge retry numbers neither overflow nor exceed the cap.
        assert_eq!(p.backoff(u32::MAX, 1.0), Duration::from_millis(500));
    }

    #[test]
    fn which_methods_are_idempotent() {
        use reqwest::Method;
        for m in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            assert!(is_idempotent(&m), "{m}");
        }
        assert!(is_idempotent(&Method::from_bytes(b"QUERY").unwrap()));
        assert!(!is_idempotent(&Method::from_bytes(b"COPY").unwrap()));
        for m in [Method::POST, Method::PATCH, Method::CONNECT] {
            assert!(!is_idempotent(&m), "{m}");
        }
    }

    #[test]
    fn defaults() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_retries, 2);
        assert!(!p.retry_non_idempotent);
        assert_eq!(RetryPolicy::none().max_retries, 0);
    }
}
