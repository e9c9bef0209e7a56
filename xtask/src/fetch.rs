//! `cargo xtask fetch [--url URL] [--timeout SECS]`: refresh the spec snapshot.
//!
//! [`fetch`] downloads the spec, validates it, and only then replaces the
//! snapshot. In order:
//!
//! 1. download with a blocking client and one time budget for connecting and
//!    reading the whole response ([`download`]);
//! 2. refuse a non-2xx status, a body that is not UTF-8, and any text that
//!    [`generator::inspect`] rejects;
//! 3. if the text is byte-identical to the snapshot, stop: nothing is touched;
//! 4. stage `openapi.yaml` and `PROVENANCE.md` as temporary files in the spec
//!    directory, then rename both into place ([`provenance`] edits the SHA-256
//!    and `Fetched:` lines).
//!
//! When the snapshot changed, [`command`] then prints the API change report
//! of `cargo xtask diff` (old snapshot → download).
//!
//! Invariants:
//! - Any failure before step 4's renames leaves the spec directory exactly as
//!   it was (temporary files are removed), and every such error says so.
//! - After a successful fetch, the `SHA-256` line of `PROVENANCE.md` is the
//!   SHA-256 of `openapi.yaml`.
//! - [`fetch`] takes the spec directory and the URL as parameters; only
//!   [`command`] knows the real ones, so tests run against a loopback server
//!   and a temporary directory.

mod provenance;
#[cfg(test)]
mod tests;

use std::{fmt, fs, path::Path, process::ExitCode, time::Duration};

use generator::Options;

use crate::util::{self, display, read_if_exists, sha256_hex, PathError};

/// Where the OnlyFans API publishes its Scribe-generated OpenAPI document.
pub(crate) const DEFAULT_URL: &str = "https://app.onlyfansapi.com/scribe-docs/openapi.yaml";
/// Budget for connecting and reading the whole response.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The snapshot and its provenance, inside the spec directory.
pub(crate) const SNAPSHOT: &str = "openapi.yaml";
pub(crate) const PROVENANCE: &str = "PROVENANCE.md";
/// Refuse bodies above this size rather than exhaust memory.
const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// What a successful fetch found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FetchReport {
    /// `false`: the download was byte-identical to the snapshot; nothing written.
    pub(crate) changed: bool,
    pub(crate) bytes: usize,
    pub(crate) sha256: String,
    /// From inspecting the old snapshot: `None` when there was none.
    pub(crate) operations_before: Option<Result<usize, generator::Error>>,
    pub(crate) operations_after: usize,
    /// The new spec's warnings.
    pub(crate) warnings: Vec<generator::Warning>,
}

/// Why a fetch failed.
#[derive(Debug)]
pub(crate) enum FetchError {
    /// No network, DNS failure, connection refused or reset, or timeout.
    Unreachable {
        url: String,
        cause: String,
        timed_out: bool,
    },
    /// The server answered with a status outside 2xx.
    Status {
        url: String,
        status: u16,
        reason: &'static str,
    },
    /// Any other HTTP-level failure (TLS, protocol, bad URL, body too large…).
    Transfer { url: String, cause: String },
    /// The body is not UTF-8; `valid_up_to` is the offset of the first bad byte.
    NotUtf8 { url: String, valid_up_to: usize },
    /// The generator rejected the downloaded text.
    InvalidSpec(generator::Error),
    /// A local file could not be read or written. `snapshot_replaced` is
    /// true only if the snapshot was renamed but the provenance was not.
    Io {
        error: PathError,
        snapshot_replaced: bool,
    },
}

const UNTOUCHED: &str = "snapshot left untouched";

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Unreachable { url, cause, .. } => {
                write!(
                    f,
                    "fetch failed: could not reach {url}: {cause}; {UNTOUCHED}"
                )
            }
            FetchError::Status {
                url,
                status,
                reason,
            } => write!(
                f,
                "fetch failed: {url} answered HTTP {status} {reason}; {UNTOUCHED}"
            ),
            FetchError::Transfer { url, cause } => {
                write!(f, "fetch failed: {url}: {cause}; {UNTOUCHED}")
            }
            FetchError::NotUtf8 { url, valid_up_to } => write!(
                f,
                "fetch failed: {url} sent a body that is not UTF-8 \
                 (first bad byte at offset {valid_up_to}); {UNTOUCHED}"
            ),
            FetchError::InvalidSpec(err) => {
                write!(
                    f,
                    "fetch failed: the generator rejects the download: {err}; {UNTOUCHED}"
                )
            }
            FetchError::Io {
                error,
                snapshot_replaced: false,
            } => write!(f, "fetch failed: {error}; {UNTOUCHED}"),
            FetchError::Io {
                error,
                snapshot_replaced: true,
            } => write!(
                f,
                "fetch failed: {error}; the snapshot WAS replaced but its provenance \
                 was not updated: fix the cause and fetch again"
            ),
        }
    }
}

impl std::error::Error for FetchError {}

impl From<PathError> for FetchError {
    fn from(error: PathError) -> Self {
        FetchError::Io {
            error,
            snapshot_replaced: false,
        }
    }
}

