//! How requests authenticate, decided once: the security schemes the
//! requirements in effect name (each with its Rust-facing names: the
//! constant describing it, the client builder's setters, the environment
//! variables of its credential), every operation's requirement (its own
//! `security`, else the global one; `security: []` is none), and
//! `Client::new`'s arguments.
//!
//! Naming: an API with one scheme gets setters named by what the credential
//! is (`api_key`, `basic_auth`, `access_token` and `client_credentials`)
//! and the crate's variables (`<CRATE>_KEY`, `<CRATE>_USERNAME`, …); with
//! several, each is named after its scheme (`petstore_auth`,
//! `<CRATE>_PETSTORE_AUTH`).

use super::resolve;
use crate::ident::{self, Scope};
use crate::ir::{
    Auth, Constructor, ConstructorArg, CredentialSetter, EnvVar, KeyLocation, Scheme, SchemeEnv,
    SchemeKind, SchemeUse, Security, Takes, TokenFlow,
};
use crate::pointer;
use crate::reserved::BUILDER_RESERVED;
use crate::rules::{Rule, Warning};
use openapiv3::{OpenAPI, SecurityRequirement};

/// An operation's own `security` (`None`: it states none) and where the
/// operation is.
pub struct Stated {
    pub security: Option<Vec<SecurityRequirement>>,
    pub at: String,
}

/// The API's authentication and each operation's requirement, in the
/// order of `ops`. `prefix` starts every environment variable (`ONLYFANS_API`).
pub fn lower(
    doc: &OpenAPI,
    ops: &[Stated],
    prefix: &str,
    warnings: &mut Vec<Warning>,
) -> (Auth, Vec<Security>) {
    let global = doc.security.as_deref();
    warn_undefined(doc, global, ops, warnings);
    // The requirements in effect: each operation's, or the global one when
    // there is no operation at all.
    let effective: Vec<&[SecurityRequirement]> = if ops.is_empty() {
        global.into_iter().collect()
    } else {
        ops.iter()
            .map(|o| o.security.as_deref().or(global).unwrap_or_default())
            .collect()
    };
    let mut schemes = schemes(doc, &effective);
    name(&mut schemes, prefix);
    let requirement =
        |list: Option<&[SecurityRequirement]>| security(list.unwrap_or_default(), &schemes);
    let default = requirement(global);
    let per_op: Vec<Security> = ops
        .iter()
        .map(|o| requirement(o.security.as_deref().or(global)))
        .collect();
    let needs = |s: &Security| !s.is_none() && s.alternatives.iter().all(|a| !a.is_empty());
    let required = if ops.is_empty() {
        needs(&default)
    } else {
        per_op.iter().any(needs)
    };
    let auth = Auth {
        schemes,
        default,
        required,
    };
    (auth, per_op)
}

/// A warning for every scheme a requirement names that the spec does not
/// define, at its first mention.
fn warn_undefined(
    doc: &OpenAPI,
    global: Option<&[SecurityRequirement]>,
    ops: &[Stated],
    warnings: &mut Vec<Warning>,
) {
    let mut warned: Vec<&str> = Vec::new();
    let lists = std::iter::once(("", global))
        .chain(ops.iter().map(|o| (o.at.as_str(), o.security.as_deref())));
    for (at, list) in lists {
        for (i, requirement) in list.unwrap_or_default().iter().enumerate() {
            for name in requirement.keys() {
                if defined(doc, name).is_some() || warned.contains(&name.as_str()) {
                    continue;
                }
                warned.push(name);
                warnings.push(Warning {
                    rule: Rule::UndefinedSecurityScheme,
                    pointer: format!("{at}{}", pointer::join(&["security", &i.to_string(), name])),
                    message: format!("security scheme `{name}` is not defined in components.securitySchemes; using a bearer token"),
                });
            }
        }
    }
}

fn defined<'a>(doc: &'a OpenAPI, name: &str) -> Option<&'a openapiv3::SecurityScheme> {
    let item = doc.components.as_ref()?.security_schemes.get(name)?;
    resolve::resolve(doc, item)
}

/// The schemes the requirements name: the defined ones in the order the
/// spec defines them, then the undefined ones in the order they are named.
fn schemes(doc: &OpenAPI, effective: &[&[SecurityRequirement]]) -> Vec<Scheme> {
    let named: Vec<&String> = effective
        .iter()
        .flat_map(|list| list.iter())
        .flat_map(|r| r.keys())
        .collect();
    let mut out = Vec::new();
    for name in doc
        .components
        .iter()
        .flat_map(|c| c.security_schemes.keys())
    {
        if let (true, Some(s)) = (named.contains(&name), defined(doc, name)) {
            out.push(scheme(name, Some(s)));
        }
    }
    for name in named {
        if !out.iter().any(|s| s.name == *name) {
            out.push(scheme(name, None));
        }
    }
    out
}

