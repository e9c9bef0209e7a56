//! Shapes: a schema reduced to what matters for a Rust type, before naming.
//! [`super::schema`] builds them from `openapiv3` schemas; [`infer`] reads
//! one off example values (Scribe's own method); [`merge`] unifies two
//! shapes that describe the same thing in two operations (or two examples),
//! or says they cannot be unified.

use crate::ident;
use crate::ir::{EnumRepr, IntFormat, StrFormat};
use openapiv3::{Schema, SchemaKind, Type};

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
    Int(IntFormat),
    Num,
    Str,
    /// A string of a typed format (`date-time`, `uuid`, …).
    Formatted(StrFormat),
    Bytes,
    Array(Box<Shape>),
    Map(Box<Shape>),
    Object(Obj),
    Enum(Named<Enum>),
    Union(Named<Union>),
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
    /// Properties not listed: `Some` when the schema describes them
    /// (`additionalProperties: true` gives an unknown value shape).
    pub additional: Option<Box<Shape>>,
    /// `additionalProperties: false`: no key beyond the fields. Otherwise
    /// the object is open, and its struct keeps the keys it does not declare.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    pub wire: String,
    pub shape: Shape,
    pub required: bool,
    /// The object's `oneOf`/`anyOf` branches beside its properties: a union
    /// read from the keys no property takes (`wire` is empty).
    pub flatten: bool,
    /// Not declared by the schema: a key only examples show, or a field of
    /// an object read off examples ([`infer`]).
    pub inferred: bool,
}

/// The values of an enum, in order, without duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub values: Vec<EnumValue>,
    /// The schema allows values beyond those listed (a `oneOf`/`anyOf`
    /// branch of the same kind that lists none): they are `Other`, not
    /// `Unknown`.
    pub open: bool,
}

/// One value of an enum: as on the wire (an integer's decimal text), and
/// what the schema says of it (a `oneOf` of one-value branches gives each a
/// title and a description).
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire: String,
    /// The name the schema gives it (its branch's `title`), if any.
    pub label: Option<String>,
    pub doc: Option<String>,
}

impl EnumValue {
    /// A value the schema only lists.
    pub fn plain(wire: String) -> Self {
        EnumValue {
            wire,
            label: None,
            doc: None,
        }
    }
}

/// The variants of a union, each with its name, and how they are told apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<Shape>,
    /// Each variant's name (a tag value, a `$ref` name, a title, a type).
    pub labels: Vec<String>,
    /// The tag property, when the variants carry one with distinct constant values.
    pub tag: Option<String>,
    /// Each variant's tag values (empty without a tag).
    pub tags: Vec<Vec<String>>,
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

/// The properties an object schema declares (none for other kinds).
pub fn property_names(s: &Schema) -> Vec<String> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.keys().cloned().collect(),
        SchemaKind::Any(a) => a.properties.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Examples followed into the values of a schema's children: at most this many.
const MAX_EXAMPLES: usize = 100;

/// A shape read off example values (Scribe's own method): all of them
/// merged (an integer in one and a fraction in another is a number); every
/// field optional; unknown when they disagree.
pub fn infer_all<'v>(
    values: impl IntoIterator<Item = &'v serde_json::Value>,
    hint: &Hint,
    depth: usize,
) -> Shape {
    let mut acc: Option<Shape> = None;
    for v in values.into_iter().take(MAX_EXAMPLES) {
        let s = infer(v, hint.clone(), depth);
        acc = Some(match acc {
            None => s,
            Some(a) => merge(&a, &s, false).unwrap_or_else(Shape::unknown),
        });
    }
    acc.unwrap_or_else(Shape::unknown)
}

/// The shape of one example value.
pub fn infer(v: &serde_json::Value, hint: Hint, depth: usize) -> Shape {
    use serde_json::Value;
    if depth > crate::keywords::MAX_DEPTH {
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
        Value::Number(_) => Kind::Int(IntFormat::I64),
        Value::String(_) => Kind::Str,
        Value::Array(items) => {
            Kind::Array(Box::new(infer_all(items, &item_hint(&hint), depth + 1)))
        }
        Value::Object(m) if m.is_empty() => Kind::Unknown,
        Value::Object(m) => Kind::Object(Obj {
            fields: m
                .iter()
                .map(|(k, x)| FieldShape {
                    wire: k.clone(),
                    shape: infer(x, child_hint(k), depth + 1),
                    required: false,
                    flatten: false,
                    inferred: true,
                })
                .collect(),
            hint,
            additional: None,
            closed: false,
        }),
    };
    Shape::new(kind)
}

