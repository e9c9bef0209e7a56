//! Instances drawn from schemas: valid JSON values for every request body and
//! every documented response body of a spec, to run through the generated
//! types (the round-trip program of `Options::roundtrip`).
//!
//! This module reads the normalized `openapiv3` document, never the IR or the
//! generated Rust: a misreading of the spec cannot sit on both sides of the
//! check. It is pure and deterministic: the same document, count and seed
//! give the same values.
//!
//! # What is drawn
//!
//! [`targets`] lists the bodies, mirroring the choices lowering makes from the
//! spec side: the request body of the first JSON / multipart / form media type;
//! the success response (the first `2XX` with content) when its media type is
//! JSON; every non-success response (and `default`) with a JSON media type.
//! When the success body is the `{data, _meta, _pagination}` envelope (an
//! inline object whose properties are `data` and `_`-prefixed ones), the
//! instance is `{"data": <drawn from data's schema>}`: the caller's type is
//! `data`'s.
//!
//! # Valid means
//!
//! What a JSON Schema validator accepts under OpenAPI 3.0 semantics, checked
//! by [`Validator`] (which the draw uses for `allOf` and `oneOf`): `type`,
//! `nullable`, `enum`, `format` (`int32`, `int64`, `uint*`, `int8`/`int16`,
//! `float` ranges; `date-time`, `date`, `time`, `uuid`, `email`, `ipv4`,
//! `byte` shapes), `pattern`, `minimum`/`maximum`/`exclusive*`, `multipleOf`,
//! `minLength`/`maxLength`, `minItems`/`maxItems`/`uniqueItems`, `required`,
//! `properties`, `additionalProperties`, `minProperties`/`maxProperties`,
//! `allOf` (merged), `anyOf`, `oneOf` (exactly one branch matches; with a
//! `discriminator`, the branch its tag names, as OpenAPI defines it), `not`,
//! `$ref` (cycles bounded by depth).
//!
//! Choices:
//! - Optional properties are present or absent at random; required ones always.
//! - Undeclared keys only where `additionalProperties` is `true` or a schema.
//!   When it is absent, JSON Schema allows any extra key, but no undeclared
//!   key is drawn: a spec that lists its properties describes those.
//! - `pattern`: strings are drawn from the regular expression when it is in
//!   the subset [`regex`] reads (classes, groups, alternation, quantifiers,
//!   anchors, lookaheads: what specs use); else the schema's own example is
//!   used when it fits, else the draw is skipped with its reason. The
//!   validator checks patterns it can read and accepts any string for others.
//! - Where a schema is silent (no `type`, an `object` without properties, an
//!   `array` without `items`), the value is shaped like the schema's example,
//!   or the parent's example for this node (Scribe writes structure into
//!   examples), as lowering reads it; else any small JSON value.
//! - Past a nesting depth (or a size budget) optional properties are left
//!   out, arrays take their minimum length and nullable values are null, so
//!   recursive schemas stay finite; a schema that requires infinite nesting is
//!   skipped.
//! - A `oneOf` draw that matches several branches, or an `allOf` draw that
//!   misses a part, is drawn again (8 tries), then skipped.

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use serde_json::{Map, Value};

/// Nesting depth past which drawing becomes minimal (optional parts left out).
const SOFT_DEPTH: usize = 5;
/// Nesting depth at which a draw gives up (a schema that only nests).
const HARD_DEPTH: usize = 40;
/// Values drawn for one instance past which drawing becomes minimal.
const SIZE_BUDGET: usize = 400;
/// Tries for a draw that must satisfy a check (`oneOf`, `allOf`, `uniqueItems`).
const TRIES: usize = 8;

/// A small, fast, deterministic PRNG (SplitMix64): enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A generator for one named stream: the same `(seed, name)` always
    /// gives the same sequence, whatever else is drawn.
    pub fn for_name(seed: u64, name: &str) -> Self {
        // FNV-1a over the name, mixed with the seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        // Multiply-shift: unbiased enough for test data.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// `true` with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// Uniform in `lo..=hi` (`lo <= hi`), over the whole `i128` span we use.
    fn int_in(&mut self, lo: i128, hi: i128) -> i128 {
        let span = (hi - lo) as u128;
        if span == u128::MAX {
            return (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())) as i128;
        }
        let n = span + 1;
        let r = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        lo + (r % n) as i128
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// What a target body is to its operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    Request,
    /// The success response.
    Response,
    /// A non-success response, by its key in `responses`: `404`, `4XX`, `default`.
    Error(String),
}

impl BodyKind {
    /// `request`, `response`, `error 404`: the kind as the round-trip program names it.
    pub fn label(&self) -> String {
        match self {
            BodyKind::Request => "request".into(),
            BodyKind::Response => "response".into(),
            BodyKind::Error(code) => format!("error {code}"),
        }
    }
}

/// One body to draw instances for.
#[derive(Debug, Clone)]
pub struct Target {
    /// `GET`, `POST`, … (upper case).
    pub method: String,
    /// The path template as in the spec.
    pub path: String,
    pub kind: BodyKind,
    /// The body is the `{data, _meta, …}` envelope: instances are `{"data": …}`.
    pub envelope: bool,
    /// JSON pointer of the schema drawn from (for `envelope`, `data`'s schema).
    pub pointer: String,
    schema: Value,
    /// The example that shapes the root where the schema is silent.
    context: Option<Value>,
}

