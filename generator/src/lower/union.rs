//! Unions (`oneOf` / `anyOf`): their variants, what each is called, and how
//! a value is told to be one of them.
//!
//! - **Tagged**: the schema has a `discriminator`, or every variant has a
//!   required property with one constant value (a one-value `enum`), distinct
//!   across variants. The tag's value picks the variant; variants are named
//!   after their `$ref` or their tag value.
//! - **Untagged** otherwise: variants are named after their `$ref`, their
//!   `title`, or their type (`String`, `Integer`, `Array`, …; an inline
//!   object after a required property only it has). Never by position.
//!
//! A `{type: null}`-like variant only makes the union nullable.

use super::schema::ShapeBuilder;
use super::shape::{property_names, Hint, Kind, Named, Shape, Union};
use crate::ident;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

impl ShapeBuilder<'_> {
    pub(super) fn union(
        &mut self,
        list: &[ReferenceOr<Schema>],
        outer: &Schema,
        hint: Hint,
        at: &str,
        depth: usize,
    ) -> Shape {
        let keyword = if matches!(outer.schema_kind, SchemaKind::AnyOf { .. }) {
            "anyOf"
        } else {
            "oneOf"
        };
        let mut nullable = outer.schema_data.nullable;
        let mut kept: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (i, v) in list.iter().enumerate() {
            if is_null(v) {
                nullable = true;
            } else {
                kept.push((i, v));
            }
        }
        let schemas: Vec<&ReferenceOr<Schema>> = kept.iter().map(|(_, v)| *v).collect();
        let tag = self.tag(outer, &schemas);
        let labels = match &tag {
            Some((_, values)) => schemas
                .iter()
                .zip(values)
                .map(|(v, tags)| {
                    self.ref_name(v)
                        .unwrap_or_else(|| ident::pascal(&tags[0], "Variant"))
                })
                .collect(),
            None => schemas
                .iter()
                .map(|v| self.label(v, &schemas))
                .collect::<Vec<_>>(),
        };
        let mut variants = Vec::new();
        for ((i, v), label) in kept.iter().zip(&labels) {
            let v_at = format!("{at}/{keyword}/{i}");
            variants.push(self.child(v, Hint::Child(label.clone()), &v_at, depth, Vec::new()));
        }
        let doc = outer.schema_data.description.clone();
        if variants.len() == 1 {
            let mut s = variants.pop().expect("one variant");
            s.nullable |= nullable;
            s.doc = doc.or(s.doc);
            return s;
        }
        if variants.is_empty() || variants.iter().any(|v| v.kind == Kind::Unknown) {
            return Shape {
                kind: Kind::Unknown,
                nullable,
                doc,
            };
        }
        let (tag, tags) = match tag {
            Some((property, values)) => (Some(property), values),
            None => (None, vec![Vec::new(); variants.len()]),
        };
        Shape {
            kind: Kind::Union(Named {
                hint,
                value: Union {
                    variants,
                    labels,
                    tag,
                    tags,
                },
            }),
            nullable,
            doc,
        }
    }

    /// The Rust name of the component a `$ref` names.
    fn ref_name(&self, v: &ReferenceOr<Schema>) -> Option<String> {
        let name = component(v)?;
        self.component_names.get(&name).cloned()
    }

    /// The tag property and each variant's tag values, when the variants
    /// can be told apart by one.
    fn tag(
        &self,
        outer: &Schema,
        variants: &[&ReferenceOr<Schema>],
    ) -> Option<(String, Vec<Vec<String>>)> {
        if variants.len() < 2 {
            return None;
        }
        if let Some(d) = &outer.schema_data.discriminator {
            let prop = &d.property_name;
            let values: Option<Vec<Vec<String>>> = variants
                .iter()
                .map(|v| {
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| matches!(v, ReferenceOr::Reference { reference } if reference == *target || reference.ends_with(&format!("/{target}"))))
                        .map(|(value, _)| value.clone())
                        .collect();
                    if !mapped.is_empty() {
                        return Some(mapped);
                    }
                    if let Some(c) = self.constant(v, prop, 0) {
                        return Some(vec![c]);
                    }
                    component(v).map(|name| vec![name])
                })
                .collect();
            return values
                .filter(|vs| distinct(vs))
                .map(|vs| (prop.clone(), vs));
        }
        // A required property every variant fixes to a value of its own.
        let first = self.resolve(variants[0])?;
        for prop in required_properties(self, first, 0) {
            let values: Option<Vec<Vec<String>>> = variants
                .iter()
                .map(|v| self.constant(v, &prop, 0).map(|c| vec![c]))
                .collect();
            if let Some(values) = values.filter(|vs| distinct(vs)) {
                return Some((prop, values));
            }
        }
        None
    }

    /// The one value a schema requires `prop` to have (a required property
    /// with a one-value string `enum`), looking through `$ref` and `allOf`.
    fn constant(&self, v: &ReferenceOr<Schema>, prop: &str, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let s = self.resolve(v)?;
        let (properties, required, parts) = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required, &[][..]),
            SchemaKind::Any(a) => (&a.properties, &a.required, &a.all_of[..]),
            SchemaKind::AllOf { all_of } => {
                return all_of
                    .iter()
                    .find_map(|p| self.constant(p, prop, depth + 1))
            }
            _ => return None,
        };
        if required.iter().any(|r| r == prop) {
            if let Some(p) = properties.get(prop) {
                let p = super::resolve::unbox(p);
                if let Some(SchemaKind::Type(Type::String(st))) =
                    self.resolve(&p).map(|p| &p.schema_kind)
                {
                    if let [Some(value)] = st.enumeration.as_slice() {
                        return Some(value.clone());
                    }
                }
            }
        }
        parts.iter().find_map(|p| self.constant(p, prop, depth + 1))
    }

    /// An untagged variant's name: its `$ref`, its title, or its type.
    fn label(&self, v: &ReferenceOr<Schema>, all: &[&ReferenceOr<Schema>]) -> String {
        if let Some(name) = self.ref_name(v) {
            return name;
        }
        let Some(s) = self.resolve(v) else {
            return "Value".into();
        };
        if let Some(title) = s
            .schema_data
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            return ident::pascal(title, "Variant");
        }
        match &s.schema_kind {
            // Text of a typed format is named after its type (`DateTime`, `Uuid`).
            SchemaKind::Type(Type::String(st)) if st.enumeration.is_empty() => {
                let typed = crate::keywords::Format::of_string(&st.format).typed();
                typed.map_or("String", |f| f.rust()).into()
            }
            SchemaKind::Type(Type::String(_)) => "String".into(),
            SchemaKind::Type(Type::Integer(_)) => "Integer".into(),
            SchemaKind::Type(Type::Number(_)) => "Number".into(),
            SchemaKind::Type(Type::Boolean(_)) => "Boolean".into(),
            SchemaKind::Type(Type::Array(a)) => {
                let arrays = all
                    .iter()
                    .filter_map(|v| self.resolve(v))
                    .filter(|o| matches!(o.schema_kind, SchemaKind::Type(Type::Array(_))))
                    .count();
                match arrays {
                    0 | 1 => "Array".into(),
                    _ => self.array_label(a, 0),
                }
            }
            _ => self.object_label(s, all),
        }
    }

    /// An array variant beside other array variants: named after its items
    /// (`StringArray`, `IntegerArrayArray`, `PetArray`).
    fn array_label(&self, a: &openapiv3::ArrayType, depth: usize) -> String {
        let items = a.items.as_ref().map(super::resolve::unbox);
        let item = match &items {
            // An inline array of arrays: named through; a `$ref` by its name.
            Some(items) => match self.resolve(items) {
                Some(Schema {
                    schema_kind: SchemaKind::Type(Type::Array(inner)),
                    ..
                }) if self.ref_name(items).is_none() && depth < 4 => {
                    self.array_label(inner, depth + 1)
                }
                _ => self.label(items, &[]),
            },
            None => "Value".into(),
        };
        format!("{item}Array")
    }

    /// An inline object variant: `Object` when it is the only one, else
    /// named after a required (or any) property no other variant has.
    fn object_label(&self, s: &Schema, all: &[&ReferenceOr<Schema>]) -> String {
        let objects: Vec<&Schema> = all
            .iter()
            .filter_map(|v| self.resolve(v))
            .filter(|o| is_object(o))
            .collect();
        if objects.len() <= 1 {
            return "Object".into();
        }
        let others: Vec<Vec<String>> = objects
            .iter()
            .filter(|o| !std::ptr::eq(**o, s))
            .map(|o| property_names(o))
            .collect();
        let unique = |p: &String| others.iter().all(|names| !names.contains(p));
        let own = property_names(s);
        let required = required_properties(self, s, 0);
        required
            .iter()
            .find(|p| unique(p))
            .or_else(|| own.iter().find(|p| unique(p)))
            .map(|p| ident::pascal(p, "Object"))
            .unwrap_or_else(|| "Object".into())
    }
}

