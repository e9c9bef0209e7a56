//! The public items the generator says a crate has (`generator::items`,
//! which the spec diff compares) are the items the generated code really
//! has, with the same signatures, and no others: checked by reading the
//! generated code back with `syn`, for every fixture, the OnlyFans spec and
//! (when `../shared/specs` is there) every corpus spec.

use generator::items::{items, Item, ItemKind};
use generator::Options;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use syn::ext::IdentExt;

/// A type as short Rust: last path segments only (`Option<User>`).
fn short(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => path(&p.path),
        syn::Type::ImplTrait(t) => {
            let bounds: Vec<String> = t
                .bounds
                .iter()
                .map(|b| match b {
                    syn::TypeParamBound::Trait(t) => path(&t.path),
                    _ => "?".into(),
                })
                .collect();
            format!("impl {}", bounds.join(" + "))
        }
        syn::Type::Tuple(t) if t.elems.is_empty() => "()".into(),
        other => panic!("unexpected type {}", quote::quote!(#other)),
    }
}

fn path(p: &syn::Path) -> String {
    let last = p.segments.last().expect("a path has a segment");
    let mut out = last.ident.unraw().to_string();
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
        let args: Vec<String> = args
            .args
            .iter()
            .map(|a| match a {
                syn::GenericArgument::Type(t) => short(t),
                syn::GenericArgument::Lifetime(l) => format!("'{}", l.ident),
                _ => "?".into(),
            })
            .collect();
        out.push_str(&format!("<{}>", args.join(", ")));
    }
    out
}

fn self_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().unwrap().ident.unraw().to_string(),
        _ => panic!("impl of a non-path type"),
    }
}

/// `(a: T, b: U)` of a method or function, without the receiver.
fn args(sig: &syn::Signature) -> String {
    let list: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => {
                let syn::Pat::Ident(name) = &*t.pat else {
                    panic!("pattern argument")
                };
                Some(format!("{}: {}", name.ident.unraw(), short(&t.ty)))
            }
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    format!("({})", list.join(", "))
}

/// The operation struct a method's `Call<'_, Op>` runs.
fn call_op(sig: &syn::Signature) -> Option<String> {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return None;
    };
    let syn::Type::Path(p) = &**ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if last.ident != "Call" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
        return None;
    };
    a.args.iter().find_map(|g| match g {
        syn::GenericArgument::Type(t) => Some(self_name(t)),
        _ => None,
    })
}

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

/// The public methods of the inherent impls in `file`, with the name of
/// the type each is on.
fn public_methods(file: &syn::File) -> impl Iterator<Item = (String, &syn::ImplItemFn)> {
    file.items.iter().flat_map(|item| {
        let (target, items) = match item {
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                (self_name(&imp.self_ty), imp.items.as_slice())
            }
            _ => (String::new(), &[][..]),
        };
        items.iter().filter_map(move |i| match i {
            syn::ImplItem::Fn(f) if is_pub(&f.vis) => Some((target.clone(), f)),
            _ => None,
        })
    })
}

/// The items the generated code has, read with `syn`.
fn code_items(mod_rs: &str, api_rs: &str, operations_rs: &str, types_rs: &str) -> Vec<Item> {
    let parse = |text: &str| syn::parse_file(text).expect("generated code parses");
    let (api, ops, types) = (parse(api_rs), parse(operations_rs), parse(types_rs));
    let (outputs, setters) = operation_impls(&ops);
    let mut out = construction_items(&parse(mod_rs));
    out.extend(client_items(&api, &outputs, &setters));
    out.extend(type_items(&types));
    out
}

/// From `mod.rs`: `Client::new`, `Client::builder`, the credential setters.
fn construction_items(file: &syn::File) -> Vec<Item> {
    let mut out = Vec::new();
    for (target, f) in public_methods(file) {
        let name = f.sig.ident.unraw().to_string();
        let (kind, signature) = match target.as_str() {
            "Client" => {
                let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                    panic!("{name} returns nothing")
                };
                let output = short(ty).replace("Self", "Client");
                (
                    ItemKind::ClientConstructor,
                    format!("{} -> {output}", args(&f.sig)),
                )
            }
            "ClientBuilder" => (ItemKind::CredentialSetter, args(&f.sig)),
            other => panic!("mod.rs implements {other}"),
        };
        out.push(Item {
            path: format!("{target}::{name}()"),
            kind,
            signature,
        });
    }
    out
}

/// Setters (name, value type) by operation struct.
type Setters = BTreeMap<String, Vec<(String, String)>>;

