//! What the schema keywords mean: one table per kind of knowledge, read by
//! every stage that needs it (normalization's walk and repairs, lowering,
//! the instance drawer and the validator), so two stages cannot disagree
//! about a keyword.
//!
//! - [`Format`]: what a `format` says, integer widths included: the Rust
//!   type lowering gives a value and the range the drawer draws from both
//!   come from [`Format::of`] (and [`IntFormat::range`]); which string
//!   formats are runtime types from [`Format::typed`], and which texts
//!   those types read from [`format_text`], the runtime's own grammar
//!   ([`reads`], and [`standard`] for what the format's standard allows).
//! - Sub-schema keywords: where a schema holds other schemas
//!   ([`SCHEMA_MAPS`], [`SCHEMA_LISTS`], [`SCHEMA_ONE`], [`SCHEMA_ONE_OR_FLAG`];
//!   those of OpenAPI 3.0: [`SCHEMA_30`]).
//! - The types ([`TYPES`]) and the keywords that apply to one type only
//!   ([`type_keywords`]).
//! - Keywords by the kind of value they take ([`FLAGS`], [`NUMBERS`],
//!   [`COUNTS`], [`TEXTS`]), the numeric bounds ([`BOUNDS`]) and the keywords
//!   that only document ([`DOCS`]).
//! - Limits: [`MAX_DEPTH`] for the nesting of one schema as read,
//!   [`MAX_NESTING`] for the nesting the parser lets through (every node of
//!   which normalization must reach), [`MAX_REFS`] for chains of references.
//!
//! To support a new keyword, start here (ARCHITECTURE.md lists the rest).

use crate::ir::{IntFormat, StrFormat};
use openapiv3::{IntegerFormat, StringFormat, VariantOrUnknownOrEmpty};

/// The lexical grammar of the typed string formats: which texts the
/// runtime's `DateTime`, `Date`, `Time`, `Uuid` and `Base64` read, and how
/// each was spelled. It is the runtime's own file, compiled here too, so
/// what the validator expects our types to read is what they read.
#[allow(dead_code)] // the runtime reads every part; the generator asks less
#[path = "../../generated-client/src/runtime/format_text.rs"]
pub mod format_text;

/// Schemas nested deeper than this (in one schema, `$ref`s not followed) are
/// read as any value: not walked by normalization, lowered as `Value`, not
/// checked by the validator.
pub const MAX_DEPTH: usize = 64;

/// The deepest a document nests (serde_json's recursion limit): the walk of
/// normalization reaches every schema down to here, so that a 3.1 keyword
/// below [`MAX_DEPTH`] is still rewritten before `openapiv3` reads it.
pub const MAX_NESTING: usize = 128;

/// Chains of `$ref`s (and `allOf` parts reached through them) longer than
/// this are cut: only a cycle gets there.
pub const MAX_REFS: usize = 16;

/// Keywords whose value is a map of sub-schemas: `properties/{name}`, …
pub const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value is a list of sub-schemas: `allOf/{i}`, …
pub const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value is one sub-schema (or, in 3.1, `true`/`false`).
pub const SCHEMA_ONE: &[&str] = &[
    "items",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "contentSchema",
];

/// Keywords whose value is one sub-schema, or a boolean that is also a
/// valid 3.0 value (`additionalProperties: true`).
pub const SCHEMA_ONE_OR_FLAG: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];

/// The values of `type` in OpenAPI 3.0 (3.1 adds `null` and lists).
pub const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// The sub-schema keywords of an OpenAPI 3.0 Schema Object (the ones
/// `openapiv3` reads), in the order the walk of a 3.0 document visits them.
pub const SCHEMA_30: &[&str] = &[
    "properties",
    "items",
    "not",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
];

/// The keywords that constrain only values of one `type` (JSON Schema
/// 2020-12), by that type; `number` and `integer` share theirs.
pub fn type_keywords(ty: &str) -> &'static [&'static str] {
    match ty {
        "object" => OBJECT_KEYWORDS,
        "array" => ARRAY_KEYWORDS,
        "string" => STRING_KEYWORDS,
        "number" | "integer" => NUMBER_KEYWORDS,
        _ => &[],
    }
}