/// A scheme as the spec defines it (`None`: not defined, read as a bearer
/// token); named later.
fn scheme(name: &str, defined: Option<&openapiv3::SecurityScheme>) -> Scheme {
    use openapiv3::SecurityScheme as S;
    let text = |d: &Option<String>| d.clone().filter(|d| !d.trim().is_empty());
    let (kind, description) = match defined {
        None => (SchemeKind::Bearer { format: None }, None),
        Some(S::HTTP {
            scheme,
            bearer_format,
            description,
            ..
        }) => {
            let kind = match scheme.to_ascii_lowercase().as_str() {
                "bearer" => SchemeKind::Bearer {
                    format: bearer_format.clone(),
                },
                "basic" => SchemeKind::Basic,
                _ => SchemeKind::Http {
                    scheme: scheme.clone(),
                },
            };
            (kind, text(description))
        }
        Some(S::APIKey {
            location,
            name,
            description,
            ..
        }) => {
            let location = match location {
                openapiv3::APIKeyLocation::Header => KeyLocation::Header,
                openapiv3::APIKeyLocation::Query => KeyLocation::Query,
                openapiv3::APIKeyLocation::Cookie => KeyLocation::Cookie,
            };
            let name = name.clone();
            (SchemeKind::ApiKey { location, name }, text(description))
        }
        Some(S::OAuth2 {
            flows, description, ..
        }) => (oauth2(flows), text(description)),
        Some(S::OpenIDConnect {
            open_id_connect_url,
            description,
            ..
        }) => {
            let url = open_id_connect_url.clone();
            (SchemeKind::OpenIdConnect { url }, text(description))
        }
    };
    Scheme {
        name: name.to_string(),
        const_name: String::new(),
        description,
        kind,
        undefined: defined.is_none(),
        deprecated: defined.is_some_and(is_deprecated),
        setters: Vec::new(),
        env: SchemeEnv::default(),
    }
}

/// Whether the spec deprecates the scheme (3.2's `deprecated`, kept as an
/// extension by the upgrade).
fn is_deprecated(scheme: &openapiv3::SecurityScheme) -> bool {
    use openapiv3::SecurityScheme as S;
    let (S::APIKey { extensions, .. }
    | S::HTTP { extensions, .. }
    | S::OAuth2 { extensions, .. }
    | S::OpenIDConnect { extensions, .. }) = scheme;
    crate::extensions::is_deprecated(extensions)
}

fn oauth2(flows: &openapiv3::OAuth2Flows) -> SchemeKind {
    let declared = [
        ("implicit", flows.implicit.is_some()),
        ("password", flows.password.is_some()),
        ("clientCredentials", flows.client_credentials.is_some()),
        ("authorizationCode", flows.authorization_code.is_some()),
    ];
    SchemeKind::OAuth2 {
        client_credentials: flows.client_credentials.as_ref().map(|f| TokenFlow {
            token_url: f.token_url.clone(),
            scopes: f.scopes.keys().cloned().collect(),
        }),
        flows: declared
            .iter()
            .filter(|(_, on)| *on)
            .map(|(n, _)| n.to_string())
            .collect(),
    }
}

/// The constants, setters and variables of every scheme.
fn name(schemes: &mut [Scheme], prefix: &str) {
    let single = schemes.len() == 1;
    let mut consts = Scope::new();
    let mut setters = Scope::new();
    setters.reserve(BUILDER_RESERVED);
    let mut vars = Scope::new();
    vars.reserve(&[&format!("{prefix}_BASE_URL")]);
    for s in schemes.iter_mut() {
        let snake = ident::snake(&s.name, "scheme");
        s.const_name = consts.claim(&snake.to_ascii_uppercase(), "_");
        // The word a setter and a variable start with: the scheme's name,
        // or nothing for the one scheme (its setters say what they take).
        let base = (!single).then(|| snake.clone());
        let var = |vars: &mut Scope, part: &str| {
            let words: Vec<&str> = [Some(prefix), base.as_deref(), Some(part)]
                .into_iter()
                .flatten()
                .filter(|w| !w.is_empty())
                .collect();
            EnvVar {
                name: vars.claim(&words.join("_").to_ascii_uppercase(), "_"),
                aliases: Vec::new(),
            }
        };
        let setter = |setters: &mut Scope, single_name: &str, suffix: &str, takes: Takes| {
            let wanted = match &base {
                None => single_name.to_string(),
                Some(b) if suffix.is_empty() => b.clone(),
                Some(b) => format!("{b}_{suffix}"),
            };
            CredentialSetter {
                name: setters.claim(&wanted, "_"),
                takes,
            }
        };
        let secret = |param: &str| Takes::Secret {
            param: param.into(),
        };
        match &s.kind {
            SchemeKind::Basic => {
                s.setters = vec![setter(&mut setters, "basic_auth", "", Takes::UserPassword)];
                s.env.username = Some(var(&mut vars, "USERNAME"));
                s.env.password = Some(var(&mut vars, "PASSWORD"));
            }
            SchemeKind::OAuth2 {
                client_credentials, ..
            } => {
                s.setters = vec![setter(&mut setters, "access_token", "", secret("token"))];
                s.env.token = Some(var(&mut vars, if single { "ACCESS_TOKEN" } else { "" }));
                if client_credentials.is_some() {
                    let cc = Takes::ClientCredentials;
                    s.setters.push(setter(
                        &mut setters,
                        "client_credentials",
                        "client_credentials",
                        cc,
                    ));
                    s.env.client_id = Some(var(&mut vars, "CLIENT_ID"));
                    s.env.client_secret = Some(var(&mut vars, "CLIENT_SECRET"));
                }
            }
            SchemeKind::OpenIdConnect { .. } => {
                s.setters = vec![setter(&mut setters, "access_token", "", secret("token"))];
                s.env.token = Some(var(&mut vars, if single { "ACCESS_TOKEN" } else { "" }));
            }
            kind => {
                let param = if matches!(kind, SchemeKind::ApiKey { .. }) || single {
                    "key"
                } else {
                    "token"
                };
                s.setters = vec![setter(&mut setters, "api_key", "", secret(param))];
                s.env.token = Some(var(&mut vars, if single { "KEY" } else { "" }));
            }
        }
    }
}

