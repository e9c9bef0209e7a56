//! Which OpenAPI version a document is, and bringing Swagger 2.0 and OpenAPI
//! 3.1 documents to the 3.0 layout the rest of the pipeline reads.
//!
//! One model: `openapiv3` (3.0) stays what lowering sees. A 2.0 or 3.1
//! document is rewritten on the JSON tree first ([`super::v20`],
//! [`super::v31`]), each change a [`Rule`] with a warning whose pointer is
//! into the original document; the [`Relocations`] it returns map the
//! pointers of later warnings (3.0 quirk rules, lowering) back there too.

use crate::pointer::{self, Relocations};
use crate::rules::{Rule, Warning};
use serde_json::{Map, Value};

/// The versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Swagger20,
    OpenApi30,
    OpenApi31,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Swagger20 => "Swagger 2.0",
            Version::OpenApi30 => "OpenAPI 3.0",
            Version::OpenApi31 => "OpenAPI 3.1",
        }
    }
}

const SUPPORTED: &str = "the generator reads Swagger 2.0, OpenAPI 3.0.x and 3.1.x";

/// The document's version, from `openapi` (else `swagger`). A version
/// written as a YAML number (`openapi: 3.0`) is read as its text, with a
/// warning. Errors are (pointer, message).
pub fn detect(
    root: &mut Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Result<Version, (String, String)> {
    let key = if root.contains_key("openapi") {
        "openapi"
    } else if root.contains_key("swagger") {
        "swagger"
    } else {
        return Err((
            "/openapi".into(),
            format!("no `openapi` (or `swagger`) version field: is this an OpenAPI document? ({SUPPORTED})"),
        ));
    };
    let at = format!("/{key}");
    let text = match &root[key] {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => {
            let text = n.to_string();
            warnings.push(Warning {
                rule: Rule::BadKeywordValue,
                pointer: at.clone(),
                message: format!("`{key}` is the number {text}, not a string; read as \"{text}\""),
            });
            root.insert(key.into(), Value::String(text.clone()));
            text
        }
        other => {
            return Err((
                at,
                format!(
                    "`{key}` is {}, not a version string ({SUPPORTED})",
                    super::describe(Some(other))
                ),
            ))
        }
    };
    let is = |v: &str| text == v || text.starts_with(&format!("{v}."));
    match key {
        "openapi" if is("3.0") => Ok(Version::OpenApi30),
        "openapi" if is("3.1") => Ok(Version::OpenApi31),
        "swagger" if text == "2.0" || text == "2" => Ok(Version::Swagger20),
        "openapi" => Err((
            at,
            format!("OpenAPI version {text} is not supported ({SUPPORTED})"),
        )),
        _ => Err((
            at,
            format!("Swagger version {text} is not supported ({SUPPORTED})"),
        )),
    }
}

/// Bring the document to the OpenAPI 3.0 layout.
pub fn upgrade(doc: &mut Value, version: Version, warnings: &mut Vec<Warning>) -> Relocations {
    let mut up = Up {
        warnings,
        moves: Relocations::default(),
    };
    match version {
        Version::OpenApi30 => {}
        Version::OpenApi31 => super::v31::upgrade(doc, &mut up),
        Version::Swagger20 => super::v20::upgrade(doc, &mut up),
    }
    up.moves
}

/// The state of an upgrade: warnings, and where things moved.
pub(super) struct Up<'a> {
    pub warnings: &'a mut Vec<Warning>,
    pub moves: Relocations,
}

impl Up<'_> {
    /// Warn about the node now at `at`, located in the original document.
    pub fn warn<S: AsRef<str>>(&mut self, rule: Rule, at: &[S], message: String) {
        let pointer = self.moves.original(&pointer::join(at));
        self.warnings.push(Warning {
            rule,
            pointer,
            message,
        });
    }

    /// A warning at a pointer into the original document already (the
    /// `was` of a move), which must not be mapped again: something else may
    /// have moved to that place since.
    pub fn warn_original<S: AsRef<str>>(&mut self, rule: Rule, was: &[S], message: String) {
        self.warnings.push(Warning {
            rule,
            pointer: pointer::join(was),
            message,
        });
    }

    /// What is now at `now` was at `was` (token lists).
    pub fn moved<S: AsRef<str>, T: AsRef<str>>(&mut self, now: &[S], was: &[T]) {
        self.moves.record(pointer::join(now), pointer::join(was));
    }
}

