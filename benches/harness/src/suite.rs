//! `bench suite`: the whole benchmark, written to one Markdown file.

use crate::progenitor::{self, Progenitor};
use crate::spec::{self, Spec};
use crate::stats::{median, median_u64};
use crate::units::{fmt_dur, fmt_kb};
use crate::{baseline, compile, cost, proc, stages};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    quick: bool,
    skip_progenitor: bool,
    skip_compile: bool,
    skip_client: bool,
    skip_baseline: bool,
    baseline: String,
    compile_reps: Option<compile::Reps>,
    out: Option<PathBuf>,
    specs_dir: Option<PathBuf>,
    progenitor_root: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        quick: false,
        skip_progenitor: false,
        skip_compile: false,
        skip_client: false,
        skip_baseline: false,
        baseline: baseline::DEFAULT.to_string(),
        compile_reps: None,
        out: None,
        specs_dir: None,
        progenitor_root: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .map(PathBuf::from)
                .ok_or(format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--quick" => a.quick = true,
            "--skip-progenitor" => a.skip_progenitor = true,
            "--skip-compile" => a.skip_compile = true,
            "--skip-client" => a.skip_client = true,
            "--skip-baseline" => a.skip_baseline = true,
            "--compile-reps" => {
                let v = it.next().ok_or(format!("{flag} needs a value"))?;
                let n: Vec<usize> = v
                    .split(',')
                    .map(|x| {
                        x.trim()
                            .parse()
                            .map_err(|_| format!("{flag}: not a number in {v:?}"))
                    })
                    .collect::<Result<_, _>>()?;
                let [check, build, release] = n[..] else {
                    return Err(format!("{flag} takes CHECK,BUILD,RELEASE (e.g. 5,3,3)"));
                };
                a.compile_reps = Some(compile::Reps {
                    check,
                    build,
                    release,
                });
            }
            "--baseline" => {
                a.baseline = it.next().cloned().ok_or(format!("{flag} needs a value"))?
            }
            "--out" => a.out = Some(value()?),
            "--specs-dir" => a.specs_dir = Some(value()?),
            "--progenitor-root" => a.progenitor_root = Some(value()?),
            _ => return Err(format!("unknown flag for suite: {flag}")),
        }
    }
    Ok(a)
}

/// Repetitions: the full suite, or `--quick`.
struct Reps {
    codegen: usize,
    stages_small: usize,
    stages: usize,
    compile: compile::Reps,
    client: &'static [&'static str],
}

const FULL: Reps = Reps {
    codegen: 10,
    stages_small: 50,
    stages: 10,
    compile: compile::Reps {
        check: 5,
        build: 3,
        release: 3,
    },
    // 15 rounds: at concurrency 1 single rounds differ by ±10% (scheduling,
    // wake-ups), so the median of the per-round ratios needs many of them.
    client: &["--secs", "3", "--rounds", "15", "--decode-reps", "20"],
};

const QUICK: Reps = Reps {
    codegen: 3,
    stages_small: 10,
    stages: 3,
    compile: compile::Reps {
        check: 1,
        build: 1,
        release: 1,
    },
    client: &["--secs", "1", "--rounds", "3", "--decode-reps", "5"],
};

fn project_root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    dir.canonicalize().unwrap_or(dir)
}

fn cmd_output(program: &str, args: &[&str], dir: &Path) -> String {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "(unknown)".into())
}

fn machine(
    root: &Path,
    progenitor: &Result<Progenitor, String>,
    baseline: &Result<baseline::Baseline, String>,
) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|r| r.trim_start_matches([' ', '\t', ':']))
        })
        .unwrap_or("(unknown)")
        .to_string();
    let mem_kb: u64 = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let dirty = cmd_output("git", &["status", "--porcelain"], root);
    let dirty = if dirty.is_empty() {
        "clean".to_string()
    } else {
        format!(
            "{} uncommitted paths in the working tree (measured as they are)",
            dirty.lines().count()
        )
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "- machine: {nproc} CPUs (`nproc`), {model}, {:.1} GiB RAM, Linux {}",
        mem_kb as f64 / 1024.0 / 1024.0,
        kernel.trim()
    );
    let _ = writeln!(
        s,
        "- commit: `{}` ({dirty})",
        cmd_output("git", &["rev-parse", "HEAD"], root)
    );
    let _ = writeln!(
        s,
        "- toolchain: `{}`, `{}`",
        cmd_output("rustc", &["-V"], root),
        cmd_output("cargo", &["-V"], root)
    );
    let _ = writeln!(
        s,
        "- peer: {}",
        match progenitor {
            Ok(p) => format!("cargo-progenitor {} (from crates.io)", p.version),
            Err(e) => format!("cargo-progenitor not available: {e}"),
        }
    );
    let _ = writeln!(
        s,
        "- today's generator: {}",
        match baseline {
            Ok(b) => format!(
                "`{}` ({}), built from a git worktree under `target/bench/baseline/`",
                b.commit, b.subject
            ),
            Err(e) => format!("not measured: {e}"),
        }
    );
    let _ = writeln!(
        s,
        "- command: `{}`",
        std::env::var("BENCH_COMMAND").unwrap_or_else(|_| {
            format!(
                "bench suite {}",
                std::env::args().skip(2).collect::<Vec<_>>().join(" ")
            )
        })
    );
    s
}