/// A list of requirements as alternatives of scheme indices: each
/// alternative once; those needing a deprecated scheme after the others (a
/// deprecated scheme is used only when nothing else is allowed), one
/// needing nothing last.
fn security(list: &[SecurityRequirement], schemes: &[Scheme]) -> Security {
    let mut alternatives: Vec<Vec<SchemeUse>> = Vec::new();
    for requirement in list {
        let alternative: Vec<SchemeUse> = requirement
            .iter()
            .filter_map(|(name, scopes)| {
                Some(SchemeUse {
                    scheme: schemes.iter().position(|s| s.name == *name)?,
                    scopes: scopes.clone(),
                })
            })
            .collect();
        if !alternatives.contains(&alternative) {
            alternatives.push(alternative);
        }
    }
    let deprecated = |a: &[SchemeUse]| a.iter().any(|u| schemes[u.scheme].deprecated);
    alternatives.sort_by_key(|a| (a.is_empty(), deprecated(a)));
    Security { alternatives }
}

/// `Client::new`'s arguments: the base URL when the spec names no server,
/// then the secret of the API's one scheme when it takes one secret (an
/// API key, a bearer or other HTTP token); no `new` for other credentials.
pub fn constructor(auth: &Auth, base_url_required: bool) -> Option<Constructor> {
    let mut args = Vec::new();
    if base_url_required {
        args.push(ConstructorArg::BaseUrl);
    }
    match auth.schemes.as_slice() {
        [] => {}
        [only] => {
            let keyed = matches!(
                only.kind,
                SchemeKind::ApiKey { .. } | SchemeKind::Bearer { .. } | SchemeKind::Http { .. }
            );
            let (true, [setter]) = (keyed, only.setters.as_slice()) else {
                return None;
            };
            if !matches!(setter.takes, Takes::Secret { .. }) {
                return None;
            }
            // `Client::new(api_key)`: the parameter is named like the setter.
            args.push(ConstructorArg::Secret {
                scheme: 0,
                setter: setter.name.clone(),
                param: setter.name.clone(),
            });
        }
        _ => return None,
    }
    Some(Constructor { args })
}

