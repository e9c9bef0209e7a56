//! Section 3 of the suite: what the generated crates cost to compile, today's
//! generator (an earlier commit, [`baseline`]) against the current one and
//! against progenitor, plus the current crate of one spec compiled with one
//! operation group's feature alone; and the targets these figures are read
//! against.

use crate::baseline::Baseline;
use crate::compile::{self, Crate};
use crate::progenitor::Progenitor;
use crate::spec::Spec;
use crate::units::{fmt_dur, fmt_kb};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The spec whose crate is also compiled one group at a time.
const GROUPS_SPEC: &str = "github";

/// Which generator made a crate.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Family {
    Baseline,
    Ours,
    Progenitor,
}

/// What a crate was compiled with: every group (the default features), one
/// group alone, or none (`--no-default-features`).
#[derive(Clone, PartialEq)]
pub(crate) enum Features {
    Default,
    Group {
        feature: String,
        /// Why this group: `smallest`, `typical`.
        why: &'static str,
        operations: usize,
        /// Types compiled with this group alone (its own and the always-on ones).
        types: usize,
    },
    None,
}

pub(crate) struct Measured {
    pub spec: &'static str,
    pub family: Family,
    pub features: Features,
    pub row: compile::Row,
}

/// Every compile figure of a run, for the targets.
#[derive(Default)]
pub(crate) struct Figures {
    pub rows: Vec<Measured>,
    /// Types of the groups spec's crate, for the features column.
    pub groups_types: usize,
}

impl Figures {
    fn get(&self, spec: &str, family: Family, features: &Features) -> Option<&compile::Row> {
        self.rows
            .iter()
            .find(|m| m.spec == spec && m.family == family && &m.features == features)
            .map(|m| &m.row)
            .filter(|r| r.error.is_none())
    }
}

pub(crate) struct Inputs<'a> {
    pub scratch: &'a Path,
    pub specs: &'a [Spec],
    pub progenitor: Option<&'a Progenitor>,
    /// Specs progenitor generated a crate for (section 1).
    pub accepted_by_peer: &'a [&'static str],
    pub baseline: Option<&'a Baseline>,
    pub reps: &'a compile::Reps,
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
        .and_then(|()| std::fs::write(path, contents))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The groups of `spec` to compile alone: the one that reaches the fewest
/// types, and the one with the median number of operations.
fn chosen_groups(spec: &Spec) -> Result<(Vec<Features>, usize), String> {
    let text =
        std::fs::read_to_string(&spec.path).map_err(|e| format!("{}: {e}", spec.path.display()))?;
    let (api, _) = generator::lower_spec(
        &spec.path.display().to_string(),
        &text,
        &generator::Options::default(),
    )
    .map_err(|e| format!("lowering {}: {e}", spec.path.display()))?;
    let always = api.types.iter().filter(|t| t.features.is_empty()).count();
    let mut groups: Vec<(String, usize, usize)> = api
        .groups
        .iter()
        .filter(|g| !g.operations.is_empty())
        .map(|g| {
            let own = api
                .types
                .iter()
                .filter(|t| t.features.contains(&g.feature))
                .count();
            (g.feature.clone(), g.operations.len(), own + always)
        })
        .collect();
    let mut chosen = Vec::new();
    let smallest = groups
        .iter()
        .min_by_key(|(name, ops, types)| (*types, *ops, name.clone()))
        .cloned();
    groups.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let typical = groups.get(groups.len() / 2).cloned();
    for (g, why) in [(smallest, "smallest"), (typical, "typical")] {
        if let Some((feature, operations, types)) = g {
            if !chosen
                .iter()
                .any(|f| matches!(f, Features::Group { feature: x, .. } if *x == feature))
            {
                chosen.push(Features::Group {
                    feature,
                    why,
                    operations,
                    types,
                });
            }
        }
    }
    chosen.push(Features::None);
    Ok((chosen, api.types.len()))
}

fn feature_args(f: &Features) -> Vec<String> {
    match f {
        Features::Default => vec![],
        Features::Group { feature, .. } => vec![
            "--no-default-features".into(),
            "--features".into(),
            feature.clone(),
        ],
        Features::None => vec!["--no-default-features".into()],
    }
}

