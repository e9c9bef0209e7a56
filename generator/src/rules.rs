//! The rules: every repair or workaround the generator applies to a spec, as
//! a value. Each [`Warning`] names one; `generator --help` lists them
//! from [`Rule::ALL`]; `--strict` turns the first one that fires into an error.
//!
//! Where a rule fires ([`Stage`]): `load` repairs what JSON cannot hold,
//! `normalize` repairs the document's quirks before `openapiv3` reads it, and
//! `lower` reports what it has to skip or rename while building the IR (it
//! never changes the document).

use std::fmt;

/// The pipeline stage a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Load,
    Normalize,
    Lower,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Normalize => "normalize",
            Stage::Lower => "lower",
        }
    }
}

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $stage:ident, $description:literal;)*) => {
        /// A named repair or workaround; see the module docs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in pipeline order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's name in warnings, e.g. `properties-not-a-map`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            /// What the rule repairs, and how.
            pub fn description(self) -> &'static str {
                match self {
                    $(Rule::$variant => $description,)*
                }
            }

            /// Whether it leaves a warning (a silent rule repairs a
            /// convention, not a fault).
            pub fn warns(self) -> bool {
                !matches!(self, Rule::NullExampleType)
            }

            /// Where it fires.
            pub fn stage(self) -> Stage {
                match self {
                    $(Rule::$variant => Stage::$stage,)*
                }
            }
        }
    };
}

