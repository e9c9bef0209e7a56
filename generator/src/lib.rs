//! OpenAPI (Swagger 2.0, 3.0, 3.1) → Rust SDK generator.
//!
//! The pipeline, one module per stage; nothing here does IO (it takes text and
//! returns files):
//!
//! 1. [`load`]: text → JSON tree (`serde_json` for JSON, `serde_yaml` for YAML).
//! 2. [`normalize`]: the version check; Swagger 2.0 and OpenAPI 3.1 brought to
//!    the 3.0 layout; one named rule per spec quirk, each fix a [`Warning`]
//!    with its JSON pointer into the document as written.
//! 3. `openapiv3` deserialization, with the JSON pointer of any failure.
//! 4. [`lower`]: `openapiv3` → our IR ([`ir`]); all naming happens here.
//! 5. [`emit`]: IR → `quote!` tokens → `prettyplease`; [`render`]: IR view →
//!    minijinja templates.

pub mod emit;
pub mod ident;
pub mod instances;
pub mod ir;
pub mod items;
pub mod keywords;
pub mod load;
pub mod lower;
pub mod normalize;
pub mod pointer;
pub mod render;
pub mod reserved;
pub mod rules;
pub mod rust;
pub mod standalone;

pub use rules::Rule;

use std::fmt;

/// Options that steer generation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Turn every normalization warning into an error.
    pub strict: bool,
    /// Name of the client crate (`onlyfans-api`); derived from the spec title when `None`.
    pub crate_name: Option<String>,
    /// Also emit `Cargo.toml`, `src/lib.rs` and the runtime: a crate that builds on its own.
    pub standalone: bool,
    /// Also emit `examples/{lib}_roundtrip.rs` (named after the crate so many
    /// crates can share one target directory) and the values it checks,
    /// `roundtrip.json`: every documented example, plus `instances` values
    /// drawn from each body's schema (see [`emit::roundtrip`]).
    pub roundtrip: bool,
    /// With `roundtrip`: how many instances to draw per body schema ([`instances`]).
    pub instances: usize,
    /// With `instances`: the seed of the draw (same seed, same values).
    pub seed: u64,
}

/// A problem found in the spec and worked around, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The rule that fired.
    pub rule: Rule,
    /// JSON pointer into the spec, e.g. `/paths/~1api~1users/get/operationId`.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.pointer, self.rule, self.message)
    }
}

/// Why a spec could not be generated: names the file, a JSON pointer and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: String,
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: at {}: {}",
            self.file,
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            },
            self.message
        )
    }
}

impl std::error::Error for Error {}

/// What a spec contains, once parsed and lowered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub operations: usize,
    pub types: usize,
    /// Fields of generated structs.
    pub fields: usize,
    /// Of those, fields typed as a catch-all (`serde_json::Value`, or a list
    /// or map of it): the spec said nothing usable about them.
    pub catch_all_fields: usize,
    pub warnings: Vec<Warning>,
}

impl Summary {
    fn of(api: &ir::Api, warnings: Vec<Warning>) -> Self {
        fn catch_all(t: &ir::TypeRef) -> bool {
            match t {
                ir::TypeRef::Any => true,
                ir::TypeRef::Array(i) | ir::TypeRef::Map(i) | ir::TypeRef::Nullable(i) => {
                    catch_all(i)
                }
                _ => false,
            }
        }
        let fields: Vec<&ir::Field> = api
            .types
            .iter()
            .flat_map(|t| match &t.kind {
                ir::TypeKind::Struct { fields, .. } => fields.iter().collect(),
                _ => Vec::new(),
            })
            .collect();
        Summary {
            operations: api.operations.len(),
            types: api.types.len(),
            fields: fields.len(),
            catch_all_fields: fields.iter().filter(|f| catch_all(&f.ty)).count(),
            warnings,
        }
    }
}

/// One generated file, its path relative to the output crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub summary: Summary,
    /// The crate's `[features]` table (one feature per operation group), part
    /// of a standalone crate's `Cargo.toml`; `cargo xtask codegen` keeps the
    /// in-repo client's manifest in step with it.
    pub features: String,
}

