//! Standalone crates: everything a generated client needs to build on its
//! own (manifest, crate root, the runtime), for `generator generate --out`
//! and for compiling fixture snapshots.
//!
//! The runtime is `generated-client/src/runtime/`, embedded here verbatim, so
//! the in-repo client and every standalone crate run the same tested code.
//! The dependency list is taken verbatim from `generated-client/Cargo.toml`.

use crate::output::GeneratedFile;

const CLIENT_MANIFEST: &str = include_str!("../../generated-client/Cargo.toml");

/// The generator workspace's lock file: generated crates built here (tests,
/// corpus, benchmarks) use exactly the dependency versions the runtime is
/// tested with, without resolving anything.
const LOCK: &str = include_str!("../../Cargo.lock");

/// The runtime's source files, relative to the crate root.
pub const RUNTIME: &[(&str, &str)] = &[
    (
        "src/runtime/mod.rs",
        include_str!("../../generated-client/src/runtime/mod.rs"),
    ),
    (
        "src/runtime/auth.rs",
        include_str!("../../generated-client/src/runtime/auth.rs"),
    ),
    (
        "src/runtime/build.rs",
        include_str!("../../generated-client/src/runtime/build.rs"),
    ),
    (
        "src/runtime/call.rs",
        include_str!("../../generated-client/src/runtime/call.rs"),
    ),
    (
        "src/runtime/client.rs",
        include_str!("../../generated-client/src/runtime/client.rs"),
    ),
    (
        "src/runtime/conventions.rs",
        include_str!("../../generated-client/src/runtime/conventions.rs"),
    ),
    (
        "src/runtime/decode.rs",
        include_str!("../../generated-client/src/runtime/decode.rs"),
    ),
    (
        "src/runtime/download.rs",
        include_str!("../../generated-client/src/runtime/download.rs"),
    ),
    (
        "src/runtime/error.rs",
        include_str!("../../generated-client/src/runtime/error.rs"),
    ),
    (
        "src/runtime/execute.rs",
        include_str!("../../generated-client/src/runtime/execute.rs"),
    ),
    (
        "src/runtime/fallback.rs",
        include_str!("../../generated-client/src/runtime/fallback.rs"),
    ),
    (
        "src/runtime/format_text.rs",
        include_str!("../../generated-client/src/runtime/format_text.rs"),
    ),
    (
        "src/runtime/formats.rs",
        include_str!("../../generated-client/src/runtime/formats.rs"),
    ),
    (
        "src/runtime/hooks.rs",
        include_str!("../../generated-client/src/runtime/hooks.rs"),
    ),
    (
        "src/runtime/idempotency.rs",
        include_str!("../../generated-client/src/runtime/idempotency.rs"),
    ),
    (
        "src/runtime/kind.rs",
        include_str!("../../generated-client/src/runtime/kind.rs"),
    ),
    (
        "src/runtime/lenient.rs",
        include_str!("../../generated-client/src/runtime/lenient.rs"),
    ),
    (
        "src/runtime/lines.rs",
        include_str!("../../generated-client/src/runtime/lines.rs"),
    ),
    (
        "src/runtime/mock_answers.rs",
        include_str!("../../generated-client/src/runtime/mock_answers.rs"),
    ),
    (
        "src/runtime/mock_routes.rs",
        include_str!("../../generated-client/src/runtime/mock_routes.rs"),
    ),
    (
        "src/runtime/nullable.rs",
        include_str!("../../generated-client/src/runtime/nullable.rs"),
    ),
    (
        "src/runtime/oauth2.rs",
        include_str!("../../generated-client/src/runtime/oauth2.rs"),
    ),
    (
        "src/runtime/object.rs",
        include_str!("../../generated-client/src/runtime/object.rs"),
    ),
    (
        "src/runtime/operation.rs",
        include_str!("../../generated-client/src/runtime/operation.rs"),
    ),
    (
        "src/runtime/paginate.rs",
        include_str!("../../generated-client/src/runtime/paginate.rs"),
    ),
    (
        "src/runtime/problem.rs",
        include_str!("../../generated-client/src/runtime/problem.rs"),
    ),
    (
        "src/runtime/raw.rs",
        include_str!("../../generated-client/src/runtime/raw.rs"),
    ),
    (
        "src/runtime/receive.rs",
        include_str!("../../generated-client/src/runtime/receive.rs"),
    ),
    (
        "src/runtime/request.rs",
        include_str!("../../generated-client/src/runtime/request.rs"),
    ),
    (
        "src/runtime/response.rs",
        include_str!("../../generated-client/src/runtime/response.rs"),
    ),
    (
        "src/runtime/retry.rs",
        include_str!("../../generated-client/src/runtime/retry.rs"),
    ),
    (
        "src/runtime/secret.rs",
        include_str!("../../generated-client/src/runtime/secret.rs"),
    ),
    (
        "src/runtime/sse.rs",
        include_str!("../../generated-client/src/runtime/sse.rs"),
    ),
    (
        "src/runtime/streamed.rs",
        include_str!("../../generated-client/src/runtime/streamed.rs"),
    ),
    (
        "src/runtime/testing.rs",
        include_str!("../../generated-client/src/runtime/testing.rs"),
    ),
    (
        "src/runtime/union.rs",
        include_str!("../../generated-client/src/runtime/union.rs"),
    ),
    (
        "src/runtime/upload.rs",
        include_str!("../../generated-client/src/runtime/upload.rs"),
    ),
    (
        "src/runtime/webhooks.rs",
        include_str!("../../generated-client/src/runtime/webhooks.rs"),
    ),
];

