//! Non-Rust files (the client's README and API reference), rendered from
//! `templates/` with minijinja from a serializable view of the IR.

use crate::ir::{Api, ConstructorArg, EnvVar, ErrorAccess, ErrorShape, FieldErrors, Takes};
use serde::Serialize;

const README: &str = include_str!("../../templates/client-README.md.jinja");
const API_REFERENCE: &str = include_str!("../../templates/API.md.jinja");

#[derive(Serialize)]
struct View<'a> {
    title: &'a str,
    version: &'a str,
    description: Option<&'a str>,
    base_url: Option<&'a str>,
    /// `ONLYFANS_API_BASE_URL`.
    base_url_env: &'a str,
    crate_name: &'a str,
    lib_name: String,
    /// What `Client::from_env` reads, for the example's comment.
    env_summary: String,
    /// `Client::builder()` or `Client::builder(base_url)`.
    builder: &'static str,
    /// `Client::new(api_key)`, when there is one.
    constructor: Option<String>,
    auth: AuthView<'a>,
    operation_count: usize,
    type_count: usize,
    groups: Vec<GroupView<'a>>,
    /// A call for the README's example: the first operation without arguments.
    example: Option<OpView<'a>>,
    /// A standalone crate (`generator generate`), not the in-repo client.
    standalone: bool,
    /// Who wrote the file: the CLI's words, or `cargo xtask codegen`'s.
    generated_by: &'static str,
    /// What this API has: each section of the docs is there only when it does.
    envelope: bool,
    pagination: bool,
    uploads: bool,
    credits: bool,
    cache: bool,
    rate_limits: bool,
    /// The header of signed webhook deliveries.
    webhook_header: Option<&'a str>,
    /// Some operation documents an error body.
    errors_documented: bool,
    /// Some documented error is RFC 9457 problem details.
    problem: bool,
    /// The shape of validation errors where nothing is documented, in words.
    validation_shape: String,
    /// An operation whose documented error bodies differ by status: its
    /// call and its enum, for the README's example.
    typed_errors: Option<TypedErrorsView>,
}

#[derive(Serialize)]
struct TypedErrorsView {
    call: String,
    name: String,
    variant: String,
}

/// How the client authenticates, for people.
#[derive(Serialize)]
struct AuthView<'a> {
    schemes: Vec<SchemeView<'a>>,
    /// What an operation requires unless it says otherwise, in words.
    default: String,
    /// Some operation cannot be called without credentials.
    required: bool,
    /// How many operations require something else than the default.
    exceptions: usize,
}

#[derive(Serialize)]
struct SchemeView<'a> {
    name: &'a str,
    /// What the credential is and how it travels.
    what: String,
    /// The builder calls that set it: `.api_key(key)`.
    setters: Vec<String>,
    /// Its environment variables, in words.
    env: String,
}

#[derive(Serialize)]
struct GroupView<'a> {
    tag: &'a str,
    description: Option<&'a str>,
    accessor: &'a str,
    operations: Vec<OpView<'a>>,
}

#[derive(Serialize, Clone)]
struct OpView<'a> {
    has_args: bool,
    id: &'a str,
    method: &'a str,
    path: &'a str,
    call: String,
    /// How a test stubs it on the mock: `mock.smart_links().list_clicks()`.
    stub: String,
    summary: String,
    deprecated: bool,
    /// Its security requirement in words, when not the API's default.
    auth: Option<String>,
}

fn auth_view(api: &Api) -> AuthView<'_> {
    let schemes = api
        .auth
        .schemes
        .iter()
        .map(|s| SchemeView {
            name: &s.name,
            what: s.kind.describe(),
            setters: s
                .setters
                .iter()
                .map(|setter| match &setter.takes {
                    Takes::Secret { param } => format!(".{}({param})", setter.name),
                    Takes::UserPassword => format!(".{}(user, password)", setter.name),
                    Takes::ClientCredentials => {
                        format!(".{}(ClientCredentials::new(id, secret))", setter.name)
                    }
                })
                .collect(),
            env: env_words(s.env.vars().collect()),
        })
        .collect();
    AuthView {
        schemes,
        default: api.auth.default.describe(&api.auth.schemes),
        required: api.auth.required,
        exceptions: api
            .operations
            .iter()
            .filter(|op| op.security != api.auth.default)
            .count(),
    }
}

