//! Every snapshotted output must compile, and its types must carry every
//! valid value of the spec. Each fixture (and the OnlyFans spec) is generated
//! as a standalone crate, with its round-trip program and cases, into one
//! scratch workspace under the target directory (`standalone::workspace`):
//!
//! - `cargo clippy --all-targets -D warnings` runs once over all of them (one
//!   dependency build, shared target dir): generated code, the round-trip
//!   programs included, must be warning-free;
//! - the property test builds the round-trip programs and runs them:
//!   [`INSTANCES`] values drawn from every body schema (`generator::instances`,
//!   from the spec, not from our types) and every documented example must
//!   decode into the generated type and encode back to the same JSON.

use generator::standalone::{workspace, Member};
use generator::{generate, Options};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Values drawn per body schema in the property test.
const INSTANCES: usize = 25;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Cargo for the scratch workspace, without the variables `cargo test` sets
/// for this package: build scripts that watch them (ring's watches
/// `CARGO_PKG_NAME`) would otherwise rebuild whenever `cargo xtask corpus`
/// has used the shared target directory in between.
fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.env_remove("RUSTFLAGS");
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_PKG_")
            || k.starts_with("CARGO_MANIFEST_")
            || [
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
            ]
            .contains(&k.as_str())
        {
            c.env_remove(k);
        }
    }
    c
}

/// The fixture specs and the OnlyFans spec, by crate name.
fn specs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs: Vec<(String, PathBuf)> =
        std::fs::read_dir(root.join("generator/tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .map(|p| {
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                (format!("fixture-{stem}"), p)
            })
            .collect();
    specs.push(("fixture-onlyfans".into(), root.join("spec/openapi.yaml")));
    specs.sort();
    specs
}

/// The scratch workspace, written once per test run (both tests use it).
fn scratch() -> &'static Path {
    static WS: OnceLock<PathBuf> = OnceLock::new();
    WS.get_or_init(|| {
        let members: Vec<Member> = specs()
            .into_iter()
            .map(|(name, path)| {
                let text = std::fs::read_to_string(&path).unwrap();
                let options = Options {
                    crate_name: Some(name.clone()),
                    standalone: true,
                    roundtrip: true,
                    instances: INSTANCES,
                    ..Options::default()
                };
                let out = generate(&path.display().to_string(), &text, &options)
                    .unwrap_or_else(|e| panic!("{e}"));
                Member {
                    name,
                    files: out.files,
                }
            })
            .collect();
        let ws = target_dir().join("snapshot-crates");
        let files = workspace(
            "Scratch workspace of generator/tests/compile.rs: one crate per fixture spec.",
            &members,
            &[],
        );
        for f in &files {
            let path = ws.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            // Leave unchanged files alone so cargo's freshness checks keep working.
            if std::fs::read_to_string(&path).ok().as_deref() != Some(f.contents.as_str()) {
                std::fs::write(&path, &f.contents).unwrap();
            }
        }
        ws
    })
}

#[test]
fn every_snapshot_compiles_without_warnings() {
    let ws = scratch();
    let status = cargo()
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir().join("snapshot-check"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "generated crates in {} do not compile cleanly",
        ws.display()
    );
    // With no operation group on, only what no operation reaches is compiled
    // (and what that uses): it must compile, and clippy-clean too.
    let status = cargo()
        .args([
            "clippy",
            "--workspace",
            "--lib",
            "--no-default-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir().join("snapshot-check"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "generated crates in {} do not compile cleanly without features",
        ws.display()
    );
}

#[test]
fn drawn_instances_round_trip() {
    let ws = scratch();
    // The corpus's target directory: same lock, same profile, same
    // dependencies, so they build once for both.
    let target = target_dir().join("generated-crates");
    let status = cargo()
        .args(["build", "--workspace", "--examples", "--quiet"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "round-trip programs in {} do not build",
        ws.display()
    );

    let (mut instances, mut examples, mut skipped) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for (name, _) in specs() {
        let exe = target
            .join("debug/examples")
            .join(format!("{}_roundtrip", name.replace('-', "_")));
        let out = Command::new(&exe)
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", exe.display()));
        assert!(
            out.status.success(),
            "{} failed: {}",
            exe.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let c: Vec<&str> = line.split('\t').collect();
            let [op, _key, kind, source, index, status, note, value, detail] = &c[..] else {
                panic!("{name}: unexpected output line `{line}`");
            };
            match *source {
                "instance" => instances += 1,
                _ => examples += 1,
            }
            match *status {
                "ok" => {}
                "skip" => skipped.push(format!("{name}: {op} {kind} #{index}: {detail}")),
                // A documented example that contradicts its own schema is the spec's fault.
                _ if !note.is_empty() => {}
                _ => failures.push(format!(
                    "{name}: {op} {kind} {source} #{index}\n    value:  {value}\n    {detail}"
                )),
            }
        }
    }
    eprintln!(
        "{instances} drawn instances and {examples} documented examples checked; {} draws skipped",
        skipped.len()
    );
    for s in &skipped {
        eprintln!("  skipped: {s}");
    }
    assert!(
        instances > 0,
        "no instance was drawn: the property test checked nothing"
    );
    assert!(
        failures.is_empty(),
        "{} values do not round-trip through the generated types:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
