//! `cargo xtask corpus`: run the generator over a directory tree of real
//! specs and report, per spec, whether it generates, whether the generated
//! crate compiles, how many documented examples and drawn instances
//! round-trip through the generated types, and how many fields fell back to
//! a catch-all type.
//!
//! How it is fast enough for CI on 2 cores: every spec becomes a member of one
//! scratch workspace under `target/corpus/` (`generator::standalone::workspace`),
//! so dependencies are built once and crates compile in parallel (`cargo
//! build --workspace --examples --keep-going`, into `target/generated-crates`,
//! shared with `generator/tests/compile.rs`); unchanged files are not
//! rewritten, so a second run only rebuilds what changed. Each crate's
//! `examples/<crate>_roundtrip.rs` (emitted by the generator with
//! `Options::roundtrip`) reads the crate's `roundtrip.json` (every documented
//! example, and `--instances N` values drawn from each body schema by
//! `generator::instances`), decodes and re-encodes each value and prints a
//! line per value, which this module tallies. The program is a dispatch
//! over operations: its size does not depend on N.

use crate::util::{display, project_root};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// One spec's row of the report.
#[derive(Debug, Default, Clone)]
pub(crate) struct Row {
    pub spec: String,
    pub crate_name: String,
    pub operations: usize,
    pub types: usize,
    pub warnings: usize,
    pub generate_ok: bool,
    pub error: Option<String>,
    pub compile_ok: bool,
    pub examples_total: usize,
    pub examples_ok: usize,
    /// Failed examples that contradict their own schema.
    pub examples_contradicting: usize,
    /// Drawn instances checked (skipped draws aside).
    pub instances_total: usize,
    pub instances_ok: usize,
    /// Draws skipped (a `pattern`, an ambiguous `oneOf`, …): not checked.
    pub instances_skipped: usize,
    /// Drawn instances that decode and encode back but land in a fallback
    /// (an `Unknown` variant): counted as failures too.
    pub instances_fallback: usize,
    pub fields: usize,
    pub catch_all_fields: usize,
    /// Operation groups (cargo features) of the crate.
    pub groups: Vec<String>,
    /// Large specs only: the crate compiles with no group, and with its
    /// first and its last group alone (`Some(false)`: one of them fails).
    pub features_ok: Option<bool>,
}

impl Row {
    fn catch_all_pct(&self) -> f64 {
        if self.fields == 0 {
            0.0
        } else {
            100.0 * self.catch_all_fields as f64 / self.fields as f64
        }
    }
}

/// One example or instance that did not round-trip.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub spec: String,
    pub operation: String,
    pub kind: String,
    /// `example` or `instance`.
    pub source: String,
    pub index: String,
    pub contradiction: String,
    /// The value's JSON, cut short.
    pub value: String,
    pub detail: String,
}

/// Instances drawn per body schema unless `--instances` says otherwise:
/// enough to reach most union variants and optional fields, small enough for CI.
pub(crate) const DEFAULT_INSTANCES: usize = 3;

/// The arguments of `cargo xtask corpus` (parsed in `flags`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Args {
    /// Directories of specs; empty: `../shared/specs`.
    pub(crate) specs: Vec<PathBuf>,
    pub(crate) report: Option<PathBuf>,
    pub(crate) instances: usize,
    pub(crate) seed: u64,
}

