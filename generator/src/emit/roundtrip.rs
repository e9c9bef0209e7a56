//! The round-trip program (`examples/{lib}_roundtrip.rs` of a standalone
//! crate, made with `Options::roundtrip`) and the cases it reads.
//!
//! The program holds no values: it is a dispatch from (operation, body kind)
//! to the generated type of that body, so it does not grow with the number
//! of values checked. The values are in `roundtrip.json` beside the crate's
//! `Cargo.toml` (or the file named by its first argument): a JSON array of
//! [`Case`]s, the spec's documented examples ([`example_cases`]) and the
//! instances drawn from its schemas (`crate::instances`).
//!
//! Each value must decode into its type and encode back to the same JSON
//! (absent optionals and nulls aside, numbers exactly: integers as
//! integers, doubles as doubles, an integer against a double as the double
//! nearest to it; `[]` for an empty map; the program refuses to run when
//! its JSON reader is inexact): a value that lands in the wrong variant of a union, or loses a
//! field, fails with the place where the JSON differs. The program prints
//! one TSV line per case (columns in [`COLUMNS`]); `cargo xtask corpus` and
//! `generator/tests/compile.rs` run it.

use super::tokens::{ident, rust_type};
use crate::ir::{Api, BodyMedia, ErrorResponse, Operation, ResponseKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

/// The columns of the program's output lines.
pub const COLUMNS: &[&str] = &[
    "operation", // the operationId (as lowering names it), else the `METHOD /path` key
    "key",       // `METHOD /path`
    "kind",      // `request`, `response`, `item`, `error 404`, `error 4XX`, `error default`
    "source",    // `example` or `instance`
    "index",
    "status", // `ok`, `fail`, `fallback` (a drawn value in an `Unknown`), `skip`
    "note",   // why a documented example contradicts its schema, if it does
    "value",  // the value's JSON, cut short
    "detail", // why it failed, or why the draw was skipped
];

/// `GET /pets/{id}`: how a case names its operation, on both sides.
pub fn operation_key(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

/// `error 404`, `error 4XX`, `error default`.
pub fn error_kind(e: &ErrorResponse) -> String {
    match e.status {
        None => "error default".into(),
        Some(s) if e.range => format!("error {}XX", s / 100),
        Some(s) => format!("error {s}"),
    }
}

/// One value for the round-trip program.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// `METHOD /path`.
    pub op: String,
    /// `request`, `response`, `error …`.
    pub kind: String,
    /// `example` or `instance`.
    pub source: &'static str,
    pub index: usize,
    /// The value is a whole `{data, _meta, …}` envelope.
    pub envelope: bool,
    /// Why the value contradicts its schema (documented examples only).
    pub note: Option<String>,
    /// The value, or why no value could be drawn.
    pub value: Result<Value, String>,
}

impl Case {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("op".into(), Value::String(self.op.clone()));
        m.insert("kind".into(), Value::String(self.kind.clone()));
        m.insert("source".into(), Value::String(self.source.into()));
        m.insert("index".into(), Value::from(self.index));
        if self.envelope {
            m.insert("envelope".into(), Value::Bool(true));
        }
        if let Some(n) = &self.note {
            m.insert("note".into(), Value::String(n.clone()));
        }
        match &self.value {
            Ok(v) => m.insert("value".into(), v.clone()),
            Err(e) => m.insert("skip".into(), Value::String(e.clone())),
        };
        Value::Object(m)
    }
}

/// The documented examples of every operation, as lowering kept them.
pub fn example_cases(api: &Api) -> Vec<Case> {
    let mut out = Vec::new();
    for op in &api.operations {
        let key = operation_key(op);
        let case = |kind: String, index, envelope, ex: &crate::ir::Example| Case {
            op: key.clone(),
            kind,
            source: "example",
            index,
            envelope,
            note: ex.contradiction.clone(),
            value: Ok(ex.value.clone()),
        };
        if has_response_type(op) {
            let envelope = op.response.kind == ResponseKind::Envelope;
            for (i, ex) in op.response.examples.iter().enumerate() {
                out.push(case("response".into(), i, envelope, ex));
            }
        }
        for e in &op.errors {
            for (i, ex) in e.examples.iter().enumerate() {
                out.push(case(error_kind(e), i, false, ex));
            }
        }
        if let Some(body) = op.body.as_ref().filter(|_| has_request_type(op)) {
            for (i, ex) in body.examples.iter().enumerate() {
                out.push(case("request".into(), i, false, ex));
            }
        }
    }
    out
}