/// Parse and normalize spec text into an `openapiv3` document.
///
/// Swagger 2.0 and OpenAPI 3.1 documents are first brought to the 3.0 layout
/// ([`normalize::upgrade`]); every warning points into the document as written.
pub fn parse(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>), Error> {
    parse_tracked(file, text, options).map(|(doc, warnings, _)| (doc, warnings))
}

/// [`parse`], also returning where the upgrade moved things, so that later
/// warnings can be located in the original document.
fn parse_tracked(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>, pointer::Relocations), Error> {
    let mut warnings = Vec::new();
    let mut tree = load::parse(file, text, &mut warnings)?;
    let err = |pointer: &str, message: String| Error {
        file: file.to_string(),
        pointer: pointer.to_string(),
        message,
    };
    let Some(root) = tree.as_object_mut() else {
        return Err(err(
            "",
            "the document is not a map (expected an OpenAPI object)".into(),
        ));
    };
    let version = normalize::detect(root, &mut warnings)
        .map_err(|(pointer, message)| err(&pointer, message))?;
    let moves = normalize::upgrade(&mut tree, version, &mut warnings);
    let upgraded = warnings.len();
    normalize::normalize(&mut tree, &mut warnings);
    for w in &mut warnings[upgraded..] {
        w.pointer = moves.original(&w.pointer);
    }
    if options.strict {
        if let Some(w) = warnings.first() {
            return Err(err(
                &w.pointer,
                format!(
                    "{} (rule {}; --strict turns warnings into errors)",
                    w.message, w.rule
                ),
            ));
        }
    }
    let doc: openapiv3::OpenAPI = match serde_path_to_error::deserialize(&tree) {
        Ok(doc) => doc,
        Err(e) => {
            // openapiv3 flattens some maps, which hides the path of a fault
            // below them: look again, one path item and component at a time.
            let (pointer, message) =
                locate(&tree).unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()));
            let read_as = match version {
                normalize::Version::OpenApi30 => String::new(),
                v => format!(" (a {} document, read as 3.0)", v.as_str()),
            };
            return Err(err(
                &moves.original(&pointer),
                format!("not a valid OpenAPI 3.0 document here{read_as}: {message}"),
            ));
        }
    };
    Ok((doc, warnings, moves))
}

