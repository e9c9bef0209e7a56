//! The example round-trip program (`examples/roundtrip.rs` of a standalone
//! crate, made with `Options::roundtrip`): for every documented example of
//! every operation, a response example must decode into the operation's
//! output type, and a request example must decode into the body type and
//! serialize back to the same JSON (absent optionals and nulls aside). It
//! prints one TSV line per example; `cargo xtask corpus` runs it.

use super::tokens::{ident, rust_type};
use crate::ir::{Api, BodyMedia, Example, ResponseKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn emit_roundtrip(api: &Api, lib_name: &str) -> TokenStream {
    let krate = ident(lib_name);
    let mut calls = Vec::new();
    for op in &api.operations {
        let ty = ident(&op.type_name);
        let id = &op.id;
        let out = quote!(<::#krate::operations::#ty as ::#krate::Operation>::Output);
        let envelope = op.response.kind == ResponseKind::Envelope;
        if matches!(
            op.response.kind,
            ResponseKind::Json | ResponseKind::Envelope | ResponseKind::Text
        ) {
            for (i, ex) in op.response.examples.iter().enumerate() {
                let (json, why) = parts(ex);
                calls.push(
                    quote!(report.response::<#out>(#id, "response", #i, #envelope, #why, #json);),
                );
            }
        }
        for e in &op.errors {
            let Some(ty) = &e.ty else { continue };
            let t = rust_type(ty)
                .to_string()
                .replace("crate ::", &format!(":: {lib_name} ::"));
            let t: TokenStream = t.parse().expect("a type path re-parses");
            for (i, ex) in e.examples.iter().enumerate() {
                let (json, why) = parts(ex);
                calls.push(quote!(report.response::<#t>(#id, "error", #i, false, #why, #json);));
            }
        }
        if let Some(body) = &op.body {
            if matches!(
                body.media,
                BodyMedia::Json | BodyMedia::Form | BodyMedia::Multipart
            ) {
                let t = rust_type(&body.ty)
                    .to_string()
                    .replace("crate ::", &format!(":: {lib_name} ::"));
                let t: TokenStream = t.parse().expect("a type path re-parses");
                for (i, ex) in body.examples.iter().enumerate() {
                    let (json, why) = parts(ex);
                    calls.push(quote!(report.request::<#t>(#id, #i, #why, #json);));
                }
            }
        }
    }
    quote! {
        //! Decodes every documented example of the spec into the generated types.
        //! Output: one line per example, `operation TAB kind TAB index TAB ok|fail TAB contradiction TAB detail`.
        #![allow(clippy::all)]

        #[derive(::serde::Deserialize)]
        struct Envelope<T> {
            data: T,
        }

        /// JSON equality up to absent optionals: keys whose value is null are
        /// dropped on both sides, numbers compare by value, and `[]` equals
        /// `{}` (PHP writes an empty map as `[]`).
        fn same(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
            use ::serde_json::Value;
            match (a, b) {
                (Value::Array(x), Value::Object(y)) | (Value::Object(y), Value::Array(x)) if x.is_empty() => {
                    y.values().all(Value::is_null)
                }
                (Value::Object(x), Value::Object(y)) => {
                    let xs: Vec<_> = x.iter().filter(|(_, v)| !v.is_null()).collect();
                    let ys: Vec<_> = y.iter().filter(|(_, v)| !v.is_null()).collect();
                    xs.len() == ys.len() && xs.iter().all(|(k, v)| y.get(*k).is_some_and(|w| same(v, w)))
                }
                (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
                (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
                _ => a == b,
            }
        }

        #[derive(Default)]
        struct Report {
            lines: Vec<String>,
        }

        impl Report {
            fn line(&mut self, op: &str, kind: &str, index: usize, result: Result<(), String>, why: &str) {
                let (status, detail) = match result {
                    Ok(()) => ("ok", String::new()),
                    Err(e) => ("fail", e.replace(['\t', '\n'], " ")),
                };
                self.lines.push(format!("{op}\t{kind}\t{index}\t{status}\t{}\t{detail}", why.replace(['\t', '\n'], " ")));
            }

            fn response<T: ::serde::de::DeserializeOwned>(&mut self, op: &str, kind: &str, index: usize, envelope: bool, why: &str, json: &str) {
                let result = (|| -> Result<(), String> {
                    let value: ::serde_json::Value = ::serde_json::from_str(json).map_err(|e| e.to_string())?;
                    if envelope {
                        ::#krate::lenient::from_value::<Envelope<T>>(&value).map(drop).map_err(|e| e.to_string())
                    } else {
                        ::#krate::lenient::from_value::<T>(&value).map(drop).map_err(|e| e.to_string())
                    }
                })();
                self.line(op, kind, index, result, why);
            }

            fn request<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(&mut self, op: &str, index: usize, why: &str, json: &str) {
                let result = (|| -> Result<(), String> {
                    let value: ::serde_json::Value = ::serde_json::from_str(json).map_err(|e| e.to_string())?;
                    let typed: T = ::#krate::lenient::from_value(&value).map_err(|e| e.to_string())?;
                    let back = ::serde_json::to_value(&typed).map_err(|e| e.to_string())?;
                    if same(&value, &back) {
                        Ok(())
                    } else {
                        Err(format!("serializes back as {back}"))
                    }
                })();
                self.line(op, "request", index, result, why);
            }
        }

        fn main() {
            let mut report = Report::default();
            #(#calls)*
            for line in &report.lines {
                println!("{line}");
            }
        }
    }
}

fn parts(ex: &Example) -> (Literal, String) {
    (
        Literal::string(&ex.value.to_string()),
        ex.contradiction.clone().unwrap_or_default(),
    )
}