rules! {
    NonFiniteNumber = "non-finite-number", Load,
        "a YAML number with no JSON form (`.nan`, `.inf`): read as null";
    BigInteger = "big-integer", Load,
        "a YAML integer beyond 64 bits (`-9223372036854776000`, JavaScript's `i64::MIN`): read as the nearest 64-bit integer";
    ComplexKey = "complex-key", Load,
        "a YAML mapping key that is itself a list or mapping: entry dropped";
    NonStringKey = "non-string-key", Load,
        "a YAML mapping key that is not a string (`1:`): read as a string";
    DuplicateKey = "duplicate-key", Load,
        "a mapping key written twice: the last one wins";
    V20Servers = "v20-servers", Normalize,
        "Swagger 2.0 `host`, `basePath` and `schemes`: read as `servers` (one URL per scheme; a relative URL without `host`)";
    V20Components = "v20-components", Normalize,
        "Swagger 2.0 top-level `definitions`, `parameters` and `responses`: moved to `components` (body parameters to `requestBodies`), every `$ref` rewritten";
    V20SecurityScheme = "v20-security-scheme", Normalize,
        "a Swagger 2.0 security definition: read as a security scheme (`basic` → HTTP basic, `apiKey` as is, an OAuth2 `flow` → `flows`)";
    V20Body = "v20-body", Normalize,
        "Swagger 2.0 `body` or `formData` parameters: one request body, under the operation's `consumes` media types (form fields: multipart when one is a file, else urlencoded)";
    V20Parameter = "v20-parameter", Normalize,
        "a Swagger 2.0 parameter's `type`, `format`, `items`, `enum`, … : moved into its `schema`";
    V20CollectionFormat = "v20-collection-format", Normalize,
        "a Swagger 2.0 `collectionFormat` with no OpenAPI 3.0 equivalent the client sends (`ssv`, `pipes`, `tsv`, `multi` outside the query): the closest style";
    V20Response = "v20-response", Normalize,
        "a Swagger 2.0 response's `schema`, `headers` and `examples`: content under the operation's `produces` media types, header schemas, media type examples";
    V20File = "v20-file", Normalize,
        "Swagger 2.0 `type: file` (a form field or a response): a binary string";
    V20XNullable = "v20-x-nullable", Normalize,
        "the Swagger 2.0 extension `x-nullable`: read as `nullable`";
    V20Discriminator = "v20-discriminator", Normalize,
        "a Swagger 2.0 `discriminator` (a property name): read as `discriminator: {propertyName}`";
    V31TypeList = "v31-type-list", Normalize,
        "OpenAPI 3.1 `type` as a list: `[T, 'null']` → `T` + `nullable`; several types → `anyOf` of one schema per type, each with its own keywords; `type: 'null'` → `nullable`";
    V31NullBranch = "v31-null-branch", Normalize,
        "OpenAPI 3.1 `{type: 'null'}` branch of `anyOf`/`oneOf`: removed, the schema is `nullable`";
    V31Const = "v31-const", Normalize,
        "OpenAPI 3.1 `const`: a one-value `enum`, typed by the value (`const: 3` → `type: integer, enum: [3]`)";
    V31Examples = "v31-examples", Normalize,
        "OpenAPI 3.1 schema `examples` (a list): the first is the schema's `example`; at the top of a media type without examples, all become the media type's `examples`";
    RefSiblings = "ref-siblings", Normalize,
        "keywords beside a schema `$ref` (3.1 allows them; 2.0 writers use them): `allOf: [{$ref}]` with the siblings that matter (description, default, nullable, …)";
    V31ExclusiveBound = "v31-exclusive-bound", Normalize,
        "OpenAPI 3.1 `exclusiveMinimum`/`exclusiveMaximum` as numbers: the bound in `minimum`/`maximum`, the flag `true`";
    V31PrefixItems = "v31-prefix-items", Normalize,
        "OpenAPI 3.1 `prefixItems` (a tuple): `items` of the one schema, or `anyOf` the different ones";
    V31ContentEncoding = "v31-content-encoding", Normalize,
        "OpenAPI 3.1 `contentEncoding: base64` → `format: byte`; a binary `contentMediaType` → `format: binary`";
    V31BooleanSchema = "v31-boolean-schema", Normalize,
        "OpenAPI 3.1 `true`/`false` as a schema: `{}` (any value) / `{not: {}}`";
    SchemaDefs = "schema-defs", Normalize,
        "`$defs` (or `definitions`) inside a schema: each moved to `components/schemas` under a unique name, references rewritten";
    LocalRef = "local-ref", Normalize,
        "a schema `$ref` the lowering cannot follow (into `$defs` or below a component, `$id`/`$anchor`-relative, `$recursiveRef`/`$dynamicRef`): rewritten to `#/components/schemas/…`, the target moved there when needed";
    V31Webhooks = "v31-webhooks", Normalize,
        "OpenAPI 3.1 `webhooks`: requests the API sends, not operations of the client; dropped (their payload schemas are still emitted as types, an inline one moved to components/schemas as `{name}Webhook`)";
    V31PathItems = "v31-path-items", Normalize,
        "OpenAPI 3.1 `components/pathItems`: path items that `$ref` one are inlined; the section is dropped";
    V31Dialect = "v31-dialect", Normalize,
        "OpenAPI 3.1 `jsonSchemaDialect` other than the OpenAPI default: schemas are still read as the OpenAPI dialect";
    V31Field = "v31-field", Normalize,
        "an OpenAPI 3.1 field 3.0 has no place for (`info.summary`, `license.identifier`, a `mutualTLS` scheme, missing `paths` or `responses`): moved where 3.0 has a place for it, else dropped";
    V32Operations = "v32-operations", Normalize,
        "an OpenAPI 3.2 `query` operation or `additionalOperations` (custom methods): kept in the path item extension `x-oas-operations`, read as operations sent with that method (`QUERY`, or the key as written); a key that is not an HTTP method token, or names a method with a field of its own, is dropped";
    V32Querystring = "v32-querystring", Normalize,
        "an OpenAPI 3.2 `in: querystring` parameter (the whole query string, described by `content`): read as `in: query` marked `x-oas-querystring`, one argument whose value is form-encoded into the query string";
    V32ItemSchema = "v32-item-schema", Normalize,
        "an OpenAPI 3.2 media type `itemSchema` (each item of a sequential media type: `text/event-stream`, `application/jsonl`, …): kept as `x-oas-item-schema`; the item's type is generated (`{Operation}Item`), and a streaming media type's body is a stream of such items; in an event stream's item, a `data` property with a JSON `contentSchema` is typed by that schema (an event's data is read as JSON)";
    V32Tags = "v32-tags", Normalize,
        "OpenAPI 3.2 tag `parent`, `kind` and `summary`: nesting and kind kept as `x-oas-parent`/`x-oas-kind` (a nested group is named by its path; only `nav` tags and tags without a kind are groups), the summary put at the start of the description; a parent that names no tag, or makes a cycle, is dropped";
    V32Examples = "v32-examples", Normalize,
        "an OpenAPI 3.2 Example Object's `dataValue` (read as `value`) or `serializedValue` (read as `value` when the media type is JSON, parsed, or text; else dropped)";
    V32MediaTypeRefs = "v32-media-type-refs", Normalize,
        "OpenAPI 3.2 `components/mediaTypes`: media types that `$ref` one are inlined; the section is dropped";
    V32Field = "v32-field", Normalize,
        "an OpenAPI 3.2 field 3.0 has no place for: `$self` (references through it read as local), a response `summary` (the start of its description), a security scheme's `deprecated` (such a scheme is not the client's auth when another is allowed); server `name`, `oauth2MetadataUrl`, the `deviceAuthorization` flow, discriminator `defaultMapping`, `prefixEncoding`/`itemEncoding`: dropped";
    InfoMissing = "info-missing", Normalize,
        "`info`, `info.title` or `info.version` missing, null or not a string";
    EmptyOperationId = "empty-operation-id", Normalize,
        "`operationId` empty or not a string: removed, a name is derived instead";
    PropertiesNotAMap = "properties-not-a-map", Normalize,
        "`properties` written as a list (`properties: []`, a YAML sequence): turned into a map, or an array for a list of schemas by position";
    NonStandardType = "non-standard-type", Normalize,
        "`type` outside the seven JSON Schema types (`date`, `numeric`, `string|null`, `file`, …): mapped to the nearest standard type";
    RequiredNotAList = "required-not-a-list", Normalize,
        "`required: true` on a property schema: moved to the parent's `required` list";
    EnumMismatch = "enum-mismatch", Normalize,
        "`enum` values of another type than the schema's: converted, or the enum ignored";
    BadKeywordValue = "bad-keyword-value", Normalize,
        "a keyword with a value of the wrong JSON type (`minimum: \"1\"`, `nullable: \"true\"`, `items: [..]`, an integer's `minimum: 0.0`): converted or dropped";
    ParameterWithoutSchema = "parameter-without-schema", Normalize,
        "a parameter with neither `schema` nor `content`: given an empty schema";
    IncompleteSecurityScheme = "incomplete-security-scheme", Normalize,
        "a security scheme without a field OpenAPI 3.0 requires (an OAuth2 flow's `scopes` or URLs, an API key's `name`/`in`, an HTTP `scheme`): filled in (empty, `in: header`, `scheme: bearer`)";
    NullExampleType = "null-example-type", Normalize,
        "(silent) `type: string, nullable: true, example: null`, Scribe's way of writing a value only seen as null: the type is unknown, so `type` is dropped";
    PathItemRef = "path-item-ref", Lower,
        "a `$ref` path item: not supported, its operations are skipped";
    DuplicateOperationId = "duplicate-operation-id", Lower,
        "an `operationId` used twice: the later operation gets a numbered name";
    UnresolvedRef = "unresolved-ref", Lower,
        "a `$ref` that names nothing in `components`: skipped (parameters) or read as any value (schemas)";
    CookieParameter = "cookie-parameter", Lower,
        "a cookie parameter: not supported, skipped";
    UnusedPathParameter = "unused-path-parameter", Lower,
        "a path parameter that does not appear in the path template: skipped";
    UndeclaredPathParameter = "undeclared-path-parameter", Lower,
        "a `{variable}` of the path template without a parameter: read as a string argument";
    QuerystringParameter = "querystring-parameter", Lower,
        "an `in: querystring` parameter the client cannot send: a media type other than a form, or a second one (skipped); beside `in: query` parameters, which OpenAPI 3.2 forbids, the query ones are skipped";
    AllOfConflict = "all-of-conflict", Lower,
        "an `allOf` part that is not an object beside object parts (a list, a union, a scalar): left out of the merged type";
    UndeclaredExampleKey = "undeclared-example-key", Lower,
        "an object's examples show keys its schema does not declare (Scribe declares an array's item properties from its first element): optional fields typed from the examples' values (a value of another type is kept with the object's other keys)";
    UnnamedVariant = "unnamed-variant", Lower,
        "untagged union variants that nothing tells apart by name (no `$ref`, `title`, `format` or property of their own): numbered (`Object`, `Object2`)";
    TooDeep = "too-deep", Lower,
        "a schema nested more than 64 levels deep: read as any value";
    UnusableServerUrl = "unusable-server-url", Lower,
        "a server URL that is not an absolute http(s) URL after filling in its variables: skipped";
    UndefinedSecurityScheme = "undefined-security-scheme", Lower,
        "a security requirement naming no scheme of `components.securitySchemes`: a bearer token is assumed";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rules as help text: one line per rule, grouped by stage.
pub fn help() -> String {
    let mut out = String::new();
    for rule in Rule::ALL {
        out.push_str(&format!(
            "  {:<26} [{}] {}\n",
            rule.name(),
            rule.stage().as_str(),
            rule.description()
        ));
    }
    out
}

/// A problem found in the spec and worked around, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The rule that fired.
    pub rule: Rule,
    /// JSON pointer into the spec, e.g. `/paths/~1api~1users/get/operationId`.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.pointer, self.rule, self.message)
    }
}

