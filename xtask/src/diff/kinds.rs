//! The verdicts: every kind of change the diff reports, whether it breaks
//! code written against the old client, and why. This table is the rule
//! book; the README's table is rendered from it ([`markdown_table`]) and a
//! test checks that the README holds exactly that.
//!
//! Breaking means code that compiled against the old client may not compile
//! (or may silently do something else) against the new one. Additions are
//! compatible because the generated crate is made for them: every type is
//! `#[non_exhaustive]` (structs are built with `new(..)` or `Default`, then
//! their fields set; matches on enums and unions have a `_` arm), and the
//! `operations` structs are hidden (calls start from the group methods).
//! Where a verdict is stricter than `cargo-semver-checks` (a field's type
//! changed, a change only on the wire), the diff fixtures say why.

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
        "authentication changed: a security scheme, or what the API or an operation requires, and no credential setter", "runtime behaviour, same API";
    ClientSetupAdded = "client-setup-added", Compatible,
        "a credential setter (a new security scheme) or `Client::new` added", "a new method";
    ClientSetupChanged = "client-setup-changed", Breaking,
        "`Client::new`, `Client::builder` or a credential setter removed or changed (schemes named anew, servers gone)", "code that builds the client stops compiling";
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
        "optional field added (`Option<T>`)", "structs are `#[non_exhaustive]`: built with `new(..)` or `Default`, which do not change";
    RequiredFieldAdded = "required-field-added", Breaking,
        "required field added", "`new(..)` gains an argument (and a request must now carry it)";
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
    EnumValueAdded = "enum-value-added", Compatible,
        "enum value added", "enums are `#[non_exhaustive]`; at run time a value that decoded as `Unknown(\"v\")` now decodes as the new variant";
    EnumValueRemoved = "enum-value-removed", Breaking,
        "enum value removed", "the variant is gone";
    EnumVariantRenamed = "enum-variant-renamed", Breaking,
        "an enum variant's Rust name changed, same wire value", "the name is the API";
    UnionVariantAdded = "union-variant-added", Compatible,
        "union variant added", "unions are `#[non_exhaustive]`; at run time values of the new shape (or tag) decode as it";
    UnionVariantRemoved = "union-variant-removed", Breaking,
        "union variant removed", "the variant is gone";
    UnionVariantTypeChanged = "union-variant-type-changed", Breaking,
        "union variant retyped", "the variant's payload type changed";
    TypeAdded = "type-added", Compatible,
        "type added", "a new name in `types`";
    TypeRemoved = "type-removed", Breaking,
        "type removed", "code naming it stops compiling";
    TypeRenamed = "type-renamed", Breaking,
        "type renamed (same shape, new name)", "code naming it stops compiling";
    TypeKindChanged = "type-kind-changed", Breaking,
        "a type changed kind (struct, enum, union, alias; string ↔ integer enum)", "its whole API changed";
    AliasChanged = "alias-changed", Breaking,
        "a type alias names another type", "the alias's Rust type changed";
    DefaultRemoved = "default-removed", Breaking,
        "a struct no longer implements `Default`", "`Default::default()` stops compiling";
    DefaultAdded = "default-added", Compatible,
        "a struct now implements `Default`", "a new trait impl";
    SuccessResponseRemoved = "success-response-removed", Breaking,
        "the spec no longer documents a success response", "what a call returns is no longer described (even when its type was already `Value`)";
    SuccessResponseAdded = "success-response-added", Compatible,
        "a success response is documented where none was", "more is known; the type follows";
    SuccessStatusChanged = "success-status-changed", Compatible,
        "the documented success status changed (200 → 201 …)", "same Rust type";
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