/// Find the innermost failing node by deserializing the pieces of the
/// document separately.
fn locate(tree: &serde_json::Value) -> Option<(String, String)> {
    fn check<T: serde::de::DeserializeOwned>(
        v: &serde_json::Value,
        base: &[&str],
    ) -> Option<(String, String)> {
        let e = serde_path_to_error::deserialize::<_, T>(v).err()?;
        let mut p = pointer::join(base);
        p.push_str(&path_to_pointer(e.path()));
        Some((p, e.inner().to_string()))
    }
    if let Some(paths) = tree.get("paths").and_then(|p| p.as_object()) {
        for (path, item) in paths {
            if let Some(found) = check::<openapiv3::PathItem>(item, &["paths", path]) {
                return Some(found);
            }
        }
    }
    if let Some(components) = tree.get("components").and_then(|c| c.as_object()) {
        for (section, map) in components {
            for (name, v) in map.as_object().into_iter().flatten() {
                let base = ["components", section.as_str(), name.as_str()];
                let found = match section.as_str() {
                    "schemas" => check::<openapiv3::ReferenceOr<openapiv3::Schema>>(v, &base),
                    "parameters" => check::<openapiv3::ReferenceOr<openapiv3::Parameter>>(v, &base),
                    "responses" => check::<openapiv3::ReferenceOr<openapiv3::Response>>(v, &base),
                    "requestBodies" => {
                        check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(v, &base)
                    }
                    "securitySchemes" => {
                        check::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>(v, &base)
                    }
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut tokens = Vec::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => tokens.push(index.to_string()),
            Segment::Map { key } => tokens.push(key.clone()),
            Segment::Enum { variant } => tokens.push(variant.clone()),
            Segment::Unknown => {}
        }
    }
    pointer::join(&tokens)
}

/// The client crate name for a spec: the option, else from the title.
pub fn crate_name(api: &ir::Api, options: &Options) -> String {
    options.crate_name.clone().unwrap_or_else(|| {
        let base = heck::ToKebabCase::to_kebab_case(ident::snake(&api.title, "api").as_str());
        if base.ends_with("api") {
            base
        } else {
            format!("{base}-api")
        }
    })
}

/// `onlyfans-api` → `ONLYFANS_API_KEY`.
pub fn env_var(crate_name: &str) -> String {
    let mut s: String = crate_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    s.push_str("_KEY");
    s
}

/// Parse, normalize and lower a spec into the IR.
pub fn lower_spec(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<(ir::Api, Vec<Warning>), Error> {
    let (doc, mut warnings, moves) = parse_tracked(file, text, options)?;
    let api = lower_doc(file, &doc, &mut warnings, &moves, options)?;
    Ok((api, warnings))
}

/// Lower a parsed document; the warnings lowering adds point into the
/// original document (`moves`: what normalization relocated).
fn lower_doc(
    file: &str,
    doc: &openapiv3::OpenAPI,
    warnings: &mut Vec<Warning>,
    moves: &pointer::Relocations,
    options: &Options,
) -> Result<ir::Api, Error> {
    let lowered = warnings.len();
    let api = lower::lower(doc, warnings);
    for w in &mut warnings[lowered..] {
        w.pointer = moves.original(&w.pointer);
    }
    if options.strict {
        if let Some(w) = warnings.first() {
            return Err(Error {
                file: file.to_string(),
                pointer: w.pointer.clone(),
                message: format!("{} (rule {}; --strict)", w.message, w.rule),
            });
        }
    }
    Ok(api)
}

/// Parse, normalize and lower a spec without emitting code (used by `xtask fetch`).
pub fn inspect(file: &str, text: &str, options: &Options) -> Result<Summary, Error> {
    let (api, warnings) = lower_spec(file, text, options)?;
    Ok(Summary::of(&api, warnings))
}

/// Generate the files of the client crate from spec text. Does no IO.
///
/// Paths are relative to the client crate's root: `src/generated/*.rs`,
/// `README.md` and `API.md`.
pub fn generate(file: &str, text: &str, options: &Options) -> Result<Generated, Error> {
    let (doc, mut warnings, moves) = parse_tracked(file, text, options)?;
    let api = lower_doc(file, &doc, &mut warnings, &moves, options)?;
    let crate_name = crate_name(&api, options);
    let env = env_var(&crate_name);
    let features = standalone::features(&api);
    let mut files: Vec<GeneratedFile> = emit::emit(&api, &env)
        .into_iter()
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect();
    let docs = render::render(&api, &crate_name, &env).map_err(|e| Error {
        file: file.to_string(),
        pointer: String::new(),
        message: format!("template error: {e:#}"),
    })?;
    files.extend(
        docs.into_iter()
            .map(|(path, contents)| GeneratedFile { path, contents }),
    );
    if options.standalone {
        files.push(GeneratedFile {
            path: "Cargo.toml".into(),
            contents: standalone::manifest(&crate_name, &api.title, &features),
        });
        files.push(GeneratedFile {
            path: "src/lib.rs".into(),
            contents: standalone::lib_rs(&api.title),
        });
        files.extend(
            standalone::RUNTIME
                .iter()
                .map(|(path, contents)| GeneratedFile {
                    path: path.to_string(),
                    contents: contents.to_string(),
                }),
        );
    }
    if options.roundtrip {
        let lib_name = crate_name.replace('-', "_");
        files.push(GeneratedFile {
            path: format!("examples/{lib_name}_roundtrip.rs"),
            contents: emit::format_file(emit::roundtrip::emit_roundtrip(&api, &lib_name)),
        });
        let mut cases = emit::roundtrip::example_cases(&api);
        if options.instances > 0 {
            for drawn in instances::draw_all(&doc, options.instances, options.seed) {
                let (op, kind) = (drawn.target.operation(), drawn.target.kind.label());
                for (index, value) in drawn.values.into_iter().enumerate() {
                    cases.push(emit::roundtrip::Case {
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
        }
        files.push(GeneratedFile {
            path: "roundtrip.json".into(),
            contents: emit::roundtrip::cases_file(&cases),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated {
        files,
        summary: Summary::of(&api, warnings),
        features,
    })
}
