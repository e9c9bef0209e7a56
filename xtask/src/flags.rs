//! Command-line parsing, by hand.
//!
//! Deliberately no argument-parsing crate: `cargo xtask` compiles this crate
//! before every run, and four flags do not justify the build time. The whole
//! grammar is [`usage`]; [`parse`] turns arguments into a [`Command`] or an
//! error message, and never prints or exits (that is `main`'s job).

use std::{ffi::OsString, time::Duration};

use crate::{corpus, diff, fetch};

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    Help,
    Codegen {
        check: bool,
        /// List every warning, not one line per rule.
        all_warnings: bool,
    },
    Fetch {
        url: String,
        timeout: Duration,
        /// List every warning, not one line per rule.
        all_warnings: bool,
    },
    /// `corpus` parses its own flags (see `corpus::command`).
    Corpus(corpus::Args),
    /// `bench` passes its flags to `benches/run.sh` (see `bench::command`).
    Bench {
        args: Vec<String>,
    },
    Diff(diff::Args),
}

/// The help text printed by `cargo xtask help`, `--help` and on usage errors.
pub(crate) fn usage() -> String {
    format!(
        "\
Usage: cargo xtask <command> [options]

Commands:
  codegen [--check] [--all-warnings]
      Regenerate generated-client/ from spec/openapi.yaml (and the SDK
      profile beside it, spec/sdk-profile.yaml).
      --check           Write nothing; fail and list every stale or orphaned
                        generated file (used by CI and by `cargo test`).
      --all-warnings, -v
                        List every spec warning (default: one line per rule,
                        with its count and the first one).

  fetch [--url URL] [--timeout SECS] [--all-warnings]
      Download the OpenAPI spec, check that the generator accepts it, then
      replace spec/openapi.yaml and update spec/PROVENANCE.md.
      --url URL         Where to download from
                        (default: {url})
      --timeout SECS    Limit for connecting and reading the whole response
                        (default: {secs} s)

  corpus [--specs DIR]... [--report FILE.tsv] [--instances N] [--seed S]
      Generate a crate from every spec under DIR (default ../shared/specs),
      compile them all, decode and re-encode every documented example and N
      values drawn from each body schema (default {instances}, seed 0), print a
      table; --report writes it as TSV (plus FILE.failures.tsv, each failing
      example or instance with its value and why).

  diff [OLD] [NEW] [--format markdown|json] [--fail-on breaking|any] [--rules]
      Report what changed between two specs in terms of the generated SDK
      (operations, parameters, fields, enum values), each breaking or
      compatible for users of generated-client, and the version bump implied.
      OLD, NEW          A file, or REV:PATH read with `git show` (PATH from the
                        workspace root). Defaults: HEAD:spec/openapi.yaml and
                        the working tree's spec/openapi.yaml
      --format FORMAT   markdown (default) or json (shape: xtask/src/diff.rs)
      --fail-on WHEN    Exit 1 if there is a breaking change (breaking) or
                        any change (any); default: never
      --rules           Print the rule book instead: every kind of change,
                        breaking or compatible, and why (Markdown)

  bench [--quick] [--skip-progenitor] [--skip-compile] [--skip-client]
        [--skip-baseline] [--baseline REV] [--compile-reps CHECK,BUILD,RELEASE]
        [--out FILE] [--specs-dir DIR] [--progenitor-root DIR]
      Run the benchmark suite (benches/run.sh): codegen against progenitor,
      compile cost of generated crates (against the generator at REV, default
      5b76925, and progenitor's), client requests/s and decoding.
      Results in target/bench/results.md; published in BENCHMARKS.md.

  help, -h, --help
      Print this help.
",
        url = fetch::DEFAULT_URL,
        secs = fetch::DEFAULT_TIMEOUT.as_secs(),
        instances = crate::corpus::DEFAULT_INSTANCES,
    )
}

/// `--flag=value` → (`--flag`, `Some("value")`); anything else → (arg, `None`).
pub(crate) fn split_flag(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once('=') {
        Some((flag, value)) if flag.starts_with("--") => (flag, Some(value)),
        _ => (arg, None),
    }
}

/// A flag's value: written inline (`--flag=v`) or as the next argument.
pub(crate) fn value<'a>(
    flag: &str,
    inline: Option<&'a str>,
    args: &mut impl Iterator<Item = &'a str>,
) -> Result<&'a str, String> {
    match inline {
        Some(v) => Ok(v),
        None => args.next().ok_or_else(|| format!("`{flag}` needs a value")),
    }
}

/// Store a flag's value in its slot; a flag given twice is an error.
pub(crate) fn set_once<'a>(
    slot: &mut Option<&'a str>,
    flag: &str,
    inline: Option<&'a str>,
    args: &mut impl Iterator<Item = &'a str>,
) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("`{flag}` given twice"));
    }
    *slot = Some(value(flag, inline, args)?);
    Ok(())
}