/// Hint for a property: `{parent}{Property}`.
pub fn child_hint(name: &str) -> Hint {
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
        (Unknown, _) | (_, Unknown) => {
            let known = if a.kind == Unknown { b } else { a };
            let mut s = known.clone();
            s.nullable = true;
            s.doc = doc;
            return Some(s);
        }
        (Int(_), Num) | (Num, Int(_)) => Num,
        (Int(x), Int(y)) => Int(x.widen(*y)),
        (x, y) if x == y => x.clone(),
        // A `String` holds every format's text (as a number holds an integer).
        (Formatted(_), Formatted(_) | Str) | (Str, Formatted(_)) => Str,
        (Enum(x), Enum(y)) if x.value.repr == y.value.repr => {
            let mut values = x.value.values.clone();
            for v in &y.value.values {
                match values.iter_mut().find(|w| w.wire == v.wire) {
                    Some(w) => {
                        w.label = w.label.take().or_else(|| v.label.clone());
                        w.doc = w.doc.take().or_else(|| v.doc.clone());
                    }
                    None => values.push(v.clone()),
                }
            }
            Enum(Named {
                hint: x.hint.clone(),
                value: self::Enum {
                    repr: x.value.repr,
                    values,
                    open: x.value.open || y.value.open,
                },
            })
        }
        (Enum(x), Str) | (Str, Enum(x)) if x.value.repr == EnumRepr::String => Enum(x.clone()),
        (Enum(x), Int(_)) | (Int(_), Enum(x)) if x.value.repr != EnumRepr::String => {
            Enum(x.clone())
        }
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
                flatten: f.flatten,
                // Typed from examples on either side: a value of the other
                // side may not fit.
                inferred: f.inferred || g.inferred,
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
        // Open when either side is: the merged type reads both.
        closed: x.closed && y.closed,
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
                    flatten: false,
                    inferred: false,
                })
                .collect(),
            additional: None,
            closed: false,
        }))
    }

    const INT: Kind = Kind::Int(IntFormat::I64);

    #[test]
    fn unknown_merges_into_known_as_nullable() {
        let a = obj(&[("id", INT), ("latest", Kind::Unknown)]);
        let b = obj(&[("id", INT), ("latest", Kind::Str)]);
        let m = merge(&a, &b, true).unwrap();
        let Kind::Object(o) = m.kind else { panic!() };
        assert_eq!(o.fields[1].shape.kind, Kind::Str);
        assert!(o.fields[1].shape.nullable);
    }

    #[test]
    fn int_and_number_widen() {
        let m = merge(&obj(&[("p", INT)]), &obj(&[("p", Kind::Num)]), true).unwrap();
        let Kind::Object(o) = m.kind else { panic!() };
        assert_eq!(o.fields[0].shape.kind, Kind::Num);
        let m = merge(
            &Shape::new(Kind::Int(IntFormat::I32)),
            &Shape::new(Kind::Int(IntFormat::U32)),
            false,
        )
        .unwrap();
        assert_eq!(m.kind, INT);
    }

    #[test]
    fn formats_widen_to_text() {
        let when = Kind::Formatted(StrFormat::DateTime);
        let day = Kind::Formatted(StrFormat::Date);
        for (a, b, want) in [
            (&when, &when, &when),
            (&when, &Kind::Str, &Kind::Str),
            (&when, &day, &Kind::Str),
        ] {
            let m = merge(&obj(&[("at", a.clone())]), &obj(&[("at", b.clone())]), true).unwrap();
            let Kind::Object(o) = m.kind else { panic!() };
            assert_eq!(&o.fields[0].shape.kind, want);
        }
        assert!(merge(&Shape::new(when), &Shape::new(INT), false).is_none());
    }

    #[test]
    fn conflicting_types_do_not_merge() {
        assert!(merge(&obj(&[("p", INT)]), &obj(&[("p", Kind::Bool)]), true).is_none());
    }

    #[test]
    fn unrelated_roots_do_not_merge() {
        assert!(merge(
            &obj(&[("a", INT), ("b", INT)]),
            &obj(&[("c", INT), ("d", INT)]),
            true
        )
        .is_none());
    }

    #[test]
    fn fields_missing_on_one_side_become_optional() {
        let mut a = obj(&[("a", INT), ("b", INT)]);
        if let Kind::Object(o) = &mut a.kind {
            o.fields[1].required = true;
        }
        let m = merge(&a, &obj(&[("a", INT)]), true).unwrap();
        let Kind::Object(o) = m.kind else { panic!() };
        assert_eq!(o.fields.len(), 2);
        assert!(!o.fields[1].required);
    }

    #[test]
    fn every_example_counts() {
        let items: Vec<serde_json::Value> =
            serde_json::from_str(r#"[{"bpm": 93}, {"bpm": 97}, {"bpm": 128.9}, {"bpm": null}]"#)
                .unwrap();
        let s = infer_all(&items, &Hint::Child("Track".into()), 0);
        let Kind::Object(o) = s.kind else { panic!() };
        assert_eq!(o.fields[0].shape.kind, Kind::Num);
        assert!(o.fields[0].shape.nullable);
    }
}
