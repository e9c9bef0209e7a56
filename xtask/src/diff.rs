//! `cargo xtask diff [OLD] [NEW]`: what changed between two specs, in terms of
//! the generated SDK, and what it breaks for its users.
//!
//! Both specs go through [`generator::lower_spec`] and are compared as IR
//! ([`compare`]: the client, then [`operations`], then [`types`]), so the
//! report speaks of Rust calls, fields and variants, and a type whose name
//! alone changed is not a change. Each finding is a [`change::Change`];
//! its sentence is [`wording`]'s. [`render`] writes them as Markdown or
//! JSON and ends with the version bump it implies for `generated-client`.
//! The rules for breaking vs compatible are the rule book in [`kinds`].
//!
//! `OLD` and `NEW` are file paths, or `REV:PATH` (read with `git show` in the
//! workspace root, the path relative to it). Defaults: `HEAD:spec/openapi.yaml`
//! and the working tree's `spec/openapi.yaml`.
//!
//! # The JSON document (`--format json`), format 2
//!
//! ```text
//! {
//!   "format": 2,                       // bumped if this shape changes incompatibly
//!   "old": { "source": "HEAD:spec/openapi.yaml", "title": "...", "version": "..." },
//!   "new": { "source": "spec/openapi.yaml", "title": "...", "version": "..." },
//!   "breaking": 2, "compatible": 3,    // counts of `changes` by severity
//!   "semver": { "bump": "major" | "minor" | "patch",
//!               "crate": "onlyfans-api" | null, "current": "0.1.0" | null, "next": "0.2.0" | null },
//!   "truncated": false,                // true: too many types, some not compared
//!   "changes": [ {
//!     "severity": "breaking" | "compatible",
//!     "kind": "operation-added" | "param-type-changed" | "field-added" | ...,  // kinds::Kind, kebab-case
//!     "subject": { "kind": "client" }
//!              | { "kind": "operation", "id": "listUsers", "method": "GET", "path": "/users", "call": "client.users().list()" }
//!              | { "kind": "type", "name": "User", "old_name": null | "OldName",
//!                  "used_by": [ { "call": "client.users().list", "as": "request" | "response" } ] },
//!     "item": "User::email" | "client.users().list(..).page()",  // the Rust item affected, as the crate's item list names it
//!     "old": "Option<String>" | null, "new": "Option<Value>" | null,
//!     "message": "Markdown sentence"
//!   } ]
//! }
//! ```
//!
//! Every `kind` is a row of the rule book: `cargo xtask diff --rules` prints
//! it, and the README's table is that output (a test keeps them equal).
//!
//! Format 2 (this one) renamed kinds to the rule book's names, and every
//! `item` names an entry of the old or new crate's item list (checked on
//! every fixture pair); format 1 named kinds after the old comparison code.
//!
//! Changes come in a stable order: client, operations removed / renamed or
//! moved / added, each matched operation's parameters, body and response (new
//! document order), then types by name.

mod change;
mod compare;
#[cfg(test)]
mod judge;
mod kinds;
mod matching;
mod operations;
mod render;
mod surface;
#[cfg(test)]
mod tests;
mod types;
mod wording;

use std::{
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
};

use generator::Options;

use crate::util::{self, display};
use kinds::Severity;
use render::{Crate, Labels};

/// The snapshot, relative to the workspace root.
const SPEC: &str = "spec/openapi.yaml";
/// The default `OLD`: the committed snapshot.
const DEFAULT_OLD: &str = "HEAD:spec/openapi.yaml";
/// The client crate whose version the report bumps.
const CLIENT_MANIFEST: &str = "generated-client/Cargo.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Json,
}

/// When `diff` exits with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailOn {
    Never,
    Breaking,
    Any,
}

/// The arguments of `cargo xtask diff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Args {
    pub(crate) old: Option<String>,
    pub(crate) new: Option<String>,
    pub(crate) format: Format,
    pub(crate) fail_on: FailOn,
    /// Print the rule book (every kind of change and its verdict) instead.
    pub(crate) rules: bool,
}

/// Where a spec's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    File(PathBuf),
    /// `git show REV:PATH`, run in the workspace root.
    Git {
        rev: String,
        path: String,
    },
}

impl Source {
    /// An existing file wins; otherwise `REV:PATH` is a git object.
    fn parse(arg: &str) -> Source {
        let path = Path::new(arg);
        if !path.exists() {
            if let Some((rev, file)) = arg.split_once(':') {
                if !rev.is_empty() && !file.is_empty() {
                    return Source::Git {
                        rev: rev.to_owned(),
                        path: file.to_owned(),
                    };
                }
            }
        }
        Source::File(path.to_path_buf())
    }

