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
use super::shape::{property_names, Enum, EnumValue, Hint, Kind, Named, Shape, Union};
use crate::ident;
use crate::ir::EnumRepr;
use crate::keywords::Format;
use crate::rules::{Rule, Warning};
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
            } else if !kept.iter().any(|(_, k)| *k == v) {
                // A branch written twice is one variant (no value can match
                // only one of two equal `oneOf` branches anyway).
                kept.push((i, v));
            }
        }
        let doc = outer.schema_data.description.clone();
        if let Some((value, null)) = self.enum_of_branches(&kept) {
            return Shape {
                kind: Kind::Enum(Named { hint, value }),
                nullable: nullable || null,
                doc,
            };
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
            None => self.untagged_labels(&kept, &format!("{at}/{keyword}")),
        };
        let mut variants = Vec::new();
        for ((i, v), label) in kept.iter().zip(&labels) {
            let v_at = format!("{at}/{keyword}/{i}");
            variants.push(self.child(v, Hint::Child(label.clone()), &v_at, depth, Vec::new()));
        }
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

    /// A `oneOf`/`anyOf` of inline enums of one kind (strings, or integers),
    /// each branch listing its values (one each, in the schemars, utoipa and
    /// Dropshot idiom for documented enums, or `const` in 3.1), maybe beside
    /// branches of that kind that list none ("any other value", which the
    /// enum's `Unknown` keeps): one enum of every listed value, each
    /// documented with its branch's description, an integer named by its
    /// branch's `title`. Also whether a branch allows `null`.
    fn enum_of_branches(&self, kept: &[(usize, &ReferenceOr<Schema>)]) -> Option<(Enum, bool)> {
        if kept.len() < 2 {
            return None;
        }
        let (mut repr, mut values, mut nullable) =
            (None::<EnumRepr>, Vec::<EnumValue>::new(), false);
        let mut open = false;
        for (_, branch) in kept {
            let ReferenceOr::Item(s) = branch else {
                return None; // a component keeps its own type
            };
            let (kind, listed, null) = enum_branch(s)?;
            nullable |= null || s.schema_data.nullable;
            open |= listed.is_empty();
            repr = Some(match (repr, kind) {
                (None, k) => k,
                (Some(EnumRepr::String), EnumRepr::String) => EnumRepr::String,
                (Some(EnumRepr::Integer(a)), EnumRepr::Integer(b)) => EnumRepr::Integer(a.widen(b)),
                _ => return None,
            });
            let title = s.schema_data.title.clone().filter(|t| !t.trim().is_empty());
            // Strings are named by their values; an integer by its title.
            let label = match kind {
                EnumRepr::Integer(_) if listed.len() == 1 => title.clone(),
                _ => None,
            };
            // A title that names the value is not repeated as its doc.
            let doc = s.schema_data.description.clone().or(match label {
                Some(_) => None,
                None => title,
            });
            for wire in listed {
                if !values.iter().any(|v| v.wire == wire) {
                    values.push(EnumValue {
                        wire,
                        label: label.clone(),
                        doc: doc.clone(),
                    });
                }
            }
        }
        let repr = repr?;
        (!values.is_empty()).then_some((Enum { repr, values, open }, nullable))
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
                if let Some(value) = self.one_value(&super::resolve::unbox(p), 0) {
                    return Some(value);
                }
            }
        }
        parts.iter().find_map(|p| self.constant(p, prop, depth + 1))
    }

    /// The one value a schema allows: a one-value `enum` (3.1's `const`) of
    /// strings or integers (as decimal text), its own or narrowing what it
    /// refers to (`allOf: [{$ref}]` beside `enum: [dog]`), else one of its
    /// `allOf` parts'.
    fn one_value(&self, s: &ReferenceOr<Schema>, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let s = self.resolve(s)?;
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(t) => Some(t.clone()),
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
            _ => None,
        };
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => match st.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            SchemaKind::Type(Type::Integer(it)) => match it.enumeration.as_slice() {
                [Some(value)] => Some(value.to_string()),
                _ => None,
            },
            SchemaKind::Any(a) => match a.enumeration.as_slice() {
                [value] => text(value),
                [] => a.all_of.iter().find_map(|p| self.one_value(p, depth + 1)),
                _ => None,
            },
            SchemaKind::AllOf { all_of } => {
                all_of.iter().find_map(|p| self.one_value(p, depth + 1))
            }
            _ => None,
        }
    }

    /// The names of an untagged union's variants: each the first of its
    /// candidates ([`Self::candidates`]) that no other variant also takes;
    /// where nothing tells variants apart, they are numbered (`Object`,
    /// `Object2`) and a warning says so.
    fn untagged_labels(&mut self, kept: &[(usize, &ReferenceOr<Schema>)], at: &str) -> Vec<String> {
        let schemas: Vec<&ReferenceOr<Schema>> = kept.iter().map(|(_, v)| *v).collect();
        let candidates: Vec<Vec<String>> = schemas
            .iter()
            .map(|v| self.candidates(v, &schemas))
            .collect();
        let mut pick = vec![0; schemas.len()];
        // Every variant whose name another also takes moves to its next
        // candidate, all at once, until the names differ or none can move.
        loop {
            let label = |i: usize| &candidates[i][pick[i]];
            let movers: Vec<usize> = (0..schemas.len())
                .filter(|&i| (0..schemas.len()).any(|j| j != i && label(j) == label(i)))
                .filter(|&i| pick[i] + 1 < candidates[i].len())
                .collect();
            if movers.is_empty() {
                break;
            }
            for i in movers {
                pick[i] += 1;
            }
        }
        let labels: Vec<String> = (0..schemas.len())
            .map(|i| candidates[i][pick[i]].clone())
            .collect();
        let mut scope = ident::Scope::new();
        let mut numbered = Vec::new();
        let unique: Vec<String> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let name = scope.claim(l, "");
                if &name != l || labels.iter().filter(|m| *m == l).count() > 1 {
                    numbered.push(format!("{}/{} `{name}`", at, kept[i].0));
                }
                name
            })
            .collect();
        if !numbered.is_empty() {
            self.warnings.push(Warning {
                rule: Rule::UnnamedVariant,
                pointer: at.to_string(),
                message: format!(
                    "nothing tells these variants apart by name (no `$ref`, `title`, `format` or property of their own): numbered: {}",
                    numbered.join(", ")
                ),
            });
        }
        unique
    }

    /// The names an untagged variant could take, best first: what names it
    /// today ([`Self::label`]: its `$ref`, title or type), then its format,
    /// what its items are (arrays), a property only it has (objects), and
    /// its JSON type.
    fn candidates(&self, v: &ReferenceOr<Schema>, all: &[&ReferenceOr<Schema>]) -> Vec<String> {
        let mut out = vec![self.label(v, all)];
        let mut add = |name: String| {
            if !out.contains(&name) {
                out.push(name);
            }
        };
        if let Some(s) = self.resolve(v) {
            match &s.schema_kind {
                SchemaKind::Type(Type::String(st)) => {
                    if let openapiv3::VariantOrUnknownOrEmpty::Unknown(f) = &st.format {
                        add(ident::pascal(f, "String"));
                    } else if Format::of_string(&st.format) != Format::Other {
                        add(format!("{:?}", Format::of_string(&st.format)));
                    }
                    add("String".into());
                }
                SchemaKind::Type(Type::Array(a)) => {
                    add(self.array_label(a, 0));
                    add("Array".into());
                }
                _ if is_object(s) => {
                    for p in self.own_properties(s, all) {
                        add(ident::pascal(&p, "Object"));
                    }
                    add("Object".into());
                }
                // Keys of any name (a map), or anything at all.
                SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => add("Map".into()),
                SchemaKind::Any(a) if is_bare(a) => add("Value".into()),
                _ => {}
            }
        }
        out
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

    /// The properties of object variant `s` no other object variant in
    /// `all` has: required ones first.
    fn own_properties(&self, s: &Schema, all: &[&ReferenceOr<Schema>]) -> Vec<String> {
        let others: Vec<Vec<String>> = all
            .iter()
            .filter_map(|v| self.resolve(v))
            .filter(|o| is_object(o) && !std::ptr::eq(*o, s))
            .map(property_names)
            .collect();
        let unique = |p: &String| others.iter().all(|names| !names.contains(p));
        let mut out: Vec<String> = required_properties(self, s, 0)
            .into_iter()
            .filter(unique)
            .collect();
        for p in property_names(s).into_iter().filter(unique) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
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

/// A branch of an enum union: its kind, the values it lists (none: any
/// value of that kind), and whether it lists `null`. `None` for any other
/// schema (a string with a format is typed by the format, not an enum).
fn enum_branch(s: &Schema) -> Option<(EnumRepr, Vec<String>, bool)> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            let listed: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
            if listed.is_empty() && Format::of_string(&st.format) != Format::Other {
                return None;
            }
            let null = st.enumeration.iter().any(Option::is_none);
            Some((EnumRepr::String, listed, null))
        }
        SchemaKind::Type(Type::Integer(it)) => {
            let listed = it
                .enumeration
                .iter()
                .flatten()
                .map(i64::to_string)
                .collect();
            let null = it.enumeration.iter().any(Option::is_none);
            Some((
                EnumRepr::Integer(Format::of_integer(&it.format)),
                listed,
                null,
            ))
        }
        _ => None,
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

/// A schema that says nothing about the value.
fn is_bare(a: &openapiv3::AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.all_of.is_empty()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.enumeration.is_empty()
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
