//! Non-Rust files (the client's README and API reference), rendered from
//! `templates/` with minijinja from a serializable view of the IR.

use crate::ir::{Api, ErrorAccess, ErrorShape, FieldErrors};
use serde::Serialize;

const README: &str = include_str!("../../templates/client-README.md.jinja");
const API_REFERENCE: &str = include_str!("../../templates/API.md.jinja");

#[derive(Serialize)]
struct View<'a> {
    title: &'a str,
    version: &'a str,
    description: Option<&'a str>,
    base_url: Option<&'a str>,
    crate_name: &'a str,
    lib_name: String,
    env_var: &'a str,
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
}

fn view(api: &Api, standalone: bool) -> View<'_> {
    let (crate_name, env_var) = (api.crate_name.as_str(), api.key_env.as_str());
    let groups = api
        .groups
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
                    }
                })
                .collect(),
        })
        .collect::<Vec<GroupView>>();
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
        crate_name,
        lib_name: crate_name.replace('-', "_"),
        env_var,
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
