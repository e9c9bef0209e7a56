//! Webhook signatures: `Signature` is the hex HMAC-SHA256 of the raw JSON
//! body keyed by the signing secret. The expected signature below was
//! computed independently (Python's `hmac` module), not by this crate.

use onlyfans_api::webhooks::{self, Event, WebhookError, SIGNATURE_HEADER};

const SECRET: &str = "whsec_test_secret_1234567890";
const BODY: &str = r#"{"event":"messages.received","event_id":"evt_01J000","account_id":"acct_XXXXXXXXXXXXXXX","payload":{"id":1234,"text":"hi there","fromUser":{"id":42}}}"#;
/// `hmac.new(SECRET, BODY, hashlib.sha256).hexdigest()`
const SIGNATURE: &str = "dfb77f6e0ef5b47e4d701ba3bf2407484f47415812824cafdb54b62adbd26b83";

#[test]
fn the_header_is_named_signature() {
    assert_eq!(SIGNATURE_HEADER, "Signature");
}

#[test]
fn a_valid_signature_verifies_and_the_event_decodes() {
    assert_eq!(
        webhooks::verify(BODY.as_bytes(), Some(SIGNATURE), SECRET),
        Ok(())
    );
    let event: Event =
        webhooks::verify_json(BODY.as_bytes(), Some(SIGNATURE), SECRET).expect("valid and JSON");
    assert_eq!(event.event.as_deref(), Some("messages.received"));
    assert_eq!(event.event_id.as_deref(), Some("evt_01J000"));
    assert_eq!(event.account_id.as_deref(), Some("acct_XXXXXXXXXXXXXXX"));
    assert_eq!(event.payload["text"], "hi there");
    assert!(event.other.is_empty());
}

#[test]
fn a_tampered_body_is_rejected() {
    let tampered = BODY.replace("hi there", "hi there!");
    assert_eq!(
        webhooks::verify(tampered.as_bytes(), Some(SIGNATURE), SECRET),
        Err(WebhookError::Mismatch)
    );
    // Re-serialized JSON (other spacing) is a different payload too.
    let reformatted =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(BODY).unwrap())
            .unwrap();
    assert_eq!(
        webhooks::verify(reformatted.as_bytes(), Some(SIGNATURE), SECRET),
        Err(WebhookError::Mismatch)
    );
}

#[test]
fn a_wrong_secret_is_rejected() {
    assert_eq!(
        webhooks::verify(BODY.as_bytes(), Some(SIGNATURE), "whsec_other"),
        Err(WebhookError::Mismatch)
    );
    let err = webhooks::verify_json::<Event>(BODY.as_bytes(), Some(SIGNATURE), "whsec_other")
        .unwrap_err();
    assert_eq!(err, WebhookError::Mismatch);
    assert!(err.to_string().contains("does not match"), "{err}");
}

#[test]
fn a_missing_or_malformed_header_is_rejected() {
    assert_eq!(
        webhooks::verify(BODY.as_bytes(), None, SECRET),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        webhooks::verify(BODY.as_bytes(), Some("   "), SECRET),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        webhooks::verify(BODY.as_bytes(), Some("not-hex"), SECRET),
        Err(WebhookError::MalformedSignature)
    );
    // One digit changed: well-formed, but wrong.
    let mut wrong = SIGNATURE.to_string();
    wrong.replace_range(63.., "4");
    assert_eq!(
        webhooks::verify(BODY.as_bytes(), Some(&wrong), SECRET),
        Err(WebhookError::Mismatch)
    );
}

#[test]
fn an_empty_secret_is_refused() {
    assert_eq!(
        webhooks::verify(BODY.as_bytes(), Some(SIGNATURE), ""),
        Err(WebhookError::EmptySecret)
    );
}

#[test]
fn a_valid_signature_over_a_body_that_is_not_json_is_a_decode_error() {
    use hmac::{KeyInit, Mac};
    let body = b"not json";
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    let sig: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(webhooks::verify(body, Some(&sig), SECRET), Ok(()));
    assert!(matches!(
        webhooks::verify_json::<Event>(body, Some(&sig), SECRET),
        Err(WebhookError::Decode(_))
    ));
}
