//! Drawing a value for a schema: combinators, objects, arrays, and values
//! shaped like an example where the schema is silent.

use super::merge::merge;
use super::rng::Rng;
use crate::json;
use crate::validate::{self, count, Space};
use serde_json::{Map, Value};

/// Nesting depth past which drawing becomes minimal (optional parts left out).
const SOFT_DEPTH: usize = 5;
/// Nesting depth at which a draw gives up (a schema that only nests).
const HARD_DEPTH: usize = 40;
/// Values drawn for one instance past which drawing becomes minimal.
const SIZE_BUDGET: usize = 400;
/// Tries for a draw that must satisfy a check (`oneOf`, `allOf`, `uniqueItems`).
pub(super) const TRIES: usize = 8;

/// One instance of `schema`; `context` is the example that shapes a silent root.
pub fn draw_root(
    space: &Space,
    schema: &Value,
    context: Option<&Value>,
    rng: &mut Rng,
) -> Result<Value, String> {
    let mut d = Draw {
        space,
        rng,
        size: 0,
    };
    d.draw(schema, context, 0)
}

pub(super) struct Draw<'s, 'r> {
    pub(super) space: &'s Space,
    pub(super) rng: &'r mut Rng,
    /// Values drawn so far for this instance.
    pub(super) size: usize,
}

fn has_combinator(s: &Map<String, Value>) -> bool {
    ["allOf", "oneOf", "anyOf"].iter().any(|k| {
        s.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    })
}

impl Draw<'_, '_> {
    pub(super) fn minimal(&self, depth: usize) -> bool {
        depth >= SOFT_DEPTH || self.size >= SIZE_BUDGET
    }

    pub(super) fn draw(
        &mut self,
        schema: &Value,
        context: Option<&Value>,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > HARD_DEPTH {
            return Err(format!(
                "no finite instance within depth {HARD_DEPTH} (a schema that only nests)"
            ));
        }
        self.size += 1;
        let is_ref = schema.get("$ref").is_some();
        let resolved = self.space.resolve(schema)?;
        // Lowering drops the parent's example at a `$ref`: so do we.
        let context = if is_ref { None } else { context };
        let Some(s) = resolved.as_object() else {
            // `true`/`false`/garbage as a schema: anything (we never draw for `false`).
            return Ok(self.any_small());
        };
        if !has_combinator(s) {
            return self.plain(s, context, depth);
        }
        if s.get("nullable").and_then(Value::as_bool) == Some(true)
            && (self.rng.chance(1, 8) || self.minimal(depth))
        {
            return Ok(Value::Null);
        }
        let mut last = String::new();
        for _ in 0..TRIES {
            let mut parts = Vec::new();
            self.flatten(s, &mut parts, 0)?;
            let mut merged = merge(&parts)?;
            // Lowering reads no example into merged `allOf`s and unions.
            merged.remove("example");
            let v = self.plain(&merged, None, depth)?;
            match self.space.validate(&v, resolved) {
                Ok(()) => return Ok(v),
                Err(e) => last = e,
            }
        }
        Err(format!(
            "no draw satisfied the schema's allOf/oneOf/anyOf in {TRIES} tries (last: {last})"
        ))
    }

