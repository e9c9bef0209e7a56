//! Tokens for names and types: the leaf every emitter module builds on.

use crate::ident;
use crate::ir::TypeRef;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier token, raw when it is a keyword.
pub fn ident(name: &str) -> Ident {
    let escaped = ident::escape(name);
    match escaped.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&escaped, Span::call_site()),
    }
}

/// The Rust type for a type reference, fully qualified.
pub fn rust_type(t: &TypeRef) -> TokenStream {
    parse_type(&crate::rust::type_ref(t, crate::rust::Paths::Qualified))
}

/// Tokens of a Rust type written by [`crate::rust`].
pub fn parse_type(text: &str) -> TokenStream {
    text.parse()
        .unwrap_or_else(|e| panic!("`{text}` is not a Rust type: {e}"))
}

/// The attribute that compiles an item only with one of these cargo
/// features; nothing when the list is empty (always compiled).
pub fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote::quote!(#[cfg(feature = #one)]),
        many => quote::quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// A security requirement as the runtime reads it
/// (`crate::runtime::Security`): alternatives of the schemes' constants.
pub fn security(security: &crate::ir::Security, schemes: &[crate::ir::Scheme]) -> TokenStream {
    let alternatives = security.alternatives.iter().map(|alternative| {
        let uses = alternative.iter().map(|u| {
            let c = ident(&schemes[u.scheme].const_name);
            quote!(&crate::generated::schemes::#c)
        });
        quote!(&[#(#uses),*])
    });
    quote!(&[#(#alternatives),*])
}
