//! Types: structs, enums with an `Unknown` fallback, unions (chosen by tag
//! or by shape, see `crate::runtime::union`), aliases.
//!
//! Every type implements `Serialize` and `Deserialize` itself, without serde's
//! derives: structs through `crate::runtime::object` (one call per field),
//! enums through their wire value, unions by tag or shape. Lenient reading
//! of scalars is the runtime's deserializer's job, not an attribute per
//! field. Every type is `#[non_exhaustive]`: a new field, enum value or
//! variant in the spec is a compatible change; a struct with required
//! fields is built with `new(..)`, one without with `Default`, then their
//! fields set.

use super::docs::Doc;
use super::tokens::{cfg, ident, parse_type, rust_type};
use crate::ir::{
    Accepts, Additional, Api, EnumRepr, Field, IntFormat, TypeDef, TypeKind, TypeRef, UnionTag,
    UnionVariant, Variant, ADDITIONAL_PROPERTIES,
};
use crate::rust::{self, Paths};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

pub fn emit_types(api: &Api) -> TokenStream {
    let items = api.types.iter().map(emit_type);
    quote! { #(#items)* }
}

/// One type's items, each compiled only with the features that reach it.
fn emit_type(t: &TypeDef) -> TokenStream {
    let cfg = cfg(&t.features);
    let items = type_items(t);
    let gated = items.into_iter().map(|item| quote!(#cfg #item));
    quote!(#(#gated)*)
}

/// The items of one type: its definition and its impls.
fn type_items(t: &TypeDef) -> Vec<TokenStream> {
    let mut doc = Doc::new();
    doc.para(t.doc.as_deref());
    let doc = doc.tokens();
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Struct {
            fields,
            additional,
            defaultable,
        } => emit_struct(t, doc, fields, additional.as_ref(), *defaultable),
        TypeKind::Enum {
            variants,
            repr: EnumRepr::String,
            open,
        } => emit_enum(&name, doc, variants, *open),
        TypeKind::Enum {
            variants,
            repr: EnumRepr::Integer(format),
            open,
        } => emit_int_enum(&name, doc, variants, *format, *open),
        TypeKind::Union { variants, tag } => emit_union(t, doc, variants, tag.as_ref()),
        TypeKind::Alias { target } => {
            let ty = rust_type(target);
            vec![quote! {
                #doc
                pub type #name = #ty;
            }]
        }
    }
}

fn emit_struct(
    t: &TypeDef,
    doc: TokenStream,
    fields: &[Field],
    additional: Option<&Additional>,
    defaultable: bool,
) -> Vec<TokenStream> {
    let name = ident(&t.name);
    let default = defaultable.then(|| quote!(Default,));
    let others = Others::of(fields, additional);
    let emitted = fields.iter().map(|f| emit_field(f, others));
    let extra = additional.map(|a| {
        let v = rust_type(&a.ty);
        let map = ident(ADDITIONAL_PROPERTIES);
        let doc = map_doc(a, fields.iter().any(|f| f.inferred));
        quote! {
            #doc
            pub #map: ::std::collections::BTreeMap<::std::string::String, #v>,
        }
    });
    let def = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#emitted)*
            #extra
        }
    };
    let mut items = vec![def];
    items.extend(constructor(&name, fields, additional.is_some()));
    items.extend(setters(&name, fields));
    items.push(read_impl(t, fields, others));
    items.push(deserialize_impl(&name));
    items.push(serialize_struct(t, fields, others));
    items
}

/// Where a struct's keys that no field takes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Others {
    /// Kept in `additional_properties`.
    Kept,
    /// Read as the rest of the object, the flattened union's (`kind`).
    Rest,
    /// Skipped: `additionalProperties: false`.
    Skipped,
}

impl Others {
    fn of(fields: &[Field], additional: Option<&Additional>) -> Others {
        match (additional, fields.iter().any(|f| f.flatten)) {
            (_, true) => Others::Rest,
            (Some(_), false) => Others::Kept,
            (None, false) => Others::Skipped,
        }
    }

