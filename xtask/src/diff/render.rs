//! An [`ApiDiff`] as a Markdown report for people or a JSON document for
//! tools, both ending with the version bump it implies.

use std::fmt::Write as _;

use serde::Serialize;

use super::change::{ApiDiff, Change, Subject};
use super::kinds::Severity;
use generator::ir::Direction;

/// How far the client crate's version must move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Bump {
    /// Nothing in the API changed (docs may have).
    Patch,
    /// Compatible changes only.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    pub(crate) fn of(diff: &ApiDiff) -> Bump {
        if diff.count(Severity::Breaking) > 0 {
            Bump::Major
        } else if diff.changes.is_empty() {
            Bump::Patch
        } else {
            Bump::Minor
        }
    }
}

/// The client crate: its package name and current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Crate {
    pub(crate) name: String,
    pub(crate) version: String,
}

/// The version after `bump`, by cargo's rules: for `0.y.z` the left-most
/// non-zero number is the "major" one, so a breaking change bumps `y`
/// (`0.1.3` → `0.2.0`) and anything else bumps `z`; for `0.0.z` every
/// release bumps `z`. `None` when `current` is not `x.y.z`.
pub(crate) fn next_version(current: &str, bump: Bump) -> Option<String> {
    let core = current.split(['-', '+']).next()?;
    let parts: Vec<u64> = core
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [x, y, z] = parts[..] else { return None };
    let next = match (x, y, bump) {
        (0, 0, _) => (0, 0, z + 1),
        (0, _, Bump::Major) => (0, y + 1, 0),
        (0, _, _) => (0, y, z + 1),
        (_, _, Bump::Major) => (x + 1, 0, 0),
        (_, _, Bump::Minor) => (x, y + 1, 0),
        (_, _, Bump::Patch) => (x, y, z + 1),
    };
    Some(format!("{}.{}.{}", next.0, next.1, next.2))
}

/// Where each side came from, as the user named it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels<'a> {
    pub(crate) old: &'a str,
    pub(crate) new: &'a str,
}

fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

fn marker(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "**breaking**",
        Severity::Compatible => "compatible",
    }
}

/// How many operations a type section names before "and N more".
const USES_SHOWN: usize = 3;

/// The Markdown report.
pub(crate) fn markdown(diff: &ApiDiff, labels: Labels<'_>, krate: Option<&Crate>) -> String {
    let mut out = String::new();
    let crate_name = krate.map_or("generated-client".to_owned(), |k| code(&k.name));
    heading(&mut out, diff, labels, &crate_name);
    let of = |keep: &dyn Fn(&Change) -> bool| -> Vec<&Change> {
        diff.changes.iter().filter(|c| keep(c)).collect()
    };
    let client = of(&|c| c.subject == Subject::Client);
    if !client.is_empty() {
        out.push_str("## Client\n\n");
        bullets(&mut out, &client);
    }
    let list = of(&|c| c.kind.is_operation_list());
    if !list.is_empty() {
        out.push_str("## Operations\n\n");
        bullets(&mut out, &list);
    }
    let per_op =
        of(&|c| matches!(c.subject, Subject::Operation { .. }) && !c.kind.is_operation_list());
    if !per_op.is_empty() {
        out.push_str("## Parameters, bodies and responses\n\n");
        for group in runs(&per_op) {
            operation_section(&mut out, &group);
        }
    }
    let types = of(&|c| matches!(c.subject, Subject::Type { .. }));
    if !types.is_empty() {
        out.push_str("## Types\n\n");
        for group in runs(&types) {
            type_section(&mut out, &group);
        }
    }
    version(&mut out, diff, krate, &crate_name);
    out
}

/// Title, versions, the count of changes.
fn heading(out: &mut String, diff: &ApiDiff, labels: Labels<'_>, crate_name: &str) {
    let _ = writeln!(
        out,
        "# API changes: {} → {}\n",
        code(labels.old),
        code(labels.new)
    );
    let (old, new) = (&diff.old, &diff.new);
    if old.title == new.title {
        let version = if old.version == new.version {
            format!("{} (version unchanged)", code(&old.version))
        } else {
            format!("{} → {}", code(&old.version), code(&new.version))
        };
        let _ = writeln!(out, "{} {version}.\n", old.title);
    } else {
        let _ = writeln!(
            out,
            "{} {} → {} {}.\n",
            old.title,
            code(&old.version),
            new.title,
            code(&new.version)
        );
    }
    let (breaking, compatible) = (
        diff.count(Severity::Breaking),
        diff.count(Severity::Compatible),
    );
    if diff.changes.is_empty() {
        let _ = writeln!(
            out,
            "No changes to the API of {crate_name}: both specs give the same operations, \
             parameters and types (type names aside).\n"
        );
    } else if breaking > 0 {
        let _ = writeln!(
            out,
            "Changes for users of {crate_name}: **{breaking} breaking**, {compatible} compatible.\n"
        );
    } else {
        let _ = writeln!(
            out,
            "Changes for users of {crate_name}: none breaking, {compatible} compatible.\n"
        );
    }
    if diff.truncated {
        let _ = writeln!(
            out,
            "Note: the specs are too large to compare every type; \
             the first {} type pairs were compared.\n",
            super::matching::MAX_PAIRS
        );
    }
}

