//! Quick pass over the real specs in `../shared/specs` and
//! `../shared/specs-versions` (Swagger 2.0 and OpenAPI 3.1): each generates,
//! twice identically, without panicking. Ignored unless asked for (`cargo
//! test -- --ignored`, which `.ci/run` does): the corpus sits beside the
//! checkout, not in it. The full corpus run (compile + example round-trip)
//! is `cargo xtask corpus`, run by `.ci/run`.

use generator::ir::TypeKind;
use generator::{generate, lower_spec, Options, Rule};
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

/// Every corpus spec, sorted; panics without the corpus.
fn corpus() -> Vec<PathBuf> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let mut files = Vec::new();
    specs(&shared.join("specs"), &mut files);
    specs(&shared.join("specs-versions"), &mut files);
    assert!(
        !files.is_empty(),
        "no corpus at {} (it sits beside the checkout in CI)",
        shared.display()
    );
    files.sort();
    files
}

/// No union variant is named by a counter (`String2`, `Object3`) unless a
/// warning (`unnamed-variant`) says why: the schema gave nothing to name it
/// by. And Oxide's instance state, a `oneOf` of documented one-value
/// enums, is one enum whose values are its variants.
#[test]
#[ignore = "needs ../shared/specs beside the checkout; .ci/run runs it"]
fn union_variants_are_named_by_what_the_schema_says() {
    let mut unexplained = Vec::new();
    for f in corpus() {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        let (api, warnings) = lower_spec(&name, &text, &Options::default()).unwrap();
        let explained: Vec<&str> = warnings
            .iter()
            .filter(|w| w.rule == Rule::UnnamedVariant)
            .map(|w| w.message.as_str())
            .collect();
        for t in &api.types {
            let TypeKind::Union { variants, .. } = &t.kind else {
                continue;
            };
            let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
            for n in &names {
                let stem = n.trim_end_matches(|c: char| c.is_ascii_digit());
                let counted = stem.len() < n.len() && names.contains(&stem);
                if counted && !explained.iter().any(|m| m.contains(&format!("`{n}`"))) {
                    unexplained.push(format!("{name}: {}::{n}", t.name));
                }
            }
        }
        if name.ends_with("04-oxidecomputer-progenitor-nexus.json") {
            let state = api
                .type_def("InstanceState")
                .expect("nexus has InstanceState");
            let TypeKind::Enum { variants, .. } = &state.kind else {
                panic!("InstanceState is not an enum: {:?}", state.kind);
            };
            let values: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
            assert!(
                values.contains(&"Running") && values.contains(&"Stopped"),
                "{values:?}"
            );
            assert!(
                variants.iter().all(|v| v.doc.is_some()),
                "each value documented"
            );
        }
    }
    assert!(
        unexplained.is_empty(),
        "variants numbered without a warning:\n{}",
        unexplained.join("\n")
    );
}

#[test]
#[ignore = "needs ../shared/specs beside the checkout; .ci/run runs it"]
fn every_corpus_spec_generates_deterministically() {
    let files = corpus();
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