/// The component name a `$ref` names.
fn component(v: &ReferenceOr<Schema>) -> Option<String> {
    match v {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .map(|n| n.replace("~1", "/").replace("~0", "~")),
        ReferenceOr::Item(_) => None,
    }
}

/// `{type: 'null'}`-like: no type, nothing else, `nullable`.
fn is_null(v: &ReferenceOr<Schema>) -> bool {
    match v {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(a),
            schema_data,
        }) => {
            schema_data.nullable
                && a.typ.is_none()
                && a.properties.is_empty()
                && a.items.is_none()
                && a.all_of.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.enumeration.is_empty()
        }
        _ => false,
    }
}

fn is_object(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::Any(a) => !a.properties.is_empty() || !a.all_of.is_empty(),
        SchemaKind::AllOf { .. } => true,
        _ => false,
    }
}

/// Required properties, looking through `allOf`.
fn required_properties(b: &ShapeBuilder, s: &Schema, depth: usize) -> Vec<String> {
    if depth > 8 {
        return Vec::new();
    }
    let (own, parts) = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (o.required.clone(), &[][..]),
        SchemaKind::Any(a) => (a.required.clone(), &a.all_of[..]),
        SchemaKind::AllOf { all_of } => (Vec::new(), &all_of[..]),
        _ => (Vec::new(), &[][..]),
    };
    let mut out = own;
    for p in parts {
        if let Some(r) = b.resolve(p) {
            for name in required_properties(b, r, depth + 1) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Every variant has values, and no value selects two variants.
fn distinct(values: &[Vec<String>]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    values.iter().all(|vs| !vs.is_empty()) && values.iter().flatten().all(|v| seen.insert(v))
}