fn build_generator(root: &Path, target: &Path) -> Result<PathBuf, String> {
    eprintln!("==> building the generator CLI (release)");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "-p", "generator", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building the generator failed".into());
    }
    Ok(target.join("release/generator"))
}

fn clean(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

struct CodegenRow {
    ours: Vec<Duration>,
    ours_rss: Vec<u64>,
    peer: Vec<Duration>,
    peer_rss: Vec<u64>,
    peer_error: Option<String>,
    floor: Vec<Duration>,
    floor_rss: Vec<u64>,
    floor_kind: String,
}

fn codegen_end_to_end(
    spec: &Spec,
    generator: &Path,
    bench: &Path,
    progenitor: Option<&Progenitor>,
    reps: usize,
    scratch: &Path,
) -> Result<CodegenRow, String> {
    let mut row = CodegenRow {
        ours: vec![],
        ours_rss: vec![],
        peer: vec![],
        peer_rss: vec![],
        peer_error: progenitor.is_none().then(|| "not run".to_string()),
        floor: vec![],
        floor_rss: vec![],
        floor_kind: String::new(),
    };
    let ours_out = scratch.join(format!("gen/ours-{}", spec.id));
    let peer_out = scratch.join(format!("gen/progenitor-{}", spec.id));
    let logs = scratch.join("logs");
    // One warm-up round (file cache), then `reps` measured rounds, the three
    // programs back to back in each.
    for rep in 0..=reps {
        clean(&ours_out);
        let run = proc::run(
            Command::new(generator)
                .args(["generate", "--spec"])
                .arg(&spec.path)
                .arg("--out")
                .arg(&ours_out)
                .args(["--name", &format!("ours-{}", spec.id)]),
            &logs,
        )?;
        if !run.success {
            return Err(format!(
                "the generator failed on {}: {}",
                spec.path.display(),
                proc::last_lines(&run.output, 3)
            ));
        }
        if rep > 0 {
            row.ours.push(run.wall);
            row.ours_rss.push(run.max_rss_kb);
        }
        if let (Some(p), None) = (progenitor, &row.peer_error) {
            clean(&peer_out);
            let run = proc::run(
                Command::new(&p.bin)
                    .args(["progenitor", "-i"])
                    .arg(&spec.path)
                    .arg("-o")
                    .arg(&peer_out)
                    .args(["-n", &format!("progenitor-{}", spec.id), "-v", "0.1.0"]),
                &logs,
            )?;
            if !run.success {
                row.peer_error = Some(format!(
                    "exit {}: {}",
                    run.status,
                    progenitor::refusal(&run.output)
                ));
            } else if rep > 0 {
                row.peer.push(run.wall);
                row.peer_rss.push(run.max_rss_kb);
            }
        }
        let run = proc::run(Command::new(bench).arg("parse").arg(&spec.path), &logs)?;
        if !run.success {
            return Err(format!(
                "bench parse failed: {}",
                proc::last_lines(&run.output, 3)
            ));
        }
        row.floor_kind = if run.output.starts_with("typed") {
            "openapiv3".into()
        } else {
            "untyped".into()
        };
        if rep > 0 {
            row.floor.push(run.wall);
            row.floor_rss.push(run.max_rss_kb);
        }
    }
    Ok(row)
}

/// What every section needs: the flags, the programs measured and where the
/// results go.
struct Context {
    args: Args,
    reps: &'static Reps,
    root: PathBuf,
    scratch: PathBuf,
    /// The target directory of the suite's own builds (generator CLI, client bench).
    target: PathBuf,
    specs: Vec<Spec>,
    /// This program (`bench parse` is the parse floor).
    bench: PathBuf,
    generator: PathBuf,
    progenitor: Result<Progenitor, String>,
    baseline: Result<baseline::Baseline, String>,
    out: PathBuf,
}

/// Builds the generator CLI, installs progenitor and prepares today's
/// generator, as the flags ask.
fn prepare(args: Args) -> Result<Context, String> {
    let reps = if args.quick { &QUICK } else { &FULL };
    let root = project_root();
    let scratch = root.join("target/bench");
    let target = scratch.join("cargo");
    let shared = args
        .specs_dir
        .clone()
        .unwrap_or_else(|| root.join("../shared/specs"));
    let specs = spec::all(&root, &shared);
    let bench = std::env::current_exe().map_err(|e| format!("current exe: {e}"))?;

    let generator = build_generator(&root, &target)?;
    let progenitor = if args.skip_progenitor {
        Err("skipped (--skip-progenitor)".to_string())
    } else {
        progenitor::install(
            &args
                .progenitor_root
                .clone()
                .unwrap_or_else(|| scratch.join("progenitor")),
        )
    };
    if let Err(e) = &progenitor {
        eprintln!("note: progenitor: {e}");
    }
    let baseline = if args.skip_baseline || args.skip_compile {
        Err("skipped (--skip-baseline)".to_string())
    } else {
        baseline::prepare(&root, &scratch, &args.baseline)
    };
    if let Err(e) = &baseline {
        eprintln!("note: today's generator: {e}");
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| scratch.join("results.md"));
    Ok(Context {
        args,
        reps,
        root,
        scratch,
        target,
        specs,
        bench,
        generator,
        progenitor,
        baseline,
        out,
    })
}

/// What section 1 hands on: each spec's stage breakdown (section 2) and the
/// specs progenitor accepted (section 3).
struct Codegen<'a> {
    stage_rows: Vec<(&'a Spec, stages::Stages)>,
    accepted_by_peer: Vec<&'static str>,
}

/// Section 1, codegen end to end as processes (and each spec's stages, in
/// process).
fn section_codegen<'a>(cx: &'a Context, report: &mut String) -> Result<Codegen<'a>, String> {
    let reps = cx.reps;
    eprintln!("==> codegen end to end ({} runs each)", reps.codegen);
    let _ = writeln!(
        report,
        "## 1. Codegen end to end (process wall time and peak RSS, median of {} runs; the three programs run back to back in each round)\n",
        reps.codegen
    );
    let _ = writeln!(
        report,
        "| spec | size | operations | types | ours | ours peak RSS | progenitor | progenitor peak RSS | progenitor / ours | parse alone | its peak RSS | ours / parse |"
    );
    let _ = writeln!(
        report,
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    let mut rejections = String::new();
    let mut codegen = Codegen {
        stage_rows: Vec::new(),
        accepted_by_peer: Vec::new(),
    };
    for spec in &cx.specs {
        let row = codegen_spec(cx, spec)?;
        report.push_str(&row.line);
        match row.rejection {
            None => codegen.accepted_by_peer.push(spec.id),
            Some(e) => {
                let _ = writeln!(rejections, "- {}: `{}`", spec.label, e.replace('`', "'"));
            }
        }
        codegen.stage_rows.push((spec, row.stages));
    }
    if !rejections.is_empty() {
        let _ = writeln!(
            report,
            "\nWhere progenitor refuses a spec, what it says:\n\n{rejections}"
        );
    }
    Ok(codegen)
}