/// `` `A` ``, `` `A` and `B` ``, `` `A`, `B` and `C` ``.
fn env_words(vars: Vec<&EnvVar>) -> String {
    let words: Vec<String> = vars.into_iter().map(EnvVar::describe).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// What `Client::from_env` reads, in a few words.
fn env_summary(api: &Api) -> String {
    let mut parts: Vec<String> = api
        .auth
        .schemes
        .iter()
        .map(|s| env_words(s.env.vars().collect()).replace('`', ""))
        .collect();
    if api.base_url.is_none() {
        parts.insert(0, api.base_url_env.clone());
    }
    match parts.as_slice() {
        [] => "needs no credentials".into(),
        [one] => format!("reads {one}"),
        _ => "reads the variables below".into(),
    }
}

/// The operation groups, with each operation as the docs list it.
fn groups_view(api: &Api) -> Vec<GroupView<'_>> {
    api.groups
        .iter()
        .map(|g| GroupView {
            tag: if g.tag.is_empty() { "Other" } else { &g.tag },
            description: g.description.as_deref(),
            accessor: &g.accessor,
            operations: g
                .operations
                .iter()
                .map(|&i| {
                    let op = &api.operations[i];
                    OpView {
                        has_args: !op.call.args.is_empty(),
                        id: &op.id,
                        method: op.method.as_str(),
                        path: &op.path,
                        call: op.call.display(),
                        stub: op.call.stub(),
                        summary: op
                            .summary
                            .clone()
                            .unwrap_or_default()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .replace('|', "\\|"),
                        deprecated: op.deprecated,
                        auth: (op.security != api.auth.default)
                            .then(|| op.security.describe(&api.auth.schemes)),
                    }
                })
                .collect(),
        })
        .collect()
}

fn view(api: &Api, standalone: bool) -> View<'_> {
    let crate_name = api.crate_name.as_str();
    let groups = groups_view(api);
    let example = groups
        .iter()
        .flat_map(|g| g.operations.iter())
        .find(|o| !o.has_args && o.method == "GET")
        .cloned();
    let c = &api.conventions;
    let meta = c.metadata.clone().unwrap_or_default();
    let typed_errors = api.operations.iter().find_map(|op| match &op.error_access {
        ErrorAccess::ByStatus { name, variants } => Some(TypedErrorsView {
            call: op.call.display(),
            name: name.clone(),
            variant: variants[0].name.clone(),
        }),
        _ => None,
    });
    View {
        standalone,
        generated_by: if standalone {
            "the generator from the OpenAPI spec"
        } else {
            "`cargo xtask codegen`"
        },
        envelope: c.envelope,
        pagination: c.pagination,
        uploads: c.uploads,
        credits: meta.credits_used.is_some() || meta.credits_balance.is_some(),
        cache: meta.cached.is_some(),
        rate_limits: meta.rate_limit_limit.is_some() || meta.rate_limit_remaining.is_some(),
        webhook_header: c.webhook_signature.as_deref(),
        errors_documented: api
            .operations
            .iter()
            .any(|o| o.errors.iter().any(|e| e.ty.is_some())),
        problem: c.validation.problem
            || api
                .operations
                .iter()
                .any(|o| o.errors.iter().any(|e| e.shape.problem)),
        validation_shape: shape_words(&c.validation),
        typed_errors,
        example,
        title: &api.title,
        version: &api.version,
        description: api.description.as_deref(),
        base_url: api.base_url.as_deref(),
        base_url_env: &api.base_url_env,
        crate_name,
        lib_name: crate_name.replace('-', "_"),
        env_summary: env_summary(api),
        builder: if api.base_url.is_some() {
            "Client::builder()"
        } else {
            "Client::builder(base_url)"
        },
        constructor: api.constructor.as_ref().map(|c| {
            let args: Vec<&str> = c
                .args
                .iter()
                .map(|a| match a {
                    ConstructorArg::BaseUrl => "base_url",
                    ConstructorArg::Secret { param, .. } => param.as_str(),
                })
                .collect();
            format!("Client::new({})", args.join(", "))
        }),
        auth: auth_view(api),
        operation_count: api.operations.len(),
        type_count: api.types.len(),
        groups,
    }
}

/// A shape of error bodies in words: `{"message": …, "errors": {"field": ["…"]}}`.
fn shape_words(shape: &ErrorShape) -> String {
    let message = shape.message.first().map_or("message", String::as_str);
    let fields = match &shape.fields {
        None => String::new(),
        Some(FieldErrors::Map { property }) => format!(", \"{property}\": {{\"field\": [\"…\"]}}"),
        Some(FieldErrors::List {
            property,
            field,
            message,
        }) => format!(", \"{property}\": [{{\"{field}\": \"field\", \"{message}\": \"…\"}}]"),
    };
    if shape.problem {
        format!("RFC 9457 problem details (`application/problem+json`: `{{\"title\": …, \"status\": …, \"{message}\": …{fields}}}`)")
    } else {
        format!("`{{\"{message}\": …{fields}}}`")
    }
}

/// Render both documents: `(path, contents)` relative to the crate root.
/// `standalone`: a crate of its own (`generator generate`), not the
/// in-repo client (whose README may name its repository's path and xtask).
pub fn render(api: &Api, standalone: bool) -> Result<Vec<(String, String)>, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_template("README.md", README)?;
    env.add_template("API.md", API_REFERENCE)?;
    let v = view(api, standalone);
    let mut out = Vec::new();
    for name in ["README.md", "API.md"] {
        let text = env.get_template(name)?.render(&v)?;
        out.push((name.to_string(), text));
    }
    Ok(out)
}
