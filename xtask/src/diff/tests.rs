//! The `diff` test matrix: one fixture pair per kind of change, in
//! `tests/fixtures/diff/<case>/{old,new}.yaml`, each with an insta snapshot of
//! its Markdown report (`mixed` also as JSON). Each `new.yaml` starts with
//! `# expect: breaking|compatible|none`, checked against the verdict.
//!
//! Plus: argument parsing, sources, the report `fetch` prints, type renames
//! that must not count, and the corpus specs (ignored unless asked for: they
//! sit beside the checkout in `../shared/specs`).

use std::time::{Duration, Instant};

use generator::ir::{Api, TypeKind, TypeRef};

use super::change::ApiDiff;
use super::compare::compare;
use super::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn lower_file(path: &Path) -> Api {
    let text = fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    generator::lower_spec(&path.display().to_string(), &text, &Options::default())
        .unwrap_or_else(|err| panic!("{err}"))
        .0
}

fn krate() -> Crate {
    Crate {
        name: "onlyfans-api".to_owned(),
        version: "0.1.0".to_owned(),
    }
}

const LABELS: Labels<'static> = Labels {
    old: "old.yaml",
    new: "new.yaml",
};

fn verdict(diff: &ApiDiff) -> &'static str {
    if diff.count(Severity::Breaking) > 0 {
        "breaking"
    } else if diff.changes.is_empty() {
        "none"
    } else {
        "compatible"
    }
}

fn case_diff(case: &str) -> ApiDiff {
    let dir = fixtures().join(case);
    compare(
        &lower_file(&dir.join("old.yaml")),
        &lower_file(&dir.join("new.yaml")),
    )
}

#[test]
fn every_fixture_pair_matches_its_snapshot_and_expectation() {
    insta::glob!("../../tests/fixtures/diff", "*/new.yaml", |new_path| {
        let dir = new_path.parent().unwrap();
        let case = dir.file_name().unwrap().to_str().unwrap();
        let diff = case_diff(case);
        let report = render::markdown(&diff, LABELS, Some(&krate()));
        insta::with_settings!({ snapshot_suffix => case }, {
            insta::assert_snapshot!("markdown", report);
        });
        let text = fs::read_to_string(new_path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{case}/new.yaml must start with `# expect: …`"));
        assert_eq!(verdict(&diff), expect, "{case}:\n{report}");
    });
}

#[test]
fn json_report_of_the_mixed_pair() {
    let diff = case_diff("mixed");
    let json = render::json(&diff, LABELS, Some(&krate()));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format"], render::JSON_FORMAT);
    assert_eq!(value["format"], 2, "the format documented in diff.rs");
    assert_eq!(value["semver"]["next"], "0.2.0");
    insta::assert_snapshot!("json_mixed", json);
}

#[test]
fn every_fixture_directory_is_a_pair() {
    let mut cases = 0;
    for entry in fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path();
        assert!(dir.join("old.yaml").is_file(), "{}", dir.display());
        assert!(dir.join("new.yaml").is_file(), "{}", dir.display());
        cases += 1;
    }
    assert!(cases >= 20, "{cases} cases");
}

#[test]
fn reversing_a_pair_swaps_added_and_removed() {
    let dir = fixtures().join("op-added");
    let (old, new) = (
        lower_file(&dir.join("old.yaml")),
        lower_file(&dir.join("new.yaml")),
    );
    let forward = compare(&old, &new);
    let backward = compare(&new, &old);
    assert_eq!(verdict(&forward), "compatible");
    assert_eq!(verdict(&backward), "breaking");
    assert_eq!(forward.changes.len(), backward.changes.len());
}

