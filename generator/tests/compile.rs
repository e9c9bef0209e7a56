//! Every snapshotted output must compile, and its types must carry every
//! valid value of the spec. Each fixture (and the OnlyFans spec) is generated
//! as a standalone crate, with its round-trip program and cases, into one
//! scratch workspace under the target directory (`standalone::workspace`):
//!
//! - `cargo clippy --all-targets -D warnings` runs once over all of them (one
//!   dependency build, shared target dir): generated code, the round-trip
//!   programs included, must be warning-free;
//! - the property test builds the round-trip programs and runs them:
//!   [`INSTANCES`] values drawn from every body schema (`generator::instances`,
//!   from the spec, not from our types) and every documented example must
//!   decode into the generated type and encode back to the same JSON.

use generator::standalone::{workspace, Member};
use generator::{generate, Options};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Values drawn per body schema in the property test.
const INSTANCES: usize = 25;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Cargo for the scratch workspace, without the variables `cargo test` sets
/// for this package: build scripts that watch them (ring's watches
/// `CARGO_PKG_NAME`) would otherwise rebuild whenever `cargo xtask corpus`
/// has used the shared target directory in between.
fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.env_remove("RUSTFLAGS");
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_PKG_")
            || k.starts_with("CARGO_MANIFEST_")
            || [
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
            ]
            .contains(&k.as_str())
        {
            c.env_remove(k);
        }
    }
    c
}

/// The fixture specs and the OnlyFans spec, by crate name.
fn specs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs: Vec<(String, PathBuf)> =
        std::fs::read_dir(root.join("generator/tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .map(|p| {
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                (format!("fixture-{stem}"), p)
            })
            .collect();
    specs.push(("fixture-onlyfans".into(), root.join("spec/openapi.yaml")));
    specs.sort();
    // `GENERATOR_COMPILE_ONLY=errors-problem,onlyfans`: only these (a quick
    // local run; CI checks every one).
    if let Ok(only) = std::env::var("GENERATOR_COMPILE_ONLY") {
        let wanted: Vec<String> = only
            .split(',')
            .map(|s| format!("fixture-{}", s.trim()))
            .collect();
        specs.retain(|(name, _)| wanted.contains(name));
    }
    specs
}

/// Two real specs for the mock (one Scribe, one other), from `../shared`
/// beside the checkout: the test that reads them is ignored unless asked for.
fn corpus_specs() -> Vec<(String, PathBuf)> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    assert!(
        corpus.is_dir(),
        "this test needs the corpus at {} (it sits beside the checkout in CI)",
        corpus.display()
    );
    CORPUS_SPECS
        .iter()
        .map(|(name, file)| (name.to_string(), corpus.join(file)))
        .collect()
}

/// Real specs generated beside the fixtures, for the mock's checks.
const CORPUS_SPECS: &[(&str, &str)] = &[
    (
        "corpus-second-brain",
        "scribe/22-nikoalteri-second-brain.yaml",
    ),
    (
        "corpus-uspto",
        "other/02-OAI-OpenAPI-Specification-uspto.yaml",
    ),
];

