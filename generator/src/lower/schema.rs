//! Schemas → shapes. [`ShapeBuilder`] walks an `openapiv3` schema with the
//! example values known for it and interprets Scribe's inference quirks:
//! `type: string, nullable, example: null` is "unknown" (normalization drops
//! the type), an `object` without properties is what its examples show (else
//! any JSON value), an integer with a fractional example anywhere is a number.
//! Unions are worked out in [`super::union`].

use super::resolve::{resolve, unbox};
use super::shape::{
    child_hint, infer_all, item_hint, property_names, Enum, EnumValue, FieldShape, Hint, Kind,
    Named, Obj, Shape,
};
use crate::ir::{EnumRepr, IntFormat};
use crate::keywords::{Format, MAX_DEPTH};
use crate::rules::{Rule, Warning};
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerType, ObjectType, OpenAPI, ReferenceOr, Schema,
    SchemaKind, StringType, Type,
};
use serde_json::Value;

/// Example values carried down to a schema's children: at most this many.
const MAX_EXAMPLES: usize = 100;

/// Builds shapes from `openapiv3` schemas, resolving `$ref`s to components.
pub struct ShapeBuilder<'a> {
    pub doc: &'a OpenAPI,
    /// Component schema name → Rust type name.
    pub component_names: &'a std::collections::BTreeMap<String, String>,
    pub warnings: &'a mut Vec<Warning>,
    /// Example values of the node about to be built, from its parent's
    /// examples (Scribe writes structure into examples, not schemas). Set
    /// just before each child is built.
    pub(super) context: Vec<Value>,
    /// The document as JSON, for checking examples against their schemas
    /// (made the first time one is checked).
    space: std::cell::OnceCell<crate::validate::Space>,
}

impl<'a> ShapeBuilder<'a> {
    pub fn new(
        doc: &'a OpenAPI,
        component_names: &'a std::collections::BTreeMap<String, String>,
        warnings: &'a mut Vec<Warning>,
    ) -> Self {
        ShapeBuilder {
            doc,
            component_names,
            warnings,
            context: Vec::new(),
            space: std::cell::OnceCell::new(),
        }
    }

    /// The document as JSON, for the validator.
    pub(super) fn space(&self) -> &crate::validate::Space {
        self.space
            .get_or_init(|| crate::validate::Space::new(self.doc))
    }

    /// Shape of a schema-or-reference. `hint` names it if it turns out to be
    /// an object, enum or union.
    pub fn shape(&mut self, schema: &ReferenceOr<Schema>, hint: Hint, at: &str) -> Shape {
        self.shape_at(schema, hint, at, 0)
    }

    /// [`Self::shape`], with documented example values of the whole thing
    /// (a media type's examples).
    pub fn shape_with_examples(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: Hint,
        at: &str,
        examples: &[Value],
    ) -> Shape {
        self.context = examples.iter().take(MAX_EXAMPLES).cloned().collect();
        self.shape_at(schema, hint, at, 0)
    }

    pub(super) fn shape_at(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: Hint,
        at: &str,
        depth: usize,
    ) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => {
                self.context.clear();
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

    /// Resolve a reference to the schema it names.
    pub(super) fn resolve<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        resolve(self.doc, schema)
    }

    /// Build a child schema with these example values as its context.
    pub(super) fn child(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: Vec<Value>,
    ) -> Shape {
        self.context = examples;
        self.shape_at(schema, hint, at, depth + 1)
    }

    pub fn schema(&mut self, s: &Schema, hint: Hint, at: &str, depth: usize) -> Shape {
        if depth > MAX_DEPTH {
            self.warnings.push(Warning {
                rule: Rule::TooDeep,
                pointer: at.to_string(),
                message: "schema nested too deeply; read as any value".into(),
            });
            return Shape::unknown();
        }
        let mut examples: Vec<Value> = s.schema_data.example.iter().cloned().collect();
        examples.append(&mut self.context);
        let kind = match &s.schema_kind {
            SchemaKind::AllOf { all_of } => {
                return self.all_of(all_of, s, hint, at, depth, examples)
            }
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                return self.union(list, s, hint, at, depth)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() && !any.properties.is_empty() => {
                self.object_beside_all_of(s, hint, at, depth, &examples)
            }
            SchemaKind::Any(any) if is_bare(any) => {
                return self.bare(s, any, hint, at, depth, examples);
            }
            _ => self.typed(s, hint, at, depth, &examples),
        };
        self.documented(Shape::new(kind), s)
    }

