//! `cargo xtask codegen [--check]`: regenerate the client crate from the spec.
//!
//! The flow, modelled on rust-analyzer's `xtask codegen`:
//!
//! 1. read `spec/openapi.yaml`;
//! 2. [`generator::generate`] turns it into a list of files, entirely in
//!    memory (the generator does no IO), so a spec that fails to generate
//!    writes nothing at all;
//! 3. [`sync`] brings `generated-client/` in line with that list, every file
//!    going through the one function [`ensure_file_contents`], and treats any
//!    other file under `generated-client/src/generated/` as an orphan.
//!
//! Invariants:
//! - `generated-client/src/generated/` belongs to the generator: after a
//!   successful `codegen`, it holds exactly the generated files there.
//! - In check mode nothing on disk changes; every stale or orphaned file is
//!   reported (not just the first), and the command fails.
//! - Comparison ignores `\r\n` vs `\n`, so a Windows checkout is not stale.
//!
//! [`tests::generated_code_is_fresh`] runs the check mode under `cargo test`.

use std::{
    collections::BTreeSet,
    fmt, fs, io,
    path::{Component, Path, PathBuf},
    process::ExitCode,
};

use generator::{GeneratedFile, Options, Summary};

use crate::util::{self, display, PathError};

/// The spec, relative to the workspace root (also the name in error messages).
pub(crate) const SPEC: &str = "spec/openapi.yaml";
/// The SDK profile beside the spec (optional): what the spec does not say
/// about the API but its client should (see `generator::profile`).
pub(crate) const PROFILE: &str = "spec/sdk-profile.yaml";
/// The crate that generated paths are relative to, from the workspace root.
pub(crate) const OUTPUT_CRATE: &str = "generated-client";
/// Inside [`OUTPUT_CRATE`]: the directory owned wholly by the generator.
pub(crate) const GENERATED_DIR: &str = "src/generated";

/// What [`ensure_file_contents`] did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The file already had these contents.
    Unchanged,
    /// The file differed (or was missing) and was rewritten.
    Updated,
    /// Check mode: the file differs (or is missing); nothing was written.
    Stale,
}

/// What a codegen run did.
#[derive(Debug)]
pub(crate) struct Report {
    pub(crate) summary: Summary,
    pub(crate) sync: Synced,
}

/// What [`sync`] did to the output crate.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Synced {
    /// How many files the generator produced.
    pub(crate) files: usize,
    /// Files rewritten (write mode).
    pub(crate) updated: usize,
    /// Orphans deleted (write mode).
    pub(crate) removed: usize,
    /// Check mode: files that differ, are missing, or are orphans; sorted.
    pub(crate) stale: Vec<PathBuf>,
}

