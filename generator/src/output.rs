//! What a generation gives back: the files, and a summary of the spec.

use crate::ir;
use crate::rules::Warning;

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
    pub fn of(api: &ir::Api, warnings: Vec<Warning>) -> Self {
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

impl GeneratedFile {
    /// Files from `(path, contents)` pairs.
    pub fn all(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<GeneratedFile> {
        pairs
            .into_iter()
            .map(|(path, contents)| GeneratedFile { path, contents })
            .collect()
    }
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