/// The crates to measure, in order, and the members of each scratch
/// workspace.
struct Plan<'a> {
    crates: Vec<(&'a Spec, Family, Features, Crate)>,
    /// The current generator's crates and progenitor's share a workspace
    /// (each resolves its own dependency versions; `-p` builds only what
    /// that crate needs).
    ws: PathBuf,
    /// Today's generator's crates have one of their own, with that commit's
    /// Cargo.lock.
    old_ws: Option<PathBuf>,
    ours: Vec<generator::standalone::Member>,
    theirs: Vec<String>,
    old_members: Vec<String>,
    groups_types: usize,
}

/// Generates every crate (today's generator, the current one, progenitor;
/// the groups spec's crate also with single groups' features).
fn plan<'a>(inp: &Inputs<'a>) -> Result<Plan<'a>, String> {
    let mut plan = Plan {
        crates: Vec::new(),
        ws: inp.scratch.join("compile/ws"),
        old_ws: inp.baseline.map(|b| {
            inp.scratch
                .join(format!("compile/ws-baseline-{}", &b.commit[..12]))
        }),
        ours: Vec::new(),
        theirs: Vec::new(),
        old_members: Vec::new(),
        groups_types: 0,
    };
    for spec in inp.specs {
        if let Some(b) = inp.baseline {
            plan.add_baseline(spec, b)?;
        }
        let ours_crate = plan.add_ours(spec)?;
        if let (Some(p), true) = (inp.progenitor, inp.accepted_by_peer.contains(&spec.id)) {
            plan.add_progenitor(spec, p)?;
        }
        if spec.id == GROUPS_SPEC {
            let (variants, types) = chosen_groups(spec)?;
            plan.groups_types = types;
            for f in variants {
                let mut c = ours_crate.clone();
                c.features = feature_args(&f);
                plan.crates.push((spec, Family::Ours, f, c));
            }
        }
    }
    Ok(plan)
}