    /// The struct reads keys that are not fields (`Object::OPEN`).
    fn open(self) -> bool {
        self != Others::Skipped
    }

    /// Where `read` puts them (and an inferred field a value not of its
    /// type): the map, or the rest of the object.
    fn sink(self) -> TokenStream {
        match self {
            Others::Rest => quote!(__rest),
            _ => {
                let map = ident(ADDITIONAL_PROPERTIES);
                quote!(#map)
            }
        }
    }
}

/// The doc comment of `additional_properties`.
fn map_doc(a: &Additional, inferred: bool) -> TokenStream {
    let mut doc = Doc::new();
    doc.para(Some(match a.declared {
        true => "Properties not listed above.",
        false => concat!(
            "Keys the schema does not declare, as they came: kept when read and\n",
            "written back, so that a value read and sent back loses nothing (the\n",
            "schema does not forbid other keys). A key that names a field above is\n",
            "the field's, and is not written from here."
        ),
    }));
    if inferred {
        doc.para(Some(concat!(
            "A field typed from the examples keeps here, under its key, a value\n",
            "not of its type."
        )));
    }
    doc.tokens()
}

/// How a struct is read: `crate::runtime::object::Object`. Each field is a
/// local (`Option` of the field's type when the field is required), filled
/// from its key; a required field still `None` at the end is an error.
fn read_impl(t: &TypeDef, fields: &[Field], others: Others) -> TokenStream {
    let name = ident(&t.name);
    let type_name = &t.name;
    let object = quote!(crate::runtime::object);
    let keyed: Vec<&Field> = fields.iter().filter(|f| !f.flatten).collect();
    let wires = keyed.iter().map(|f| f.wire.as_str());
    let locals = keyed.iter().map(|f| {
        let n = ident(&f.name);
        match f.three_state {
            true => quote!(let mut #n = crate::runtime::Nullable::Absent;),
            false => quote!(let mut #n = ::std::option::Option::None;),
        }
    });
    let sink = others.sink();
    let arms = keyed.iter().enumerate().map(|(i, f)| {
        let n = ident(&f.name);
        let i = Literal::usize_unsuffixed(i);
        let wire = &f.wire;
        match (f.inferred, f.must_be_present()) {
            (true, _) => {
                quote!(Key::Field(#i) => object::inferred(&mut __map, &mut #n, &mut #sink, #wire),)
            }
            (false, true) => quote!(Key::Field(#i) => object::present(&mut __map, &mut #n),),
            (false, false) => quote!(Key::Field(#i) => object::value(&mut __map, &mut #n),),
        }
    });
    let required: Vec<&Field> = keyed
        .iter()
        .copied()
        .filter(|f| f.must_be_present())
        .collect();
    let inits = fields.iter().map(|f| {
        let n = ident(&f.name);
        match f.flatten {
            true => quote!(#n: object::rest(__rest)?,),
            false => quote!(#n,),
        }
    });
    let (open_const, extra_local, extra_arm, extra_init) = other_keys(others);
    let takes_keys = !keyed.is_empty() || others.open();
    // Functions are called through the module's name: a field may be
    // called `skip` or `required`, and its local would shadow an import.
    let uses = match takes_keys {
        false => quote!(use #object::{self, Keys};),
        true => quote!(use #object::{self, Key, Keys};),
    };
    let reading = if !takes_keys {
        quote! {
            while __keys.next(&mut __map)?.is_some() {
                object::skip(&mut __map)?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(__key) = __keys.next(&mut __map)? {
                let __read = match __key {
                    #(#arms)*
                    #extra_arm
                    _ => object::skip(&mut __map),
                };
                __read?;
            }
        }
    };
    let built = quote!(::std::result::Result::Ok(Self { #(#inits)* #extra_init }));
    let finish = check_required(&required, built);
    quote! {
        impl #object::Object for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            #open_const
            fn read<'de, A: ::serde::de::MapAccess<'de>>(mut __map: A) -> ::std::result::Result<Self, A::Error> {
                #uses
                #(#locals)*
                #extra_local
                let mut __keys = Keys::of::<Self>();
                #reading
                #finish
            }
        }
    }
}

/// What `read` does with the keys no field takes: keep them in
/// `additional_properties`, or read them as the rest of the object (its
/// branches' union, whose variants keep what they do not declare), or
/// skip them. The `OPEN` constant, the local, the `match` arm and the
/// field initializer.
fn other_keys(others: Others) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let open = quote!(
        const OPEN: bool = true;
    );
    let sink = others.sink();
    let arm = quote!(Key::Other(__key) => object::keep(&mut __map, &mut #sink, __key),);
    match others {
        Others::Kept => (
            open,
            quote!(let mut #sink = ::std::collections::BTreeMap::new();),
            arm,
            quote!(#sink,),
        ),
        Others::Rest => (
            open,
            quote!(let mut #sink = ::serde_json::Map::new();),
            arm,
            quote!(),
        ),
        Others::Skipped => Default::default(),
    }
}

/// `built` once every required field's local holds a value. Required
/// fields are checked together, once: one match over their locals, and
/// serde's "missing field" error for the first one absent.
fn check_required(required: &[&Field], built: TokenStream) -> TokenStream {
    if required.is_empty() {
        return built;
    }
    let names: Vec<Ident> = required.iter().map(|f| ident(&f.name)).collect();
    let wires = required.iter().map(|f| f.wire.as_str());
    // One local is matched as itself, several as a tuple.
    let (locals, present) = match names.as_slice() {
        [one] => (quote!(#one), quote!(::std::option::Option::Some(#one))),
        _ => (
            quote!((#(#names),*)),
            quote!((#(::std::option::Option::Some(#names)),*)),
        ),
    };
    quote! {
        match #locals {
            #present => #built,
            #locals => ::std::result::Result::Err(object::missing(&[#((#wires, #names.is_none())),*])),
        }
    }
}

/// A struct's `Deserialize`: the runtime's reader of `Object`s.
fn deserialize_impl(name: &Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::object::deserialize(deserializer)
            }
        }
    }
}

/// A struct's `Serialize`: its fields under their wire names, an optional
/// field left out when absent (a required nullable one is written as
/// null), the flattened rest and the kept keys after them.
fn serialize_struct(t: &TypeDef, fields: &[Field], others: Others) -> TokenStream {
    let name = ident(&t.name);
    let type_name = &t.name;
    let object = quote!(crate::runtime::object);
    let map = ident(ADDITIONAL_PROPERTIES);
    let rest = fields.iter().find(|f| f.flatten);
    let fields: Vec<&Field> = fields.iter().filter(|f| !f.flatten).collect();
    let rest_writes = rest.map(|f| {
        let n = ident(&f.name);
        quote!(__out.rest(&self.#n);)
    });
    let open = others.open();
    // Each field is one call that cannot fail (the writer keeps the first
    // error for `end`): no `?` per field.
    let writes: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let n = ident(&f.name);
            let wire = &f.wire;
            match (
                f.inferred && others == Others::Kept,
                f.left_out_when_none(),
                open,
            ) {
                (true, _, _) => quote!(__out.inferred(#wire, &self.#n, &self.#map);),
                (false, false, false) => quote!(__out.field(#wire, &self.#n);),
                (false, false, true) => quote!(__out.entry(#wire, &self.#n);),
                (false, true, _) => quote!(__out.optional(#wire, &self.#n);),
            }
        })
        .collect();
    let kept = (others == Others::Kept).then(|| quote!(__out.kept(self, &self.#map);));
    let body = if open {
        quote! {
            let mut __out = #object::Entries::start(serializer)?;
            #(#writes)*
            #rest_writes
            #kept
            __out.end()
        }
    } else {
        let always = fields.iter().filter(|f| !f.left_out_when_none()).count();
        let set: Vec<TokenStream> = fields
            .iter()
            .filter(|f| f.left_out_when_none())
            .map(|f| {
                let n = ident(&f.name);
                match f.three_state {
                    true => quote!(!self.#n.is_absent()),
                    false => quote!(self.#n.is_some()),
                }
            })
            .collect();
        let count = match set.is_empty() {
            true => {
                let always = Literal::usize_unsuffixed(always);
                quote!(#always)
            }
            false => {
                let always = Literal::usize_unsuffixed(always);
                quote!(#object::field_count(#always, &[#(#set),*]))
            }
        };
        let binding = match fields.is_empty() {
            true => quote!(__out),
            false => quote!(mut __out),
        };
        quote! {
            let #binding = #object::Fields::start(serializer, #type_name, #count)?;
            #(#writes)*
            __out.end()
        }
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// `new(required…)` for structs with required fields: optional ones start
/// absent, the kept keys empty.
fn constructor(name: &Ident, fields: &[Field], additional: bool) -> Option<TokenStream> {
    let required: Vec<&Field> = fields.iter().filter(|f| f.in_constructor()).collect();
    if required.is_empty() {
        return None;
    }
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let t = parse_type(&rust::constructor_arg(f, Paths::Qualified));
        quote!(#n: #t)
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.name);
        match (f.optional, f.three_state, &f.ty) {
            (true, true, _) => quote!(#n: crate::runtime::Nullable::Absent),
            (true, false, _) => quote!(#n: ::std::option::Option::None),
            (false, _, TypeRef::String) => quote!(#n: #n.into()),
            (false, _, _) => quote!(#n),
        }
    });
    let map = ident(ADDITIONAL_PROPERTIES);
    let extra = additional.then(|| quote!(#map: ::std::collections::BTreeMap::new(),));
    let list = required
        .iter()
        .map(|f| format!("`{}`", f.name))
        .collect::<Vec<_>>()
        .join(", ");
    let optional = match fields.iter().any(|f| f.three_state) {
        true => "the optional ones are `None` (or `Nullable::Absent`: left out)",
        false => "the optional ones are `None`",
    };
    let doc = format!(" A value with the required fields ({list}); {optional}.");
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra }
            }
        }
    })
}

/// The chained setters of the optional fields, so that any struct is built
/// in one expression (`Pet::new(name).tag("x").age(3)`): each takes
/// `impl Into<T>`; a three-state field also has a setter that sends `null`.
fn setters(name: &Ident, fields: &[Field]) -> Option<TokenStream> {
    let methods: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let setter = ident(f.setter.as_ref()?);
            let n = ident(&f.name);
            let t = rust_type(&f.ty);
            let mut value = quote!(value.into());
            if f.boxed {
                value = quote!(::std::boxed::Box::new(#value));
            }
            let set = match f.three_state {
                true => quote!(crate::runtime::Nullable::Value(#value)),
                false => quote!(::std::option::Option::Some(#value)),
            };
            let doc = format!(" With `{}` set to `value`.", f.name);
            let null = f.null_setter.as_ref().map(|null| {
                let null = ident(null);
                let doc = format!(" With `{}` sent as `null`.", f.name);
                quote! {
                    #[doc = #doc]
                    pub fn #null(mut self) -> Self {
                        self.#n = crate::runtime::Nullable::Null;
                        self
                    }
                }
            });
            Some(quote! {
                #[doc = #doc]
                pub fn #setter(mut self, value: impl ::std::convert::Into<#t>) -> Self {
                    self.#n = #set;
                    self
                }
                #null
            })
        })
        .collect();
    (!methods.is_empty()).then(|| {
        quote! {
            impl #name {
                #(#methods)*
            }
        }
    })
}

/// A field: its doc (and, for one typed from the examples, where a value
/// of another type goes), its name and type.
fn emit_field(f: &Field, others: Others) -> TokenStream {
    let mut doc = Doc::new();
    doc.para(f.doc.as_deref());
    if f.three_state {
        doc.para(Some(
            "`Nullable::Absent` leaves the key out, `Nullable::Null` sends `null`.",
        ));
    }
    if f.inferred {
        doc.para(Some(match others {
            Others::Rest => "Not declared by the schema: typed from its examples. A value of\nanother type is kept, as it came, with the rest of the object (`kind`).",
            _ => "Not declared by the schema: typed from its examples. A value of\nanother type is kept, as it came, in `additional_properties`.",
        }));
    }
    let doc = doc.tokens();
    let name = ident(&f.name);
    let ty = parse_type(&rust::field(f, Paths::Qualified));
    quote! {
        #doc
        pub #name: #ty,
    }
}

fn emit_enum(name: &Ident, doc: TokenStream, variants: &[Variant], open: bool) -> Vec<TokenStream> {
    let rest = CatchAll::of(&name.to_string(), open);
    let (rest_doc, rest_name, noted) = (&rest.doc, &rest.name, &rest.noted);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    let docs = variants
        .iter()
        .map(|v| variant_doc(&v.wire.replace('`', "'"), v));
    vec![
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#docs #idents,)*
                #[doc = #rest_doc]
                #rest_name(::std::string::String),
            }
        },
        quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#idents => #wires,)*
                        Self::#rest_name(other) => other.as_str(),
                    }
                }
            }
        },
        quote! {
            impl ::std::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    match value.as_str() {
                        #(#wires => Self::#idents,)*
                        _ => {
                            #noted
                            Self::#rest_name(value)
                        }
                    }
                }
            }
        },
        quote! {
            impl ::std::convert::From<#name> for ::std::string::String {
                fn from(value: #name) -> Self {
                    match value {
                        #name::#rest_name(other) => other,
                        known => known.as_str().to_owned(),
                    }
                }
            }
        },
        quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        },
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        },
    ]
}

/// The catch-all variant of an enum: `Unknown` for values the schema does
/// not list (noted as a fallback, see `runtime::fallback`), or `Other` for
/// an open enum, whose schema allows other values too.
struct CatchAll {
    name: Ident,
    doc: String,
    /// The statement noting a fallback (none for `Other`).
    noted: TokenStream,
}

impl CatchAll {
    fn of(type_name: &str, open: bool) -> CatchAll {
        match open {
            true => CatchAll {
                name: ident("Other"),
                doc: " Any other value: the schema allows values beyond those listed.".into(),
                noted: quote!(),
            },
            false => CatchAll {
                name: ident("Unknown"),
                doc: " A value this version of the SDK does not know.".into(),
                noted: quote!(crate::runtime::fallback::note(#type_name, &::std::string::ToString::to_string(&value));),
            },
        }
    }
}

/// An enum variant's doc: its wire value, then what the schema says of it.
fn variant_doc(wire: &str, v: &Variant) -> TokenStream {
    let mut doc = Doc::new();
    doc.line(format!("`{wire}`")).para(v.doc.as_deref());
    doc.tokens()
}

/// An enum of integers: variants for the documented values, `Unknown(n)` for the rest.
fn emit_int_enum(
    name: &Ident,
    doc: TokenStream,
    variants: &[Variant],
    format: IntFormat,
    open: bool,
) -> Vec<TokenStream> {
    let rest = CatchAll::of(&name.to_string(), open);
    let (rest_doc, rest_name, noted) = (&rest.doc, &rest.name, &rest.noted);
    let int = parse_type(format.rust());
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<Literal> = variants
        .iter()
        .map(|v| Literal::i128_unsuffixed(v.wire.parse().unwrap_or_default()))
        .collect();
    let docs = variants.iter().map(|v| variant_doc(&v.wire, v));
    vec![
        quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#docs #idents,)*
                #[doc = #rest_doc]
                #rest_name(#int),
            }
        },
        quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn value(&self) -> #int {
                    match self {
                        #(Self::#idents => #values,)*
                        Self::#rest_name(other) => *other,
                    }
                }
            }
        },
        quote! {
            impl ::std::convert::From<#int> for #name {
                fn from(value: #int) -> Self {
                    match value {
                        #(#values => Self::#idents,)*
                        _ => {
                            #noted
                            Self::#rest_name(value)
                        }
                    }
                }
            }
        },
        quote! {
            impl ::std::convert::From<#name> for #int {
                fn from(value: #name) -> Self {
                    value.value()
                }
            }
        },
        quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(&self.value(), f)
                }
            }
        },
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    ::serde::Serialize::serialize(&self.value(), serializer)
                }
            }
        },
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    <#int as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        },
    ]
}

/// A union: its variants (and `Unknown` when tagged), serialized as the
/// variant's own value, deserialized by tag or by shape.
fn emit_union(
    t: &TypeDef,
    doc: TokenStream,
    variants: &[UnionVariant],
    tag: Option<&UnionTag>,
) -> Vec<TokenStream> {
    let name = ident(&t.name);
    let vs = variants.iter().map(|v| {
        let n = ident(&v.name);
        let ty = rust_type(&v.ty);
        let doc = match (tag, v.tags.as_slice()) {
            (Some(tag), values) if !values.is_empty() => {
                let list: Vec<String> = values.iter().map(|v| format!("`{v:?}`")).collect();
                let text = format!(" `{}`: {}", tag.property, list.join(", "));
                quote!(#[doc = #text])
            }
            _ => quote!(),
        };
        quote!(#doc #n(#ty),)
    });
    let unknown = tag.map(|tag| {
        let text = format!(
            " A `{}` this version of the SDK does not know, as it came.",
            tag.property
        );
        quote! {
            #[doc = #text]
            Unknown(::serde_json::Value),
        }
    });
    let names: Vec<Ident> = variants
        .iter()
        .map(|v| ident(&v.name))
        .chain(tag.map(|_| ident("Unknown")))
        .collect();
    let body = match tag {
        Some(tag) => tagged_body(&t.name, variants, tag),
        None => untagged_body(&t.name, variants),
    };
    vec![
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#vs)*
                #unknown
            }
        },
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(Self::#names(value) => ::serde::Serialize::serialize(value, serializer),)*
                    }
                }
            }
        },
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    #body
                }
            }
        },
    ]
}

/// Dispatch on the tag's value; an unknown (or missing) tag keeps the value.
fn tagged_body(name: &str, variants: &[UnionVariant], tag: &UnionTag) -> TokenStream {
    let property = &tag.property;
    let arms = variants.iter().map(|v| {
        let n = ident(&v.name);
        let values = &v.tags;
        quote! {
            #(::std::option::Option::Some(#values))|* => crate::runtime::lenient::from_value(&value).map(Self::#n),
        }
    });
    quote! {
        let decoded = match crate::runtime::union::tag(&value, #property).as_deref() {
            #(#arms)*
            other => {
                crate::runtime::fallback::note(#name, other.unwrap_or("no tag"));
                return ::std::result::Result::Ok(Self::Unknown(value));
            }
        };
        decoded.map_err(::serde::de::Error::custom)
    }
}

/// Try the variants whose shape fits first; the first that decodes wins.
fn untagged_body(name: &str, variants: &[UnionVariant]) -> TokenStream {
    let accepts = variants.iter().map(|v| accepts_tokens(&v.accepts));
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let n = ident(&v.name);
        let i = Literal::usize_unsuffixed(i);
        quote!(#i => crate::runtime::lenient::from_value(value).map(Self::#n),)
    });
    quote! {
        const VARIANTS: &[crate::runtime::union::Accepts] = &[#(#accepts),*];
        crate::runtime::union::untagged(&value, VARIANTS, #name, |i, value| {
            ::std::option::Option::Some(match i {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        })
        .map_err(::serde::de::Error::custom)
    }
}

fn accepts_tokens(a: &Accepts) -> TokenStream {
    let path = quote!(crate::runtime::union::Accepts);
    match a {
        Accepts::Boolean => quote!(#path::Boolean),
        Accepts::Integer => quote!(#path::Integer),
        Accepts::Number => quote!(#path::Number),
        Accepts::String => quote!(#path::String),
        Accepts::Array { items } => {
            let items = accepts_tokens(items);
            quote!(#path::Array(&#items))
        }
        Accepts::Listed { of } => {
            let of = accepts_tokens(of);
            quote!(#path::Listed(&#of))
        }
        Accepts::Any => quote!(#path::Any),
        Accepts::Object {
            required,
            known,
            open,
        } => quote! {
            #path::Object { required: &[#(#required),*], known: &[#(#known),*], open: #open }
        },
    }
}
