//! The second judge: `cargo-semver-checks` on the crates generated from
//! every fixture pair. The rule is one-directional: whatever it calls a
//! major change, the diff must call breaking; where the diff is stricter
//! (a field's type changed, a change only on the wire, …), the fixture's
//! `new.yaml` says why in a `# stricter than cargo-semver-checks: …` line.
//!
//! Ignored unless asked for (`cargo test -- --ignored`): it needs
//! `cargo semver-checks`, which `.ci/run` installs before running it.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::standalone::{workspace, Member};
use generator::Options;

use super::compare::compare;
use super::kinds::Severity;

/// The marker a fixture carries when the diff is stricter than the judge.
const STRICTER: &str = "# stricter than cargo-semver-checks:";

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn installed() -> bool {
    Command::new(cargo())
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn scratch() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::util::project_root().join("target"))
        .join("semver-judge")
}

/// Writes `contents` unless the file already holds it (cargo's freshness
/// checks stay valid between runs).
fn write(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The crate generated from `spec`, as the only member of a workspace at `dir`.
fn generate(spec: &Path, dir: &Path) {
    let text = std::fs::read_to_string(spec).unwrap();
    let options = Options {
        crate_name: Some("judge-api".into()),
        standalone: true,
        ..Options::default()
    };
    let out = generator::generate(&spec.display().to_string(), &text, &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let member = Member {
        name: "judge-api".into(),
        files: out.files,
    };
    for f in workspace(
        "A crate of the semver judge (xtask/src/diff/judge.rs).",
        &[member],
        &[],
    ) {
        write(&dir.join(&f.path), &f.contents);
    }
}

/// Does `cargo-semver-checks` call `old` → `new` a major change?
fn judge(case: &str, old: &Path, new: &Path, target: &Path) -> Result<bool, String> {
    let output = Command::new(cargo())
        .args(["semver-checks", "--manifest-path"])
        .arg(new.join("judge-api/Cargo.toml"))
        .arg("--baseline-root")
        .arg(old)
        .args([
            "--release-type",
            "minor",
            "--default-features",
            "--color",
            "never",
        ])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("{case}: cannot run cargo semver-checks: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if text.contains("semver requires new major version") {
        Ok(true)
    } else if output.status.success() {
        Ok(false)
    } else {
        Err(format!("{case}: cargo semver-checks failed:\n{text}"))
    }
}

#[test]
#[ignore = "needs cargo-semver-checks (cargo install cargo-semver-checks --version ^0.51 --locked); .ci/run installs it and runs this"]
fn cargo_semver_checks_never_finds_a_major_change_the_diff_calls_compatible() {
    assert!(
        installed(),
        "cargo-semver-checks is not installed \
         (cargo install cargo-semver-checks --version ^0.51 --locked)"
    );
    let fixtures = crate::util::project_root().join("xtask/tests/fixtures/diff");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let root = scratch();
    // Two workers, each with its own target directory (cargo locks one per
    // run): rustdoc on the judged crates is most of the time.
    let workers = 2;
    let mut results: Vec<(String, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (cases, root) = (&cases, &root);
                scope.spawn(move || {
                    let target = root.join(format!("target-{w}"));
                    cases
                        .iter()
                        .skip(w)
                        .step_by(workers)
                        .map(|dir| judge_case(dir, root, &target))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a judge worker panicked"))
            .collect()
    });
    results.sort();
    let table: Vec<String> = results.iter().map(|(line, _)| line.clone()).collect();
    let problems: Vec<String> = results.into_iter().flat_map(|(_, p)| p).collect();
    eprintln!("{}", table.join("\n"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One fixture pair: both crates generated, judged by cargo-semver-checks
/// and by the diff; its table line and its problems.
fn judge_case(dir: &Path, root: &Path, target: &Path) -> (String, Vec<String>) {
    let case = dir.file_name().unwrap().to_string_lossy().to_string();
    let (old, new) = (root.join(&case).join("old"), root.join(&case).join("new"));
    generate(&dir.join("old.yaml"), &old);
    generate(&dir.join("new.yaml"), &new);
    let major = match judge(&case, &old, &new, target) {
        Ok(m) => m,
        Err(e) => return (format!("{case:<32} semver-checks failed"), vec![e]),
    };
    let lower = |p: &Path| {
        let text = std::fs::read_to_string(p).unwrap();
        generator::lower_spec(&p.display().to_string(), &text, &Options::default())
            .unwrap()
            .0
    };
    let diff = compare(&lower(&dir.join("old.yaml")), &lower(&dir.join("new.yaml")));
    let breaking = diff.count(Severity::Breaking) > 0;
    let explained = std::fs::read_to_string(dir.join("new.yaml"))
        .unwrap()
        .lines()
        .any(|l| l.starts_with(STRICTER));
    let line = format!(
        "{case:<32} semver-checks: {:<5} diff: {}",
        if major { "major" } else { "minor" },
        if breaking { "breaking" } else { "compatible" }
    );
    let problem = match (major, breaking, explained) {
        (true, false, _) => Some(format!(
            "{case}: cargo-semver-checks finds a major change, the diff calls it compatible"
        )),
        (false, true, false) => Some(format!(
            "{case}: the diff is stricter than cargo-semver-checks; say why in new.yaml (`{STRICTER} …`)"
        )),
        (true, true, true) => Some(format!(
            "{case}: new.yaml says the diff is stricter than cargo-semver-checks, but both call it major"
        )),
        _ => None,
    };
    (line, problem.into_iter().collect())
}
