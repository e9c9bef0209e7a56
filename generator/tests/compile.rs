//! Every snapshotted output must compile: each fixture (and the OnlyFans
//! spec) is generated as a standalone crate into one scratch workspace under
//! the target directory, and `cargo check` runs once over all of them (one
//! dependency build, shared target dir). Clippy runs too, with `-D warnings`,
//! since generated code must be warning-free.

use generator::{generate, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Leave unchanged files alone so cargo's freshness checks keep working.
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

#[test]
fn every_snapshot_compiles_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs: Vec<(String, PathBuf)> =
        std::fs::read_dir(root.join("generator/tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .map(|p| (p.file_stem().unwrap().to_string_lossy().to_string(), p))
            .collect();
    specs.push(("onlyfans".into(), root.join("spec/openapi.yaml")));
    specs.sort();

    let ws = target_dir().join("snapshot-crates");
    let mut members = Vec::new();
    for (name, path) in &specs {
        let text = std::fs::read_to_string(path).unwrap();
        let crate_name = format!("fixture-{name}");
        let options = Options {
            crate_name: Some(crate_name.clone()),
            standalone: true,
            ..Options::default()
        };
        let out = generate(&path.display().to_string(), &text, &options)
            .unwrap_or_else(|e| panic!("{e}"));
        for f in &out.files {
            write(&ws.join(&crate_name).join(&f.path), &f.contents);
        }
        members.push(format!("\"{crate_name}\""));
    }
    write(
        &ws.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    // Same dependency versions as the workspace: no resolution, no surprises.
    write(
        &ws.join("Cargo.lock"),
        &std::fs::read_to_string(root.join("Cargo.lock")).unwrap(),
    );

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", target_dir().join("snapshot-check"))
        .env_remove("RUSTFLAGS")
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "generated crates in {} do not compile cleanly",
        ws.display()
    );
}