/// From `operations.rs`: each operation's output type, and its setters.
fn operation_impls(ops: &syn::File) -> (BTreeMap<String, String>, Setters) {
    let mut outputs: BTreeMap<String, String> = BTreeMap::new();
    let mut setters = Setters::new();
    for item in &ops.items {
        let syn::Item::Impl(imp) = item else { continue };
        let target = self_name(&imp.self_ty);
        if imp
            .trait_
            .as_ref()
            .is_some_and(|(_, p, _)| path(p) == "Operation")
        {
            for i in &imp.items {
                if let syn::ImplItem::Type(t) = i {
                    if t.ident == "Output" {
                        outputs.insert(target.clone(), short(&t.ty));
                    }
                }
            }
        } else if target == "Call" {
            let syn::Type::Path(p) = &*imp.self_ty else {
                continue;
            };
            let syn::PathArguments::AngleBracketed(a) = &p.path.segments.last().unwrap().arguments
            else {
                continue;
            };
            let op = a
                .args
                .iter()
                .find_map(|g| match g {
                    syn::GenericArgument::Type(t) => Some(self_name(t)),
                    _ => None,
                })
                .unwrap();
            for i in &imp.items {
                if let syn::ImplItem::Fn(f) = i {
                    let a = args(&f.sig);
                    let value = a
                        .strip_prefix("(value: ")
                        .and_then(|v| v.strip_suffix(')'))
                        .unwrap_or_else(|| panic!("setter {} takes one value: {a}", f.sig.ident));
                    setters
                        .entry(op.clone())
                        .or_default()
                        .push((f.sig.ident.unraw().to_string(), value.to_string()));
                }
            }
        }
    }
    (outputs, setters)
}

/// From `api.rs`: group accessors, methods (with their outputs) and setters.
fn client_items(
    api: &syn::File,
    outputs: &BTreeMap<String, String>,
    setters: &Setters,
) -> Vec<Item> {
    let mut out = Vec::new();
    let mut accessor_of: BTreeMap<String, String> = BTreeMap::new();
    let mut methods: Vec<(String, &syn::Signature)> = Vec::new();
    for (target, f) in public_methods(api) {
        let name = f.sig.ident.unraw().to_string();
        if target == "Client" && call_op(&f.sig).is_none() {
            let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                panic!("accessor without a type")
            };
            let group = short(ty);
            accessor_of.insert(group.split('<').next().unwrap().to_string(), name.clone());
            out.push(Item {
                path: format!("client.{name}()"),
                kind: ItemKind::Group,
                signature: group,
            });
        } else {
            methods.push((target, &f.sig));
        }
    }
    for (target, sig) in methods {
        let name = sig.ident.unraw().to_string();
        let method = if target == "Client" {
            format!("client.{name}")
        } else {
            format!("client.{}().{name}", accessor_of[&target])
        };
        let op = call_op(sig).expect("a group method returns a Call");
        out.push(Item {
            path: method.clone(),
            kind: ItemKind::Method,
            signature: format!("{} -> Response<{}>", args(sig), outputs[&op]),
        });
        for (setter, value) in setters.get(&op).into_iter().flatten() {
            out.push(Item {
                path: format!("{method}(..).{setter}()"),
                kind: ItemKind::Setter,
                signature: value.clone(),
            });
        }
    }
    out
}

