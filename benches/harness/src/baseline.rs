//! Today's generator: the generator of an earlier commit (by default the
//! one whose figures BENCHMARKS.md published before the compile-cost work),
//! built from a `git worktree` of this repository under
//! `target/bench/baseline/`, so its crates can be measured beside the
//! current generator's in one run. Needs no network when the commit's
//! dependencies are in cargo's cache (they are, on a machine that built it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The commit the suite compares against unless `--baseline REV` says otherwise:
/// the generator of the published run (BENCHMARKS.md before the compile-cost
/// work). 7adbe76 generates the same code.
pub(crate) const DEFAULT: &str = "5b7692580a487ae7c0afe40e12ab9cbd2138785d";

pub(crate) struct Baseline {
    /// Full commit hash.
    pub commit: String,
    /// `git log -1 --format=%h %s` of it.
    pub subject: String,
    /// Its generator CLI (`generator generate --spec … --out … --name …`).
    pub generator: PathBuf,
    /// Its `Cargo.lock`: the dependency versions of its generated crates.
    pub lock: PathBuf,
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The worktree of `rev` under `scratch/baseline/` (made once, reused while
/// it is at that commit) and its generator, built in release mode.
pub(crate) fn prepare(root: &Path, scratch: &Path, rev: &str) -> Result<Baseline, String> {
    let commit = git(
        root,
        &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
    )?;
    let subject = git(root, &["log", "-1", "--format=%h %s", &commit])?;
    let base = scratch.join("baseline");
    let dir = base.join(format!("src-{}", &commit[..12]));
    let at_commit = dir.join(".git").exists()
        && git(&dir, &["rev-parse", "HEAD"]).ok().as_deref() == Some(commit.as_str());
    if !at_commit {
        eprintln!(
            "==> baseline: git worktree of {} at {}",
            &commit[..12],
            dir.display()
        );
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
        // A worktree whose directory was deleted by hand is still registered.
        git(root, &["worktree", "prune"])?;
        let shown = dir.display().to_string();
        git(root, &["worktree", "add", "--detach", &shown, &commit])?;
    }
    eprintln!("==> baseline: building its generator CLI (release)");
    let target = base.join("cargo");
    let build = |offline: bool| {
        let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        c.args([
            "build",
            "--release",
            "--locked",
            "-p",
            "generator",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .env_remove("CARGO_TARGET_DIR");
        if offline {
            c.arg("--offline");
        }
        c.status()
    };
    // Offline first (its dependencies are usually cached); then with the registry.
    let ok = build(true).is_ok_and(|s| s.success())
        || build(false)
            .map_err(|e| format!("cannot run cargo: {e}"))?
            .success();
    if !ok {
        return Err(format!(
            "building the generator of {} failed",
            &commit[..12]
        ));
    }
    Ok(Baseline {
        generator: target.join("release/generator"),
        lock: dir.join("Cargo.lock"),
        commit,
        subject,
    })
}