impl Target {
    /// `GET /pets/{id}`: how the round-trip program finds the operation.
    pub fn operation(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// The instances of one target: each drawn value, or why the draw was skipped.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub target: Target,
    pub values: Vec<Result<Value, String>>,
}

/// `count` instances for every target of the document, with `seed`.
pub fn draw_all(doc: &OpenAPI, count: usize, seed: u64) -> Vec<Drawn> {
    let space = Space::new(doc);
    targets_in(doc, &space)
        .into_iter()
        .map(|target| {
            let mut rng = Rng::for_name(
                seed,
                &format!("{} {}", target.operation(), target.kind.label()),
            );
            let values = (0..count)
                .map(|_| {
                    let v = space.draw_root(&target.schema, target.context.as_ref(), &mut rng)?;
                    Ok(if target.envelope {
                        let mut m = Map::new();
                        m.insert("data".into(), v);
                        Value::Object(m)
                    } else {
                        v
                    })
                })
                .collect();
            Drawn { target, values }
        })
        .collect()
}

/// Every body of the document that gets instances, in document order.
pub fn targets(doc: &OpenAPI) -> Vec<Target> {
    targets_in(doc, &Space::new(doc))
}

fn targets_in(doc: &OpenAPI, space: &Space) -> Vec<Target> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue; // lowering skips `$ref` path items too
        };
        for (method, op) in item.iter() {
            let at = crate::pointer::join(&["paths", path, method]);
            let target = |kind, envelope, pointer: String, schema: Value, context| Target {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                kind,
                envelope,
                pointer,
                schema,
                context,
            };
            if let Some(body) = op.request_body.as_ref().and_then(|b| space.request_body(b)) {
                if let Some((media, schema)) = request_schema(body) {
                    out.push(target(
                        BodyKind::Request,
                        false,
                        format!(
                            "{at}/requestBody/content/{}/schema",
                            crate::pointer::escape(media)
                        ),
                        schema,
                        None,
                    ));
                }
            }
            let mut success: Option<(&StatusCode, &openapiv3::Response)> = None;
            let mut errors = Vec::new();
            for (code, r) in &op.responses.responses {
                let Some(resp) = space.response(r) else {
                    continue;
                };
                let status = match code {
                    StatusCode::Code(c) => *c,
                    StatusCode::Range(r) => *r * 100,
                };
                if (200..300).contains(&status) {
                    // The first success response, unless it has no content and a later one has.
                    if success.is_none_or(|(_, s)| s.content.is_empty() && !resp.content.is_empty())
                    {
                        success = Some((code, resp));
                    }
                } else {
                    let key = match code {
                        StatusCode::Code(c) => c.to_string(),
                        StatusCode::Range(r) => format!("{r}XX"),
                    };
                    errors.push((key, resp));
                }
            }
            if let Some(resp) = op
                .responses
                .default
                .as_ref()
                .and_then(|d| space.response(d))
            {
                errors.push(("default".into(), resp));
            }
            if let Some((code, resp)) = success {
                if let Some((media, schema)) = success_schema(resp) {
                    let pointer = format!(
                        "{at}/responses/{code}/content/{}/schema",
                        crate::pointer::escape(media)
                    );
                    match space.envelope_data(&schema) {
                        Some((data, context)) => out.push(target(
                            BodyKind::Response,
                            true,
                            format!("{pointer}/properties/data"),
                            data,
                            context,
                        )),
                        None => out.push(target(BodyKind::Response, false, pointer, schema, None)),
                    }
                }
            }
            for (key, resp) in errors {
                let json = resp.content.iter().find(|(k, _)| {
                    let k = k.to_ascii_lowercase();
                    k.starts_with("application/json") || k.contains("+json")
                });
                if let Some((media, mt)) = json {
                    if let Some(schema) = &mt.schema {
                        out.push(target(
                            BodyKind::Error(key.clone()),
                            false,
                            format!(
                                "{at}/responses/{key}/content/{}/schema",
                                crate::pointer::escape(media)
                            ),
                            to_json(schema),
                            None,
                        ));
                    }
                }
            }
        }
    }
    out
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The request body's schema, for the media type lowering picks (JSON, then
/// multipart, then form); none for text and binary bodies.
fn request_schema(body: &openapiv3::RequestBody) -> Option<(&str, Value)> {
    let rank = |m: &str| {
        let m = m.to_ascii_lowercase();
        let essence = m.split(';').next().unwrap_or("").trim().to_string();
        if essence == "application/json" || essence.ends_with("+json") {
            0
        } else if essence == "multipart/form-data" {
            1
        } else if essence == "application/x-www-form-urlencoded" {
            2
        } else if essence.starts_with("text/") {
            3
        } else {
            4
        }
    };
    let (media, mt) = body.content.iter().min_by_key(|(k, _)| rank(k))?;
    if rank(media) > 2 {
        return None;
    }
    Some((media.as_str(), to_json(mt.schema.as_ref()?)))
}

/// The success response's schema, when its media type (JSON first) is JSON.
fn success_schema(resp: &openapiv3::Response) -> Option<(&str, Value)> {
    let (media, mt) = resp.content.iter().min_by_key(|(k, _)| {
        let k = k.to_ascii_lowercase();
        if k.starts_with("application/json") || k.contains("+json") {
            0
        } else if k.starts_with("text/") {
            1
        } else {
            2
        }
    })?;
    let lower = media.to_ascii_lowercase();
    let json = lower.starts_with("application/json")
        || lower.contains("+json")
        || lower == "*/*" && mt.schema.is_some();
    if !json {
        return None;
    }
    Some((media.as_str(), to_json(mt.schema.as_ref()?)))
}

