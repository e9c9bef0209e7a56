//! Lowering: an `openapiv3` document → the IR ([`crate::ir::Api`]).
//!
//! All naming happens here (through [`crate::ident`] and the type table), and
//! so does every decision about the generated crate's public API
//! ([`surface`]); nothing here formats code. Operations are visited in
//! document order, so the same spec always lowers to the same IR.
//!
//! The steps: component schemas and every operation become shapes
//! ([`shape`], [`operations::pending`]); the type table merges and names them
//! ([`types`]); operations get their types, groups and method names
//! ([`groups`]) and their Rust surface; types learn who uses them; how each
//! operation authenticates ([`auth`]).

pub mod auth;
mod config;
mod errors;
mod examples;
mod groups;
pub mod media;
mod operations;
mod params;
mod request;
mod resolve;
mod responses;
mod schema;
mod shape;
mod surface;
mod types;
mod union;

use crate::ident::{self, Scope};
use crate::ir::{Accepts, Api, Group, Method, Operation, TypeDef, TypeKind};
use crate::pointer;
use crate::rules::{Rule, Warning};
use openapiv3::{OpenAPI, ReferenceOr};
use schema::ShapeBuilder;
use shape::Hint;
use std::collections::BTreeMap;
use types::TypeTable;

/// Lower a parsed document; `crate_name` is the name asked for (else one
/// is derived from the title).
pub fn lower(
    doc: &OpenAPI,
    crate_name: Option<&str>,
    profile: &crate::profile::Profile,
    warnings: &mut Vec<Warning>,
) -> Api {
    let component_names = component_names(doc);
    let extra = extra_operations(doc);
    let mut table = TypeTable::new();
    let (mut pending, stated) = {
        let mut b = ShapeBuilder::new(doc, &component_names, warnings);
        components(&mut b, &mut table);
        pending_operations(&mut b, &extra)
    };
    // Merge roots across operations, then intern.
    for p in &mut pending {
        p.extract_roots(&mut table);
    }
    table.intern_named();
    let mut typed: Vec<_> = pending.into_iter().map(|p| p.typed(&mut table)).collect();
    let (mut types, finished) = table.finish();
    for op in &mut typed {
        op.rewrite(&finished);
    }
    let tags: Vec<groups::OpTag> = typed
        .iter()
        .map(|op| groups::OpTag {
            id: op.id(),
            tag: op.tag(),
        })
        .collect();
    let (groups, placements) = groups::groups(doc, &tags);
    let mut operations: Vec<Operation> = typed
        .into_iter()
        .zip(placements)
        .map(|(op, p)| op.finish(p.group, p.method, &groups, &types))
        .collect();
    complete_types(&mut types, &operations, &groups);
    // The page's items field may have become three-state.
    for op in &mut operations {
        op.paging = surface::paging(&types, &op.params, &op.response, op.paginated);
    }
    let conventions = errors::decide(&mut operations, &types, profile);
    let crate_name = config::crate_name(&doc.info.title, crate_name);
    let prefix = config::env_prefix(&crate_name);
    let base_url = config::base_url(doc, warnings);
    let (auth, security) = auth::lower(doc, &stated, &prefix, warnings);
    for (op, security) in operations.iter_mut().zip(security) {
        op.security = security;
    }
    Api {
        title: doc.info.title.clone(),
        crate_name,
        version: doc.info.version.clone(),
        description: doc
            .info
            .description
            .clone()
            .filter(|d| !d.trim().is_empty()),
        constructor: auth::constructor(&auth, base_url.is_none()),
        base_url,
        base_url_env: format!("{prefix}_BASE_URL"),
        auth,
        types,
        groups,
        operations,
        conventions,
    }
}

/// Component schemas keep their names (Pascal-cased, unique), reserved
/// before anything else is named.
fn component_names(doc: &OpenAPI) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut scope = Scope::new();
    for name in doc.components.iter().flat_map(|c| c.schemas.keys()) {
        names.insert(
            name.clone(),
            scope.claim(&ident::pascal(name, "Schema"), ""),
        );
    }
    names
}

fn components(b: &mut ShapeBuilder, table: &mut TypeTable) {
    let doc = b.doc;
    for (name, schema) in doc.components.iter().flat_map(|c| c.schemas.iter()) {
        let rust = b.component_names[name].clone();
        let at = pointer::join(&["components", "schemas", name]);
        let shape = b.shape(schema, Hint::Root(vec![rust.clone()]), &at);
        table.add_component(rust, shape);
    }
}