/// One spec's line of table 1, its stages, and why progenitor refused it.
struct SpecCodegen {
    line: String,
    stages: stages::Stages,
    rejection: Option<String>,
}

fn codegen_spec(cx: &Context, spec: &Spec) -> Result<SpecCodegen, String> {
    eprintln!("  {}", spec.path.display());
    let row = codegen_end_to_end(
        spec,
        &cx.generator,
        &cx.bench,
        cx.progenitor.as_ref().ok(),
        cx.reps.codegen,
        &cx.scratch,
    )?;
    let stage_reps = if spec.id == "onlyfans" {
        cx.reps.stages_small
    } else {
        cx.reps.stages
    };
    eprintln!("  stages ({stage_reps} runs)");
    let st = stages::measure(&spec.path, stage_reps, &cx.scratch)?;
    let size = std::fs::metadata(&spec.path).map_or(0, |m| m.len());
    let ours = median(&row.ours);
    let floor = median(&row.floor);
    let (peer, peer_rss, ratio) = match &row.peer_error {
        None => {
            let p = median(&row.peer);
            (
                fmt_dur(p),
                fmt_kb(median_u64(&row.peer_rss)),
                format!("**{:.2}×**", p.as_secs_f64() / ours.as_secs_f64()),
            )
        }
        Some(_) => ("rejected".into(), "–".into(), "–".into()),
    };
    let mut line = String::new();
    let _ = writeln!(
        line,
        "| {} | {:.2} MB | {} | {} | **{}** | {} | {peer} | {peer_rss} | {ratio} | {} ({}) | {} | {:.1}× |",
        spec.label,
        size as f64 / 1e6,
        st.operations,
        st.types,
        fmt_dur(ours),
        fmt_kb(median_u64(&row.ours_rss)),
        fmt_dur(floor),
        row.floor_kind,
        fmt_kb(median_u64(&row.floor_rss)),
        ours.as_secs_f64() / floor.as_secs_f64()
    );
    Ok(SpecCodegen {
        line,
        stages: st,
        rejection: row.peer_error,
    })
}