pub(crate) fn command(args: &Args) -> ExitCode {
    let default_specs = [project_root().join("../shared/specs")];
    let dirs: &[PathBuf] = if args.specs.is_empty() {
        &default_specs
    } else {
        &args.specs
    };
    let mut files = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            eprintln!("error: {} is not a directory of specs", display(dir));
            return ExitCode::FAILURE;
        }
        collect_specs(dir, dir, &mut files);
    }
    if files.is_empty() {
        eprintln!(
            "error: no specs (*.yaml, *.yml, *.json) under {}",
            dirs.iter()
                .map(|d| display(d))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::FAILURE;
    }
    let scratch = target_dir().join("corpus");
    let started = Instant::now();
    let (rows, failures) = match run(&files, &scratch, args.instances, args.seed) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", table(&rows));
    eprintln!(
        "corpus: {} specs in {:.0} s",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(path) = &args.report {
        let failures_path = path.with_extension("failures.tsv");
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        let written = parent
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, tsv(&rows)))
            .and_then(|()| std::fs::write(&failures_path, failures_tsv(&failures)));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", display(path));
            return ExitCode::FAILURE;
        }
        eprintln!("report: {} and {}", display(path), display(&failures_path));
    }
    if rows
        .iter()
        .all(|r| r.generate_ok && r.compile_ok && r.features_ok != Some(false))
    {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target"))
}

/// Spec files below `dir`, by path relative to `base`, sorted.
fn collect_specs(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_specs(base, &path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            let rel = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .display()
                .to_string();
            out.push((rel, path));
        }
    }
}

/// `scribe/01-Foo_Bar.yaml` → `corpus-scribe-01-foo-bar`.
fn crate_name(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let mut name = String::from("corpus-");
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_string()
}

/// Where the scratch workspaces of generated crates build (shared with
/// `generator/tests/compile.rs`: same lock, profile and dependencies).
fn crates_target() -> PathBuf {
    target_dir().join("generated-crates")
}

fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)
}

/// Generates a crate from every spec, builds them all in one scratch
/// workspace under `scratch`, runs each round-trip program and checks the
/// features of large crates: the rows, and every value that failed.
fn run(
    files: &[(String, PathBuf)],
    scratch: &Path,
    instances: usize,
    seed: u64,
) -> Result<(Vec<Row>, Vec<Failure>), String> {
    let ws = scratch.join("ws");
    let (mut rows, members) = generate(files, instances, seed);
    write_workspace(&ws, members, &rows)?;
    let built = build(&ws, &crates_target())?;
    let failures = roundtrip(&built, &mut rows)?;
    check_features(&ws, &crates_target(), &mut rows)?;
    Ok((rows, failures))
}

/// One row per spec, and the crates of those that generate.
fn generate(
    files: &[(String, PathBuf)],
    instances: usize,
    seed: u64,
) -> (Vec<Row>, Vec<generator::standalone::Member>) {
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for (rel, path) in files {
        let mut row = Row {
            spec: rel.clone(),
            crate_name: crate_name(rel),
            ..Row::default()
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                row.error = Some(format!("cannot read: {e}"));
                rows.push(row);
                continue;
            }
        };
        let options = generator::Options {
            crate_name: Some(row.crate_name.clone()),
            standalone: true,
            roundtrip: true,
            instances,
            seed,
            ..generator::Options::default()
        };
        match generator::generate(rel, &text, &options) {
            Ok(out) => {
                row.generate_ok = true;
                row.operations = out.summary.operations;
                row.types = out.summary.types;
                row.warnings = out.summary.warnings.len();
                row.fields = out.summary.fields;
                row.catch_all_fields = out.summary.catch_all_fields;
                row.groups = groups_of(&out.features);
                members.push(generator::standalone::Member {
                    name: row.crate_name.clone(),
                    files: out.files,
                });
            }
            Err(e) => row.error = Some(e.to_string()),
        }
        rows.push(row);
    }
    (rows, members)
}

/// Writes the scratch workspace of `members` into `ws` (unchanged files
/// left alone), and removes the crates of specs no longer in the run.
fn write_workspace(
    ws: &Path,
    members: Vec<generator::standalone::Member>,
    rows: &[Row],
) -> Result<(), String> {
    let files = generator::standalone::workspace(
        "Scratch workspace of `cargo xtask corpus`: one generated crate per spec.",
        &members,
        &[],
    );
    drop(members);
    for f in &files {
        write_if_changed(&ws.join(&f.path), &f.contents)
            .map_err(|e| format!("writing {}: {e}", f.path))?;
    }
    drop(files);
    // Leftover crates of specs no longer in the run would break the workspace: remove them.
    if let Ok(entries) = std::fs::read_dir(ws) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if e.path().is_dir()
                && name.starts_with("corpus-")
                && !rows.iter().any(|r| r.generate_ok && r.crate_name == name)
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    Ok(())
}