/// Parses the arguments after `cargo xtask`.
pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let args = args
        .into_iter()
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| format!("argument is not valid UTF-8: {arg:?}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut args = args.iter().map(String::as_str);

    let Some(command) = args.next() else {
        return Err("no command given".to_owned());
    };
    match command {
        "help" | "-h" | "--help" => Ok(Command::Help),
        "corpus" => Ok(corpus_args(args)?.map_or(Command::Help, Command::Corpus)),
        "bench" => Ok(Command::Bench {
            args: args.map(str::to_string).collect(),
        }),
        "codegen" => {
            let (mut check, mut all_warnings) = (false, false);
            for arg in args {
                match arg {
                    "--check" => check = true,
                    "--all-warnings" | "-v" => all_warnings = true,
                    "-h" | "--help" => return Ok(Command::Help),
                    _ => return Err(format!("unexpected argument for codegen: `{arg}`")),
                }
            }
            Ok(Command::Codegen {
                check,
                all_warnings,
            })
        }
        "fetch" => {
            let mut url = None;
            let mut timeout = None;
            let mut all_warnings = false;
            while let Some(arg) = args.next() {
                let (flag, inline) = split_flag(arg);
                let slot = match flag {
                    "-h" | "--help" => return Ok(Command::Help),
                    "--all-warnings" | "-v" => {
                        all_warnings = true;
                        continue;
                    }
                    "--url" => &mut url,
                    "--timeout" => &mut timeout,
                    _ => return Err(format!("unexpected argument for fetch: `{arg}`")),
                };
                set_once(slot, flag, inline, &mut args)?;
            }
            let url = url.unwrap_or(fetch::DEFAULT_URL).to_owned();
            if url.is_empty() {
                return Err("`--url` must not be empty".to_owned());
            }
            let timeout = match timeout {
                None => fetch::DEFAULT_TIMEOUT,
                Some(secs) => match secs.parse::<u64>() {
                    Ok(secs) if secs > 0 => Duration::from_secs(secs),
                    _ => {
                        return Err(format!(
                            "`--timeout` takes a whole number of seconds above 0, not `{secs}`"
                        ))
                    }
                },
            };
            Ok(Command::Fetch {
                url,
                timeout,
                all_warnings,
            })
        }
        "diff" => Ok(diff_args(args)?.map_or(Command::Help, Command::Diff)),
        _ => Err(format!("unknown command `{command}`")),
    }
}

/// Parses the arguments after `corpus`; `Ok(None)` asks for help.
pub(crate) fn corpus_args<'a>(
    mut args: impl Iterator<Item = &'a str>,
) -> Result<Option<corpus::Args>, String> {
    let mut parsed = corpus::Args {
        specs: Vec::new(),
        report: None,
        instances: corpus::DEFAULT_INSTANCES,
        seed: 0,
    };
    while let Some(a) = args.next() {
        let (flag, inline) = split_flag(a);
        match flag {
            "-h" | "--help" => return Ok(None),
            "--specs" => parsed.specs.push(value(flag, inline, &mut args)?.into()),
            "--report" => parsed.report = Some(value(flag, inline, &mut args)?.into()),
            "--instances" | "--seed" => {
                let v = value(flag, inline, &mut args)?;
                let n: u64 = v
                    .parse()
                    .map_err(|_| format!("`{flag}` needs a whole number, not `{v}`"))?;
                if flag == "--seed" {
                    parsed.seed = n;
                } else {
                    parsed.instances = usize::try_from(n)
                        .map_err(|_| format!("`--instances {n}` is too large"))?;
                }
            }
            _ => return Err(format!("unexpected argument for corpus: `{a}`")),
        }
    }
    Ok(Some(parsed))
}

