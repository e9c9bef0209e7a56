//! The benchmark suite of the generator, its generated code and the client.
//!
//! ```text
//! bench suite [--quick] [--skip-progenitor] [--skip-compile] [--skip-client]
//!             [--skip-baseline] [--baseline REV] [--compile-reps C,B,R]
//!             [--out FILE] [--specs-dir DIR] [--progenitor-root DIR]
//! bench stages SPEC [--reps N]   per-stage times of the generator, in process
//! bench parse SPEC               the floor: read + parse into openapiv3 (timed by `suite`)
//! bench measure OUT ERR -- CMD…  run CMD, print its wall time and peak RSS (used by `suite`)
//! ```
//!
//! `suite` is what `benches/run.sh` and `cargo xtask bench` run: it builds
//! the generator CLI, installs `cargo-progenitor` from crates.io into a
//! scratch directory, and measures (each a median of several runs, the
//! compared programs interleaved run by run):
//!
//! 1. codegen end to end (processes: wall time and peak RSS via `wait4`),
//!    ours, progenitor's, and the parse floor; then the per-stage breakdown
//!    in process ([`stages`]);
//! 2. the compile cost of the generated crates (`cargo check`, `cargo
//!    build` and `cargo build --release` after touching `src/lib.rs`,
//!    dependencies prebuilt, `CARGO_INCREMENTAL=0`) and their lines of Rust
//!    ([`compile`]): the current generator's against today's (an earlier
//!    commit's generator, built from a git worktree: [`baseline`]) and
//!    progenitor's, and GitHub's crate with one group's feature ([`cost`]);
//! 3. the client (`benches/client`: requests/s, latency, decoding);
//! 4. the targets of the compile-cost issue, read off these figures.
//!
//! The results (Markdown, with the machine, commit and command) go to
//! `target/bench/results.md` unless `--out` says otherwise.
//! Everything scratch lives in `target/bench/`.

mod baseline;
mod compile;
mod cost;
mod proc;
mod progenitor;
mod spec;
mod stages;
mod stats;
mod suite;
mod units;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("suite") => suite::command(&args[1..]),
        Some("stages") => stages::command(&args[1..]),
        Some("parse") => stages::parse_command(&args[1..]),
        Some("measure") => proc::measure_command(&args[1..]),
        _ => Err(
            "usage: bench suite [--quick] [--skip-progenitor] [--skip-compile] [--skip-client] \
             [--skip-baseline] [--baseline REV] [--compile-reps C,B,R] [--out FILE] [--specs-dir DIR] [--progenitor-root DIR]\n       \
             bench stages SPEC [--reps N]\n       bench parse SPEC"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