    /// `shape` with what the schema itself says of it: `nullable` (or `null`
    /// among its `enum` values) and its description (else its title).
    fn documented(&self, mut shape: Shape, s: &Schema) -> Shape {
        shape.nullable |= s.schema_data.nullable || null_in_enum(s);
        shape.doc = s
            .schema_data
            .description
            .clone()
            .or_else(|| s.schema_data.title.clone());
        shape
    }

    /// Own properties beside `allOf` parts: all of them, merged.
    fn object_beside_all_of(
        &mut self,
        s: &Schema,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        let mut props = indexmap::IndexMap::new();
        let (mut required, mut additional) = (Vec::new(), None);
        collect_object(self, s, &mut props, &mut required, &mut additional, 0);
        let object = ObjectSchema {
            properties: &props,
            required: &required,
            additional: additional.as_ref(),
        };
        self.object(object, hint, at, depth, examples)
    }

    /// A schema without `type`, properties or items: its `allOf`, its
    /// `oneOf`/`anyOf`, else what its examples show.
    fn bare(
        &mut self,
        s: &Schema,
        any: &AnySchema,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: Vec<Value>,
    ) -> Shape {
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, s, hint, at, depth, examples);
        }
        if !any.one_of.is_empty() || !any.any_of.is_empty() {
            let list = if any.one_of.is_empty() {
                &any.any_of
            } else {
                &any.one_of
            };
            return self.union(list, s, hint, at, depth);
        }
        // No type at all: what the examples show.
        let seen: Vec<&Value> = examples.iter().filter(|v| !v.is_null()).collect();
        let kind = if seen.is_empty() {
            Kind::Unknown
        } else {
            infer_all(seen, &hint, depth).kind
        };
        self.documented(Shape::new(kind), s)
    }

    /// A schema with a `type` (or, without one, properties or items): one
    /// function per form.
    fn typed(
        &mut self,
        s: &Schema,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        match &s.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => Kind::Bool,
            SchemaKind::Type(Type::Integer(it)) => integer(it, hint, examples),
            SchemaKind::Type(Type::Number(_)) => Kind::Num,
            SchemaKind::Type(Type::String(st)) => string(st, hint),
            SchemaKind::Type(Type::Array(arr)) => {
                self.array(arr.items.as_ref(), hint, at, depth, examples)
            }
            SchemaKind::Type(Type::Object(obj)) => {
                self.typed_object(obj, hint, at, depth, examples)
            }
            SchemaKind::Any(any) if is_untyped_array(any) => {
                self.array(any.items.as_ref(), hint, at, depth, examples)
            }
            SchemaKind::Any(any) => self.object_with_branches(s, any, hint, at, depth, examples),
            SchemaKind::Not { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. } => Kind::Unknown,
        }
    }

    /// `type: object`: its properties, else what its examples show (else any value).
    fn typed_object(
        &mut self,
        obj: &ObjectType,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        if !obj.properties.is_empty() || obj.additional_properties.is_some() {
            let object = ObjectSchema {
                properties: &obj.properties,
                required: &obj.required,
                additional: obj.additional_properties.as_ref(),
            };
            return self.object(object, hint, at, depth, examples);
        }
        let seen: Vec<&Value> = examples
            .iter()
            .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
            .collect();
        if seen.is_empty() {
            Kind::Unknown
        } else {
            infer_all(seen, &hint, depth).kind
        }
    }

    /// An object whose `oneOf`/`anyOf` branches sit beside its own
    /// properties. Branches that only constrain the properties leave the
    /// object the type (one that allows more properties lets the object
    /// carry them); branches that declare properties of their own make the
    /// rest of the object a union, [`Self::rest_of_object`].
    fn object_with_branches(
        &mut self,
        s: &Schema,
        any: &AnySchema,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        let open = AdditionalProperties::Any(true);
        let branch_opens = any.additional_properties.is_none()
            && any
                .one_of
                .iter()
                .chain(&any.any_of)
                .filter_map(|branch| self.resolve(branch))
                .any(allows_more_properties);
        let additional = if branch_opens {
            Some(&open)
        } else {
            any.additional_properties.as_ref()
        };
        let branches = if any.one_of.is_empty() {
            &any.any_of
        } else {
            &any.one_of
        };
        // (Not beside `additionalProperties`: the map keeps those keys.)
        let branch_keys: Vec<String> = match additional {
            None => branches
                .iter()
                .filter_map(|b| self.resolve(b))
                .flat_map(property_names)
                .collect(),
            Some(_) => Vec::new(),
        };
        if branch_keys.iter().all(|k| any.properties.contains_key(k)) {
            let object = ObjectSchema {
                properties: &any.properties,
                required: &any.required,
                additional,
            };
            return self.object(object, hint, at, depth, examples);
        }
        self.rest_of_object(s, any, &branch_keys, hint, at, depth, examples)
    }

    /// The object's own properties, and one more field, `kind`: the union
    /// of its branches, read from the keys no property takes (those the
    /// branches declare go to the union only, which may be tagged by one of
    /// them).
    #[allow(clippy::too_many_arguments)] // the object form's inputs, as `object` takes them
    fn rest_of_object(
        &mut self,
        s: &Schema,
        any: &AnySchema,
        branch_keys: &[String],
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        let (branches, keyword) = match any.one_of.is_empty() {
            true => (&any.any_of, "anyOf"),
            false => (&any.one_of, "oneOf"),
        };
        let mut properties = any.properties.clone();
        properties.retain(|k, _| !branch_keys.contains(k));
        let required: Vec<String> = any
            .required
            .iter()
            .filter(|r| !branch_keys.contains(r))
            .cloned()
            .collect();
        let mut rest = self.union(branches, s, child_hint("kind"), at, depth);
        if properties.is_empty() {
            // Every property is a branch's: the object is the union.
            return rest.kind;
        }
        // The branches' keys in the examples are the union's.
        let examples: Vec<Value> = examples
            .iter()
            .map(|e| without_keys(e, branch_keys))
            .collect();
        let object = ObjectSchema {
            properties: &properties,
            required: &required,
            additional: None,
        };
        let kind = self.object(object, hint, at, depth, &examples);
        rest.doc = Some(format!(
            "The rest of the object: one of its `{keyword}` branches (keys not listed above)."
        ));
        with_rest(kind, rest)
    }

    /// An array: its items' schema read with every element of the examples;
    /// without `items`, what the elements show.
    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        let elements: Vec<Value> = examples
            .iter()
            .filter_map(Value::as_array)
            .flatten()
            .filter(|v| !v.is_null())
            .take(MAX_EXAMPLES)
            .cloned()
            .collect();
        let item_hint = item_hint(&hint);
        let item = match items {
            Some(items) => {
                let items = unbox(items);
                self.child(&items, item_hint, &format!("{at}/items"), depth, elements)
            }
            None if elements.is_empty() => Shape::unknown(),
            None => infer_all(&elements, &item_hint, depth + 1),
        };
        Kind::Array(Box::new(item))
    }

    /// An object: one field per property (and per required property the
    /// schema does not describe, and per key its examples show beyond the
    /// declared ones), the additional properties as a map; without
    /// properties, a map when values are described, else any value.
    pub(super) fn object(
        &mut self,
        object: ObjectSchema,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        let closed = matches!(object.additional, Some(AdditionalProperties::Any(false)));
        let additional = self.additional(object.additional, &hint, at, depth);
        if object.properties.is_empty() {
            // No properties: a map when values are described, otherwise any JSON
            // value (PHP sends an empty "object" as `[]`).
            return match additional {
                Some(v) if v.kind != Kind::Unknown => Kind::Map(v),
                _ => Kind::Unknown,
            };
        }
        let mut fields = Vec::with_capacity(object.properties.len());
        for (name, prop) in object.properties {
            let prop = unbox(prop);
            let values: Vec<Value> = examples
                .iter()
                .filter_map(|e| e.get(name))
                .take(MAX_EXAMPLES)
                .cloned()
                .collect();
            let p_at = format!("{at}/properties/{}", crate::pointer::escape(name));
            let shape = self.child(&prop, child_hint(name), &p_at, depth, values);
            fields.push(FieldShape {
                wire: name.clone(),
                shape,
                required: object.required.contains(name),
                flatten: false,
                inferred: false,
            });
        }
        // A required property the schema does not describe: any value, but
        // there.
        for name in object
            .required
            .iter()
            .filter(|r| !object.properties.contains_key(*r))
        {
            let mut shape = Shape::unknown();
            shape.doc = Some("Required by the schema, which does not describe it.".into());
            fields.push(FieldShape {
                wire: name.clone(),
                shape,
                required: true,
                flatten: false,
                inferred: false,
            });
        }
        if !closed && additional.is_none() {
            fields.extend(self.example_keys(&object, at, depth, examples));
        }
        Kind::Object(Obj {
            hint,
            fields,
            additional,
            closed,
        })
    }

    /// The shape of an object's additional properties, when it allows them.
    fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &Hint,
        at: &str,
        depth: usize,
    ) -> Option<Box<Shape>> {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let s: ReferenceOr<Schema> = (**s).clone();
                let value_hint = match hint {
                    Hint::Child(p) => Hint::Child(format!("{p}Value")),
                    Hint::Root(c) => Hint::Root(c.iter().map(|n| format!("{n}Value")).collect()),
                };
                let at = format!("{at}/additionalProperties");
                Some(Box::new(self.child(&s, value_hint, &at, depth, Vec::new())))
            }
            Some(AdditionalProperties::Any(true)) => Some(Box::new(Shape::unknown())),
            _ => None,
        }
    }

    /// Keys the examples show beyond the declared properties (Scribe
    /// declares an array's item properties from its first element only):
    /// optional fields of the type their values show, in the order they
    /// first appear (rule `undeclared-example-key`), marked `inferred`: a
    /// value of another type is kept with the object's other keys. The
    /// caller asks only where the schema neither forbids other keys nor
    /// describes them (`additionalProperties`).
    fn example_keys(
        &mut self,
        object: &ObjectSchema,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Vec<FieldShape> {
        let mut seen: Vec<&String> = Vec::new();
        for e in examples.iter().take(MAX_EXAMPLES) {
            let Value::Object(o) = e else { continue };
            for k in o.keys() {
                let declared = object.properties.contains_key(k) || object.required.contains(k);
                if !declared && !seen.contains(&k) {
                    seen.push(k);
                }
            }
        }
        if !seen.is_empty() {
            let keys: Vec<String> = seen.iter().map(|k| format!("`{k}`")).collect();
            self.warnings.push(Warning {
                rule: Rule::UndeclaredExampleKey,
                pointer: at.to_string(),
                message: format!(
                    "its examples show keys the schema does not declare ({}): optional fields",
                    keys.join(", ")
                ),
            });
        }
        seen.into_iter()
            .map(|name| {
                let values = examples.iter().filter_map(|e| e.get(name));
                FieldShape {
                    wire: name.clone(),
                    shape: infer_all(values, &child_hint(name), depth + 1),
                    required: false,
                    flatten: false,
                    inferred: true,
                }
            })
            .collect()
    }

    /// `allOf`: one meaningful part is that part, whatever its kind (a
    /// documented reference is `{description, allOf: [{$ref}]}`); several
    /// object parts are merged, required lists and all. A part that is not
    /// an object among object parts is left out with a warning.
    fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        outer: &Schema,
        hint: Hint,
        at: &str,
        depth: usize,
        examples: Vec<Value>,
    ) -> Shape {
        let meaningful: Vec<usize> = (0..parts.len())
            .filter(|&i| !is_trivial(&parts[i]))
            .collect();
        if let [only] = meaningful[..] {
            let part_at = format!("{at}/allOf/{only}");
            let mut s = self.child(&parts[only], hint, &part_at, depth, examples);
            s.nullable |= outer.schema_data.nullable;
            if let Some(d) = &outer.schema_data.description {
                s.doc = Some(d.clone());
            }
            return s;
        }
        let mut props = indexmap::IndexMap::new();
        let mut required = Vec::new();
        let mut additional = None;
        // A union among object parts: the rest of the object (see `rest_of_all_of`).
        let mut union_part: Option<(usize, Vec<String>)> = None;
        for &i in &meaningful {
            if union_part.is_none() {
                if let Some(keys) = self.union_keys(&parts[i]) {
                    union_part = Some((i, keys));
                    continue;
                }
            }
            let object = self
                .resolve(&parts[i])
                .cloned()
                .filter(|r| collect_object(self, r, &mut props, &mut required, &mut additional, 0));
            if object.is_none() {
                self.warnings.push(Warning {
                    rule: Rule::AllOfConflict,
                    pointer: format!("{at}/allOf/{i}"),
                    message: "an `allOf` part that is not an object, beside object parts: left out of the merged type".into(),
                });
            }
        }
        let kind = match union_part {
            Some((i, keys)) if additional.is_none() => {
                let object = ObjectSchema {
                    properties: &props,
                    required: &required,
                    additional: None,
                };
                let union = (&parts[i], format!("{at}/allOf/{i}"), keys.as_slice());
                self.rest_of_all_of(object, union, hint, at, depth, &examples)
            }
            other => {
                if let Some((i, _)) = other {
                    self.warnings.push(Warning {
                        rule: Rule::AllOfConflict,
                        pointer: format!("{at}/allOf/{i}"),
                        message: "a `oneOf`/`anyOf` part beside object parts that keep other keys in `additionalProperties`: left out of the merged type".into(),
                    });
                }
                let object = ObjectSchema {
                    properties: &props,
                    required: &required,
                    additional: additional.as_ref(),
                };
                self.object(object, hint, at, depth, &examples)
            }
        };
        Shape {
            kind,
            nullable: outer.schema_data.nullable,
            doc: outer.schema_data.description.clone(),
        }
    }

    /// When `part` is a union (`oneOf`/`anyOf` without properties of its
    /// own, or a `$ref` to one): the properties its branches declare.
    fn union_keys(&self, part: &ReferenceOr<Schema>) -> Option<Vec<String>> {
        let s = self.resolve(part)?;
        let branches = match &s.schema_kind {
            SchemaKind::OneOf { one_of: b } | SchemaKind::AnyOf { any_of: b } => b,
            SchemaKind::Any(a) if a.properties.is_empty() && a.all_of.is_empty() => {
                match (a.one_of.is_empty(), a.any_of.is_empty()) {
                    (false, _) => &a.one_of,
                    (true, false) => &a.any_of,
                    (true, true) => return None,
                }
            }
            _ => return None,
        };
        Some(
            branches
                .iter()
                .filter_map(|b| self.resolve(b))
                .flat_map(property_names)
                .collect(),
        )
    }

    /// `allOf` of object parts and a union: the merged object's properties,
    /// and one more field, `kind`, the union, read from the keys no property
    /// takes (as for `oneOf` branches beside properties): every value keeps
    /// both parts. Properties the union's branches declare are the union's.
    fn rest_of_all_of(
        &mut self,
        object: ObjectSchema,
        (union, union_at, keys): (&ReferenceOr<Schema>, String, &[String]),
        hint: Hint,
        at: &str,
        depth: usize,
        examples: &[Value],
    ) -> Kind {
        let mut properties = object.properties.clone();
        properties.retain(|k, _| !keys.contains(k));
        let required: Vec<String> = object
            .required
            .iter()
            .filter(|r| !keys.contains(r))
            .cloned()
            .collect();
        let mut rest = self.child(union, child_hint("kind"), &union_at, depth, Vec::new());
        if properties.is_empty() {
            return rest.kind;
        }
        let examples: Vec<Value> = examples.iter().map(|e| without_keys(e, keys)).collect();
        let object = ObjectSchema {
            properties: &properties,
            required: &required,
            additional: None,
        };
        let kind = self.object(object, hint, at, depth, &examples);
        rest.doc = Some(
            "The rest of the object: its `allOf` part that is a union (keys not listed above)."
                .into(),
        );
        with_rest(kind, rest)
    }
}

