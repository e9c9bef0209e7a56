//! How the client is built, in `src/generated/mod.rs`: the security schemes
//! as runtime values (`schemes::*`), what the API tells the runtime
//! (`ClientInfo`), `Client::new` and `Client::builder` (which takes the base
//! URL when the spec names no server), and a credential setter per scheme
//! on `ClientBuilder`. All of it as lowering decided (`Api::auth`,
//! `Api::constructor`).

use super::docs::Doc;
use super::tokens::{ident, security};
use crate::ir::{
    Api, ConstructorArg, CredentialSetter, EnvVar, KeyLocation, Scheme, SchemeKind, Takes,
};
use proc_macro2::TokenStream;
use quote::quote;

/// Everything of the client that depends on the API.
pub fn emit_client(api: &Api) -> TokenStream {
    let schemes = schemes(api);
    let info = client_info(api);
    let constructors = constructors(api);
    let setters = setters(api);
    quote! {
        #schemes
        #info
        #constructors
        #setters
    }
}

fn schemes(api: &Api) -> Option<TokenStream> {
    if api.auth.schemes.is_empty() {
        return None;
    }
    let consts = api.auth.schemes.iter().map(scheme_const);
    Some(quote! {
        /// The security schemes the API's operations use, as the runtime reads them.
        pub(crate) mod schemes {
            #(#consts)*
        }
    })
}