impl<'a> Plan<'a> {
    /// Today's generator's crate of `spec`, written by that commit's CLI.
    fn add_baseline(&mut self, spec: &'a Spec, b: &Baseline) -> Result<(), String> {
        let Some(old_ws) = &self.old_ws else {
            return Ok(());
        };
        let name = format!("old-{}", spec.id);
        let dir = old_ws.join(&name);
        let out = Command::new(&b.generator)
            .args(["generate", "--spec"])
            .arg(&spec.path)
            .arg("--out")
            .arg(&dir)
            .args(["--name", &name])
            .output()
            .map_err(|e| format!("{}: {e}", b.generator.display()))?;
        if !out.status.success() {
            return Err(format!(
                "today's generator failed on {}: {}",
                spec.path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        self.old_members.push(name.clone());
        let c = Crate {
            name,
            ws: old_ws.clone(),
            dir,
            generated_under: Some("src/generated"),
            features: vec![],
        };
        self.crates
            .push((spec, Family::Baseline, Features::Default, c));
        Ok(())
    }

    /// The current generator's crate of `spec`, generated in process (the
    /// same files as `generator generate --out`; written with the workspace).
    fn add_ours(&mut self, spec: &'a Spec) -> Result<Crate, String> {
        let name = format!("ours-{}", spec.id);
        let dir = self.ws.join(&name);
        let text = std::fs::read_to_string(&spec.path)
            .map_err(|e| format!("{}: {e}", spec.path.display()))?;
        let options = generator::Options {
            crate_name: Some(name.clone()),
            standalone: true,
            ..generator::Options::default()
        };
        let out = generator::generate(&spec.path.display().to_string(), &text, &options)
            .map_err(|e| format!("generator failed on {}: {e}", spec.path.display()))?;
        self.ours.push(generator::standalone::Member {
            name: name.clone(),
            files: out.files,
        });
        let c = Crate {
            name,
            ws: self.ws.clone(),
            dir,
            generated_under: Some("src/generated"),
            features: vec![],
        };
        self.crates
            .push((spec, Family::Ours, Features::Default, c.clone()));
        Ok(c)
    }

    /// Progenitor's crate of `spec` (it writes its own files); none when it
    /// fails.
    fn add_progenitor(&mut self, spec: &'a Spec, p: &Progenitor) -> Result<(), String> {
        let name = format!("progenitor-{}", spec.id);
        let dir = self.ws.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        let out = Command::new(&p.bin)
            .args(["progenitor", "-i"])
            .arg(&spec.path)
            .arg("-o")
            .arg(&dir)
            .args(["-n", &name, "-v", "0.1.0"])
            .output()
            .map_err(|e| format!("progenitor: {e}"))?;
        if out.status.success() {
            self.theirs.push(name.clone());
            let c = Crate {
                name,
                ws: self.ws.clone(),
                dir,
                generated_under: None,
                features: vec![],
            };
            self.crates
                .push((spec, Family::Progenitor, Features::Default, c));
        }
        Ok(())
    }

    /// Writes the scratch workspaces' manifests, our crates' files and the
    /// lock files (unchanged files are left alone, so cargo keeps its builds).
    fn write_workspaces(&self, baseline: Option<&Baseline>) -> Result<(), String> {
        let files = generator::standalone::workspace(
            "Scratch workspace of the benchmark suite (benches/harness/src/cost.rs).",
            &self.ours,
            &self.theirs,
        );
        for f in &files {
            let path = self.ws.join(&f.path);
            // Our crates start from the workspace's dependency versions; cargo
            // adds progenitor's to the lock on top, so an existing lock stays.
            if f.path == "Cargo.lock" && path.exists() {
                continue;
            }
            write_if_changed(&path, &f.contents)?;
        }
        if let (Some(b), Some(old_ws)) = (baseline, &self.old_ws) {
            // The same workspace manifest; that commit's dependency versions.
            let manifest = generator::standalone::workspace(
                "Scratch workspace of the benchmark suite: crates of today's generator (benches/harness/src/cost.rs).",
                &[],
                &self.old_members,
            );
            write_if_changed(&old_ws.join("Cargo.toml"), &manifest[0].contents)?;
            let lock = std::fs::read_to_string(&b.lock)
                .map_err(|e| format!("{}: {e}", b.lock.display()))?;
            write_if_changed(&old_ws.join("Cargo.lock"), &lock)?;
        }
        Ok(())
    }
}

/// Generates every crate, measures them interleaved, and returns the
/// section's Markdown with the figures.
pub(crate) fn section(inp: &Inputs) -> Result<(String, Figures), String> {
    let plan = plan(inp)?;
    plan.write_workspaces(inp.baseline)?;

    let list: Vec<Crate> = plan.crates.iter().map(|(_, _, _, c)| c.clone()).collect();
    let load_before = loadavg();
    let rows = compile::measure(&list, inp.reps)?;
    let load_after = loadavg();
    let figures = Figures {
        rows: plan
            .crates
            .into_iter()
            .zip(rows)
            .map(|((spec, family, features, _), row)| Measured {
                spec: spec.id,
                family,
                features,
                row,
            })
            .collect(),
        groups_types: plan.groups_types,
    };
    let mut s = String::new();
    let r = inp.reps;
    let _ = writeln!(
        s,
        "\n## 3. Compile cost of the generated crate (dependencies prebuilt; `touch src/lib.rs`, then the whole cargo command for that crate, `CARGO_INCREMENTAL=0`; median of {} checks, {} dev builds (cargo's default debug info) and {} release builds; crates interleaved run by run)\n",
        r.check, r.build, r.release
    );
    let _ = writeln!(
        s,
        "Load average (1, 5, 15 min) when the timed builds started: {load_before}; when they ended: {load_after} (2 CPUs: above 2, something else was running).\n"
    );
    s.push_str(&table(inp, &figures));
    s.push_str(&ratios(inp, &figures));
    Ok((s, figures))
}

/// The name of a generator in the tables.
fn family_label(inp: &Inputs, f: Family) -> String {
    match (f, inp.baseline, inp.progenitor) {
        (Family::Baseline, Some(b), _) => format!("today's (`{}`)", &b.commit[..7]),
        (Family::Ours, _, _) => "new".to_string(),
        (Family::Progenitor, _, Some(p)) => format!("progenitor {}", p.version),
        _ => "?".to_string(),
    }
}

/// Table 3: one line per measured crate (and features), spec by spec.
fn table(inp: &Inputs, figures: &Figures) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| spec | generator | features | lines of Rust (generated) | `cargo check` | peak rustc RSS | `cargo build` | peak rustc RSS | `cargo build --release` | peak rustc RSS | cargo alone (no-op check) |"
    );
    let _ = writeln!(
        s,
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for spec in inp.specs {
        for m in figures.rows.iter().filter(|m| m.spec == spec.id) {
            s.push_str(&table_line(inp, figures, spec, m));
        }
    }
    s
}

fn table_line(inp: &Inputs, figures: &Figures, spec: &Spec, m: &Measured) -> String {
    let row = &m.row;
    let lines = if m.features != Features::Default {
        "(the crate above)".to_string()
    } else if row.lines_generated == row.lines_total {
        format!("{}", row.lines_total)
    } else {
        format!(
            "{} ({} generated + {} runtime)",
            row.lines_total,
            row.lines_generated,
            row.lines_total - row.lines_generated
        )
    };
    let features = match &m.features {
        Features::Default => "default".to_string(),
        Features::Group {
            feature,
            why,
            operations,
            types,
        } => format!(
            "`{feature}` alone ({why}: {operations} operations, {types} of {} types)",
            figures.groups_types
        ),
        Features::None => "`--no-default-features` (runtime only)".to_string(),
    };
    let t = |m: compile::Measured| {
        m.time
            .map_or("–".to_string(), |d| format!("**{}**", fmt_dur(d)))
    };
    let kb = |m: compile::Measured| {
        if m.time.is_some() {
            fmt_kb(m.rss_kb)
        } else {
            "–".into()
        }
    };
    let label = family_label(inp, m.family);
    if let Some(e) = &row.error {
        format!(
            "| {} | {label} | {features} | {lines} | does not build: `{}` | | | | | | |\n",
            spec.label,
            e.replace('`', "'")
        )
    } else {
        format!(
            "| {} | {label} | {features} | {lines} | {} | {} | {} | {} | {} | {} | {} |\n",
            spec.label,
            t(row.check),
            kb(row.check),
            t(row.build),
            kb(row.build),
            t(row.release),
            kb(row.release),
            row.noop.map_or("–".into(), fmt_dur)
        )
    }
}

/// `45% (CPU 43%)` or `2.10× (CPU 2.05×)`: `a / b` by wall and by CPU time.
fn ratio(a: compile::Measured, b: compile::Measured, percent: bool) -> String {
    let r = |x: Option<Duration>, y: Option<Duration>| Some(x?.as_secs_f64() / y?.as_secs_f64());
    let show = |x: f64| {
        if percent {
            format!("{:.0}%", 100.0 * x)
        } else {
            format!("{x:.2}×")
        }
    };
    match (r(a.time, b.time), r(a.cpu, b.cpu)) {
        (Some(w), Some(c)) => format!("{} (CPU {})", show(w), show(c)),
        (Some(w), None) => show(w),
        _ => "–".into(),
    }
}

/// The ratios under table 3: new against today's, progenitor's against
/// new, single groups against all.
fn ratios(inp: &Inputs, figures: &Figures) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\nRatios (time of one / time of the other, same run; in brackets the same ratio of CPU time, user + system, which other load on the machine moves less):\n");
    let pct = |a, b| ratio(a, b, true);
    let times = |a, b| ratio(a, b, false);
    let mem = |a: u64, b: u64| format!("{:.0}%", 100.0 * a as f64 / b as f64);
    for spec in inp.specs {
        let new = figures.get(spec.id, Family::Ours, &Features::Default);
        if let (Some(n), Some(o)) = (
            new,
            figures.get(spec.id, Family::Baseline, &Features::Default),
        ) {
            let _ = writeln!(
                s,
                "- {}: new / today's: `cargo check` {}, `cargo build` {}, `--release` {}; peak rustc RSS {} (check), {} (build), {} (release)",
                spec.label,
                pct(n.check, o.check),
                pct(n.build, o.build),
                pct(n.release, o.release),
                mem(n.check.rss_kb, o.check.rss_kb),
                mem(n.build.rss_kb, o.build.rss_kb),
                mem(n.release.rss_kb, o.release.rss_kb),
            );
        }
        if let (Some(n), Some(p)) = (
            new,
            figures.get(spec.id, Family::Progenitor, &Features::Default),
        ) {
            let _ = writeln!(
                s,
                "- {}: progenitor's crate / new: `cargo check` {}, `cargo build` {}, `--release` {}",
                spec.label,
                times(p.check, n.check),
                times(p.build, n.build),
                times(p.release, n.release),
            );
        }
        let Some(n) = new else {
            continue;
        };
        for m in figures.rows.iter().filter(|m| {
            m.spec == spec.id && m.family == Family::Ours && m.features != Features::Default
        }) {
            let what = match &m.features {
                Features::Group { feature, .. } => format!("`{feature}` alone"),
                _ => "`--no-default-features`".into(),
            };
            let _ = writeln!(
                s,
                "- {}: {what} / all groups: `cargo check` {}, `cargo build` {}, `--release` {}",
                spec.label,
                pct(m.row.check, n.check),
                pct(m.row.build, n.build),
                pct(m.row.release, n.release),
            );
        }
    }
    s
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "(unknown)".into())
}