/// An object with one more field, `rest`: a union read from the keys no
/// other field takes and written back among them (`Field::flatten`).
fn with_rest(mut kind: Kind, mut rest: Shape) -> Kind {
    rest.nullable = false;
    if let Kind::Object(o) = &mut kind {
        o.fields.push(FieldShape {
            wire: String::new(),
            shape: rest,
            required: true,
            flatten: true,
            inferred: false,
        });
    }
    kind
}

/// An object schema's parts, wherever they come from (`type: object`, an
/// untyped schema with properties, merged `allOf` parts).
pub(super) struct ObjectSchema<'a> {
    pub properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
}

/// An untyped schema with nothing that shapes a value of its own: no
/// properties, additional properties or items (maybe combinators).
fn is_bare(any: &AnySchema) -> bool {
    any.properties.is_empty() && any.additional_properties.is_none() && any.items.is_none()
}

/// An untyped schema that describes only items: an array.
fn is_untyped_array(any: &AnySchema) -> bool {
    any.items.is_some() && any.properties.is_empty() && any.additional_properties.is_none()
}

/// An integer: an enum of its values, else (Scribe infers types from
/// examples) a number when an example has a fraction, else the integer type
/// its format names.
fn integer(it: &IntegerType, hint: Hint, examples: &[Value]) -> Kind {
    let format = Format::of_integer(&it.format);
    let values = dedup(it.enumeration.iter().flatten().map(i64::to_string));
    // Values the format cannot hold: the format is wrong, not the values.
    let format = if it
        .enumeration
        .iter()
        .flatten()
        .all(|v| format.holds(i128::from(*v)))
    {
        format
    } else {
        IntFormat::I64
    };
    if !values.is_empty() {
        Kind::Enum(Named {
            hint,
            value: Enum {
                repr: EnumRepr::Integer(format),
                values,
                open: false,
            },
        })
    } else if examples.iter().any(is_fraction) {
        Kind::Num
    } else {
        Kind::Int(format)
    }
}

