//! The typed mock (`src/generated/testing.rs`, compiled with the `testing`
//! feature): the runtime's `testing::MockServer` does the work; this file
//! only describes each operation to it (`Mocked`: parameters with their Rust
//! types, body type, documented status and example, paging) and adds the
//! typed stubs in the shape of the client (`mock.{accessor}().{method}()`,
//! matchers named like the call's arguments and setters). Every item is
//! compiled with its group's feature, as the client's are.

use super::docs::Doc;
use super::tokens::{cfg, ident, parse_type, rust_type};
use crate::ir::{
    Api, BodyMedia, Example, Input, InputSource, Operation, PageItems, ParamLocation, QueryStyle,
    TypeKind,
};
use crate::rust::{self, Paths};
use proc_macro2::TokenStream;
use quote::quote;

/// The contents of `src/generated/testing.rs`.
pub fn emit_testing(api: &Api) -> TokenStream {
    let list = api.operations.iter().map(|op| {
        let cfg = cfg(std::slice::from_ref(&api.groups[op.group].feature));
        let ty = ident(&op.type_name);
        quote! {
            #cfg
            operations.push(crate::runtime::testing::MockOperation::of::<crate::operations::#ty>());
        }
    });
    let described = api.operations.iter().map(|op| describe(api, op));
    let matchers = api.operations.iter().map(|op| matchers(api, op));
    let (groups, accessors) = stub_groups(api);
    let webhooks = api.conventions.webhook_signature.is_some().then(|| {
        quote! {
            /// Signed webhook deliveries, to test a receiver.
            pub use crate::runtime::webhooks::{webhook_delivery, WebhookDelivery};
        }
    });
    quote! {
        pub use crate::runtime::testing::*;
        #webhooks

        /// Every operation of the enabled groups, described to the mock.
        impl crate::runtime::testing::MockInfo for crate::runtime::testing::MockServer {
            // One push per operation, each under its group's feature.
            #[allow(unused_mut, clippy::vec_init_then_push)]
            fn operations() -> ::std::vec::Vec<crate::runtime::testing::MockOperation> {
                let mut operations = ::std::vec::Vec::new();
                #(#list)*
                operations
            }
        }

        #(#described)*

        #(#matchers)*

        /// The stubs of each group of operations, reached from
        /// [`MockServer`](crate::runtime::testing::MockServer) as the client's groups are.
        pub mod stubs {
            #(#groups)*
        }

        impl crate::runtime::testing::MockServer {
            #(#accessors)*
        }
    }
}

/// The first example that agrees with its schema, else the first: as JSON text.
fn example_text(examples: &[Example]) -> Option<String> {
    examples
        .iter()
        .find(|e| e.contradiction.is_none())
        .or_else(|| examples.first())
        .map(|e| e.value.to_string())
}

fn option_str(text: Option<String>) -> TokenStream {
    match text {
        Some(t) => {
            let t = raw_str(&t);
            quote!(::std::option::Option::Some(#t))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// A string literal, raw (`r#"…"#`) when that spares escapes: JSON reads
/// as JSON in the generated code.
fn raw_str(text: &str) -> TokenStream {
    if !text.contains('"') && !text.contains('\\') {
        return quote!(#text);
    }
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| quote!(#text))
}

fn style(s: &QueryStyle) -> TokenStream {
    match s {
        QueryStyle::FormExploded => quote!(crate::runtime::QueryStyle::Exploded),
        QueryStyle::FormCsv => quote!(crate::runtime::QueryStyle::Csv),
        QueryStyle::SpaceDelimited => quote!(crate::runtime::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(crate::runtime::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}

fn location(l: ParamLocation) -> TokenStream {
    match l {
        ParamLocation::Path => quote!(crate::runtime::testing::ParamIn::Path),
        ParamLocation::Query => quote!(crate::runtime::testing::ParamIn::Query),
        ParamLocation::QueryString => quote!(crate::runtime::testing::ParamIn::QueryString),
        ParamLocation::Header => quote!(crate::runtime::testing::ParamIn::Header),
        ParamLocation::Cookie => quote!(crate::runtime::testing::ParamIn::Cookie),
    }
}

/// `impl Mocked`: the operation's parameters, body, answer and paging.
fn describe(api: &Api, op: &Operation) -> TokenStream {
    let cfg = cfg(std::slice::from_ref(&api.groups[op.group].feature));
    let ty = ident(&op.type_name);
    let stub = op.call.stub();
    let params = op.params.iter().map(|p| {
        let t = rust_type(&p.ty);
        let wire = &p.wire;
        let loc = location(p.location);
        let required = p.required;
        let style = style(&p.style);
        let example = option_str(p.example.as_ref().map(|e| e.to_string()));
        quote! {
            operation.param::<#t>(#wire, #loc, #required, #style, #example);
        }
    });
    let body = op.body.as_ref().map(|b| {
        let t = rust_type(&b.ty);
        let media = match b.media {
            BodyMedia::Json => quote!(Json),
            BodyMedia::Form => quote!(Form),
            BodyMedia::Multipart => quote!(Multipart),
            BodyMedia::Text => quote!(Text),
            BodyMedia::Bytes => quote!(Bytes),
        };
        let required = b.required;
        let example = option_str(example_text(&b.examples));
        quote! {
            operation.body::<#t>(crate::runtime::testing::BodyMedia::#media, #required, #example);
        }
    });
    let status = proc_macro2::Literal::u16_unsuffixed(op.response.status.unwrap_or(200));
    let example = option_str(example_text(&op.response.examples));
    let pages = op.paging.as_ref().and_then(|p| {
        let offset = p.offset.map(|o| op.params[o.offset].wire.clone())?;
        let items = match &p.items {
            PageItems::Output => None,
            PageItems::Field { name, .. } => item_field_wire(api, op, name),
        };
        let items = option_str(items);
        Some(quote! {
            operation.pages(::std::option::Option::Some(#offset), #items);
        })
    });
    let option_u16 = |s: Option<u16>| match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    };
    let error_bodies = op.errors.iter().filter_map(|e| {
        let sample = raw_str(&e.sample.as_ref()?.to_string());
        let (status, range) = (option_u16(e.status), e.range);
        Some(quote!(operation.error_body(#status, #range, #sample);))
    });
    let validation = op.validation.map(|i| {
        let e = &op.errors[i];
        let (status, range) = (option_u16(e.status), e.range);
        quote!(operation.validation(#status, #range);)
    });
    quote! {
        #cfg
        impl crate::runtime::testing::Mocked for crate::operations::#ty {
            fn describe(operation: &mut crate::runtime::testing::MockOperation) {
                operation.stub(#stub);
                #(#params)*
                #body
                operation.answer(#status, #example);
                #pages
                #(#error_bodies)*
                #validation
            }
        }
    }
}

/// The wire name of the output struct's field `name` (the page's items).
fn item_field_wire(api: &Api, op: &Operation, name: &str) -> Option<String> {
    let TypeKind::Struct { fields, .. } = api.kind_of(api.resolve(&op.response.ty))? else {
        return None;
    };
    fields
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.wire.clone())
}

/// The matchers of `op`'s stub: one per argument and setter of its call.
fn matchers(api: &Api, op: &Operation) -> TokenStream {
    let cfg = cfg(std::slice::from_ref(&api.groups[op.group].feature));
    let ty = ident(&op.type_name);
    let inputs: Vec<&Input> = op.call.args.iter().chain(&op.call.setters).collect();
    if inputs.is_empty() {
        return TokenStream::new();
    }
    let methods = inputs.iter().map(|i| {
        let name = ident(&i.name);
        let t = parse_type(&rust::input(i, Paths::Qualified));
        let value = if i.into_string {
            quote!(&::std::convert::Into::<::std::string::String>::into(value))
        } else {
            quote!(&value)
        };
        match i.source {
            InputSource::Param(index) => {
                let p = &op.params[index];
                let wire = &p.wire;
                let loc = location(p.location);
                let style = style(&p.style);
                let text = format!(
                    " Only requests whose {} parameter `{}` is `value` (as the client sends it).",
                    p.location.as_str(),
                    p.wire
                );
                quote! {
                    #[doc = #text]
                    pub fn #name(self, value: #t) -> Self {
                        self.matching(#loc, #wire, #style, #value)
                    }
                }
            }
            InputSource::Body => quote! {
                /// Only requests whose body is `value` (compared as the body type reads it).
                pub fn #name(self, value: #t) -> Self {
                    self.matching_body(#value)
                }
            },
        }
    });
    quote! {
        #cfg
        impl crate::runtime::testing::Stub<'_, crate::operations::#ty> {
            #(#methods)*
        }
    }
}

/// The stub groups (`stubs::SmartLinks`) and the accessors on the mock
/// (`mock.smart_links()`, and the operations without a tag).
fn stub_groups(api: &Api) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut groups = Vec::new();
    let mut accessors = Vec::new();
    for g in &api.groups {
        let cfg = cfg(std::slice::from_ref(&g.feature));
        let methods = g.operations.iter().map(|&i| {
            let op = &api.operations[i];
            let method = ident(&op.call.method);
            let ty = ident(&op.type_name);
            let mut doc = Doc::new();
            doc.para(Some(&format!(
                "Stub `{}`: `{} {}` (operation `{}`).",
                op.call.display(),
                op.method.as_str(),
                op.path,
                op.id
            )));
            let doc = doc.tokens();
            (method, ty, doc)
        });
        if g.tag.is_empty() {
            accessors.extend(methods.map(|(method, ty, doc)| {
                quote! {
                    #doc
                    #cfg
                    pub fn #method(&self) -> crate::runtime::testing::Stub<'_, crate::operations::#ty> {
                        crate::runtime::testing::Stub::new(self)
                    }
                }
            }));
            continue;
        }
        let name = ident(&g.type_name);
        let accessor = ident(&g.accessor);
        let methods = methods.map(|(method, ty, doc)| {
            quote! {
                #doc
                pub fn #method(&self) -> crate::runtime::testing::Stub<'m, crate::operations::#ty> {
                    crate::runtime::testing::Stub::new(self.mock)
                }
            }
        });
        let type_doc = format!(" Stubs of the operations tagged \"{}\".", g.tag);
        groups.push(quote! {
            #[doc = #type_doc]
            #cfg
            #[derive(Debug, Clone, Copy)]
            pub struct #name<'m> {
                pub(crate) mock: &'m crate::runtime::testing::MockServer,
            }

            #cfg
            impl<'m> #name<'m> {
                #(#methods)*
            }
        });
        let accessor_doc = format!(" Stubs of the {} operations.", g.tag);
        accessors.push(quote! {
            #[doc = #accessor_doc]
            #cfg
            pub fn #accessor(&self) -> stubs::#name<'_> {
                stubs::#name { mock: self }
            }
        });
    }
    (groups, accessors)
}