const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "dependentRequired",
    "dependentSchemas",
];

const ARRAY_KEYWORDS: &[&str] = &[
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];

const STRING_KEYWORDS: &[&str] = &[
    "pattern",
    "minLength",
    "maxLength",
    "contentMediaType",
    "contentEncoding",
];

const NUMBER_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords whose value is a boolean.
pub const FLAGS: &[&str] = &[
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// Keywords whose value is a number.
pub const NUMBERS: &[&str] = &["minimum", "maximum", "multipleOf"];

/// Keywords whose value is a count (a non-negative integer).
pub const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Keywords of a schema whose value is text.
pub const TEXTS: &[&str] = &["description", "title", "format"];

/// Keywords that document a value without constraining it.
pub const DOCS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "externalDocs",
    "xml",
];

/// A numeric bound: its keyword, its OpenAPI 3.0 exclusive flag, and how a
/// fractional bound rounds to the integer bound it means.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    pub keyword: &'static str,
    pub exclusive: &'static str,
    /// The lower bound (`minimum`), else the upper one.
    pub lower: bool,
}

impl Bound {
    /// The least (lower) or greatest (upper) integer a bound `m` allows.
    pub fn integer(self, m: f64, exclusive: bool) -> i128 {
        match (self.lower, exclusive) {
            (true, false) => m.ceil() as i128,
            (true, true) => (m.floor() as i128).saturating_add(1),
            (false, false) => m.floor() as i128,
            (false, true) => (m.ceil() as i128).saturating_sub(1),
        }
    }

    /// The integer bound a fractional bound of an integer schema means
    /// (`minimum: 0.5` is 1, exclusive or not).
    pub fn round(self, m: f64) -> f64 {
        if self.lower {
            m.ceil()
        } else {
            m.floor()
        }
    }
}

/// `minimum` and `maximum`.
pub const BOUNDS: [Bound; 2] = [
    Bound {
        keyword: "minimum",
        exclusive: "exclusiveMinimum",
        lower: true,
    },
    Bound {
        keyword: "maximum",
        exclusive: "exclusiveMaximum",
        lower: false,
    },
];

/// What a `format` says about a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An integer of this width and sign (`int32`, `uint64`, schemars'
    /// `uint` for `usize` and `int` for `isize`).
    Int(IntFormat),
    /// A single-precision number.
    Float,
    /// A double-precision number.
    Double,
    DateTime,
    Date,
    Time,
    Uuid,
    /// Base64 text.
    Byte,
    /// Raw bytes (a file).
    Binary,
    Email,
    Uri,
    Hostname,
    Ipv4,
    Ipv6,
    /// No format, or one this generator does not read.
    Other,
}

/// Every format read, by its name in the spec.
const FORMATS: &[(&str, Format)] = &[
    ("int8", Format::Int(IntFormat::I8)),
    ("int16", Format::Int(IntFormat::I16)),
    ("int32", Format::Int(IntFormat::I32)),
    ("int64", Format::Int(IntFormat::I64)),
    ("int", Format::Int(IntFormat::I64)),
    ("uint8", Format::Int(IntFormat::U8)),
    ("uint16", Format::Int(IntFormat::U16)),
    ("uint32", Format::Int(IntFormat::U32)),
    ("uint64", Format::Int(IntFormat::U64)),
    ("uint", Format::Int(IntFormat::U64)),
    ("float", Format::Float),
    ("double", Format::Double),
    ("date-time", Format::DateTime),
    ("date", Format::Date),
    ("time", Format::Time),
    ("uuid", Format::Uuid),
    ("byte", Format::Byte),
    ("binary", Format::Binary),
    ("email", Format::Email),
    ("uri", Format::Uri),
    ("url", Format::Uri),
    ("hostname", Format::Hostname),
    ("ipv4", Format::Ipv4),
    ("ipv6", Format::Ipv6),
];