/// A ratio column of the client bench's requests table: the median before
/// ` (rounds: …)`, for the generated client at `concurrency`.
/// Columns: concurrency, variant, requests/s, p50, p99, ratio, CPU, CPU ratio.
fn client_ratio(client: &str, concurrency: &str, column: usize) -> Option<f64> {
    client.lines().find_map(|l| {
        let cells: Vec<&str> = l.split('|').map(str::trim).collect();
        // A leading empty cell before the first `|`.
        (cells.len() > column + 1 && cells[1] == concurrency && cells[2] == "generated client")
            .then(|| cells[column + 1].split_whitespace().next()?.parse().ok())
            .flatten()
    })
}

/// The targets table, a row at a time.
struct Verdicts(String);

impl Verdicts {
    fn row(&mut self, target: &str, measured: String, ok: Option<bool>) {
        let verdict = match ok {
            None => "–",
            Some(true) => "met",
            Some(false) => "**missed**",
        };
        let _ = writeln!(self.0, "| {target} | {measured} | {verdict} |");
    }

    fn not_measured(&mut self, target: &str) {
        self.row(target, "not measured in this run".to_string(), None);
    }
}

fn secs(d: Option<Duration>) -> Option<f64> {
    d.map(|d| d.as_secs_f64())
}

/// The targets of the "cheap to depend on" issue, read off this run.
pub(crate) fn targets(f: Option<&Figures>, client: Option<&str>) -> String {
    let mut v = Verdicts(String::new());
    let _ = writeln!(
        v.0,
        "\n## Targets (read off this run)\n\n| target | measured | |\n| --- | --- | --- |"
    );
    let get = |spec: &str, fam: Family| f.and_then(|f| f.get(spec, fam, &Features::Default));
    target_nexus(
        &mut v,
        get("nexus", Family::Ours),
        get("nexus", Family::Progenitor),
    );
    let gh_new = get("github", Family::Ours);
    targets_github(&mut v, gh_new, get("github", Family::Baseline));
    target_groups(&mut v, f, gh_new);
    targets_client(&mut v, client);
    v.row(
        "no behaviour change",
        "`cargo test --workspace` (not part of this suite)".into(),
        None,
    );
    v.0
}

