//! Which OpenAPI version a document is, and bringing Swagger 2.0 and OpenAPI
//! 3.1 and 3.2 documents to the 3.0 layout the rest of the pipeline reads.
//!
//! One model: `openapiv3` (3.0) stays what lowering sees. A 2.0, 3.1 or 3.2
//! document is rewritten on the JSON tree first ([`super::v20`],
//! [`super::v31`]; a 3.2 document is 3.1 plus, so [`super::v32`] brings it
//! to the 3.1 layout and the 3.1 rules follow), each change a [`Rule`] with a
//! warning whose pointer is
//! into the original document; the [`Relocations`] it returns map the
//! pointers of later warnings (3.0 quirk rules, lowering) back there too.

use super::log::Log;
use super::tree::describe;
use super::{v20, v31, v32};
use crate::pointer::Relocations;
use crate::rules::{Rule, Warning};
use serde_json::{Map, Value};

/// The versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Swagger20,
    OpenApi30,
    OpenApi31,
    OpenApi32,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Swagger20 => "Swagger 2.0",
            Version::OpenApi30 => "OpenAPI 3.0",
            Version::OpenApi31 => "OpenAPI 3.1",
            Version::OpenApi32 => "OpenAPI 3.2",
        }
    }
}

const SUPPORTED: &str = "the generator reads Swagger 2.0, OpenAPI 3.0.x, 3.1.x and 3.2.x";

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
            Log::new(warnings).warn(
                Rule::BadKeywordValue,
                &[key],
                &[],
                format!("`{key}` is the number {text}, not a string; read as \"{text}\""),
            );
            root.insert(key.into(), Value::String(text.clone()));
            text
        }
        other => {
            return Err((
                at,
                format!(
                    "`{key}` is {}, not a version string ({SUPPORTED})",
                    describe(Some(other))
                ),
            ))
        }
    };
    let is = |v: &str| text == v || text.starts_with(&format!("{v}."));
    match key {
        "openapi" if is("3.0") => Ok(Version::OpenApi30),
        "openapi" if is("3.1") => Ok(Version::OpenApi31),
        "openapi" if is("3.2") => Ok(Version::OpenApi32),
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
    let mut log = Log::new(warnings);
    match version {
        Version::OpenApi30 => {}
        Version::OpenApi31 => v31::upgrade(doc, &mut log),
        Version::OpenApi32 => {
            v32::upgrade(doc, &mut log);
            log.moves.next_stage();
            v31::upgrade(doc, &mut log);
        }
        Version::Swagger20 => v20::upgrade(doc, &mut log),
    }
    log.moves
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
        assert_eq!(version(json!({"openapi": "3.2.0"})), Ok(Version::OpenApi32));
        assert!(version(json!({"openapi": "3.20.0"})).is_err());
        assert!(version(json!({"openapi": "3.3.0"})).is_err());
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
}
