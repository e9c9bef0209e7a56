//! OpenAPI 3.2 → the 3.1 layout, on the JSON tree; the 3.1 upgrade
//! ([`super::v31`]) then runs on the result, so everything 3.1 has goes
//! through the 3.1 rules. Each change is a rule of the `v32-*` family,
//! warned at its pointer in the original document.
//!
//! What `openapiv3` has no field for goes into the extensions of
//! [`crate::extensions`], where normalization walks into it and lowering
//! reads it: `query` and `additionalOperations` ([`Rule::V32Operations`]),
//! `in: querystring` ([`Rule::V32Querystring`]), `itemSchema`
//! ([`Rule::V32ItemSchema`]), tag nesting and kinds ([`Rule::V32Tags`]),
//! deprecated security schemes ([`Rule::V32Field`]). Example values are
//! read from `dataValue`/`serializedValue` ([`Rule::V32Examples`]),
//! `components/mediaTypes` are inlined ([`Rule::V32MediaTypeRefs`]); the
//! rest is used where a client can use it, else dropped ([`Rule::V32Field`]).
//!
//! Moves inside this stage are composed as they are recorded
//! ([`moved`]), so a move inside an inlined media type maps back to the
//! component it came from.

use super::log::Log;
use super::tree::plus;
use super::walk::{self, Grammar, Visitor, METHODS};
use crate::extensions::{self as ext, is_method_token};
use crate::lower::media::Media;
use crate::pointer;
use crate::rules::Rule;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn upgrade(doc: &mut Value, log: &mut Log) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    self_uri(root, log);
    tags(root, log);
    servers(root, log);
    security_schemes(root, log);
    component_examples(root, log);
    let media_types = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("mediaTypes"));
    let mut structure = Structure {
        log,
        media_types: match media_types {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        },
        used: BTreeSet::new(),
    };
    walk::document(root, Grammar::V31, &mut structure);
    structure.unused_media_types();
}

/// What is now at `now` was at `was`, both in the tree as this stage left
/// it so far: `was` is mapped through the moves already recorded, so moves
/// compose (a media type inlined from a component, then its item schema
/// moved, maps back to the component's `itemSchema`).
fn moved<S: AsRef<str>, T: AsRef<str>>(log: &mut Log, now: &[S], was: &[T]) {
    let was = log.moves.original(&pointer::join(was));
    log.moves.record(pointer::join(now), was);
}

/// [`Rule::V32Field`] for `$self`: references that name this document by
/// its own URI (absolute, or relative to it) are local references.
fn self_uri(root: &mut Map<String, Value>, log: &mut Log) {
    let Some(me) = root.remove("$self") else {
        return;
    };
    let Some(base) = me
        .as_str()
        .map(|s| s.split('#').next().unwrap_or("").to_string())
    else {
        log.warn(
            Rule::V32Field,
            &["$self"],
            &[],
            "`$self` (3.2) is not a string: dropped".into(),
        );
        return;
    };
    let mut count = 0;
    for (key, value) in root.iter_mut() {
        if key != "info" {
            count += local_refs(value, &base);
        }
    }
    let message = if count == 0 {
        format!("`$self: {base}` (3.2), the document's own URI: no reference names it; dropped")
    } else {
        format!("`$self: {base}` (3.2): {count} references that name this document by it read as local references")
    };
    log.warn(Rule::V32Field, &["$self"], &[], message);
}