    /// The parts a combinator schema is made of: its own keywords, every
    /// `allOf` part, and one branch of each `oneOf`/`anyOf` (picked at random;
    /// with a discriminator, the tag of the picked branch is added as a part).
    fn flatten(
        &mut self,
        s: &Map<String, Value>,
        out: &mut Vec<Map<String, Value>>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > 16 {
            return Err("allOf/oneOf nested too deeply".into());
        }
        let mut own = s.clone();
        let all_of = own.remove("allOf");
        let one_of = own.remove("oneOf");
        let any_of = own.remove("anyOf");
        let discriminator = own.get("discriminator").cloned();
        out.push(own);
        for part in all_of.iter().filter_map(Value::as_array).flatten() {
            let p = self.space.resolve(part)?;
            if let Some(p) = p.as_object() {
                self.flatten(p, out, depth + 1)?;
            }
        }
        for list in [one_of, any_of]
            .iter()
            .flatten()
            .filter_map(Value::as_array)
        {
            if list.is_empty() {
                continue;
            }
            let branch = self.rng.pick(list).clone();
            if let Some(tag) = discriminator
                .as_ref()
                .and_then(|d| validate::tag_for(d, &branch))
            {
                let name = discriminator
                    .as_ref()
                    .and_then(|d| d.get("propertyName"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let mut props = Map::new();
                props.insert(
                    name.clone(),
                    serde_json::json!({"type": "string", "enum": [tag]}),
                );
                let mut part = Map::new();
                part.insert("properties".into(), Value::Object(props));
                part.insert("required".into(), serde_json::json!([name]));
                out.push(part);
            }
            let b = self.space.resolve(&branch)?;
            if let Some(b) = b.as_object() {
                self.flatten(b, out, depth + 1)?;
            }
        }
        Ok(())
    }

    /// A schema without combinators.
    fn plain(
        &mut self,
        s: &Map<String, Value>,
        context: Option<&Value>,
        depth: usize,
    ) -> Result<Value, String> {
        // Own example and the parent's, combined as lowering reads them
        // (own first: its scalars win, its empty lists add nothing).
        let combined = combine(&[s.get("example"), context]);
        let example = combined.as_ref();
        let ty = s.get("type").and_then(Value::as_str);
        let nullable = s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if nullable && (self.rng.chance(1, 8) || self.minimal(depth)) {
            return Ok(Value::Null);
        }
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            let allowed: Vec<&Value> = values
                .iter()
                .filter(|v| !v.is_null() || nullable || ty.is_none())
                .collect();
            if allowed.is_empty() {
                return Err("`enum` has no value this schema allows".into());
            }
            return Ok((*self.rng.pick(&allowed)).clone());
        }
        let v = match ty {
            Some("string") => self.string(s, example)?,
            Some("integer") => self.integer(s)?,
            Some("number") => self.number(s)?,
            Some("boolean") => Value::Bool(self.rng.chance(1, 2)),
            Some("array") => self.array(s, example, depth)?,
            Some("object") => self.object(s, example, depth)?,
            Some(_) => self.any_small(),
            None => {
                let props = s.get("properties").and_then(Value::as_object);
                if props.is_some_and(|p| !p.is_empty()) || s.contains_key("additionalProperties") {
                    self.object(s, example, depth)?
                } else if s.contains_key("items") {
                    self.array(s, example, depth)?
                } else if let Some(e) = example.filter(|e| !e.is_null()) {
                    self.like(e, depth)
                } else if nullable {
                    // Nothing said but `nullable`: Scribe's `type: …, nullable:
                    // true, example: null` once normalization dropped its type,
                    // a value only ever seen as null. Lowering merges it with
                    // what other operations say of the same field.
                    Value::Null
                } else {
                    self.any_small()
                }
            }
        };
        if let Some(not) = s.get("not") {
            if self.space.validate(&v, not).is_ok() {
                return Err("the draw matched the schema's `not`".into());
            }
        }
        Ok(v)
    }

    fn array(
        &mut self,
        s: &Map<String, Value>,
        example: Option<&Value>,
        depth: usize,
    ) -> Result<Value, String> {
        let min = count(s, "minItems").unwrap_or(0);
        let max = count(s, "maxItems");
        if max.is_some_and(|m| m < min) {
            return Err("unsatisfiable: maxItems < minItems".into());
        }
        let len = if self.minimal(depth) {
            min
        } else {
            let hi = max.unwrap_or(min + 2).min(min + 2);
            self.rng.int_in(min as i128, hi as i128) as usize
        };
        let unique = s.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        let example_items: Vec<&Value> = example
            .and_then(Value::as_array)
            .map(|a| a.iter().filter(|v| !v.is_null()).collect())
            .unwrap_or_default();
        let items_example = combine(&example_items.iter().map(|v| Some(*v)).collect::<Vec<_>>());
        let mut items: Vec<Value> = Vec::with_capacity(len);
        while items.len() < len {
            let mut tries = 0;
            let item = loop {
                let item = match s.get("items") {
                    // Every element of the example shapes silent items (as lowering reads them).
                    Some(schema) => self.draw(schema, items_example.as_ref(), depth + 1)?,
                    None => match &items_example {
                        Some(e) => self.like(e, depth + 1),
                        None => self.any_small(),
                    },
                };
                if !unique || !items.iter().any(|i| json::eq(i, &item)) {
                    break item;
                }
                tries += 1;
                if tries >= TRIES {
                    return Err("could not draw distinct items for uniqueItems".into());
                }
            };
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    /// An object: its required properties, some optional ones, the
    /// undeclared keys `additionalProperties` allows, within the property
    /// counts; a silent object is shaped like its example.
    fn object(
        &mut self,
        s: &Map<String, Value>,
        example: Option<&Value>,
        depth: usize,
    ) -> Result<Value, String> {
        let empty = Map::new();
        let props = s
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let additional = s.get("additionalProperties");
        if props.is_empty() && additional.is_none() {
            if let Some(v) = self.like_example_object(example, &required, depth) {
                return Ok(v);
            }
        }
        // Whether to draw minimally is decided before anything is drawn.
        let minimal = self.minimal(depth);
        let (mut out, optional_left) =
            self.properties(props, &required, example, minimal, depth)?;
        // Required keys the properties do not declare: any value.
        for r in &required {
            if !out.contains_key(*r) {
                if additional.and_then(Value::as_bool) == Some(false) {
                    return Err(format!(
                        "`{r}` is required but additionalProperties is false"
                    ));
                }
                let x = self.any_small();
                out.insert(r.to_string(), x);
            }
        }
        let extra_schema = match additional {
            Some(Value::Bool(true)) => Some(Value::Object(Map::new())),
            Some(v @ Value::Object(_)) => Some(v.clone()),
            _ => None,
        };
        let fill = Fill {
            props,
            example,
            extra_schema: extra_schema.as_ref(),
            min: count(s, "minProperties").unwrap_or(0),
            minimal,
        };
        self.fill(&mut out, optional_left, fill, depth)?;
        if let Some(max) = count(s, "maxProperties") {
            trim(&mut out, &required, max)?;
        }
        Ok(Value::Object(out))
    }

    /// A silent object (Scribe) shaped like its example, with its required
    /// keys; `None` without an example of an object with keys.
    fn like_example_object(
        &mut self,
        example: Option<&Value>,
        required: &[&str],
        depth: usize,
    ) -> Option<Value> {
        let e @ Value::Object(m) = example? else {
            return None;
        };
        if m.is_empty() {
            return None;
        }
        let mut v = self.like(e, depth);
        if let Value::Object(o) = &mut v {
            for r in required {
                if !o.contains_key(*r) {
                    let x = self.any_small();
                    o.insert(r.to_string(), x);
                }
            }
        }
        Some(v)
    }

    /// The declared properties drawn: every required one, each optional one
    /// by chance (none when minimal); the optional ones left out.
    fn properties<'p>(
        &mut self,
        props: &'p Map<String, Value>,
        required: &[&str],
        example: Option<&Value>,
        minimal: bool,
        depth: usize,
    ) -> Result<(Map<String, Value>, Vec<&'p String>), String> {
        let mut out = Map::new();
        let mut optional_left: Vec<&String> = Vec::new();
        for (name, schema) in props {
            let is_required = required.contains(&name.as_str());
            if is_required || (!minimal && self.rng.chance(1, 2)) {
                let child_context = example.and_then(|e| e.get(name));
                match self.draw(schema, child_context, depth + 1) {
                    Ok(v) => {
                        out.insert(name.clone(), v);
                    }
                    Err(e) if is_required => return Err(format!("/{name}: {e}")),
                    Err(_) => {}
                }
            } else {
                optional_left.push(name);
            }
        }
        Ok((out, optional_left))
    }

    /// Undeclared keys where `additionalProperties` allows them (a few at
    /// random, none when minimal), and up to `minProperties`: optional
    /// properties first, then undeclared keys.
    fn fill(
        &mut self,
        out: &mut Map<String, Value>,
        mut optional_left: Vec<&String>,
        fill: Fill,
        depth: usize,
    ) -> Result<(), String> {
        let mut extras = if fill.minimal || fill.extra_schema.is_none() {
            0
        } else {
            self.rng.below(3) as usize
        };
        while out.len() < fill.min {
            if let Some(name) = optional_left.pop() {
                let context = fill.example.and_then(|e| e.get(name));
                let v = self.draw(&fill.props[name], context, depth + 1)?;
                out.insert(name.clone(), v);
            } else if fill.extra_schema.is_some() {
                extras += 1;
                break;
            } else {
                return Err(format!(
                    "minProperties {} needs undeclared keys the schema forbids",
                    fill.min
                ));
            }
        }
        let Some(schema) = fill.extra_schema else {
            return Ok(());
        };
        let mut n = 0;
        while extras > 0 || out.len() < fill.min {
            let key = format!("extra_{n}");
            n += 1;
            if fill.props.contains_key(&key) || out.contains_key(&key) {
                continue;
            }
            let v = if schema.as_object().is_some_and(Map::is_empty) {
                self.any_small()
            } else {
                self.draw(schema, None, depth + 1)?
            };
            out.insert(key, v);
            extras = extras.saturating_sub(1);
        }
        Ok(())
    }

    /// A value shaped like an example: same JSON types, same keys (each
    /// present or not), items like the example's items.
    pub(super) fn like(&mut self, e: &Value, depth: usize) -> Value {
        self.size += 1;
        match e {
            Value::Null => self.any_small(),
            Value::Bool(_) => Value::Bool(self.rng.chance(1, 2)),
            Value::Number(n) if n.is_f64() => {
                let v = self.rng.int_in(-100_000, 100_000) as f64 / 100.0;
                serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
            }
            Value::Number(_) => {
                int_value(self.pick_int(i128::from(i64::MIN), i128::from(i64::MAX)))
            }
            Value::String(_) => {
                let n = self.rng.below(10) as usize;
                Value::String(self.text(n))
            }
            Value::Array(items) => {
                // Items shaped like all the example's items at once.
                let all: Vec<Option<&Value>> = items.iter().map(Some).collect();
                let Some(item) = combine(&all).filter(|_| !self.minimal(depth)) else {
                    return Value::Array(Vec::new());
                };
                let n = self.rng.below(3);
                Value::Array((0..n).map(|_| self.like(&item, depth + 1)).collect())
            }
            Value::Object(m) if m.is_empty() => self.any_small(),
            Value::Object(m) => {
                let minimal = self.minimal(depth);
                let mut out = Map::new();
                for (k, v) in m {
                    if !minimal && self.rng.chance(2, 3) {
                        let x = self.like(v, depth + 1);
                        out.insert(k.clone(), x);
                    }
                }
                Value::Object(out)
            }
        }
    }

    /// Any small JSON value, for a schema that says nothing.
    pub(super) fn any_small(&mut self) -> Value {
        self.size += 1;
        match self.rng.below(7) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.chance(1, 2)),
            2 => int_value(self.rng.int_in(-1000, 1000)),
            3 => serde_json::json!(self.rng.int_in(-10_000, 10_000) as f64 / 8.0),
            4 => {
                let n = self.rng.below(8) as usize;
                Value::String(self.text(n))
            }
            5 => Value::Array(
                (0..self.rng.below(3))
                    .map(|i| int_value(i128::from(i)))
                    .collect(),
            ),
            _ => {
                let n = self.rng.below(6) as usize;
                serde_json::json!({ "key": self.text(n) })
            }
        }
    }
}

