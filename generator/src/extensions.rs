//! The extensions the OpenAPI 3.2 upgrade writes for what `openapiv3` (a
//! 3.0 model) has no field for, and how the later stages read them back.
//!
//! The upgrade (`normalize::v32`) moves each 3.2 construct into one of these
//! `x-oas-*` extensions, which `openapiv3` keeps as JSON; normalization walks
//! into them like into their 3.2 places, and lowering and the instance
//! drawer read them here. Nothing else names them. (A 3.0 document that
//! writes them is read the same way.)
//!
//! | 3.2 writes | kept as |
//! | --- | --- |
//! | path item `query`, `additionalOperations` | [`OPERATIONS`]: method as sent → operation |
//! | parameter `in: querystring` | `in: query` with [`QUERYSTRING`] `true` |
//! | media type `itemSchema` | [`ITEM_SCHEMA`] |
//! | tag `parent`, `kind` | [`TAG_PARENT`], [`TAG_KIND`] |
//! | security scheme `deprecated` | [`DEPRECATED`] |

use openapiv3::{MediaType, Operation, PathItem, ReferenceOr, Schema, Tag};
use serde_json::Value;

/// Path item: the operations of methods `openapiv3` has no field for, by the
/// method as sent (`QUERY` for 3.2's `query`, `additionalOperations` keys as
/// written), in document order.
pub const OPERATIONS: &str = "x-oas-operations";
/// Parameter: `true` on an `in: query` parameter that is the whole query
/// string (3.2's `in: querystring`), described by its `content`.
pub const QUERYSTRING: &str = "x-oas-querystring";
/// Media type: the schema of each item of a sequential media type (3.2's
/// `itemSchema`).
pub const ITEM_SCHEMA: &str = "x-oas-item-schema";
/// Tag: the name of the tag it is nested under (3.2's `parent`).
pub const TAG_PARENT: &str = "x-oas-parent";
/// Tag: what sort of tag it is (3.2's `kind`: `nav`, `badge`, `audience`, …).
pub const TAG_KIND: &str = "x-oas-kind";
/// Security scheme: `true` when the document deprecates it.
pub const DEPRECATED: &str = "x-oas-deprecated";

/// The operations of a path item `openapiv3` does not hold, in document
/// order: (method as sent, operation). Parsing checked that each one reads.
pub fn operations(item: &PathItem) -> Vec<(String, Operation)> {
    let Some(Value::Object(ops)) = item.extensions.get(OPERATIONS) else {
        return Vec::new();
    };
    ops.iter()
        .filter_map(|(method, op)| Some((method.clone(), serde_json::from_value(op.clone()).ok()?)))
        .collect()
}

/// The item schema of a media type (3.2's `itemSchema`), when it has one.
pub fn item_schema(mt: &MediaType) -> Option<ReferenceOr<Schema>> {
    serde_json::from_value(mt.extensions.get(ITEM_SCHEMA)?.clone()).ok()
}

/// Whether a parameter's data marks it as the whole query string.
pub fn is_querystring(extensions: &indexmap::IndexMap<String, Value>) -> bool {
    extensions.get(QUERYSTRING) == Some(&Value::Bool(true))
}

/// A tag's parent (3.2's `parent`), when it names one.
pub fn tag_parent(tag: &Tag) -> Option<&str> {
    tag.extensions.get(TAG_PARENT)?.as_str()
}

/// Whether a tag groups operations: it has no `kind`, or `kind: nav`
/// ("used in documentation to group operations into sections", the tag
/// kind registry says). `badge`, `audience` and other kinds label
/// operations; they are not groups.
pub fn groups_operations(tag: &Tag) -> bool {
    match tag.extensions.get(TAG_KIND) {
        None => true,
        Some(kind) => kind.as_str() == Some("nav"),
    }
}

/// Whether a security scheme's extensions say the document deprecates it.
pub fn is_deprecated(extensions: &indexmap::IndexMap<String, Value>) -> bool {
    extensions.get(DEPRECATED) == Some(&Value::Bool(true))
}

/// Whether `method` can be sent as an HTTP method: an RFC 9110 token.
pub fn is_method_token(method: &str) -> bool {
    !method.is_empty()
        && method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_tokens() {
        for ok in ["QUERY", "COPY", "purge", "M-SEARCH"] {
            assert!(is_method_token(ok), "{ok}");
        }
        for bad in ["", "GET /x", "LOCK\n", "Ü"] {
            assert!(!is_method_token(bad), "{bad}");
        }
    }

    #[test]
    fn tags_that_group() {
        let tag = |v: Value| -> Tag { serde_json::from_value(v).unwrap() };
        use serde_json::json;
        assert!(groups_operations(&tag(json!({"name": "t"}))));
        assert!(groups_operations(&tag(
            json!({"name": "t", "x-oas-kind": "nav"})
        )));
        assert!(!groups_operations(&tag(
            json!({"name": "t", "x-oas-kind": "badge"})
        )));
        assert!(!groups_operations(&tag(
            json!({"name": "t", "x-oas-kind": "audience"})
        )));
        assert_eq!(
            tag_parent(&tag(json!({"name": "t", "x-oas-parent": "p"}))),
            Some("p")
        );
    }
}
