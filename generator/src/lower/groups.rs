//! Operation groups (one per tag, in the document's tag order, plus the
//! untagged operations on the client itself) and each operation's method
//! name: its words without the group's tag words (`updateSmartLinkPostback`
//! in "Smart Link Postbacks" → `update`).
//!
//! An operation's group is its first tag that groups operations: a tag
//! without a `kind`, or `kind: nav` (OpenAPI 3.2); `badge`, `audience` and
//! other kinds label operations. A tag nested in others (3.2's `parent`) is
//! a group of its own, named by its path from the top, each tag without the
//! words its parent already says: `international` in `flights` →
//! `client.flights_international()` (feature `flights-international`).
//! Groups stay flat: each is one struct and one cargo feature that compiles
//! alone, whatever it is nested in.

use crate::extensions;
use crate::ident::{self, Scope};
use crate::ir::Group;
use crate::reserved::{CLIENT_RESERVED, MOCK_RESERVED};
use openapiv3::{OpenAPI, Tag};
use std::collections::BTreeMap;

/// What grouping needs to know of one operation.
pub struct OpTag<'a> {
    pub id: &'a str,
    /// The operation's first tag that groups operations ([`group_tag`]);
    /// empty when it has none.
    pub tag: &'a str,
}

/// The tag declared in the document's `tags` as `name`.
fn declared<'d>(doc: &'d OpenAPI, name: &str) -> Option<&'d Tag> {
    doc.tags.iter().find(|t| t.name == name)
}

/// Whether the tag `name` groups operations (an undeclared tag does).
fn groups_operations(doc: &OpenAPI, name: &str) -> bool {
    declared(doc, name).is_none_or(extensions::groups_operations)
}

/// The tag an operation with `tags` is grouped by: the first that groups
/// operations; empty when none does.
pub fn group_tag<'t>(doc: &OpenAPI, tags: &'t [String]) -> &'t str {
    tags.iter()
        .find(|t| groups_operations(doc, t))
        .map_or("", String::as_str)
}

/// The words a group is named by: its tag's, after those of the group tags
/// it is nested in, each without the words its parent already says
/// (`seasonal-cakes` in `cakes` in `products` → `products cakes seasonal`).
fn path_name(doc: &OpenAPI, tag: &str) -> String {
    let mut chain = vec![tag.to_string()];
    let mut at = tag.to_string();
    while let Some(parent) = declared(doc, &at).and_then(extensions::tag_parent) {
        if chain.iter().any(|c| c == parent) || !groups_operations(doc, parent) {
            break;
        }
        chain.push(parent.to_string());
        at = parent.to_string();
    }
    let mut parts = Vec::new();
    let mut parent_words: Vec<String> = Vec::new();
    for name in chain.iter().rev() {
        let snake = ident::snake(name, "");
        parts.push(strip_tag(&snake, &parent_words));
        parent_words = snake
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
    }
    parts.join("_")
}

/// Where an operation went: its group and its method name there.
pub struct Placement {
    pub group: usize,
    pub method: String,
}

/// The groups, and each operation's placement (in operation order).
pub fn groups(doc: &OpenAPI, ops: &[OpTag]) -> (Vec<Group>, Vec<Placement>) {
    let mut groups = tag_groups(doc, ops);
    let mut root = Group {
        tag: String::new(),
        description: None,
        accessor: String::new(),
        type_name: String::new(),
        feature: crate::ir::UNTAGGED_FEATURE.into(),
        operations: vec![],
    };
    let by_tag: BTreeMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.tag.clone(), i))
        .collect();
    let root_index = groups.len();
    let mut placements: Vec<Placement> = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        let group = match by_tag.get(op.tag) {
            Some(&g) if !op.tag.is_empty() => g,
            _ => root_index,
        };
        if group == root_index {
            root.operations.push(i);
        } else {
            groups[group].operations.push(i);
        }
        placements.push(Placement {
            group,
            method: String::new(),
        });
    }
    if !root.operations.is_empty() {
        groups.push(root);
    }
    for g in &groups {
        for (i, method) in method_names(g, &groups, ops) {
            placements[i].method = method;
        }
    }
    (groups, placements)
}

