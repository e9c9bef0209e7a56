//! Shapes: a schema reduced to what matters for a Rust type, before naming.
//!
//! `openapiv3` schemas become [`Shape`] trees here ([`ShapeBuilder`]), with
//! Scribe's inference quirks interpreted (`type: string, nullable, example:
//! null` is "unknown", an `object` without properties is any JSON value, an
//! integer whose example is fractional is a number). [`merge`] unifies two
//! shapes that describe the same thing in two operations, or says they cannot
//! be unified.

use super::resolve::{resolve, unbox};
use crate::{ident, Rule, Warning};
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

/// How a named node (object, enum, union) gets its name.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    /// A root: candidate names in order of preference.
    Root(Vec<String>),
    /// Nested: this suffix appended to the parent's final name.
    Child(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub kind: Kind,
    pub nullable: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Unknown,
    Bool,
    Int,
    Num,
    Str,
    Bytes,
    Array(Box<Shape>),
    Map(Box<Shape>),
    Object(Obj),
    Enum(Named<Vec<String>>),
    Union(Named<Vec<Shape>>),
    /// A component schema, by its final type name.
    Ref(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Named<T> {
    pub hint: Hint,
    pub value: T,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Obj {
    pub hint: Hint,
    pub fields: Vec<FieldShape>,
    pub additional: Option<Box<Shape>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    pub wire: String,
    pub shape: Shape,
    pub required: bool,
}

impl Shape {
    pub fn new(kind: Kind) -> Self {
        Shape {
            kind,
            nullable: false,
            doc: None,
        }
    }
    pub fn unknown() -> Self {
        Shape::new(Kind::Unknown)
    }
}

/// Builds shapes from `openapiv3` schemas, resolving `$ref`s to components.
pub struct ShapeBuilder<'a> {
    pub doc: &'a OpenAPI,
    /// Component schema name → Rust type name.
    pub component_names: &'a std::collections::BTreeMap<String, String>,
    pub warnings: &'a mut Vec<Warning>,
    /// The parent's example value for the node about to be built, used when
    /// the node's own schema says too little (Scribe writes structure into
    /// examples, not schemas). Set just before each child is built.
    pub context_example: Option<serde_json::Value>,
}

const MAX_DEPTH: usize = 64;

impl ShapeBuilder<'_> {
    /// Shape of a schema-or-reference. `hint` names it if it turns out to be
    /// an object, enum or union.
    pub fn shape(&mut self, schema: &ReferenceOr<Schema>, hint: Hint, at: &str) -> Shape {
        self.shape_at(schema, hint, at, 0)
    }

    fn shape_at(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: Hint,
        at: &str,
        depth: usize,
    ) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => {
                self.context_example = None;
                self.reference(reference, at)
            }
            ReferenceOr::Item(s) => self.schema(s, hint, at, depth),
        }
    }

    fn reference(&mut self, reference: &str, at: &str) -> Shape {
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            let name = name.replace("~1", "/").replace("~0", "~");
            if let Some(rust) = self.component_names.get(&name) {
                // A `nullable: true` component makes every use of it nullable.
                let nullable = self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(&name))
                    .and_then(|s| s.as_item())
                    .is_some_and(|s| s.schema_data.nullable);
                return Shape {
                    kind: Kind::Ref(rust.clone()),
                    nullable,
                    doc: None,
                };
            }
        }
        self.warnings.push(Warning {
            rule: Rule::UnresolvedRef,
            pointer: at.to_string(),
            message: format!(
                "`$ref: {reference}` does not name a component schema; read as any value"
            ),
        });
        Shape::unknown()
    }

    /// Resolve a reference to the schema it names (for `allOf` merging).
    fn resolve<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        resolve(self.doc, schema)
    }

    pub fn schema(&mut self, s: &Schema, hint: Hint, at: &str, depth: usize) -> Shape {
        let doc = s
            .schema_data
            .description
            .clone()
            .or_else(|| s.schema_data.title.clone());
        let mut nullable = s.schema_data.nullable;
        if depth > MAX_DEPTH {
            self.warnings.push(Warning {
                rule: Rule::TooDeep,
                pointer: at.to_string(),
                message: "schema nested too deeply; read as any value".into(),
            });
            return Shape::unknown();
        }
        let context = self.context_example.take();
        let example_owned = s.schema_data.example.clone().or(context);
        let example = example_owned.as_ref();
        let kind = match &s.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => Kind::Bool,
            SchemaKind::Type(Type::Integer(_)) => {
                // Scribe infers types from one example; a fractional example means a number.
                if example.is_some_and(|e| e.is_f64()) {
                    Kind::Num
                } else {
                    Kind::Int
                }
            }
            SchemaKind::Type(Type::Number(_)) => Kind::Num,
            SchemaKind::Type(Type::String(st)) => {
                let values: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
                if st.enumeration.iter().any(Option::is_none) {
                    nullable = true;
                }
                if matches!(
                    st.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                ) {
                    Kind::Bytes
                } else if !values.is_empty() {
                    let mut dedup = Vec::new();
                    for v in values {
                        if !dedup.contains(&v) {
                            dedup.push(v);
                        }
                    }
                    Kind::Enum(Named { hint, value: dedup })
                } else {
                    Kind::Str
                }
            }
            SchemaKind::Type(Type::Array(arr)) => {
                let item_hint = item_hint(&hint);
                let item = match &arr.items {
                    Some(items) => {
                        let items = unbox(items);
                        self.context_example = first_item(example);
                        self.shape_at(&items, item_hint, &format!("{at}/items"), depth + 1)
                    }
                    // No `items`: what the example shows, else unknown.
                    None => match example {
                        Some(serde_json::Value::Array(values)) => {
                            infer_items(values, &item_hint, depth)
                        }
                        _ => Shape::unknown(),
                    },
                };
                Kind::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(obj)) => {
                if obj.properties.is_empty() && obj.additional_properties.is_none() {
                    // No properties: what the example shows, else any value.
                    match example {
                        Some(v @ serde_json::Value::Object(m)) if !m.is_empty() => {
                            infer(v, hint, depth).kind
                        }
                        _ => Kind::Unknown,
                    }
                } else {
                    self.object(
                        &obj.properties,
                        &obj.required,
                        obj.additional_properties.as_ref(),
                        hint,
                        at,
                        depth,
                        example,
                    )
                }
            }
            SchemaKind::AllOf { all_of } => return self.all_of(all_of, s, hint, at, depth),
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                return self.union(list, s, hint, at, depth);
            }
            SchemaKind::Not { .. } => Kind::Unknown,
            SchemaKind::Any(any) => {
                // No `type`: decide from what is there.
                if !any.properties.is_empty() || any.additional_properties.is_some() {
                    self.object(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        hint,
                        at,
                        depth,
                        example,
                    )
                } else if let Some(items) = &any.items {
                    let items = unbox(items);
                    self.context_example = first_item(example);
                    let item =
                        self.shape_at(&items, item_hint(&hint), &format!("{at}/items"), depth + 1);
                    Kind::Array(Box::new(item))
                } else if !any.all_of.is_empty() {
                    return self.all_of(&any.all_of, s, hint, at, depth);
                } else if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    let list = if any.one_of.is_empty() {
                        &any.any_of
                    } else {
                        &any.one_of
                    };
                    return self.union(list, s, hint, at, depth);
                } else if let Some(v) = example.filter(|v| !v.is_null()) {
                    // No type at all: what the example shows.
                    infer(v, hint, depth).kind
                } else {
                    Kind::Unknown
                }
            }
        };
        Shape {
            kind,
            nullable,
            doc,
        }
    }

    #[allow(clippy::too_many_arguments)] // one call site per schema form; a struct would only rename them
    fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        hint: Hint,
        at: &str,
        depth: usize,
        example: Option<&serde_json::Value>,
    ) -> Kind {
        let additional = match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let s: ReferenceOr<Schema> = (**s).clone();
                let value_hint = match &hint {
                    Hint::Child(p) => Hint::Child(format!("{p}Value")),
                    Hint::Root(c) => Hint::Root(c.iter().map(|n| format!("{n}Value")).collect()),
                };
                Some(Box::new(self.shape_at(
                    &s,
                    value_hint,
                    &format!("{at}/additionalProperties"),
                    depth + 1,
                )))
            }
            Some(AdditionalProperties::Any(true)) => Some(Box::new(Shape::unknown())),
            _ => None,
        };
        if properties.is_empty() {
            // No properties: a map when values are described, otherwise any JSON
            // value (PHP sends an empty "object" as `[]`).
            return match additional {
                Some(v) if v.kind != Kind::Unknown => Kind::Map(v),
                _ => Kind::Unknown,
            };
        }
        let mut fields = Vec::with_capacity(properties.len());
        for (name, prop) in properties {
            let prop = unbox(prop);
            let sub = child_hint(&hint, name, false);
            self.context_example = example.and_then(|e| e.get(name)).cloned();
            let shape = self.shape_at(
                &prop,
                sub,
                &format!("{at}/properties/{}", crate::pointer::escape(name)),
                depth + 1,
            );
            fields.push(FieldShape {
                wire: name.clone(),
                shape,
                required: required.contains(name),
            });
        }
        let additional = additional.filter(|a| a.kind != Kind::Unknown);
        Kind::Object(Obj {
            hint,
            fields,
            additional,
        })
    }

    fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        outer: &Schema,
        hint: Hint,
        at: &str,
        depth: usize,
    ) -> Shape {
        // Inline every part that is an object, merging properties; a single
        // non-object part (a `$ref` alone, say) is used as it is.
        if parts.len() == 1 && outer.schema_data.description.is_none() {
            let mut s = self.shape_at(&parts[0], hint, &format!("{at}/allOf/0"), depth + 1);
            s.nullable |= outer.schema_data.nullable;
            return s;
        }
        let mut props = indexmap::IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        let mut other = None;
        for (i, part) in parts.iter().enumerate() {
            let Some(resolved) = self.resolve(part).cloned() else {
                other =
                    Some(self.shape_at(part, hint.clone(), &format!("{at}/allOf/{i}"), depth + 1));
                continue;
            };
            collect_object(
                self,
                &resolved,
                &mut props,
                &mut required,
                &mut additional,
                0,
            );
        }
        if props.is_empty() {
            if let Some(o) = other {
                return o;
            }
        }
        let kind = self.object(
            &props,
            &required,
            additional.as_ref(),
            hint,
            at,
            depth,
            None,
        );
        Shape {
            kind,
            nullable: outer.schema_data.nullable,
            doc: outer.schema_data.description.clone(),
        }
    }

    fn union(
        &mut self,
        list: &[ReferenceOr<Schema>],
        outer: &Schema,
        hint: Hint,
        at: &str,
        depth: usize,
    ) -> Shape {
        let mut variants = Vec::new();
        let mut nullable = outer.schema_data.nullable;
        for (i, v) in list.iter().enumerate() {
            let vh = child_hint(&hint, &format!("Variant{i}"), false);
            let s = self.shape_at(v, vh, &format!("{at}/oneOf/{i}"), depth + 1);
            // A `{type: null}`-like empty variant only makes the union nullable.
            if s.kind == Kind::Unknown
                && matches!(
                    v,
                    ReferenceOr::Item(Schema {
                        schema_kind: SchemaKind::Any(_),
                        ..
                    })
                )
                && s.nullable
            {
                nullable = true;
                continue;
            }
            variants.push(s);
        }
        let doc = outer.schema_data.description.clone();
        match variants.len() {
            0 => Shape {
                kind: Kind::Unknown,
                nullable,
                doc,
            },
            1 => {
                let mut s = variants.pop().expect("one variant");
                s.nullable |= nullable;
                s.doc = doc.or(s.doc);
                s
            }
            _ => {
                if variants.iter().any(|v| v.kind == Kind::Unknown) {
                    return Shape {
                        kind: Kind::Unknown,
                        nullable,
                        doc,
                    };
                }
                Shape {
                    kind: Kind::Union(Named {
                        hint,
                        value: variants,
                    }),
                    nullable,
                    doc,
                }
            }
        }
    }
}