/// The cases as the program's input file: a JSON array, one case a line.
pub fn cases_file(cases: &[Case]) -> String {
    let mut s = String::from("[\n");
    for (i, c) in cases.iter().enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&c.to_json().to_string());
    }
    s.push_str("\n]\n");
    s
}

/// The round-trip program and its cases (`roundtrip.json`): the documented
/// examples, then the instances drawn from the spec.
pub fn files(api: &Api, drawn: Vec<crate::instances::Drawn>) -> Vec<(String, String)> {
    let lib_name = api.crate_name.replace('-', "_");
    let program = (
        format!("examples/{lib_name}_roundtrip.rs"),
        super::format_file(emit_roundtrip(api, &lib_name)),
    );
    let mut cases = example_cases(api);
    for drawn in drawn {
        let (op, kind) = (drawn.target.operation(), drawn.target.kind.label());
        for (index, value) in drawn.values.into_iter().enumerate() {
            cases.push(Case {
                op: op.clone(),
                kind: kind.clone(),
                source: "instance",
                index,
                envelope: drawn.target.envelope,
                note: None,
                value,
            });
        }
    }
    vec![program, ("roundtrip.json".into(), cases_file(&cases))]
}

fn has_response_type(op: &Operation) -> bool {
    matches!(
        op.response.kind,
        ResponseKind::Json | ResponseKind::Envelope | ResponseKind::Text
    )
}

fn has_request_type(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| {
        matches!(
            b.media,
            BodyMedia::Json | BodyMedia::Form | BodyMedia::Multipart
        )
    })
}

