//! The verdicts: every kind of change the diff reports, whether it breaks
//! code written against the old client, and why. This table is the rule
//! book; the README's table is rendered from it ([`markdown_table`]) and a
//! test checks that the README holds exactly that.
//!
//! Breaking means code that compiled against the old client may not compile
//! (or may silently do something else) against the new one. Some additions
//! are compatible because of conventions the client's docs ask users to
//! follow: start calls with the group methods (`client.users().list(..)`),
//! not by filling an `operations::*` struct by hand; build request types with
//! `new(..)` or `Default::default()` + `..`, never with a full struct literal
//! or an exhaustive destructuring pattern; response types are decoded, not
//! built.

use serde::Serialize;

/// What a change means for code written against the old client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Compatible,
    Breaking,
}

macro_rules! kinds {
    ($($variant:ident = $name:literal, $severity:ident, $change:literal, $why:literal;)*) => {
        /// What changed; serialized in kebab-case (`field-type-changed`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub(crate) enum Kind {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl Kind {
            /// Every kind, in the order of the table.
            pub(crate) const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The name in the JSON report.
            pub(crate) fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            /// The verdict.
            pub(crate) fn severity(self) -> Severity {
                match self { $(Kind::$variant => Severity::$severity,)* }
            }

            /// The change, in a few words.
            pub(crate) fn change(self) -> &'static str {
                match self { $(Kind::$variant => $change,)* }
            }

            /// Why the verdict is what it is.
            pub(crate) fn why(self) -> &'static str {
                match self { $(Kind::$variant => $why,)* }
            }
        }
    };
}