/// Parses the arguments after `diff`; `Ok(None)` asks for help.
pub(crate) fn diff_args<'a>(
    args: impl Iterator<Item = &'a str>,
) -> Result<Option<diff::Args>, String> {
    use diff::{Args, FailOn, Format};
    let mut parsed = Args {
        old: None,
        new: None,
        format: Format::Markdown,
        fail_on: FailOn::Never,
        rules: false,
    };
    let (mut format, mut fail_on) = (None, None);
    let mut args = args;
    while let Some(arg) = args.next() {
        let (flag, inline) = split_flag(arg);
        let slot = match flag {
            "-h" | "--help" => return Ok(None),
            "--rules" => {
                parsed.rules = true;
                continue;
            }
            "--format" => &mut format,
            "--fail-on" => &mut fail_on,
            _ if arg.starts_with('-') => {
                return Err(format!("unexpected argument for diff: `{arg}`"))
            }
            _ if parsed.old.is_none() => {
                parsed.old = Some(arg.to_owned());
                continue;
            }
            _ if parsed.new.is_none() => {
                parsed.new = Some(arg.to_owned());
                continue;
            }
            _ => return Err(format!("diff takes at most two specs; unexpected `{arg}`")),
        };
        set_once(slot, flag, inline, &mut args)?;
    }
    parsed.format = match format {
        None | Some("markdown") | Some("md") => Format::Markdown,
        Some("json") => Format::Json,
        Some(other) => {
            return Err(format!(
                "`--format` takes `markdown` or `json`, not `{other}`"
            ))
        }
    };
    parsed.fail_on = match fail_on {
        None | Some("never") => FailOn::Never,
        Some("breaking") => FailOn::Breaking,
        Some("any") => FailOn::Any,
        Some(other) => {
            return Err(format!(
                "`--fail-on` takes `breaking` or `any`, not `{other}`"
            ))
        }
    };
    Ok(Some(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Command, String> {
        parse(line.split_whitespace().map(OsString::from))
    }

    fn fetch(url: &str, secs: u64) -> Command {
        Command::Fetch {
            url: url.to_owned(),
            timeout: Duration::from_secs(secs),
            all_warnings: false,
        }
    }

    #[test]
    fn accepted() {
        let default_secs = fetch::DEFAULT_TIMEOUT.as_secs();
        let table = [
            ("help", Command::Help),
            ("-h", Command::Help),
            ("--help", Command::Help),
            (
                "codegen",
                Command::Codegen {
                    check: false,
                    all_warnings: false,
                },
            ),
            (
                "codegen --check",
                Command::Codegen {
                    check: true,
                    all_warnings: false,
                },
            ),
            (
                "codegen --check -v",
                Command::Codegen {
                    check: true,
                    all_warnings: true,
                },
            ),
            ("codegen --help", Command::Help),
            ("fetch", self::fetch(fetch::DEFAULT_URL, default_secs)),
            (
                "fetch --url http://x/y",
                self::fetch("http://x/y", default_secs),
            ),
            (
                "fetch --url=http://x/y=z",
                self::fetch("http://x/y=z", default_secs),
            ),
            ("fetch --timeout 5", self::fetch(fetch::DEFAULT_URL, 5)),
            ("fetch --timeout=5 --url u", self::fetch("u", 5)),
            ("fetch --help", Command::Help),
        ];
        for (line, expected) in table {
            assert_eq!(parse_str(line), Ok(expected), "{line}");
        }
    }

    #[test]
    fn rejected() {
        let table = [
            ("", "no command given"),
            ("build", "unknown command `build`"),
            (
                "codegen --chek",
                "unexpected argument for codegen: `--chek`",
            ),
            ("codegen check", "unexpected argument for codegen: `check`"),
            ("fetch --url", "`--url` needs a value"),
            ("fetch --url a --url b", "`--url` given twice"),
            ("fetch --url=", "`--url` must not be empty"),
            ("fetch --timeout 0", "above 0, not `0`"),
            ("fetch --timeout 1.5", "above 0, not `1.5`"),
            ("fetch --timeout", "`--timeout` needs a value"),
            ("fetch -u x", "unexpected argument for fetch: `-u`"),
        ];
        for (line, expected) in table {
            let err = parse_str(line).expect_err(line);
            assert!(err.contains(expected), "{line}: {err}");
        }
    }

    #[test]
    fn usage_names_every_command_and_the_defaults() {
        let usage = usage();
        for needle in [
            "codegen [--check]",
            "fetch [--url URL] [--timeout SECS]",
            "diff [OLD] [NEW]",
            "help",
        ] {
            assert!(usage.contains(needle), "{needle}");
        }
        assert!(usage.contains(fetch::DEFAULT_URL));
    }

    #[test]
    fn diff_arguments() {
        let parse = |line: &str| diff_args(line.split_whitespace());
        use crate::diff::{Args, FailOn, Format};
        let args = |old: Option<&str>, new: Option<&str>, format, fail_on| {
            Ok(Some(Args {
                old: old.map(str::to_owned),
                new: new.map(str::to_owned),
                format,
                fail_on,
                rules: false,
            }))
        };
        use {FailOn::*, Format::*};
        let table = [
            ("", args(None, None, Markdown, Never)),
            ("a.yaml", args(Some("a.yaml"), None, Markdown, Never)),
            ("a b --format json", args(Some("a"), Some("b"), Json, Never)),
            (
                "--fail-on=breaking HEAD~1:spec/openapi.yaml",
                args(Some("HEAD~1:spec/openapi.yaml"), None, Markdown, Breaking),
            ),
            ("--fail-on any --format=md", args(None, None, Markdown, Any)),
            ("a --help", Ok(None)),
            (
                "--rules",
                Ok(Some(Args {
                    rules: true,
                    ..args(None, None, Markdown, Never).unwrap().unwrap()
                })),
            ),
        ];
        for (line, expected) in table {
            assert_eq!(parse(line), expected, "{line}");
        }
        let rejected = [
            ("a b c", "at most two specs"),
            ("--format yaml", "`markdown` or `json`, not `yaml`"),
            ("--fail-on", "`--fail-on` needs a value"),
            ("--fail-on all", "`breaking` or `any`, not `all`"),
            ("--format json --format md", "`--format` given twice"),
            ("-x", "unexpected argument for diff: `-x`"),
        ];
        for (line, expected) in rejected {
            let err = parse(line).expect_err(line);
            assert!(err.contains(expected), "{line}: {err}");
        }
        // Through the command-line parser: `diff --help` is help.
        assert_eq!(parse_str("diff --help"), Ok(Command::Help));
    }
}
