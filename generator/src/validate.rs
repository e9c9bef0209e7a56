//! The one JSON Schema validator: is a value valid for a schema, under
//! OpenAPI 3.0 semantics? The instance drawer checks its draws with it
//! ([`Mode::Valid`]); lowering asks it whether a documented example
//! contradicts its own schema ([`Mode::Conflicts`]).
//!
//! Schemas are read as JSON, through a [`Space`]: the whole document as a
//! JSON tree, so `$ref`s resolve wherever they point. What a keyword means
//! (formats, bounds, the keywords that only document) comes from
//! [`crate::keywords`].
//!
//! # The two modes
//!
//! - [`Mode::Valid`]: what a JSON Schema validator accepts: `type`,
//!   `nullable`, `enum`, `format` (integer and `float` ranges; `date-time`,
//!   `date`, `time`, `uuid`, `byte` by their standards, [`keywords::standard`],
//!   always values our types read; `email`, `ipv4` shapes), `pattern` (the
//!   subset [`crate::instances`]' regex reads), bounds, lengths, item and
//!   property counts, `uniqueItems`, `required`, `properties`,
//!   `additionalProperties`, `allOf`, `anyOf`, `oneOf` (exactly one branch;
//!   with a `discriminator`, the branch its tag names), `not`. A schema that
//!   says nothing but `nullable` is read as null, as lowering reads it.
//! - [`Mode::Conflicts`]: only what our types cannot read: a JSON type where
//!   the schema says another (an integer is written without a fraction), a
//!   declared required property missing, a string of a typed format
//!   (`date-time`, `date`, `time`, `uuid`, `byte`) that its runtime type
//!   does not read (the runtime's own lenient grammar, [`keywords::reads`]:
//!   Laravel's `2024-01-31 21:45:00` is read, `31/01/2024` is not). `null`
//!   is accepted anywhere (every optional or nullable field reads it),
//!   values outside an `enum` too (enums keep unknown values), and `[]` for
//!   an object without required properties (PHP's empty map);
//!   `oneOf`/`anyOf` conflict only when every branch does.

use crate::json::{self, excerpt};
use crate::keywords::{self, Format, BOUNDS, MAX_DEPTH, MAX_REFS};
use serde_json::{Map, Number, Value};

/// The document's schemas as JSON, for drawing and validating.
pub struct Space {
    /// The whole document as JSON: `$ref`s resolve through it.
    tree: Value,
}

impl Space {
    /// The space of a parsed document.
    pub fn new(doc: &openapiv3::OpenAPI) -> Self {
        Space {
            tree: json::tree(doc),
        }
    }

    /// Follow `$ref`s to the schema they name.
    pub fn resolve<'s>(&'s self, s: &'s Value) -> Result<&'s Value, String> {
        let mut cur = s;
        for _ in 0..MAX_REFS {
            match cur.get("$ref").and_then(Value::as_str) {
                None => return Ok(cur),
                Some(r) => {
                    cur = r
                        .strip_prefix('#')
                        .and_then(|p| self.tree.pointer(p))
                        .ok_or_else(|| format!("`$ref: {r}` does not resolve"))?;
                }
            }
        }
        Err("`$ref` chain too long".into())
    }

    /// `Ok` when `value` is valid for `schema`, else where and why not.
    pub fn validate(&self, value: &Value, schema: &Value) -> Result<(), String> {
        Validator {
            space: self,
            mode: Mode::Valid,
        }
        .check(value, schema, "", 0)
    }

    /// `Some(where and why)` when `value` contradicts `schema` (see [`Mode::Conflicts`]).
    pub fn contradiction(&self, value: &Value, schema: &Value) -> Option<String> {
        Validator {
            space: self,
            mode: Mode::Conflicts,
        }
        .check(value, schema, "", 0)
        .err()
    }
}

/// How strictly a value is checked (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Valid by JSON Schema.
    Valid,
    /// Only conflicts our types cannot read.
    Conflicts,
}

