//! A generated crate's docs (README.md, API.md, the crate docs of
//! `src/lib.rs`) describe its own API: the `{data, _meta}` envelope,
//! credit headers and webhook signatures only where the spec (or its SDK
//! profile) has them, authentication as its security schemes say (no API
//! key claimed where it has none); a standalone crate never names this repository's
//! xtask or its `generated-client` directory, and its dependency line names
//! the crate. Checked on every fixture (always) and on every spec of
//! `../shared/specs` and `../shared/specs-versions` (ignored unless asked).

use generator::{generate, lower_spec, Options};
use std::path::{Path, PathBuf};

/// A spec's SDK profile, if it has one (`tests/profiles/{name}`).
fn profile_of(spec: &Path) -> generator::profile::Profile {
    let path = spec
        .parent()
        .unwrap()
        .join("../profiles")
        .join(spec.file_name().unwrap());
    std::fs::read_to_string(path)
        .map(|t| generator::profile::Profile::parse(&t).unwrap())
        .unwrap_or_default()
}

/// What is wrong with the docs of the crate generated from `spec` (empty:
/// nothing). `full`: generate every file (else only lower and render the
/// docs, which is what large corpus specs can afford).
fn problems(spec: &Path, full: bool) -> Vec<String> {
    let text = std::fs::read_to_string(spec).unwrap();
    let file = spec.display().to_string();
    let options = Options {
        standalone: true,
        profile: profile_of(spec),
        ..Options::default()
    };
    let Ok((api, _)) = lower_spec(&file, &text, &options) else {
        return Vec::new(); // Specs the generator refuses have no docs.
    };
    let mut files: Vec<(String, String)> = generator::render::render(&api, true).unwrap();
    files.push(("src/lib.rs".into(), generator::standalone::lib_rs(&api)));
    if full {
        let out = generate(&file, &text, &options).unwrap();
        files = out
            .files
            .into_iter()
            .map(|f| (f.path, f.contents))
            .collect();
    }
    let get = |name: &str| {
        files
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, t)| t.clone())
            .unwrap()
    };
    // What the template writes, not the spec's own words.
    let mut readme = get("README.md");
    if let Some(d) = &api.description {
        readme = readme.replace(d.as_str(), "");
    }
    // The groups table lists the spec's tags, in its words.
    if let Some(at) = readme.find("\n## Groups") {
        readme.truncate(at);
    }
    let lib = get("src/lib.rs");
    let c = &api.conventions;
    let meta = c.metadata.clone().unwrap_or_default();
    let mut out = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            out.push(format!("{file}: {what}"));
        }
    };
    for (path, contents) in &files {
        check(
            !contents.contains("xtask"),
            format!("{path} names the xtask"),
        );
        check(
            !contents.contains("generated-client"),
            format!("{path} names generated-client"),
        );
    }
    check(
        readme.contains(&format!(
            "{} = {{ path = \"{}\"",
            api.crate_name, api.crate_name
        )),
        "the dependency line does not name the crate".into(),
    );
    for (doc, text) in [("README", &readme), ("lib.rs", &lib)] {
        check(
            !text.contains("_meta") || (c.envelope && text_has(&text_of(spec), "_meta")),
            format!("{doc} mentions `_meta`, the spec has no such envelope"),
        );
        let credits = meta.credits_used.is_some() || meta.credits_balance.is_some();
        check(
            text.contains("credit") == credits,
            format!(
                "{doc}: credits mentioned: {}, configured: {credits}",
                text.contains("credit")
            ),
        );
        let signed = c.webhook_signature.is_some();
        check(
            text.contains("webhooks::verify") == signed,
            format!(
                "{doc}: webhook signatures mentioned: {}, configured: {signed}",
                !signed
            ),
        );
    }
    // Authentication as the spec's security says: none claimed where it has
    // none, each scheme named where it has some.
    let secured = !api.auth.schemes.is_empty();
    for (doc, text) in [("README", &readme), ("lib.rs", &lib)] {
        let key = text.contains("API key") || text.contains("api_key");
        check(
            secured || !key,
            format!("{doc} mentions an API key, the spec has no security"),
        );
        for s in &api.auth.schemes {
            check(
                text.contains(&format!("`{}`", s.name)),
                format!("{doc} does not name the security scheme `{}`", s.name),
            );
        }
    }
    check(
        readme.contains("Authentication: none") != secured,
        format!(
            "README: says no authentication: {}, the spec has security schemes: {secured}",
            !secured
        ),
    );
    check(
        readme.contains("_meta") == c.envelope,
        format!(
            "README: the envelope mentioned: {}, the API has one: {}",
            !c.envelope, c.envelope
        ),
    );
    if let Some(header) = &c.webhook_signature {
        check(
            readme.contains(header.as_str()),
            format!("README does not name the {header} header"),
        );
    } else {
        // (A security scheme's header may be named `X-Signature`: what must
        // not be there is a webhook signature.)
        check(
            !readme.contains("HMAC") && !readme.contains("webhook_delivery"),
            "README describes webhook signatures".into(),
        );
    }
    out
}

