//! Property tests: no spec, however malformed, makes the generator panic; a
//! spec it accepts yields syntactically valid Rust, the same on every run.
//!
//! Two sources of input: random documents built from OpenAPI's vocabulary
//! (so they reach deep into normalization and lowering), and the fixture
//! specs with random subtrees replaced. `PROPTEST_CASES` scales the run
//! (default 128 per property, to keep `cargo test` quick). Failures found are
//! recorded by proptest under `tests/fuzz.proptest-regressions` and replayed
//! first on every run; each is also kept as a fixture in `tests/fixtures/`.

use generator::{generate, Options};
use proptest::prelude::*;
use serde_json::{Map, Value};

const KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "nullable",
    "required",
    "example",
    "examples",
    "additionalProperties",
    "description",
    "format",
    "data",
    "_meta",
    "_pagination",
    "name",
    "in",
    "schema",
    "content",
    "application/json",
    "multipart/form-data",
    "200",
    "default",
    "responses",
    "parameters",
    "requestBody",
    "operationId",
    "tags",
    "get",
    "post",
    "style",
    "explode",
    "title",
    "value",
    "not",
];

const STRINGS: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "object",
    "date",
    "numeric",
    "string|null",
    "required",
    "file",
    "binary",
    "query",
    "path",
    "header",
    "cookie",
    "deepObject",
    "#/components/schemas/A",
    "#/components/schemas/Missing",
    "#/components/parameters/P",
    "",
    "filter[status]",
    "*email",
    "2020-12-07",
    "имя",
    "type",
    "self",
    "Self",
    "_",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        prop::sample::select(STRINGS).prop_map(Value::from),
        "[a-zA-Z0-9_{}/\\[\\]. $*-]{0,10}".prop_map(Value::String),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![3 => prop::sample::select(KEYS).prop_map(str::to_string), 1 => "[a-z_]{1,6}"]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 80, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A document with OpenAPI's skeleton and random flesh.
fn document() -> impl Strategy<Value = Value> {
    (json(), json(), json(), json(), json(), "[a-z]{0,8}").prop_map(|(schema, params, body, component, info, op_id)| {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": info,
            "servers": [{"url": "https://api.example.com"}],
            "paths": {
                "/a/{id}": {
                    "parameters": params,
                    "get": {
                        "operationId": op_id,
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
                    },
                    "post": {"requestBody": body, "responses": {}}
                }
            },
            "components": {"schemas": {"A": component}}
        })
    })
}

/// Every fixture spec, as a JSON tree.
fn fixtures() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let mut warnings = Vec::new();
        out.push(generator::load::parse("f", &text, &mut warnings).unwrap());
    }
    out
}

/// Replace the node reached by following `selector`'s bits with `with`.
fn mutate(tree: &mut Value, mut selector: u64, with: Value) {
    let mut node = tree;
    loop {
        let n = match node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        // Stop here about one time in four, or at a leaf.
        if n == 0 || selector.is_multiple_of(4) {
            *node = with;
            return;
        }
        selector /= 4;
        let i = (selector % n as u64) as usize;
        selector /= n as u64 + 1;
        node = match node {
            Value::Object(m) => m.values_mut().nth(i).expect("in range"),
            Value::Array(a) => &mut a[i],
            _ => unreachable!("n > 0"),
        };
    }
}

/// The property: no panic; when accepted, valid Rust and a valid cases
/// file (instances drawn from the random schemas), deterministic.
fn check(text: &str) -> Result<(), TestCaseError> {
    let options = Options {
        standalone: true,
        roundtrip: true,
        instances: 4,
        ..Options::default()
    };
    let first = std::panic::catch_unwind(|| generate("fuzz.json", text, &options));
    let Ok(first) = first else {
        return Err(TestCaseError::fail(format!(
            "generate panicked on:\n{text}"
        )));
    };
    if let Ok(out) = first {
        for f in out.files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&f.contents) {
                return Err(TestCaseError::fail(format!(
                    "{} is not valid Rust ({e}) for:\n{text}",
                    f.path
                )));
            }
        }
        let cases = out.files.iter().find(|f| f.path == "roundtrip.json");
        let cases = cases.map(|f| serde_json::from_str::<Vec<serde_json::Value>>(&f.contents));
        if !matches!(cases, Some(Ok(_))) {
            return Err(TestCaseError::fail(format!(
                "roundtrip.json is missing or not a JSON array for:\n{text}"
            )));
        }
        let again = generate("fuzz.json", text, &options)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(out.files, again.files);
    }
    Ok(())
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(128);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_documents_never_panic(doc in document()) {
        check(&doc.to_string())?;
    }

    #[test]
    fn mutated_fixtures_never_panic(pick in any::<usize>(), edits in prop::collection::vec((any::<u64>(), json()), 1..4)) {
        let all = fixtures();
        let mut tree = all[pick % all.len()].clone();
        for (selector, with) in edits {
            mutate(&mut tree, selector, with);
        }
        check(&tree.to_string())?;
    }
}

#[test]
fn random_text_never_panics() {
    for text in [
        "",
        "{",
        "[",
        "\u{0}",
        "openapi: [",
        ": :",
        "{\"openapi\": 3}",
        "openapi: '3.0.0'\npaths: []\n",
        "%YAML 1.2\n---\n",
    ] {
        let _ = generate("t", text, &Options::default());
    }
}