/// Warnings as lines to print: every one (`all`), or one line per rule, in
/// the order rules first fired, with the count and the first warning
/// (`undeclared-example-key: 27 warnings, e.g. /paths/…: …`), so one
/// harmless rule firing often does not flood the output.
pub fn warning_lines(warnings: &[Warning], all: bool) -> Vec<String> {
    if all {
        return warnings.iter().map(Warning::to_string).collect();
    }
    let mut groups: Vec<(Rule, usize, &Warning)> = Vec::new();
    for w in warnings {
        match groups.iter_mut().find(|(r, _, _)| *r == w.rule) {
            Some((_, n, _)) => *n += 1,
            None => groups.push((w.rule, 1, w)),
        }
    }
    groups
        .into_iter()
        .map(|(rule, n, first)| match n {
            1 => format!("{rule}: 1 warning: {}: {}", first.pointer, first.message),
            n => format!(
                "{rule}: {n} warnings, e.g. {}: {}",
                first.pointer, first.message
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn warnings_are_grouped_by_rule_unless_all_are_asked_for() {
        let w = |rule, pointer: &str| Warning {
            rule,
            pointer: pointer.into(),
            message: format!("at {pointer}"),
        };
        let warnings = [
            w(Rule::UndeclaredExampleKey, "/a"),
            w(Rule::UnusableServerUrl, "/servers/0/url"),
            w(Rule::UndeclaredExampleKey, "/b"),
            w(Rule::UndeclaredExampleKey, "/c"),
        ];
        let lines = warning_lines(&warnings, false);
        assert_eq!(
            lines,
            [
                format!("{}: 3 warnings, e.g. /a: at /a", Rule::UndeclaredExampleKey),
                format!(
                    "{}: 1 warning: /servers/0/url: at /servers/0/url",
                    Rule::UnusableServerUrl
                ),
            ]
        );
        assert_eq!(warning_lines(&warnings, true).len(), 4);
        assert!(warning_lines(&[], false).is_empty());
    }

    #[test]
    fn names_are_unique_kebab_case_and_described() {
        let mut seen = BTreeSet::new();
        for rule in Rule::ALL {
            let name = rule.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
            assert!(!rule.description().is_empty(), "{name}");
        }
        // Listed in pipeline order.
        let stages: Vec<Stage> = Rule::ALL.iter().map(|r| r.stage()).collect();
        let mut sorted = stages.clone();
        sorted.sort();
        assert_eq!(stages, sorted);
    }

    /// How a trigger document is written: whole, or the part that differs
    /// from a minimal document of its version.
    enum Doc {
        /// The whole document.
        Whole(&'static str),
        /// A 3.0 document with these paths.
        Op(&'static str),
        /// A 3.0 document whose one response has this schema.
        Schema(&'static str),
        /// A 2.0 document with this rest (after `info`).
        V20(&'static str),
        /// A 2.0 document whose `POST /x` is this operation.
        V20Op(&'static str),
        /// A 3.1 document with this rest (after `info`).
        V31(&'static str),
        /// A 3.1 document whose one response has this schema.
        V31Schema(&'static str),
        /// A 3.2 document with this rest (after `info`).
        V32(&'static str),
        /// A 3.0 schema nested deeper than lowering reads.
        TooDeep,
    }

    /// A small spec on which each rule fires. Every rule has one: the test
    /// below fails for a rule without a document that shows it firing.
    const TRIGGERS: &[(Rule, Doc)] = &[
        (Rule::V20Servers, Doc::V20("host: api.test\nbasePath: /v1\npaths: {}\n")),
        (Rule::V20Components, Doc::V20("paths: {}\ndefinitions: {A: {type: string}}\n")),
        (Rule::V20SecurityScheme, Doc::V20("paths: {}\nsecurityDefinitions: {b: {type: basic}}\n")),
        (Rule::V20Body, Doc::V20Op("      parameters: [{name: b, in: body, schema: {type: object}}]\n      responses: {'204': {description: ok}}\n")),
        (Rule::V20Parameter, Doc::V20Op("      parameters: [{name: q, in: query, type: string}]\n      responses: {'204': {description: ok}}\n")),
        (Rule::V20CollectionFormat, Doc::V20Op("      parameters: [{name: q, in: query, type: array, items: {type: string}, collectionFormat: tsv}]\n      responses: {'204': {description: ok}}\n")),
        (Rule::V20Response, Doc::V20Op("      responses: {'200': {description: ok, schema: {type: string}}}\n")),
        (Rule::V20File, Doc::V20Op("      parameters: [{name: f, in: formData, type: file}]\n      responses: {'204': {description: ok}}\n")),
        (Rule::V20XNullable, Doc::V20("paths: {}\ndefinitions: {A: {type: string, x-nullable: true}}\n")),
        (Rule::V20Discriminator, Doc::V20("paths: {}\ndefinitions: {A: {type: object, discriminator: kind, required: [kind], properties: {kind: {type: string}}}}\n")),
        (Rule::V31TypeList, Doc::V31Schema("{type: [string, 'null']}")),
        (Rule::V31NullBranch, Doc::V31Schema("{anyOf: [{type: string}, {type: 'null'}]}")),
        (Rule::V31Const, Doc::V31Schema("{const: 3}")),
        (Rule::V31Examples, Doc::V31Schema("{type: integer, examples: [1]}")),
        (Rule::RefSiblings, Doc::V31Schema("{$ref: '#/components/schemas/A', description: d}")),
        (Rule::V31ExclusiveBound, Doc::V31Schema("{type: integer, exclusiveMinimum: 0}")),
        (Rule::V31PrefixItems, Doc::V31Schema("{type: array, prefixItems: [{type: string}]}")),
        (Rule::V31ContentEncoding, Doc::V31Schema("{type: string, contentEncoding: base64}")),
        (Rule::V31BooleanSchema, Doc::V31Schema("{type: object, properties: {a: true}}")),
        (Rule::SchemaDefs, Doc::V31Schema("{type: object, properties: {a: {$ref: '#/components/schemas/A'}}, $defs: {B: {type: string}}}")),
        (Rule::LocalRef, Doc::V31Schema("{type: object, properties: {kids: {type: array, items: {$recursiveRef: '#'}}}}")),
        (Rule::V31Webhooks, Doc::V31("paths: {}\nwebhooks: {ping: {post: {responses: {}}}}\n")),
        (Rule::V31PathItems, Doc::V31("paths:\n  /x: {$ref: '#/components/pathItems/X'}\ncomponents:\n  pathItems:\n    X: {get: {operationId: x, responses: {}}}\n")),
        (Rule::V31Dialect, Doc::V31("jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\npaths: {}\n")),
        (Rule::V31Field, Doc::Whole("openapi: 3.1.0\ninfo: {title: t, version: '1', summary: s}\npaths: {}\n")),
        (Rule::V32Operations, Doc::V32("paths:\n  /x:\n    query: {operationId: q, responses: {}}\n")),
        (Rule::V32Querystring, Doc::V32("paths:\n  /x:\n    get:\n      operationId: x\n      parameters: [{name: q, in: querystring, content: {application/x-www-form-urlencoded: {schema: {type: object}}}}]\n      responses: {}\n")),
        (Rule::V32ItemSchema, Doc::V32("paths:\n  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            text/event-stream:\n              itemSchema: {type: object}\n")),
        (Rule::V32Tags, Doc::V32("tags: [{name: a, kind: nav}]\npaths: {}\n")),
        (Rule::V32Examples, Doc::V32("paths: {}\ncomponents:\n  examples:\n    e: {dataValue: 1}\n")),
        (Rule::V32MediaTypeRefs, Doc::V32("paths: {}\ncomponents:\n  mediaTypes:\n    M: {schema: {type: string}}\n")),
        (Rule::V32Field, Doc::V32("$self: https://api.test/openapi.yaml\npaths: {}\n")),
        (Rule::QuerystringParameter, Doc::V32("paths:\n  /x:\n    get:\n      operationId: x\n      parameters: [{name: q, in: querystring, content: {application/json: {schema: {type: object}}}}]\n      responses: {}\n")),
        (Rule::IncompleteSecurityScheme, Doc::Whole("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {password: {tokenUrl: /t}}}\n")),
        (Rule::NonFiniteNumber, Doc::Schema("{type: number, example: .nan}")),
        (Rule::BigInteger, Doc::Schema("{type: integer, minimum: -9223372036854776000}")),
        (Rule::ComplexKey, Doc::Schema("{type: object, properties: {? [a, b] : {type: string}}}")),
        (Rule::NonStringKey, Doc::Schema("{type: object, properties: {1: {type: string}}}")),
        // Only keys that become equal as strings can collide (YAML itself refuses a repeated key).
        (Rule::DuplicateKey, Doc::Schema("{type: object, properties: {1: {type: string}, '1': {type: integer}}}")),
        (Rule::InfoMissing, Doc::Whole("openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n")),
        (Rule::EmptyOperationId, Doc::Op("  /x:\n    get:\n      operationId: ''\n      responses: {}\n")),
        (Rule::PropertiesNotAMap, Doc::Schema("{type: object, properties: []}")),
        (Rule::NonStandardType, Doc::Schema("{type: date}")),
        (Rule::RequiredNotAList, Doc::Schema("{type: object, properties: {a: {type: string, required: true}}}")),
        (Rule::EnumMismatch, Doc::Schema("{type: integer, enum: [a, b]}")),
        (Rule::BadKeywordValue, Doc::Schema("{type: integer, minimum: 'one'}")),
        (Rule::NullExampleType, Doc::Schema("{type: string, nullable: true, example: null}")),
        (Rule::ParameterWithoutSchema, Doc::Op("  /x:\n    get:\n      operationId: x\n      parameters: [{name: q, in: query}]\n      responses: {}\n")),
        (Rule::PathItemRef, Doc::Op("  /x:\n    $ref: '#/components/pathItems/x'\n")),
        (Rule::DuplicateOperationId, Doc::Op("  /x:\n    get: {operationId: x, responses: {}}\n  /y:\n    get: {operationId: x, responses: {}}\n")),
        (Rule::UnresolvedRef, Doc::Schema("{$ref: '#/components/schemas/Missing'}")),
        (Rule::CookieParameter, Doc::Op("  /x:\n    get:\n      operationId: x\n      parameters: [{name: c, in: cookie, schema: {type: string}}]\n      responses: {}\n")),
        (Rule::UnusedPathParameter, Doc::Op("  /x:\n    get:\n      operationId: x\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {}\n")),
        (Rule::UndeclaredPathParameter, Doc::Op("  /x/{id}:\n    get: {operationId: x, responses: {}}\n")),
        (Rule::AllOfConflict, Doc::Schema("{allOf: [{type: object, properties: {a: {type: string}}}, {type: array, items: {type: string}}]}")),
        (Rule::UndeclaredExampleKey, Doc::Schema("{type: array, items: {type: object, properties: {a: {type: string}}}, example: [{a: x}, {a: y, b: 2}]}")),
        (Rule::UnnamedVariant, Doc::Schema("{oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {a: {type: integer}}}]}")),
        (Rule::TooDeep, Doc::TooDeep),
        (Rule::UnusableServerUrl, Doc::Whole("openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: /api}]\npaths: {}\n")),
        (Rule::UndefinedSecurityScheme, Doc::Whole("openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{key: []}]\npaths: {}\n")),
    ];

    /// The trigger document of `rule`.
    fn trigger(rule: Rule) -> String {
        let (_, doc) = TRIGGERS
            .iter()
            .find(|(r, _)| *r == rule)
            .unwrap_or_else(|| panic!("rule {rule} has no trigger document in TRIGGERS"));
        let op = |paths: &str| {
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}")
        };
        let schema = |s: &str| {
            op(&format!(
                "  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {s}\n"
            ))
        };
        let v20 = |rest: &str| format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{rest}");
        let v31 = |rest: &str| format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{rest}");
        let v32 = |rest: &str| format!("openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\n{rest}");
        match doc {
            Doc::Whole(text) => text.to_string(),
            Doc::Op(paths) => op(paths),
            Doc::Schema(s) => schema(s),
            Doc::V20(rest) => v20(rest),
            Doc::V20Op(o) => v20(&format!("paths:\n  /x:\n    post:\n{o}")),
            Doc::V31(rest) => v31(rest),
            Doc::V32(rest) => v32(rest),
            Doc::V31Schema(s) => v31(&format!(
                "paths:\n  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {s}\ncomponents:\n  schemas:\n    A: {{type: string}}\n"
            )),
            Doc::TooDeep => {
                let mut s = String::from("{type: string}");
                for _ in 0..66 {
                    s = format!("{{type: array, items: {s}}}");
                }
                schema(&s)
            }
        }
    }

    #[test]
    fn every_rule_fires_on_its_trigger_and_names_itself() {
        // `too-deep` nests 66 levels: more than a test thread's default stack
        // holds in a debug build (the CLI runs on an 8 MiB main thread).
        std::thread::Builder::new()
            .stack_size(32 << 20)
            .spawn(fire_every_rule)
            .expect("thread starts")
            .join()
            .expect("no rule check failed");
    }

    fn fire_every_rule() {
        for &rule in Rule::ALL {
            let text = trigger(rule);
            let (_, warnings) = crate::lower_spec("trigger.yaml", &text, &Default::default())
                .unwrap_or_else(|e| panic!("{rule}: {e}\n{text}"));
            assert_eq!(
                warnings.iter().any(|w| w.rule == rule),
                rule.warns(),
                "{rule} on\n{text}\nwarnings: {warnings:?}"
            );
        }
    }

    #[test]
    fn help_lists_every_rule() {
        let help = help();
        for rule in Rule::ALL {
            assert!(help.contains(rule.name()), "{rule}");
        }
    }
}
