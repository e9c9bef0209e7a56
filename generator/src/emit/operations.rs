//! Operations: one struct per operation implementing `crate::runtime::Operation`,
//! setters for optional parameters on `Call`, and the tag groups on `Client`.

use super::docs::{example_text, Doc};
use super::{ident, rust_type};
use crate::ir::{
    Api, BodyMedia, Group, Operation, Param, ParamLocation, PathPart, QueryStyle, ResponseKind,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `GET /api/x`, summary, description: the head of every operation doc.
fn op_doc(op: &Operation) -> Doc {
    let mut doc = Doc::new();
    doc.para(op.summary.as_deref());
    doc.para(
        op.description
            .as_deref()
            .filter(|d| Some(*d) != op.summary.as_deref()),
    );
    doc.para(Some(&format!(
        "`{} {}` (operation `{}`)",
        op.method.as_str(),
        op.path,
        op.id
    )));
    if op.deprecated {
        doc.para(Some("**Deprecated** in the API spec."));
    }
    doc
}

fn param_doc_line(p: &Param) -> String {
    let mut s = format!("- `{}`", p.name);
    if p.wire != p.name {
        s.push_str(&format!(" (`{}`)", p.wire));
    }
    if let Some(d) = &p.description {
        s.push_str(": ");
        let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
        s.push_str(&d);
        if !d.ends_with(['.', '!', '?', ':']) {
            s.push('.');
        }
    }
    if let Some(e) = &p.example {
        s.push_str(&format!(
            " Example: `{}`.",
            example_text(e).replace('`', "'")
        ));
    }
    s
}

fn is_positional(p: &Param) -> bool {
    p.location == ParamLocation::Path || p.required
}

fn positional(op: &Operation) -> Vec<&Param> {
    op.params.iter().filter(|p| is_positional(p)).collect()
}

fn body_positional(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| b.required)
}

/// How a caller passes a value: strings as `impl Into<String>`.
fn arg_type(t: &TypeRef) -> (TokenStream, bool) {
    match t {
        TypeRef::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            true,
        ),
        other => (rust_type(other), false),
    }
}

fn output_type(op: &Operation) -> TokenStream {
    match op.response.kind {
        ResponseKind::Empty => quote!(()),
        ResponseKind::Text => quote!(::std::string::String),
        ResponseKind::Bytes => quote!(crate::runtime::Bytes),
        ResponseKind::Json | ResponseKind::Envelope => rust_type(&op.response.ty),
    }
}