#[derive(Debug)]
pub(crate) enum CodegenError {
    /// The spec could not be read.
    ReadSpec(PathError),
    /// The SDK profile could not be read, or has a wrong setting.
    Profile(String),
    /// The generator rejected the spec.
    Generate(generator::Error),
    /// The generator produced a path that is not a plain relative path, or
    /// the same path twice.
    BadOutputPath { path: String, reason: &'static str },
    /// Reading, writing or deleting an output file failed.
    Io(PathError),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::ReadSpec(err) => {
                write!(f, "cannot read the spec: {err} (run `cargo xtask fetch`?)")
            }
            CodegenError::Profile(err) => write!(f, "{PROFILE}: {err}"),
            CodegenError::Generate(err) => write!(f, "{err}"),
            CodegenError::BadOutputPath { path, reason } => {
                write!(f, "generator produced a bad file path {path:?}: {reason}")
            }
            CodegenError::Io(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for CodegenError {}

impl From<PathError> for CodegenError {
    fn from(err: PathError) -> Self {
        CodegenError::Io(err)
    }
}

/// `cargo xtask codegen [--check]`: runs [`run`] on the workspace and reports.
pub(crate) fn command(check: bool, all_warnings: bool) -> ExitCode {
    let report = match run(util::project_root(), check) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            if check {
                eprintln!("nothing was checked");
            } else {
                eprintln!("nothing was written");
            }
            return ExitCode::FAILURE;
        }
    };

    for line in generator::rules::warning_lines(&report.summary.warnings, all_warnings) {
        eprintln!("warning: {line}");
    }
    let Report { summary, sync } = &report;
    let counts = format!(
        "{} operations, {} types, {} files",
        summary.operations, summary.types, sync.files
    );
    if !check {
        let removed = match sync.removed {
            0 => String::new(),
            n => format!(", {n} orphaned removed"),
        };
        println!("codegen: {counts}; {} written{removed}", sync.updated);
        return ExitCode::SUCCESS;
    }
    if sync.stale.is_empty() {
        println!("codegen --check: {counts}; all up to date");
        return ExitCode::SUCCESS;
    }
    println!("codegen --check: {counts}; {} stale", sync.stale.len());
    for path in &sync.stale {
        eprintln!("stale: {}", display(path));
    }
    eprintln!("generated code is out of date: run cargo xtask codegen");
    ExitCode::FAILURE
}

/// The lines of the table `[name]` of a manifest (without its header).
fn table<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let header = format!("{name}]");
    let table = text
        .split("\n[")
        .find(|t| t.trim_start_matches('[').starts_with(&header))?;
    Some(table.split_once('\n').map_or("", |(_, rest)| rest))
}

/// The value of `key = …` in a table's lines, as written.
fn value<'t>(table: &'t str, key: &str) -> Option<&'t str> {
    table.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim())
    })
}

/// `name = "…"` of the `[package]` table of a manifest.
fn package_name(manifest: &str) -> Option<String> {
    let name = value(table(manifest, "package")?, "name")?;
    Some(name.trim_matches('"').to_string())
}

/// `env-aliases = ["VAR=ALIAS", …]` of the manifest's
/// `[package.metadata.generator]` table (one line): variables
/// `Client::from_env` also reads under another name.
fn env_aliases(manifest: &str) -> Vec<(String, String)> {
    let Some(list) =
        table(manifest, "package.metadata.generator").and_then(|t| value(t, "env-aliases"))
    else {
        return Vec::new();
    };
    list.trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter_map(|item| {
            let (var, alias) = item.trim().trim_matches('"').split_once('=')?;
            Some((var.trim().to_string(), alias.trim().to_string()))
        })
        .collect()
}

/// Generates from `<root>/spec/openapi.yaml` into `<root>/generated-client/`.
pub(crate) fn run(root: &Path, check: bool) -> Result<Report, CodegenError> {
    let spec = root.join(SPEC);
    let text = fs::read_to_string(&spec)
        .map_err(PathError::at(&spec))
        .map_err(CodegenError::ReadSpec)?;
    // The client's package name (it names the crate in docs and the
    // `ONLYFANS_API_KEY` variable) comes from its manifest, not the spec
    // title; so do the other names of its variables.
    let manifest =
        fs::read_to_string(root.join(OUTPUT_CRATE).join("Cargo.toml")).unwrap_or_default();
    let options = Options {
        crate_name: package_name(&manifest),
        env_aliases: env_aliases(&manifest),
        profile: read_profile(root)?,
        ..Options::default()
    };
    let generated = generator::generate(SPEC, &text, &options).map_err(CodegenError::Generate)?;
    let mut sync = sync(&root.join(OUTPUT_CRATE), &generated.files, check)?;
    // The manifest is hand-written, but for its `[features]` table (one feature per group).
    let manifest = root.join(OUTPUT_CRATE).join("Cargo.toml");
    let current = fs::read_to_string(&manifest).map_err(PathError::at(&manifest))?;
    match ensure_file_contents(
        &manifest,
        &with_features(&current, &generated.features),
        check,
    )? {
        Outcome::Unchanged => {}
        Outcome::Updated => sync.updated += 1,
        Outcome::Stale => sync.stale.push(manifest),
    }
    Ok(Report {
        summary: generated.summary,
        sync,
    })
}

