//! Every public Rust item of a generated crate, with its signature, read off
//! the IR: what users of the crate name in their code, and so what the spec
//! diff compares. `generator/tests/items.rs` checks this list against the
//! generated code itself, item by item, on every fixture and corpus spec.
//!
//! Paths read like the code that uses them: `client.users()`,
//! `client.users().list`, `client.users().list(..).limit()`, `User`,
//! `User::email`, `User::new`, `Status::Active`; how the client is built:
//! `Client::new()`, `Client::builder()`, `ClientBuilder::api_key()`.
//! Signatures use short type names ([`Paths::Short`]).

use crate::ir::{Api, ConstructorArg, Operation, Takes, TypeDef, TypeKind};
use crate::rust::{self, Paths};

/// What kind of item it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// `Client::new()` or `Client::builder()`.
    ClientConstructor,
    /// A credential setter of the client builder: `ClientBuilder::api_key()`.
    CredentialSetter,
    /// A group accessor on the client: `client.users()`.
    Group,
    /// A method starting a call: `client.users().list`.
    Method,
    /// A setter on the call a method returns.
    Setter,
    Struct,
    Field,
    /// `new(..)` of a struct with required fields.
    Constructor,
    /// A chained setter of an optional field: `User::email()`, and the
    /// null setter of a three-state one.
    FieldSetter,
    /// A string enum (with its `Unknown` fallback).
    Enum,
    EnumVariant,
    /// One of several shapes.
    Union,
    UnionVariant,
    /// `type A = B;`
    Alias,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Item {
    pub path: String,
    pub kind: ItemKind,
    /// Short Rust: `(account: impl Into<String>) -> Response<Vec<User>>` for
    /// a method, the value type for a setter (`i64`) or field
    /// (`Option<String>`), `(id: i64)` for a constructor, `(User)` for a
    /// union variant, the wire value for an enum variant (`"active"`), the
    /// group's type for a group (`Users<'_>`), the target for an alias.
    pub signature: String,
}

/// Every public item of the crate generated from `api`: how the client is
/// built, the client's groups and methods with their setters (in operation
/// order), then the types (by name).
pub fn items(api: &Api) -> Vec<Item> {
    let mut out = client_items(api);
    for g in api.groups.iter().filter(|g| !g.accessor.is_empty()) {
        out.push(Item {
            path: format!("client.{}()", g.accessor),
            kind: ItemKind::Group,
            signature: format!("{}<'_>", g.type_name),
        });
    }
    for op in &api.operations {
        operation_items(op, &mut out);
    }
    for t in &api.types {
        type_items(t, &mut out);
    }
    out
}

/// `Client::new`, `Client::builder` and the credential setters.
fn client_items(api: &Api) -> Vec<Item> {
    const STRING: &str = "impl Into<String>";
    let mut out = Vec::new();
    if let Some(c) = &api.constructor {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| match a {
                ConstructorArg::BaseUrl => format!("base_url: {STRING}"),
                ConstructorArg::Secret { param, .. } => format!("{param}: {STRING}"),
            })
            .collect();
        let output = if api.base_url.is_some() {
            "Client"
        } else {
            "Result<Client, Error>"
        };
        out.push(Item {
            path: "Client::new()".into(),
            kind: ItemKind::ClientConstructor,
            signature: format!("({}) -> {output}", args.join(", ")),
        });
    }
    let builder_args = match api.base_url {
        Some(_) => String::new(),
        None => format!("base_url: {STRING}"),
    };
    out.push(Item {
        path: "Client::builder()".into(),
        kind: ItemKind::ClientConstructor,
        signature: format!("({builder_args}) -> ClientBuilder"),
    });
    for setter in api.auth.schemes.iter().flat_map(|s| &s.setters) {
        let signature = match &setter.takes {
            Takes::Secret { param } => format!("({param}: {STRING})"),
            Takes::UserPassword => format!("(user: {STRING}, password: {STRING})"),
            Takes::ClientCredentials => "(credentials: ClientCredentials)".into(),
        };
        out.push(Item {
            path: format!("ClientBuilder::{}()", setter.name),
            kind: ItemKind::CredentialSetter,
            signature,
        });
    }
    out
}

