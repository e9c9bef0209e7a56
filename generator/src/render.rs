//! Non-Rust files (the client's README and API reference), rendered from
//! `templates/` with minijinja from a serializable view of the IR.

use crate::ir::Api;
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

fn view(api: &Api) -> View<'_> {
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
    View {
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

/// Render both documents: `(path, contents)` relative to the crate root.
pub fn render(api: &Api) -> Result<Vec<(String, String)>, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_template("README.md", README)?;
    env.add_template("API.md", API_REFERENCE)?;
    let v = view(api);
    let mut out = Vec::new();
    for name in ["README.md", "API.md"] {
        let text = env.get_template(name)?.render(&v)?;
        out.push((name.to_string(), text));
    }
    Ok(out)
}