/// `components/schemas` of the document root, made when missing; `None`
/// when either is not a map.
pub(super) fn component_schemas(root: &mut Map<String, Value>) -> Option<&mut Map<String, Value>> {
    root.entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// `base`, or `base2`, `base3`, … : the first name not in `taken` (then taken).
pub(super) fn first_free(base: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let name = std::iter::once(base.to_string())
        .chain((2..).map(|i| format!("{base}{i}")))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.to_string());
    taken.insert(name.clone());
    name
}

/// Tokens `at` + `more`.
pub(super) fn plus<S: AsRef<str>>(at: &[S], more: &[&str]) -> Vec<String> {
    at.iter()
        .map(|s| s.as_ref().to_string())
        .chain(more.iter().map(|s| s.to_string()))
        .collect()
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
pub(super) fn ref_siblings(obj: &mut Map<String, Value>, at: &[String], up: &mut Up) {
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
    up.warn(Rule::RefSiblings, at, message);
}

/// A documented reference (`allOf: [{$ref: C}]` with a `description`) whose
/// type contains itself through other documented references: the lowering
/// copies the referenced object into such a reference, which for a cycle
/// never ends (Azure's `InnerError.innererror`). Those lose their
/// description and stay plain references ([`Rule::RefSiblings`]).
pub(super) fn unwrap_recursive(doc: &mut Value, up: &mut Up) {
    struct Found(Vec<(Vec<String>, String)>);
    impl super::walk::Visitor for Found {
        fn schema(&mut self, s: &mut Value, at: &[String], _root: bool) {
            if let Some(target) = documented_ref(s) {
                self.0.push((at.to_vec(), target));
            }
        }
    }
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let mut found = Found(Vec::new());
    super::walk::document(root, &mut found);
    let owner = |at: &[String]| -> Option<String> {
        (at.len() > 3 && at[0] == "components" && at[1] == "schemas").then(|| at[2].clone())
    };
    let mut edges: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (at, target) in &found.0 {
        if let Some(from) = owner(at) {
            edges.entry(from).or_default().push(target.clone());
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = std::collections::BTreeSet::new();
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
        up.warn(
            Rule::RefSiblings,
            at,
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
    use super::*;
    use serde_json::json;

    fn version(doc: Value) -> Result<Version, (String, String)> {
        let mut doc = doc;
        detect(doc.as_object_mut().unwrap(), &mut Vec::new())
    }

    #[test]
    fn versions() {
        assert_eq!(version(json!({"openapi": "3.0.3"})), Ok(Version::OpenApi30));
        assert_eq!(version(json!({"openapi": "3.1.0"})), Ok(Version::OpenApi31));
        assert_eq!(version(json!({"openapi": "3.1"})), Ok(Version::OpenApi31));
        assert_eq!(version(json!({"swagger": "2.0"})), Ok(Version::Swagger20));
        let (at, message) = version(json!({"openapi": "4.0"})).unwrap_err();
        assert_eq!(at, "/openapi");
        assert!(
            message.contains("OpenAPI version 4.0 is not supported"),
            "{message}"
        );
        let (at, message) = version(json!({"swagger": "1.2"})).unwrap_err();
        assert_eq!(at, "/swagger");
        assert!(message.contains("Swagger version 1.2"), "{message}");
        assert!(version(json!({"openapi": "3.10.0"})).is_err());
        assert!(version(json!({"openapi": {"v": 3}}))
            .unwrap_err()
            .1
            .contains("a map"));
        assert_eq!(version(json!({"info": {}})).unwrap_err().0, "/openapi");
    }

    #[test]
    fn a_numeric_version_is_read_as_text() {
        let mut doc = json!({"openapi": 3.0});
        let mut w = Vec::new();
        assert_eq!(
            detect(doc.as_object_mut().unwrap(), &mut w),
            Ok(Version::OpenApi30)
        );
        assert_eq!(doc["openapi"], "3.0");
        assert_eq!(w[0].rule, Rule::BadKeywordValue);
    }

    #[test]
    fn ref_siblings_become_a_documented_reference() {
        let mut w = Vec::new();
        let mut up = Up {
            warnings: &mut w,
            moves: Relocations::default(),
        };
        let mut s = json!({"$ref": "#/components/schemas/A", "description": "d",
                           "type": ["object", "null"], "minimum": 1, "x-a": 1});
        ref_siblings(s.as_object_mut().unwrap(), &["s".into()], &mut up);
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
        let mut up = Up {
            warnings: &mut w,
            moves: Relocations::default(),
        };
        let mut s = json!({"$ref": "#/components/schemas/A", "x-skip": true, "foo": 1});
        let before = s.clone();
        ref_siblings(s.as_object_mut().unwrap(), &["s".into()], &mut up);
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
