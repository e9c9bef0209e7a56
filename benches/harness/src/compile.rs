//! The compile cost of generated crates.
//!
//! The crates of one generator are members of one scratch workspace with its
//! own target directory, so their dependencies build once (untimed: a first
//! `cargo check` and `cargo build --release` of each). Then, per repetition
//! and crate (crates interleaved): touch `src/lib.rs` and time `cargo check
//! -p CRATE --offline` (resp. `cargo build --release`), with
//! `CARGO_INCREMENTAL=0` so each run compiles the whole crate, as a fresh
//! build of it would. Times are of the whole cargo command; `cargo noop` (the
//! same command with nothing to do) is cargo's own share. The peak memory is
//! `ru_maxrss` of the cargo process tree, i.e. of the largest rustc.

use crate::proc;
use crate::{median, median_u64};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

#[derive(Clone)]
pub(crate) struct Crate {
    /// Package name (unique in the workspace).
    pub name: String,
    pub dir: PathBuf,
    /// Path prefix (under the crate) of generated code, when the crate also
    /// holds hand-written code (our runtime): `src/generated`.
    pub generated_under: Option<&'static str>,
}

#[derive(Default)]
pub(crate) struct Row {
    pub lines_total: usize,
    pub lines_generated: usize,
    pub check: Option<Duration>,
    pub check_rss_kb: u64,
    pub release: Option<Duration>,
    pub release_rss_kb: u64,
    pub noop: Option<Duration>,
    pub error: Option<String>,
}

fn cargo(ws: &Path, args: &[&str], offline: bool) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.args(args)
        .arg("--manifest-path")
        .arg(ws.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(ws.join("target"))
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TERM_COLOR", "never");
    if offline {
        c.arg("--offline");
    }
    c
}

fn touch(dir: &Path) -> Result<(), String> {
    let lib = dir.join("src/lib.rs");
    std::fs::File::options()
        .write(true)
        .open(&lib)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| format!("touch {}: {e}", lib.display()))
}

/// The first lines of cargo's output that say what went wrong.
fn first_error(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| l.starts_with("error") || l.trim_start().starts_with("-->"))
        .take(4)
        .collect();
    if lines.is_empty() {
        output.lines().rev().take(4).collect::<Vec<_>>().join(" / ")
    } else {
        lines.join(" / ")
    }
}

fn count_lines(dir: &Path, generated_under: Option<&str>) -> (usize, usize) {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&dir.join("src"), &mut files);
    let (mut total, mut generated) = (0, 0);
    for f in files {
        let n = std::fs::read_to_string(&f).map_or(0, |t| t.lines().count());
        total += n;
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        if generated_under.is_none_or(|g| rel.starts_with(g)) {
            generated += n;
        }
    }
    (total, generated)
}

/// Measures every crate of the workspace `ws`; rows in the order of `crates`.
pub(crate) fn measure(
    ws: &Path,
    crates: &[Crate],
    check_reps: usize,
    release_reps: usize,
) -> Result<Vec<Row>, String> {
    let scratch = ws.join("target/bench-output");
    let mut rows: Vec<Row> = crates
        .iter()
        .map(|c| {
            let (lines_total, lines_generated) = count_lines(&c.dir, c.generated_under);
            Row {
                lines_total,
                lines_generated,
                ..Row::default()
            }
        })
        .collect();
    // Dependencies, untimed; a crate that does not build is reported and skipped.
    for (c, row) in crates.iter().zip(&mut rows) {
        for args in [&["check", "-p"][..], &["build", "--release", "-p"][..]] {
            let mut args = args.to_vec();
            args.push(&c.name);
            eprintln!("  prebuilding: cargo {} ({})", args.join(" "), ws.display());
            let run = proc::run(&mut cargo(ws, &args, false), &scratch)?;
            if !run.success {
                row.error = Some(first_error(&run.output));
                break;
            }
        }
    }
    let ok: Vec<usize> = (0..crates.len())
        .filter(|&i| rows[i].error.is_none())
        .collect();
    for (kind, reps) in [("check", check_reps), ("release", release_reps)] {
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(); crates.len()];
        let mut rss: Vec<Vec<u64>> = vec![Vec::new(); crates.len()];
        for rep in 0..reps {
            for &i in &ok {
                let c = &crates[i];
                touch(&c.dir)?;
                let args: Vec<&str> = match kind {
                    "check" => vec!["check", "-p", &c.name],
                    _ => vec!["build", "--release", "-p", &c.name],
                };
                let run = proc::run(&mut cargo(ws, &args, true), &scratch)?;
                if !run.success {
                    return Err(format!(
                        "cargo {} failed after prebuilding: {}",
                        args.join(" "),
                        first_error(&run.output)
                    ));
                }
                if !run.output.contains(&format!("{} v", c.name)) {
                    return Err(format!(
                        "cargo {} did not recompile {} after the touch: {}",
                        args.join(" "),
                        c.name,
                        run.output.trim()
                    ));
                }
                eprintln!(
                    "  {kind} {} rep {}: {}",
                    c.name,
                    rep + 1,
                    crate::fmt_dur(run.wall)
                );
                times[i].push(run.wall);
                rss[i].push(run.max_rss_kb);
            }
        }
        for &i in &ok {
            if reps == 0 {
                continue;
            }
            let (t, m) = (Some(median(&times[i])), median_u64(&rss[i]));
            if kind == "check" {
                rows[i].check = t;
                rows[i].check_rss_kb = m;
            } else {
                rows[i].release = t;
                rows[i].release_rss_kb = m;
            }
        }
    }
    // Cargo's own share: the same check with nothing to do.
    for &i in &ok {
        let c = &crates[i];
        let mut noop = Vec::new();
        for _ in 0..3 {
            let run = proc::run(&mut cargo(ws, &["check", "-p", &c.name], true), &scratch)?;
            noop.push(run.wall);
        }
        rows[i].noop = Some(median(&noop));
    }
    Ok(rows)
}
