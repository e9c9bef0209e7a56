//! The compile cost of generated crates.
//!
//! The crates of one dependency set are members of one scratch workspace
//! with its own target directory, so their dependencies build once
//! (untimed: a first `cargo check`, `cargo build` and `cargo build
//! --release` of each). Then, per kind (check, build, release), repetition
//! and crate (crates of every workspace interleaved): touch `src/lib.rs` and
//! time the cargo command for that one crate, offline, with
//! `CARGO_INCREMENTAL=0` so each run compiles the whole crate, as a fresh
//! build of it would. A crate may be measured several times with different
//! features (`--no-default-features --features GROUP`). Times are of the
//! whole cargo command; `cargo noop` (the same check with nothing to do) is
//! cargo's own share. The peak memory is `ru_maxrss` of the cargo process
//! tree, i.e. of the largest rustc; the CPU time is user + system time of
//! that tree (what the machine's other load moves least).
//!
//! `cargo build` uses cargo's default dev profile, debug info included (what
//! a user's `cargo build` does to a dependency): the scratch workspaces turn
//! it off for the compile tests, and `CARGO_PROFILE_DEV_DEBUG` turns it back on.

use crate::proc;
use crate::stats::{median, median_u64};
use crate::units::{fmt_dur, fmt_kb};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

#[derive(Clone)]
pub(crate) struct Crate {
    /// Package name (unique in its workspace).
    pub name: String,
    /// The workspace it is a member of.
    pub ws: PathBuf,
    pub dir: PathBuf,
    /// Path prefix (under the crate) of generated code, when the crate also
    /// holds hand-written code (our runtime): `src/generated`.
    pub generated_under: Option<&'static str>,
    /// Feature flags for every cargo command (`--no-default-features`,
    /// `--features`, `GROUP`); empty: the default features.
    pub features: Vec<String>,
}

#[derive(Default, Clone, Copy)]
pub(crate) struct Measured {
    pub time: Option<Duration>,
    pub rss_kb: u64,
    /// Median CPU time (user + system) of the cargo command and its rustc.
    pub cpu: Option<Duration>,
}

#[derive(Default)]
pub(crate) struct Row {
    pub lines_total: usize,
    pub lines_generated: usize,
    pub check: Measured,
    pub build: Measured,
    pub release: Measured,
    pub noop: Option<Duration>,
    pub error: Option<String>,
}

/// Repetitions of each kind of build.
pub(crate) struct Reps {
    pub check: usize,
    pub build: usize,
    pub release: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Check,
    Build,
    Release,
}

impl Kind {
    fn args(self) -> &'static [&'static str] {
        match self {
            Kind::Check => &["check"],
            Kind::Build => &["build"],
            Kind::Release => &["build", "--release"],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Check => "check",
            Kind::Build => "build",
            Kind::Release => "release",
        }
    }
}

fn cargo(c: &Crate, kind: Kind, offline: bool) -> Command {
    let ws = &c.ws;
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(kind.args())
        .args(["-p", &c.name])
        .args(&c.features)
        .arg("--manifest-path")
        .arg(ws.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(ws.join("target"))
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "true")
        .env("CARGO_TERM_COLOR", "never");
    if offline {
        cmd.arg("--offline");
    }
    cmd
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

/// Measures every crate; rows in the order of `crates`.
pub(crate) fn measure(crates: &[Crate], reps: &Reps) -> Result<Vec<Row>, String> {
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
    prebuild(crates, &mut rows)?;
    let ok: Vec<usize> = (0..crates.len())
        .filter(|&i| rows[i].error.is_none())
        .collect();
    for (kind, reps) in [
        (Kind::Check, reps.check),
        (Kind::Build, reps.build),
        (Kind::Release, reps.release),
    ] {
        if reps == 0 {
            continue;
        }
        let measured = time_kind(crates, &ok, kind, reps)?;
        for (&i, m) in ok.iter().zip(measured) {
            match kind {
                Kind::Check => rows[i].check = m,
                Kind::Build => rows[i].build = m,
                Kind::Release => rows[i].release = m,
            }
        }
    }
    // Cargo's own share: the same check with nothing to do.
    for &i in &ok {
        let c = &crates[i];
        let mut noop = Vec::new();
        for _ in 0..3 {
            let run = proc::run(&mut cargo(c, Kind::Check, true), &scratch(c))?;
            noop.push(run.wall);
        }
        rows[i].noop = Some(median(&noop));
    }
    Ok(rows)
}

/// Where the cargo commands of a crate's workspace write their output.
fn scratch(c: &Crate) -> PathBuf {
    c.ws.join("target/bench-output")
}

/// Dependencies, untimed; a crate that does not build is reported (its
/// row's `error`) and skipped. The same crate with other features has the
/// same dependencies: built once.
fn prebuild(crates: &[Crate], rows: &mut [Row]) -> Result<(), String> {
    for (i, (c, row)) in crates.iter().zip(rows).enumerate() {
        if crates[..i].iter().any(|o| o.ws == c.ws && o.dir == c.dir) {
            continue;
        }
        for kind in [Kind::Check, Kind::Build, Kind::Release] {
            let mut cmd = cargo(c, kind, false);
            eprintln!(
                "  prebuilding: cargo {} -p {} {} ({})",
                kind.args().join(" "),
                c.name,
                c.features.join(" "),
                c.ws.display()
            );
            let run = proc::run(&mut cmd, &scratch(c))?;
            if !run.success {
                row.error = Some(first_error(&run.output));
                break;
            }
        }
    }
    Ok(())
}

/// `reps` timed runs of one kind of build of each crate in `ok` (crates
/// interleaved run by run); the medians, in the order of `ok`.
fn time_kind(
    crates: &[Crate],
    ok: &[usize],
    kind: Kind,
    reps: usize,
) -> Result<Vec<Measured>, String> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); ok.len()];
    let mut rss: Vec<Vec<u64>> = vec![Vec::new(); ok.len()];
    let mut cpu: Vec<Vec<Duration>> = vec![Vec::new(); ok.len()];
    for rep in 0..reps {
        for (j, &i) in ok.iter().enumerate() {
            let run = time_once(&crates[i], kind, rep)?;
            times[j].push(run.wall);
            rss[j].push(run.max_rss_kb);
            cpu[j].push(run.cpu);
        }
    }
    Ok((0..ok.len())
        .map(|j| Measured {
            time: Some(median(&times[j])),
            rss_kb: median_u64(&rss[j]),
            cpu: Some(median(&cpu[j])),
        })
        .collect())
}

/// Touches the crate and runs one timed build of it; checks that cargo
/// compiled the crate.
fn time_once(c: &Crate, kind: Kind, rep: usize) -> Result<proc::Run, String> {
    touch(&c.dir)?;
    let mut cmd = cargo(c, kind, true);
    let run = proc::run(&mut cmd, &scratch(c))?;
    let shown = format!(
        "cargo {} -p {} {}",
        kind.name(),
        c.name,
        c.features.join(" ")
    );
    if !run.success {
        return Err(format!(
            "{shown} failed after prebuilding: {}",
            first_error(&run.output)
        ));
    }
    if !run.output.contains(&format!("{} v", c.name)) {
        return Err(format!(
            "{shown} did not recompile {} after the touch: {}",
            c.name,
            run.output.trim()
        ));
    }
    eprintln!(
        "  {shown} rep {}: {} (CPU {}), {}",
        rep + 1,
        fmt_dur(run.wall),
        fmt_dur(run.cpu),
        fmt_kb(run.max_rss_kb)
    );
    Ok(run)
}
