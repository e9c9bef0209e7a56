//! Operations: one struct per operation implementing `crate::runtime::Operation`,
//! setters for optional parameters on `Call`, and the tag groups on `Client`.

use super::docs::{example_text, Doc};
use super::{ident, rust_type};
use crate::ir::{
    Api, BodyMedia, Field, Group, Operation, Param, ParamLocation, PathPart, QueryStyle,
    ResponseKind, TypeDef, TypeKind, TypeRef,
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
    let items = api.operations.iter().map(|op| emit_operation(api, op));
    quote! { #(#items)* }
}

/// A named type's definition.
fn type_def<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a TypeDef> {
    match ty {
        TypeRef::Named(n) => api.types.iter().find(|t| &t.name == n),
        _ => None,
    }
}

/// The list that holds a page's items: the output itself, or one array
/// field of it.
enum ItemsAt<'a> {
    /// The output is `Vec<Item>`.
    Output(&'a TypeRef),
    /// The output is a struct; the items are in this field.
    Field(&'a Field, &'a TypeRef),
}

/// How an operation pages, when it does and its items can be found.
struct Paging<'a> {
    items: ItemsAt<'a>,
    /// The `limit` and `offset` query parameters (integers), for offset paging.
    offset: Option<(&'a Param, &'a Param)>,
}

/// Array fields that usually hold a page's items, most likely first.
const ITEM_FIELDS: &[&str] = &[
    "data", "rows", "items", "list", "results", "records", "entries",
];

/// Does the operation page, and where are its items? It pages when the
/// response has `_pagination` (`op.paginated`) or when it takes integer
/// `limit` and `offset` query parameters; the items are the output when it
/// is a list, else the struct's array field with a usual name, else its only
/// array field. Otherwise (no list to be found) it is not paged.
fn paging<'a>(api: &'a Api, op: &'a Operation) -> Option<Paging<'a>> {
    let query_int = |wire: &str| {
        op.params.iter().find(|p| {
            p.location == ParamLocation::Query && p.wire == wire && p.ty == TypeRef::Integer
        })
    };
    let offset = query_int("limit").zip(query_int("offset"));
    if !op.paginated && offset.is_none() {
        return None;
    }
    if !matches!(
        op.response.kind,
        ResponseKind::Json | ResponseKind::Envelope
    ) {
        return None;
    }
    let mut ty = &op.response.ty;
    // Follow aliases to what they name.
    for _ in 0..8 {
        match type_def(api, ty).map(|t| &t.kind) {
            Some(TypeKind::Alias { target }) => ty = target,
            _ => break,
        }
    }
    let items = match ty {
        TypeRef::Array(item) => ItemsAt::Output(item),
        _ => {
            let Some(TypeKind::Struct { fields, .. }) = type_def(api, ty).map(|t| &t.kind) else {
                return None;
            };
            let arrays: Vec<(&Field, &TypeRef)> = fields
                .iter()
                .filter(|f| !f.boxed)
                .filter_map(|f| match &f.ty {
                    TypeRef::Array(item) => Some((f, &**item)),
                    _ => None,
                })
                .collect();
            let by_name = ITEM_FIELDS
                .iter()
                .find_map(|n| arrays.iter().find(|(f, _)| f.wire == *n));
            let (field, item) = match (by_name, arrays.as_slice()) {
                (Some(found), _) => *found,
                (None, [only]) => *only,
                _ => return None,
            };
            ItemsAt::Field(field, item)
        }
    };
    Some(Paging { items, offset })
}