kinds! {
    AuthChanged = "auth-changed", Compatible,
        "auth scheme changed", "runtime behaviour, same API";
    BaseUrlChanged = "base-url-changed", Compatible,
        "default base URL changed", "runtime behaviour, same API";
    OperationAdded = "operation-added", Compatible,
        "operation added", "a new method (and maybe a new group accessor)";
    OperationRemoved = "operation-removed", Breaking,
        "operation removed", "the method is gone";
    OperationRenamed = "operation-renamed", Breaking,
        "renamed, moved or in another group, and its Rust call changed", "the old call does not compile";
    OperationMoved = "operation-moved", Compatible,
        "renamed, moved or in another group, Rust call unchanged", "the call site still compiles; the SDK follows the new route";
    OperationDeprecated = "operation-deprecated", Compatible,
        "now deprecated, or no longer", "`#[deprecated]` warns, it does not fail";
    RequiredParamAdded = "required-param-added", Breaking,
        "required (or path) parameter added", "one more argument";
    OptionalParamAdded = "optional-param-added", Compatible,
        "optional parameter added", "a new setter on the call";
    ParamRemoved = "param-removed", Breaking,
        "parameter removed", "argument or setter gone";
    ParamRequiredChanged = "param-required-changed", Breaking,
        "parameter optional ↔ required", "a setter becomes an argument, or back";
    ParamTypeChanged = "param-type-changed", Breaking,
        "parameter type changed", "the argument's type changed";
    ArgumentOrderChanged = "argument-order-changed", Breaking,
        "positional arguments reordered", "calls may compile and swap values";
    PathParamRenamed = "path-param-renamed", Compatible,
        "path parameter renamed, same position", "arguments are positional";
    SetterRenamed = "setter-renamed", Breaking,
        "a setter's Rust name changed, same wire name", "the name is the API";
    RequiredBodyAdded = "required-body-added", Breaking,
        "required request body added", "a `body` argument";
    OptionalBodyAdded = "optional-body-added", Compatible,
        "optional request body added", "a `.body()` setter";
    BodyRemoved = "body-removed", Breaking,
        "request body removed", "the argument or setter is gone";
    BodyRequiredChanged = "body-required-changed", Breaking,
        "request body optional ↔ required", "the argument becomes a setter, or back";
    BodyTypeChanged = "body-type-changed", Breaking,
        "request body type changed", "the argument's type changed";
    BodyMediaChanged = "body-media-changed", Compatible,
        "request body media type changed (JSON ↔ form …)", "same Rust type, other encoding";
    ResponseTypeChanged = "response-type-changed", Breaking,
        "response type changed (`Vec<T>` → `T`, JSON → text …)", "`Response<T>` changed";
    ResponseEnvelopeChanged = "response-envelope-changed", Compatible,
        "response envelope changed, same type", "same Rust type";
    PaginationChanged = "pagination-changed", Compatible,
        "pagination changed, same type", "same Rust type";
    OptionalFieldAdded = "optional-field-added", Compatible,
        "optional field added (`Option<T>`)", "by the conventions above";
    RequiredFieldAdded = "required-field-added", Breaking,
        "required field added to a type used in a request", "`new(..)` gains an argument, and the server wants a value";
    RequiredResponseFieldAdded = "required-response-field-added", Compatible,
        "required field added to a response-only type", "response types are decoded, not built";
    FieldRemoved = "field-removed", Breaking,
        "field removed", "reads and writes of it fail";
    FieldTypeChanged = "field-type-changed", Breaking,
        "field type changed", "the field's Rust type changed";
    FieldNowOptional = "field-now-optional", Breaking,
        "field now optional (`T` → `Option<T>`)", "the field's Rust type changed";
    FieldNowRequired = "field-now-required", Breaking,
        "field now required (`Option<T>` → `T`)", "the field's Rust type changed";
    FieldNullHandling = "field-null-handling", Compatible,
        "field listed as required, still `Option` (null sent vs omitted)", "serialization only";
    FieldRenamed = "field-renamed", Breaking,
        "a field's Rust name changed, same wire name", "the name is the API";
    AdditionalPropertiesAdded = "additional-properties-added", Compatible,
        "additional properties added", "a new map field";
    AdditionalPropertiesRemoved = "additional-properties-removed", Breaking,
        "additional properties removed", "the map field is gone";
    AdditionalPropertiesTypeChanged = "additional-properties-type-changed", Breaking,
        "additional properties retyped", "the map field's type changed";
    EnumValueAdded = "enum-value-added", Breaking,
        "enum value added", "our enums are not `#[non_exhaustive]`: an exhaustive `match` stops compiling, and a value that decoded as `Unknown(\"v\")` now decodes as the new variant";
    EnumValueRemoved = "enum-value-removed", Breaking,
        "enum value removed", "the variant is gone";
    EnumVariantRenamed = "enum-variant-renamed", Breaking,
        "an enum variant's Rust name changed, same wire value", "the name is the API";
    UnionVariantAdded = "union-variant-added", Breaking,
        "union variant added", "the enum changed";
    UnionVariantRemoved = "union-variant-removed", Breaking,
        "union variant removed", "the enum changed";
    UnionVariantTypeChanged = "union-variant-type-changed", Breaking,
        "union variant retyped", "the enum changed";
}

impl Kind {
    /// Operation added, removed, renamed or moved: listed together.
    pub(crate) fn is_operation_list(self) -> bool {
        matches!(
            self,
            Kind::OperationAdded
                | Kind::OperationRemoved
                | Kind::OperationRenamed
                | Kind::OperationMoved
        )
    }
}

/// The table as Markdown, for the README: change, verdict, why.
pub(crate) fn markdown_table() -> String {
    let mut out = String::from("| change | verdict | why | `kind` |\n| --- | --- | --- | --- |\n");
    for kind in Kind::ALL {
        let verdict = match kind.severity() {
            Severity::Breaking => "**breaking**",
            Severity::Compatible => "compatible",
        };
        out.push_str(&format!(
            "| {} | {verdict} | {} | `{}` |\n",
            kind.change(),
            kind.why(),
            kind.name()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_match_serde() {
        let mut seen = std::collections::BTreeSet::new();
        for kind in Kind::ALL {
            assert!(seen.insert(kind.name()), "{}", kind.name());
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::String(kind.name().into())
            );
        }
    }

    #[test]
    fn the_readme_holds_the_table() {
        let readme = std::fs::read_to_string(crate::util::project_root().join("README.md"))
            .expect("README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md must contain the diff rules table exactly as \
             `xtask/src/diff/kinds.rs` renders it:\n\n{table}"
        );
    }
}