fn collect_object(
    b: &ShapeBuilder,
    s: &Schema,
    props: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &mut Vec<String>,
    additional: &mut Option<AdditionalProperties>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            for (k, v) in &o.properties {
                props.insert(k.clone(), v.clone());
            }
            required.extend(o.required.iter().cloned());
            if o.additional_properties.is_some() {
                *additional = o.additional_properties.clone();
            }
        }
        SchemaKind::Any(a) => {
            for (k, v) in &a.properties {
                props.insert(k.clone(), v.clone());
            }
            required.extend(a.required.iter().cloned());
            for part in &a.all_of {
                if let Some(r) = b.resolve(part) {
                    collect_object(b, r, props, required, additional, depth + 1);
                }
            }
        }
        SchemaKind::AllOf { all_of } => {
            for part in all_of {
                if let Some(r) = b.resolve(part) {
                    collect_object(b, r, props, required, additional, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// The first non-null element of an array example: context for the items schema.
fn first_item(example: Option<&serde_json::Value>) -> Option<serde_json::Value> {
    example?.as_array()?.iter().find(|v| !v.is_null()).cloned()
}

/// A shape read off an example value (Scribe's own method): every field optional.
pub fn infer(v: &serde_json::Value, hint: Hint, depth: usize) -> Shape {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Shape::unknown();
    }
    let kind = match v {
        Value::Null => {
            return Shape {
                kind: Kind::Unknown,
                nullable: true,
                doc: None,
            }
        }
        Value::Bool(_) => Kind::Bool,
        Value::Number(n) if n.is_f64() => Kind::Num,
        Value::Number(_) => Kind::Int,
        Value::String(_) => Kind::Str,
        Value::Array(items) => Kind::Array(Box::new(infer_items(items, &item_hint(&hint), depth))),
        Value::Object(m) if m.is_empty() => Kind::Unknown,
        Value::Object(m) => Kind::Object(Obj {
            fields: m
                .iter()
                .map(|(k, x)| FieldShape {
                    wire: k.clone(),
                    shape: infer(x, child_hint(&hint, k, false), depth + 1),
                    required: false,
                })
                .collect(),
            hint,
            additional: None,
        }),
    };
    Shape::new(kind)
}

/// The item shape of an array example: all elements merged (unknown if they disagree).
fn infer_items(items: &[serde_json::Value], hint: &Hint, depth: usize) -> Shape {
    let mut acc: Option<Shape> = None;
    for item in items.iter().take(100) {
        let s = infer(item, hint.clone(), depth + 1);
        acc = Some(match acc {
            None => s,
            Some(a) => merge(&a, &s, false).unwrap_or_else(Shape::unknown),
        });
    }
    acc.unwrap_or_else(Shape::unknown)
}

/// Hint for a property or variant: `{parent}{Property}`.
pub fn child_hint(_parent: &Hint, name: &str, _item: bool) -> Hint {
    Hint::Child(ident::pascal(name, "Value"))
}

/// Hint for an array's items: the singular of the array's own name
/// (`smart_links` → `…SmartLink`); a root's candidates pass through unchanged,
/// since the caller named the thing that ends up named.
pub fn item_hint(array: &Hint) -> Hint {
    match array {
        Hint::Child(s) => Hint::Child(ident::singular(s)),
        Hint::Root(c) => Hint::Root(c.clone()),
    }
}

/// Unify two shapes of the same thing. `None` when they conflict.
pub fn merge(a: &Shape, b: &Shape, root: bool) -> Option<Shape> {
    use Kind::*;
    let nullable = a.nullable || b.nullable;
    let doc = a.doc.clone().or_else(|| b.doc.clone());
    let kind = match (&a.kind, &b.kind) {
        (Unknown, _) => {
            let mut s = b.clone();
            s.nullable = true;
            s.doc = doc;
            return Some(s);
        }
        (_, Unknown) => {
            let mut s = a.clone();
            s.nullable = true;
            s.doc = doc;
            return Some(s);
        }
        (Int, Num) | (Num, Int) => Num,
        (x, y) if x == y => x.clone(),
        (Enum(x), Enum(y)) => {
            let mut values = x.value.clone();
            for v in &y.value {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
            Enum(Named {
                hint: x.hint.clone(),
                value: values,
            })
        }
        (Enum(x), Str) | (Str, Enum(x)) => Enum(x.clone()),
        (Array(x), Array(y)) => Array(Box::new(merge(x, y, false)?)),
        (Map(x), Map(y)) => Map(Box::new(merge(x, y, false)?)),
        (Object(x), Object(y)) => Object(merge_objects(x, y, root)?),
        _ => return None,
    };
    Some(Shape {
        kind,
        nullable,
        doc,
    })
}

fn merge_objects(x: &Obj, y: &Obj, root: bool) -> Option<Obj> {
    let common = x
        .fields
        .iter()
        .filter(|f| y.fields.iter().any(|g| g.wire == f.wire))
        .count();
    let smaller = x.fields.len().min(y.fields.len()).max(1);
    if root && common * 2 < smaller {
        return None;
    }
    let mut fields = Vec::with_capacity(x.fields.len().max(y.fields.len()));
    for f in &x.fields {
        match y.fields.iter().find(|g| g.wire == f.wire) {
            Some(g) => fields.push(FieldShape {
                wire: f.wire.clone(),
                shape: merge(&f.shape, &g.shape, false)?,
                required: f.required && g.required,
            }),
            None => fields.push(FieldShape {
                required: false,
                ..f.clone()
            }),
        }
    }
    for g in &y.fields {
        if !x.fields.iter().any(|f| f.wire == g.wire) {
            fields.push(FieldShape {
                required: false,
                ..g.clone()
            });
        }
    }
    let additional = match (&x.additional, &y.additional) {
        (Some(a), Some(b)) => Some(Box::new(merge(a, b, false)?)),
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    Some(Obj {
        hint: x.hint.clone(),
        fields,
        additional,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(fields: &[(&str, Kind)]) -> Shape {
        Shape::new(Kind::Object(Obj {
            hint: Hint::Root(vec!["T".into()]),
            fields: fields
                .iter()
                .map(|(w, k)| FieldShape {
                    wire: w.to_string(),
                    shape: Shape::new(k.clone()),
                    required: false,
                })
                .collect(),
            additional: None,
        }))
    }

    #[test]
    fn unknown_merges_into_known_as_nullable() {
        let a = obj(&[("id", Kind::Int), ("latest", Kind::Unknown)]);
        let b = obj(&[("id", Kind::Int), ("latest", Kind::Str)]);
        let m = merge(&a, &b, true).unwrap();
        let Kind::Object(o) = m.kind else { panic!() };
        assert_eq!(o.fields[1].shape.kind, Kind::Str);
        assert!(o.fields[1].shape.nullable);
    }

    #[test]
    fn int_and_number_widen() {
        let m = merge(&obj(&[("p", Kind::Int)]), &obj(&[("p", Kind::Num)]), true).unwrap();
        let Kind::Object(o) = m.kind else { panic!() };
        assert_eq!(o.fields[0].shape.kind, Kind::Num);
    }

    #[test]
    fn conflicting_types_do_not_merge() {
        assert!(merge(&obj(&[("p", Kind::Int)]), &obj(&[("p", Kind::Bool)]), true).is_none());
    }

    #[test]
    fn unrelated_roots_do_not_merge() {
        assert!(merge(
            &obj(&[("a", Kind::Int), ("b", Kind::Int)]),
            &obj(&[("c", Kind::Int), ("d", Kind::Int)]),
            true
        )
        .is_none());
    }

    #[test]
    fn fields_missing_on_one_side_become_optional() {
        let mut a = obj(&[("a", Kind::Int), ("b", Kind::Int)]);
        if let Kind::Object(o) = &mut a.kind {
            o.fields[1].required = true;
        }
        let m = merge(&a, &obj(&[("a", Kind::Int)]), true).unwrap();
        let Kind::Object(o) = m.kind else { panic!() };
        assert_eq!(o.fields.len(), 2);
        assert!(!o.fields[1].required);
    }
}
