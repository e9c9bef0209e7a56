//! How the IR is written as Rust types: the one mapping from a [`TypeRef`]
//! (and the other types of a generated crate's public API) to Rust syntax.
//! The emitter writes it with fully qualified paths, so generated code
//! compiles wherever it lands; people (the spec diff, docs) read it with
//! short names: `Vec<Option<User>>`.

use crate::ident;
use crate::ir::{Field, Input, Output, TypeRef};

/// How paths are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    /// `::std::vec::Vec<crate::types::User>`: for generated code.
    Qualified,
    /// `Vec<User>`: for people.
    Short,
}

impl Paths {
    fn pick(self, qualified: &'static str, short: &'static str) -> &'static str {
        match self {
            Paths::Qualified => qualified,
            Paths::Short => short,
        }
    }
}

/// The Rust type of a reference.
pub fn type_ref(t: &TypeRef, paths: Paths) -> String {
    match t {
        TypeRef::String => paths.pick("::std::string::String", "String").into(),
        TypeRef::Integer(f) => f.rust().into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Any => paths.pick("::serde_json::Value", "Value").into(),
        TypeRef::Bytes => paths.pick("crate::runtime::File", "File").into(),
        TypeRef::Formatted(f) => match paths {
            Paths::Qualified => format!("crate::runtime::{}", f.rust()),
            Paths::Short => f.rust().into(),
        },
        TypeRef::Array(item) => format!(
            "{}<{}>",
            paths.pick("::std::vec::Vec", "Vec"),
            type_ref(item, paths)
        ),
        TypeRef::Map(value) => format!(
            "{}<{}, {}>",
            paths.pick("::std::collections::BTreeMap", "BTreeMap"),
            type_ref(&TypeRef::String, paths),
            type_ref(value, paths)
        ),
        TypeRef::Nullable(inner) => option(&type_ref(inner, paths), paths),
        TypeRef::Named(name) => match paths {
            Paths::Qualified => format!("crate::types::{}", ident::escape(name)),
            Paths::Short => name.clone(),
        },
    }
}

/// `Option<inner>`.
pub fn option(inner: &str, paths: Paths) -> String {
    format!("{}<{inner}>", paths.pick("::std::option::Option", "Option"))
}

/// `Box<inner>`.
pub fn boxed(inner: &str, paths: Paths) -> String {
    format!("{}<{inner}>", paths.pick("::std::boxed::Box", "Box"))
}

/// `Nullable<inner>`: the runtime's absent, null or a value.
pub fn nullable(inner: &str, paths: Paths) -> String {
    format!(
        "{}<{inner}>",
        paths.pick("crate::runtime::Nullable", "Nullable")
    )
}

/// The type of a struct field: boxed when recursive, `Option` when
/// optional, `Nullable` when absent and null are two states.
pub fn field(f: &Field, paths: Paths) -> String {
    let mut ty = type_ref(&f.ty, paths);
    if f.boxed {
        ty = boxed(&ty, paths);
    }
    if f.three_state {
        ty = nullable(&ty, paths);
    } else if f.optional {
        ty = option(&ty, paths);
    }
    ty
}

/// How a caller passes a value to a method or constructor: strings as
/// `impl Into<String>`, the rest as they are.
pub fn argument(t: &TypeRef, paths: Paths) -> String {
    match t {
        TypeRef::String => format!(
            "impl {}<{}>",
            paths.pick("::std::convert::Into", "Into"),
            type_ref(t, paths)
        ),
        other => type_ref(other, paths),
    }
}

/// How a struct's `new(..)` takes a field: strings as `impl Into<String>`,
/// recursive types boxed.
pub fn constructor_arg(f: &Field, paths: Paths) -> String {
    if f.boxed {
        boxed(&type_ref(&f.ty, paths), paths)
    } else {
        argument(&f.ty, paths)
    }
}

/// How a call's argument or setter takes its value.
pub fn input(i: &Input, paths: Paths) -> String {
    if i.into_string {
        argument(&TypeRef::String, paths)
    } else {
        type_ref(&i.ty, paths)
    }
}

/// What a call returns, inside `Response<…>`.
pub fn output(o: &Output, paths: Paths) -> String {
    match o {
        Output::Unit => "()".into(),
        Output::Text => type_ref(&TypeRef::String, paths),
        Output::Binary => paths.pick("crate::runtime::Bytes", "Bytes").into(),
        Output::Json(t) => type_ref(t, paths),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::StrFormat;

    #[test]
    fn both_forms() {
        let t = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Nullable(
            Box::new(TypeRef::Named("User".into())),
        )))));
        assert_eq!(
            type_ref(&t, Paths::Short),
            "BTreeMap<String, Vec<Option<User>>>"
        );
        assert_eq!(
            type_ref(&t, Paths::Qualified),
            "::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<::std::option::Option<crate::types::User>>>"
        );
        assert_eq!(type_ref(&TypeRef::Any, Paths::Short), "Value");
        assert_eq!(
            argument(&TypeRef::String, Paths::Short),
            "impl Into<String>"
        );
        assert_eq!(output(&Output::Binary, Paths::Short), "Bytes");
        let when = TypeRef::Nullable(Box::new(TypeRef::Formatted(StrFormat::DateTime)));
        assert_eq!(type_ref(&when, Paths::Short), "Option<DateTime>");
        assert_eq!(
            type_ref(&when, Paths::Qualified),
            "::std::option::Option<crate::runtime::DateTime>"
        );
    }

    #[test]
    fn keywords_are_raw_in_paths() {
        assert_eq!(
            type_ref(&TypeRef::Named("Self_".into()), Paths::Qualified),
            "crate::types::Self_"
        );
        let q = type_ref(&TypeRef::Named("Type".into()), Paths::Qualified);
        assert!(q.parse::<proc_macro2::TokenStream>().is_ok(), "{q}");
    }
}