/// The member that starts every crate's mock (the `testing` feature on) and
/// checks it: each operation called over HTTP from the spec's examples and
/// its answer decoded (`MockServer::self_check`), an unknown route refused.
/// One line per crate: name, operations, answered, no example, unchecked,
/// problems, status of the unknown route; then one line per problem, and
/// one per operation without a usable example or request (`note`).
fn mock_check(names: &[String]) -> Vec<generator::GeneratedFile> {
    let deps: Vec<String> = names
        .iter()
        .map(|n| format!("{n} = {{ path = \"../{n}\", features = [\"testing\"] }}"))
        .collect();
    let manifest = format!(
        "[package]\nname = \"mock-check\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\", \"net\", \"io-util\"] }}\n{}\n",
        deps.join("\n")
    );
    let crates: Vec<String> = names.iter().map(|n| n.replace('-', "_")).collect();
    // The fixtures' own checks whose crates are all members: their modules,
    // and the calls main makes.
    let own: Vec<&OwnCheck> = OWN_CHECKS
        .iter()
        .filter(|c| c.crates.iter().all(|n| crates.iter().any(|k| k == n)))
        .collect();
    let own_mods: String = own.iter().map(|c| format!("mod {};\n", c.module)).collect();
    let own_calls: String = own
        .iter()
        .flat_map(|c| c.calls)
        .map(|f| format!("\n    {f}().await;"))
        .collect();
    let main = format!(
        r#"//! Starts the mock of every generated crate and checks it (generator/tests/compile.rs).
use tokio::io::{{AsyncReadExt, AsyncWriteExt}};

/// The status the mock at `uri` answers for a route no spec has.
async fn unknown_route(uri: &str) -> String {{
    let addr = uri.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("the mock listens");
    let request = format!("GET /no/such/route/anywhere HTTP/1.1
Host: {{addr}}
Connection: close

");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer.split(' ').nth(1).unwrap_or("?").to_string();
    let named = answer.contains("no operation for GET /no/such/route/anywhere");
    format!("{{status}}{{}}", if named {{ "" }} else {{ " (unnamed)" }})
}}

macro_rules! check {{
    ($($krate:ident),*) => {{ $({{
        let mock = $krate::testing::MockServer::start().await;
        let r = mock.self_check().await;
        let refused = unknown_route(&mock.uri()).await;
        println!(
            "crate\t{{}}\t{{}}\t{{}}\t{{}}\t{{}}\t{{}}\t{{}}",
            stringify!($krate), r.operations, r.answered.len(), r.no_example.len(),
            r.unchecked.len(), r.problems.len(), refused
        );
        for p in &r.problems {{
            println!("problem\t{{}}\t{{}}", stringify!($krate), p);
        }}
        for (op, why) in r.no_example.iter().chain(&r.unchecked) {{
            println!("note\t{{}}\t{{op}}: {{}}", stringify!($krate), why.replace('\n', " "));
        }}
    }})* }};
}}

{own_mods}
#[tokio::main(flavor = "current_thread")]
async fn main() {{
    check!({});{own_calls}
}}
"#,
        crates.join(", ")
    );
    let mut files = vec![
        generator::GeneratedFile {
            path: "mock-check/Cargo.toml".into(),
            contents: manifest,
        },
        generator::GeneratedFile {
            path: "mock-check/src/main.rs".into(),
            contents: main,
        },
    ];
    files.extend(own.iter().map(|c| generator::GeneratedFile {
        path: format!("mock-check/src/{}.rs", c.module),
        contents: c.source.into(),
    }));
    files
}

/// Checks of their own that some fixtures' mocks run in mock-check, beside
/// `self_check`: each prints `{module}\t{crate}\tok` for each of its
/// crates once that crate's part passed.
struct OwnCheck {
    /// The fixture crates it uses (it runs when all are members).
    crates: &'static [&'static str],
    /// Its module in mock-check.
    module: &'static str,
    /// Its async functions, called in order.
    calls: &'static [&'static str],
    source: &'static str,
}

const OWN_CHECKS: &[OwnCheck] = &[
    // The error fixtures answer in their documented shapes.
    OwnCheck {
        crates: &["fixture_errors_problem", "fixture_errors_by_status"],
        module: "errors",
        calls: &["errors::problem_details", "errors::by_status"],
        source: include_str!("mock_errors.rs.txt"),
    },
    // Raw calls to the multi-scheme fixture send the schemes they name.
    OwnCheck {
        crates: &["fixture_auth_and_or"],
        module: "auth",
        calls: &["auth::raw_call_schemes"],
        source: include_str!("mock_auth.rs.txt"),
    },
];

/// A spec's SDK profile, if it has one (a fixture's is
/// `tests/profiles/{name}`; the OnlyFans spec's `spec/sdk-profile.yaml`).
fn profile_of(spec: &Path) -> generator::profile::Profile {
    let dir = spec.parent().unwrap();
    let name = spec.file_name().unwrap();
    [
        dir.join("../profiles").join(name),
        dir.join("sdk-profile.yaml"),
    ]
    .into_iter()
    .find_map(|p| std::fs::read_to_string(p).ok())
    .map(|t| generator::profile::Profile::parse(&t).unwrap())
    .unwrap_or_default()
}

