//! Errors as the spec documents them: each operation's documented error
//! responses described to the runtime (`Operation::ERRORS`: status and the
//! body's shape, one `const` per distinct shape in `operations.rs`), the
//! type its error bodies read into (`Operation::Errors`: one type, or an
//! enum by status in `src/generated/errors.rs`), and the API's conventions
//! (`runtime::ApiConventions`: metadata headers, webhook signatures, the
//! validation shape where nothing is documented).

use super::docs::Doc;
use super::tokens::{cfg, ident, rust_type};
use crate::ir::{Api, ErrorAccess, ErrorShape, FieldErrors, Operation};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Every distinct error shape of the API's operations, in order of first use.
pub fn shapes(api: &Api) -> Vec<&ErrorShape> {
    let mut out: Vec<&ErrorShape> = Vec::new();
    for e in api.operations.iter().flat_map(|o| &o.errors) {
        if !out.contains(&&e.shape) {
            out.push(&e.shape);
        }
    }
    out
}

/// A shape as a `runtime::ErrorShape` value.
pub fn shape_value(shape: &ErrorShape) -> TokenStream {
    let problem = shape.problem;
    let message = &shape.message;
    let fields = match &shape.fields {
        None => quote!(crate::runtime::FieldErrors::None),
        Some(FieldErrors::Map { property }) => quote!(crate::runtime::FieldErrors::Map(#property)),
        Some(FieldErrors::List {
            property,
            field,
            message,
        }) => quote!(crate::runtime::FieldErrors::List {
            property: #property,
            field: #field,
            message: #message,
        }),
    };
    quote! {
        crate::runtime::ErrorShape {
            problem: #problem,
            message: &[#(#message),*],
            fields: #fields,
        }
    }
}

fn shape_const(i: usize) -> proc_macro2::Ident {
    format_ident!("ERROR_SHAPE_{}", i)
}

/// The shapes as constants (in `operations.rs`), which `ERRORS` name.
pub fn shape_consts(shapes: &[&ErrorShape]) -> TokenStream {
    let items = shapes.iter().enumerate().map(|(i, s)| {
        let name = shape_const(i);
        let value = shape_value(s);
        quote! {
            /// How a documented error body says what went wrong.
            pub const #name: crate::runtime::ErrorShape = #value;
        }
    });
    quote!(#(#items)*)
}

/// `type Errors` and `const ERRORS` of an operation's `impl Operation`.
pub fn operation_items(shapes: &[&ErrorShape], op: &Operation) -> TokenStream {
    let errors_type = match &op.error_access {
        ErrorAccess::None => quote!(crate::runtime::Untyped),
        ErrorAccess::Single { ty } => rust_type(ty),
        ErrorAccess::ByStatus { name, .. } => {
            let name = ident(name);
            quote!(crate::errors::#name)
        }
    };
    let documented = op.errors.iter().map(|e| {
        let status = match e.status {
            Some(s) => quote!(::std::option::Option::Some(#s)),
            None => quote!(::std::option::Option::None),
        };
        let range = e.range;
        let index = shapes.iter().position(|s| **s == e.shape).expect("listed");
        let shape = shape_const(index);
        quote! {
            crate::runtime::DocumentedError { status: #status, range: #range, shape: crate::operations::#shape }
        }
    });
    let consts = (!op.errors.is_empty()).then(|| {
        quote! {
            const ERRORS: &'static [crate::runtime::DocumentedError] = &[#(#documented),*];
        }
    });
    quote! {
        type Errors = #errors_type;
        #consts
    }
}

/// `src/generated/errors.rs`: an enum per operation whose documented error
/// bodies differ by status, read by status, written as its body.
pub fn emit_errors(api: &Api) -> TokenStream {
    let items = api.operations.iter().filter_map(|op| {
        let ErrorAccess::ByStatus { name, variants } = &op.error_access else {
            return None;
        };
        let cfg = cfg(std::slice::from_ref(&api.groups[op.group].feature));
        let name = ident(name);
        let mut doc = Doc::new();
        doc.para(Some(&format!(
            "The error bodies `{}` documents (`{} {}`), by status: what [`Error::documented`](crate::Error::documented) reads a failed call's body into.",
            op.call.display(),
            op.method.as_str(),
            op.path
        )));
        let doc = doc.tokens();
        let defs = variants.iter().map(|v| {
            let vname = ident(&v.name);
            let ty = rust_type(&v.ty);
            let status = status_text(v.status, v.range);
            let what = op
                .errors
                .iter()
                .find(|e| e.status == v.status && e.range == v.range)
                .and_then(|e| e.description.as_deref())
                .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|d| !d.is_empty());
            let text = match what {
                Some(d) => format!(" `{status}`: {d}"),
                None => format!(" `{status}`."),
            };
            quote! {
                #[doc = #text]
                #vname(#ty)
            }
        });
        // Exact statuses, then ranges, then `default`.
        let mut ordered: Vec<_> = variants.iter().collect();
        ordered.sort_by_key(|v| match (v.status, v.range) {
            (Some(_), false) => 0,
            (Some(_), true) => 1,
            (None, _) => 2,
        });
        let has_default = variants.iter().any(|v| v.status.is_none());
        let arms = ordered.iter().map(|v| {
            let vname = ident(&v.name);
            let ty = rust_type(&v.ty);
            let pattern = match (v.status, v.range) {
                (Some(s), false) => quote!(#s),
                (Some(s), true) => {
                    let end = s + 99;
                    quote!(#s..=#end)
                }
                (None, _) => quote!(_),
            };
            quote!(#pattern => <#ty as crate::runtime::ErrorBody>::read(status, body).map(Self::#vname),)
        });
        let fallback = (!has_default).then(|| quote!(_ => ::std::option::Option::None,));
        let writes = variants.iter().map(|v| {
            let vname = ident(&v.name);
            quote!(Self::#vname(body) => ::serde::Serialize::serialize(body, serializer),)
        });
        Some(quote! {
            #doc
            #cfg
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#defs),*
            }

            #cfg
            impl crate::runtime::ErrorBody for #name {
                fn read(status: u16, body: &[u8]) -> ::std::option::Option<Self> {
                    match status {
                        #(#arms)*
                        #fallback
                    }
                }
            }

            /// Written as the body it holds (for the mock's `fails_with`).
            #cfg
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#writes)*
                    }
                }
            }
        })
    });
    quote!(#(#items)*)
}

/// `404`, `4XX`, `default`.
pub fn status_text(status: Option<u16>, range: bool) -> String {
    match (status, range) {
        (None, _) => "default".into(),
        (Some(s), true) => format!("{}XX", s / 100),
        (Some(s), false) => s.to_string(),
    }
}

/// `impl ApiConventions for Client`.
pub fn conventions_impl(api: &Api) -> TokenStream {
    let c = &api.conventions;
    let opt = |v: Option<&String>| match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    };
    let m = c.metadata.clone().unwrap_or_default();
    let (used, balance, cached, limit, remaining) = (
        opt(m.credits_used.as_ref()),
        opt(m.credits_balance.as_ref()),
        opt(m.cached.as_ref()),
        opt(m.rate_limit_limit.as_ref()),
        opt(m.rate_limit_remaining.as_ref()),
    );
    let webhook = opt(c.webhook_signature.as_ref());
    let validation = shape_value(&c.validation);
    quote! {
        /// What this API has beyond its operations: the headers that carry
        /// response metadata, the header that signs webhook deliveries, the
        /// shape of its validation errors (from the spec and its SDK profile).
        impl crate::runtime::ApiConventions for crate::runtime::Client {
            const METADATA: crate::runtime::MetadataHeaders = crate::runtime::MetadataHeaders {
                credits_used: #used,
                credits_balance: #balance,
                cached: #cached,
                rate_limit_limit: #limit,
                rate_limit_remaining: #remaining,
            };
            const WEBHOOK_SIGNATURE: ::std::option::Option<&'static str> = #webhook;
            const VALIDATION: crate::runtime::ErrorShape = #validation;
        }
    }
}
