//! References the lowering cannot follow, made into ones it can. The lowering
//! resolves only `#/components/schemas/NAME`; JSON Schema 2020-12 (OpenAPI
//! 3.1) also allows `$defs` inside schemas, references relative to an `$id`
//! or an `$anchor`, `$recursiveRef`/`$dynamicRef`, and pointers below a
//! component. Here ([`Rule::SchemaDefs`], [`Rule::LocalRef`]):
//!
//! 1. every `$defs` (or `definitions`) entry moves to `components/schemas`
//!    under a unique name (its own when free, else `{Owner}_{name}`);
//! 2. every schema reference is resolved to a pointer in the document, the
//!    way JSON Schema does (base: the nearest `$id`, else the document);
//! 3. a reference to a schema that is not a component moves that schema to
//!    `components/schemas` too (leaving a `$ref` in its place, so every use is
//!    one type), and the reference is rewritten.
//!
//! External references (another file) are left alone: the lowering warns.
//!
//! Keywords beside a `$ref` ([`Rule::RefSiblings`], 3.1 and 2.0 both):
//! [`ref_siblings`] makes a documented reference `allOf: [{$ref}]` with
//! them, [`unwrap_recursive`] leaves one that contains itself plain.

use super::log::Log;
use super::tree::{component_schemas, first_free, plus};
use super::walk::{self, Grammar, Visitor};
use crate::pointer;
use crate::rules::Rule;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// What the walk found: every schema's pointer, and the few with identity.
#[derive(Default)]
struct Found {
    /// Pointers of every schema.
    schemas: BTreeSet<String>,
    /// Schemas not inside another schema.
    roots: Vec<String>,
    /// `$id` by pointer.
    ids: BTreeMap<String, String>,
    /// (pointer, `$anchor` or `$dynamicAnchor` name).
    anchors: Vec<(String, String)>,
    /// `$defs` entries: (pointer of the entry, owner pointer, name).
    defs: Vec<(String, String, String)>,
    /// (pointer of the schema, keyword, reference text).
    refs: Vec<(String, &'static str, String)>,
}

impl Visitor for Found {
    fn schema(&mut self, s: &mut Value, at: &[String], via: Option<&str>) {
        let here = pointer::join(at);
        let Some(obj) = s.as_object() else { return };
        if via.is_none() {
            self.roots.push(here.clone());
        }
        if let Some(id) = obj.get("$id").and_then(Value::as_str) {
            self.ids.insert(here.clone(), id.to_string());
        }
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(a) = obj.get(key).and_then(Value::as_str) {
                self.anchors.push((here.clone(), a.to_string()));
            }
        }
        for key in ["$defs", "definitions"] {
            for name in obj
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
            {
                let entry = pointer::join(&plus(at, &[key, name]));
                self.defs.push((entry, here.clone(), name.clone()));
            }
        }
        for key in ["$ref", "$recursiveRef", "$dynamicRef"] {
            if let Some(r) = obj.get(key).and_then(Value::as_str) {
                self.refs.push((here.clone(), key, r.to_string()));
            }
        }
        self.schemas.insert(here);
    }
}