fn scheme_const(s: &Scheme) -> TokenStream {
    let mut doc = Doc::new();
    let defined = if s.undefined {
        " (named by the spec's requirements, not defined: read as a bearer token)"
    } else {
        ""
    };
    doc.para(Some(&format!(
        "`{}`{defined}: {}.",
        s.name,
        s.kind.describe()
    )));
    doc.para(s.description.as_deref());
    if s.deprecated {
        doc.para(Some(
            "Deprecated by the spec: sent only where a requirement allows nothing else.",
        ));
    }
    let doc = doc.tokens();
    let name = &s.name;
    let const_name = ident(&s.const_name);
    let kind = match &s.kind {
        SchemeKind::Bearer { .. } => quote!(crate::runtime::SchemeKind::Bearer),
        SchemeKind::Basic => quote!(crate::runtime::SchemeKind::Basic),
        SchemeKind::Http { scheme } => quote!(crate::runtime::SchemeKind::Http(#scheme)),
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                KeyLocation::Header => quote!(Header),
                KeyLocation::Query => quote!(Query),
                KeyLocation::Cookie => quote!(Cookie),
            };
            quote!(crate::runtime::SchemeKind::ApiKey(crate::runtime::KeyIn::#location, #name))
        }
        SchemeKind::OAuth2 {
            client_credentials, ..
        } => {
            let url = match client_credentials {
                Some(flow) => {
                    let url = &flow.token_url;
                    quote!(::std::option::Option::Some(#url))
                }
                None => quote!(::std::option::Option::None),
            };
            quote!(crate::runtime::SchemeKind::OAuth2 { token_url: #url })
        }
        SchemeKind::OpenIdConnect { .. } => quote!(crate::runtime::SchemeKind::OpenIdConnect),
    };
    let names = |v: &Option<EnvVar>| -> Vec<String> {
        v.iter()
            .flat_map(|v| std::iter::once(&v.name).chain(&v.aliases))
            .cloned()
            .collect()
    };
    let parts = [
        ("token", &s.env.token),
        ("username", &s.env.username),
        ("password", &s.env.password),
        ("client_id", &s.env.client_id),
        ("client_secret", &s.env.client_secret),
    ];
    let env = parts.iter().filter(|(_, v)| v.is_some()).map(|(part, v)| {
        let part = ident(part);
        let names = names(v);
        quote!(#part: &[#(#names),*],)
    });
    quote! {
        #doc
        pub(crate) const #const_name: crate::runtime::Scheme = crate::runtime::Scheme {
            name: #name,
            kind: #kind,
            env: crate::runtime::SchemeEnv {
                #(#env)*
                ..crate::runtime::SchemeEnv::NONE
            },
        };
    }
}

fn client_info(api: &Api) -> TokenStream {
    let base = match &api.base_url {
        Some(u) => quote!(::std::option::Option::Some(#u)),
        None => quote!(::std::option::Option::None),
    };
    let base_env = &api.base_url_env;
    let all = api.auth.schemes.iter().map(|s| {
        let c = ident(&s.const_name);
        quote!(&crate::generated::schemes::#c)
    });
    let default = security(&api.auth.default, &api.auth.schemes);
    let required = api.auth.required;
    quote! {
        /// What this API tells the runtime: where requests go, its security
        /// schemes, and where `Client::from_env` finds the base URL.
        impl crate::runtime::ClientInfo for crate::runtime::Client {
            /// Where the client sends requests unless told otherwise (the spec's first server).
            const DEFAULT_BASE_URL: ::std::option::Option<&'static str> = #base;
            /// The environment variable `Client::from_env` reads the base URL from.
            const BASE_URL_ENV: &'static str = #base_env;
            /// The security schemes the operations use.
            const SCHEMES: &'static [&'static crate::runtime::Scheme] = &[#(#all),*];
            /// The spec's global `security`.
            const SECURITY: crate::runtime::Security = #default;
            /// Some operation needs credentials.
            const CREDENTIALS_REQUIRED: bool = #required;
        }
    }
}

/// `Client::new` (when lowering gave it arguments) and `Client::builder`.
fn constructors(api: &Api) -> TokenStream {
    let server = api.base_url.as_deref();
    let (builder_doc, builder) = match server {
        Some(url) => (
            format!("A client built step by step: credentials, base URL (default `{url}`), timeout, retries."),
            quote! {
                pub fn builder() -> crate::runtime::ClientBuilder {
                    crate::runtime::ClientBuilder::new(::std::option::Option::None)
                }
            },
        ),
        None => (
            "A client for the API at `base_url` (the spec names no server), built step by step: credentials, timeout, retries.".to_string(),
            quote! {
                pub fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> crate::runtime::ClientBuilder {
                    crate::runtime::ClientBuilder::new(::std::option::Option::Some(base_url.into()))
                }
            },
        ),
    };
    let new = api.constructor.as_ref().map(|c| {
        let mut params = Vec::new();
        let mut start = quote!(Self::builder());
        let mut setters = Vec::new();
        let mut words = Vec::new();
        for arg in &c.args {
            match arg {
                ConstructorArg::BaseUrl => {
                    params.push(quote!(base_url: impl ::std::convert::Into<::std::string::String>));
                    start = quote!(Self::builder(base_url));
                    words.push("at `base_url`");
                }
                ConstructorArg::Secret { setter, param, .. } => {
                    let (setter, param) = (ident(setter), ident(param));
                    params.push(quote!(#param: impl ::std::convert::Into<::std::string::String>));
                    setters.push(quote!(.#setter(#param)));
                    words.push("with this API key");
                }
            }
        }
        if server.is_none() {
            let doc = format!(
                "A client for the API {} (the spec names no server); a `Config` error for a base URL that is not http(s).",
                words.join(", ")
            );
            let doc = Doc::new().para(Some(&doc)).tokens();
            quote! {
                #doc
                pub fn new(#(#params),*) -> ::std::result::Result<Self, crate::runtime::Error> {
                    #start #(#setters)* .build()
                }
            }
        } else {
            let with = match words.as_slice() {
                [] => "without credentials".to_string(),
                words => words.join(", "),
            };
            let doc = format!(
                "A client {with}, for the spec's server (`{}`).",
                server.unwrap_or_default()
            );
            let allow = params
                .is_empty()
                .then(|| quote!(#[allow(clippy::new_without_default)]));
            let doc = Doc::new().para(Some(&doc)).tokens();
            quote! {
                #doc
                #allow
                pub fn new(#(#params),*) -> Self {
                    #start #(#setters)* .build().expect("the default configuration is valid")
                }
            }
        }
    });
    let builder_doc = Doc::new().para(Some(&builder_doc)).tokens();
    quote! {
        impl crate::runtime::Client {
            #new
            #builder_doc
            #builder
        }
    }
}

/// A credential setter per scheme, on `ClientBuilder`.
fn setters(api: &Api) -> Option<TokenStream> {
    let methods: Vec<TokenStream> = api
        .auth
        .schemes
        .iter()
        .flat_map(|s| {
            s.setters
                .iter()
                .map(move |setter| credential_setter(s, setter))
        })
        .collect();
    (!methods.is_empty()).then(|| {
        quote! {
            impl crate::runtime::ClientBuilder {
                #(#methods)*
            }
        }
    })
}

fn credential_setter(s: &Scheme, setter: &CredentialSetter) -> TokenStream {
    let name = ident(&setter.name);
    let scheme = &s.name;
    let string = quote!(impl ::std::convert::Into<::std::string::String>);
    let (what, vars, params, credential) = match &setter.takes {
        Takes::Secret { param } => {
            let p = ident(param);
            (
                s.kind.describe(),
                vec![&s.env.token],
                quote!(#p: #string),
                quote!(crate::runtime::Credential::token(#p)),
            )
        }
        Takes::UserPassword => (
            s.kind.describe(),
            vec![&s.env.username, &s.env.password],
            quote!(user: #string, password: #string),
            quote!(crate::runtime::Credential::basic(user, password)),
        ),
        Takes::ClientCredentials => (
            "OAuth2 client credentials: the client fetches access tokens with them and refreshes them before they expire".to_string(),
            vec![&s.env.client_id, &s.env.client_secret],
            quote!(credentials: crate::runtime::ClientCredentials),
            quote!(crate::runtime::Credential::client_credentials(credentials)),
        ),
    };
    let vars: Vec<String> = vars.into_iter().flatten().map(EnvVar::describe).collect();
    let mut doc = Doc::new();
    doc.para(Some(&format!("The credential of `{scheme}`: {what}.")));
    if !vars.is_empty() {
        doc.para(Some(&format!(
            "`Client::from_env` reads it from {}.",
            vars.join(" and ")
        )));
    }
    let doc = doc.tokens();
    quote! {
        #doc
        pub fn #name(self, #params) -> Self {
            self.credential(#scheme, #credential)
        }
    }
}
