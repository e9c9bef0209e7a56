//! Every request attempt is a `tracing` span with the operation id, method,
//! path template, attempt number and status, and neither the API key nor a
//! body appears in any span or event. A small recording subscriber (no
//! `tracing-subscriber` needed) captures everything on this test's thread.

mod support;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use support::{client, MockServer, Reply};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const API_KEY: &str = "trace-key-000";
const SECRET_BODY: &str = "secret-body-text";

#[derive(Default)]
struct Log {
    /// One line per span: its name and fields (later `record`s appended).
    spans: Vec<String>,
    /// One line per event: its fields.
    events: Vec<String>,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Log>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut line = attrs.metadata().name().to_string();
        attrs.record(&mut Fields(&mut line));
        let mut log = self.0.lock().unwrap();
        log.spans.push(line);
        Id::from_u64(log.spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut log = self.0.lock().unwrap();
        let line = &mut log.spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(line));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = String::new();
        event.record(&mut Fields(&mut line));
        self.0.lock().unwrap().events.push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn each_attempt_is_a_span_with_its_status_and_no_secret() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let body = format!(r#"{{"data": {{"id": 1, "body": "{SECRET_BODY}"}}, "_meta": {{}}}}"#);
    let server = MockServer::start([
        Reply::body(503, "text/plain", SECRET_BODY),
        Reply::json(200, body),
    ])
    .await;
    let client = client(server.url(), API_KEY);

    let resp = client
        .smart_link_postbacks()
        .show(123)
        .await
        .expect("retried");
    assert_eq!(resp.attempts(), 2);

    let log = recorder.0.lock().unwrap();
    let ours: Vec<&String> = log
        .spans
        .iter()
        .filter(|s| s.starts_with("api_request"))
        .collect();
    assert_eq!(ours.len(), 2, "one span per attempt: {:#?}", log.spans);
    for (i, span) in ours.iter().enumerate() {
        assert!(span.contains("operation=showSmartLinkPostback"), "{span}");
        assert!(span.contains("method=GET"), "{span}");
        assert!(
            span.contains("path=/api/smart-link-postbacks/{postback_id}"),
            "the template, not the filled path: {span}"
        );
        assert!(span.contains(&format!("attempt={}", i + 1)), "{span}");
    }
    assert!(ours[0].contains("status=503"), "{}", ours[0]);
    assert!(ours[1].contains("status=200"), "{}", ours[1]);
    assert!(
        log.events.iter().any(|e| e.contains("retrying")),
        "{:#?}",
        log.events
    );
    let everything = format!("{:?} {:?}", log.spans, log.events);
    assert!(!everything.contains(API_KEY), "the key leaks: {everything}");
    assert!(
        !everything.contains(SECRET_BODY),
        "a body leaks: {everything}"
    );
}
