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
//! by the validator ([`crate::validate`], which the draw uses for `allOf` and `oneOf`): `type`,
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
//!
//! The jobs, one module each: [`targets`] chooses the bodies, [`draw`]
//! draws structure (objects, arrays, combinators, example-shaped values),
//! [`scalars`] draws strings, numbers and formats, [`merge`] makes one
//! schema of an `allOf` (and the picked branches), [`rng`] is the seeded
//! generator, [`regex`] draws and matches `pattern`s. Validation is
//! [`crate::validate`]'s.

mod draw;
mod merge;
pub mod regex;
pub mod rng;
mod scalars;
mod targets;

pub use draw::draw_root;
pub use rng::Rng;
pub use targets::{targets, BodyKind, Drawn, Target};

use crate::validate::Space;
use openapiv3::OpenAPI;
use serde_json::{Map, Value};

/// `count` instances for every target of the document, with `seed`.
pub fn draw_all(doc: &OpenAPI, count: usize, seed: u64) -> Vec<Drawn> {
    let space = Space::new(doc);
    targets::targets_in(doc, &space)
        .into_iter()
        .map(|target| {
            let mut rng = Rng::for_name(
                seed,
                &format!("{} {}", target.operation(), target.kind.label()),
            );
            let values = (0..count)
                .map(|_| {
                    let v = draw_root(&space, &target.schema, target.context.as_ref(), &mut rng)?;
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

#[cfg(test)]
mod tests;