/// The document's schemas as JSON, for drawing and validating.
pub struct Space<'a> {
    doc: &'a OpenAPI,
    /// The whole document as JSON: `$ref`s resolve through it.
    tree: Value,
}

impl<'a> Space<'a> {
    pub fn new(doc: &'a OpenAPI) -> Self {
        Space {
            doc,
            tree: to_json(doc),
        }
    }

    fn request_body(
        &self,
        b: &'a ReferenceOr<openapiv3::RequestBody>,
    ) -> Option<&'a openapiv3::RequestBody> {
        match b {
            ReferenceOr::Item(b) => Some(b),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                self.doc
                    .components
                    .as_ref()?
                    .request_bodies
                    .get(name)?
                    .as_item()
            }
        }
    }

    fn response(&self, r: &'a ReferenceOr<openapiv3::Response>) -> Option<&'a openapiv3::Response> {
        match r {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                self.doc.components.as_ref()?.responses.get(name)?.as_item()
            }
        }
    }

    /// Follow `$ref`s to the schema they name.
    pub fn resolve<'s>(&'s self, s: &'s Value) -> Result<&'s Value, String> {
        let mut cur = s;
        for _ in 0..16 {
            match cur.get("$ref").and_then(Value::as_str) {
                None => return Ok(cur),
                Some(r) => {
                    let target = r
                        .strip_prefix('#')
                        .and_then(|p| self.tree.pointer(p))
                        .ok_or_else(|| format!("`$ref: {r}` does not resolve"))?;
                    cur = target;
                }
            }
        }
        Err("`$ref` chain too long".into())
    }

    /// `Some((data's schema, data's example))` when this response schema is
    /// the `{data, _meta, …}` envelope, as lowering decides it: an inline
    /// object (or `allOf` of objects, or a schema silent but for an object
    /// example) whose properties are `data` and others starting with `_`.
    fn envelope_data(&self, schema: &Value) -> Option<(Value, Option<Value>)> {
        let s = schema.as_object()?;
        if s.contains_key("$ref") {
            return None; // a component: lowering keeps its type
        }
        let example = s.get("example").filter(|e| !e.is_null());
        let (props, from_example): (Vec<(String, Value)>, bool) = if let Some(parts) =
            s.get("allOf").and_then(Value::as_array).filter(|_| {
                !s.contains_key("properties")
                    && !s.contains_key("items")
                    && !s.contains_key("additionalProperties")
            }) {
            if parts.len() == 1 && !s.contains_key("description") {
                return self.envelope_data(&parts[0]);
            }
            let mut props: Vec<(String, Value)> = Vec::new();
            for part in parts {
                self.collect_properties(part, &mut props, 0);
            }
            (props, false)
        } else if s.contains_key("oneOf") || s.contains_key("anyOf") {
            return None;
        } else {
            let ty = s.get("type").and_then(Value::as_str);
            let properties = s.get("properties").and_then(Value::as_object);
            let additional = s.contains_key("additionalProperties");
            match ty {
                Some("object") | None if properties.is_some_and(|p| !p.is_empty()) => (
                    properties?
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    false,
                ),
                Some("object") | None
                    if !additional && (ty.is_some() || !s.contains_key("items")) =>
                {
                    match example {
                        Some(Value::Object(m)) if !m.is_empty() => (
                            m.keys()
                                .map(|k| (k.clone(), Value::Object(Map::new())))
                                .collect(),
                            true,
                        ),
                        _ => return None,
                    }
                }
                _ => return None,
            }
        };
        let data = props.iter().find(|(k, _)| k == "data")?;
        if props.len() < 2 || !props.iter().all(|(k, _)| k == "data" || k.starts_with('_')) {
            return None;
        }
        let context = if from_example || !s.contains_key("allOf") {
            example.and_then(|e| e.get("data")).cloned()
        } else {
            None
        };
        Some((data.1.clone(), context))
    }

    /// Properties of an `allOf` part, merged as lowering merges them (later
    /// parts replace a property of the same name in place).
    fn collect_properties(&self, part: &Value, out: &mut Vec<(String, Value)>, depth: usize) {
        if depth > 16 {
            return;
        }
        let Ok(s) = self.resolve(part) else {
            return;
        };
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            if matches!(s.get("type").and_then(Value::as_str), Some("object") | None) {
                for (k, v) in props {
                    match out.iter_mut().find(|(n, _)| n == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => out.push((k.clone(), v.clone())),
                    }
                }
            }
        }
        for p in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.collect_properties(p, out, depth + 1);
        }
    }

    /// One instance of `schema`; `context` is the example that shapes a silent root.
    pub fn draw_root(
        &self,
        schema: &Value,
        context: Option<&Value>,
        rng: &mut Rng,
    ) -> Result<Value, String> {
        let mut d = Draw {
            space: self,
            rng,
            size: 0,
        };
        d.draw(schema, context, 0)
    }

    /// `Ok` when `value` is valid for `schema`, else where and why not.
    pub fn validate(&self, value: &Value, schema: &Value) -> Result<(), String> {
        Validator { space: self }.check(value, schema, "", 0)
    }
}