/// What is wrong with a value; worded by [`Validator::fail`] for its mode.
enum Problem {
    /// Not of this JSON type.
    Type(&'static str),
    /// A required property is missing.
    Required(String),
    /// `[]` (PHP's empty map) for an object that requires this property.
    EmptyForRequired(String),
    /// Anything else (only [`Mode::Valid`] finds these).
    Other(String),
}

/// A schema that says nothing but `nullable: true` (and docs): OpenAPI 3.0's
/// way of writing `null` in a union, and what Scribe's `type: …, nullable:
/// true, example: null` becomes once normalization drops the type. Lowering
/// reads it as null; so do the draws and the validator.
pub fn only_nullable(s: &Map<String, Value>) -> bool {
    s.get("nullable").and_then(Value::as_bool) == Some(true)
        && s.keys()
            .all(|k| k == "nullable" || keywords::DOCS.contains(&k.as_str()) || k.starts_with("x-"))
}

/// The tag a discriminator gives a branch: the `mapping` key that names the
/// branch's `$ref`, else the component name of the `$ref`.
pub fn tag_for(discriminator: &Value, branch: &Value) -> Option<String> {
    let reference = branch.get("$ref")?.as_str()?;
    let name = reference.rsplit('/').next()?;
    if let Some(mapping) = discriminator.get("mapping").and_then(Value::as_object) {
        if let Some((tag, _)) = mapping
            .iter()
            .find(|(_, v)| v.as_str().is_some_and(|v| v == reference || v == name))
        {
            return Some(tag.clone());
        }
    }
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// The branch a discriminator tag selects, by index into the `oneOf`/`anyOf` list.
fn branch_for(discriminator: &Value, list: &[Value], value: &Value) -> Option<usize> {
    let property = discriminator.get("propertyName")?.as_str()?;
    let tag = value.get(property)?.as_str()?;
    list.iter()
        .position(|b| tag_for(discriminator, b).as_deref() == Some(tag))
}

/// A count keyword's value (`minLength`, …).
pub fn count(s: &Map<String, Value>, keyword: &str) -> Option<usize> {
    s.get(keyword).and_then(Value::as_u64).map(|n| n as usize)
}

/// Is a boolean keyword `true`?
pub fn flag(s: &Map<String, Value>, keyword: &str) -> bool {
    s.get(keyword).and_then(Value::as_bool) == Some(true)
}

/// A schema's `format`, read from the one table.
pub fn format_of(s: &Map<String, Value>) -> (&str, Format) {
    let text = s.get("format").and_then(Value::as_str).unwrap_or("");
    (text, Format::of(text))
}

fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn where_(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

type Outcome = Result<(), String>;

struct Validator<'s> {
    space: &'s Space,
    mode: Mode,
}

impl Validator<'_> {
    fn strict(&self) -> bool {
        self.mode == Mode::Valid
    }

    /// The message for `problem` with `v` at `at`, in this mode's words.
    fn fail(&self, at: &str, v: &Value, problem: Problem) -> Outcome {
        let at = where_(at);
        Err(match (self.mode, problem) {
            (Mode::Valid, Problem::Type(t)) => {
                format!("{at}: {} is not of type {t}", excerpt(v, 60))
            }
            (Mode::Valid, Problem::Required(r)) => {
                format!("{at}: {} lacks the required property `{r}`", excerpt(v, 60))
            }
            (Mode::Valid, Problem::Other(what) | Problem::EmptyForRequired(what)) => {
                format!("{at}: {} {what}", excerpt(v, 60))
            }
            (Mode::Conflicts, Problem::Type(t)) => {
                let article = if t == "integer" || t == "array" || t == "object" {
                    "an"
                } else {
                    "a"
                };
                format!("at {at}: {} is not {article} {t}", excerpt(v, 40))
            }
            (Mode::Conflicts, Problem::Required(r)) => {
                format!("at {at}: required property `{r}` is missing")
            }
            (Mode::Conflicts, Problem::EmptyForRequired(r)) => {
                format!("at {at}: [] has no required property `{r}`")
            }
            (Mode::Conflicts, Problem::Other(what)) => format!("at {at}: {what}"),
        })
    }

    fn check(&self, v: &Value, schema: &Value, at: &str, depth: usize) -> Outcome {
        if depth > MAX_DEPTH || (!self.strict() && v.is_null()) {
            return Ok(());
        }
        let s = match self.space.resolve(schema) {
            Ok(s) => s,
            Err(e) if self.strict() => return Err(e),
            Err(_) => return Ok(()),
        };
        let Some(s) = s.as_object() else {
            return match s {
                Value::Bool(false) if self.strict() => {
                    Err(format!("{}: no value is valid here", where_(at)))
                }
                _ => Ok(()),
            };
        };
        if self.strict() && !self.nullness(v, s, at)? {
            return Ok(());
        }
        self.json_type(v, s, at)?;
        if self.strict() {
            if let Some(values) = s.get("enum").and_then(Value::as_array) {
                if !values.iter().any(|e| json::eq(e, v)) {
                    return self.fail(
                        at,
                        v,
                        Problem::Other("is not one of the enum values".into()),
                    );
                }
            }
        }
        match v {
            Value::String(t) if self.strict() => self.string(v, t, s, at)?,
            Value::String(t) => self.readable(v, t, s, at)?,
            Value::Number(n) if self.strict() => self.number(v, n, s, at)?,
            Value::Array(items) => self.array(v, items, s, at, depth)?,
            Value::Object(map) => self.object(v, map, s, at, depth)?,
            _ => {}
        }
        self.combinators(v, s, at, depth)
    }

    /// [`Mode::Valid`]'s reading of `null` and of a schema that says nothing
    /// but `nullable`: `Ok(false)` when the value is a valid null (nothing
    /// more to check).
    fn nullness(&self, v: &Value, s: &Map<String, Value>, at: &str) -> Result<bool, String> {
        if !v.is_null() && only_nullable(s) {
            let what = "is not null, and the schema says nothing but `nullable` (read as null)";
            self.fail(at, v, Problem::Other(what.into()))?;
        }
        if v.is_null() {
            if flag(s, "nullable") {
                return Ok(false);
            }
            if s.contains_key("type") {
                self.fail(
                    at,
                    v,
                    Problem::Other("is null, and the schema is not nullable".into()),
                )?;
            }
        }
        Ok(true)
    }

    /// The value's JSON type against `type`. [`Mode::Conflicts`] reads an
    /// integer as our types do (no fraction, not even `.0`) and `[]` as an
    /// object (PHP), unless the object requires a property.
    fn json_type(&self, v: &Value, s: &Map<String, Value>, at: &str) -> Outcome {
        let Some(ty) = s.get("type").and_then(Value::as_str) else {
            return Ok(());
        };
        let (ok, name) = match ty {
            "string" => (v.is_string(), "string"),
            "integer" if self.strict() => (v.as_number().is_some_and(is_integer), "integer"),
            "integer" => (v.as_i64().is_some() || v.as_u64().is_some(), "integer"),
            "number" => (v.is_number(), "number"),
            "boolean" => (v.is_boolean(), "boolean"),
            "array" => (v.is_array(), "array"),
            "object" if self.strict() => (v.is_object(), "object"),
            "object" => (
                v.is_object() || v.as_array().is_some_and(Vec::is_empty),
                "object",
            ),
            _ => (true, ""),
        };
        if !ok {
            return self.fail(at, v, Problem::Type(name));
        }
        if !self.strict() && ty == "object" && v.is_array() {
            if let Some(r) = self.declared_required(s).next() {
                return self.fail(at, v, Problem::EmptyForRequired(r.to_string()));
            }
        }
        Ok(())
    }

    /// Required properties the schema also declares.
    fn declared_required<'m>(&self, s: &'m Map<String, Value>) -> impl Iterator<Item = &'m str> {
        let props = s.get("properties").and_then(Value::as_object);
        s.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(move |r| props.is_some_and(|p| p.contains_key(*r)))
    }

    fn string(&self, v: &Value, t: &str, s: &Map<String, Value>, at: &str) -> Outcome {
        let n = t.chars().count();
        let other = |what: String| self.fail(at, v, Problem::Other(what));
        if let Some(min) = count(s, "minLength").filter(|m| n < *m) {
            return other(format!("is shorter than {min} characters"));
        }
        if let Some(max) = count(s, "maxLength").filter(|m| n > *m) {
            return other(format!("is longer than {max} characters"));
        }
        let (text, format) = format_of(s);
        if !format_ok(format, t) {
            return other(format!("is not a valid `{text}`"));
        }
        // A pattern outside the subset we parse is not checked.
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            if crate::instances::regex::Regex::parse(p).is_some_and(|re| !re.is_match(t)) {
                return other(format!("does not match the pattern `{p}`"));
            }
        }
        Ok(())
    }

    /// [`Mode::Conflicts`]: a string of a typed format (`date-time`, `uuid`,
    /// …) that its runtime type cannot read, by the runtime's own grammar
    /// ([`keywords::reads`]). Lowering types only `type: string` without
    /// `enum` values; so does this check.
    fn readable(&self, v: &Value, t: &str, s: &Map<String, Value>, at: &str) -> Outcome {
        let string = s.get("type").and_then(Value::as_str) == Some("string");
        let values = s.get("enum").and_then(Value::as_array);
        let is_enum = values.is_some_and(|e| e.iter().any(|x| !x.is_null()));
        let (text, format) = format_of(s);
        match format.typed() {
            Some(f) if string && !is_enum && !keywords::reads(f, t) => {
                let what = format!("{} is not a `{text}` the runtime reads", excerpt(v, 40));
                self.fail(at, v, Problem::Other(what))
            }
            _ => Ok(()),
        }
    }

    fn number(&self, v: &Value, n: &Number, s: &Map<String, Value>, at: &str) -> Outcome {
        let other = |what: String| self.fail(at, v, Problem::Other(what));
        let f = n.as_f64().unwrap_or(0.0);
        // Exact comparison for integers beyond f64's precision.
        let exact = n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
        let below = |m: f64| match exact {
            Some(i) if m.fract() == 0.0 && m.abs() < 1e38 => i < m as i128,
            _ => f < m,
        };
        let above = |m: f64| match exact {
            Some(i) if m.fract() == 0.0 && m.abs() < 1e38 => i > m as i128,
            _ => f > m,
        };
        for bound in BOUNDS {
            let Some(m) = s.get(bound.keyword).and_then(Value::as_f64) else {
                continue;
            };
            let ex = flag(s, bound.exclusive);
            let (outside, word) = match bound.lower {
                true => (below(m) || (ex && !above(m)), "below the minimum"),
                false => (above(m) || (ex && !below(m)), "above the maximum"),
            };
            if outside {
                return other(format!("is {word} {m}"));
            }
        }
        if let Some(m) = s
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|m| *m > 0.0)
        {
            let q = f / m;
            if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                return other(format!("is not a multiple of {m}"));
            }
        }
        let (text, format) = format_of(s);
        if s.get("type").and_then(Value::as_str) == Some("integer") {
            let (lo, hi) = Format::integer(text).range();
            let in_range = match exact {
                Some(i) => (lo..=hi).contains(&i),
                None => f >= lo as f64 && f <= hi as f64,
            };
            if !in_range {
                let name = if text.is_empty() {
                    "int64 (no format)"
                } else {
                    text
                };
                return other(format!("is out of range for format `{name}`"));
            }
        } else if format == Format::Float && f.abs() > f64::from(f32::MAX) {
            return other("is out of range for format `float`".into());
        }
        Ok(())
    }

    fn array(
        &self,
        v: &Value,
        items: &[Value],
        s: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Outcome {
        if self.strict() {
            let other = |what: String| self.fail(at, v, Problem::Other(what));
            if let Some(min) = count(s, "minItems").filter(|m| items.len() < *m) {
                return other(format!("has fewer than {min} items"));
            }
            if let Some(max) = count(s, "maxItems").filter(|m| items.len() > *m) {
                return other(format!("has more than {max} items"));
            }
            if flag(s, "uniqueItems")
                && (1..items.len()).any(|i| items[..i].iter().any(|b| json::eq(&items[i], b)))
            {
                return other("has duplicate items".into());
            }
        }
        if let Some(item_schema) = s.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.check(item, item_schema, &format!("{at}/{i}"), depth + 1)?;
            }
        }
        Ok(())
    }

    fn object(
        &self,
        v: &Value,
        map: &Map<String, Value>,
        s: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Outcome {
        if self.strict() {
            self.object_counts(v, map, s, at)?;
        } else if let Some(r) = self.declared_required(s).find(|r| !map.contains_key(*r)) {
            return self.fail(at, v, Problem::Required(r.to_string()));
        }
        let empty = Map::new();
        let props = s
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (k, item) in map {
            let child = format!("{at}/{}", crate::pointer::escape(k));
            match (props.get(k), s.get("additionalProperties")) {
                (Some(p), _) => self.check(item, p, &child, depth + 1)?,
                (None, _) if !self.strict() => {}
                (None, Some(Value::Bool(false))) => {
                    let what =
                        format!("has the undeclared property `{k}` (additionalProperties: false)");
                    return self.fail(at, v, Problem::Other(what));
                }
                (None, Some(extra @ Value::Object(_))) => {
                    self.check(item, extra, &child, depth + 1)?
                }
                (None, _) => {}
            }
        }
        Ok(())
    }

    /// [`Mode::Valid`]: `required`, `minProperties`, `maxProperties`.
    fn object_counts(
        &self,
        v: &Value,
        map: &Map<String, Value>,
        s: &Map<String, Value>,
        at: &str,
    ) -> Outcome {
        let required = s.get("required").and_then(Value::as_array);
        for r in required.into_iter().flatten().filter_map(Value::as_str) {
            if !map.contains_key(r) {
                return self.fail(at, v, Problem::Required(r.to_string()));
            }
        }
        let other = |what: String| self.fail(at, v, Problem::Other(what));
        if let Some(min) = count(s, "minProperties").filter(|m| map.len() < *m) {
            return other(format!("has fewer than {min} properties"));
        }
        if let Some(max) = count(s, "maxProperties").filter(|m| map.len() > *m) {
            return other(format!("has more than {max} properties"));
        }
        Ok(())
    }

    /// `allOf` (every part), `anyOf` and `oneOf` (see the module docs), `not`.
    fn combinators(&self, v: &Value, s: &Map<String, Value>, at: &str, depth: usize) -> Outcome {
        let list = |k: &str| s.get(k).and_then(Value::as_array).filter(|l| !l.is_empty());
        for part in list("allOf").into_iter().flatten() {
            self.check(v, part, at, depth + 1)?;
        }
        for (keyword, one) in [("anyOf", false), ("oneOf", true)] {
            if let Some(branches) = list(keyword) {
                self.branches(v, s, branches, keyword, one, at, depth)?;
            }
        }
        if let Some(not) = s.get("not").filter(|_| self.strict()) {
            if self.check(v, not, at, depth + 1).is_ok() {
                let what = "matches the schema under `not`";
                return self.fail(at, v, Problem::Other(what.into()));
            }
        }
        Ok(())
    }

    /// The branches of an `anyOf` or (`one`) a `oneOf`.
    #[allow(clippy::too_many_arguments)] // the keyword and its reading travel together
    fn branches(
        &self,
        v: &Value,
        s: &Map<String, Value>,
        list: &[Value],
        keyword: &str,
        one: bool,
        at: &str,
        depth: usize,
    ) -> Outcome {
        let check = |b: &Value| self.check(v, b, at, depth + 1);
        if !self.strict() {
            // A conflict only when every branch conflicts: the first one's reason.
            return match list.iter().map(check).find(Result::is_ok) {
                Some(_) => Ok(()),
                None => check(&list[0]),
            };
        }
        // OpenAPI: the discriminator names the branch.
        if let Some(i) = s.get("discriminator").and_then(|d| branch_for(d, list, v)) {
            return check(&list[i]);
        }
        let matching: Vec<usize> = (0..list.len())
            .filter(|&i| check(&list[i]).is_ok())
            .collect();
        let what = match matching.len() {
            0 => format!("matches no {keyword} branch"),
            1 => return Ok(()),
            _ if !one => return Ok(()),
            _ => format!("matches several oneOf branches ({matching:?})"),
        };
        self.fail(at, v, Problem::Other(what))
    }
}