/// The `[dependencies]` table of the in-repo client, as written there.
fn dependencies() -> &'static str {
    let start = CLIENT_MANIFEST
        .find("[dependencies]")
        .expect("generated-client/Cargo.toml has [dependencies]");
    let rest = &CLIENT_MANIFEST[start..];
    let end = rest[1..].find("\n[").map(|i| i + 2).unwrap_or(rest.len());
    rest[..end].trim_end()
}

/// The files that make the generated code a crate of its own: the
/// manifest (with `features`, [`features`]' table), `src/lib.rs` and the runtime.
pub fn files(api: &crate::ir::Api, features: &str) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "Cargo.toml".to_string(),
            manifest(&api.crate_name, &api.title, features),
        ),
        ("src/lib.rs".to_string(), lib_rs(api)),
    ];
    out.extend(
        RUNTIME
            .iter()
            .map(|(path, contents)| (path.to_string(), contents.to_string())),
    );
    out
}

/// The oldest Rust a generated crate builds with (the workspace's).
const RUST_VERSION: &str = "1.88";

/// The resolver line of a generated crate's `[package]`: MSRV-aware, so a
/// fresh resolve agrees with [`RUST_VERSION`] (uuid 1.27 and newer need 1.89).
const RESOLVER: &str = "resolver = \"3\"";

pub fn manifest(crate_name: &str, title: &str, features: &str) -> String {
    let description = format!("Rust client for {title}, generated from its OpenAPI spec")
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(
        "# @generated by the generator from an OpenAPI spec.\n[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"{RUST_VERSION}\"\n# A fresh resolve (no Cargo.lock) picks dependency versions that build with\n# rust-version, where there are such (cargo 1.84 and newer).\n{RESOLVER}\ndescription = \"{description}\"\npublish = false\n\n{}\n\n{features}",
        dependencies()
    )
}

/// The `[features]` table of a generated crate: one feature per operation
/// group, all on by default (`full`). With `default-features = false` and a
/// list of groups, only those groups and the types they reach are compiled.
pub fn features(api: &crate::ir::Api) -> String {
    let groups: Vec<&str> = api.groups.iter().map(|g| g.feature.as_str()).collect();
    let quoted: Vec<String> = groups.iter().map(|g| format!("{g:?}")).collect();
    let mut out = format!(
        "[features]\n# One feature per operation group (tag) of the spec, all on by default. With\n# `default-features = false`, only the groups named (and the types they\n# reach) are compiled. Generated by the generator from the spec: do not edit.\ndefault = [{full:?}]\n{full} = [{}]\n",
        quoted.join(", "),
        full = crate::ir::FULL_FEATURE,
    );
    for g in groups {
        out.push_str(&format!("{g} = []\n"));
    }
    out.push_str(&format!(
        "# A typed mock of the API for tests (`testing::MockServer`), off by default.\n{testing} = [\"dep:wiremock\"]\n",
        testing = crate::ir::TESTING_FEATURE,
    ));
    out.push_str(&format!(
        "# Conversions between the date and time types and the `time` crate's, off by default.\n{time} = [\"dep:time\"]\n",
        time = crate::ir::TIME_FEATURE,
    ));
    out
}