/// Fills in whether each generated crate compiled, runs its round-trip
/// program and tallies its lines: the values that failed.
fn roundtrip(built: &BTreeMap<String, Built>, rows: &mut [Row]) -> Result<Vec<Failure>, String> {
    let mut failures = Vec::new();
    for row in rows.iter_mut().filter(|r| r.generate_ok) {
        let Some(result) = built.get(&row.crate_name) else {
            row.error = Some("not built".into());
            continue;
        };
        row.compile_ok = result.lib_ok;
        if !result.lib_ok {
            row.error = Some(result.error_or("does not compile"));
            continue;
        }
        let Some(exe) = &result.roundtrip else {
            row.error = Some(result.error_or("round-trip program did not build"));
            continue;
        };
        let output = Command::new(exe)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("running {}: {e}", exe.display()))?;
        if !output.status.success() {
            row.error = Some(format!("round-trip program failed: {}", output.status));
        }
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            tally(row, line, &mut failures);
        }
    }
    Ok(failures)
}

/// Specs with at least this many operations are "large": their crates are
/// also checked with no group and with single groups.
const LARGE: usize = 100;

/// The groups listed in the `full` feature of a `[features]` table.
fn groups_of(features: &str) -> Vec<String> {
    features
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{} = [", generator::ir::FULL_FEATURE)))
        .map(|rest| {
            rest.trim_end_matches(']')
                .split(',')
                .map(|g| g.trim().trim_matches('"').to_string())
                .filter(|g| !g.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// For the large specs that compiled: `cargo check` with no group, with
/// each one's first group alone, and with its last group alone (three
/// cargo runs over all of them), so that feature-gated code compiles in
/// the combinations users pick.
fn check_features(ws: &Path, target: &Path, rows: &mut [Row]) -> Result<(), String> {
    let large: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].compile_ok)
        .filter(|&i| rows[i].operations >= LARGE && rows[i].groups.len() > 1)
        .collect();
    if large.is_empty() {
        return Ok(());
    }
    type Pick = fn(&[String]) -> Option<&String>;
    let pick: [Pick; 3] = [|_| None, |g| g.first(), |g| g.last()];
    let mut ok = vec![true; rows.len()];
    for choose in pick {
        let mut args: Vec<String> = vec![
            "check".into(),
            "--no-default-features".into(),
            "--keep-going".into(),
            "--message-format=short".into(),
        ];
        let mut features = Vec::new();
        for &i in &large {
            args.push("-p".into());
            args.push(rows[i].crate_name.clone());
            if let Some(g) = choose(&rows[i].groups) {
                features.push(format!("{}/{g}", rows[i].crate_name));
            }
        }
        if !features.is_empty() {
            args.push("--features".into());
            args.push(features.join(","));
        }
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(&args)
            .current_dir(ws)
            .env("CARGO_TARGET_DIR", target)
            .env_remove("RUSTFLAGS")
            .output()
            .map_err(|e| format!("running cargo: {e}"))?;
        if output.status.success() {
            continue;
        }
        // Which crates failed: those named in an error's `error: could not compile` line.
        let text = String::from_utf8_lossy(&output.stderr);
        for &i in &large {
            if text.contains(&format!("could not compile `{}`", rows[i].crate_name)) {
                ok[i] = false;
            }
        }
    }
    for &i in &large {
        rows[i].features_ok = Some(ok[i]);
        if !ok[i] && rows[i].error.is_none() {
            rows[i].error =
                Some("does not compile with a single operation group (cargo feature) on".into());
        }
    }
    Ok(())
}

/// Count one line of a round-trip program (columns:
/// `generator::emit::roundtrip::COLUMNS`); a failure is kept with its value.
fn tally(row: &mut Row, line: &str, failures: &mut Vec<Failure>) {
    let cols: Vec<&str> = line.split('\t').collect();
    let [operation, _key, kind, source, index, status, note, value, detail] = cols[..] else {
        return;
    };
    let example = source == "example";
    match (example, status) {
        (false, "skip") => {
            row.instances_skipped += 1;
            return;
        }
        (true, _) => row.examples_total += 1,
        (false, _) => row.instances_total += 1,
    }
    if status == "fallback" {
        row.instances_fallback += 1;
    }
    if status == "ok" {
        if example {
            row.examples_ok += 1;
        } else {
            row.instances_ok += 1;
        }
        return;
    }
    if example && !note.is_empty() {
        row.examples_contradicting += 1;
    }
    failures.push(Failure {
        spec: row.spec.clone(),
        operation: operation.into(),
        kind: kind.into(),
        source: source.into(),
        index: index.into(),
        contradiction: note.into(),
        value: value.into(),
        detail: detail.into(),
    });
}

#[derive(Default)]
struct Built {
    lib_ok: bool,
    roundtrip: Option<PathBuf>,
    first_error: Option<String>,
}

impl Built {
    /// The compiler's first error for this crate, else `fallback`.
    fn error_or(&self, fallback: &str) -> String {
        self.first_error
            .clone()
            .unwrap_or_else(|| fallback.to_string())
    }
}

/// `cargo build --workspace --examples --keep-going`, read through its JSON
/// messages: which libraries built, where each round-trip program is.
fn build(ws: &Path, target: &Path) -> Result<BTreeMap<String, Built>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    // Not the variables cargo set for this xtask: build scripts that watch
    // them (ring's watches `CARGO_PKG_NAME`) would rebuild whenever
    // `generator/tests/compile.rs` has used the shared target directory.
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_PKG_")
            || k.starts_with("CARGO_MANIFEST_")
            || [
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_BIN_NAME",
            ]
            .contains(&k.as_str())
        {
            command.env_remove(k);
        }
    }
    let output = command
        .args([
            "build",
            "--workspace",
            "--lib",
            "--examples",
            "--keep-going",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    let mut built: BTreeMap<String, Built> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(name) = msg
            .pointer("/target/name")
            .and_then(|n| n.as_str())
            .map(str::to_string)
            .or_else(|| package_name(&msg))
        else {
            continue;
        };
        let kinds: Vec<&str> = msg
            .pointer("/target/kind")
            .and_then(|k| k.as_array())
            .map(|a| a.iter().filter_map(|k| k.as_str()).collect())
            .unwrap_or_default();
        match msg.get("reason").and_then(|r| r.as_str()) {
            Some("compiler-artifact") => {
                let Some(pkg) = package_name(&msg) else {
                    continue;
                };
                if !pkg.starts_with("corpus-") {
                    continue;
                }
                let entry = built.entry(pkg).or_default();
                if kinds.contains(&"lib") {
                    entry.lib_ok = true;
                } else if kinds.contains(&"example") && name.ends_with("_roundtrip") {
                    entry.roundtrip = msg
                        .get("executable")
                        .and_then(|e| e.as_str())
                        .map(PathBuf::from);
                }
            }
            Some("compiler-message")
                if msg.pointer("/message/level").and_then(|l| l.as_str()) == Some("error") =>
            {
                let Some(pkg) = package_name(&msg) else {
                    continue;
                };
                let entry = built.entry(pkg).or_default();
                if entry.first_error.is_none() {
                    entry.first_error = msg
                        .pointer("/message/message")
                        .and_then(|m| m.as_str())
                        .map(str::to_string);
                }
            }
            _ => {}
        }
    }
    Ok(built)
}

/// The package name in a cargo message's `package_id`
/// (`path+file:///…/corpus-x#0.1.0` or `…#corpus-x@0.1.0`).
fn package_name(msg: &serde_json::Value) -> Option<String> {
    let id = msg.get("package_id")?.as_str()?;
    let (path, frag) = id.rsplit_once('#')?;
    Some(match frag.split_once('@') {
        Some((name, _)) => name.to_string(),
        None => path.rsplit('/').next()?.to_string(),
    })
}

fn yes(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn pct(ok: usize, total: usize) -> String {
    if total == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * ok as f64 / total as f64)
    }
}

/// The summary table (Markdown), with totals.
pub(crate) fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str("| spec | ops | types | warnings | generates | compiles | single groups | examples ok | contradicting | instances ok | in a fallback | skipped draws | catch-all fields |\n");
    s.push_str(
        "| --- | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {}/{} ({}) | {} | {}/{} ({}) | {} | {} | {:.1}% |",
            r.spec,
            r.operations,
            r.types,
            r.warnings,
            if r.generate_ok { "yes" } else { "**no**" },
            if r.compile_ok { "yes" } else { "**no**" },
            match r.features_ok {
                None => "-",
                Some(true) => "yes",
                Some(false) => "**no**",
            },
            r.examples_ok,
            r.examples_total,
            pct(r.examples_ok, r.examples_total),
            r.examples_contradicting,
            r.instances_ok,
            r.instances_total,
            pct(r.instances_ok, r.instances_total),
            r.instances_fallback,
            r.instances_skipped,
            r.catch_all_pct()
        );
    }
    let sum = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>();
    let (ex_ok, ex_total) = (sum(|r| r.examples_ok), sum(|r| r.examples_total));
    let (in_ok, in_total) = (sum(|r| r.instances_ok), sum(|r| r.instances_total));
    let (ca, fields) = (sum(|r| r.catch_all_fields), sum(|r| r.fields));
    let _ = writeln!(
        s,
        "| **total** ({} specs) | {} | {} | {} | {}/{} | {}/{} | {}/{} | {}/{} ({}) | {} | {}/{} ({}) | {} | {} | {} |",
        rows.len(),
        sum(|r| r.operations),
        sum(|r| r.types),
        sum(|r| r.warnings),
        rows.iter().filter(|r| r.generate_ok).count(),
        rows.len(),
        rows.iter().filter(|r| r.compile_ok).count(),
        rows.len(),
        rows.iter().filter(|r| r.features_ok == Some(true)).count(),
        rows.iter().filter(|r| r.features_ok.is_some()).count(),
        ex_ok,
        ex_total,
        pct(ex_ok, ex_total),
        sum(|r| r.examples_contradicting),
        in_ok,
        in_total,
        pct(in_ok, in_total),
        sum(|r| r.instances_fallback),
        sum(|r| r.instances_skipped),
        pct(ca, fields)
    );
    for r in rows.iter().filter(|r| r.error.is_some()) {
        let _ = writeln!(s, "\n{}: {}", r.spec, r.error.as_deref().unwrap_or(""));
    }
    s
}