/// The scratch workspace of the fixtures, written once per test run (every
/// test below uses it).
fn scratch() -> &'static Path {
    static WS: OnceLock<PathBuf> = OnceLock::new();
    WS.get_or_init(|| write_scratch("snapshot-crates", &specs()))
}

/// A scratch workspace under the target directory: one standalone crate per
/// spec (with its round-trip program and cases), and mock-check.
fn write_scratch(dir: &str, specs: &[(String, PathBuf)]) -> PathBuf {
    let members: Vec<Member> = specs
        .iter()
        .map(|(name, path)| {
            let text = std::fs::read_to_string(path).unwrap();
            let options = Options {
                crate_name: Some(name.clone()),
                standalone: true,
                roundtrip: true,
                instances: INSTANCES,
                profile: profile_of(path),
                ..Options::default()
            };
            let out = generate(&path.display().to_string(), &text, &options)
                .unwrap_or_else(|e| panic!("{e}"));
            Member {
                name: name.clone(),
                files: out.files,
            }
        })
        .collect();
    let ws = target_dir().join(dir);
    let names: Vec<String> = members.iter().map(|m| m.name.clone()).collect();
    let mut files = workspace(
        "Scratch workspace of generator/tests/compile.rs: one crate per spec, and mock-check.",
        &members,
        &["mock-check".to_string()],
    );
    files.extend(mock_check(&names));
    for f in &files {
        let path = ws.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Leave unchanged files alone so cargo's freshness checks keep working.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(f.contents.as_str()) {
            std::fs::write(&path, &f.contents).unwrap();
        }
    }
    ws
}