/// Section 2, where the time goes: the stages measured with section 1.
fn section_stages(reps: &Reps, stage_rows: &[(&Spec, stages::Stages)], report: &mut String) {
    let _ = writeln!(
        report,
        "\n## 2. Where the time goes (in process, median of {} runs; {} for the OnlyFans spec)\n",
        reps.stages, reps.stages_small
    );
    let _ = writeln!(report, "{}", stages::header());
    for (spec, st) in stage_rows {
        let _ = writeln!(report, "{}", stages::row(&spec.label, st));
    }
    let _ = writeln!(
        report,
        "\nThe formatting step (`emit::format_file`), split:\n"
    );
    let _ = writeln!(report, "{}", stages::format_header());
    for (spec, st) in stage_rows {
        let _ = writeln!(report, "{}", stages::format_row(&spec.label, st));
    }
    for (spec, st) in stage_rows {
        if let Some(note) = &st.floor_note {
            let _ = writeln!(report, "\n{}: {note}", spec.label);
        }
    }
}

/// Section 3, compile cost ([`cost`]); its figures, unless `--skip-compile`.
fn section_compile(
    cx: &Context,
    accepted_by_peer: &[&'static str],
    report: &mut String,
) -> Result<Option<cost::Figures>, String> {
    if cx.args.skip_compile {
        let _ = writeln!(report, "\n## 3. Compile cost: skipped (--skip-compile)");
        return Ok(None);
    }
    eprintln!("==> compile cost");
    let (text, figures) = cost::section(&cost::Inputs {
        scratch: &cx.scratch,
        specs: &cx.specs,
        progenitor: cx.progenitor.as_ref().ok(),
        accepted_by_peer,
        baseline: cx.baseline.as_ref().ok(),
        reps: cx.args.compile_reps.as_ref().unwrap_or(&cx.reps.compile),
    })?;
    report.push_str(&text);
    Ok(Some(figures))
}

/// Section 4, the client: `benches/client` built and run; its Markdown,
/// unless `--skip-client`.
fn section_client(cx: &Context, report: &mut String) -> Result<Option<String>, String> {
    if cx.args.skip_client {
        let _ = writeln!(report, "\n## 4. Client: skipped (--skip-client)");
        return Ok(None);
    }
    eprintln!("==> client");
    let bin = build_client(&cx.root, &cx.target)?;
    let out = Command::new(bin)
        .args(cx.reps.client)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("client-bench: {e}"))?;
    if !out.status.success() {
        return Err("client-bench failed".into());
    }
    let _ = writeln!(
        report,
        "\n## 4. Client (`benches/client`, `client-bench {}`)\n",
        cx.reps.client.join(" ")
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    report.push_str(&text);
    Ok(Some(text))
}

/// `benches/client` in release mode, with the workspace's dependency versions.
fn build_client(root: &Path, target: &Path) -> Result<PathBuf, String> {
    let manifest = root.join("benches/client/Cargo.toml");
    std::fs::copy(
        root.join("Cargo.lock"),
        root.join("benches/client/Cargo.lock"),
    )
    .map_err(|e| format!("copy Cargo.lock: {e}"))?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building benches/client failed".into());
    }
    Ok(target.join("release/client-bench"))
}

pub(crate) fn command(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let cx = prepare(parse_args(args)?)?;
    // The report is written after every section, so a long run that fails
    // late keeps what it measured.
    let mut report = String::new();
    let _ = writeln!(report, "# Benchmark results\n");
    let _ = writeln!(
        report,
        "{}",
        machine(&cx.root, &cx.progenitor, &cx.baseline)
    );

    let codegen = section_codegen(&cx, &mut report)?;
    save(&cx.out, &report)?;
    section_stages(cx.reps, &codegen.stage_rows, &mut report);
    save(&cx.out, &report)?;
    let figures = section_compile(&cx, &codegen.accepted_by_peer, &mut report)?;
    save(&cx.out, &report)?;
    let client = section_client(&cx, &mut report)?;
    report.push_str(&cost::targets(figures.as_ref(), client.as_deref()));

    let _ = writeln!(
        report,
        "\nWhole suite: {} (wall time of this run, builds included).",
        fmt_dur(started.elapsed())
    );
    save(&cx.out, &report)?;
    println!("{report}");
    eprintln!("==> results written to {}", cx.out.display());
    Ok(())
}

fn save(out: &Path, report: &str) -> Result<(), String> {
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(out, report).map_err(|e| format!("{}: {e}", out.display()))
}