/// The TSV report: one row per spec.
pub(crate) fn tsv(rows: &[Row]) -> String {
    let mut s = String::from("spec\toperations\ttypes\twarnings\tgenerate_ok\tcompile_ok\texamples_total\texamples_ok\texamples_contradicting\tinstances_total\tinstances_ok\tinstances_fallback\tinstances_skipped\tfields\tcatch_all_fields\tcatch_all_fields_pct\tsingle_groups_ok\terror\n");
    for r in rows {
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}\t{}\t{}",
            r.spec,
            r.operations,
            r.types,
            r.warnings,
            yes(r.generate_ok),
            yes(r.compile_ok),
            r.examples_total,
            r.examples_ok,
            r.examples_contradicting,
            r.instances_total,
            r.instances_ok,
            r.instances_fallback,
            r.instances_skipped,
            r.fields,
            r.catch_all_fields,
            r.catch_all_pct(),
            r.features_ok.map_or("-", yes),
            r.error.as_deref().unwrap_or("").replace(['\t', '\n'], " ")
        );
    }
    s
}

/// Every example and instance that did not round-trip, with its value and why.
fn failures_tsv(failures: &[Failure]) -> String {
    let mut s =
        String::from("spec\toperation\tkind\tsource\tindex\tcontradicts_schema\tvalue\tdetail\n");
    for f in failures {
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            f.spec, f.operation, f.kind, f.source, f.index, f.contradiction, f.value, f.detail
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names() {
        assert_eq!(
            crate_name("scribe/01-Foo_Bar.yaml"),
            "corpus-scribe-01-foo-bar"
        );
        assert_eq!(crate_name("x.json"), "corpus-x");
    }

    #[test]
    fn package_ids() {
        let m = serde_json::json!({"package_id": "path+file:///t/ws/corpus-a#0.1.0"});
        assert_eq!(package_name(&m).as_deref(), Some("corpus-a"));
        let m = serde_json::json!({"package_id": "path+file:///t/ws/dir#corpus-b@0.1.0"});
        assert_eq!(package_name(&m).as_deref(), Some("corpus-b"));
    }

    #[test]
    fn report_columns() {
        let rows = vec![Row {
            spec: "a.yaml".into(),
            operations: 2,
            generate_ok: true,
            compile_ok: true,
            examples_total: 4,
            examples_ok: 3,
            instances_total: 10,
            instances_ok: 9,
            instances_skipped: 2,
            instances_fallback: 1,
            fields: 10,
            catch_all_fields: 1,
            ..Row::default()
        }];
        let t = tsv(&rows);
        let header: Vec<&str> = t.lines().next().unwrap().split('\t').collect();
        let row: Vec<&str> = t.lines().nth(1).unwrap().split('\t').collect();
        let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(col("spec"), "a.yaml");
        assert_eq!(col("generate_ok"), "true");
        assert_eq!(col("compile_ok"), "true");
        assert_eq!(col("examples_total"), "4");
        assert_eq!(col("examples_ok"), "3");
        assert_eq!(col("catch_all_fields_pct"), "10.00");
        assert_eq!(col("instances_total"), "10");
        assert_eq!(col("instances_ok"), "9");
        assert_eq!(col("instances_skipped"), "2");
        assert_eq!(col("instances_fallback"), "1");
        assert!(table(&rows).contains("3/4 (75.0%)"));
        assert!(table(&rows).contains("| 9/10 (90.0%) | 1 | 2 |"));
    }

    #[test]
    fn program_lines_are_tallied() {
        let mut row = Row {
            spec: "a.yaml".into(),
            ..Row::default()
        };
        let mut failures = Vec::new();
        for line in [
            "getPet\tGET /p\tresponse\texample\t0\tok\t\t{}\t",
            "getPet\tGET /p\tresponse\texample\t1\tfail\tat /: 1 is not a string\t1\tbad",
            "getPet\tGET /p\terror 404\tinstance\t0\tfail\t\t{\"a\":1}\tat /a: 1 was dropped",
            "getPet\tGET /p\terror 404\tinstance\t1\tok\t\t{}\t",
            "getPet\tGET /p\trequest\tinstance\t0\tskip\t\t\tpattern",
            "getPet\tGET /p\trequest\tinstance\t1\tfallback\t\t\"x\"\tlands in a fallback: Kind kept x",
            "a line that is not one",
        ] {
            tally(&mut row, line, &mut failures);
        }
        assert_eq!(
            (
                row.examples_total,
                row.examples_ok,
                row.examples_contradicting
            ),
            (2, 1, 1)
        );
        assert_eq!(
            (row.instances_total, row.instances_ok, row.instances_skipped),
            (3, 1, 1)
        );
        assert_eq!(row.instances_fallback, 1);
        assert_eq!(failures.len(), 3);
        assert_eq!(failures[1].kind, "error 404");
        assert_eq!(failures[1].value, "{\"a\":1}");
        assert_eq!(failures[1].detail, "at /a: 1 was dropped");
        let tsv = failures_tsv(&failures);
        assert_eq!(tsv.lines().nth(2).unwrap().split('\t').count(), 8);
    }
}
