//! What the client as a whole needs: its crate name and the prefix of its
//! environment variables, and the default base URL (the spec's first usable
//! server). How requests authenticate is [`super::auth`]'s.

use crate::ident;
use crate::rules::{Rule, Warning};
use openapiv3::OpenAPI;

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

/// The prefix of a crate's environment variables: `onlyfans-api` →
/// `ONLYFANS_API` (its key is `ONLYFANS_API_KEY`, its base URL
/// `ONLYFANS_API_BASE_URL`).
pub fn env_prefix(crate_name: &str) -> String {
    crate_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}
