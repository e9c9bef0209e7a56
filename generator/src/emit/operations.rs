//! Operations: one struct per operation implementing `crate::runtime::Operation`,
//! setters for optional parameters on `Call`, and the tag groups on `Client`.

use super::docs::{example_text, Doc};
use super::tokens::{cfg, ident, parse_type, rust_type, security};
use crate::ir::{
    Api, Body, BodyMedia, Group, Input, InputSource, IntFormat, Operation, PageItems, Paging,
    Param, ParamLocation, PartSource, PathPart, QueryStyle, ResponseKind, TypeRef,
};
use crate::rust::{self, Paths};
use proc_macro2::TokenStream;
use quote::quote;

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
    if let Some(header) = &op.idempotency_header {
        doc.para(Some(&format!(
            "Every call sends an idempotency key in `{header}` (the one given, else a random one), the same on every attempt, so it is retried like an idempotent request."
        )));
    }
    doc
}

fn param_doc_line(p: &Param) -> String {
    let mut s = format!("- `{}`", p.name);
    if p.location == ParamLocation::QueryString {
        s.push_str(" (the whole query string, its fields form-encoded)");
    } else if p.wire != p.name {
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

/// How a call takes an argument or setter value, and whether it is
/// converted with `.into()`.
fn input_type(i: &Input) -> (TokenStream, bool) {
    (parse_type(&rust::input(i, Paths::Qualified)), i.into_string)
}

pub fn emit_operations(api: &Api) -> TokenStream {
    let shapes = super::errors::shapes(api);
    let items = api.operations.iter().map(|op| {
        emit_operation(
            api,
            op,
            &shapes,
            &cfg(&[api.groups[op.group].feature.clone()]),
        )
    });
    let consts = super::errors::shape_consts(&shapes);
    quote! {
        #consts
        #(#items)*
    }
}

/// `impl Paginate` for a paged operation.
fn emit_paginate(name: &proc_macro2::Ident, op: &Operation, paging: &Paging) -> TokenStream {
    let item = rust_type(&paging.item);
    let (items, into_items) = match &paging.items {
        PageItems::Output => (quote!(page), quote!(page)),
        PageItems::Field {
            name,
            optional,
            three_state,
        } => {
            let f = ident(name);
            if *three_state {
                (
                    quote!(page.#f.value().map(::std::vec::Vec::as_slice).unwrap_or_default()),
                    quote!(page.#f.into_value().unwrap_or_default()),
                )
            } else if *optional {
                (
                    quote!(page.#f.as_deref().unwrap_or_default()),
                    quote!(page.#f.unwrap_or_default()),
                )
            } else {
                (quote!(&page.#f), quote!(page.#f))
            }
        }
    };
    let offset_fns = paging.offset.map(|o| {
        let (limit, offset) = (&op.params[o.limit], &op.params[o.offset]);
        let (l, off) = (ident(&limit.name), ident(&offset.name));
        // The runtime pages with i64; parameters of another integer type convert.
        let format = |p: &Param| match p.ty {
            TypeRef::Integer(f) => f,
            _ => IntFormat::I64,
        };
        let get = |p: &Param, n: &proc_macro2::Ident| {
            let value = if p.required {
                quote!(::std::option::Option::Some(self.#n))
            } else {
                quote!(self.#n)
            };
            match format(p) {
                IntFormat::I64 => value,
                IntFormat::U64 => quote!(#value.and_then(|v| i64::try_from(v).ok())),
                _ => quote!(#value.map(i64::from)),
            }
        };
        let (get_l, get_o) = (get(limit, &l), get(offset, &off));
        let converted = if format(offset) == IntFormat::I64 {
            quote!(offset)
        } else {
            quote! {
                match ::std::convert::TryFrom::try_from(offset) {
                    ::std::result::Result::Ok(v) => v,
                    ::std::result::Result::Err(_) => return false,
                }
            }
        };
        let set_o = if offset.required {
            quote!(self.#off = #converted;)
        } else {
            quote!(self.#off = ::std::option::Option::Some(#converted);)
        };
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

/// `body()` for a multipart body: part by part when the fields are known,
/// so that files become file parts; else every field as text.
fn multipart_body(b: &Body) -> TokenStream {
    let Some(parts) = &b.parts else {
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
    if parts.is_empty() {
        let ignore = (!b.required).then(|| quote!(let _ = &self.body;));
        return quote! {
            #ignore
            ::std::result::Result::Ok(crate::runtime::RequestBody::Multipart(crate::runtime::Multipart::new()))
        };
    }
    let bind = if b.required {
        quote!(let body = &self.body;)
    } else {
        quote! {
            let ::std::option::Option::Some(body) = &self.body else {
                return ::std::result::Result::Ok(crate::runtime::RequestBody::Empty);
            };
        }
    };
    let parts = parts.iter().map(|part| {
        let add = if part.file {
            quote!(file)
        } else {
            quote!(text)
        };
        match &part.source {
            PartSource::Field { name, wire } => {
                let n = ident(name);
                quote!(form.#add(#wire, &body.#n);)
            }
            PartSource::Additional => quote! {
                for (name, value) in crate::runtime::object::others(body, &body.additional_properties) {
                    form.#add(name, value);
                }
            },
        }
    });
    quote! {
        #bind
        let mut form = crate::runtime::Multipart::new();
        #(#parts)*
        ::std::result::Result::Ok(crate::runtime::RequestBody::Multipart(form))
    }
}

/// One operation: its struct, its `Operation` impl, its paging and its setters.
/// One operation: its struct, its `Operation` impl, its paging and its
/// setters, each compiled with its group's feature (`cfg`).
fn emit_operation(
    api: &Api,
    op: &Operation,
    shapes: &[&crate::ir::ErrorShape],
    cfg: &TokenStream,
) -> TokenStream {
    let name = ident(&op.type_name);
    let def = op_struct(op, &name);
    let imp = impl_operation(api, op, shapes, &name);
    let streaming = impl_streaming(op, &name).map(|s| quote!(#cfg #s));
    let paginate = op
        .paging
        .as_ref()
        .map(|p| emit_paginate(&name, op, p))
        .map(|p| quote!(#cfg #p));
    let setters: Vec<TokenStream> = op.call.setters.iter().map(|s| setter(op, s)).collect();
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            #cfg
            impl crate::runtime::Call<'_, #name> {
                #(#setters)*
            }
        }
    });
    quote! {
        #cfg
        #def

        #cfg
        #imp

        #streaming

        #paginate

        #setters
    }
}

/// The operation's struct: a field per parameter, then the body.
fn op_struct(op: &Operation, name: &proc_macro2::Ident) -> TokenStream {
    let mut doc = op_doc(op);
    doc.para(Some("Build it with the method on its group of [`crate::runtime::Client`], or fill the fields and pass it to [`crate::runtime::Client::call`]."));
    let doc = doc.tokens();
    let field = |d: TokenStream, n: proc_macro2::Ident, t: TokenStream, required: bool| {
        if required {
            quote! { #d pub #n: #t, }
        } else {
            quote! { #d pub #n: ::std::option::Option<#t>, }
        }
    };
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            field(
                param_doc(p, None),
                ident(&p.name),
                rust_type(&p.ty),
                p.required,
            )
        })
        .collect();
    if let Some(b) = &op.body {
        let mut d = Doc::new();
        d.para(Some(
            b.description.as_deref().unwrap_or("The request body."),
        ));
        fields.push(field(
            d.tokens(),
            ident("body"),
            rust_type(&b.ty),
            b.required,
        ));
    }
    let def = if fields.is_empty() {
        quote!(pub struct #name;)
    } else {
        quote!(pub struct #name { #(#fields)* })
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #def
    }
}

/// `impl Operation`: what the runtime needs to send it and read the answer.
fn impl_operation(
    api: &Api,
    op: &Operation,
    shapes: &[&crate::ir::ErrorShape],
    name: &proc_macro2::Ident,
) -> TokenStream {
    let security = security(&op.security, &api.auth.schemes);
    let output = parse_type(&rust::output(&op.call.output, Paths::Qualified));
    let id = &op.id;
    let path_template = &op.path;
    let method = op.method.as_str();
    let response_kind = kind_tokens(op.response.kind);
    let paginated = op.paginated.then(|| {
        quote!(
            const PAGINATED: bool = true;
        )
    });
    let path_body = path_body(op);
    let query_fn = query_fn(op);
    let headers_fn = headers_fn(op);
    let body_fn = op.body.as_ref().map(body_fn);
    let idempotency = op.idempotency_header.as_ref().map(|header| {
        quote!(
            const IDEMPOTENCY_HEADER: ::std::option::Option<&'static str> = ::std::option::Option::Some(#header);
        )
    });
    let errors = super::errors::operation_items(shapes, op);
    quote! {
        impl crate::runtime::Operation for #name {
            type Output = #output;
            #errors
            const ID: &'static str = #id;
            const METHOD: &'static str = #method;
            const PATH: &'static str = #path_template;
            const RESPONSE: crate::runtime::ResponseKind = crate::runtime::ResponseKind::#response_kind;
            #paginated
            const SECURITY: crate::runtime::Security = #security;
            #idempotency

            fn path(&self) -> ::std::string::String {
                #path_body
            }
            #query_fn
            #headers_fn
            #body_fn
        }
    }
}

/// The `runtime::ResponseKind` variant of `kind`.
fn kind_tokens(kind: ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json => quote!(Json),
        ResponseKind::Envelope => quote!(Envelope),
        ResponseKind::Empty => quote!(Empty),
        ResponseKind::Text => quote!(Text),
        ResponseKind::Bytes => quote!(Bytes),
        ResponseKind::Events => quote!(Events),
        ResponseKind::EventObjects => quote!(EventObjects),
        ResponseKind::JsonLines => quote!(JsonLines),
        ResponseKind::JsonSeq => quote!(JsonSeq),
    }
}

/// `impl Streaming`, when the success response has a second media type
/// that streams (reached with `.streamed()`).
fn impl_streaming(op: &Operation, name: &proc_macro2::Ident) -> Option<TokenStream> {
    let stream = op.response.stream.as_ref().filter(|s| !s.primary)?;
    let output = parse_type(&rust::output(op.call.streamed.as_ref()?, Paths::Qualified));
    let kind = kind_tokens(stream.kind);
    let media = &stream.media;
    Some(quote! {
        impl crate::runtime::Streaming for #name {
            type Stream = #output;
            const STREAM: crate::runtime::ResponseKind = crate::runtime::ResponseKind::#kind;
            const MEDIA: &'static str = #media;
        }
    })
}

/// The statements of `path()`: literal text and percent-encoded parameters.
fn path_body(op: &Operation) -> TokenStream {
    let pushes = op.path_parts.iter().map(|part| match part {
        // One character is a `char` (clippy's `single_char_add_str`).
        PathPart::Literal(l) if l.chars().count() == 1 => {
            let c = l.chars().next().expect("one character");
            quote!(path.push(#c);)
        }
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
}

/// `query()`, when the operation has query parameters (or the whole
/// query string as one, form-encoded).
fn query_fn(op: &Operation) -> Option<TokenStream> {
    let pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| {
            matches!(
                p.location,
                ParamLocation::Query | ParamLocation::QueryString
            )
        })
        .map(|p| {
            let n = ident(&p.name);
            if p.location == ParamLocation::QueryString {
                return quote!(query.push_form(&self.#n););
            }
            let wire = &p.wire;
            let style = match p.style {
                QueryStyle::FormExploded => quote!(Exploded),
                QueryStyle::FormCsv => quote!(Csv),
                QueryStyle::SpaceDelimited => quote!(SpaceDelimited),
                QueryStyle::PipeDelimited => quote!(PipeDelimited),
                QueryStyle::DeepObject => quote!(DeepObject),
            };
            quote!(query.push(#wire, &self.#n, crate::runtime::QueryStyle::#style);)
        })
        .collect();
    (!pushes.is_empty()).then(|| {
        quote! {
            fn query(&self, query: &mut crate::runtime::Query) {
                #(#pushes)*
            }
        }
    })
}

/// `headers()`, when the operation has header parameters or streams (its
/// media type as `Accept`).
fn headers_fn(op: &Operation) -> Option<TokenStream> {
    let mut pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            quote!(headers.push(#wire, &self.#n);)
        })
        .collect();
    if let Some(stream) = op.response.stream.as_ref().filter(|s| s.primary) {
        let media = &stream.media;
        pushes.push(quote!(headers.push("accept", #media);));
    }
    (!pushes.is_empty()).then(|| {
        quote! {
            fn headers(&self, headers: &mut crate::runtime::Headers) {
                #(#pushes)*
            }
        }
    })
}

/// `body()`: the body encoded as its media type says.
fn body_fn(b: &Body) -> TokenStream {
    let ctor = match b.media {
        BodyMedia::Json => quote!(json),
        BodyMedia::Form => quote!(form),
        BodyMedia::Multipart => quote!(multipart),
        BodyMedia::Text => quote!(text),
        BodyMedia::Bytes => quote!(bytes),
    };
    let expr = if b.media == BodyMedia::Multipart {
        multipart_body(b)
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
}

/// A setter on `Call<'_, Op>`: an optional parameter, or an optional body.
fn setter(op: &Operation, s: &Input) -> TokenStream {
    let n = ident(&s.name);
    let (t, into) = input_type(s);
    let d = match s.source {
        InputSource::Param(i) => {
            let p = &op.params[i];
            let lead = format!(
                "Sets the optional {} parameter `{}`.",
                p.location.as_str(),
                p.wire
            );
            param_doc(p, Some(&lead))
        }
        InputSource::Body => {
            quote!(#[doc = " Sets the request body (optional for this operation)."])
        }
    };
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
    let doc = method_doc(api, op).tokens();
    let method = ident(&op.call.method);
    let ty = ident(&op.type_name);
    let params = op.call.args.iter().map(|a| {
        let n = ident(&a.name);
        let (t, _) = input_type(a);
        quote!(#n: #t)
    });
    // Arguments, then the parameters left to setters, then the body.
    let (body, params_in): (Vec<_>, Vec<_>) = op
        .call
        .args
        .iter()
        .map(|a| (a, true))
        .chain(op.call.setters.iter().map(|s| (s, false)))
        .partition(|(i, _)| i.source == InputSource::Body);
    let inits: Vec<TokenStream> = params_in
        .into_iter()
        .chain(body)
        .map(|(i, is_arg)| {
            let n = ident(&i.name);
            match (is_arg, i.into_string) {
                (true, true) => quote!(#n: #n.into()),
                (true, false) => quote!(#n),
                (false, _) => quote!(#n: ::std::option::Option::None),
            }
        })
        .collect();
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

/// The `# Items` section of a method's doc: what each item of a
/// sequential body is, and how it streams.
fn items_doc(op: &Operation, doc: &mut Doc) {
    let Some(item) = &op.response.item else {
        return;
    };
    let ty = match item {
        TypeRef::Named(n) => format!("[`crate::types::{n}`]"),
        other => format!("`{}`", rust::type_ref(other, Paths::Short)),
    };
    doc.para(Some("# Items"));
    doc.blank();
    let what = match op.response.stream.as_ref().map(|s| s.kind) {
        Some(ResponseKind::Events) => format!("server-sent events whose data is a {ty}"),
        Some(ResponseKind::EventObjects) => format!("server-sent events, each a {ty}"),
        _ => format!("items, each a {ty}"),
    };
    doc.line(match &op.response.stream {
        Some(s) if s.primary => format!(
            "The response is a stream of {what} (`{}`), each read as it arrives.{}",
            s.media,
            if matches!(s.kind, ResponseKind::Events | ResponseKind::EventObjects) {
                " `.reconnecting(n)` instead of `.await` reconnects up to `n` times, resuming after the last event id (`Last-Event-ID`)."
            } else {
                ""
            }
        ),
        Some(s) => format!(
            "`.streamed()` on the returned call asks for `{}` instead: a stream of {what}, each read as it arrives (the request must ask for the stream as the API says).",
            s.media
        ),
        None => format!(
            "The response is a sequence of items, each a {ty}; it is returned whole."
        ),
    });
}

/// The doc of a group method: the operation, its arguments and optional
/// parameters, how it pages, and the errors the spec documents.
fn method_doc(api: &Api, op: &Operation) -> Doc {
    let mut doc = op_doc(op);
    if op.security != api.auth.default {
        doc.para(Some(&format!(
            "Authentication: {}.",
            op.security.describe(&api.auth.schemes)
        )));
    }
    let param_line = |i: &Input| match i.source {
        InputSource::Param(p) => Some(param_doc_line(&op.params[p])),
        InputSource::Body => None,
    };
    if !op.call.args.is_empty() {
        doc.para(Some("# Arguments"));
        doc.blank();
        for a in &op.call.args {
            doc.line(param_line(a).unwrap_or_else(|| "- `body`: the request body".into()));
        }
    }
    let optional: Vec<String> = op.call.setters.iter().filter_map(param_line).collect();
    if !optional.is_empty() {
        doc.para(Some("# Optional parameters"));
        doc.blank();
        doc.line("Set on the returned call before awaiting it:");
        doc.blank();
        for line in optional {
            doc.line(line);
        }
    }
    if let Some(p) = &op.paging {
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
    items_doc(op, &mut doc);
    if !op.errors.is_empty() {
        doc.para(Some("# Errors"));
        doc.blank();
        doc.line(match &op.error_access {
            crate::ir::ErrorAccess::None => "Besides transport errors, the spec documents:".to_string(),
            crate::ir::ErrorAccess::Single { .. } => "Besides transport errors, the spec documents these; `Error::documented()` on the returned error reads the body:".to_string(),
            crate::ir::ErrorAccess::ByStatus { name, .. } => format!("Besides transport errors, the spec documents these; `Error::documented()` on the returned error reads the body as a [`crate::errors::{name}`]:"),
        });
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
                Some(TypeRef::Named(n)) => format!(" (body: [`crate::types::{n}`])"),
                _ => String::new(),
            };
            doc.line(if desc.is_empty() {
                format!("- `{status}`{body}")
            } else {
                format!("- `{status}`: {desc}{body}")
            });
        }
    }
    doc
}

pub fn emit_groups(api: &Api) -> TokenStream {
    let mut items = Vec::new();
    let mut accessors = Vec::new();
    let mut on_client = Vec::new();
    for g in &api.groups {
        let cfg = cfg(std::slice::from_ref(&g.feature));
        if g.tag.is_empty() {
            // Untagged operations live directly on the client.
            on_client.extend(g.operations.iter().map(|&i| {
                let m = group_method(api, &api.operations[i], true);
                quote!(#cfg #m)
            }));
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
            #cfg
            #[derive(Debug, Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) client: &'a crate::runtime::Client,
            }

            #cfg
            impl<'a> #name<'a> {
                #(#methods)*
            }
        });
        let acc_doc = group_accessor_doc(g);
        accessors.push(quote! {
            #acc_doc
            #cfg
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