/// One operation's parameter, body and response changes.
fn operation_section(out: &mut String, group: &[&Change]) {
    let Subject::Operation {
        id,
        method,
        path,
        call,
    } = &group[0].subject
    else {
        return;
    };
    let _ = writeln!(
        out,
        "### {}\n\n{} ({})\n",
        code(call),
        code(&format!("{method} {path}")),
        code(id)
    );
    bullets(out, group);
}

/// One type's changes, with the operations that use it.
fn type_section(out: &mut String, group: &[&Change]) {
    let Subject::Type {
        name,
        old_name,
        used_by,
    } = &group[0].subject
    else {
        return;
    };
    let _ = write!(out, "### {}", code(name));
    if let Some(old_name) = old_name {
        let _ = write!(out, " (was {})", code(old_name));
    }
    out.push_str("\n\n");
    if !used_by.is_empty() {
        let shown: Vec<String> = used_by
            .iter()
            .take(USES_SHOWN)
            .map(|u| {
                let how = match u.direction {
                    Direction::Request => "request",
                    Direction::Response => "response",
                };
                format!("{} ({how})", code(&u.call))
            })
            .collect();
        let more = match used_by.len().saturating_sub(USES_SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let _ = writeln!(out, "Used by {}{more}.\n", shown.join(", "));
    }
    bullets(out, group);
}

/// The version bump the changes imply.
fn version(out: &mut String, diff: &ApiDiff, krate: Option<&Crate>, crate_name: &str) {
    out.push_str("## Version\n\n");
    let bump = Bump::of(diff);
    let (name, why) = match bump {
        Bump::Major => ("Major", "at least one breaking change"),
        Bump::Minor => ("Minor", "compatible changes only"),
        Bump::Patch => (
            "Patch",
            "nothing in the API changed (docs and examples may have)",
        ),
    };
    let _ = write!(out, "**{name}** bump for {crate_name}: {why}.");
    if let Some(k) = krate {
        if let Some(next) = next_version(&k.version, bump) {
            let _ = write!(out, " {} → **{next}**", k.version);
            if k.version.starts_with("0.") {
                out.push_str(
                    " (0.x: cargo takes the left-most non-zero number as the major one, \
                     so breaking changes bump 0.y and the rest bump the last number)",
                );
            }
            out.push('.');
        }
    }
    out.push_str(
        "\n\nBreaking: code written against the old client may stop compiling or change meaning. \
         The rules are in `xtask/src/diff/kinds.rs`.\n",
    );
}

/// Consecutive changes with the same subject.
fn runs<'a>(changes: &[&'a Change]) -> Vec<Vec<&'a Change>> {
    let mut groups: Vec<Vec<&Change>> = Vec::new();
    for &change in changes {
        match groups.last_mut() {
            Some(group) if group[0].subject == change.subject => group.push(change),
            _ => groups.push(vec![change]),
        }
    }
    groups
}

fn bullets(out: &mut String, changes: &[&Change]) {
    for change in changes {
        let _ = writeln!(out, "- {}: {}", marker(change.severity), change.message);
    }
    out.push('\n');
}

/// Version of the JSON document; bumped when its shape changes incompatibly.
pub(crate) const JSON_FORMAT: u32 = 2;

#[derive(Serialize)]
struct JsonReport<'a> {
    format: u32,
    old: JsonSide<'a>,
    new: JsonSide<'a>,
    breaking: usize,
    compatible: usize,
    semver: JsonSemver<'a>,
    truncated: bool,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct JsonSide<'a> {
    source: &'a str,
    title: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonSemver<'a> {
    bump: Bump,
    #[serde(rename = "crate")]
    krate: Option<&'a str>,
    current: Option<&'a str>,
    next: Option<String>,
}

/// The JSON document (shape documented in `diff.rs`), pretty-printed.
pub(crate) fn json(diff: &ApiDiff, labels: Labels<'_>, krate: Option<&Crate>) -> String {
    let bump = Bump::of(diff);
    let report = JsonReport {
        format: JSON_FORMAT,
        old: JsonSide {
            source: labels.old,
            title: &diff.old.title,
            version: &diff.old.version,
        },
        new: JsonSide {
            source: labels.new,
            title: &diff.new.title,
            version: &diff.new.version,
        },
        breaking: diff.count(Severity::Breaking),
        compatible: diff.count(Severity::Compatible),
        semver: JsonSemver {
            bump,
            krate: krate.map(|k| k.name.as_str()),
            current: krate.map(|k| k.version.as_str()),
            next: krate.and_then(|k| next_version(&k.version, bump)),
        },
        truncated: diff.truncated,
        changes: &diff.changes,
    };
    let mut text = serde_json::to_string_pretty(&report).expect("the report serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_versions_follow_cargo_semver() {
        let table = [
            ("0.1.0", Bump::Major, "0.2.0"),
            ("0.1.3", Bump::Minor, "0.1.4"),
            ("0.1.3", Bump::Patch, "0.1.4"),
            ("0.0.7", Bump::Major, "0.0.8"),
            ("0.0.7", Bump::Minor, "0.0.8"),
            ("1.2.3", Bump::Major, "2.0.0"),
            ("1.2.3", Bump::Minor, "1.3.0"),
            ("1.2.3", Bump::Patch, "1.2.4"),
            ("1.2.3-alpha.1", Bump::Patch, "1.2.4"),
        ];
        for (current, bump, next) in table {
            assert_eq!(
                next_version(current, bump).as_deref(),
                Some(next),
                "{current} {bump:?}"
            );
        }
        assert_eq!(next_version("1.2", Bump::Major), None);
        assert_eq!(next_version("x.y.z", Bump::Major), None);
    }
}