/// nexus: our check ≥ 2× faster than progenitor's.
fn target_nexus(v: &mut Verdicts, ours: Option<&compile::Row>, peer: Option<&compile::Row>) {
    match (ours.map(|r| r.check), peer.map(|r| r.check)) {
        (Some(o), Some(p)) if o.time.is_some() && p.time.is_some() => {
            let (o_s, p_s) = (secs(o.time).unwrap_or(0.0), secs(p.time).unwrap_or(0.0));
            v.row(
                "nexus: `cargo check` of our crate ≥ 2× faster than progenitor's",
                format!(
                    "{:.2}× ({} vs {}){}",
                    p_s / o_s,
                    fmt_s(o_s),
                    fmt_s(p_s),
                    cpu_ratio(p, o, false)
                ),
                Some(p_s / o_s >= 2.0),
            )
        }
        _ => v.not_measured("nexus: `cargo check` ≥ 2× faster than progenitor's"),
    }
}

/// GitHub against today's generator: check and build at most half its
/// time, and the peak memory.
fn targets_github(v: &mut Verdicts, new: Option<&compile::Row>, old: Option<&compile::Row>) {
    for (what, pick) in [
        (
            "`cargo check`",
            (|r: &compile::Row| r.check) as fn(&compile::Row) -> compile::Measured,
        ),
        ("`cargo build`", |r: &compile::Row| r.build),
    ] {
        let target = format!("GitHub: {what} ≤ 50% of today's");
        match (new, old) {
            (Some(a), Some(b)) if pick(a).time.is_some() && pick(b).time.is_some() => {
                let (n, o) = (
                    secs(pick(a).time).unwrap_or(0.0),
                    secs(pick(b).time).unwrap_or(0.0),
                );
                v.row(
                    &target,
                    format!(
                        "{:.0}% ({} vs {}){}",
                        100.0 * n / o,
                        fmt_s(n),
                        fmt_s(o),
                        cpu_ratio(pick(a), pick(b), true)
                    ),
                    Some(n / o <= 0.5),
                )
            }
            _ => v.not_measured(&target),
        }
    }
    match new {
        Some(r) if r.check.time.is_some() && r.build.time.is_some() => {
            let peak = r.check.rss_kb.max(r.build.rss_kb);
            v.row(
                "GitHub: peak rustc memory ≤ 1.2 GB (check and build)",
                format!(
                    "{:.2} GB (check {}, build {}; `--release` {})",
                    peak as f64 * 1024.0 / 1e9,
                    fmt_kb(r.check.rss_kb),
                    fmt_kb(r.build.rss_kb),
                    fmt_kb(r.release.rss_kb)
                ),
                Some(peak as f64 * 1024.0 <= 1.2e9),
            )
        }
        _ => v.not_measured("GitHub: peak rustc memory ≤ 1.2 GB"),
    }
}