struct Draw<'s, 'r> {
    space: &'s Space<'s>,
    rng: &'r mut Rng,
    /// Values drawn so far for this instance.
    size: usize,
}

/// A schema that says nothing but `nullable: true` (and docs): OpenAPI 3.0's
/// way of writing `null` in a union, and what Scribe's `type: …, nullable:
/// true, example: null` becomes once normalization drops the type. Lowering
/// reads it as null; so do the draws and the validator.
fn only_nullable(s: &Map<String, Value>) -> bool {
    const DOCS: &[&str] = &[
        "nullable",
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
    s.get("nullable").and_then(Value::as_bool) == Some(true)
        && s.keys()
            .all(|k| DOCS.contains(&k.as_str()) || k.starts_with("x-"))
}

fn has_combinator(s: &Map<String, Value>) -> bool {
    ["allOf", "oneOf", "anyOf"].iter().any(|k| {
        s.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    })
}

impl Draw<'_, '_> {
    fn minimal(&self, depth: usize) -> bool {
        depth >= SOFT_DEPTH || self.size >= SIZE_BUDGET
    }

    fn draw(
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
            if let Some(tag) = discriminator.as_ref().and_then(|d| tag_for(d, &branch)) {
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

    fn string(&mut self, s: &Map<String, Value>, example: Option<&Value>) -> Result<Value, String> {
        let min = usize_kw(s, "minLength").unwrap_or(0);
        let max = usize_kw(s, "maxLength");
        if max.is_some_and(|m| m < min) {
            return Err(format!("unsatisfiable: maxLength < minLength ({min})"));
        }
        let fits = |t: &str| {
            let n = t.chars().count();
            n >= min && max.is_none_or(|m| n <= m)
        };
        let format = s.get("format").and_then(Value::as_str).unwrap_or("");
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            let re = regex::Regex::parse(p);
            if let Some(re) = &re {
                for _ in 0..TRIES {
                    if let Some(t) = re.draw(self.rng) {
                        if fits(&t) && re.is_match(&t) && format_ok(format, &t) {
                            return Ok(Value::String(t));
                        }
                    }
                }
            }
            // The documented value, when it fits.
            let matches = |e: &&str| fits(e) && re.as_ref().is_none_or(|re| re.is_match(e));
            return match example.and_then(Value::as_str).filter(matches) {
                Some(e) => Ok(Value::String(e.to_string())),
                None => Err(format!(
                    "pattern `{p}` {} and the schema has no matching string example",
                    if re.is_some() {
                        "gave no fitting string in 8 draws"
                    } else {
                        "is outside the regex subset we draw from"
                    }
                )),
            };
        }
        if let Some(t) = self.formatted(format) {
            return if fits(&t) {
                Ok(Value::String(t))
            } else {
                Err(format!(
                    "a `{format}` string cannot have the length the schema asks for"
                ))
            };
        }
        let hi = max.unwrap_or(min + 12).min(min + 12);
        let len = self.rng.int_in(min as i128, hi as i128) as usize;
        Ok(Value::String(self.text(len)))
    }

    fn text(&mut self, len: usize) -> String {
        const CHARS: &[char] = &[
            'a', 'b', 'c', 'd', 'e', 'f', 'k', 'm', 'o', 'r', 's', 't', 'x', 'z', 'A', 'Q', 'Z',
            '0', '1', '7', '9', ' ', '-', '_', '.', '/', '"', '\\', '\'', 'é', 'ü', 'ß', '日', 'я',
            'ع', '✓',
        ];
        (0..len).map(|_| *self.rng.pick(CHARS)).collect()
    }

    fn digits(&mut self, n: usize, radix: u32) -> String {
        (0..n)
            .map(|_| {
                char::from_digit(self.rng.below(u64::from(radix)) as u32, radix).unwrap_or('0')
            })
            .collect()
    }

    /// A string of a known format, or `None` for a format we do not shape.
    fn formatted(&mut self, format: &str) -> Option<String> {
        let date = |r: &mut Rng| {
            format!(
                "{:04}-{:02}-{:02}",
                1970 + r.below(80),
                1 + r.below(12),
                1 + r.below(28)
            )
        };
        let time =
            |r: &mut Rng| format!("{:02}:{:02}:{:02}", r.below(24), r.below(60), r.below(60));
        Some(match format {
            "date" => date(self.rng),
            "time" => time(self.rng),
            "date-time" => {
                let frac = if self.rng.chance(1, 3) {
                    format!(".{}", self.digits(3, 10))
                } else {
                    String::new()
                };
                let zone = if self.rng.chance(1, 2) {
                    "Z".to_string()
                } else {
                    format!(
                        "{}{:02}:{}",
                        if self.rng.chance(1, 2) { '+' } else { '-' },
                        self.rng.below(14),
                        if self.rng.chance(1, 2) { "00" } else { "30" }
                    )
                };
                format!("{}T{}{frac}{zone}", date(self.rng), time(self.rng))
            }
            "uuid" => format!(
                "{}-{}-4{}-{}{}-{}",
                self.digits(8, 16),
                self.digits(4, 16),
                self.digits(3, 16),
                self.rng.pick(&['8', '9', 'a', 'b']),
                self.digits(3, 16),
                self.digits(12, 16)
            ),
            "email" => format!("user{}@example.com", self.rng.below(10_000)),
            "uri" | "url" => format!("https://example.com/{}", self.digits(6, 36)),
            "hostname" => format!("host{}.example.com", self.rng.below(1000)),
            "ipv4" => format!(
                "{}.{}.{}.{}",
                self.rng.below(256),
                self.rng.below(256),
                self.rng.below(256),
                self.rng.below(256)
            ),
            "ipv6" => (0..8)
                .map(|_| format!("{:x}", self.rng.below(0x10000)))
                .collect::<Vec<_>>()
                .join(":"),
            "byte" => {
                let n = self.rng.below(12) as usize;
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.below(256) as u8).collect();
                base64(&bytes)
            }
            // A file in a multipart body: in JSON, its name.
            "binary" => format!("file{}.bin", self.rng.below(100)),
            _ => return None,
        })
    }

    fn integer(&mut self, s: &Map<String, Value>) -> Result<Value, String> {
        let format = s.get("format").and_then(Value::as_str).unwrap_or("");
        let (mut lo, mut hi) = crate::keywords::Format::integer(format).range();
        if let Some(m) = s.get("minimum").and_then(Value::as_f64) {
            let exclusive = s.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
            let b = if exclusive {
                (m.floor() as i128).saturating_add(1)
            } else {
                m.ceil() as i128
            };
            lo = lo.max(b);
        }
        if let Some(m) = s.get("maximum").and_then(Value::as_f64) {
            let exclusive = s.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true);
            let b = if exclusive {
                (m.ceil() as i128).saturating_sub(1)
            } else {
                m.floor() as i128
            };
            hi = hi.min(b);
        }
        let step = s
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|m| *m >= 1.0 && m.fract() == 0.0)
            .map(|m| m as i128)
            .unwrap_or(1);
        let (klo, khi) = (div_ceil(lo, step), div_floor(hi, step));
        if klo > khi {
            return Err(format!(
                "unsatisfiable integer range [{lo}, {hi}] (multipleOf {step})"
            ));
        }
        let k = self.pick_int(klo, khi);
        Ok(int_value(k * step))
    }

    /// Small values, boundaries and the whole range, in that mix.
    fn pick_int(&mut self, lo: i128, hi: i128) -> i128 {
        match self.rng.below(10) {
            0..=2 => {
                let (a, b) = (lo.max(-20), hi.min(100));
                if a <= b {
                    self.rng.int_in(a, b)
                } else {
                    self.rng.int_in(lo, hi)
                }
            }
            3..=4 => {
                let cands: Vec<i128> = [lo, hi, 0, lo.saturating_add(1), hi.saturating_sub(1)]
                    .into_iter()
                    .filter(|v| (lo..=hi).contains(v))
                    .collect();
                *self.rng.pick(&cands)
            }
            _ => self.rng.int_in(lo, hi),
        }
    }

    fn number(&mut self, s: &Map<String, Value>) -> Result<Value, String> {
        let float = s.get("format").and_then(Value::as_str) == Some("float");
        let limit = if float { f64::from(f32::MAX) } else { 1e300 };
        let (mut lo, mut hi) = (-limit, limit);
        let min = s.get("minimum").and_then(Value::as_f64);
        let max = s.get("maximum").and_then(Value::as_f64);
        if let Some(m) = min {
            lo = lo.max(m);
        }
        if let Some(m) = max {
            hi = hi.min(m);
        }
        let ex_lo =
            min.is_some() && s.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
        let ex_hi =
            max.is_some() && s.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true);
        if lo > hi || (lo == hi && (ex_lo || ex_hi)) {
            return Err(format!("unsatisfiable number range [{lo}, {hi}]"));
        }
        let inside = |v: f64| {
            v.is_finite()
                && (if ex_lo { v > lo } else { v >= lo })
                && (if ex_hi { v < hi } else { v <= hi })
        };
        let multiple = s
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|m| *m > 0.0);
        for _ in 0..TRIES {
            let mut v = match self.rng.below(10) {
                // Integral values: a number may be written as one.
                0..=1 if multiple.is_none() => return self.integral_number(lo, hi, inside),
                0..=1 => self.rng.int_in(-1000, 1000) as f64,
                2..=5 => self.rng.int_in(-100_000, 100_000) as f64 / 100.0,
                6 => *self.rng.pick(&[lo, hi, 0.0]),
                _ => {
                    let mag = 10f64.powi(self.rng.int_in(-6, 12) as i32);
                    let sign = if self.rng.chance(1, 2) { -1.0 } else { 1.0 };
                    sign * self.rng.unit() * mag
                }
            };
            if !inside(v) {
                v = lo + (hi - lo) * self.rng.unit();
            }
            if let Some(m) = multiple {
                v = (v / m).round() * m;
            }
            if float {
                v = f64::from(v as f32);
            }
            if inside(v) {
                return Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number));
            }
        }
        Err(format!("no number drawn inside [{lo}, {hi}]"))
    }

    fn integral_number(
        &mut self,
        lo: f64,
        hi: f64,
        inside: impl Fn(f64) -> bool,
    ) -> Result<Value, String> {
        let a = lo.max(-1e6).ceil();
        let b = hi.min(1e6).floor();
        if a <= b {
            let v = self.rng.int_in(a as i128, b as i128);
            if inside(v as f64) {
                return Ok(int_value(v));
            }
        }
        let v = (lo + hi) / 2.0;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn array(
        &mut self,
        s: &Map<String, Value>,
        example: Option<&Value>,
        depth: usize,
    ) -> Result<Value, String> {
        let min = usize_kw(s, "minItems").unwrap_or(0);
        let max = usize_kw(s, "maxItems");
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
                if !unique || !items.iter().any(|i| json_eq(i, &item)) {
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
            // Silent: shaped like the example (Scribe), else no keys.
            if let Some(e @ Value::Object(m)) = example {
                if !m.is_empty() {
                    let mut v = self.like(e, depth);
                    if let Value::Object(o) = &mut v {
                        for r in &required {
                            if !o.contains_key(*r) {
                                let x = self.any_small();
                                o.insert(r.to_string(), x);
                            }
                        }
                    }
                    return Ok(v);
                }
            }
        }
        let minimal = self.minimal(depth);
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
        let min_props = usize_kw(s, "minProperties").unwrap_or(0);
        let max_props = usize_kw(s, "maxProperties");
        let mut extras = if minimal || extra_schema.is_none() {
            0
        } else {
            self.rng.below(3) as usize
        };
        // Fill up to minProperties: optional properties first, then extra keys.
        while out.len() < min_props {
            if let Some(name) = optional_left.pop() {
                let v = self.draw(&props[name], example.and_then(|e| e.get(name)), depth + 1)?;
                out.insert(name.clone(), v);
            } else if extra_schema.is_some() {
                extras += 1;
                break;
            } else {
                return Err(format!(
                    "minProperties {min_props} needs undeclared keys the schema forbids"
                ));
            }
        }
        if let Some(schema) = &extra_schema {
            let mut n = 0;
            while extras > 0 || out.len() < min_props {
                let key = format!("extra_{n}");
                n += 1;
                if props.contains_key(&key) || out.contains_key(&key) {
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
        }
        if let Some(max) = max_props {
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
        }
        Ok(Value::Object(out))
    }

    /// A value shaped like an example: same JSON types, same keys (each
    /// present or not), items like the example's items.
    fn like(&mut self, e: &Value, depth: usize) -> Value {
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
    fn any_small(&mut self) -> Value {
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

/// The tag a discriminator gives a branch: the `mapping` key that names the
/// branch's `$ref`, else the component name of the `$ref`.
fn tag_for(discriminator: &Value, branch: &Value) -> Option<String> {
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

/// One schema from several (the parts of an `allOf`, with a branch of each
/// `oneOf` picked): the union of properties and `required`, the tightest
/// bounds, the first `type` (conflicting types: unsatisfiable).
fn merge(parts: &[Map<String, Value>]) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut typed_nullable = true;
    let mut any_typed = false;
    for part in parts {
        for (k, v) in part {
            match k.as_str() {
                "type" => {
                    any_typed = true;
                    match out.get("type") {
                        None => {
                            out.insert(k.clone(), v.clone());
                        }
                        Some(t) if t == v => {}
                        Some(t) if t == "number" && v == "integer" => {
                            out.insert(k.clone(), v.clone());
                        }
                        Some(t) if t == "integer" && v == "number" => {}
                        Some(t) => {
                            return Err(format!("allOf parts disagree on type ({t} and {v})"))
                        }
                    }
                }
                "nullable" => {}
                "properties" => {
                    let target = out
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let (Value::Object(t), Value::Object(p)) = (target, v) {
                        for (name, schema) in p {
                            let merged = match t.get(name) {
                                Some(prev) if prev != schema => {
                                    serde_json::json!({"allOf": [prev, schema]})
                                }
                                _ => schema.clone(),
                            };
                            t.insert(name.clone(), merged);
                        }
                    }
                }
                "required" => {
                    let target = out
                        .entry("required")
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let (Value::Array(t), Value::Array(r)) = (target, v) {
                        for name in r {
                            if !t.contains(name) {
                                t.push(name.clone());
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    let merged = match (out.get(k), v) {
                        (Some(Value::Bool(false)), _) | (_, Value::Bool(false)) => {
                            Value::Bool(false)
                        }
                        (Some(prev @ Value::Object(_)), Value::Object(_)) if prev != v => {
                            serde_json::json!({"allOf": [prev, v]})
                        }
                        (Some(prev @ Value::Object(_)), _) => prev.clone(),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), merged);
                }
                "items" => {
                    let merged = match out.get(k) {
                        Some(prev) if prev != v => serde_json::json!({"allOf": [prev, v]}),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), merged);
                }
                "enum" => {
                    let merged = match (out.get(k), v) {
                        (Some(Value::Array(prev)), Value::Array(new)) => Value::Array(
                            prev.iter()
                                .filter(|p| new.iter().any(|n| json_eq(p, n)))
                                .cloned()
                                .collect(),
                        ),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), merged);
                }
                "minimum" | "minLength" | "minItems" | "minProperties" => {
                    let m = match (out.get(k).and_then(Value::as_f64), v.as_f64()) {
                        (Some(a), Some(b)) if a >= b => out[k.as_str()].clone(),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), m);
                }
                "maximum" | "maxLength" | "maxItems" | "maxProperties" => {
                    let m = match (out.get(k).and_then(Value::as_f64), v.as_f64()) {
                        (Some(a), Some(b)) if a <= b => out[k.as_str()].clone(),
                        _ => v.clone(),
                    };
                    out.insert(k.clone(), m);
                }
                "exclusiveMinimum" | "exclusiveMaximum" | "uniqueItems" => {
                    if v.as_bool() == Some(true) {
                        out.insert(k.clone(), v.clone());
                    } else {
                        out.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                _ => {
                    out.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        if part.contains_key("type") && part.get("nullable").and_then(Value::as_bool) != Some(true)
        {
            typed_nullable = false;
        }
    }
    // Null only where every typed part allows it.
    if any_typed && typed_nullable {
        out.insert("nullable".into(), Value::Bool(true));
    }
    Ok(out)
}

fn usize_kw(s: &Map<String, Value>, k: &str) -> Option<usize> {
    s.get(k).and_then(Value::as_u64).map(|n| n as usize)
}

fn div_floor(a: i128, b: i128) -> i128 {
    let d = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        d - 1
    } else {
        d
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

fn int_value(v: i128) -> Value {
    if let Ok(i) = i64::try_from(v) {
        Value::from(i)
    } else if let Ok(u) = u64::try_from(v) {
        Value::from(u)
    } else {
        Value::from(v as f64)
    }
}

/// JSON equality, numbers by value (`1` equals `1.0`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(p), Some(q), _, _) => p == q,
                (_, _, Some(p), Some(q)) => p == q,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A JSON Schema validator for the OpenAPI 3.0 subset the draw supports.
struct Validator<'s> {
    space: &'s Space<'s>,
}

fn is_integer(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

impl Validator<'_> {
    fn check(&self, v: &Value, schema: &Value, at: &str, depth: usize) -> Result<(), String> {
        if depth > 2 * HARD_DEPTH + 32 {
            return Ok(());
        }
        let s = self.space.resolve(schema)?;
        let Some(s) = s.as_object() else {
            return match s {
                Value::Bool(false) => Err(format!("{}: no value is valid here", where_(at))),
                _ => Ok(()),
            };
        };
        let fail = |what: String| Err(format!("{}: {} {what}", where_(at), excerpt(v)));
        let ty = s.get("type").and_then(Value::as_str);
        if !v.is_null() && only_nullable(s) {
            return fail(
                "is not null, and the schema says nothing but `nullable` (read as null)".into(),
            );
        }
        if v.is_null() {
            if s.get("nullable").and_then(Value::as_bool) == Some(true) {
                return Ok(());
            }
            if ty.is_some() {
                return fail("is null, and the schema is not nullable".into());
            }
        }
        let type_ok = match ty {
            Some("string") => v.is_string(),
            Some("integer") => v.as_number().is_some_and(is_integer),
            Some("number") => v.is_number(),
            Some("boolean") => v.is_boolean(),
            Some("array") => v.is_array(),
            Some("object") => v.is_object(),
            _ => true,
        };
        if !type_ok {
            return fail(format!("is not of type {}", ty.unwrap_or_default()));
        }
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            if !values.iter().any(|e| json_eq(e, v)) {
                return fail("is not one of the enum values".into());
            }
        }
        match v {
            Value::String(t) => self.string(t, s, &fail)?,
            Value::Number(n) => self.number(n, ty, s, &fail)?,
            Value::Array(items) => {
                if let Some(min) = usize_kw(s, "minItems").filter(|m| items.len() < *m) {
                    return fail(format!("has fewer than {min} items"));
                }
                if let Some(max) = usize_kw(s, "maxItems").filter(|m| items.len() > *m) {
                    return fail(format!("has more than {max} items"));
                }
                if s.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
                    for (i, a) in items.iter().enumerate() {
                        if items[..i].iter().any(|b| json_eq(a, b)) {
                            return fail("has duplicate items".into());
                        }
                    }
                }
                if let Some(item_schema) = s.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item, item_schema, &format!("{at}/{i}"), depth + 1)?;
                    }
                }
            }
            Value::Object(map) => self.object(map, s, at, depth, &fail)?,
            _ => {}
        }
        for part in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(v, part, at, depth + 1)?;
        }
        if let Some(list) = s
            .get("anyOf")
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
        {
            let chosen = s.get("discriminator").and_then(|d| branch_for(d, list, v));
            match chosen {
                Some(i) => self.check(v, &list[i], at, depth + 1)?,
                None if !list.iter().any(|b| self.check(v, b, at, depth + 1).is_ok()) => {
                    return fail("matches no anyOf branch".into());
                }
                None => {}
            }
        }
        if let Some(list) = s
            .get("oneOf")
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
        {
            match s.get("discriminator").and_then(|d| branch_for(d, list, v)) {
                // OpenAPI: the discriminator names the branch.
                Some(i) => self.check(v, &list[i], at, depth + 1)?,
                None => {
                    let matching: Vec<usize> = (0..list.len())
                        .filter(|&i| self.check(v, &list[i], at, depth + 1).is_ok())
                        .collect();
                    match matching.len() {
                        1 => {}
                        0 => return fail("matches no oneOf branch".into()),
                        _ => return fail(format!("matches several oneOf branches ({matching:?})")),
                    }
                }
            }
        }
        if let Some(not) = s.get("not") {
            if self.check(v, not, at, depth + 1).is_ok() {
                return fail("matches the schema under `not`".into());
            }
        }
        Ok(())
    }

    fn string(
        &self,
        t: &str,
        s: &Map<String, Value>,
        fail: &dyn Fn(String) -> Result<(), String>,
    ) -> Result<(), String> {
        let n = t.chars().count();
        if let Some(min) = usize_kw(s, "minLength").filter(|m| n < *m) {
            return fail(format!("is shorter than {min} characters"));
        }
        if let Some(max) = usize_kw(s, "maxLength").filter(|m| n > *m) {
            return fail(format!("is longer than {max} characters"));
        }
        let format = s.get("format").and_then(Value::as_str).unwrap_or("");
        if !format_ok(format, t) {
            return fail(format!("is not a valid `{format}`"));
        }
        // A pattern outside the subset we parse is not checked.
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            if regex::Regex::parse(p).is_some_and(|re| !re.is_match(t)) {
                return fail(format!("does not match the pattern `{p}`"));
            }
        }
        Ok(())
    }

    fn number(
        &self,
        n: &serde_json::Number,
        ty: Option<&str>,
        s: &Map<String, Value>,
        fail: &dyn Fn(String) -> Result<(), String>,
    ) -> Result<(), String> {
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
        if let Some(m) = s.get("minimum").and_then(Value::as_f64) {
            let ex = s.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
            if below(m) || (ex && !above(m)) {
                return fail(format!("is below the minimum {m}"));
            }
        }
        if let Some(m) = s.get("maximum").and_then(Value::as_f64) {
            let ex = s.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true);
            if above(m) || (ex && !below(m)) {
                return fail(format!("is above the maximum {m}"));
            }
        }
        if let Some(m) = s
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|m| *m > 0.0)
        {
            let q = f / m;
            if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                return fail(format!("is not a multiple of {m}"));
            }
        }
        let format = s.get("format").and_then(Value::as_str).unwrap_or("");
        if ty == Some("integer") {
            let (lo, hi) = crate::keywords::Format::integer(format).range();
            let in_range = match exact {
                Some(i) => (lo..=hi).contains(&i),
                None => f >= lo as f64 && f <= hi as f64,
            };
            if !in_range {
                return fail(format!(
                    "is out of range for format `{}`",
                    if format.is_empty() {
                        "int64 (no format)"
                    } else {
                        format
                    }
                ));
            }
        } else if format == "float" && f.abs() > f64::from(f32::MAX) {
            return fail("is out of range for format `float`".into());
        }
        Ok(())
    }

    fn object(
        &self,
        map: &Map<String, Value>,
        s: &Map<String, Value>,
        at: &str,
        depth: usize,
        fail: &dyn Fn(String) -> Result<(), String>,
    ) -> Result<(), String> {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(r) = r.as_str() {
                if !map.contains_key(r) {
                    return fail(format!("lacks the required property `{r}`"));
                }
            }
        }
        if let Some(min) = usize_kw(s, "minProperties").filter(|m| map.len() < *m) {
            return fail(format!("has fewer than {min} properties"));
        }
        if let Some(max) = usize_kw(s, "maxProperties").filter(|m| map.len() > *m) {
            return fail(format!("has more than {max} properties"));
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
                (None, Some(Value::Bool(false))) => {
                    return fail(format!(
                        "has the undeclared property `{k}` (additionalProperties: false)"
                    ));
                }
                (None, Some(extra @ Value::Object(_))) => {
                    self.check(item, extra, &child, depth + 1)?
                }
                (None, _) => {}
            }
        }
        Ok(())
    }
}