/// `src/lib.rs` of a standalone crate: its docs describe this API (an
/// envelope, metadata headers, paging, signed webhooks only where it has
/// them), and it exports `webhooks` only where the API signs webhooks.
pub fn lib_rs(api: &crate::ir::Api) -> String {
    let c = &api.conventions;
    let lib = api.crate_name.replace('-', "_");
    let mut doc = vec![
        format!(
            "A typed, async Rust client for {}, generated from its OpenAPI spec.",
            api.title.replace('\n', " ")
        ),
        String::new(),
        "- [`types`]: request and response types.".into(),
        "- [`api`]: the operation groups, one per tag.".into(),
        "- [`errors`]: the documented error bodies of operations whose errors differ by status.".into(),
        "- [`Client`], [`Call`], [`Response`], [`Error`]: the runtime.".into(),
        String::new(),
        format!(
            "A call returns `Result<Response<T>, Error<E>>`: `E` is what the operation's documented error bodies read into ([`Error::documented`]); [`Error::message`] and [`Error::validation_errors`] read the message and the errors by field where the spec documents them{}.",
            if api.operations.iter().any(|o| o.errors.iter().any(|e| e.shape.problem)) {
                " (RFC 9457 problem details: [`Error::problem`])"
            } else {
                ""
            }
        ),
    ];
    doc.push(if api.auth.schemes.is_empty() {
        "No operation of the spec requires credentials: the client sends none.".to_string()
    } else {
        let names: Vec<String> = api
            .auth
            .schemes
            .iter()
            .map(|s| format!("`{}`", s.name))
            .collect();
        format!(
            "Requests carry the credentials of the spec's security schemes ({}) that each operation requires: set on [`ClientBuilder`], or read by [`Client::from_env`]; they never appear in `Debug` output or errors.",
            names.join(", ")
        )
    });
    if c.envelope {
        doc.push("Answers in the `{data, _meta, _pagination}` envelope give `data` as `T`; [`Response::meta`] holds `_meta`.".into());
    }
    if c.metadata.is_some() {
        doc.push(
            "[`Response::meta`] reads the API's metadata headers (credits, cache, rate limits)."
                .into(),
        );
    }
    if c.pagination {
        doc.push("Paged operations have `.into_items()` and `.into_pages()` streams.".into());
    }
    if c.webhook_signature.is_some() {
        doc.push(format!(
            "[`webhooks`] checks the signature of a webhook delivery (`{lib}::webhooks::verify`)."
        ));
    }
    let doc: String = doc
        .iter()
        .map(|l| {
            if l.is_empty() {
                "//!\n".to_string()
            } else {
                format!("//! {l}\n")
            }
        })
        .collect();
    let webhooks = if c.webhook_signature.is_some() {
        "/// Webhook signatures: verifying a delivery's signature header.\npub mod webhooks {\n    pub use crate::runtime::webhooks::*;\n}\n"
    } else {
        ""
    };
    format!(
        "// @generated by the generator from an OpenAPI spec. Do not edit by hand.\n\
{doc}\
\n\
#[rustfmt::skip]\n\
mod generated;\n\
mod runtime;\n\
\n\
pub use generated::{{api, errors, types}};\n\
/// One struct per operation, which the group methods build: how a call maps\n\
/// to HTTP. Hidden: an implementation detail, not part of the API's semver.\n\
#[doc(hidden)]\n\
pub use generated::operations;\n\
/// A typed mock of the API for tests (the `testing` feature).\n\
#[cfg(feature = \"testing\")]\n\
pub use generated::testing;\n\
pub use runtime::*;\n\
{webhooks}"
    )
}

/// One crate of a scratch workspace: its directory, which is also its package name.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    /// Its files, relative to its directory (what [`crate::generate`] returns).
    pub files: Vec<GeneratedFile>,
}

