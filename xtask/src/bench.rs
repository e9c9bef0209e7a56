//! `cargo xtask bench [ARGS]`: the benchmark suite, `benches/run.sh` with the
//! same arguments (`--quick`, `--skip-progenitor`, …; see `benches/run.sh`).
//!
//! The suite lives outside this crate on purpose: its programs
//! (`benches/harness`, `benches/client`) are their own workspaces, so
//! neither `cargo xtask` nor `cargo test` builds them. What it measures and
//! the published figures: `BENCHMARKS.md`.

use crate::util::project_root;
use std::process::{Command, ExitCode};

pub(crate) fn command(args: &[String]) -> ExitCode {
    let script = project_root().join("benches/run.sh");
    let shown = std::iter::once("cargo xtask bench")
        .chain(args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    match Command::new("bash")
        .arg(&script)
        .args(args)
        .env("BENCH_COMMAND", shown)
        .status()
    {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", script.display());
            ExitCode::FAILURE
        }
    }
}