impl Format {
    /// The format a spec's `format` text names.
    pub fn of(format: &str) -> Format {
        FORMATS
            .iter()
            .find(|(name, _)| *name == format)
            .map_or(Format::Other, |(_, f)| *f)
    }

    /// The runtime type of a string of this format; `None`: a `String`.
    pub fn typed(self) -> Option<StrFormat> {
        Some(match self {
            Format::DateTime => StrFormat::DateTime,
            Format::Date => StrFormat::Date,
            Format::Time => StrFormat::Time,
            Format::Uuid => StrFormat::Uuid,
            Format::Byte => StrFormat::Base64,
            _ => return None,
        })
    }

    /// The format of a string schema as `openapiv3` read it.
    pub fn of_string(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Format {
        match format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Format::Date,
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Format::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Format::Byte,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Format::Binary,
            VariantOrUnknownOrEmpty::Item(StringFormat::Password)
            | VariantOrUnknownOrEmpty::Empty => Format::Other,
            VariantOrUnknownOrEmpty::Unknown(f) => Format::of(f),
        }
    }

    /// The format of an integer schema as `openapiv3` read it: its width,
    /// else `i64`.
    pub fn of_integer(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> IntFormat {
        match format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntFormat::I32,
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
            | VariantOrUnknownOrEmpty::Empty => IntFormat::I64,
            VariantOrUnknownOrEmpty::Unknown(f) => Format::integer(f),
        }
    }

    /// The integer type of an integer schema with this format: its width,
    /// else `i64` (what servers send when they say nothing).
    pub fn integer(format: &str) -> IntFormat {
        match Format::of(format) {
            Format::Int(f) => f,
            _ => IntFormat::I64,
        }
    }
}

/// Does the runtime type of `format` read `t`? Its lenient grammar: RFC
/// 3339 with a space or no offset as Laravel writes, UUIDs in any case and
/// form, base64 in either alphabet, padded or not.
pub fn reads(format: StrFormat, t: &str) -> bool {
    match format {
        StrFormat::DateTime => format_text::date_time(t).is_some(),
        StrFormat::Date => format_text::date(t).is_some(),
        StrFormat::Time => format_text::time(t).is_some(),
        StrFormat::Uuid => format_text::uuid(t).is_some(),
        StrFormat::Base64 => format_text::base64(t).is_some(),
    }
}

/// Is `t` a value of `format` by the format's standard: RFC 3339 (`T` or
/// `t`, then `Z`, `z` or `±hh:mm`; a time may go without zone), a
/// hyphenated UUID, padded standard base64 (RFC 4648)? Always a subset of
/// what the runtime [`reads`], so every valid value is one our types hold.
pub fn standard(format: StrFormat, t: &str) -> bool {
    use format_text::{OffsetForm, Zone};
    let rfc3339_zone = |z: Zone, local: bool| match z {
        Zone::Local => local,
        Zone::Utc { .. } => true,
        Zone::Offset { form, .. } => form == OffsetForm::Colon,
    };
    match format {
        StrFormat::DateTime => format_text::date_time(t)
            .is_some_and(|d| d.separator != ' ' && d.clock.seconds && rfc3339_zone(d.zone, false)),
        StrFormat::Date => format_text::date(t).is_some(),
        StrFormat::Time => {
            format_text::time(t).is_some_and(|t| t.clock.seconds && rfc3339_zone(t.zone, true))
        }
        StrFormat::Uuid => {
            format_text::uuid(t).is_some_and(|u| u.form == format_text::UuidForm::Hyphenated)
        }
        StrFormat::Base64 => format_text::base64(t)
            .is_some_and(|(_, form)| form == format_text::Base64Form::STANDARD),
    }
}

