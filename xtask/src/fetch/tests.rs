//! `fetch` against a loopback HTTP server that each test starts itself, and a
//! temporary spec directory. No test touches the network or the real `spec/`.
//!
//! The tests that download a spec the generator must accept or reject call
//! the real [`generator::inspect`]; the others (status, encoding, timeout,
//! refused connection) fail before it is called.

use std::{
    collections::BTreeMap,
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::Path,
    thread,
    time::{Duration, Instant},
};

use super::*;

const GOOD: &str = include_str!("../../tests/fixtures/good.yaml");
const OLD: &str = include_str!("../../tests/fixtures/old.yaml");
const MALFORMED: &str = include_str!("../../tests/fixtures/malformed.yaml");
const NOT_OPENAPI: &str = include_str!("../../tests/fixtures/not-openapi.yaml");

/// Long enough never to fire in the tests that expect an answer.
const GENEROUS: Duration = Duration::from_secs(20);

/// A spec directory holding `OLD` and a provenance file that matches it.
fn spec_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(SNAPSHOT), OLD).unwrap();
    let provenance = format!(
        "# Provenance\n\nHand-written notes stay.\n\n- Source: a test\n- SHA-256: `{}`\n",
        sha256_hex(OLD.as_bytes())
    );
    fs::write(dir.path().join(PROVENANCE), provenance).unwrap();
    dir
}

/// Every file in `dir` with its contents, to prove a failed fetch changed nothing
/// (and left no temporary file behind).
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            (name, fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// An HTTP/1.1 response with a body.
fn response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/yaml\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    response
}

/// Reads an HTTP request head (up to the blank line), or until EOF.
fn read_request_head(stream: &mut TcpStream) {
    stream.set_read_timeout(Some(GENEROUS)).unwrap();
    let mut head = Vec::new();
    let mut byte = [0; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
}

/// Starts a server on 127.0.0.1 that answers every connection with
/// `response`; returns the URL to fetch. The thread lives until the test
/// process exits.
fn serve(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/openapi.yaml", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            read_request_head(&mut stream);
            let _ = stream.write_all(&response);
        }
    });
    url
}

/// Starts a server that accepts connections and reads the request, but never
/// answers; it hangs up only when the client does.
fn serve_silence() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/openapi.yaml", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            thread::spawn(move || {
                read_request_head(&mut stream);
                let mut sink = [0; 64];
                while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
            });
        }
    });
    url
}

/// Fetches from `url`, expecting failure and an untouched spec directory.
fn fetch_fails(url: &str, timeout: Duration) -> FetchError {
    let dir = spec_dir();
    let before = contents(dir.path());
    let err = fetch(dir.path(), url, timeout).expect_err("fetch should fail");
    assert_eq!(contents(dir.path()), before, "spec dir changed by: {err}");
    assert!(
        err.to_string().ends_with("snapshot left untouched"),
        "{err}"
    );
    err
}

#[test]
fn good_spec_replaces_snapshot_and_provenance() {
    let url = serve(response("200 OK", GOOD.as_bytes()));
    let dir = spec_dir();

    let report = fetch(dir.path(), &url, GENEROUS).unwrap_or_else(|err| panic!("{err}"));

    let snapshot = fs::read(dir.path().join(SNAPSHOT)).unwrap();
    assert_eq!(snapshot, GOOD.as_bytes());
    let sha = sha256_hex(&snapshot);
    assert_eq!(
        report,
        FetchReport {
            changed: true,
            bytes: GOOD.len(),
            sha256: sha.clone(),
            operations_before: Some(Ok(1)),
            operations_after: 2,
            warnings: report.warnings.clone(),
        }
    );

    let provenance = fs::read_to_string(dir.path().join(PROVENANCE)).unwrap();
    let recorded = provenance
        .lines()
        .find_map(|line| line.split_once("SHA-256: `")?.1.split_once('`'))
        .map(|(hex, _)| hex);
    assert_eq!(recorded, Some(sha.as_str()), "{provenance}");
    assert!(
        provenance.contains(&format!("- Fetched: {url} on 20")),
        "{provenance}"
    );
    assert!(provenance.contains("Hand-written notes stay.\n\n- Source: a test\n"));
    let names: Vec<_> = contents(dir.path()).into_keys().collect();
    assert_eq!(names, [PROVENANCE, SNAPSHOT], "no temporary files left");
}

#[test]
fn identical_spec_touches_nothing() {
    let url = serve(response("200 OK", GOOD.as_bytes()));
    let dir = spec_dir();
    fs::write(dir.path().join(SNAPSHOT), GOOD).unwrap();
    let before = contents(dir.path());

    let report = fetch(dir.path(), &url, GENEROUS).unwrap_or_else(|err| panic!("{err}"));

    assert!(!report.changed);
    assert_eq!(report.sha256, sha256_hex(GOOD.as_bytes()));
    assert_eq!(contents(dir.path()), before);
}

#[test]
fn malformed_yaml_is_rejected() {
    let url = serve(response("200 OK", MALFORMED.as_bytes()));
    let err = fetch_fails(&url, GENEROUS);
    assert!(matches!(err, FetchError::InvalidSpec(_)), "{err}");
    assert!(err.to_string().contains(&url), "names the source: {err}");
}

#[test]
fn yaml_that_is_not_openapi_is_rejected() {
    let url = serve(response("200 OK", NOT_OPENAPI.as_bytes()));
    let err = fetch_fails(&url, GENEROUS);
    assert!(matches!(err, FetchError::InvalidSpec(_)), "{err}");
}

#[test]
fn error_status_is_rejected() {
    for (status, code) in [("404 Not Found", 404), ("500 Internal Server Error", 500)] {
        let url = serve(response(status, b"<html>nope</html>"));
        let err = fetch_fails(&url, GENEROUS);
        assert!(
            matches!(err, FetchError::Status { status, .. } if status == code),
            "{err}"
        );
        let message = err.to_string();
        assert!(message.contains(&url), "{message}");
        assert!(message.contains(&format!("HTTP {status}")), "{message}");
    }
}

#[test]
fn body_that_is_not_utf8_is_rejected() {
    let url = serve(response("200 OK", b"openapi: 3.0.3\n\xff\xfe\n"));
    let err = fetch_fails(&url, GENEROUS);
    assert!(
        matches!(
            err,
            FetchError::NotUtf8 {
                valid_up_to: 15,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn silent_server_times_out() {
    let url = serve_silence();
    let start = Instant::now();
    let err = fetch_fails(&url, Duration::from_secs(1));
    assert!(
        matches!(
            err,
            FetchError::Unreachable {
                timed_out: true,
                ..
            }
        ),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains("could not reach"), "{message}");
    assert!(message.contains("timed out after 1 s"), "{message}");
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "a 1 s timeout took {:?}",
        start.elapsed()
    );
}

#[test]
fn refused_connection_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/openapi.yaml", listener.local_addr().unwrap());
    drop(listener);
    let err = fetch_fails(&url, GENEROUS);
    assert!(
        matches!(
            err,
            FetchError::Unreachable {
                timed_out: false,
                ..
            }
        ),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("fetch failed: could not reach {url}: ")),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
}