/// The round-trip program of a generated crate: `dispatch` (one arm per
/// body of the spec), the checks, and `main`.
pub fn emit_roundtrip(api: &Api, lib_name: &str) -> TokenStream {
    let arms = dispatch_arms(api, lib_name);
    let checks = checks(&ident(lib_name));
    let driver = driver();
    let header = COLUMNS.join(" TAB ");
    let header = format!(" Output: one line per case, `{header}`.");
    quote! {
        //! Decodes every case of `roundtrip.json` (documented examples and drawn
        //! instances) into the generated type of its body and encodes it back;
        //! the JSON must come back the same (absent optionals and nulls aside).
        //! Usage: `cargo run --example <this> [CASES.json]`.
        #![doc = #header]
        // A spec without bodies leaves the dispatch empty and the checks unused.
        #![allow(clippy::all, unreachable_patterns, unreachable_code, dead_code)]

        use ::serde_json::Value;
        use ::std::fmt::Write as _;

        /// Decodes a value, encodes it back, and says where the two differ.
        /// Decode, encode, compare: what fell back on the way (`Unknown`s), or why it failed.
        type Check = fn(&Value) -> ::std::result::Result<::std::vec::Vec<::std::string::String>, ::std::string::String>;

        /// (operation key, body kind) → (operationId, reads the envelope's `data`, check).
        fn dispatch(key: &str, kind: &str) -> ::std::option::Option<(&'static str, bool, Check)> {
            ::std::option::Option::Some(match (key, kind) {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        }

        #checks
        #driver
    }
}

/// `(operation key, body kind) => (operationId, envelope, check::<T>)`, one
/// per response, error and request body with a type.
fn dispatch_arms(api: &Api, lib_name: &str) -> Vec<TokenStream> {
    let krate = ident(lib_name);
    // `crate::types::X` as seen from the example program.
    let outside = |t: TokenStream| -> TokenStream {
        t.to_string()
            .replace("crate ::", &format!(":: {lib_name} ::"))
            .parse()
            .expect("a type path re-parses")
    };
    let mut arms = Vec::new();
    for op in &api.operations {
        let key = operation_key(op);
        let id = &op.id;
        if has_response_type(op) {
            let ty = ident(&op.type_name);
            let envelope = op.response.kind == ResponseKind::Envelope;
            arms.push(quote! {
                (#key, "response") => (#id, #envelope, check::<<::#krate::operations::#ty as ::#krate::Operation>::Output>),
            });
        }
        for e in &op.errors {
            let kind = error_kind(e);
            // An error body the spec says nothing usable about is kept as JSON.
            let t = match &e.ty {
                Some(t) => outside(rust_type(t)),
                None => quote!(::serde_json::Value),
            };
            arms.push(quote!((#key, #kind) => (#id, false, check::<#t>),));
        }
        if let Some(body) = op.body.as_ref().filter(|_| has_request_type(op)) {
            let t = outside(rust_type(&body.ty));
            arms.push(quote!((#key, "request") => (#id, false, check::<#t>),));
        }
        if let Some(item) = &op.response.item {
            let t = outside(rust_type(item));
            arms.push(quote!((#key, "item") => (#id, false, check::<#t>),));
        }
    }
    arms
}

/// `Case`, `check` (decode leniently, encode, compare) and its helpers.
fn checks(krate: &Ident) -> TokenStream {
    let helpers = check_helpers();
    quote! {
        #[derive(::serde::Deserialize)]
        struct Case {
            op: ::std::string::String,
            kind: ::std::string::String,
            source: ::std::string::String,
            index: usize,
            #[serde(default)]
            envelope: bool,
            #[serde(default)]
            note: ::std::string::String,
            #[serde(default)]
            skip: ::std::option::Option<::std::string::String>,
            #[serde(default)]
            value: Value,
        }

        fn check<T>(value: &Value) -> ::std::result::Result<::std::vec::Vec<::std::string::String>, ::std::string::String>
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize + ::std::fmt::Debug,
        {
            let name = short_type(::std::any::type_name::<T>());
            // As the client reads responses: leniently (`"12"` for 12),
            // noting every value that lands in a fallback.
            let (typed, fell) = ::#krate::fallback::recording(|| ::#krate::lenient::from_value::<T>(value));
            let typed: T = typed.map_err(|e| format!("does not decode into `{name}`: {e}"))?;
            let back = ::serde_json::to_value(&typed)
                .map_err(|e| format!("decodes into `{name}` but does not encode: {e}"))?;
            match difference(value, &back, "") {
                ::std::option::Option::None => ::std::result::Result::Ok(fell),
                ::std::option::Option::Some(d) => ::std::result::Result::Err(format!(
                    "decodes into `{name}` as {}, which encodes back differently: {d}",
                    cut(&format!("{typed:?}"), 100)
                )),
            }
        }

        #helpers
    }
}

/// `difference` (where two JSON values differ, as the check compares
/// them), `short_type` and `cut`: the check's helpers.
fn check_helpers() -> TokenStream {
    quote! {
        /// Where two JSON values differ, up to absent optionals: keys whose value
        /// is null are dropped on both sides, numbers compare by value, and `[]`
        /// equals `{}` (PHP writes an empty map as `[]`).
        fn difference(a: &Value, b: &Value, at: &str) -> ::std::option::Option<::std::string::String> {
            let here = if at.is_empty() { "/" } else { at };
            match (a, b) {
                (Value::Array(x), Value::Object(y)) | (Value::Object(y), Value::Array(x)) if x.is_empty() => {
                    if y.values().all(Value::is_null) {
                        None
                    } else {
                        Some(format!("at {here}: {} became {}", cut(&a.to_string(), 60), cut(&b.to_string(), 60)))
                    }
                }
                (Value::Object(x), Value::Object(y)) => {
                    for (k, v) in x.iter().filter(|(_, v)| !v.is_null()) {
                        let path = format!("{at}/{k}");
                        match y.get(k).filter(|w| !w.is_null()) {
                            None => return Some(format!("at {path}: {} was dropped", cut(&v.to_string(), 60))),
                            Some(w) => {
                                if let Some(d) = difference(v, w, &path) {
                                    return Some(d);
                                }
                            }
                        }
                    }
                    y.iter()
                        .filter(|(k, w)| !w.is_null() && x.get(*k).map_or(true, Value::is_null))
                        .map(|(k, w)| format!("at {at}/{k}: {} appeared", cut(&w.to_string(), 60)))
                        .next()
                }
                (Value::Array(x), Value::Array(y)) => {
                    if x.len() != y.len() {
                        return Some(format!("at {here}: {} items became {}", x.len(), y.len()));
                    }
                    x.iter()
                        .zip(y)
                        .enumerate()
                        .find_map(|(i, (v, w))| difference(v, w, &format!("{at}/{i}")))
                }
                (Value::Number(x), Value::Number(y)) => {
                    // Exactly: two integers as integers, else as doubles (an
                    // integer sent to a double field is the double nearest to it).
                    let equal = match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                        (Some(p), Some(q), _, _) => p == q,
                        (_, _, Some(p), Some(q)) => p == q,
                        _ => x.as_f64() == y.as_f64(),
                    };
                    (!equal).then(|| format!("at {here}: {x} became {y}"))
                }
                _ if a == b => None,
                _ => Some(format!("at {here}: {} became {}", cut(&a.to_string(), 60), cut(&b.to_string(), 60))),
            }
        }

        /// Does this build read JSON numbers exactly? Both sides of every
        /// comparison are read by it: an inexact reader would make two
        /// equally wrong readings agree. (serde_json's `float_roundtrip`.)
        fn reads_numbers_exactly() -> bool {
            ::serde_json::from_str::<f64>("-1.2621152072587819e+183").ok() == Some(-1.2621152072587819e183)
        }

        /// `alloc::vec::Vec<my_api::types::Pet>` → `Vec<Pet>`.
        fn short_type(name: &str) -> ::std::string::String {
            let mut out = ::std::string::String::new();
            let mut word = ::std::string::String::new();
            for c in name.chars() {
                if c.is_alphanumeric() || c == '_' || c == ':' {
                    word.push(c);
                } else {
                    out.push_str(word.rsplit("::").next().unwrap_or_default());
                    word.clear();
                    out.push(c);
                }
            }
            out.push_str(word.rsplit("::").next().unwrap_or_default());
            out
        }

        /// At most `max` characters, on one line.
        fn cut(s: &str, max: usize) -> ::std::string::String {
            let one_line = s.replace(['\t', '\n', '\r'], " ");
            if one_line.chars().count() <= max {
                return one_line;
            }
            let mut t: ::std::string::String = one_line.chars().take(max.saturating_sub(3)).collect();
            t.push_str("...");
            t
        }
    }
}

/// `run` (one case) and `main` (every case of the file, one line each).
fn driver() -> TokenStream {
    quote! {
        fn run(case: &Case) -> (::std::string::String, &'static str, ::std::string::String) {
            if let Some(why) = &case.skip {
                return (case.op.clone(), "skip", why.clone());
            }
            let Some((id, envelope, check)) = dispatch(&case.op, &case.kind) else {
                return (
                    case.op.clone(),
                    "fail",
                    format!("the generated code has no type for the {} of `{}`", case.kind, case.op),
                );
            };
            let body = match (envelope, case.envelope) {
                (true, true) => case.value.get("data").unwrap_or(&Value::Null),
                (false, false) => &case.value,
                (true, false) => {
                    return (id.into(), "fail", "the generated operation reads the `data` of a {data, _meta} envelope; the spec's body is no envelope".into());
                }
                (false, true) => {
                    return (id.into(), "fail", "the spec's body is a {data, _meta} envelope; the generated operation decodes the whole body".into());
                }
            };
            match check(body) {
                // A drawn value is declared by the schema: it must not land in
                // a fallback (an example may carry a value the spec does not list).
                Ok(fell) if !fell.is_empty() && case.source == "instance" => (
                    id.into(),
                    "fallback",
                    format!("decodes and encodes back, but lands in a fallback: {}", fell.join("; ")),
                ),
                Ok(_) => (id.into(), "ok", ::std::string::String::new()),
                Err(e) => (id.into(), "fail", e),
            }
        }

        fn main() -> ::std::process::ExitCode {
            if !reads_numbers_exactly() {
                eprintln!("error: this build reads JSON numbers inexactly (serde_json without `float_roundtrip`): the round-trip of numbers cannot be checked");
                return ::std::process::ExitCode::from(2);
            }
            let path = ::std::env::args_os()
                .nth(1)
                .map(::std::path::PathBuf::from)
                .unwrap_or_else(|| ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("roundtrip.json"));
            let cases: ::std::vec::Vec<Case> = match ::std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|t| ::serde_json::from_str(&t).map_err(|e| e.to_string()))
            {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: cannot read the cases in {}: {e}", path.display());
                    return ::std::process::ExitCode::from(2);
                }
            };
            let mut out = ::std::string::String::new();
            for case in &cases {
                let (id, status, detail) = run(case);
                let value = if case.skip.is_some() { ::std::string::String::new() } else { cut(&case.value.to_string(), 100) };
                let _ = writeln!(
                    out,
                    "{id}\t{}\t{}\t{}\t{}\t{status}\t{}\t{value}\t{}",
                    cut(&case.op, 200),
                    case.kind,
                    case.source,
                    case.index,
                    cut(&case.note, 200),
                    cut(&detail, 400)
                );
            }
            print!("{out}");
            ::std::process::ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{generate, Options};

    const SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {
      "/pets/{id}": {"get": {"operationId": "getPet",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"data": {"type": "object", "properties": {"name": {"type": "string"}}}, "_meta": {"type": "object"}}},
            "example": {"data": {"name": "Rex"}, "_meta": {}}}}},
          "4XX": {"description": "bad", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"message": {"type": "string"}}},
            "example": {"message": "no"}}}}}}}}}"#;

    fn cases(instances: usize) -> Vec<serde_json::Value> {
        let options = Options {
            roundtrip: true,
            instances,
            ..Options::default()
        };
        let out = generate("t.json", SPEC, &options).unwrap();
        let file = out
            .files
            .iter()
            .find(|f| f.path == "roundtrip.json")
            .unwrap();
        assert!(file.contents.lines().count() > 2, "one case a line");
        serde_json::from_str(&file.contents).unwrap()
    }

    #[test]
    fn examples_and_instances_are_cases_with_kinds() {
        let c = cases(2);
        let kinds: Vec<(String, String, bool)> = c
            .iter()
            .map(|c| {
                (
                    c["kind"].as_str().unwrap().to_string(),
                    c["source"].as_str().unwrap().to_string(),
                    c.get("envelope").is_some(),
                )
            })
            .collect();
        let want = |k: &str, s: &str, e: bool| (k.to_string(), s.to_string(), e);
        assert_eq!(
            kinds,
            vec![
                want("response", "example", true),
                want("error 4XX", "example", false),
                want("response", "instance", true),
                want("response", "instance", true),
                want("error 4XX", "instance", false),
                want("error 4XX", "instance", false),
            ]
        );
        assert!(c.iter().all(|c| c["op"] == "GET /pets/{id}"));
        assert_eq!(c[0]["value"]["data"]["name"], "Rex");
        assert!(cases(0).iter().all(|c| c["source"] == "example"));
    }

    #[test]
    fn the_program_dispatches_every_body() {
        let options = Options {
            crate_name: Some("t-api".into()),
            roundtrip: true,
            ..Options::default()
        };
        let out = generate("t.json", SPEC, &options).unwrap();
        let program = &out
            .files
            .iter()
            .find(|f| f.path == "examples/t_api_roundtrip.rs")
            .unwrap()
            .contents;
        let flat: String = program.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(r#"("GET/pets/{id}","response")=>{("getPet",true,check::<"#));
        assert!(flat.contains(r#"("GET/pets/{id}","error4XX")=>{("getPet",false,check::<"#));
        assert!(
            !program.contains("Rex"),
            "values live in roundtrip.json, not in the program"
        );
    }
}