pub fn emit_operations(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(emit_operation);
    quote! { #(#items)* }
}

fn emit_operation(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let mut doc = op_doc(op);
    doc.para(Some("Build it with the method on its group of [`crate::runtime::Client`], or fill the fields and pass it to [`crate::runtime::Client::call`]."));
    let doc = doc.tokens();

    let fields = op.params.iter().map(|p| {
        let d = param_doc(p, None);
        let n = ident(&p.name);
        let t = rust_type(&p.ty);
        if is_positional(p) {
            quote! { #d pub #n: #t, }
        } else {
            quote! { #d pub #n: ::std::option::Option<#t>, }
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let t = rust_type(&b.ty);
        let mut d = Doc::new();
        d.para(Some(
            b.description.as_deref().unwrap_or("The request body."),
        ));
        let d = d.tokens();
        if b.required {
            quote! { #d pub body: #t, }
        } else {
            quote! { #d pub body: ::std::option::Option<#t>, }
        }
    });

    let output = output_type(op);
    let id = &op.id;
    let path_template = &op.path;
    let method = format_ident!("{}", op.method.as_str());
    let response_kind = match op.response.kind {
        ResponseKind::Json => quote!(Json),
        ResponseKind::Envelope => quote!(Envelope),
        ResponseKind::Empty => quote!(Empty),
        ResponseKind::Text => quote!(Text),
        ResponseKind::Bytes => quote!(Bytes),
    };

    // path()
    let path_body = {
        let pushes = op.path_parts.iter().map(|part| match part {
            PathPart::Literal(l) => quote!(path.push_str(#l);),
            PathPart::Param(i) => {
                let n = ident(&op.params[*i].name);
                quote!(crate::runtime::push_path_segment(&mut path, &self.#n);)
            }
        });
        quote! {
            let mut path = ::std::string::String::new();
            #(#pushes)*
            path
        }
    };
    let query_pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            let style = match p.style {
                QueryStyle::FormExploded => quote!(Exploded),
                QueryStyle::FormCsv => quote!(Csv),
                QueryStyle::DeepObject => quote!(DeepObject),
            };
            quote!(query.push(#wire, &self.#n, crate::runtime::QueryStyle::#style);)
        })
        .collect();
    let query_fn = (!query_pushes.is_empty()).then(|| {
        quote! {
            fn query(&self, query: &mut crate::runtime::Query) {
                #(#query_pushes)*
            }
        }
    });
    let header_pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            quote!(headers.push(#wire, &self.#n);)
        })
        .collect();
    let headers_fn = (!header_pushes.is_empty()).then(|| {
        quote! {
            fn headers(&self, headers: &mut crate::runtime::Headers) {
                #(#header_pushes)*
            }
        }
    });
    let body_fn = op.body.as_ref().map(|b| {
        let ctor = match b.media {
            BodyMedia::Json => quote!(json),
            BodyMedia::Form => quote!(form),
            BodyMedia::Multipart => quote!(multipart),
            BodyMedia::Text => quote!(text),
            BodyMedia::Bytes => quote!(bytes),
        };
        let expr = if b.required {
            quote!(crate::runtime::RequestBody::#ctor(&self.body))
        } else {
            quote!(match &self.body {
                ::std::option::Option::Some(body) => crate::runtime::RequestBody::#ctor(body),
                ::std::option::Option::None => ::std::result::Result::Ok(crate::runtime::RequestBody::Empty),
            })
        };
        quote! {
            fn body(&self) -> ::std::result::Result<crate::runtime::RequestBody, crate::runtime::Error> {
                #expr
            }
        }
    });

    // Setters for optional parameters and an optional body, on Call<'_, Op>.
    let mut setters: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !is_positional(p))
        .map(|p| {
            let n = ident(&p.name);
            let lead = format!(
                "Sets the optional {} parameter `{}`.",
                location_word(p.location),
                p.wire
            );
            let d = param_doc(p, Some(&lead));
            let (t, into) = arg_type(&p.ty);
            let value = if into {
                quote!(value.into())
            } else {
                quote!(value)
            };
            quote! {
                #d
                pub fn #n(mut self, value: #t) -> Self {
                    self.operation.#n = ::std::option::Option::Some(#value);
                    self
                }
            }
        })
        .collect();
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        let t = rust_type(&b.ty);
        setters.push(quote! {
            /// Sets the request body (optional for this operation).
            pub fn body(mut self, value: #t) -> Self {
                self.operation.body = ::std::option::Option::Some(value);
                self
            }
        });
    }
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            impl crate::runtime::Call<'_, #name> {
                #(#setters)*
            }
        }
    });
    let paginated = op.paginated.then(|| {
        quote!(
            const PAGINATED: bool = true;
        )
    });

    let fields: Vec<TokenStream> = fields.chain(body_field).collect();
    let def = if fields.is_empty() {
        quote!(pub struct #name;)
    } else {
        quote!(pub struct #name { #(#fields)* })
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #def

        impl crate::runtime::Operation for #name {
            type Output = #output;
            const ID: &'static str = #id;
            const METHOD: ::reqwest::Method = ::reqwest::Method::#method;
            const PATH: &'static str = #path_template;
            const RESPONSE: crate::runtime::ResponseKind = crate::runtime::ResponseKind::#response_kind;
            #paginated

            fn path(&self) -> ::std::string::String {
                #path_body
            }
            #query_fn
            #headers_fn
            #body_fn
        }

        #setters
    }
}

/// A parameter's doc: an optional lead line, its description, its example.
fn param_doc(p: &Param, lead: Option<&str>) -> TokenStream {
    let mut d = Doc::new();
    d.para(lead);
    d.para(p.description.as_deref());
    if let Some(e) = &p.example {
        d.para(Some(&format!(
            "Example: `{}`",
            example_text(e).replace('`', "'")
        )));
    }
    d.tokens()
}

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The method that starts a call: on a group (`client` is `self.client`,
/// the call borrows for `'a`) or on the client itself (`self`, `'_`).
fn group_method(op: &Operation, on_client: bool) -> TokenStream {
    let mut doc = op_doc(op);
    let args = positional(op);
    if !args.is_empty() || body_positional(op) {
        doc.para(Some("# Arguments"));
        doc.blank();
        for p in &args {
            doc.line(param_doc_line(p));
        }
        if body_positional(op) {
            doc.line("- `body`: the request body");
        }
    }
    let optional: Vec<&Param> = op.params.iter().filter(|p| !is_positional(p)).collect();
    if !optional.is_empty() {
        doc.para(Some("# Optional parameters"));
        doc.blank();
        doc.line("Set on the returned call before awaiting it:");
        doc.blank();
        for p in &optional {
            doc.line(param_doc_line(p));
        }
    }
    if !op.errors.is_empty() {
        doc.para(Some("# Errors"));
        doc.blank();
        doc.line("Besides transport errors, the spec documents:");
        doc.blank();
        for e in &op.errors {
            let status = match (e.status, e.range) {
                (None, _) => "default".to_string(),
                (Some(s), true) => format!("{}XX", s / 100),
                (Some(s), false) => s.to_string(),
            };
            let desc = e
                .description
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            doc.line(if desc.is_empty() {
                format!("- `{status}`")
            } else {
                format!("- `{status}`: {desc}")
            });
        }
    }
    let doc = doc.tokens();
    let method = ident(&op.method_name);
    let ty = ident(&op.type_name);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for p in &args {
        let n = ident(&p.name);
        let (t, into) = arg_type(&p.ty);
        params.push(quote!(#n: #t));
        inits.push(if into {
            quote!(#n: #n.into())
        } else {
            quote!(#n)
        });
    }
    for p in op.params.iter().filter(|p| !is_positional(p)) {
        let n = ident(&p.name);
        inits.push(quote!(#n: ::std::option::Option::None));
    }
    if let Some(b) = &op.body {
        if b.required {
            let t = rust_type(&b.ty);
            params.push(quote!(body: #t));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: ::std::option::Option::None));
        }
    }
    let init = if inits.is_empty() {
        quote!(crate::operations::#ty)
    } else {
        quote!(crate::operations::#ty { #(#inits),* })
    };
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "deprecated in the API spec")]));
    let (client, lifetime) = if on_client {
        (quote!(self), quote!('_))
    } else {
        (quote!(self.client), quote!('a))
    };
    quote! {
        #doc
        #deprecated
        pub fn #method(&self, #(#params),*) -> crate::runtime::Call<#lifetime, crate::operations::#ty> {
            crate::runtime::Call::new(#client, #init)
        }
    }
}

pub fn emit_groups(api: &Api) -> TokenStream {
    let mut items = Vec::new();
    let mut accessors = Vec::new();
    let mut on_client = Vec::new();
    for g in &api.groups {
        if g.tag.is_empty() {
            // Untagged operations live directly on the client.
            on_client.extend(
                g.operations
                    .iter()
                    .map(|&i| group_method(&api.operations[i], true)),
            );
            continue;
        }
        let methods = g
            .operations
            .iter()
            .map(|&i| group_method(&api.operations[i], false));
        let name = ident(&g.type_name);
        let accessor = ident(&g.accessor);
        let mut doc = Doc::new();
        doc.para(Some(&format!("Operations tagged \"{}\".", g.tag)));
        doc.para(g.description.as_deref());
        let doc = doc.tokens();
        items.push(quote! {
            #doc
            #[derive(Debug, Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) client: &'a crate::runtime::Client,
            }

            impl<'a> #name<'a> {
                #(#methods)*
            }
        });
        let acc_doc = group_accessor_doc(g);
        accessors.push(quote! {
            #acc_doc
            pub fn #accessor(&self) -> #name<'_> {
                #name { client: self }
            }
        });
    }
    quote! {
        #(#items)*

        impl crate::runtime::Client {
            #(#accessors)*
            #(#on_client)*
        }
    }
}

fn group_accessor_doc(g: &Group) -> TokenStream {
    let mut d = Doc::new();
    d.para(Some(&format!(
        "{} operations ({}).",
        g.tag,
        g.operations.len()
    )));
    d.para(g.description.as_deref());
    d.tokens()
}