/// `client.users().list(..).limit()`: the item path of a call's setter.
pub fn setter_path(op: &Operation, setter: &str) -> String {
    format!("{}(..).{setter}()", op.call.path())
}

/// `User::email`: the item path of a field or variant.
pub fn member_path(ty: &str, member: &str) -> String {
    format!("{ty}::{member}")
}

fn operation_items(op: &Operation, out: &mut Vec<Item>) {
    let args: Vec<String> = op
        .call
        .args
        .iter()
        .map(|a| format!("{}: {}", a.name, rust::input(a, Paths::Short)))
        .collect();
    out.push(Item {
        path: op.call.path(),
        kind: ItemKind::Method,
        signature: format!(
            "({}) -> Response<{}>",
            args.join(", "),
            rust::output(&op.call.output, Paths::Short)
        ),
    });
    for s in &op.call.setters {
        out.push(Item {
            path: setter_path(op, &s.name),
            kind: ItemKind::Setter,
            signature: rust::input(s, Paths::Short),
        });
    }
}

fn type_items(t: &TypeDef, out: &mut Vec<Item>) {
    let (kind, signature) = match &t.kind {
        TypeKind::Struct { .. } => (ItemKind::Struct, "struct".to_string()),
        TypeKind::Enum { .. } => (ItemKind::Enum, "enum".to_string()),
        TypeKind::Union { .. } => (ItemKind::Union, "enum".to_string()),
        TypeKind::Alias { target } => (ItemKind::Alias, rust::type_ref(target, Paths::Short)),
    };
    out.push(Item {
        path: t.name.clone(),
        kind,
        signature,
    });
    let member = |name: &str, kind: ItemKind, signature: String| Item {
        path: member_path(&t.name, name),
        kind,
        signature,
    };
    match &t.kind {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            for f in fields {
                out.push(member(
                    &f.name,
                    ItemKind::Field,
                    rust::field(f, Paths::Short),
                ));
            }
            if let Some(a) = additional {
                let map = crate::ir::TypeRef::Map(Box::new(a.ty.clone()));
                let map = rust::type_ref(&map, Paths::Short);
                out.push(member(
                    crate::ir::ADDITIONAL_PROPERTIES,
                    ItemKind::Field,
                    map,
                ));
            }
            let args: Vec<String> = fields
                .iter()
                .filter(|f| f.in_constructor())
                .map(|f| format!("{}: {}", f.name, rust::constructor_arg(f, Paths::Short)))
                .collect();
            if !args.is_empty() {
                out.push(member(
                    "new",
                    ItemKind::Constructor,
                    format!("({})", args.join(", ")),
                ));
            }
            for f in fields {
                if let Some(s) = &f.setter {
                    let value = rust::type_ref(&f.ty, Paths::Short);
                    out.push(member(
                        &format!("{s}()"),
                        ItemKind::FieldSetter,
                        format!("(value: impl Into<{value}>)"),
                    ));
                }
                if let Some(s) = &f.null_setter {
                    out.push(member(
                        &format!("{s}()"),
                        ItemKind::FieldSetter,
                        "()".into(),
                    ));
                }
            }
        }
        TypeKind::Enum { variants, repr, .. } => {
            for v in variants {
                let wire = match repr {
                    crate::ir::EnumRepr::String => format!("{:?}", v.wire),
                    crate::ir::EnumRepr::Integer(_) => v.wire.clone(),
                };
                out.push(member(&v.name, ItemKind::EnumVariant, wire));
            }
        }
        TypeKind::Union { variants, tag } => {
            for v in variants {
                let payload = format!("({})", rust::type_ref(&v.ty, Paths::Short));
                out.push(member(&v.name, ItemKind::UnionVariant, payload));
            }
            if tag.is_some() {
                out.push(member("Unknown", ItemKind::UnionVariant, "(Value)".into()));
            }
        }
        TypeKind::Alias { .. } => {}
    }
}