/// A scratch workspace of generated crates, as files relative to its root:
/// each member's files under `{name}/`, the workspace `Cargo.toml` (whose
/// first line says who made it, `purpose`) and the `Cargo.lock` of this
/// repository. `other_members` are directories the caller fills itself
/// (another generator's crates, in the benchmarks). One workspace means one
/// dependency build and one target directory for all the crates. Does no IO:
/// the caller writes the files (best leaving unchanged ones untouched, so
/// cargo's freshness checks hold).
pub fn workspace(
    purpose: &str,
    members: &[Member],
    other_members: &[String],
) -> Vec<GeneratedFile> {
    let names: Vec<String> = members
        .iter()
        .map(|m| &m.name)
        .chain(other_members)
        .map(|n| format!("  {n:?},"))
        .collect();
    let manifest = format!(
        "# {}\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n\n# Built to run, not to debug, and built whole (no incremental state, which\n# for some fifty generated crates takes tens of gigabytes): smaller and faster.\n[profile.dev]\ndebug = false\nincremental = false\n",
        purpose.replace('\n', " "),
        names.join("\n")
    );
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".into(),
            contents: manifest,
        },
        GeneratedFile {
            path: "Cargo.lock".into(),
            contents: LOCK.to_string(),
        },
    ];
    for m in members {
        files.extend(m.files.iter().map(|f| GeneratedFile {
            path: format!("{}/{}", m.name, f.path),
            // A member's resolver is the workspace's (cargo warns about one of its own).
            contents: match f.path.as_str() {
                "Cargo.toml" => f.contents.replace(&format!("{RESOLVER}\n"), ""),
                _ => f.contents.clone(),
            },
        }));
    }
    files
}

#[cfg(test)]
mod tests {
    /// Every file of the runtime directory is embedded (a new one that is
    /// not would leave standalone crates without it).
    #[test]
    fn every_runtime_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../generated-client/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("src/runtime/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".rs"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = super::RUNTIME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    /// The runtime plugs into generated code only through `ClientInfo`
    /// (implemented by the generated code): it never names `crate::generated`.
    #[test]
    fn the_runtime_never_names_generated_code() {
        for (path, source) in super::RUNTIME {
            let tokens = code_tokens(path, source);
            let names = tokens
                .windows(3)
                .any(|w| w[0] == "crate" && w[1] == "::" && w[2] == "generated");
            assert!(
                !names,
                "{path} names crate::generated; plug generated code in through a trait or a value"
            );
        }
    }

    /// No runtime module imports (or names a path through) a module that
    /// imports it back, directly or through others.
    #[test]
    fn runtime_modules_import_no_cycle() {
        use std::collections::BTreeMap;
        let module = |path: &str| {
            path.trim_start_matches("src/runtime/")
                .trim_end_matches(".rs")
                .to_string()
        };
        let names: Vec<String> = super::RUNTIME.iter().map(|(p, _)| module(p)).collect();
        let mut imports: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, source) in super::RUNTIME {
            let me = module(path);
            let mut used: Vec<String> = sibling_paths(&code_tokens(path, source))
                .into_iter()
                .filter(|m| names.contains(m) && *m != me && m != "mod")
                .collect();
            used.sort();
            used.dedup();
            imports.insert(me, used);
        }
        assert!(
            imports["call"].contains(&"client".to_string()),
            "the scan finds imports: {imports:?}"
        );
        // Depth-first search for a way back to where it started.
        fn cycle_from(
            start: &str,
            at: &str,
            imports: &BTreeMap<String, Vec<String>>,
            trail: &mut Vec<String>,
        ) -> Option<Vec<String>> {
            for next in &imports[at] {
                if next == start {
                    let mut cycle = trail.clone();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                if !trail.contains(next) {
                    trail.push(next.clone());
                    if let Some(c) = cycle_from(start, next, imports, trail) {
                        return Some(c);
                    }
                    trail.pop();
                }
            }
            None
        }
        for m in imports.keys() {
            let mut trail = vec![m.clone()];
            if let Some(cycle) = cycle_from(m, m, &imports, &mut trail) {
                panic!("runtime modules import each other: {}", cycle.join(" → "));
            }
        }
    }

    #[test]
    fn sibling_paths_are_found_in_uses_and_expressions() {
        let src = "use super::a::X; use crate::runtime::{b::Y, c}; fn f() { super::d::g(); }";
        assert_eq!(
            sibling_paths(&code_tokens("t.rs", src)),
            ["a", "b", "c", "d"]
        );
    }

    /// The first segment after `super::` or `runtime::` in every path
    /// (each path of a `{…}` group too).
    fn sibling_paths(tokens: &[String]) -> Vec<String> {
        let mut found = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if !(t == "super" || t == "runtime")
                || tokens.get(i + 1).map(String::as_str) != Some("::")
            {
                continue;
            }
            match tokens.get(i + 2).map(String::as_str) {
                Some("{") => {
                    let mut depth = 0;
                    let mut at_start = true;
                    for t in &tokens[i + 2..] {
                        match t.as_str() {
                            "{" => {
                                depth += 1;
                                at_start = depth == 1;
                                continue;
                            }
                            "}" => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            "," if depth == 1 => {
                                at_start = true;
                                continue;
                            }
                            name if at_start && depth == 1 => found.push(name.to_string()),
                            _ => {}
                        }
                        at_start = false;
                    }
                }
                Some(name) => found.push(name.to_string()),
                None => {}
            }
        }
        found
    }