/// The SDK profile beside the spec ([`PROFILE`]); none when the file is absent.
pub(crate) fn read_profile(root: &Path) -> Result<generator::profile::Profile, CodegenError> {
    let path = root.join(PROFILE);
    match fs::read_to_string(&path) {
        Ok(text) => generator::profile::Profile::parse(&text).map_err(CodegenError::Profile),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Default::default()),
        Err(e) => Err(CodegenError::Profile(e.to_string())),
    }
}

/// `manifest` with its `[features]` table replaced by `table` (appended
/// when it has none); every other line is left as written.
fn with_features(manifest: &str, table: &str) -> String {
    let mut out = String::with_capacity(manifest.len() + table.len());
    let mut lines = manifest.lines().peekable();
    let mut replaced = false;
    while let Some(line) = lines.next() {
        if line.trim() == "[features]" {
            out.push_str(table);
            replaced = true;
            // Skip the old table: up to the next table header.
            while lines
                .peek()
                .is_some_and(|l| !l.trim_start().starts_with('['))
            {
                lines.next();
            }
            if lines.peek().is_some() {
                out.push('\n');
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if !replaced {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(table);
    }
    out
}

/// Makes `out_dir` hold `files`, and nothing else under [`GENERATED_DIR`].
///
/// Every path is validated before anything is touched, so a bad path from
/// the generator writes nothing.
pub(crate) fn sync(
    out_dir: &Path,
    files: &[GeneratedFile],
    check: bool,
) -> Result<Synced, CodegenError> {
    let mut expected = BTreeSet::new();
    for file in files {
        let path = out_dir.join(relative_path(&file.path)?);
        if !expected.insert(path) {
            return Err(CodegenError::BadOutputPath {
                path: file.path.clone(),
                reason: "generated twice",
            });
        }
    }

    let mut synced = Synced {
        files: files.len(),
        ..Synced::default()
    };
    for file in files {
        let path = out_dir.join(&file.path);
        match ensure_file_contents(&path, &file.contents, check)? {
            Outcome::Unchanged => {}
            Outcome::Updated => synced.updated += 1,
            Outcome::Stale => synced.stale.push(path),
        }
    }

    for orphan in files_under(&out_dir.join(GENERATED_DIR))? {
        if expected.contains(&orphan) {
            continue;
        }
        if check {
            synced.stale.push(orphan);
        } else {
            fs::remove_file(&orphan).map_err(PathError::at(&orphan))?;
            println!("removed {}", display(&orphan));
            synced.removed += 1;
        }
    }
    synced.stale.sort();
    Ok(synced)
}

/// The one place generated code reaches the disk.
///
/// - contents already there (up to `\r\n` vs `\n`) → [`Outcome::Unchanged`];
/// - otherwise, in check mode → [`Outcome::Stale`], nothing written;
/// - otherwise the file (and its directory) is written atomically, `updated
///   <path>` is printed → [`Outcome::Updated`].
pub(crate) fn ensure_file_contents(
    path: &Path,
    contents: &str,
    check: bool,
) -> Result<Outcome, PathError> {
    match fs::read_to_string(path) {
        Ok(old) if normalize_newlines(&old) == normalize_newlines(contents) => {
            return Ok(Outcome::Unchanged)
        }
        Ok(_) => {}
        // Missing, or not even UTF-8: either way it is not what we generate.
        Err(err)
            if matches!(
                err.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::InvalidData
            ) => {}
        Err(err) => return Err(PathError::at(path)(err)),
    }
    if check {
        return Ok(Outcome::Stale);
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(PathError::at(dir))?;
    }
    util::write_atomic(path, contents.as_bytes())?;
    println!("updated {}", display(path));
    Ok(Outcome::Updated)
}

fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains("\r\n") {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    }
}

/// Checks that a generated path stays inside the output crate.
fn relative_path(path: &str) -> Result<&Path, CodegenError> {
    let bad = |reason| CodegenError::BadOutputPath {
        path: path.to_owned(),
        reason,
    };
    let parsed = Path::new(path);
    if path.is_empty() {
        return Err(bad("empty"));
    }
    if !parsed
        .components()
        .all(|component| matches!(component, Component::Normal(_)))
    {
        return Err(bad("must be relative, without `.` or `..`"));
    }
    Ok(parsed)
}

/// Every file below `dir`, recursively, sorted; none if `dir` does not exist.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, PathError> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(PathError::at(&dir)(err)),
        };
        for entry in entries {
            let entry = entry.map_err(PathError::at(&dir))?;
            let path = entry.path();
            if entry.file_type().map_err(PathError::at(&path))?.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rust-analyzer style: `cargo test` fails when the checked-in generated
    /// code does not match what `cargo xtask codegen` would write.
    #[test]
    fn generated_code_is_fresh() {
        let report = run(util::project_root(), true)
            .unwrap_or_else(|err| panic!("cargo xtask codegen --check failed: {err}"));
        let stale: Vec<String> = report.sync.stale.iter().map(|p| display(p)).collect();
        assert!(
            stale.is_empty(),
            "generated code is out of date:\n  stale: {}\nrun cargo xtask codegen",
            stale.join("\n  stale: ")
        );
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    /// A fake output crate: a hand-written lib.rs and one generated module.
    fn out_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/generated")).unwrap();
        fs::write(dir.path().join("src/lib.rs"), "mod generated;\n").unwrap();
        fs::write(dir.path().join("src/generated/types.rs"), "old\n").unwrap();
        dir
    }

    fn read(dir: &Path, path: &str) -> String {
        fs::read_to_string(dir.join(path)).unwrap()
    }

    #[test]
    fn the_manifest_names_the_crate_and_the_aliases_of_its_variables() {
        let manifest = "[package]\nname = \"my-api\"\nversion = \"1\"\n\n[package.metadata.generator]\n# why\nenv-aliases = [\"MY_API_KEY=MY_TOKEN\", \"MY_API_KEY=OLD_KEY\"]\n\n[dependencies]\nname = \"no\"\n";
        assert_eq!(package_name(manifest).as_deref(), Some("my-api"));
        assert_eq!(
            env_aliases(manifest),
            [
                ("MY_API_KEY".to_string(), "MY_TOKEN".to_string()),
                ("MY_API_KEY".to_string(), "OLD_KEY".to_string())
            ]
        );
        assert!(env_aliases("[package]\nname = \"x\"\n").is_empty());
    }

    #[test]
    fn features_table_is_replaced_or_appended() {
        let table = "[features]\ndefault = [\"full\"]\nfull = []\n";
        let with = "[package]\nname = \"x\"\n\n[features]\nold = []\n# note\n\n[dev-dependencies]\na = \"1\"\n";
        assert_eq!(
            with_features(with, table),
            "[package]\nname = \"x\"\n\n[features]\ndefault = [\"full\"]\nfull = []\n\n[dev-dependencies]\na = \"1\"\n"
        );
        let without = "[package]\nname = \"x\"\n";
        assert_eq!(
            with_features(without, table),
            format!("[package]\nname = \"x\"\n\n{table}")
        );
        assert_eq!(
            with_features(&with_features(without, table), table),
            with_features(without, table)
        );
    }

    #[test]
    fn ensure_file_contents_outcomes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.rs");
        assert_eq!(
            ensure_file_contents(&path, "x\n", true).unwrap(),
            Outcome::Stale
        );
        assert!(!path.exists(), "check mode must not write");
        assert_eq!(
            ensure_file_contents(&path, "x\n", false).unwrap(),
            Outcome::Updated
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "x\n");
        assert_eq!(
            ensure_file_contents(&path, "x\n", true).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(
            ensure_file_contents(&path, "x\n", false).unwrap(),
            Outcome::Unchanged
        );
        fs::write(&path, "x\r\n").unwrap();
        assert_eq!(
            ensure_file_contents(&path, "x\n", true).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(
            ensure_file_contents(&path, "y\n", true).unwrap(),
            Outcome::Stale
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "x\r\n");
    }

    #[test]
    fn sync_writes_changed_files_and_removes_orphans() {
        let dir = out_dir();
        fs::write(dir.path().join("src/generated/gone.rs"), "orphan\n").unwrap();
        let files = [
            file("src/generated/types.rs", "new\n"),
            file("src/generated/mod.rs", "pub mod types;\n"),
        ];
        let synced = sync(dir.path(), &files, false).unwrap();
        assert_eq!(
            synced,
            Synced {
                files: 2,
                updated: 2,
                removed: 1,
                stale: vec![]
            }
        );
        assert_eq!(read(dir.path(), "src/generated/types.rs"), "new\n");
        assert_eq!(read(dir.path(), "src/generated/mod.rs"), "pub mod types;\n");
        assert!(!dir.path().join("src/generated/gone.rs").exists());
        assert_eq!(read(dir.path(), "src/lib.rs"), "mod generated;\n");

        // A second run has nothing to do, and check mode agrees.
        let again = sync(dir.path(), &files, false).unwrap();
        assert_eq!((again.updated, again.removed), (0, 0));
        assert!(sync(dir.path(), &files, true).unwrap().stale.is_empty());
    }

    #[test]
    fn check_mode_lists_every_stale_file_and_writes_nothing() {
        let dir = out_dir();
        fs::create_dir_all(dir.path().join("src/generated/nested")).unwrap();
        fs::write(dir.path().join("src/generated/nested/old.rs"), "orphan\n").unwrap();
        let files = [
            file("src/generated/types.rs", "new\n"),
            file("src/generated/mod.rs", "pub mod types;\n"),
            file("src/lib.rs", "mod generated;\n"),
        ];
        let synced = sync(dir.path(), &files, true).unwrap();
        let stale: Vec<_> = synced
            .stale
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().to_str().unwrap())
            .collect();
        assert_eq!(
            stale,
            [
                "src/generated/mod.rs",
                "src/generated/nested/old.rs",
                "src/generated/types.rs"
            ]
        );
        assert_eq!((synced.updated, synced.removed), (0, 0));
        assert_eq!(read(dir.path(), "src/generated/types.rs"), "old\n");
        assert!(!dir.path().join("src/generated/mod.rs").exists());
        assert!(dir.path().join("src/generated/nested/old.rs").exists());
    }

    #[test]
    fn bad_paths_are_rejected_before_anything_is_written() {
        for bad in [
            "",
            "/etc/passwd",
            "../escape.rs",
            "./x.rs",
            "src/../../x.rs",
        ] {
            let dir = out_dir();
            let files = [file("src/generated/types.rs", "new\n"), file(bad, "x")];
            let err = sync(dir.path(), &files, false).unwrap_err();
            assert!(
                matches!(err, CodegenError::BadOutputPath { .. }),
                "{bad}: {err}"
            );
            assert_eq!(read(dir.path(), "src/generated/types.rs"), "old\n", "{bad}");
        }
        let dir = out_dir();
        let twice = [file("src/a.rs", "1"), file("src/a.rs", "2")];
        let err = sync(dir.path(), &twice, false).unwrap_err();
        assert!(err.to_string().contains("generated twice"), "{err}");
        assert!(!dir.path().join("src/a.rs").exists());
    }

    #[test]
    fn missing_spec_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = run(dir.path(), true).unwrap_err();
        assert!(matches!(err, CodegenError::ReadSpec(_)), "{err}");
        assert!(err.to_string().contains("openapi.yaml"), "{err}");
    }
}