/// A string: bytes (`format: binary`), an enum of its values, a typed
/// format's runtime type (`date-time`, `uuid`, …: [`Format::typed`]), or text.
fn string(st: &StringType, hint: Hint) -> Kind {
    let values = dedup(st.enumeration.iter().flatten().cloned());
    let format = Format::of_string(&st.format);
    if format == Format::Binary {
        Kind::Bytes
    } else if !values.is_empty() {
        Kind::Enum(Named {
            hint,
            value: Enum {
                repr: EnumRepr::String,
                values,
                open: false,
            },
        })
    } else if let Some(typed) = format.typed() {
        Kind::Formatted(typed)
    } else {
        Kind::Str
    }
}

/// An example without the keys another part of the object takes.
fn without_keys(e: &Value, keys: &[String]) -> Value {
    match e {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| !keys.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An object schema with `additionalProperties: true`.
fn allows_more_properties(s: &Schema) -> bool {
    let additional = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.additional_properties,
        SchemaKind::Any(a) => &a.additional_properties,
        _ => return false,
    };
    matches!(additional, Some(AdditionalProperties::Any(true)))
}

/// A part that says nothing about the value's shape: only docs, `nullable`,
/// an example or a default.
fn is_trivial(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) => {
                a.properties.is_empty()
                    && a.additional_properties.is_none()
                    && a.items.is_none()
                    && a.all_of.is_empty()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.enumeration.is_empty()
                    && a.typ.is_none()
            }
            _ => false,
        },
    }
}