/// Clippy over the generated crates: without the mock (mock-check left
/// out, so nothing turns `testing` on), then with it (mock-check depends
/// on every crate with `testing`).
#[test]
fn every_snapshot_compiles_without_warnings() {
    let ws = scratch();
    for (what, exclude) in [("without the mock", true), ("with `testing`", false)] {
        let mut args = vec!["clippy", "--workspace", "--all-targets", "--quiet"];
        if exclude {
            args.extend(["--exclude", "mock-check"]);
        }
        args.extend(["--", "-D", "warnings"]);
        let status = cargo()
            .args(&args)
            .current_dir(ws)
            .env("CARGO_TARGET_DIR", target_dir().join("snapshot-check"))
            .status()
            .expect("cargo runs");
        assert!(
            status.success(),
            "generated crates in {} do not compile cleanly {what}",
            ws.display()
        );
    }
    // With no operation group on, only what no operation reaches is compiled
    // (and what that uses): it must compile, and clippy-clean too.
    let status = cargo()
        .args([
            "clippy",
            "--workspace",
            "--lib",
            "--no-default-features",
            "--exclude",
            "mock-check",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir().join("snapshot-check"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "generated crates in {} do not compile cleanly without features",
        ws.display()
    );
}

/// Every generated crate's mock (fixtures, the OnlyFans spec): each
/// operation answers a request built from the spec's examples with its
/// documented example, which decodes into the operation's type (or with a
/// 501 naming it when the spec has no usable example); an unknown route gets
/// the 422 that names it.
#[test]
fn every_mock_answers_its_operations() {
    let checked = run_mock_check(scratch(), specs().len());
    if std::env::var_os("GENERATOR_COMPILE_ONLY").is_none() {
        let expected: usize = OWN_CHECKS.iter().map(|c| c.crates.len()).sum();
        assert_eq!(checked, expected, "every fixture ran its own checks");
    }
}

/// The same for two real specs (one Scribe, one other), clippy-clean with
/// the mock on.
#[test]
#[ignore = "needs ../shared/specs beside the checkout; .ci/run runs it"]
fn corpus_mocks_answer_their_operations() {
    let ws = write_scratch("snapshot-corpus-crates", &corpus_specs());
    let status = cargo()
        .args(["clippy", "--workspace", "--all-targets", "--quiet"])
        .args(["--", "-D", "warnings"])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", target_dir().join("snapshot-check"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "{} does not compile cleanly",
        ws.display()
    );
    run_mock_check(&ws, CORPUS_SPECS.len());
}

/// Run mock-check in `ws` and check what it prints for its `crates` crates;
/// how many fixtures' own checks (errors, auth) passed.
fn run_mock_check(ws: &Path, crates_expected: usize) -> usize {
    let out = cargo()
        .args(["run", "--quiet", "-p", "mock-check"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir().join("generated-crates"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "mock-check failed: {}{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut problems = Vec::new();
    let (mut crates, mut checked) = (0, 0);
    let (mut operations, mut answered) = (0, 0);
    for line in stdout.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        match c.as_slice() {
            ["crate", ..] => {
                crates += 1;
                let (ops, ok) = mock_crate_line(&c);
                operations += ops;
                answered += ok;
            }
            ["problem", name, p] => problems.push(format!("{name}: {p}")),
            // Why an operation has no usable example, or no request could be built.
            ["note", name, why] if name.starts_with("corpus_") => eprintln!("  {name}: {why}"),
            ["note", ..] => {}
            [module, name, "ok"] if OWN_CHECKS.iter().any(|c| c.module == *module) => {
                checked += 1;
                eprintln!("{name}: its own {module} check passed");
            }
            _ => panic!("unexpected line from mock-check: {line}"),
        }
    }
    eprintln!(
        "{crates} mocks, {operations} operations, {answered} answered their documented example"
    );
    assert_eq!(crates, crates_expected, "every crate was checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    checked
}

/// One crate's line of mock-check, checked: its operations and how many answered.
fn mock_crate_line(c: &[&str]) -> (usize, usize) {
    let ["crate", name, ops, ok, no_example, unchecked, bad, refused] = c else {
        panic!("a crate line has 8 columns: {c:?}");
    };
    let n = |s: &str| s.parse::<usize>().unwrap();
    eprintln!("{name}: {ops} operations, {ok} answered, {no_example} without a usable example, {unchecked} unchecked, {bad} problems; unknown route: {refused}");
    assert_eq!(
        n(ok) + n(no_example) + n(unchecked) + n(bad),
        n(ops),
        "{c:?}"
    );
    assert_eq!(
        *refused, "422",
        "{name}: an unknown route is refused by name"
    );
    if *name == "fixture_onlyfans" {
        assert_eq!(ok, ops, "every OnlyFans operation answers its example");
    }
    if name.starts_with("corpus_") {
        assert!(n(ok) > 0, "{name}: some operations answer their example");
    }
    (n(ops), n(ok))
}

#[test]
fn drawn_instances_round_trip() {
    let ws = scratch();
    // The corpus's target directory: same lock, same profile, same
    // dependencies, so they build once for both.
    let target = target_dir().join("generated-crates");
    let status = cargo()
        .args(["build", "--workspace", "--examples", "--quiet"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "round-trip programs in {} do not build",
        ws.display()
    );

    let (mut instances, mut examples, mut skipped) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for (name, _) in specs() {
        let exe = target
            .join("debug/examples")
            .join(format!("{}_roundtrip", name.replace('-', "_")));
        let out = Command::new(&exe)
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", exe.display()));
        assert!(
            out.status.success(),
            "{} failed: {}",
            exe.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let c: Vec<&str> = line.split('\t').collect();
            let [op, _key, kind, source, index, status, note, value, detail] = &c[..] else {
                panic!("{name}: unexpected output line `{line}`");
            };
            match *source {
                "instance" => instances += 1,
                _ => examples += 1,
            }
            match *status {
                "ok" => {}
                "skip" => skipped.push(format!("{name}: {op} {kind} #{index}: {detail}")),
                // A documented example that contradicts its own schema is the spec's fault.
                _ if !note.is_empty() => {}
                _ => failures.push(format!(
                    "{name}: {op} {kind} {source} #{index}\n    value:  {value}\n    {detail}"
                )),
            }
        }
    }
    eprintln!(
        "{instances} drawn instances and {examples} documented examples checked; {} draws skipped",
        skipped.len()
    );
    for s in &skipped {
        eprintln!("  skipped: {s}");
    }
    assert!(
        instances > 0,
        "no instance was drawn: the property test checked nothing"
    );
    assert!(
        failures.is_empty(),
        "{} values do not round-trip through the generated types:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