/// The operations of methods `openapiv3` has no field for (OpenAPI 3.2's
/// `query` and `additionalOperations`, kept in an extension), per path item
/// in `doc.paths` order.
fn extra_operations(doc: &OpenAPI) -> Vec<Vec<(Method, openapiv3::Operation)>> {
    doc.paths
        .paths
        .values()
        .map(|item| match item {
            ReferenceOr::Item(item) => crate::extensions::operations(item)
                .into_iter()
                .map(|(m, op)| {
                    let method = if m == "QUERY" {
                        Method::Query
                    } else {
                        Method::Other(m)
                    };
                    (method, op)
                })
                .collect(),
            ReferenceOr::Reference { .. } => Vec::new(),
        })
        .collect()
}

/// Every operation of every path item, in document order: a path item's
/// methods with a field of their own first (in `openapiv3`'s order), then
/// QUERY and the custom methods as written; with each one's own `security`
/// (the same order: the requirement of the n-th operation is the n-th).
fn pending_operations<'a>(
    b: &mut ShapeBuilder<'a>,
    extra: &'a [Vec<(Method, openapiv3::Operation)>],
) -> (Vec<operations::PendingOp>, Vec<auth::Stated>) {
    let doc = b.doc;
    let mut op_scope = Scope::new();
    let mut pending = Vec::new();
    let mut stated = Vec::new();
    for ((path, item), extra) in doc.paths.paths.iter().zip(extra) {
        let ReferenceOr::Item(item) = item else {
            b.warnings.push(Warning {
                rule: Rule::PathItemRef,
                pointer: pointer::join(&["paths", path]),
                message: "`$ref` path items are not supported; skipped".into(),
            });
            continue;
        };
        let fixed = item
            .iter()
            .map(|(method, op)| (operations::method_of(method), op, vec![method.to_string()]));
        let more = extra.iter().map(|(method, op)| {
            let tokens = vec![
                crate::extensions::OPERATIONS.to_string(),
                method.as_str().to_string(),
            ];
            (method.clone(), op, tokens)
        });
        for (method, op, tokens) in fixed.chain(more) {
            let at = pointer::join(&[vec!["paths".to_string(), path.clone()], tokens].concat());
            pending.push(operations::pending(
                b,
                &mut op_scope,
                path,
                method,
                item,
                op,
                &at,
            ));
            stated.push(auth::Stated {
                security: op.security.clone(),
                at,
            });
        }
    }
    (pending, stated)
}

/// What a type's definition alone cannot say: whether a struct defaults,
/// what each union variant accepts, which operations reach each type, and
/// (once that is known) which fields are three-state.
fn complete_types(types: &mut [TypeDef], operations: &[Operation], groups: &[Group]) {
    let defaultable = surface::defaultable(types);
    let roots: Vec<surface::Roots> = operations.iter().map(operations::roots).collect();
    let uses = surface::uses(types, &roots);
    let accepts: Vec<Vec<Accepts>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Union { variants, .. } => variants
                .iter()
                .map(|v| surface::accepts(types, &v.ty))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (((t, d), u), a) in types.iter_mut().zip(defaultable).zip(uses).zip(accepts) {
        match &mut t.kind {
            TypeKind::Struct { defaultable, .. } => *defaultable = d,
            TypeKind::Union { variants, .. } => {
                for (v, a) in variants.iter_mut().zip(a) {
                    v.accepts = a;
                }
            }
            _ => {}
        }
        let mut features: Vec<String> = u
            .iter()
            .map(|use_| groups[operations[use_.operation].group].feature.clone())
            .collect();
        features.sort();
        features.dedup();
        t.features = features;
        t.uses = u;
    }
    always_compile_what_unreached_types_use(types);
    let three_state = surface::three_state(types);
    for (t, three) in types.iter_mut().zip(three_state) {
        if let TypeKind::Struct { fields, .. } = &mut t.kind {
            for (f, three) in fields.iter_mut().zip(three) {
                f.three_state = three;
            }
            surface::setters(fields);
        }
    }
}

/// A type no operation reaches is always compiled; so must be every type it
/// uses, whichever groups reach those.
fn always_compile_what_unreached_types_use(types: &mut [TypeDef]) {
    let mut stack: Vec<usize> = (0..types.len())
        .filter(|&i| types[i].features.is_empty())
        .collect();
    let mut seen = vec![false; types.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        types[i].features.clear();
        let mut refs = Vec::new();
        surface::push_children(&types[i].kind, &mut refs);
        while let Some(t) = refs.pop() {
            match t {
                crate::ir::TypeRef::Named(n) => {
                    if let Some(j) = crate::ir::type_index(types, n) {
                        stack.push(j);
                    }
                }
                crate::ir::TypeRef::Array(inner)
                | crate::ir::TypeRef::Map(inner)
                | crate::ir::TypeRef::Nullable(inner) => refs.push(inner),
                _ => {}
            }
        }
    }
}