/// Renames every type (and every reference to it): nothing may be reported.
fn rename_types(api: &mut Api, prefix: &str) {
    fn walk(t: &mut TypeRef, prefix: &str) {
        match t {
            TypeRef::Named(name) => *name = format!("{prefix}{name}"),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                walk(inner, prefix)
            }
            _ => {}
        }
    }
    for def in &mut api.types {
        def.name = format!("{prefix}{}", def.name);
        match &mut def.kind {
            TypeKind::Struct {
                fields, additional, ..
            } => {
                fields.iter_mut().for_each(|f| walk(&mut f.ty, prefix));
                additional.iter_mut().for_each(|a| walk(&mut a.ty, prefix));
            }
            TypeKind::Union { variants, .. } => {
                variants.iter_mut().for_each(|v| walk(&mut v.ty, prefix))
            }
            TypeKind::Alias { target } => walk(target, prefix),
            TypeKind::Enum { .. } => {}
        }
    }
    for op in &mut api.operations {
        op.params.iter_mut().for_each(|p| walk(&mut p.ty, prefix));
        op.body.iter_mut().for_each(|b| walk(&mut b.ty, prefix));
        walk(&mut op.response.ty, prefix);
        let call = &mut op.call;
        for input in call.args.iter_mut().chain(call.setters.iter_mut()) {
            walk(&mut input.ty, prefix);
        }
        if let generator::ir::Output::Json(t) = &mut call.output {
            walk(t, prefix);
        }
    }
}

/// Renamed types are renames (code naming them breaks), and nothing else:
/// their fields, values and variants are compared as the same types.
#[test]
fn renaming_every_type_of_the_onlyfans_spec_reports_each_rename_only() {
    let api = lower_file(&util::project_root().join(SPEC));
    assert!(!api.types.is_empty());
    let mut renamed = api.clone();
    rename_types(&mut renamed, "Renamed");
    let diff = compare(&api, &renamed);
    let renames: Vec<(&str, &str)> = diff
        .changes
        .iter()
        .map(|c| {
            assert_eq!(c.kind, super::kinds::Kind::TypeRenamed, "{c:#?}");
            (c.old.as_deref().unwrap(), c.new.as_deref().unwrap())
        })
        .collect();
    let expected: Vec<(String, String)> = api
        .types
        .iter()
        .map(|t| (t.name.clone(), format!("Renamed{}", t.name)))
        .collect();
    let mut got: Vec<(String, String)> = renames
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn fail_on_policies() {
    let table = [
        (FailOn::Never, 3, 3, false),
        (FailOn::Breaking, 0, 3, false),
        (FailOn::Breaking, 1, 0, true),
        (FailOn::Any, 0, 0, false),
        (FailOn::Any, 0, 1, true),
    ];
    for (fail_on, breaking, compatible, fails) in table {
        assert_eq!(
            failed(fail_on, breaking, compatible),
            fails,
            "{fail_on:?} {breaking} {compatible}"
        );
    }
}

#[test]
fn sources_are_files_first_then_git_objects() {
    let existing = fixtures().join("mixed/old.yaml");
    let shown = existing.to_str().unwrap();
    assert_eq!(Source::parse(shown), Source::File(existing.clone()));
    assert_eq!(
        Source::parse("HEAD:spec/openapi.yaml"),
        Source::Git {
            rev: "HEAD".into(),
            path: "spec/openapi.yaml".into()
        }
    );
    assert_eq!(
        Source::parse("missing.yaml"),
        Source::File("missing.yaml".into())
    );
    assert_eq!(Source::parse(":x"), Source::File(":x".into()));
}

#[test]
fn run_reads_files_and_reports_errors() {
    let root = util::project_root();
    let dir = fixtures().join("mixed");
    let args = |old: &Path, new: &Path| Args {
        old: Some(old.to_str().unwrap().to_owned()),
        new: Some(new.to_str().unwrap().to_owned()),
        format: Format::Json,
        fail_on: FailOn::Never,
        rules: false,
    };
    let (text, breaking, compatible) =
        run(&args(&dir.join("old.yaml"), &dir.join("new.yaml")), root).unwrap();
    assert!(breaking > 0 && compatible > 0);
    // The real client's manifest names the crate.
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["semver"]["crate"], "onlyfans-api");

    let err = run(&args(&dir.join("nope.yaml"), &dir.join("new.yaml")), root).unwrap_err();
    assert!(err.contains("nope.yaml"), "{err}");
    let not_openapi = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/not-openapi.yaml");
    let err = run(&args(&not_openapi, &dir.join("new.yaml")), root).unwrap_err();
    assert!(err.contains("the generator rejects"), "{err}");
}

