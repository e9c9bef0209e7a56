//! OpenAPI (Swagger 2.0, 3.0, 3.1, 3.2) → Rust SDK generator.
//!
//! The pipeline, one module per stage; nothing here does IO (it takes text and
//! returns files), and this file only wires the stages:
//!
//! 1. [`parse`]: text → JSON tree ([`load`]) → the version check, Swagger 2.0
//!    and OpenAPI 3.1 and 3.2 brought to the 3.0 layout, one named rule per spec
//!    quirk ([`normalize`]) → `openapiv3`, with the JSON pointer of any failure.
//! 2. [`lower`]: `openapiv3` → our IR ([`ir`]); all naming happens here.
//! 3. [`emit`]: IR → `quote!` tokens → `prettyplease`; [`render`]: IR view →
//!    minijinja templates; [`standalone`]: the files of a crate of its own.
//!
//! Every repair is a [`Rule`] and every warning a [`Warning`] with its JSON
//! pointer into the document as written; what each schema keyword means is
//! [`keywords`]' table; what OpenAPI 3.2 has and `openapiv3` cannot hold
//! is kept in the extensions of [`extensions`].

pub mod emit;
pub mod error;
pub mod extensions;
pub mod ident;
pub mod instances;
pub mod ir;
pub mod items;
pub mod json;
pub mod keywords;
pub mod load;
pub mod lower;
pub mod normalize;
pub mod options;
pub mod output;
pub mod parse;
pub mod pointer;
pub mod profile;
pub mod render;
pub mod reserved;
pub mod rules;
pub mod rust;
pub mod standalone;
pub mod validate;

pub use error::Error;
pub use options::Options;
pub use output::{Generated, GeneratedFile, Summary};
pub use rules::{Rule, Warning};

/// Parse and normalize spec text into an `openapiv3` document.
///
/// Swagger 2.0, OpenAPI 3.1 and 3.2 documents are first brought to the 3.0 layout
/// ([`normalize::upgrade`]); every warning points into the document as written.
pub fn parse(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>), Error> {
    let mut parsed = parse::read(file, text)?;
    parsed.finish(file, options)?;
    Ok((parsed.doc, parsed.warnings))
}

/// Parse, normalize and lower a spec into the IR.
pub fn lower_spec(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<(ir::Api, Vec<Warning>), Error> {
    let (_, api, warnings) = front(file, text, options)?;
    Ok((api, warnings))
}

/// Parse and lower: the document, its IR and every warning.
fn front(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<(openapiv3::OpenAPI, ir::Api, Vec<Warning>), Error> {
    let mut parsed = parse::read(file, text)?;
    let mut api = lower::lower(
        &parsed.doc,
        options.crate_name.as_deref(),
        &options.profile,
        &mut parsed.warnings,
    );
    lower::auth::add_aliases(&mut api.auth, &options.env_aliases)
        .map_err(|message| Error::new(file, "", message))?;
    parsed.finish(file, options)?;
    Ok((parsed.doc, api, parsed.warnings))
}

/// Parse, normalize and lower a spec without emitting code (used by `xtask fetch`).
pub fn inspect(file: &str, text: &str, options: &Options) -> Result<Summary, Error> {
    let (api, warnings) = lower_spec(file, text, options)?;
    Ok(Summary::of(&api, warnings))
}

/// Generate the files of the client crate from spec text. Does no IO.
///
/// Paths are relative to the client crate's root: `src/generated/*.rs`,
/// `README.md` and `API.md` (and with [`Options::standalone`] the manifest,
/// `src/lib.rs` and the runtime; with [`Options::roundtrip`] the round-trip
/// program and its cases).
pub fn generate(file: &str, text: &str, options: &Options) -> Result<Generated, Error> {
    let (doc, api, warnings) = front(file, text, options)?;
    let features = standalone::features(&api);
    let mut files = GeneratedFile::all(emit::emit(&api));
    let docs = render::render(&api, options.standalone)
        .map_err(|e| Error::new(file, "", format!("template error: {e:#}")))?;
    files.extend(GeneratedFile::all(docs));
    if options.standalone {
        files.extend(GeneratedFile::all(standalone::files(&api, &features)));
    }
    if options.roundtrip {
        let drawn = match options.instances {
            0 => Vec::new(),
            n => instances::draw_all(&doc, n, options.seed),
        };
        files.extend(GeneratedFile::all(emit::roundtrip::files(&api, drawn)));
    }
    if options.standalone {
        // A crate of its own has no xtask to name.
        for f in &mut files {
            if let Some(rest) = f.contents.strip_prefix(emit::HEADER) {
                f.contents = format!("{}{rest}", emit::STANDALONE_HEADER);
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated {
        files,
        summary: Summary::of(&api, warnings),
        features,
    })
}