/// Does `t` have the shape of `format`, by its standard? The typed formats
/// (`date-time`, `date`, `time`, `uuid`, `byte`) are checked by
/// [`keywords::standard`], a subset of what our types read; formats we do
/// not check accept anything.
pub fn format_ok(format: Format, t: &str) -> bool {
    if let Some(typed) = format.typed() {
        return keywords::standard(typed, t);
    }
    match format {
        Format::Email => t
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.')),
        Format::Ipv4 => {
            let p: Vec<&str> = t.split('.').collect();
            p.len() == 4
                && p.iter()
                    .all(|x| !x.is_empty() && x.len() <= 3 && x.parse::<u8>().is_ok())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn space() -> Space {
        let doc: openapiv3::OpenAPI = serde_json::from_value(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"N": {"type": "integer"}}}
        }))
        .unwrap();
        Space::new(&doc)
    }

    #[test]
    fn conflicts_are_type_conflicts_with_their_path() {
        let s = json!({"type": "object", "properties": {"rows": {"type": "array", "items": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/N"}}}}}});
        let sp = space();
        assert_eq!(
            sp.contradiction(&json!({"rows": [{"n": 1}, {"n": "x"}]}), &s)
                .as_deref(),
            Some("at /rows/1/n: \"x\" is not an integer")
        );
        assert_eq!(sp.contradiction(&json!({"rows": [{"n": null}]}), &s), None);
        assert_eq!(
            sp.contradiction(&json!({"rows": [], "extra": true}), &s),
            None
        );
        assert!(sp
            .contradiction(&json!({"rows": [{"n": 1.5}]}), &s)
            .is_some());
        // 1.0 is a valid JSON Schema integer, but not one our types read.
        assert!(sp
            .contradiction(&json!({"rows": [{"n": 1.0}]}), &s)
            .is_some());
        assert_eq!(sp.validate(&json!({"rows": [{"n": 1.0}]}), &s), Ok(()));
    }

    #[test]
    fn conflicts_accept_what_our_types_read() {
        let sp = space();
        let s = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "enum": ["x"]}}});
        assert_eq!(sp.contradiction(&json!({"a": "other"}), &s), None);
        assert_eq!(
            sp.contradiction(&json!({}), &s).as_deref(),
            Some("at /: required property `a` is missing")
        );
        assert_eq!(
            sp.contradiction(&json!([]), &s).as_deref(),
            Some("at /: [] has no required property `a`")
        );
        let open = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert_eq!(sp.contradiction(&json!([]), &open), None);
        assert!(sp.contradiction(&json!([1]), &open).is_some());
        let either = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        assert_eq!(sp.contradiction(&json!(3), &either), None);
        assert!(sp.contradiction(&json!(true), &either).is_some());
        assert!(sp.validate(&json!(true), &either).is_err());
    }

    #[test]
    fn conflicts_are_typed_formats_the_runtime_does_not_read() {
        let sp = space();
        let s = json!({"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"},
            "id": {"type": "string", "format": "uuid", "nullable": true},
            "kind": {"type": "string", "format": "date", "enum": ["soon"]},
            "free": {"format": "date"}
        }});
        let laravel = json!({"at": "2024-01-31 21:45:00", "id": null, "kind": "soon", "free": "x"});
        assert_eq!(sp.contradiction(&laravel, &s), None);
        assert!(sp.validate(&laravel, &s).is_err(), "not RFC 3339");
        assert_eq!(
            sp.contradiction(&json!({"at": "31/01/2024"}), &s)
                .as_deref(),
            Some("at /at: \"31/01/2024\" is not a `date-time` the runtime reads")
        );
        assert!(sp
            .contradiction(&json!({"id": "67E5504410B1426F9247BB680E5FE0C8"}), &s)
            .is_none());
        assert!(sp.contradiction(&json!({"id": "67E55044"}), &s).is_some());
    }

    #[test]
    fn valid_mode_checks_every_keyword() {
        let sp = space();
        let s = json!({"type": "string", "format": "date", "maxLength": 10});
        assert_eq!(sp.validate(&json!("2024-01-31"), &s), Ok(()));
        assert_eq!(
            sp.validate(&json!("2024-13-01"), &s).unwrap_err(),
            "/: \"2024-13-01\" is not a valid `date`"
        );
        assert!(
            sp.validate(&json!("2024-02-30"), &s).is_err(),
            "no such day"
        );
        let n = json!({"type": "integer", "format": "uint8", "minimum": 1});
        assert!(sp.validate(&json!(0), &n).is_err());
        assert!(sp.validate(&json!(256), &n).is_err());
        assert_eq!(sp.validate(&json!(255), &n), Ok(()));
        let u = json!({"type": "integer", "format": "uint"});
        assert_eq!(
            sp.validate(&json!(15_285_892_158_098_130_697u64), &u),
            Ok(())
        );
    }
}