/// One group per tag that some operation uses: the document's `tags` list
/// first, then tags first seen on operations. Accessors avoid the client's
/// own methods.
fn tag_groups(doc: &OpenAPI, ops: &[OpTag]) -> Vec<Group> {
    let mut order: Vec<(String, Option<String>)> = doc
        .tags
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                t.description.clone().filter(|d| !d.trim().is_empty()),
            )
        })
        .collect();
    for op in ops {
        if !op.tag.is_empty() && !order.iter().any(|(n, _)| n == op.tag) {
            order.push((op.tag.to_string(), None));
        }
    }
    let mut accessors = Scope::new();
    accessors.reserve(CLIENT_RESERVED);
    accessors.reserve(MOCK_RESERVED);
    // Feature names cargo or the crate owns.
    let mut features = Scope::new();
    features.reserve(&[
        "default",
        crate::ir::FULL_FEATURE,
        crate::ir::UNTAGGED_FEATURE,
        crate::ir::TESTING_FEATURE,
        crate::ir::TIME_FEATURE,
    ]);
    let mut type_names = Scope::new();
    let mut groups: Vec<Group> = Vec::new();
    for (tag, description) in order {
        if !ops.iter().any(|op| op.tag == tag) || groups.iter().any(|g| g.tag == tag) {
            continue;
        }
        let name = path_name(doc, &tag);
        let accessor = accessors.claim(&ident::snake(&name, "group"), "_");
        groups.push(Group {
            feature: features.claim(&accessor.replace('_', "-"), "-"),
            accessor,
            type_name: type_names.claim(&ident::pascal(&name, "Group"), ""),
            tag,
            description,
            operations: vec![],
        });
    }
    groups
}

/// Method names in `group`, by operation index. The short name (tag words
/// stripped) is kept only when no other operation of the group shortens to
/// it; methods on the client avoid its own methods and the group accessors.
fn method_names(group: &Group, groups: &[Group], ops: &[OpTag]) -> Vec<(usize, String)> {
    let mut scope = Scope::new();
    if group.tag.is_empty() {
        scope.reserve(CLIENT_RESERVED);
        scope.reserve(MOCK_RESERVED);
        let accessors: Vec<&str> = groups.iter().map(|g| g.accessor.as_str()).collect();
        scope.reserve(&accessors);
    }
    let tag_words: Vec<String> = ident::snake(&group.tag, "")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let full: Vec<String> = group
        .operations
        .iter()
        .map(|&i| ident::snake(ops[i].id, "call"))
        .collect();
    let short: Vec<String> = full.iter().map(|f| strip_tag(f, &tag_words)).collect();
    group
        .operations
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let unique = short.iter().filter(|s| **s == short[k]).count() == 1;
            let want = if unique && !short[k].is_empty() {
                &short[k]
            } else {
                &full[k]
            };
            (i, scope.claim(want, "_"))
        })
        .collect()
}

/// `update_smart_link_postback` in "Smart Link Postbacks" → `update`;
/// `list_smart_link_clicks` in "Smart Links" → `list_clicks`.
fn strip_tag(method: &str, tag_words: &[String]) -> String {
    let words: Vec<&str> = method.split('_').collect();
    let n = tag_words.len();
    if n == 0 || words.len() <= 1 {
        return method.to_string();
    }
    let eq = |w: &str, t: &str| w == t || ident::singular(w) == ident::singular(t);
    for start in 0..words.len() {
        if start + n > words.len() {
            break;
        }
        if (0..n).all(|k| eq(words[start + k], &tag_words[k])) {
            let rest: Vec<&str> = words[..start]
                .iter()
                .chain(words[start + n..].iter())
                .copied()
                .collect();
            if rest.is_empty() {
                return method.to_string();
            }
            return ident::escape(&rest.join("_"))
                .trim_start_matches("r#")
                .to_string();
        }
    }
    method.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_tags_are_named_by_their_path() {
        let doc: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "tags": [
                {"name": "products", "x-oas-kind": "nav"},
                {"name": "cakes", "x-oas-parent": "products"},
                {"name": "seasonal-cakes", "x-oas-parent": "cakes"},
                {"name": "new", "x-oas-kind": "badge"},
                {"name": "partner", "x-oas-kind": "audience"},
                {"name": "pets"},
                {"name": "pet-photos", "x-oas-parent": "pets"},
                {"name": "deep", "x-oas-parent": "new"}]}))
        .unwrap();
        assert_eq!(path_name(&doc, "seasonal-cakes"), "products_cakes_seasonal");
        assert_eq!(path_name(&doc, "pet-photos"), "pets_photos");
        // A label is no group, so it names no path.
        assert_eq!(path_name(&doc, "deep"), "deep");
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            group_tag(&doc, &tags(&["new", "partner", "cakes"])),
            "cakes"
        );
        assert_eq!(group_tag(&doc, &tags(&["new"])), "");
        assert_eq!(group_tag(&doc, &tags(&["undeclared"])), "undeclared");
    }

    #[test]
    fn strip_tag_words() {
        let t = |tag: &str| {
            ident::snake(tag, "")
                .split('_')
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            strip_tag("update_smart_link_postback", &t("Smart Link Postbacks")),
            "update"
        );
        assert_eq!(
            strip_tag("list_smart_link_postbacks", &t("Smart Link Postbacks")),
            "list"
        );
        assert_eq!(
            strip_tag("list_smart_link_clicks", &t("Smart Links")),
            "list_clicks"
        );
        assert_eq!(strip_tag("get_me", &t("Account")), "get_me");
        assert_eq!(strip_tag("fans", &t("Fans")), "fans");
    }
}