/// `cargo xtask fetch`: runs [`fetch`] on the workspace's `spec/` and reports.
pub(crate) fn command(url: &str, timeout: Duration, all_warnings: bool) -> ExitCode {
    let spec_dir = util::project_root().join("spec");
    // Kept for the API change report: `fetch` replaces the file.
    let previous = fs::read_to_string(spec_dir.join(SNAPSHOT)).ok();
    let report = match fetch(&spec_dir, url, timeout) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("{err}");
            if let FetchError::Unreachable {
                timed_out: true, ..
            } = err
            {
                eprintln!("hint: a slow server may need a longer `--timeout SECS`");
            }
            return ExitCode::FAILURE;
        }
    };
    let snapshot = display(&spec_dir.join(SNAPSHOT));
    if !report.changed {
        println!("snapshot unchanged: {snapshot} already matches {url}");
        println!("  operations: {}", report.operations_after);
        println!("  bytes:      {}", report.bytes);
        println!("  sha256:     {}", report.sha256);
        return ExitCode::SUCCESS;
    }
    let before = match &report.operations_before {
        None => "none".to_owned(),
        Some(Ok(operations)) => operations.to_string(),
        Some(Err(err)) => {
            eprintln!("note: the old snapshot did not inspect cleanly: {err}");
            "?".to_owned()
        }
    };
    println!(
        "updated {snapshot} and {} from {url}",
        display(&spec_dir.join(PROVENANCE))
    );
    println!("  operations: {before} → {}", report.operations_after);
    println!("  bytes:      {}", report.bytes);
    println!("  sha256:     {}", report.sha256);
    if !report.warnings.is_empty() {
        println!("  warnings:   {}", report.warnings.len());
        for line in generator::rules::warning_lines(&report.warnings, all_warnings) {
            println!("    {line}");
        }
    }
    if let (Some(previous), Ok(fetched)) = (&previous, fs::read_to_string(spec_dir.join(SNAPSHOT)))
    {
        println!("\n{}", crate::diff::fetched(previous, &fetched, url));
    }
    println!("next: cargo xtask codegen");
    ExitCode::SUCCESS
}

/// Downloads `url`, validates it, and replaces `<spec_dir>/openapi.yaml`
/// and `<spec_dir>/PROVENANCE.md` (see the module docs for the steps).
pub(crate) fn fetch(
    spec_dir: &Path,
    url: &str,
    timeout: Duration,
) -> Result<FetchReport, FetchError> {
    let body = download(url, timeout)?;
    let text = String::from_utf8(body).map_err(|err| FetchError::NotUtf8 {
        url: url.to_owned(),
        valid_up_to: err.utf8_error().valid_up_to(),
    })?;
    let after =
        generator::inspect(url, &text, &Options::default()).map_err(FetchError::InvalidSpec)?;

    let snapshot_path = spec_dir.join(SNAPSHOT);
    let old = read_if_exists(&snapshot_path)?;
    let mut report = FetchReport {
        changed: true,
        bytes: text.len(),
        sha256: sha256_hex(text.as_bytes()),
        operations_before: None,
        operations_after: after.operations,
        warnings: after.warnings,
    };
    if old.as_deref() == Some(text.as_bytes()) {
        report.changed = false;
        return Ok(report);
    }
    report.operations_before = old.map(|old| inspect_old(&snapshot_path, &old));

    let provenance_path = spec_dir.join(PROVENANCE);
    let old_provenance = read_if_exists(&provenance_path)?
        .map(|bytes| String::from_utf8(bytes).map_err(|err| err.utf8_error()))
        .transpose()
        .map_err(|err| PathError {
            path: provenance_path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, err),
        })?;
    let provenance = provenance::update(
        old_provenance.as_deref(),
        &report.sha256,
        url,
        &provenance::utc_today(),
    );

    // Both files are complete on disk before either is renamed into place.
    fs::create_dir_all(spec_dir).map_err(PathError::at(spec_dir))?;
    let staged_snapshot = util::stage(&snapshot_path, text.as_bytes())?;
    let staged_provenance = util::stage(&provenance_path, provenance.as_bytes())?;
    staged_snapshot.commit()?;
    staged_provenance.commit().map_err(|error| FetchError::Io {
        error,
        snapshot_replaced: true,
    })?;
    Ok(report)
}

/// Operation count of the snapshot being replaced, for the before → after line.
fn inspect_old(path: &Path, old: &[u8]) -> Result<usize, generator::Error> {
    let name = display(path);
    let text = std::str::from_utf8(old).map_err(|err| generator::Error {
        file: name.clone(),
        pointer: String::new(),
        message: format!("not UTF-8: {err}"),
    })?;
    generator::inspect(&name, text, &Options::default()).map(|summary| summary.operations)
}

/// GET `url` within `timeout` (connect + whole body); 2xx bodies only.
fn download(url: &str, timeout: Duration) -> Result<Vec<u8>, FetchError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|err| classify(url, timeout, err))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or(""),
        });
    }
    response
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES)
        .read_to_vec()
        .map_err(|err| classify(url, timeout, err))
}

/// Sorts a transport error into "could not reach" or any other failure.
fn classify(url: &str, timeout: Duration, err: ureq::Error) -> FetchError {
    let unreachable = |cause: String, timed_out| FetchError::Unreachable {
        url: url.to_owned(),
        cause,
        timed_out,
    };
    let timed_out = || format!("timed out after {} s", timeout.as_secs_f64());
    match err {
        ureq::Error::Timeout(_) => unreachable(timed_out(), true),
        ureq::Error::Io(err) if err.kind() == std::io::ErrorKind::TimedOut => {
            unreachable(timed_out(), true)
        }
        ureq::Error::Io(err) => unreachable(err.to_string(), false),
        ureq::Error::HostNotFound => {
            unreachable("host not found (DNS lookup failed)".into(), false)
        }
        ureq::Error::ConnectionFailed => unreachable("connection failed".into(), false),
        other => FetchError::Transfer {
            url: url.to_owned(),
            cause: other.to_string(),
        },
    }
}