/// The defaults: `HEAD:spec/openapi.yaml` against the working tree.
#[test]
fn defaults_compare_head_with_the_working_tree() {
    let root = util::project_root();
    let git = std::process::Command::new("git")
        .args(["cat-file", "-e", "HEAD:spec/openapi.yaml"])
        .current_dir(root)
        .status();
    if !matches!(git, Ok(status) if status.success()) {
        eprintln!("skipping: no git, or no spec/openapi.yaml at HEAD");
        return;
    }
    let args = crate::flags::diff_args(std::iter::empty())
        .unwrap()
        .unwrap();
    let (text, _, _) = run(&args, root).unwrap_or_else(|err| panic!("{err}"));
    assert!(
        text.starts_with("# API changes: `HEAD:spec/openapi.yaml` → `spec/openapi.yaml`"),
        "{text}"
    );
    let err = Source::Git {
        rev: "no-such-revision-xyz".into(),
        path: SPEC.into(),
    }
    .read(root)
    .unwrap_err();
    assert!(
        err.contains("git show no-such-revision-xyz:spec/openapi.yaml"),
        "{err}"
    );
}

/// What `cargo xtask fetch` prints after replacing the snapshot.
#[test]
fn fetch_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let old = fs::read_to_string(dir.join("old.yaml")).unwrap();
    let good = fs::read_to_string(dir.join("good.yaml")).unwrap();
    let report = fetched(&old, &good, "http://test/openapi.yaml");
    assert!(
        report.starts_with(
            "# API changes: `spec/openapi.yaml (before fetch)` → `http://test/openapi.yaml`"
        ),
        "{report}"
    );
    assert!(
        report.contains("added `GET /api/users/{id}` (`getUser`)"),
        "{report}"
    );
    let broken = fetched("openapi: 2", &good, "u");
    assert!(broken.starts_with("no API change report: "), "{broken}");
}

