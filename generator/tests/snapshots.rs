//! One snapshot per fixture spec (and one for the OnlyFans spec): the
//! generated Rust and the warnings, exactly. `compile.rs` checks that every
//! snapshotted output also compiles.

use generator::{generate, Options};
use std::path::Path;

/// The options of a spec: its SDK profile, if it has one (a fixture's is
/// `tests/profiles/{name}`; the OnlyFans spec's `spec/sdk-profile.yaml`).
fn options_for(spec: &Path) -> Options {
    let dir = spec.parent().unwrap();
    let name = spec.file_name().unwrap();
    let profile = [
        dir.join("../profiles").join(name),
        dir.join("sdk-profile.yaml"),
    ]
    .into_iter()
    .find_map(|p| std::fs::read_to_string(p).ok())
    .map(|t| generator::profile::Profile::parse(&t).unwrap())
    .unwrap_or_default();
    Options {
        profile,
        ..Options::default()
    }
}

/// The Rust files and warnings of one generation, as one reviewable text.
fn render(file: &str, text: &str, options: &Options) -> String {
    let out = generate(file, text, options).unwrap_or_else(|e| panic!("{e}"));
    let mut s = String::new();
    if !out.summary.warnings.is_empty() {
        s.push_str("// warnings:\n");
        for w in &out.summary.warnings {
            s.push_str(&format!("//   {w}\n"));
        }
        s.push('\n');
    }
    for f in out.files.iter().filter(|f| f.path.ends_with(".rs")) {
        s.push_str(&format!("// ===== {} =====\n", f.path));
        s.push_str(&f.contents);
        s.push('\n');
    }
    s
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(render(&name, &text, &options_for(path)));
    });
}

#[test]
fn onlyfans_spec() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!(render("spec/openapi.yaml", &text, &options_for(&path)));
}

#[test]
fn generation_is_deterministic() {
    insta::glob!("fixtures/*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let a = generate("f", &text, &options_for(path)).unwrap();
        let b = generate("f", &text, &options_for(path)).unwrap();
        assert_eq!(a.files, b.files);
    });
}

/// Every snapshot file belongs to a fixture that still exists (what
/// `cargo insta test --unreferenced=reject` checks, without the extra tool).
#[test]
fn no_orphaned_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for entry in std::fs::read_dir(dir.join("snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if let Some(fixture) = name
            .strip_prefix("snapshots__fixtures@")
            .and_then(|n| n.strip_suffix(".snap"))
        {
            assert!(
                dir.join("fixtures").join(fixture).exists(),
                "snapshot {name} has no fixture"
            );
        } else {
            assert_eq!(
                name, "snapshots__onlyfans_spec.snap",
                "unexpected file in snapshots/"
            );
        }
    }
}
