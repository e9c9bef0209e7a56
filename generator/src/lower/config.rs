//! What the client as a whole needs: its crate name and the environment
//! variable of its key, the default base URL (the spec's first usable
//! server) and how requests authenticate.

use crate::ident;
use crate::ir::Auth;
use crate::rules::{Rule, Warning};
use openapiv3::{OpenAPI, ReferenceOr};

/// The first server URL that is absolute http(s) once its variables take
/// their defaults.
pub fn base_url(doc: &OpenAPI, warnings: &mut Vec<Warning>) -> Option<String> {
    for (i, s) in doc.servers.iter().enumerate() {
        let mut url = s.url.clone();
        for (name, var) in s.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
        if (url.starts_with("http://") || url.starts_with("https://")) && !url.contains('{') {
            return Some(url.trim_end_matches('/').to_string());
        }
        warnings.push(Warning {
            rule: Rule::UnusableServerUrl,
            pointer: format!("/servers/{i}/url"),
            message: format!("server URL `{}` is not an absolute http(s) URL; the client needs a base URL from its user", s.url),
        });
    }
    None
}

/// The scheme of the first non-empty security requirement (global, else
/// the operations'), the first without a deprecated scheme (OpenAPI 3.2)
/// when there is one; a bearer token when it names no defined scheme.
pub fn auth(doc: &OpenAPI, warnings: &mut Vec<Warning>) -> Auth {
    let schemes = doc.components.as_ref().map(|c| &c.security_schemes);
    let scheme = |name: &str| schemes.and_then(|s| s.get(name));
    let deprecated = |name: &str| match scheme(name) {
        Some(ReferenceOr::Item(s)) => crate::extensions::is_deprecated(match s {
            openapiv3::SecurityScheme::APIKey { extensions, .. }
            | openapiv3::SecurityScheme::HTTP { extensions, .. }
            | openapiv3::SecurityScheme::OAuth2 { extensions, .. }
            | openapiv3::SecurityScheme::OpenIDConnect { extensions, .. } => extensions,
        }),
        _ => false,
    };
    let global: Vec<_> = doc
        .security
        .iter()
        .flatten()
        .filter(|r| !r.is_empty())
        .collect();
    let candidates = if global.is_empty() {
        doc.paths
            .paths
            .values()
            .filter_map(|p| p.as_item())
            .flat_map(|p| p.iter().flat_map(|(_, op)| op.security.iter().flatten()))
            .filter(|r| !r.is_empty())
            .collect()
    } else {
        global
    };
    let requirement = candidates
        .iter()
        .find(|r| !r.keys().any(|n| deprecated(n)))
        .or(candidates.first());
    let Some(req) = requirement else {
        return Auth::None;
    };
    let name = req.keys().next().expect("non-empty");
    let scheme = scheme(name);
    match scheme {
        Some(ReferenceOr::Item(s)) => match s {
            openapiv3::SecurityScheme::HTTP { scheme, .. }
                if scheme.eq_ignore_ascii_case("basic") =>
            {
                Auth::Basic
            }
            openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            } => Auth::ApiKeyHeader { name: name.clone() },
            openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Query,
                name,
                ..
            } => Auth::ApiKeyQuery { name: name.clone() },
            _ => Auth::Bearer,
        },
        _ => {
            warnings.push(Warning {
                rule: Rule::UndefinedSecurityScheme,
                pointer: "/security".into(),
                message: format!("security scheme `{name}` is not defined in components.securitySchemes; using a bearer token"),
            });
            Auth::Bearer
        }
    }
}

/// The client crate's name: the one asked for, else from the spec's title
/// (`Pet Store` → `pet-store-api`).
pub fn crate_name(title: &str, asked: Option<&str>) -> String {
    if let Some(name) = asked {
        return name.to_string();
    }
    let base = heck::ToKebabCase::to_kebab_case(ident::snake(title, "api").as_str());
    if base.ends_with("api") {
        base
    } else {
        format!("{base}-api")
    }
}

/// The environment variable of a crate's API key: `onlyfans-api` →
/// `ONLYFANS_API_KEY`.
pub fn key_env(crate_name: &str) -> String {
    let mut s: String = crate_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    s.push_str("_KEY");
    s
}