/// Collect an object's properties (through nested `allOf`); false when `s`
/// is not an object.
fn collect_object(
    b: &ShapeBuilder,
    s: &Schema,
    props: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &mut Vec<String>,
    additional: &mut Option<AdditionalProperties>,
    depth: usize,
) -> bool {
    if depth > 16 {
        return false;
    }
    let mut take = |properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
                    req: &[String]| {
        for (k, v) in properties {
            props.insert(k.clone(), v.clone());
        }
        for r in req {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            take(&o.properties, &o.required);
            if o.additional_properties.is_some() {
                *additional = o.additional_properties.clone();
            }
            true
        }
        SchemaKind::Any(a) if a.items.is_none() && a.one_of.is_empty() && a.any_of.is_empty() => {
            take(&a.properties, &a.required);
            if a.additional_properties.is_some() {
                *additional = a.additional_properties.clone();
            }
            for part in &a.all_of {
                if let Some(r) = b.resolve(part) {
                    collect_object(b, r, props, required, additional, depth + 1);
                }
            }
            true
        }
        SchemaKind::AllOf { all_of } => {
            let mut any = false;
            for part in all_of {
                if let Some(r) = b.resolve(part) {
                    any |= collect_object(b, r, props, required, additional, depth + 1);
                }
            }
            any
        }
        _ => false,
    }
}

/// `null` among an enum's values makes the schema nullable.
fn null_in_enum(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().any(Option::is_none),
        _ => false,
    }
}

fn is_fraction(v: &Value) -> bool {
    v.as_f64().is_some_and(|f| v.is_f64() && f.fract() != 0.0)
}

/// An enum's values in order, without duplicates.
fn dedup(values: impl Iterator<Item = String>) -> Vec<EnumValue> {
    let mut out: Vec<EnumValue> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o.wire == v) {
            out.push(EnumValue::plain(v));
        }
    }
    out
}
