//! The SDK profile: what a spec does not say about its API but the
//! generated crate should, configured in a small YAML file next to the
//! spec (`spec/sdk-profile.yaml` for the OnlyFans client; `--profile FILE`
//! for the CLI). Everything here is optional: without a profile, a crate
//! describes what its spec documents and nothing more.
//!
//! ```yaml
//! # The shape of error bodies the spec does not document, which the mock
//! # writes (validation failures, its own refusals) and the docs name:
//! # `laravel` ({message, errors: {field: [..]}}), `problem` (RFC 9457
//! # application/problem+json) or `neutral` ({message, errors: [{field, message}]}).
//! errors: laravel
//! # Response headers that carry metadata, read into `Response::meta()`
//! # (and sent by the mock); any may be left out.
//! metadata:
//!   credits_used: x-ofapi-credits-used
//!   credits_balance: x-ofapi-credits-balance
//!   cached: x-ofapi-is-cached
//!   rate_limit_limit: x-rate-limit-limit-minute
//!   rate_limit_remaining: x-rate-limit-remaining-minute
//! # Webhook deliveries are signed (HMAC-SHA256 of the body, hex) in this header.
//! webhooks:
//!   signature_header: Signature
//! ```
//!
//! Each setting is a field of [`Profile`] (unknown keys are an error, so a
//! misspelt setting is not silently ignored); lowering reads them into
//! [`crate::ir::Conventions`], beside what it detects from the spec.

use crate::ir::MetadataHeaders;
use serde::Deserialize;

/// The settings of an SDK profile (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// The shape of error bodies where the spec documents none.
    pub errors: Option<ErrorStyle>,
    /// Response headers that carry metadata.
    pub metadata: Option<MetadataHeaders>,
    /// Signed webhook deliveries.
    pub webhooks: Option<Webhooks>,
}

/// A shape of error bodies, by the convention that defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorStyle {
    /// Laravel: `{"message": …, "errors": {"field": ["…"]}}`.
    Laravel,
    /// RFC 9457 problem details (`application/problem+json`), field errors
    /// in `errors: [{"location": …, "message": …}]` (huma's extension).
    Problem,
    /// `{"message": …, "errors": [{"field": …, "message": …}]}`.
    Neutral,
}

/// How webhook deliveries are signed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// The header carrying the hex HMAC-SHA256 of the body.
    pub signature_header: String,
}

impl Profile {
    /// Read a profile (YAML); the error says which setting is wrong.
    pub fn parse(text: &str) -> Result<Profile, String> {
        if text.trim().is_empty() {
            return Ok(Profile::default());
        }
        serde_yaml::from_str(text).map_err(|e| format!("invalid SDK profile: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_reads_and_unknown_ones_are_refused() {
        let p = Profile::parse(
            "errors: problem\nmetadata: {credits_used: x-used}\nwebhooks: {signature_header: X-Sig}\n",
        )
        .unwrap();
        assert_eq!(p.errors, Some(ErrorStyle::Problem));
        assert_eq!(p.metadata.unwrap().credits_used.as_deref(), Some("x-used"));
        assert_eq!(p.webhooks.unwrap().signature_header, "X-Sig");
        assert_eq!(Profile::parse("").unwrap(), Profile::default());
        let e = Profile::parse("eror: laravel").unwrap_err();
        assert!(e.contains("eror"), "{e}");
        let e = Profile::parse("metadata: {credit: x}").unwrap_err();
        assert!(e.contains("credit"), "{e}");
    }
}