    /// A runtime file's code as tokens (`::` one token, brackets their own),
    /// without comments, doc comments or `#[cfg(test)]` items: tests and
    /// docs may name whatever they like.
    fn code_tokens(path: &str, source: &str) -> Vec<String> {
        use quote::ToTokens;
        let mut file = syn::parse_file(source).unwrap_or_else(|e| panic!("{path}: {e}"));
        file.attrs.clear();
        file.items.retain(|item| {
            let attrs = match item {
                syn::Item::Mod(m) => &m.attrs,
                syn::Item::Fn(f) => &f.attrs,
                syn::Item::Impl(i) => &i.attrs,
                syn::Item::Use(u) => &u.attrs,
                _ => return true,
            };
            !attrs.iter().any(|a| {
                a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
            })
        });
        let mut out = Vec::new();
        flatten(file.into_token_stream(), &mut out);
        out
    }

    /// Tokens as text, dropping `#[doc = "…"]` attributes (doc comments
    /// link to other modules without importing them) and joining `::`.
    fn flatten(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
        use proc_macro2::{Delimiter, Spacing, TokenTree};
        let mut iter = tokens.into_iter().peekable();
        while let Some(tt) = iter.next() {
            match tt {
                TokenTree::Punct(p) if p.as_char() == '#' => {
                    let doc = matches!(iter.peek(), Some(TokenTree::Group(g))
                        if g.stream().into_iter().next().is_some_and(|t| t.to_string() == "doc"));
                    if doc {
                        iter.next();
                    } else {
                        out.push("#".into());
                    }
                }
                TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint => {
                    if matches!(iter.peek(), Some(TokenTree::Punct(q)) if q.as_char() == ':') {
                        iter.next();
                        out.push("::".into());
                    } else {
                        out.push(":".into());
                    }
                }
                TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    out.push(open.into());
                    flatten(g.stream(), out);
                    out.push(close.into());
                }
                other => out.push(other.to_string()),
            }
        }
    }

    #[test]
    fn workspace_lists_members_and_carries_the_lock() {
        let member = super::Member {
            name: "a-api".into(),
            files: vec![crate::output::GeneratedFile {
                path: "src/lib.rs".into(),
                contents: "x".into(),
            }],
        };
        let files = super::workspace("Scratch of a test.", &[member], &["peer".into()]);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["Cargo.toml", "Cargo.lock", "a-api/src/lib.rs"]);
        let manifest = &files[0].contents;
        assert!(manifest.starts_with("# Scratch of a test.\n[workspace]"));
        assert!(manifest.contains("members = [\n  \"a-api\",\n  \"peer\",\n]"));
        assert!(files[1].contents.contains("name = \"reqwest\""));
    }

    #[test]
    fn dependencies_table_is_found() {
        let d = super::dependencies();
        assert!(d.starts_with("[dependencies]"));
        assert!(d.contains("reqwest"));
        assert!(!d.contains("[dev-dependencies]"));
    }
}