/// From `types.rs`: structs and their fields and constructors, enums and
/// their variants, unions and their variants, aliases.
fn type_items(types: &syn::File) -> Vec<Item> {
    let mut out = Vec::new();
    for item in &types.items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let name = s.ident.unraw().to_string();
                out.push(Item {
                    path: name.clone(),
                    kind: ItemKind::Struct,
                    signature: "struct".into(),
                });
                for f in &s.fields {
                    let field = f.ident.as_ref().expect("named fields").unraw();
                    out.push(Item {
                        path: format!("{name}::{field}"),
                        kind: ItemKind::Field,
                        signature: short(&f.ty),
                    });
                }
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let name = e.ident.unraw().to_string();
                // A union's variants carry values; an enum's are unit
                // variants beside its catch-all (`Unknown`, or `Other` when
                // its schema allows other values); one whose every variant
                // carries a value is a union even if one is named `Other`.
                let catch_all = |v: &syn::Variant| v.ident == "Unknown" || v.ident == "Other";
                let untagged = e
                    .variants
                    .iter()
                    .any(|v| matches!(v.fields, syn::Fields::Unnamed(_)) && !catch_all(v))
                    || e.variants
                        .iter()
                        .all(|v| matches!(v.fields, syn::Fields::Unnamed(_)));
                out.push(Item {
                    path: name.clone(),
                    kind: if untagged {
                        ItemKind::Union
                    } else {
                        ItemKind::Enum
                    },
                    signature: "enum".into(),
                });
                for v in &e.variants {
                    let variant = v.ident.unraw().to_string();
                    match (&v.fields, untagged) {
                        (syn::Fields::Unnamed(f), true) => out.push(Item {
                            path: format!("{name}::{variant}"),
                            kind: ItemKind::UnionVariant,
                            signature: format!("({})", short(&f.unnamed[0].ty)),
                        }),
                        // The catch-all every enum has.
                        (syn::Fields::Unnamed(_), false) if catch_all(v) => {}
                        (syn::Fields::Unit, false) => {} // wire value: from `as_str`, below
                        _ => panic!("unexpected variant {name}::{variant}"),
                    }
                }
            }
            syn::Item::Type(t) if is_pub(&t.vis) => out.push(Item {
                path: t.ident.unraw().to_string(),
                kind: ItemKind::Alias,
                signature: short(&t.ty),
            }),
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                let name = self_name(&imp.self_ty);
                for i in &imp.items {
                    let syn::ImplItem::Fn(f) = i else { continue };
                    match f.sig.ident.to_string().as_str() {
                        "new" => out.push(Item {
                            path: format!("{name}::new"),
                            kind: ItemKind::Constructor,
                            signature: args(&f.sig),
                        }),
                        // A chained setter: `self`, then its value (or none).
                        _ if matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if r.reference.is_none()) => {
                            out.push(Item {
                                path: format!("{name}::{}()", f.sig.ident.unraw()),
                                kind: ItemKind::FieldSetter,
                                signature: args(&f.sig),
                            })
                        }
                        "as_str" | "value" => out.extend(wire_values(&name, f)),
                        other => panic!("unexpected method {name}::{other}"),
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// An enum's variants with their wire values, from the arms of `as_str`
/// (string enums) or `value` (integer enums).
fn wire_values(name: &str, f: &syn::ImplItemFn) -> Vec<Item> {
    let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = f.block.stmts.first() else {
        panic!("{name}::as_str is one match")
    };
    m.arms
        .iter()
        .filter_map(|arm| {
            let syn::Pat::Path(p) = &arm.pat else {
                return None; // `Self::Unknown(other)`
            };
            // A long value is written as a block: `=> { "…" }`.
            let body = match &*arm.body {
                syn::Expr::Block(b) => match b.block.stmts.as_slice() {
                    [syn::Stmt::Expr(e, None)] => e,
                    _ => &*arm.body,
                },
                other => other,
            };
            let signature = match body {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => format!("{:?}", s.value()),
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Int(i),
                    ..
                }) => i.base10_digits().to_string(),
                syn::Expr::Unary(syn::ExprUnary {
                    op: syn::UnOp::Neg(_),
                    expr,
                    ..
                }) => match &**expr {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(i),
                        ..
                    }) => format!("-{}", i.base10_digits()),
                    _ => panic!("{name}: a negative value that is not a literal"),
                },
                _ => panic!("{name}: an arm that is not a literal value"),
            };
            let variant = p.path.segments.last().unwrap().ident.unraw();
            Some(Item {
                path: format!("{name}::{variant}"),
                kind: ItemKind::EnumVariant,
                signature,
            })
        })
        .collect()
}

fn check(name: &str, file: &Path) {
    let text = std::fs::read_to_string(file).unwrap();
    let label = file.display().to_string();
    let (api, _) =
        generator::lower_spec(&label, &text, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let generated = generator::generate(&label, &text, &Options::default()).unwrap();
    let file_text = |p: &str| {
        generated
            .files
            .iter()
            .find(|f| f.path == p)
            .map(|f| f.contents.clone())
            .unwrap_or_else(|| panic!("{name}: no {p}"))
    };
    let code = code_items(
        &file_text("src/generated/mod.rs"),
        &file_text("src/generated/api.rs"),
        &file_text("src/generated/operations.rs"),
        &file_text("src/generated/types.rs"),
    );
    let claimed = items(&api);
    let by_path = |list: &[Item]| -> BTreeMap<String, Item> {
        let mut map = BTreeMap::new();
        for i in list {
            assert!(
                map.insert(i.path.clone(), i.clone()).is_none(),
                "{name}: `{}` twice",
                i.path
            );
        }
        map
    };
    let (code, claimed) = (by_path(&code), by_path(&claimed));
    for (path, item) in &claimed {
        match code.get(path) {
            None => panic!(
                "{name}: `{path}` ({:?}) is not in the generated code",
                item.kind
            ),
            Some(found) => assert_eq!(found, item, "{name}: `{path}` differs"),
        }
    }
    for path in code.keys() {
        assert!(
            claimed.contains_key(path),
            "{name}: the generated code has `{path}`, which the item list lacks"
        );
    }
}

fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(specs_in(&p));
        } else if p
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn item_list_matches_the_code_for_fixtures_and_the_onlyfans_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = specs_in(&root.join("generator/tests/fixtures"));
    specs.push(root.join("spec/openapi.yaml"));
    for spec in specs {
        check(&spec.display().to_string(), &spec);
    }
}

#[test]
#[ignore = "needs ../shared/specs beside the checkout; .ci/run runs it"]
fn item_list_matches_the_code_for_corpus_specs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    assert!(
        dir.is_dir(),
        "no corpus at {} (it lives beside the checkout)",
        dir.display()
    );
    // GitHub's spec is large: the debug-built parser needs more stack than a test thread has.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            for spec in specs_in(&dir) {
                check(&spec.display().to_string(), &spec);
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