impl IntFormat {
    /// The smallest and largest value of the type.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntFormat::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntFormat::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntFormat::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntFormat::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntFormat::U8 => (0, u8::MAX.into()),
            IntFormat::U16 => (0, u16::MAX.into()),
            IntFormat::U32 => (0, u32::MAX.into()),
            IntFormat::U64 => (0, u64::MAX.into()),
        }
    }

    /// Does the type hold `v`?
    pub fn holds(self, v: i128) -> bool {
        let (lo, hi) = self.range();
        (lo..=hi).contains(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_formats_name_their_width_and_sign() {
        for (text, want) in [
            ("int32", IntFormat::I32),
            ("int64", IntFormat::I64),
            ("uint", IntFormat::U64),
            ("uint64", IntFormat::U64),
            ("int", IntFormat::I64),
            ("uint8", IntFormat::U8),
            ("", IntFormat::I64),
            ("date", IntFormat::I64),
        ] {
            assert_eq!(Format::integer(text), want, "{text}");
        }
        assert!(IntFormat::U64.holds(15_285_892_158_098_130_697));
        assert!(!IntFormat::I64.holds(15_285_892_158_098_130_697));
        assert!(!IntFormat::U8.holds(-1));
    }

    #[test]
    fn every_format_is_named_once() {
        for (i, (name, _)) in FORMATS.iter().enumerate() {
            assert!(!FORMATS[..i].iter().any(|(n, _)| n == name), "{name} twice");
        }
        assert_eq!(Format::of("date-time"), Format::DateTime);
        assert_eq!(Format::of("password"), Format::Other);
    }

    #[test]
    fn the_3_0_sub_schema_keywords_are_sub_schema_keywords() {
        for kw in SCHEMA_30 {
            assert!(
                [SCHEMA_MAPS, SCHEMA_LISTS, SCHEMA_ONE, SCHEMA_ONE_OR_FLAG]
                    .iter()
                    .any(|table| table.contains(kw)),
                "{kw}"
            );
        }
    }

    #[test]
    fn typed_formats_read_more_than_their_standard_allows() {
        assert_eq!(Format::of("date-time").typed(), Some(StrFormat::DateTime));
        assert_eq!(Format::of("byte").typed(), Some(StrFormat::Base64));
        assert_eq!(Format::of("email").typed(), None);
        for (f, t, lenient, strict) in [
            (StrFormat::DateTime, "2024-01-31T21:45:00Z", true, true),
            (
                StrFormat::DateTime,
                "2024-01-31t21:45:00.5-05:30",
                true,
                true,
            ),
            (StrFormat::DateTime, "2024-01-31 21:45:00", true, false),
            (StrFormat::DateTime, "2024-01-31T21:45:00", true, false),
            (StrFormat::DateTime, "2024-01-31T21:45:00+0100", true, false),
            (StrFormat::DateTime, "2024-01-31", false, false),
            (StrFormat::DateTime, "2024-02-30T00:00:00Z", false, false),
            (StrFormat::Date, "2024-02-29", true, true),
            (StrFormat::Date, "2023-02-29", false, false),
            (StrFormat::Time, "21:45:00", true, true),
            (StrFormat::Time, "21:45:00+01", true, false),
            (
                StrFormat::Uuid,
                "67E55044-10B1-426F-9247-BB680E5FE0C8",
                true,
                true,
            ),
            (
                StrFormat::Uuid,
                "67e5504410b1426f9247bb680e5fe0c8",
                true,
                false,
            ),
            (StrFormat::Base64, "aGk=", true, true),
            (StrFormat::Base64, "aGk", true, false),
            (StrFormat::Base64, "aGl=", false, false),
        ] {
            assert_eq!(
                (reads(f, t), standard(f, t)),
                (lenient, strict),
                "{f:?} {t}"
            );
        }
    }

    #[test]
    fn fractional_bounds_round_inwards() {
        let [min, max] = BOUNDS;
        assert_eq!(min.integer(0.5, false), 1);
        assert_eq!(min.integer(0.0, true), 1);
        assert_eq!(max.integer(9.5, false), 9);
        assert_eq!(max.integer(10.0, true), 9);
        assert_eq!((min.round(0.5), max.round(9.5)), (1.0, 9.0));
    }
}
