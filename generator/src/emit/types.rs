//! Types: structs, enums with an `Unknown` fallback, untagged unions, aliases.

use super::docs::Doc;
use super::tokens::{ident, parse_type, rust_type};
use crate::ir::{Api, Field, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use crate::rust::{self, Paths};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_types(api: &Api) -> TokenStream {
    let items = api.types.iter().map(emit_type);
    quote! { #(#items)* }
}

fn emit_type(t: &TypeDef) -> TokenStream {
    let mut doc = Doc::new();
    doc.para(t.doc.as_deref());
    let doc = doc.tokens();
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Struct {
            fields,
            additional,
            defaultable,
        } => {
            let fields_ir = fields;
            // A struct whose fields all have defaults reads missing fields as
            // defaults at the container level too, so PHP's `[]` for an
            // empty object decodes (serde's sequence form needs this).
            let (default, container) = if *defaultable {
                (quote!(Default,), quote!(#[serde(default)]))
            } else {
                (quote!(), quote!())
            };
            let fields = fields.iter().map(emit_field);
            let extra = additional.as_ref().map(|a| {
                let v = rust_type(a);
                quote! {
                    /// Properties not listed above.
                    #[serde(flatten)]
                    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #v>,
                }
            });
            let ctor = constructor(&name, fields_ir, additional.is_some());
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
                #container
                pub struct #name {
                    #(#fields)*
                    #extra
                }
                #ctor
            }
        }
        TypeKind::Enum { variants } => emit_enum(&name, doc, variants),
        TypeKind::Union { variants } => emit_union(&name, doc, variants),
        TypeKind::Alias { target } => {
            let ty = rust_type(target);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

/// `new(required…)` for structs with required fields: optional ones start as `None`.
fn constructor(
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: bool,
) -> Option<TokenStream> {
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
        match (f.optional, &f.ty) {
            (true, _) => quote!(#n: ::std::option::Option::None),
            (false, TypeRef::String) => quote!(#n: #n.into()),
            (false, _) => quote!(#n),
        }
    });
    let extra =
        additional.then(|| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
    let list = required
        .iter()
        .map(|f| format!("`{}`", f.name))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(" A value with the required fields ({list}); the optional ones are `None`.");
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra }
            }
        }
    })
}

/// The lenient reader for a scalar (or list of scalars) field, if any.
fn lenient(f: &Field) -> Option<&'static str> {
    let scalar = |t: &TypeRef| {
        matches!(
            t,
            TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Boolean
        )
    };
    if f.boxed {
        return None;
    }
    Some(match (&f.ty, f.optional) {
        (t, false) if scalar(t) => "crate::runtime::lenient::scalar",
        (t, true) if scalar(t) => "crate::runtime::lenient::option",
        (TypeRef::Array(i), false) if scalar(i) => "crate::runtime::lenient::list",
        (TypeRef::Array(i), true) if scalar(i) => "crate::runtime::lenient::option_list",
        _ => return None,
    })
}

fn emit_field(f: &Field) -> TokenStream {
    let mut doc = Doc::new();
    doc.para(f.doc.as_deref());
    let doc = doc.tokens();
    let name = ident(&f.name);
    let mut ty = rust_type(&f.ty);
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let wire = &f.wire;
    let rename = if crate::ident::escape(&f.name).trim_start_matches("r#") != wire {
        quote!(rename = #wire,)
    } else {
        quote!()
    };
    let with = lenient(f).map(|path| quote!(deserialize_with = #path,));
    if f.optional {
        let skip = if f.required {
            quote!()
        } else {
            quote!(skip_serializing_if = "::std::option::Option::is_none",)
        };
        quote! {
            #doc
            #[serde(#rename default, #skip #with)]
            pub #name: ::std::option::Option<#ty>,
        }
    } else {
        let attr = if rename.is_empty() && with.is_none() {
            quote!()
        } else {
            quote!(#[serde(#rename #with)])
        };
        quote! {
            #doc
            #attr
            pub #name: #ty,
        }
    }
}

fn emit_enum(name: &proc_macro2::Ident, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    let docs = variants.iter().map(|v| {
        let text = format!(" `{}`", v.wire.replace('`', "'"));
        quote!(#[doc = #text])
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "::std::string::String", into = "::std::string::String")]
        pub enum #name {
            #(#docs #idents,)*
            /// A value this version of the SDK does not know.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Unknown(other) => other.as_str(),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#idents,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(other) => other,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn emit_union(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[UnionVariant],
) -> TokenStream {
    let vs = variants.iter().map(|v| {
        let n = ident(&v.name);
        let t = rust_type(&v.ty);
        quote!(#n(#t),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#vs)*
        }
    }
}