fn where_(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
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

/// A value's JSON text, cut to about 60 characters.
pub fn excerpt(v: &Value) -> String {
    let s = v.to_string();
    if s.len() <= 60 {
        return s;
    }
    let mut cut = 57;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}...", &s[..cut])
}

/// Does `t` have the shape of `format`? Formats we do not know accept anything.
fn format_ok(format: &str, t: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let p: Vec<&str> = s.split('-').collect();
        p.len() == 3
            && digits(p[0], 4)
            && digits(p[1], 2)
            && digits(p[2], 2)
            && (1..=12).contains(&p[1].parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&p[2].parse::<u32>().unwrap_or(0))
    };
    let time = |s: &str| {
        let p: Vec<&str> = s.split(':').collect();
        p.len() == 3 && digits(p[0], 2) && digits(p[1], 2) && p[0] < "24" && p[1] < "60" && {
            let sec = p[2].split('.').collect::<Vec<_>>();
            digits(sec[0], 2)
                && sec[0] < "61"
                && sec
                    .get(1)
                    .is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
                && sec.len() <= 2
        }
    };
    match format {
        "date" => date(t),
        "time" => time(t),
        "date-time" => {
            let Some((d, rest)) = t.split_once(['T', 't']) else {
                return false;
            };
            let (clock, zone_ok) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
                (c, true)
            } else if let Some(i) = rest.rfind(['+', '-']) {
                let z = &rest[i + 1..];
                (
                    &rest[..i],
                    z.len() == 5 && digits(&z[..2], 2) && &z[2..3] == ":" && digits(&z[3..], 2),
                )
            } else {
                (rest, false)
            };
            date(d) && zone_ok && time(clock)
        }
        "uuid" => {
            let p: Vec<&str> = t.split('-').collect();
            p.len() == 5
                && [8, 4, 4, 4, 12]
                    .iter()
                    .zip(&p)
                    .all(|(n, s)| s.len() == *n && s.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "email" => t
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.')),
        "ipv4" => {
            let p: Vec<&str> = t.split('.').collect();
            p.len() == 4
                && p.iter()
                    .all(|x| !x.is_empty() && x.len() <= 3 && x.parse::<u8>().is_ok())
        }
        "byte" => {
            t.len().is_multiple_of(4)
                && t.trim_end_matches('=')
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        }
        _ => true,
    }
}

mod regex;
#[cfg(test)]
mod tests;