/// Adds `aliases` (variable, alias) to the variables they name; an alias
/// of a variable no scheme reads is an error naming those it does read.
pub fn add_aliases(auth: &mut Auth, aliases: &[(String, String)]) -> Result<(), String> {
    let mut unknown = Vec::new();
    for (var, alias) in aliases {
        let found = auth
            .schemes
            .iter_mut()
            .flat_map(|s| s.env.vars_mut())
            .find(|v| v.name == *var);
        match found {
            Some(v) if !v.aliases.contains(alias) => v.aliases.push(alias.clone()),
            Some(_) => {}
            None => unknown.push(var.as_str()),
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    let known: Vec<&str> = auth
        .schemes
        .iter()
        .flat_map(|s| s.env.vars().map(|v| v.name.as_str()))
        .collect();
    Err(format!(
        "environment aliases of variables the crate does not read: {unknown:?} (it reads {known:?})"
    ))
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, ConstructorArg, KeyLocation, SchemeKind, Takes};

    fn lower(spec: &str) -> Api {
        crate::lower_spec("t.yaml", spec, &crate::Options::default())
            .unwrap()
            .0
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\nservers: [{url: 'https://p.example'}]\n";

    #[test]
    fn one_key_is_named_by_what_it_is() {
        let api = lower(&format!("{HEAD}security: [{{k: []}}]\npaths: {{/a: {{get: {{responses: {{'204': {{description: x}}}}}}}}}}\ncomponents: {{securitySchemes: {{k: {{type: http, scheme: bearer}}}}}}\n"));
        let s = &api.auth.schemes[0];
        assert_eq!(s.setters[0].name, "api_key");
        assert_eq!(s.env.token.as_ref().unwrap().name, "PETS_API_KEY");
        assert_eq!(api.base_url_env, "PETS_API_BASE_URL");
        assert!(api.auth.required);
        assert_eq!(
            api.constructor.unwrap().args,
            [ConstructorArg::Secret {
                scheme: 0,
                setter: "api_key".into(),
                param: "api_key".into()
            }]
        );
    }

    #[test]
    fn several_schemes_are_named_after_themselves() {
        let api = lower(&format!(
            "{HEAD}security: [{{api_key: [], session: []}}, {{petstore_auth: [read]}}, {{build: []}}, {{}}]\npaths:\n  /a: {{get: {{security: [], responses: {{'204': {{description: x}}}}}}}}\n  /b: {{get: {{responses: {{'204': {{description: x}}}}}}}}\ncomponents:\n  securitySchemes:\n    petstore_auth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: /token, scopes: {{read: r}}}}}}}}\n    api_key: {{type: apiKey, in: header, name: X-Key}}\n    session: {{type: apiKey, in: cookie, name: sid}}\n    build: {{type: http, scheme: basic}}\n"
        ));
        let names: Vec<&str> = api.auth.schemes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["petstore_auth", "api_key", "session", "build"],
            "defined order"
        );
        let setters: Vec<&str> = api
            .auth
            .schemes
            .iter()
            .flat_map(|s| s.setters.iter().map(|x| x.name.as_str()))
            .collect();
        assert_eq!(
            setters,
            [
                "petstore_auth",
                "petstore_auth_client_credentials",
                "api_key",
                "session",
                "build_2"
            ],
            "`build` is the builder's own"
        );
        let vars: Vec<&str> = api
            .auth
            .schemes
            .iter()
            .flat_map(|s| s.env.vars().map(|v| v.name.as_str()))
            .collect();
        assert_eq!(
            vars,
            [
                "PETS_API_PETSTORE_AUTH",
                "PETS_API_PETSTORE_AUTH_CLIENT_ID",
                "PETS_API_PETSTORE_AUTH_CLIENT_SECRET",
                "PETS_API_API_KEY",
                "PETS_API_SESSION",
                "PETS_API_BUILD_USERNAME",
                "PETS_API_BUILD_PASSWORD"
            ]
        );
        assert!(matches!(
            api.auth.schemes[2].kind,
            SchemeKind::ApiKey {
                location: KeyLocation::Cookie,
                ..
            }
        ));
        assert_eq!(
            api.operations[0].security.describe(&api.auth.schemes),
            "none"
        );
        assert_eq!(
            api.operations[1].security.describe(&api.auth.schemes),
            "`api_key` and `session`, or `petstore_auth` (scopes read), or `build`, or none"
        );
        assert!(!api.auth.required, "the optional alternative asks nothing");
        assert_eq!(api.constructor, None, "several schemes: the builder");
        assert!(matches!(
            api.auth.schemes[0].setters[1].takes,
            Takes::ClientCredentials
        ));
    }

    #[test]
    fn no_security_and_no_server() {
        let api = lower("openapi: 3.0.3\ninfo: {title: Open, version: '1'}\npaths: {/a: {get: {responses: {'204': {description: x}}}}}\n");
        assert!(api.auth.schemes.is_empty() && !api.auth.required);
        assert_eq!(api.base_url, None);
        assert_eq!(api.constructor.unwrap().args, [ConstructorArg::BaseUrl]);
    }

    #[test]
    fn aliases_are_added_to_the_variables_they_name() {
        let mut api = lower(&format!("{HEAD}security: [{{k: []}}]\npaths: {{}}\ncomponents: {{securitySchemes: {{k: {{type: apiKey, in: query, name: key}}}}}}\n"));
        let aliases = [("PETS_API_KEY".to_string(), "PETS_TOKEN".to_string())];
        super::add_aliases(&mut api.auth, &aliases).unwrap();
        assert_eq!(
            api.auth.schemes[0].env.token.as_ref().unwrap().aliases,
            ["PETS_TOKEN"]
        );
        let wrong = [("NOPE".to_string(), "X".to_string())];
        let err = super::add_aliases(&mut api.auth, &wrong).unwrap_err();
        assert!(
            err.contains("[\"NOPE\"]") && err.contains("PETS_API_KEY"),
            "{err}"
        );
    }
}