/// What [`Draw::fill`] needs of an object schema.
struct Fill<'a> {
    props: &'a Map<String, Value>,
    example: Option<&'a Value>,
    /// The schema of undeclared keys (`{}` for any value), when allowed.
    extra_schema: Option<&'a Value>,
    /// `minProperties`.
    min: usize,
    /// Drawing minimally (decided before the properties were drawn).
    minimal: bool,
}

/// Optional keys left out, last first, down to `maxProperties`.
fn trim(out: &mut Map<String, Value>, required: &[&str], max: usize) -> Result<(), String> {
    let removable: Vec<String> = out
        .keys()
        .filter(|k| !required.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in removable.into_iter().rev() {
        if out.len() <= max {
            break;
        }
        out.shift_remove(&k);
    }
    if out.len() > max {
        return Err(format!(
            "maxProperties {max} is less than the required properties"
        ));
    }
    Ok(())
}

/// Several examples of one node as one, the way lowering merges them:
/// lists are concatenated (at most [`MAX_COMBINED`] elements), objects
/// combined key by key, otherwise the first non-null text, else the first
/// non-null value.
fn combine(examples: &[Option<&Value>]) -> Option<Value> {
    let present: Vec<&Value> = examples
        .iter()
        .flatten()
        .copied()
        .filter(|v| !v.is_null())
        .collect();
    let first = *present.first()?;
    if present.len() == 1 {
        return Some(first.clone());
    }
    if present.iter().all(|v| v.is_array()) {
        let items = present
            .iter()
            .filter_map(|v| v.as_array())
            .flatten()
            .take(MAX_COMBINED)
            .cloned()
            .collect();
        return Some(Value::Array(items));
    }
    if present.iter().all(|v| v.is_object()) {
        let mut keys: Vec<&String> = Vec::new();
        for v in &present {
            for k in v.as_object().into_iter().flat_map(|m| m.keys()) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        let out = keys
            .into_iter()
            .map(|k| {
                let values: Vec<Option<&Value>> = present.iter().map(|v| v.get(k)).collect();
                (k.clone(), combine(&values).unwrap_or(Value::Null))
            })
            .collect();
        return Some(Value::Object(out));
    }
    // Text beside other scalars: lowering widens the field to a string.
    let text = present.iter().find(|v| v.is_string());
    Some((*text.unwrap_or(&first)).clone())
}

/// At most this many elements in a combined example list.
const MAX_COMBINED: usize = 100;

/// An integer as JSON (beyond `u64`, as a float).
pub(super) fn int_value(v: i128) -> Value {
    if let Ok(i) = i64::try_from(v) {
        Value::from(i)
    } else if let Ok(u) = u64::try_from(v) {
        Value::from(u)
    } else {
        Value::from(v as f64)
    }
}