/// `impl Paginate` for a paged operation.
fn emit_paginate(name: &proc_macro2::Ident, paging: &Paging) -> TokenStream {
    let (item, items, into_items) = match &paging.items {
        ItemsAt::Output(item) => (rust_type(item), quote!(page), quote!(page)),
        ItemsAt::Field(field, item) => {
            let f = ident(&field.name);
            if field.optional {
                (
                    rust_type(item),
                    quote!(page.#f.as_deref().unwrap_or_default()),
                    quote!(page.#f.unwrap_or_default()),
                )
            } else {
                (rust_type(item), quote!(&page.#f), quote!(page.#f))
            }
        }
    };
    let offset_fns = paging.offset.map(|(limit, offset)| {
        let l = ident(&limit.name);
        let o = ident(&offset.name);
        let (get_l, get_o, set_o) = (
            if is_positional(limit) {
                quote!(::std::option::Option::Some(self.#l))
            } else {
                quote!(self.#l)
            },
            if is_positional(offset) {
                quote!(::std::option::Option::Some(self.#o))
            } else {
                quote!(self.#o)
            },
            if is_positional(offset) {
                quote!(self.#o = offset;)
            } else {
                quote!(self.#o = ::std::option::Option::Some(offset);)
            },
        );
        quote! {
            fn limit(&self) -> ::std::option::Option<i64> {
                #get_l
            }
            fn offset(&self) -> ::std::option::Option<i64> {
                #get_o
            }
            fn set_offset(&mut self, offset: i64) -> bool {
                #set_o
                true
            }
        }
    });
    quote! {
        impl crate::runtime::Paginate for #name {
            type Item = #item;
            fn items(page: &Self::Output) -> &[Self::Item] {
                #items
            }
            fn into_items(page: Self::Output) -> ::std::vec::Vec<Self::Item> {
                #into_items
            }
            #offset_fns
        }
    }
}

/// Does a value of this type hold files (`File`, in options or lists)?
fn holds_files(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Bytes => true,
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => holds_files(inner),
        _ => false,
    }
}

/// The statements that add a multipart body's fields to `form`, one part
/// (or one per list item) per field, in declaration order; `None` when the
/// body is not a struct whose fields we know.
fn multipart_parts(api: &Api, ty: &TypeRef) -> Option<Vec<TokenStream>> {
    let Some(TypeKind::Struct { fields, additional }) = type_def(api, ty).map(|t| &t.kind) else {
        return None;
    };
    let mut parts: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let n = ident(&f.name);
            let wire = &f.wire;
            if holds_files(&f.ty) {
                quote!(form.file(#wire, &body.#n);)
            } else {
                quote!(form.text(#wire, &body.#n);)
            }
        })
        .collect();
    if let Some(extra) = additional {
        let add = if holds_files(extra) {
            quote!(form.file(name, value);)
        } else {
            quote!(form.text(name, value);)
        };
        parts.push(quote! {
            for (name, value) in &body.additional_properties {
                #add
            }
        });
    }
    Some(parts)
}

/// `body()` for a multipart body: part by part when the fields are known,
/// so that files become file parts; else every field as text.
fn multipart_body(api: &Api, b: &crate::ir::Body) -> TokenStream {
    let Some(parts) = multipart_parts(api, &b.ty) else {
        return if b.required {
            quote!(crate::runtime::RequestBody::multipart(&self.body))
        } else {
            quote!(match &self.body {
                ::std::option::Option::Some(body) => crate::runtime::RequestBody::multipart(body),
                ::std::option::Option::None =>
                    ::std::result::Result::Ok(crate::runtime::RequestBody::Empty),
            })
        };
    };
    let bind = if b.required {
        quote!(let body = &self.body;)
    } else {
        quote! {
            let ::std::option::Option::Some(body) = &self.body else {
                return ::std::result::Result::Ok(crate::runtime::RequestBody::Empty);
            };
        }
    };
    if parts.is_empty() {
        let ignore = (!b.required).then(|| quote!(let _ = &self.body;));
        return quote! {
            #ignore
            ::std::result::Result::Ok(crate::runtime::RequestBody::Multipart(crate::runtime::Multipart::new()))
        };
    }
    quote! {
        #bind
        let mut form = crate::runtime::Multipart::new();
        #(#parts)*
        ::std::result::Result::Ok(crate::runtime::RequestBody::Multipart(form))
    }
}

fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
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
        let expr = if b.media == BodyMedia::Multipart {
            multipart_body(api, b)
        } else if b.required {
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
                p.location.as_str(),
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
    let paginate = paging(api, op).map(|p| emit_paginate(&name, &p));

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

        #paginate

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

/// The method that starts a call: on a group (`client` is `self.client`,
/// the call borrows for `'a`) or on the client itself (`self`, `'_`).
fn group_method(api: &Api, op: &Operation, on_client: bool) -> TokenStream {
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
    if let Some(p) = paging(api, op) {
        doc.para(Some("# Pages"));
        doc.blank();
        let how = if op.paginated && p.offset.is_some() {
            "following `_pagination.next_page`, or advancing `offset`"
        } else if op.paginated {
            "following `_pagination.next_page`"
        } else {
            "advancing `offset` (or following `_pagination.next_page` when the response has one)"
        };
        doc.line(format!(
            "`.into_items()` on the returned call streams the items of every page, {how}; `.into_pages()` streams whole pages with their metadata."
        ));
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
            let body = match &e.ty {
                Some(TypeRef::Named(n)) => {
                    format!(" (body: [`crate::types::{n}`], via `Error::body_json`)")
                }
                _ => String::new(),
            };
            doc.line(if desc.is_empty() {
                format!("- `{status}`{body}")
            } else {
                format!("- `{status}`: {desc}{body}")
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
                    .map(|&i| group_method(api, &api.operations[i], true)),
            );
            continue;
        }
        let methods = g
            .operations
            .iter()
            .map(|&i| group_method(api, &api.operations[i], false));
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
