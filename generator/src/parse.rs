//! Spec text → an `openapiv3` document: load the tree, check the version,
//! bring 2.0, 3.1 and 3.2 to the 3.0 layout, repair the quirks, then let
//! `openapiv3` read it, with the JSON pointer of any failure. Pointers of
//! warnings found after the upgrade are mapped back to the document as
//! written ([`Parsed::finish`]).

use crate::error::Error;
use crate::options::Options;
use crate::pointer::{self, Relocations};
use crate::rules::Warning;
use crate::{load, normalize};

/// A parsed document and what was said about it so far.
pub struct Parsed {
    pub doc: openapiv3::OpenAPI,
    pub warnings: Vec<Warning>,
    /// Where the upgrade moved things.
    moves: Relocations,
    /// Warnings from here on point into the upgraded document.
    upgraded: usize,
}

impl Parsed {
    /// Every warning located in the document as written; with `--strict`,
    /// the first one as an error. Call once, after the last stage that warns.
    pub fn finish(&mut self, file: &str, options: &Options) -> Result<(), Error> {
        for w in &mut self.warnings[self.upgraded..] {
            w.pointer = self.moves.original(&w.pointer);
        }
        self.upgraded = self.warnings.len();
        match self.warnings.first() {
            Some(w) if options.strict => Err(Error::new(
                file,
                &w.pointer,
                format!(
                    "{} (rule {}; --strict turns warnings into errors)",
                    w.message, w.rule
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// Parse and normalize spec text into an `openapiv3` document.
pub fn read(file: &str, text: &str) -> Result<Parsed, Error> {
    let mut warnings = Vec::new();
    let mut tree = load::parse(file, text, &mut warnings)?;
    let Some(root) = tree.as_object_mut() else {
        return Err(Error::new(
            file,
            "",
            "the document is not a map (expected an OpenAPI object)",
        ));
    };
    let version = normalize::detect(root, &mut warnings)
        .map_err(|(pointer, message)| Error::new(file, &pointer, message))?;
    let moves = normalize::upgrade(&mut tree, version, &mut warnings);
    let upgraded = warnings.len();
    normalize::normalize(&mut tree, &mut warnings);
    let read = serde_path_to_error::deserialize(&tree)
        .map_err(|e| {
            // openapiv3 flattens some maps, which hides the path of a fault
            // below them: look again, one path item and component at a time.
            locate(&tree).unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()))
        })
        .and_then(|doc| match extensions(&tree, &mut Vec::new()) {
            Some(fault) => Err(fault),
            None => Ok(doc),
        });
    let doc: openapiv3::OpenAPI = match read {
        Ok(doc) => doc,
        Err((pointer, message)) => {
            let read_as = match version {
                normalize::Version::OpenApi30 => String::new(),
                normalize::Version::Swagger20 => " (a Swagger 2.0 document, read as 3.0)".into(),
                v => format!(" (an {} document, read as 3.0)", v.as_str()),
            };
            return Err(Error::new(
                file,
                &moves.original(&pointer),
                format!("not a valid OpenAPI 3.0 document here{read_as}: {message}"),
            ));
        }
    };
    Ok(Parsed {
        doc,
        warnings,
        moves,
        upgraded,
    })
}

/// The first of the objects kept in [`crate::extensions`] (operations of
/// other methods, item schemas) that does not read as what it stands for:
/// `openapiv3` holds them as JSON, so it does not check them.
fn extensions(v: &serde_json::Value, at: &mut Vec<String>) -> Option<(String, String)> {
    use crate::extensions::{ITEM_SCHEMA, OPERATIONS};
    use openapiv3::{Operation, ReferenceOr, Schema};
    fn check<T: serde::de::DeserializeOwned>(
        v: &serde_json::Value,
        at: &[String],
    ) -> Option<(String, String)> {
        let e = serde_path_to_error::deserialize::<_, T>(v).err()?;
        Some((
            format!("{}{}", pointer::join(at), path_to_pointer(e.path())),
            e.inner().to_string(),
        ))
    }
    match v {
        serde_json::Value::Object(obj) => obj.iter().find_map(|(key, child)| {
            at.push(key.clone());
            let found = match key.as_str() {
                ITEM_SCHEMA => check::<ReferenceOr<Schema>>(child, at),
                OPERATIONS => child.as_object().into_iter().flatten().find_map(|(m, op)| {
                    at.push(m.clone());
                    let found = check::<Operation>(op, at);
                    at.pop();
                    found
                }),
                _ => None,
            }
            .or_else(|| extensions(child, at));
            at.pop();
            found
        }),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, child)| {
            at.push(i.to_string());
            let found = extensions(child, at);
            at.pop();
            found
        }),
        _ => None,
    }
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
    let components = tree.get("components").and_then(|c| c.as_object())?;
    for (section, map) in components {
        for (name, v) in map.as_object().into_iter().flatten() {
            let base = ["components", section.as_str(), name.as_str()];
            use openapiv3::ReferenceOr as R;
            let found = match section.as_str() {
                "schemas" => check::<R<openapiv3::Schema>>(v, &base),
                "parameters" => check::<R<openapiv3::Parameter>>(v, &base),
                "responses" => check::<R<openapiv3::Response>>(v, &base),
                "requestBodies" => check::<R<openapiv3::RequestBody>>(v, &base),
                "securitySchemes" => check::<R<openapiv3::SecurityScheme>>(v, &base),
                _ => None,
            };
            if found.is_some() {
                return found;
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
