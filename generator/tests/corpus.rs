//! Quick pass over the real specs in `../shared/specs` and
//! `../shared/specs-versions` (Swagger 2.0 and OpenAPI 3.1): each generates,
//! twice identically, without panicking. Ignored unless asked for (`cargo
//! test -- --ignored`, which `.ci/run` does): the corpus sits beside the
//! checkout, not in it. The full corpus run (compile + example round-trip)
//! is `cargo xtask corpus`, run by `.ci/run`.

use generator::{generate, Options};
use std::path::{Path, PathBuf};

fn specs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            specs(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(p);
        }
    }
}

#[test]
#[ignore = "needs ../shared/specs beside the checkout; .ci/run runs it"]
fn every_corpus_spec_generates_deterministically() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let dir = shared.join("specs");
    let mut files = Vec::new();
    specs(&dir, &mut files);
    specs(&shared.join("specs-versions"), &mut files);
    assert!(
        !files.is_empty(),
        "no corpus at {} (it sits beside the checkout in CI)",
        dir.display()
    );
    files.sort();
    let options = Options {
        standalone: true,
        roundtrip: true,
        instances: 3,
        ..Options::default()
    };
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.display().to_string();
        let a = generate(&name, &text, &options).unwrap_or_else(|e| panic!("{e}"));
        let b = generate(&name, &text, &options).unwrap();
        assert_eq!(a.files, b.files, "{name}: output differs between two runs");
    }
    eprintln!("{} corpus specs generated", files.len());
}
