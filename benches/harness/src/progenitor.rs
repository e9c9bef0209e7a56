//! The peer generator: progenitor's CLI (`cargo-progenitor`), installed
//! from crates.io into a scratch directory, and what it says when it refuses
//! a spec.

use crate::proc;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// An installed `cargo-progenitor`.
pub(crate) struct Progenitor {
    pub bin: PathBuf,
    pub version: String,
}

/// `cargo install cargo-progenitor --root ROOT` unless it is there already.
pub(crate) fn install(root: &Path) -> Result<Progenitor, String> {
    let bin = root.join("bin/cargo-progenitor");
    if !bin.exists() {
        eprintln!(
            "==> installing cargo-progenitor into {} (a few minutes, once)",
            root.display()
        );
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let attempt = |locked: bool| {
            let mut c = Command::new(&cargo);
            c.args(["install", "cargo-progenitor", "--root"])
                .arg(root)
                .arg("--target-dir")
                .arg(root.join("build"))
                .env_remove("CARGO_TARGET_DIR");
            if locked {
                c.arg("--locked");
            }
            c.stdout(Stdio::inherit()).stderr(Stdio::piped());
            c.output()
        };
        let out = attempt(true).map_err(|e| format!("cannot run cargo install: {e}"))?;
        if !out.status.success() {
            let first = String::from_utf8_lossy(&out.stderr).to_string();
            eprintln!(
                "  --locked failed, trying without: {}",
                proc::last_lines(&first, 3)
            );
            let out = attempt(false).map_err(|e| format!("cannot run cargo install: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "`cargo install cargo-progenitor --root {}` failed: {}",
                    root.display(),
                    proc::last_lines(&String::from_utf8_lossy(&out.stderr), 6)
                ));
            }
        }
    }
    let listed = std::fs::read_to_string(root.join(".crates.toml")).unwrap_or_default();
    let version = listed
        .split('"')
        .find_map(|s| s.strip_prefix("cargo-progenitor "))
        .and_then(|s| s.split(' ').next())
        .unwrap_or("(unknown version)")
        .to_string();
    Ok(Progenitor { bin, version })
}

/// What progenitor says when it refuses a spec, without the type-space dump
/// and the backtrace.
pub(crate) fn refusal(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| {
            let t = l.trim();
            !t.is_empty()
                && !l.starts_with(' ')
                && !t.starts_with("---")
                && !t.starts_with("TYPE SPACE")
                && !t.starts_with("stack backtrace")
                && !t.starts_with("Stack backtrace")
                && !t.starts_with("note:")
        })
        .take(3)
        .collect();
    lines.join(" ")
}
