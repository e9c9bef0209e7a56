//! `generator`: make a standalone Rust client crate from any OpenAPI spec
//! (Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2).
//!
//! The library does no IO; this binary reads the spec, calls
//! [`generator::generate`], and writes the files only once generation has
//! fully succeeded.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: generator generate --spec FILE --out DIR [--name NAME] [--env-alias VAR=ALIAS]...
                          [--profile FILE] [--strict] [--all-warnings]

Generate a self-contained Rust client crate (Cargo.toml, runtime, types,
operations, README.md, API.md) from an OpenAPI spec (YAML or JSON):
Swagger 2.0, OpenAPI 3.1 and 3.2 are read as OpenAPI 3.0, each change a warning.

Options:
  --spec FILE    The OpenAPI document to read.
  --out DIR      Where to write the crate (created if missing; generated
                 files in it are replaced, other files are left alone).
  --name NAME    Crate name (default: from the spec's info.title, e.g. `petstore-api`).
  --env-alias VAR=ALIAS
                 `Client::from_env` also reads the credential variable VAR
                 (one the crate names: `PETSTORE_API_KEY`, …) from ALIAS
                 when VAR is not set. Repeatable.
  --profile FILE An SDK profile (YAML): what the spec does not say about the
                 API but its crate should (the error style where none is
                 documented, metadata headers, signed webhooks); see the
                 generator's `profile` module for every setting.
  --strict       Treat every spec warning as an error.
  --all-warnings, -v
                 List every warning (default: one line per rule, with the
                 count and the first one).
  -h, --help     Print this help.

Warnings (spec quirks that were worked around) go to stderr, one line per
rule that fired (its count, and the JSON pointer and message of the first),
or each on its own line with --all-warnings. Exit status: 0 success, 1
failure, 2 usage.

Rules (each repair or workaround the generator applies):
";

/// The usage text, with the rules listed from `generator::Rule::ALL`.
fn usage() -> String {
    format!("{USAGE}{}", generator::rules::help())
}

struct Args {
    spec: PathBuf,
    out: PathBuf,
    name: Option<String>,
    env_aliases: Vec<(String, String)>,
    profile: Option<PathBuf>,
    strict: bool,
    all_warnings: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    match args.next().as_deref() {
        Some("generate") => {}
        Some("-h" | "--help" | "help") | None => return Ok(None),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let (mut spec, mut out, mut name, mut strict) = (None, None, None, false);
    let mut env_aliases = Vec::new();
    let (mut profile, mut all_warnings) = (None, false);
    while let Some(a) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match a.as_str() {
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--name" => name = Some(value("--name")?),
            "--env-alias" => {
                let pair = value("--env-alias")?;
                let (var, alias) = pair
                    .split_once('=')
                    .filter(|(v, a)| !v.is_empty() && !a.is_empty())
                    .ok_or_else(|| format!("--env-alias takes VAR=ALIAS, not `{pair}`"))?;
                env_aliases.push((var.to_string(), alias.to_string()));
            }
            "--profile" => profile = Some(PathBuf::from(value("--profile")?)),
            "--strict" => strict = true,
            "--all-warnings" | "-v" => all_warnings = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(Some(Args {
        spec: spec.ok_or("--spec is required")?,
        out: out.ok_or("--out is required")?,
        name,
        env_aliases,
        profile,
        strict,
        all_warnings,
    }))
}

/// The SDK profile at `path`.
fn read_profile(path: &std::path::Path) -> Result<generator::profile::Profile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    generator::profile::Profile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let file = args.spec.display().to_string();
    let text = match std::fs::read_to_string(&args.spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let profile = match args.profile.as_deref().map(read_profile).transpose() {
        Ok(p) => p.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = generator::Options {
        strict: args.strict,
        crate_name: args.name,
        env_aliases: args.env_aliases,
        standalone: true,
        profile,
        ..generator::Options::default()
    };
    let out = match generator::generate(&file, &text, &options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for line in generator::rules::warning_lines(&out.summary.warnings, args.all_warnings) {
        eprintln!("warning: {file}: {line}");
    }
    for f in &out.files {
        let path = args.out.join(&f.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &f.contents));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!(
        "generated {} operations, {} types into {} ({} files, {} warnings)",
        out.summary.operations,
        out.summary.types,
        args.out.display(),
        out.files.len(),
        out.summary.warnings.len()
    );
    ExitCode::SUCCESS
}