/// Gives `op` a new optional query parameter like its first one, taken by
/// a setter as lowering would (before an optional body's).
fn add_optional_query_param(op: &mut generator::ir::Operation, wire: &str) {
    let mut extra = op.params[0].clone();
    extra.wire = wire.into();
    extra.name = wire.into();
    extra.location = generator::ir::ParamLocation::Query;
    extra.required = false;
    let setters = &mut op.call.setters;
    let at = setters
        .iter()
        .position(|s| s.source == generator::ir::InputSource::Body)
        .unwrap_or(setters.len());
    let input = generator::ir::Input {
        name: extra.name.clone(),
        source: generator::ir::InputSource::Param(op.params.len()),
        ty: extra.ty.clone(),
        into_string: extra.ty == TypeRef::String,
    };
    setters.insert(at, input);
    op.params.push(extra);
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// Two large real Scribe specs, and one of them against a mutated copy:
/// fast, stable, sensible.
#[test]
#[ignore = "needs ../shared/specs beside the checkout; .ci/run runs it"]
fn real_specs() {
    let dir = util::project_root().join("../shared/specs/scribe");
    let (a, b) = (
        dir.join("01-BaderHalimi-Sado.yaml"),
        dir.join("02-W437-GO-AdminPanel.yaml"),
    );
    assert!(
        a.is_file() && b.is_file(),
        "no corpus specs in {} (it lives beside the checkout)",
        dir.display()
    );
    let ((old, new), lowering) = timed(|| (lower_file(&a), lower_file(&b)));
    let labels = Labels {
        old: "01-BaderHalimi-Sado.yaml",
        new: "02-W437-GO-AdminPanel.yaml",
    };
    let (first, once) = timed(|| render::markdown(&compare(&old, &new), labels, Some(&krate())));
    let (second, _) = timed(|| render::markdown(&compare(&old, &new), labels, Some(&krate())));
    assert_eq!(first, second, "two runs, two reports");
    let diff = compare(&old, &new);
    assert!(diff.count(Severity::Breaking) > 0);
    assert!(first.contains("## Operations") && first.contains("**Major** bump"));

    // The same spec against a copy with known changes.
    let mut mutated = old.clone();
    rename_types(&mut mutated, "Z");
    let removed = mutated.operations.remove(0);
    let op = mutated
        .operations
        .iter_mut()
        .find(|op| {
            op.params
                .iter()
                .any(|p| p.location == generator::ir::ParamLocation::Path)
        })
        .unwrap();
    add_optional_query_param(op, "added_filter");
    let (mutated_diff, mutated_time) = timed(|| compare(&old, &mutated));
    let report = render::markdown(&mutated_diff, labels, Some(&krate()));
    assert!(
        report.contains(&format!(
            "removed `{} {}`",
            removed.method.as_str(),
            removed.path
        )),
        "{report}"
    );
    assert!(
        report.contains("new optional query parameter `added_filter`"),
        "{report}"
    );
    assert!(
        mutated_diff
            .changes
            .iter()
            .filter(|c| matches!(c.subject, change::Subject::Type { .. }))
            .all(|c| c.kind == super::kinds::Kind::TypeRenamed),
        "renamed types are renames, and nothing else:\n{report}"
    );

    eprintln!(
        "real_specs: lowering both {lowering:?}; 01 → 02 compare + render {once:?} \
         ({} operations → {}, {} changes); 01 → mutated 01 {mutated_time:?} ({} changes)",
        old.operations.len(),
        new.operations.len(),
        diff.changes.len(),
        mutated_diff.changes.len(),
    );
    assert_names_items(&old, &new, &diff);
}

/// Every change names an item of the old or the new crate (or the client),
/// and a field's or variant's types before and after are those items'
/// signatures. `generator/tests/items.rs` checks the item lists against the
/// generated code, so what the report names exists, with that signature.
fn assert_names_items(old: &Api, new: &Api, diff: &ApiDiff) {
    use generator::items::{items, Item, ItemKind};
    let index = |api: &Api| -> std::collections::BTreeMap<String, Item> {
        items(api)
            .into_iter()
            .map(|i| (i.path.clone(), i))
            .collect()
    };
    let (old_items, new_items) = (index(old), index(new));
    for c in &diff.changes {
        if c.item == "Client" {
            continue;
        }
        let (before, after) = (old_items.get(&c.item), new_items.get(&c.item));
        assert!(
            before.is_some() || after.is_some(),
            "{:?} names `{}`, which neither crate has",
            c.kind,
            c.item
        );
        // Fields and union variants: old/new are the items' own types.
        fn typed(i: Option<&Item>) -> Option<&Item> {
            i.filter(|i| matches!(i.kind, ItemKind::Field | ItemKind::UnionVariant))
        }
        let strip = |s: &str| s.trim_start_matches('(').trim_end_matches(')').to_owned();
        if let (Some(i), Some(v)) = (typed(after), &c.new) {
            assert_eq!(strip(&i.signature), *v, "{:?} {}", c.kind, c.item);
        }
        if let (Some(i), Some(v), None) = (typed(before), &c.old, after) {
            assert_eq!(strip(&i.signature), *v, "{:?} {}", c.kind, c.item);
        }
    }
}

#[test]
fn every_change_names_an_item_of_one_crate() {
    for entry in fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path();
        let (old, new) = (
            lower_file(&dir.join("old.yaml")),
            lower_file(&dir.join("new.yaml")),
        );
        assert_names_items(&old, &new, &compare(&old, &new));
        assert_names_items(&new, &old, &compare(&new, &old));
    }
}

/// Each corpus spec against an empty API and back: every operation the
/// report adds or removes is an item of one crate.
#[test]
#[ignore = "needs ../shared/specs beside the checkout; .ci/run runs it"]
fn every_change_on_corpus_specs_names_an_item() {
    let dir = util::project_root().join("../shared/specs");
    assert!(
        dir.is_dir(),
        "no corpus at {} (it lives beside the checkout)",
        dir.display()
    );
    let empty = generator::lower_spec(
        "empty.yaml",
        "openapi: 3.0.3\ninfo: {title: Empty, version: '0'}\npaths: {}\n",
        &Options::default(),
    )
    .unwrap()
    .0;
    let mut specs = Vec::new();
    for sub in fs::read_dir(&dir).unwrap() {
        let sub = sub.unwrap().path();
        if sub.is_dir() {
            specs.extend(fs::read_dir(&sub).unwrap().map(|e| e.unwrap().path()));
        }
    }
    specs.sort();
    // GitHub's spec is large: the debug-built parser needs more stack than a test thread has.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            for spec in specs
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e != "tsv"))
            {
                let api = lower_file(spec);
                assert_names_items(&empty, &api, &compare(&empty, &api));
                assert_names_items(&api, &empty, &compare(&api, &empty));
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