/// Is `p` equal to, or below, `prefix` (whole tokens)?
fn within(p: &str, prefix: &str) -> bool {
    p.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `/components/schemas/NAME` → NAME.
fn component_name(p: &str) -> Option<String> {
    let tokens = pointer::split(p);
    (tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "schemas")
        .then(|| tokens[2].clone())
}

impl Found {
    /// The pointer of the schema resource `at` belongs to: the nearest
    /// enclosing `$id`, or `None` for the document.
    fn resource(&self, at: &str) -> Option<&str> {
        self.ids
            .keys()
            .filter(|p| within(at, p))
            .max_by_key(|p| p.len())
            .map(String::as_str)
    }

    /// The root schema `at` is in (a component, a media type's schema, …).
    fn root_of(&self, at: &str) -> Option<&str> {
        self.roots
            .iter()
            .filter(|p| within(at, p))
            .max_by_key(|p| p.len())
            .map(String::as_str)
    }

    /// The schema with this `$id`, seen from a schema whose base `$id` is `base`.
    fn by_id(&self, uri: &str, base: Option<&str>) -> Option<String> {
        let resolved = base.and_then(|b| {
            (!uri.contains("://")).then(|| match b.rfind('/') {
                Some(i) => format!("{}{uri}", &b[..=i]),
                None => uri.to_string(),
            })
        });
        self.ids
            .iter()
            .find(|(_, id)| {
                let id = id.trim_end_matches('#');
                id == uri || resolved.as_deref() == Some(id)
            })
            .map(|(p, _)| p.clone())
    }

    /// Where a reference from the schema at `at` leads: a pointer into the
    /// document, when it names a schema of it.
    fn target(&self, at: &str, key: &str, reference: &str) -> Option<String> {
        let resource = self.resource(at);
        // The resource's root: its `$id` schema, else the root schema it is in.
        let resource_root = resource.or_else(|| self.root_of(at));
        if key == "$recursiveRef" {
            return (reference == "#").then(|| resource_root.map(str::to_string))?;
        }
        let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let base: Option<String> = if uri.is_empty() {
            resource.map(str::to_string)
        } else {
            Some(self.by_id(
                uri,
                resource.and_then(|r| self.ids.get(r)).map(String::as_str),
            )?)
        };
        if fragment.is_empty() {
            return base;
        }
        if let Some(rest) = fragment.strip_prefix('/') {
            let rest = format!("/{rest}");
            if let Some(b) = &base {
                let p = format!("{b}{rest}");
                return self.schemas.contains(&p).then_some(p);
            }
            if self.schemas.contains(&rest) {
                return Some(rest);
            }
            // `#/$defs/X` meant relative to the schema it is written in (no
            // `$id`): the nearest enclosing schema that has it.
            if rest.starts_with("/$defs/") || rest.starts_with("/definitions/") {
                let mut p = at.to_string();
                loop {
                    let candidate = format!("{p}{rest}");
                    if self.schemas.contains(&candidate) {
                        return Some(candidate);
                    }
                    let i = p.rfind('/')?;
                    p.truncate(i);
                }
            }
            return None;
        }
        // An anchor: in the same resource first, else the only one of that name.
        let named: Vec<&String> = self
            .anchors
            .iter()
            .filter(|(_, a)| a == fragment)
            .map(|(p, _)| p)
            .collect();
        let scope = base.as_deref().or(resource);
        named
            .iter()
            .find(|p| scope.is_some_and(|s| within(p, s)))
            .or_else(|| (named.len() == 1).then(|| &named[0]))
            .map(|p| p.to_string())
    }
}

/// A component name for a schema moved out of `at`: `hint` when free, else
/// built from the pointer's names, numbered if needed.
fn unique_name(hint: &str, at: &str, taken: &mut BTreeSet<String>) -> String {
    const STRUCTURAL: &[&str] = &[
        "components",
        "schemas",
        "paths",
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "additionalProperties",
        "$defs",
        "definitions",
        "content",
        "schema",
        "responses",
        "requestBody",
        "parameters",
        "prefixItems",
        "patternProperties",
    ];
    let words: Vec<String> = pointer::split(at)
        .into_iter()
        .filter(|t| {
            !STRUCTURAL.contains(&t.as_str())
                && !t.contains('/')
                && !t.chars().all(|c| c.is_ascii_digit())
        })
        .collect();
    let derived = if words.is_empty() {
        "Schema".to_string()
    } else {
        words.join("_")
    };
    if !hint.is_empty() && !taken.contains(hint) {
        taken.insert(hint.to_string());
        return hint.to_string();
    }
    first_free(&derived, taken)
}

/// A move: the pointer of a schema, the component name it moves to.
type Moves = Vec<(String, String)>;
/// A rewrite: (schema pointer, keyword, old reference, new `$ref`).
type Rewrites = Vec<(String, &'static str, String, String)>;
/// A move done: (old pointer, component name, it was a `$defs` entry).
type Moved = Vec<(String, String, bool)>;

pub(super) fn resolve(doc: &mut Value, log: &mut Log) {
    let mut found = Found::default();
    {
        let Some(root) = doc.as_object_mut() else {
            return;
        };
        walk::document(root, Grammar::V31, &mut found);
    }
    let simple = |(_, key, r): &(String, &str, String)| {
        *key == "$ref"
            && (component_name(r.trim_start_matches('#')).is_some() || !r.starts_with('#'))
    };
    if found.defs.is_empty() && found.ids.is_empty() && found.refs.iter().all(simple) {
        return;
    }
    let mut taken: BTreeSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut moves = def_moves(&found, &mut taken);
    let rewrites = plan_rewrites(&found, &mut moves, &mut taken);
    apply_rewrites(doc, &rewrites, log);
    let moved = apply_moves(doc, &found, &moves, log);
    warn_moves(doc, &found, moved, log);
}

/// Every `$defs` entry moves to components/schemas, under its own name
/// where free, else prefixed with its owner's; in document order.
fn def_moves(found: &Found, taken: &mut BTreeSet<String>) -> Moves {
    let mut moves = Moves::new();
    for (entry, owner, name) in &found.defs {
        let owner_name = component_name(owner).unwrap_or_default();
        let hint = if taken.contains(name) && !owner_name.is_empty() {
            format!("{owner_name}_{name}")
        } else {
            name.clone()
        };
        moves.push((entry.clone(), unique_name(&hint, entry, taken)));
    }
    moves
}

/// Each reference that does not name a component: the `$ref` it becomes
/// (its target moving to components/schemas when it is not there yet).
fn plan_rewrites(found: &Found, moves: &mut Moves, taken: &mut BTreeSet<String>) -> Rewrites {
    let mut rewrites = Rewrites::new();
    for (at, key, reference) in &found.refs {
        let Some(target) = found.target(at, key, reference) else {
            continue;
        };
        let name = match component_name(&target) {
            Some(n) => n,
            None => match moves.iter().find(|(p, _)| *p == target) {
                Some((_, n)) => n.clone(),
                None => {
                    let n = unique_name("", &target, taken);
                    moves.push((target.clone(), n.clone()));
                    n
                }
            },
        };
        let new = format!("#/components/schemas/{}", pointer::escape(&name));
        if *key != "$ref" || *reference != new {
            rewrites.push((at.clone(), key, reference.clone(), new));
        }
    }
    rewrites
}

fn apply_rewrites(doc: &mut Value, rewrites: &Rewrites, log: &mut Log) {
    for (at, key, old, new) in rewrites {
        let Some(obj) = doc.pointer_mut(at).and_then(Value::as_object_mut) else {
            continue;
        };
        obj.remove(*key);
        obj.insert("$ref".into(), Value::String(new.clone()));
        log.warn(
            Rule::LocalRef,
            &pointer::split(&format!("{at}/{key}")),
            &[],
            format!("`{key}: {old}`: rewritten to `$ref: {new}`"),
        );
        ref_siblings(obj, &pointer::split(at), log);
    }
}

fn apply_moves(doc: &mut Value, found: &Found, moves: &Moves, log: &mut Log) -> Moved {
    // Move the targets out, deepest first, so a move never invalidates the
    // pointer of one still to come.
    let mut order: Vec<usize> = (0..moves.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(pointer::split(&moves[i].0).len()));
    let mut moved = Moved::new();
    for i in order {
        let (at, name) = &moves[i];
        let tokens = pointer::split(at);
        let is_def = tokens.len() >= 2
            && matches!(tokens[tokens.len() - 2].as_str(), "$defs" | "definitions")
            && found.defs.iter().any(|(e, _, _)| e == at);
        let value = if is_def {
            let Some((parent, last)) = at.rsplit_once('/') else {
                continue;
            };
            let Some(map) = doc.pointer_mut(parent).and_then(Value::as_object_mut) else {
                continue;
            };
            map.shift_remove(&last.replace("~1", "/").replace("~0", "~"))
        } else {
            doc.pointer_mut(at).map(|slot| {
                let reference = serde_json::json!({
                    "$ref": format!("#/components/schemas/{}", pointer::escape(name))
                });
                std::mem::replace(slot, reference)
            })
        };
        let Some(value) = value else { continue };
        let Some(schemas) = doc.as_object_mut().and_then(component_schemas) else {
            continue;
        };
        schemas.insert(name.clone(), value);
        log.moved(&["components", "schemas", name.as_str()], &tokens);
        moved.push((at.clone(), name.clone(), is_def));
    }
    moved
}

/// Empty `$defs` maps go; one warning per map, one per other move.
fn warn_moves(doc: &mut Value, found: &Found, moved: Moved, log: &mut Log) {
    for (entry, owner, _) in &found.defs {
        let Some((map_at, _)) = entry.rsplit_once('/') else {
            continue;
        };
        let key = &map_at[owner.len() + 1..];
        if let Some(obj) = doc.pointer_mut(owner).and_then(Value::as_object_mut) {
            if obj
                .get(key)
                .and_then(Value::as_object)
                .is_some_and(Map::is_empty)
            {
                obj.remove(key);
                let names: Vec<String> = moved
                    .iter()
                    .filter(|(at, _, d)| *d && at.rsplit_once('/').map(|x| x.0) == Some(map_at))
                    .map(|(at, name, _)| {
                        let own = pointer::split(at).pop().unwrap_or_default();
                        if own == *name {
                            format!("`{own}`")
                        } else {
                            format!("`{own}` as `{name}`")
                        }
                    })
                    .collect();
                log.warn(
                    Rule::SchemaDefs,
                    &pointer::split(map_at),
                    &[],
                    format!("`{key}` {}: moved to components/schemas", names.join(", ")),
                );
            }
        }
    }
    for (at, name, is_def) in moved {
        if !is_def {
            log.warn(
                Rule::LocalRef,
                &pointer::split(&at),
                &[],
                format!(
                    "a schema referenced from elsewhere: moved to components/schemas as `{name}`"
                ),
            );
        }
    }
}

/// Keywords beside a `$ref` worth keeping: they document or qualify the
/// reference without changing its type.
const REF_SIBLINGS_KEPT: &[&str] = &[
    "description",
    "title",
    "default",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "example",
    "examples",
    "externalDocs",
];

/// [`Rule::RefSiblings`]: `{$ref: X, description: d}` → `{allOf: [{$ref: X}],
/// description: d}`, which is how the generator reads a documented
/// reference. `type` beside a `$ref` only says what X says, except a `null`
/// in it, which is `nullable`; other keywords are dropped (named in the
/// warning). A `$ref` with only extensions or unknown keywords beside it is
/// left alone (3.0 readers ignore them).
pub(super) fn ref_siblings(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    if !obj.get("$ref").is_some_and(Value::is_string) || obj.len() == 1 {
        return;
    }
    let nullable_type = match obj.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
        _ => false,
    };
    let kept: Vec<String> = obj
        .keys()
        .filter(|k| REF_SIBLINGS_KEPT.contains(&k.as_str()))
        .cloned()
        .collect();
    if kept.is_empty() && !nullable_type {
        return;
    }
    let dropped: Vec<String> = obj
        .keys()
        .filter(|k| {
            !(*k == "$ref"
                || k.starts_with("x-")
                || REF_SIBLINGS_KEPT.contains(&k.as_str())
                || (*k == "type" && nullable_type))
        })
        .cloned()
        .collect();
    let old = std::mem::take(obj);
    let mut reference = Map::new();
    for (k, v) in old {
        if k == "$ref" {
            reference.insert(k, v);
        } else if REF_SIBLINGS_KEPT.contains(&k.as_str()) || k.starts_with("x-") {
            obj.insert(k, v);
        }
    }
    if nullable_type {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    let target = reference["$ref"].as_str().unwrap_or_default().to_string();
    obj.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
    let mut shown = kept.join(", ");
    if nullable_type {
        if !shown.is_empty() {
            shown.push_str(", ");
        }
        shown.push_str("a `null` type (nullable)");
    }
    let mut message =
        format!("`$ref: {target}` with {shown} beside it: read as `allOf: [$ref]` with them");
    if !dropped.is_empty() {
        message.push_str(&format!("; ignored: {}", dropped.join(", ")));
    }
    log.warn(Rule::RefSiblings, at, &[], message);
}

/// A documented reference (`allOf: [{$ref: C}]` with a `description`) whose
/// type contains itself through other documented references: the lowering
/// copies the referenced object into such a reference, which for a cycle
/// never ends (Azure's `InnerError.innererror`). Those lose their
/// description and stay plain references ([`Rule::RefSiblings`]).
pub(super) fn unwrap_recursive(doc: &mut Value, log: &mut Log) {
    struct Found(Vec<(Vec<String>, String)>);
    impl Visitor for Found {
        fn schema(&mut self, s: &mut Value, at: &[String], _via: Option<&str>) {
            if let Some(target) = documented_ref(s) {
                self.0.push((at.to_vec(), target));
            }
        }
    }
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let mut found = Found(Vec::new());
    walk::document(root, Grammar::V31, &mut found);
    let owner = |at: &[String]| -> Option<String> {
        (at.len() > 3 && at[0] == "components" && at[1] == "schemas").then(|| at[2].clone())
    };
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (at, target) in &found.0 {
        if let Some(from) = owner(at) {
            edges.entry(from).or_default().push(target.clone());
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    for (at, target) in &found.0 {
        let Some(from) = owner(at) else { continue };
        if !reaches(target, &from) {
            continue;
        }
        let Some(obj) = doc
            .pointer_mut(&pointer::join(at))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        obj.remove("description");
        log.warn(
            Rule::RefSiblings,
            at,
            &[],
            format!("`{target}` contains itself through this reference: read as a plain reference (its description is dropped)"),
        );
    }
}

/// The component a documented reference names: `allOf: [{$ref:
/// #/components/schemas/NAME}]` beside a `description`.
fn documented_ref(s: &Value) -> Option<String> {
    let obj = s.as_object()?;
    obj.get("description")?;
    let [only] = obj.get("allOf")?.as_array()?.as_slice() else {
        return None;
    };
    let name = only
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::{ref_siblings, Log};
    use crate::normalize::upgrade::{upgrade, Version};
    use crate::rules::{Rule, Warning};
    use serde_json::{json, Value};

    fn run(mut doc: Value) -> (Value, Vec<Warning>) {
        let mut w = Vec::new();
        upgrade(&mut doc, Version::OpenApi31, &mut w);
        (doc, w)
    }

    fn doc(schemas: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
               "components": {"schemas": schemas}})
    }

    #[test]
    fn defs_are_hoisted_and_refs_rewritten() {
        let (d, w) = run(doc(json!({
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/$defs/B"},
                "c": {"$ref": "#/components/schemas/A/$defs/C"}},
              "$defs": {"B": {"type": "string"}, "C": {"type": "integer"}}},
            "C": {"type": "boolean"}})));
        let s = &d["components"]["schemas"];
        assert_eq!(s["A"]["properties"]["b"]["$ref"], "#/components/schemas/B");
        assert_eq!(
            s["A"]["properties"]["c"]["$ref"],
            "#/components/schemas/A_C"
        );
        assert_eq!(s["B"], json!({"type": "string"}));
        assert_eq!(s["A_C"], json!({"type": "integer"}));
        assert!(s["A"].get("$defs").is_none());
        assert!(w
            .iter()
            .any(|w| w.rule == Rule::SchemaDefs && w.pointer == "/components/schemas/A/$defs"));
        assert!(w
            .iter()
            .any(|w| w.rule == Rule::LocalRef
                && w.pointer == "/components/schemas/A/properties/b/$ref"));
    }

    #[test]
    fn ids_anchors_and_recursive_refs() {
        let (d, _) = run(doc(json!({
            "Tree": {"$id": "https://x.test/tree.json", "type": "object", "properties": {
                "kids": {"type": "array", "items": {"$ref": "#"}},
                "leaf": {"$ref": "#leaf"},
                "other": {"$ref": "node.json"}},
              "$defs": {"Leaf": {"$anchor": "leaf", "type": "string"}}},
            "Node": {"$id": "https://x.test/node.json", "type": "object"},
            "Filter": {"type": "object", "properties": {"and": {"type": "array", "items": {"$recursiveRef": "#"}}}}})));
        let s = &d["components"]["schemas"];
        assert_eq!(
            s["Tree"]["properties"]["kids"]["items"]["$ref"],
            "#/components/schemas/Tree"
        );
        assert_eq!(
            s["Tree"]["properties"]["leaf"]["$ref"],
            "#/components/schemas/Leaf"
        );
        assert_eq!(
            s["Tree"]["properties"]["other"]["$ref"],
            "#/components/schemas/Node"
        );
        assert_eq!(
            s["Filter"]["properties"]["and"]["items"],
            json!({"$ref": "#/components/schemas/Filter"})
        );
    }

    #[test]
    fn a_pointer_below_a_component_moves_its_target() {
        let (d, w) = run(doc(json!({
            "A": {"type": "object", "properties": {"addr": {"type": "object", "properties": {"city": {"type": "string"}}}}},
            "B": {"type": "object", "properties": {"home": {"$ref": "#/components/schemas/A/properties/addr"}}}})));
        let s = &d["components"]["schemas"];
        assert_eq!(
            s["A"]["properties"]["addr"]["$ref"],
            "#/components/schemas/A_addr"
        );
        assert_eq!(
            s["B"]["properties"]["home"]["$ref"],
            "#/components/schemas/A_addr"
        );
        assert_eq!(s["A_addr"]["properties"]["city"]["type"], "string");
        assert!(w
            .iter()
            .any(|w| w.pointer == "/components/schemas/A/properties/addr"));
    }

    #[test]
    fn plain_component_refs_are_untouched() {
        let before = doc(
            json!({"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {"type": "string"}}),
        );
        let (d, w) = run(before.clone());
        assert_eq!(d, before);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn ref_siblings_become_a_documented_reference() {
        let mut w = Vec::new();
        let mut log = Log::new(&mut w);
        let mut s = json!({"$ref": "#/components/schemas/A", "description": "d",
                           "type": ["object", "null"], "minimum": 1, "x-a": 1});
        ref_siblings(s.as_object_mut().unwrap(), &["s".into()], &mut log);
        assert_eq!(
            s,
            json!({"description": "d", "x-a": 1, "nullable": true,
                   "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert!(
            w[0].message.contains("ignored: minimum"),
            "{}",
            w[0].message
        );
        // Nothing worth keeping: left alone, no warning.
        let mut w = Vec::new();
        let mut log = Log::new(&mut w);
        let mut s = json!({"$ref": "#/components/schemas/A", "x-skip": true, "foo": 1});
        let before = s.clone();
        ref_siblings(s.as_object_mut().unwrap(), &["s".into()], &mut log);
        assert_eq!(s, before);
        assert!(w.is_empty());
    }

    #[test]
    fn a_recursive_documented_reference_stays_plain() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Inner": {"type": "object", "properties": {
                    "inner": {"$ref": "#/components/schemas/Inner", "description": "Deeper."},
                    "other": {"$ref": "#/components/schemas/Other", "description": "Not recursive."}}},
                "Other": {"type": "object", "properties": {"a": {"type": "string"}}}}}});
        let mut w = Vec::new();
        upgrade(&mut doc, Version::OpenApi31, &mut w);
        let props = &doc["components"]["schemas"]["Inner"]["properties"];
        assert_eq!(
            props["inner"],
            json!({"allOf": [{"$ref": "#/components/schemas/Inner"}]})
        );
        assert_eq!(props["other"]["description"], "Not recursive.");
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(w[2].pointer, "/components/schemas/Inner/properties/inner");
    }
}