/// Every `$ref` naming the document `base` (`{base}#/…`, or its last path
/// segment `openapi.yaml#/…`) made local (`#/…`); how many. Example values
/// are data, not references: not entered (a map of `examples` is entered
/// only for its Reference Objects).
fn local_refs(v: &mut Value, base: &str) -> usize {
    match v {
        Value::Object(obj) => {
            let mut n = 0;
            for (key, child) in obj.iter_mut() {
                match (key.as_str(), &mut *child) {
                    ("$ref", Value::String(r)) => n += usize::from(local_ref(r, base)),
                    ("examples", Value::Object(examples)) => {
                        for ex in examples.values_mut() {
                            if let Some(Value::String(r)) = ex.get_mut("$ref") {
                                n += usize::from(local_ref(r, base));
                            }
                        }
                    }
                    ("example" | "examples" | "default" | "enum" | "const", _) => {}
                    (_, child) => n += local_refs(child, base),
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(|i| local_refs(i, base)).sum(),
        _ => 0,
    }
}

/// Make `r` local when it names the document `base`; whether it did.
fn local_ref(r: &mut String, base: &str) -> bool {
    let file = base.rsplit('/').next().unwrap_or(base);
    match r.split_once('#') {
        Some((doc, fragment)) if !doc.is_empty() && (doc == base || doc == file) => {
            *r = format!("#{fragment}");
            true
        }
        _ => false,
    }
}

/// [`Rule::V32Tags`]: `summary` into the description, `kind` and a valid
/// `parent` into extensions.
fn tags(root: &mut Map<String, Value>, log: &mut Log) {
    let Some(list) = root.get_mut("tags").and_then(Value::as_array_mut) else {
        return;
    };
    let names: Vec<Option<String>> = list
        .iter()
        .map(|t| t.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    for (i, tag) in list.iter_mut().enumerate() {
        let Some(obj) = tag.as_object_mut() else {
            continue;
        };
        let at = ["tags".to_string(), i.to_string()];
        tag_summary(obj, &at, log);
        let group = obj.get("kind").is_none_or(|k| k == "nav");
        if let Some(kind) = obj.remove("kind") {
            let message = match kind.as_str() {
                Some("nav") => "tag `kind: nav` (3.2): a group of operations".to_string(),
                Some(k) => format!("tag `kind: {k}` (3.2): a label of operations, not a group of them (an operation goes to its first tag that is a group)"),
                None => "tag `kind` (3.2) is not a string: read as a label, not a group".to_string(),
            };
            obj.insert(ext::TAG_KIND.into(), kind);
            moved(log, &plus(&at, &[ext::TAG_KIND]), &plus(&at, &["kind"]));
            log.warn(Rule::V32Tags, &at, &["kind"], message);
        }
        let Some(parent) = obj.remove("parent") else {
            continue;
        };
        let me = names[i].clone().unwrap_or_default();
        let parent = parent.as_str().unwrap_or_default().to_string();
        let problem = if !names.iter().flatten().any(|n| *n == parent) {
            Some("names no tag of `tags`".to_string())
        } else if reaches(&parents, &parent, &me) {
            Some(format!("makes a cycle (`{parent}` is nested in `{me}`)"))
        } else {
            None
        };
        let message = match problem {
            Some(why) => {
                format!("tag `parent: {parent}` (3.2) {why}: dropped, `{me}` is a top-level tag")
            }
            None => {
                parents.insert(me.clone(), parent.clone());
                obj.insert(ext::TAG_PARENT.into(), Value::String(parent.clone()));
                moved(log, &plus(&at, &[ext::TAG_PARENT]), &plus(&at, &["parent"]));
                if group {
                    format!("tag `{me}` is nested in `{parent}` (3.2): its group is named by its path from the top")
                } else {
                    format!("tag `{me}` is nested in `{parent}` (3.2); a label, not a group of operations")
                }
            }
        };
        log.warn(Rule::V32Tags, &at, &["parent"], message);
    }
}

/// Whether following `parents` from `from` comes to `to`.
fn reaches(parents: &BTreeMap<String, String>, from: &str, to: &str) -> bool {
    let mut at = from;
    for _ in 0..=parents.len() {
        if at == to {
            return true;
        }
        match parents.get(at) {
            Some(p) => at = p,
            None => return false,
        }
    }
    true
}

/// A tag's `summary`, put at the start of its description.
fn tag_summary(obj: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let Some(summary) = obj.remove("summary") else {
        return;
    };
    if let Some(summary) = summary.as_str().filter(|s| !s.trim().is_empty()) {
        prepend(obj, summary);
    }
    log.warn(
        Rule::V32Tags,
        at,
        &["summary"],
        "tag `summary` (3.2): put at the start of its description".into(),
    );
}

/// `summary` at the start of `obj`'s description (or as it, when it has none).
fn prepend(obj: &mut Map<String, Value>, summary: &str) {
    let description = match obj.get("description").and_then(Value::as_str) {
        Some(d) if !d.trim().is_empty() && d.trim() != summary.trim() => {
            format!("{summary}\n\n{d}")
        }
        Some(d) if !d.trim().is_empty() => d.to_string(),
        _ => summary.to_string(),
    };
    obj.insert("description".into(), Value::String(description));
}

/// [`Rule::V32Field`] for a server's `name`.
fn servers(root: &mut Map<String, Value>, log: &mut Log) {
    let Some(list) = root.get_mut("servers").and_then(Value::as_array_mut) else {
        return;
    };
    for (i, server) in list.iter_mut().enumerate() {
        if let Some(name) = server.as_object_mut().and_then(|s| s.remove("name")) {
            log.warn(
                Rule::V32Field,
                &["servers", &i.to_string(), "name"],
                &[],
                format!("server `name: {name}` (3.2): dropped; the client's default base URL is the first usable server's"),
            );
        }
    }
}

/// [`Rule::V32Field`] for security schemes: `deprecated` kept (lowering
/// prefers another scheme), `oauth2MetadataUrl` and the
/// `deviceAuthorization` flow dropped (the client takes a token; it runs no
/// OAuth flow).
fn security_schemes(root: &mut Map<String, Value>, log: &mut Log) {
    let Some(schemes) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (name, scheme) in schemes.iter_mut() {
        let Some(obj) = scheme.as_object_mut() else {
            continue;
        };
        let at = ["components", "securitySchemes", name.as_str()];
        if let Some(deprecated) = obj.remove("deprecated") {
            if deprecated == Value::Bool(true) {
                obj.insert(ext::DEPRECATED.into(), Value::Bool(true));
                log.warn(
                    Rule::V32Field,
                    &at,
                    &["deprecated"],
                    format!("security scheme `{name}` is deprecated (3.2): the client uses it only when the API allows no other"),
                );
            }
        }
        if obj.remove("oauth2MetadataUrl").is_some() {
            log.warn(
                Rule::V32Field,
                &at,
                &["oauth2MetadataUrl"],
                "`oauth2MetadataUrl` (3.2): dropped; the client takes a bearer token, it runs no OAuth flow".into(),
            );
        }
        let device = obj
            .get_mut("flows")
            .and_then(Value::as_object_mut)
            .and_then(|f| f.remove("deviceAuthorization"));
        if device.is_some() {
            log.warn(
                Rule::V32Field,
                &at,
                &["flows", "deviceAuthorization"],
                "OAuth2 `deviceAuthorization` flow (3.2): dropped; the client takes the bearer token a flow gives".into(),
            );
        }
    }
}

/// [`Rule::V32Examples`] in `components/examples` (their media type is not
/// known: a `serializedValue` is read when it is JSON).
fn component_examples(root: &mut Map<String, Value>, log: &mut Log) {
    let Some(examples) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("examples"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (name, ex) in examples.iter_mut() {
        if let Some(ex) = ex.as_object_mut() {
            let at = ["components".to_string(), "examples".into(), name.clone()];
            example(ex, &at, Some(Media::Any), log);
        }
    }
}

/// [`Rule::V32Examples`] on one Example Object. `media`: what its value
/// is serialized as (`None`: a parameter's style, which is not read back).
fn example(ex: &mut Map<String, Value>, at: &[String], media: Option<Media>, log: &mut Log) {
    if let Some(data) = ex.remove("dataValue") {
        ex.remove("serializedValue");
        ex.insert("value".into(), data);
        moved(log, &plus(at, &["value"]), &plus(at, &["dataValue"]));
        log.warn(
            Rule::V32Examples,
            at,
            &["dataValue"],
            "`dataValue` (3.2): read as the example's `value`".into(),
        );
        return;
    }
    let Some(serialized) = ex.remove("serializedValue") else {
        return;
    };
    let text = serialized.as_str().unwrap_or_default();
    let read = match media {
        _ if ex.contains_key("value") => None,
        Some(Media::Json | Media::Any) => serde_json::from_str::<Value>(text)
            .ok()
            .map(|v| (v, "parsed as JSON")),
        Some(Media::Text) => Some((Value::String(text.to_string()), "as text")),
        _ => None,
    };
    let message = match read {
        Some((value, how)) => {
            ex.insert("value".into(), value);
            format!("`serializedValue` (3.2): read as the example's `value`, {how}")
        }
        None => "`serializedValue` (3.2): a serialization the client does not read back; dropped"
            .to_string(),
    };
    log.warn(Rule::V32Examples, at, &["serializedValue"], message);
}

/// The Example Objects of `obj`'s `examples` map.
fn examples_of(obj: &mut Map<String, Value>, at: &[String], media: Option<Media>, log: &mut Log) {
    let Some(examples) = obj.get_mut("examples").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, ex) in examples.iter_mut() {
        if let Some(ex) = ex.as_object_mut() {
            example(ex, &plus(at, &["examples", name]), media, log);
        }
    }
}

/// The rewrites below the document's top: path items, parameters,
/// responses, media types, schemas.
struct Structure<'u, 'w> {
    log: &'u mut Log<'w>,
    /// `components/mediaTypes`, taken out of the document.
    media_types: Map<String, Value>,
    /// The media type components some media type refers to.
    used: BTreeSet<String>,
}

impl Structure<'_, '_> {
    fn unused_media_types(&mut self) {
        let unused: Vec<String> = self
            .media_types
            .keys()
            .filter(|k| !self.used.contains(*k))
            .map(|k| format!("`{k}`"))
            .collect();
        if !unused.is_empty() {
            self.log.warn(
                Rule::V32MediaTypeRefs,
                &["components", "mediaTypes"],
                &[],
                format!(
                    "media types no content refers to ({}): dropped",
                    unused.join(", ")
                ),
            );
        }
    }

    /// [`Rule::V32MediaTypeRefs`]: a `$ref` media type gets the one it
    /// names (following a few references in a row).
    fn inline(&mut self, mt: &mut Map<String, Value>, at: &[String]) {
        let mut first = None;
        for _ in 0..8 {
            let Some(name) = mt
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/mediaTypes/"))
                .map(|n| n.replace("~1", "/").replace("~0", "~"))
            else {
                break;
            };
            let Some(Value::Object(found)) = self.media_types.get(&name) else {
                break;
            };
            *mt = found.clone();
            self.used.insert(name.clone());
            first.get_or_insert(name);
        }
        if let Some(name) = first {
            // Warned where the reference is, before its place maps to the component.
            self.log.warn(
                Rule::V32MediaTypeRefs,
                at,
                &["$ref"],
                format!("media type `$ref` to `components/mediaTypes/{name}` (3.2): inlined"),
            );
            moved(self.log, at, &["components", "mediaTypes", &name]);
        }
    }
}

impl Visitor for Structure<'_, '_> {
    fn path_item(&mut self, item: &mut Map<String, Value>, at: &[String]) {
        operations(item, at, self.log);
    }

    fn parameter(&mut self, p: &mut Map<String, Value>, at: &[String]) {
        examples_of(p, at, None, self.log);
        if p.get("in").and_then(Value::as_str) == Some("querystring") {
            querystring(p, at, self.log);
        }
    }

    /// [`Rule::V32Field`]: a response's `summary` starts its description.
    fn response(&mut self, r: &mut Map<String, Value>, at: &[String]) {
        let Some(summary) = r.remove("summary") else {
            return;
        };
        if let Some(summary) = summary.as_str().filter(|s| !s.trim().is_empty()) {
            prepend(r, summary);
        }
        self.log.warn(
            Rule::V32Field,
            at,
            &["summary"],
            "response `summary` (3.2): put at the start of its description".into(),
        );
    }

    fn media_type(&mut self, mt: &mut Map<String, Value>, at: &[String]) {
        self.inline(mt, at);
        let media = Media::of(at.last().map(String::as_str).unwrap_or_default());
        examples_of(mt, at, Some(media), self.log);
        if let Some(item) = mt.remove("itemSchema") {
            mt.insert(ext::ITEM_SCHEMA.into(), item);
            moved(
                self.log,
                &plus(at, &[ext::ITEM_SCHEMA]),
                &plus(at, &["itemSchema"]),
            );
            let name = at.last().map(String::as_str).unwrap_or_default();
            if crate::lower::media::stream(name) == Some(crate::ir::ResponseKind::Events) {
                if let Some(item) = mt.get_mut(ext::ITEM_SCHEMA) {
                    event_data(item, &plus(at, &[ext::ITEM_SCHEMA]), self.log);
                }
            }
            self.log.warn(
                Rule::V32ItemSchema,
                at,
                &["itemSchema"],
                "`itemSchema` (3.2), each item of a sequential body: the item's type is generated; an event stream, JSON Lines or JSON sequence body is a stream of such items".into(),
            );
        }
        for key in ["prefixEncoding", "itemEncoding"] {
            if mt.remove(key).is_some() {
                self.log.warn(
                    Rule::V32Field,
                    at,
                    &[key],
                    format!("`{key}` (3.2), the encoding of positional multipart parts: dropped"),
                );
            }
        }
    }

    /// [`Rule::V32Field`]: a discriminator's `defaultMapping`.
    fn schema(&mut self, s: &mut Value, at: &[String], _via: Option<&str>) {
        let dropped = s
            .get_mut("discriminator")
            .and_then(Value::as_object_mut)
            .and_then(|d| d.remove("defaultMapping"));
        if let Some(target) = dropped {
            self.log.warn(
                Rule::V32Field,
                at,
                &["discriminator", "defaultMapping"],
                format!("discriminator `defaultMapping: {target}` (3.2): dropped; a value whose tag maps to no variant decodes as the union's unknown variant"),
            );
        }
    }
}

/// [`Rule::V32ItemSchema`]: in the item schema of an event stream (whole
/// events: `event`, `data`, `id`, `retry`), a `data` property whose text is
/// JSON (`contentMediaType` absent or JSON) with a `contentSchema` is typed
/// by that schema: the runtime reads an event's data as JSON when it is, so
/// the event's `data` field is the decoded value, not its text. Looked for
/// in the item schema and in the inline branches of its `oneOf`/`anyOf` (a
/// union of events chosen by `event`); `at` is the item schema's pointer
/// (in the tree as this stage leaves it).
fn event_data(item: &mut Value, at: &[String], log: &mut Log) {
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = item.get_mut(key).and_then(Value::as_array_mut) {
            for (i, branch) in branches.iter_mut().enumerate() {
                event_data(branch, &plus(at, &[key, &i.to_string()]), log);
            }
        }
    }
    let Some(data) = item
        .get_mut("properties")
        .and_then(|p| p.get_mut("data"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let json_text = data
        .get("contentMediaType")
        .and_then(Value::as_str)
        .is_none_or(|m| m.to_ascii_lowercase().contains("json"));
    if !json_text {
        return;
    }
    let Some(Value::Object(mut schema)) = data.remove("contentSchema") else {
        return;
    };
    for key in ["description", "title"] {
        if let Some(v) = data.get(key).filter(|_| !schema.contains_key(key)) {
            schema.insert(key.into(), v.clone());
        }
    }
    *data = schema;
    let data_at = plus(at, &["properties", "data"]);
    log.warn(
        Rule::V32ItemSchema,
        &data_at,
        &["contentSchema"],
        "an event's `data` with a `contentSchema` (3.2): typed by that schema, the data read as JSON".into(),
    );
    moved(log, &data_at, &plus(&data_at, &["contentSchema"]));
}

/// [`Rule::V32Operations`]: `query` and `additionalOperations` into the
/// extension, by the method as sent.
fn operations(item: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    let mut ops = match item.remove(ext::OPERATIONS) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    if let Some(op) = item.remove("query") {
        ops.insert("QUERY".into(), op);
        moved(
            log,
            &plus(at, &[ext::OPERATIONS, "QUERY"]),
            &plus(at, &["query"]),
        );
        log.warn(
            Rule::V32Operations,
            at,
            &["query"],
            "`query` operation (3.2): an operation sent with the QUERY method".into(),
        );
    }
    match item.remove("additionalOperations") {
        None => {}
        Some(Value::Object(extra)) => {
            for (method, op) in extra {
                let was = plus(at, &["additionalOperations", &method]);
                let fixed = METHODS
                    .iter()
                    .chain(&["query"])
                    .any(|m| m.eq_ignore_ascii_case(&method));
                let message = if !is_method_token(&method) {
                    format!("`{method}` is not an HTTP method: dropped")
                } else if fixed || ops.contains_key(&method) {
                    format!("`{method}` has a field of its own (`{}`), which 3.2 requires instead: dropped", method.to_ascii_lowercase())
                } else {
                    ops.insert(method.clone(), op);
                    moved(log, &plus(at, &[ext::OPERATIONS, &method]), &was);
                    format!("`additionalOperations` entry (3.2): an operation sent with the {method} method")
                };
                log.warn(Rule::V32Operations, &was, &[], message);
            }
        }
        Some(_) => log.warn(
            Rule::V32Operations,
            at,
            &["additionalOperations"],
            "`additionalOperations` is not a map: dropped".into(),
        ),
    }
    if !ops.is_empty() {
        item.insert(ext::OPERATIONS.into(), Value::Object(ops));
    }
}

/// [`Rule::V32Querystring`]: `in: query`, marked as the whole query string;
/// a `schema` (3.2 wants `content`) is read as a form.
fn querystring(p: &mut Map<String, Value>, at: &[String], log: &mut Log) {
    p.insert("in".into(), Value::String("query".into()));
    p.insert(ext::QUERYSTRING.into(), Value::Bool(true));
    if !p.get("name").is_some_and(Value::is_string) {
        p.insert("name".into(), Value::String("query".into()));
    }
    for key in ["style", "explode", "allowReserved", "allowEmptyValue"] {
        p.remove(key);
    }
    const FORM: &str = "application/x-www-form-urlencoded";
    if !p.contains_key("content") {
        if let Some(schema) = p.remove("schema") {
            let mut form = Map::new();
            form.insert(FORM.into(), serde_json::json!({ "schema": schema }));
            p.insert("content".into(), Value::Object(form));
            moved(
                log,
                &plus(at, &["content", FORM, "schema"]),
                &plus(at, &["schema"]),
            );
        }
    }
    let media = p
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.keys().next().cloned())
        .unwrap_or_else(|| FORM.to_string());
    log.warn(
        Rule::V32Querystring,
        at,
        &["in"],
        format!("`in: querystring` (3.2): the whole query string, one value written as `{media}`"),
    );
}

#[cfg(test)]
mod tests;