fn text_of(spec: &Path) -> String {
    std::fs::read_to_string(spec).unwrap()
}

fn text_has(text: &str, what: &str) -> bool {
    text.contains(what)
}

fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixtures_docs_describe_its_own_api() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let specs = specs_in(&dir);
    assert!(specs.len() > 30, "the fixtures are there");
    let problems: Vec<String> = specs.iter().flat_map(|s| problems(s, true)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The fixtures that have them do mention envelopes, credits and signatures.
#[test]
fn what_an_api_has_is_described() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let readme = |name: &str| {
        let spec = dir.join(name);
        let (api, _) = lower_spec(
            name,
            &text_of(&spec),
            &Options {
                standalone: true,
                profile: profile_of(&spec),
                ..Options::default()
            },
        )
        .unwrap();
        generator::render::render(&api, true).unwrap().remove(0).1
    };
    let envelope = readme("envelope-merge.yaml");
    assert!(
        envelope.contains("`{data, _meta, _pagination}`"),
        "{envelope}"
    );
    let signed = readme("errors-by-status.yaml");
    assert!(signed.contains("`X-Signature` header"), "{signed}");
    assert!(signed.contains("credit headers"), "{signed}");
    assert!(
        signed.contains("errors::InstanceUpdateError::NotFound"),
        "{signed}"
    );
    let problem = readme("errors-problem.yaml");
    assert!(problem.contains("RFC 9457"), "{problem}");
    assert!(
        !problem.contains("_meta") && !problem.contains("credit") && !problem.contains("Signature")
    );
    // No security and no servers: no key asked for, the base URL an argument.
    for readme in [&problem, &signed] {
        assert!(readme.contains("Authentication: none"), "{readme}");
        assert!(!readme.contains("API key"), "{readme}");
    }
    assert!(problem.contains("`Client::builder(base_url)`"), "{problem}");
    let secured = readme("auth-and-or.yaml");
    assert!(
        secured.contains("security schemes") && !secured.contains("Authentication: none"),
        "{secured}"
    );
    // A raw call picks one of several schemes by name; with one or none
    // there is nothing to pick.
    assert!(secured.contains(".with_scheme(\"name\")"), "{secured}");
    for readme in [&problem, &signed] {
        assert!(!readme.contains("with_scheme"), "{readme}");
    }
}

#[test]
#[ignore = "needs ../shared/specs and ../shared/specs-versions beside the checkout; .ci/run runs it"]
fn every_corpus_specs_docs_describe_its_own_api() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let mut specs = Vec::new();
    for dir in ["specs", "specs-versions"] {
        let d = shared.join(dir);
        assert!(d.is_dir(), "this test needs {}", d.display());
        specs.extend(specs_in(&d));
    }
    assert!(specs.len() >= 50, "{} specs", specs.len());
    let problems: Vec<String> = specs.iter().flat_map(|s| problems(s, false)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