/// GitHub, one group's feature alone: check at most 15% of the full crate's.
fn target_groups(v: &mut Verdicts, f: Option<&Figures>, full: Option<&compile::Row>) {
    let mut any_group = false;
    if let (Some(f), Some(full_row)) = (f, full) {
        if let Some(full) = secs(full_row.check.time) {
            for m in f.rows.iter().filter(|m| {
                m.spec == "github"
                    && m.family == Family::Ours
                    && matches!(m.features, Features::Group { .. })
            }) {
                let (Features::Group { feature, why, .. }, Some(g)) =
                    (&m.features, secs(m.row.check.time))
                else {
                    continue;
                };
                any_group = true;
                let cpu = cpu_ratio(m.row.check, full_row.check, true);
                v.row(
                    &format!("GitHub, one group's feature ({why}: `{feature}`): `cargo check` ≤ 15% of the full crate's"),
                    format!("{:.1}% ({} vs {}){cpu}", 100.0 * g / full, fmt_s(g), fmt_s(full)),
                    Some(g / full <= 0.15),
                );
            }
        }
    }
    if !any_group {
        v.not_measured("GitHub, one group's feature: `cargo check` ≤ 15% of the full crate's");
    }
}

/// The client within 5% of raw reqwest's requests/s at concurrency 1 and 64.
fn targets_client(v: &mut Verdicts, client: Option<&str>) {
    for c in ["1", "64"] {
        let target = format!("client: ≤ 5% fewer requests/s than raw reqwest, concurrency {c}");
        match client.and_then(|t| client_ratio(t, c, 5)) {
            Some(r) => {
                let cpu = client
                    .and_then(|t| client_ratio(t, c, 7))
                    .map_or(String::new(), |x| {
                        format!(
                            "; by client CPU per request: {:.1}% more",
                            100.0 * (1.0 / x - 1.0)
                        )
                    });
                v.row(
                    &target,
                    format!("{:.1}% fewer (ratio {r:.3}){cpu}", 100.0 * (1.0 - r)),
                    Some(r >= 0.95),
                )
            }
            None => v.not_measured(&target),
        }
    }
}

/// `; CPU time 45%` (or `2.10×`): the same ratio by CPU time.
fn cpu_ratio(a: compile::Measured, b: compile::Measured, percent: bool) -> String {
    match (a.cpu, b.cpu) {
        (Some(a), Some(b)) => {
            let r = a.as_secs_f64() / b.as_secs_f64();
            if percent {
                format!("; by CPU time {:.0}%", 100.0 * r)
            } else {
                format!("; by CPU time {r:.2}×")
            }
        }
        _ => String::new(),
    }
}

fn fmt_s(secs: f64) -> String {
    fmt_dur(Duration::from_secs_f64(secs))
}