    fn read(&self, root: &Path) -> Result<String, String> {
        match self {
            Source::File(path) => {
                fs::read_to_string(path).map_err(|err| format!("{}: {err}", display(path)))
            }
            Source::Git { rev, path } => {
                let object = format!("{rev}:{path}");
                let output = std::process::Command::new("git")
                    .args(["show", &object])
                    .current_dir(root)
                    .output()
                    .map_err(|err| format!("cannot run `git show {object}`: {err}"))?;
                if !output.status.success() {
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    let first = stderr.lines().next().unwrap_or("").trim();
                    return Err(format!("`git show {object}` failed: {first}"));
                }
                String::from_utf8(output.stdout)
                    .map_err(|_| format!("`git show {object}`: the spec is not UTF-8"))
            }
        }
    }
}

/// The lowered API of one side, named as the user named it.
fn load(label: &str, source: &Source, root: &Path) -> Result<generator::ir::Api, String> {
    let text = source.read(root)?;
    generator::lower_spec(label, &text, &Options::default())
        .map(|(api, _warnings)| api)
        .map_err(|err| format!("the generator rejects {label}: {err}"))
}

/// `name` and `version` of the `[package]` table of the client's manifest.
fn client_crate(root: &Path) -> Option<Crate> {
    let text = fs::read_to_string(root.join(CLIENT_MANIFEST)).ok()?;
    let package = text
        .split("\n[")
        .find(|t| t.trim_start_matches('[').starts_with("package]"))?;
    let value = |key: &str| {
        package.lines().find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
        })
    };
    Some(Crate {
        name: value("name")?,
        version: value("version")?,
    })
}

/// The report, or why it could not be made.
fn run(args: &Args, root: &Path) -> Result<(String, usize, usize), String> {
    let old_label = args.old.as_deref().unwrap_or(DEFAULT_OLD);
    let old_source = Source::parse(old_label);
    let (new_label, new_source) = match args.new.as_deref() {
        Some(arg) => (arg, Source::parse(arg)),
        None => (SPEC, Source::File(root.join(SPEC))),
    };
    let old = load(old_label, &old_source, root)?;
    let new = load(new_label, &new_source, root)?;
    let diff = compare::compare(&old, &new);
    let labels = Labels {
        old: old_label,
        new: new_label,
    };
    let krate = client_crate(root);
    let text = match args.format {
        Format::Markdown => render::markdown(&diff, labels, krate.as_ref()),
        Format::Json => render::json(&diff, labels, krate.as_ref()),
    };
    Ok((
        text,
        diff.count(Severity::Breaking),
        diff.count(Severity::Compatible),
    ))
}

/// `cargo xtask diff`: prints the report; exit status 1 on failure or when
/// `--fail-on` is met.
pub(crate) fn command(args: &Args) -> ExitCode {
    if args.rules {
        print!("{}", kinds::markdown_table());
        return ExitCode::SUCCESS;
    }
    let (text, breaking, compatible) = match run(args, util::project_root()) {
        Ok(done) => done,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    print!("{text}");
    if failed(args.fail_on, breaking, compatible) {
        eprintln!(
            "diff: {breaking} breaking and {compatible} compatible changes \
             (failing because of --fail-on)"
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Whether `--fail-on` is met.
fn failed(fail_on: FailOn, breaking: usize, compatible: usize) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::Breaking => breaking > 0,
        FailOn::Any => breaking + compatible > 0,
    }
}

/// For `cargo xtask fetch`: the Markdown report from the snapshot being
/// replaced to the downloaded spec, or one line saying why there is none.
pub(crate) fn fetched(old_text: &str, new_text: &str, url: &str) -> String {
    let old_label = "spec/openapi.yaml (before fetch)";
    let lowered =
        generator::lower_spec(old_label, old_text, &Options::default()).and_then(|(old, _)| {
            Ok((
                old,
                generator::lower_spec(url, new_text, &Options::default())?.0,
            ))
        });
    match lowered {
        Ok((old, new)) => render::markdown(
            &compare::compare(&old, &new),
            Labels {
                old: old_label,
                new: url,
            },
            client_crate(util::project_root()).as_ref(),
        ),
        Err(err) => format!("no API change report: {err}\n"),
    }
}
