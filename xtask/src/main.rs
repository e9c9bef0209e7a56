//! The project's automation, run as `cargo xtask <command>` (the alias lives
//! in `.cargo/config.toml`). See `cargo xtask help` for usage.
//!
//! # Codemap
//!
//! - `flags` — hand-rolled argument parsing into a `Command`, and the usage
//!   text. No printing, no exiting.
//! - `codegen` — `cargo xtask codegen [--check]`: `spec/openapi.yaml` →
//!   `generator::generate` (in memory) → `generated-client/`, every file
//!   written or checked by the one function `ensure_file_contents`. Its
//!   `generated_code_is_fresh` test runs the check mode under `cargo test`.
//! - `fetch` — `cargo xtask fetch`: download the spec, validate it with
//!   `generator::inspect`, then atomically replace `spec/openapi.yaml` and
//!   update `spec/PROVENANCE.md` (`fetch::provenance` edits the text).
//!   Tests run it against a loopback server and a temporary directory.
//! - `diff` — `cargo xtask diff [OLD] [NEW]`: lower two specs and report
//!   the API changes as the generated client's users see them, breaking or
//!   compatible, with the version bump (`diff::kinds` holds the rules).
//!   `fetch` prints the same report when the download differs.
//! - `bench` — `cargo xtask bench`: runs `benches/run.sh` (see BENCHMARKS.md).
//! - `util` — workspace root, path display, atomic writes, SHA-256.
//!
//! # Invariants
//!
//! - The generator does no IO; all reading and writing of project files
//!   happens here, and every write is atomic (temporary file + rename).
//! - A command that fails leaves the files it guards as they were: a spec
//!   that does not generate writes no code; a fetch that fails leaves the
//!   snapshot untouched; `--check` never writes.
//! - Exit status: 0 success, 1 failure, 2 usage error.
//!
//! Build time matters (every `cargo xtask` compiles this crate first), so the
//! dependencies are `generator`, `ureq` (rustls) and `sha2`, with minimal features,
//! plus `serde`/`serde_json`, which `generator` builds anyway.

mod bench;
mod codegen;
mod corpus;
mod diff;
mod fetch;
mod flags;
mod util;

use std::process::ExitCode;

use flags::Command;

fn main() -> ExitCode {
    let command = match flags::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", flags::usage());
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            print!("{}", flags::usage());
            ExitCode::SUCCESS
        }
        Command::Codegen {
            check,
            all_warnings,
        } => codegen::command(check, all_warnings),
        Command::Fetch {
            url,
            timeout,
            all_warnings,
        } => fetch::command(&url, timeout, all_warnings),
        Command::Diff(args) => diff::command(&args),
        Command::Corpus(args) => corpus::command(&args),
        Command::Bench { args } => bench::command(&args),
    }
}
