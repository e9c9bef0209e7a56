//! Reading and writing generated structs: the part of every struct's
//! `Deserialize` (and `Serialize`) that does not depend on its fields,
//! written once.
//!
//! A generated struct implements [`Object`]: its name, its fields' wire
//! names and one `read` function that takes each field's value from the
//! map. Everything else serde's derive would repeat in every struct (a field
//! enum with its visitor, the struct's visitor, a positional reading from a
//! list) lives here once, so a struct costs the compiler a single small
//! function. [`deserialize`] is the whole of a generated `Deserialize`.
//!
//! What it accepts: a JSON object, and PHP's `[]` for an empty one (then
//! every field is absent, so a struct with a required field still fails).
//! A non-empty list is refused: serde's derive would read it field by field
//! in order, a wrong value that decodes. A key given twice keeps its last
//! value, as `serde_json::Value` does.
//!
//! Keys that are not fields: an open struct ([`Object::OPEN`]: OpenAPI
//! objects are open unless `additionalProperties: false`) keeps them,
//! [`keep`] puts each in its `additional_properties` map (or in the rest of
//! the object that a flattened union reads, [`rest`]); a closed one skips
//! them. A field the schema does not declare, typed from its examples,
//! takes a value only when it is exactly of that type; any other value is
//! kept with the other keys, as it came ([`inferred`]).
//!
//! Writing is serde's struct form (`serialize_struct`, or a map for structs
//! that keep other keys), fields under their wire names, an optional field
//! left out when absent ([`Fields`], [`Entries`], [`Optional`]), the kept
//! keys after the fields.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use super::nullable::Nullable;

/// A generated struct, as the runtime reads it.
pub trait Object: Sized {
    /// The struct's name, for errors (`invalid type: …, expected struct Pet`).
    const NAME: &'static str;
    /// The wire names of its fields, in order: [`Key::Field`] holds an index into this.
    const FIELDS: &'static [&'static str];
    /// Keys that are not fields come as [`Key::Other`] (the struct keeps
    /// them) instead of being skipped.
    const OPEN: bool = false;

    /// Reads the struct from a map: its keys through [`Keys`], each field's
    /// value with `next_value`, the rest [`skip`]ped (or kept).
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The whole of a generated struct's `Deserialize::deserialize`.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor::<T>(PhantomData))
}

/// A key of the map, as a struct sees it.
#[derive(Debug, PartialEq, Eq)]
pub enum Key {
    /// The field at this index of [`Object::FIELDS`].
    Field(usize),
    /// A key that is not a field, for a struct that keeps them.
    Other(String),
    /// A key that is not a field: skip its value.
    Skip,
}

/// The keys of one map, matched against a struct's fields.
///
/// Servers send a struct's keys in the same order every time, most often in
/// the order the spec lists them: the field after the last one matched is
/// tried first, so a key costs one comparison in the usual case and a scan
/// of the fields otherwise.
pub struct Keys {
    fields: &'static [&'static str],
    open: bool,
    next: usize,
}

impl Keys {
    /// The keys of a map read into `T`.
    pub fn of<T: Object>() -> Self {
        Keys {
            fields: T::FIELDS,
            open: T::OPEN,
            next: 0,
        }
    }

    /// The next key, `None` at the end of the map.
    pub fn next<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<Key>, A::Error> {
        let key = map.next_key_seed(KeySeed(self))?;
        if let Some(Key::Field(i)) = key {
            self.next = i + 1;
        }
        Ok(key)
    }

    fn lookup(&self, key: &str) -> Option<usize> {
        match self.fields.get(self.next) {
            Some(expected) if *expected == key => Some(self.next),
            _ => self.fields.iter().position(|f| *f == key),
        }
    }

    fn key(&self, key: &str) -> Key {
        match self.lookup(key) {
            Some(i) => Key::Field(i),
            None if self.open => Key::Other(key.to_owned()),
            None => Key::Skip,
        }
    }
}

/// Skips the value of a key the struct does not read.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// Reads the value of an optional field into its local (`null` is `None`).
///
/// Each arm of a generated `read` is one such call, and the loop checks its
/// result once: far less code for the compiler than a `?` per field.
pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads the value of a required field into its local: present from now on.
pub fn present<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Keeps the value of a key that is not a field, in the struct's map of
/// other keys (or the rest of the object, read at the end).
///
/// The generated arm of `read` for every key no field takes, in a struct
/// that keeps them.
pub fn keep<'de, A, T, M>(map: &mut A, kept: &mut M, key: String) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
    M: Extend<(String, T)>,
{
    let value = map.next_value()?;
    kept.extend(std::iter::once((key, value)));
    Ok(())
}

/// Reads the value of a field the schema does not declare, typed from the
/// spec's examples: a value exactly of that type (no lenient reading: the
/// schema does not say what the key holds) goes to the field, any other is
/// kept under `key` with the struct's other keys, as it came, instead of
/// failing the whole struct. [`Entries::inferred`] writes it back.
pub fn inferred<'de, A, S, M>(
    map: &mut A,
    slot: &mut S,
    kept: &mut M,
    key: &str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    S: de::DeserializeOwned,
    M: Extend<(String, serde_json::Value)>,
{
    let value: serde_json::Value = map.next_value()?;
    match S::deserialize(&value) {
        Ok(v) => *slot = v,
        Err(_) => kept.extend(std::iter::once((key.to_owned(), value))),
    }
    Ok(())
}

/// The keys struct `O` kept that it writes: those that name none of its
/// fields (such a key is the field's). Its JSON writer and its multipart
/// parts write these after the fields.
pub fn others<'k, O: Object, T>(
    _: &O,
    kept: &'k BTreeMap<String, T>,
) -> impl Iterator<Item = (&'k String, &'k T)> {
    kept.iter()
        .filter(|(key, _)| !O::FIELDS.contains(&key.as_str()))
}

/// An optional field's value, as a struct writes it: left out when absent.
/// `Option` (`None` is absent: null reads as `None` too) and [`Nullable`]
/// (absent and null are two states).
pub trait Optional {
    /// The key is left out of the object.
    fn is_absent(&self) -> bool;
}

impl<T> Optional for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Optional for Nullable<T> {
    fn is_absent(&self) -> bool {
        Nullable::is_absent(self)
    }
}

/// Serde's "missing field" error for the first of a struct's required
/// fields (name, absent) that is absent.
pub fn missing<E: de::Error>(fields: &[(&'static str, bool)]) -> E {
    let first = fields.iter().find(|(_, absent)| *absent);
    E::missing_field(first.map_or("?", |(name, _)| name))
}

/// How many fields a struct writes: those always written, and the optional
/// ones that are set.
pub fn field_count(always: usize, set: &[bool]) -> usize {
    always + set.iter().filter(|s| **s).count()
}

/// A struct being written as serde's struct form: each field is one call
/// that cannot fail, the first error is kept and returned by [`end`](Self::end)
/// (nothing more is written after it). Like [`value`], this keeps a `?`
/// per field out of every generated `Serialize`.
pub struct Fields<S: SerializeStruct> {
    out: S,
    error: Option<S::Error>,
}

impl<S: SerializeStruct> Fields<S> {
    /// Starts writing struct `name` with `len` fields.
    pub fn start<Z>(serializer: Z, name: &'static str, len: usize) -> Result<Self, S::Error>
    where
        Z: Serializer<SerializeStruct = S, Ok = S::Ok, Error = S::Error>,
    {
        let out = serializer.serialize_struct(name, len)?;
        Ok(Fields { out, error: None })
    }

    /// A field that is always written (`None` of a required nullable one is `null`).
    pub fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        if self.error.is_none() {
            self.error = self.out.serialize_field(key, value).err();
        }
    }

    /// An optional field: written when set (a [`Nullable`] one as `null`
    /// when null), skipped when absent.
    pub fn optional<V: Optional + Serialize>(&mut self, key: &'static str, value: &V) {
        if self.error.is_none() {
            let result = match value.is_absent() {
                false => self.out.serialize_field(key, value),
                true => self.out.skip_field(key),
            };
            self.error = result.err();
        }
    }

    /// The end of the struct, or the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.out.end(),
        }
    }
}

/// A struct being written as a map (one that keeps other keys, or has a
/// flattened rest): [`Fields`]' counterpart, with the kept keys and the rest.
pub struct Entries<M: SerializeMap> {
    out: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Entries<M> {
    /// Starts writing a map of unknown length.
    pub fn start<Z>(serializer: Z) -> Result<Self, M::Error>
    where
        Z: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        let out = serializer.serialize_map(None)?;
        Ok(Entries { out, error: None })
    }

    /// A field that is always written.
    pub fn entry<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.out.serialize_entry(key, value).err();
        }
    }

    /// An optional field: an entry when set (a [`Nullable`] one as `null`
    /// when null).
    pub fn optional<V: Optional + Serialize>(&mut self, key: &'static str, value: &V) {
        if !value.is_absent() {
            self.entry(key, value);
        }
    }

    /// A field the schema does not declare ([`inferred`]): its value when
    /// set, else the value kept under its key (one that was not of its type).
    pub fn inferred<V, T>(&mut self, key: &'static str, value: &V, kept: &BTreeMap<String, T>)
    where
        V: Optional + Serialize,
        T: Serialize,
    {
        match (value.is_absent(), kept.get(key)) {
            (false, _) => self.entry(key, value),
            (true, Some(other)) => self.entry(key, other),
            (true, None) => {}
        }
    }

    /// The keys struct `O` kept, after its fields. A key that names one of
    /// its fields ([`Object::FIELDS`]) is the field's and is not written
    /// again (an inferred field writes its kept value itself).
    pub fn kept<O: Object, T: Serialize>(&mut self, object: &O, kept: &BTreeMap<String, T>) {
        for (key, value) in others(object, kept) {
            self.entry(key, value);
        }
    }

    /// The flattened rest, among the other keys ([`rest_entries`]).
    pub fn rest<T: Serialize>(&mut self, value: &T) {
        if self.error.is_none() {
            self.error = rest_entries(&mut self.out, value).err();
        }
    }

    /// The end of the map, or the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.out.end(),
        }
    }
}

/// The rest of an object (the keys no field took) read as the union of
/// its schema's branches, leniently like the whole answer.
pub fn rest<T: de::DeserializeOwned, E: de::Error>(
    keys: serde_json::Map<String, serde_json::Value>,
) -> Result<T, E> {
    crate::runtime::lenient::from_value(&serde_json::Value::Object(keys)).map_err(E::custom)
}

/// The rest of an object written back among its other keys: the entries of
/// the object `value` serializes to.
pub fn rest_entries<M: SerializeMap, T: Serialize>(out: &mut M, value: &T) -> Result<(), M::Error> {
    use serde::ser::Error as _;
    match serde_json::to_value(value).map_err(M::Error::custom)? {
        serde_json::Value::Object(entries) => {
            for (key, value) in &entries {
                out.serialize_entry(key, value)?;
            }
            Ok(())
        }
        serde_json::Value::Null => Ok(()),
        other => Err(M::Error::custom(format_args!(
            "the rest of an object is not an object: {other}"
        ))),
    }
}

struct KeySeed<'k>(&'k Keys);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(self.0.key(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match self.0.key(&v) {
            Key::Other(_) => Key::Other(v),
            key => key,
        })
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Ok(Key::Skip),
        }
    }

    /// Formats that name fields by their index (as serde's derive allows).
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
        Ok(match usize::try_from(v) {
            Ok(i) if i < self.0.fields.len() => Key::Field(i),
            _ => Key::Skip,
        })
    }
}

struct StructVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }

    /// PHP's `[]` for an empty object; any other list is refused.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        T::read(EmptyMap(PhantomData))
    }
}

/// The map of PHP's `[]`: no keys.
struct EmptyMap<E>(PhantomData<E>);

impl<'de, E: de::Error> MapAccess<'de> for EmptyMap<E> {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _: K) -> Result<Option<K::Value>, E> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _: V) -> Result<V::Value, E> {
        Err(E::custom("a value without a key"))
    }
}

#[cfg(test)]
mod tests {
    use super::{Key, Keys, Object};
    use serde::de::MapAccess;
    use std::collections::BTreeMap;

    /// What the generator writes for a struct with a required field, an
    /// optional one and a required nullable one.
    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        age: Option<i64>,
        owner: Option<String>,
    }

    impl Object for Pet {
        const NAME: &'static str = "Pet";
        const FIELDS: &'static [&'static str] = &["name", "age", "owner"];
        fn read<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name: Option<String> = None;
            let mut age: Option<i64> = None;
            let mut owner: Option<Option<String>> = None;
            let mut keys = Keys::of::<Self>();
            while let Some(key) = keys.next(&mut map)? {
                let read = match key {
                    Key::Field(0) => super::present(&mut map, &mut name),
                    Key::Field(1) => super::value(&mut map, &mut age),
                    Key::Field(2) => super::present(&mut map, &mut owner),
                    _ => super::skip(&mut map),
                };
                read?;
            }
            match (name, owner) {
                (Some(name), Some(owner)) => Ok(Pet { name, age, owner }),
                (name, owner) => Err(super::missing(&[
                    ("name", name.is_none()),
                    ("owner", owner.is_none()),
                ])),
            }
        }
    }

    impl serde::Serialize for Pet {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let count = super::field_count(2, &[self.age.is_some()]);
            let mut out = super::Fields::start(serializer, "Pet", count)?;
            out.field("name", &self.name);
            out.optional("age", &self.age);
            out.field("owner", &self.owner);
            out.end()
        }
    }

    impl<'de> serde::Deserialize<'de> for Pet {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize(d)
        }
    }

    /// A struct that keeps the keys it does not name, as the generator
    /// writes an open one: a declared optional field, a field typed from
    /// examples (`count`), a three-state one (`note`), the kept keys.
    #[derive(Debug, PartialEq, Default)]
    struct Open {
        title: Option<String>,
        count: Option<i64>,
        note: super::Nullable<String>,
        rest: BTreeMap<String, serde_json::Value>,
    }

    impl Object for Open {
        const NAME: &'static str = "Open";
        const FIELDS: &'static [&'static str] = &["title", "count", "note"];
        const OPEN: bool = true;
        fn read<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut out = Open::default();
            let mut keys = Keys::of::<Self>();
            while let Some(key) = keys.next(&mut map)? {
                let read = match key {
                    Key::Field(0) => super::value(&mut map, &mut out.title),
                    Key::Field(1) => {
                        super::inferred(&mut map, &mut out.count, &mut out.rest, "count")
                    }
                    Key::Field(2) => super::value(&mut map, &mut out.note),
                    Key::Other(k) => super::keep(&mut map, &mut out.rest, k),
                    _ => super::skip(&mut map),
                };
                read?;
            }
            Ok(out)
        }
    }

    impl serde::Serialize for Open {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut out = super::Entries::start(serializer)?;
            out.optional("title", &self.title);
            out.inferred("count", &self.count, &self.rest);
            out.optional("note", &self.note);
            out.kept(self, &self.rest);
            out.end()
        }
    }

    impl<'de> serde::Deserialize<'de> for Open {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize(d)
        }
    }

    fn pet(json: &str) -> Result<Pet, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn fields_in_any_order_unknown_keys_skipped() {
        let p = pet(r#"{"owner": null, "x": [1, {"y": 2}], "age": 3, "name": "Rex"}"#).unwrap();
        assert_eq!(
            p,
            Pet {
                name: "Rex".into(),
                age: Some(3),
                owner: None
            }
        );
        let p = pet(r#"{"name": "a", "owner": "b"}"#).unwrap();
        assert_eq!((p.age, p.owner.as_deref()), (None, Some("b")));
        let p = pet(r#"{"name": "a", "age": null, "owner": null, "name": "b"}"#).unwrap();
        assert_eq!(p.name, "b", "a repeated key keeps its last value");
    }

    #[test]
    fn required_fields_stay_required() {
        let e = pet(r#"{"age": 3, "owner": null}"#).unwrap_err();
        assert!(e.to_string().starts_with("missing field `name`"), "{e}");
        // Required and nullable: null is a value, absence is not.
        let e = pet(r#"{"name": "a"}"#).unwrap_err();
        assert!(e.to_string().starts_with("missing field `owner`"), "{e}");
        let e = pet(r#"{"name": 1, "owner": null}"#).unwrap_err();
        assert!(e.to_string().contains("expected a string"), "{e}");
    }

    #[test]
    fn lists_php_empty_and_positional() {
        let e = pet("[]").unwrap_err();
        assert!(e.to_string().starts_with("missing field `name`"), "{e}");
        let e = pet(r#"["Rex", 3, null]"#).unwrap_err();
        assert!(e.to_string().contains("expected struct Pet"), "{e}");
        assert_eq!(serde_json::from_str::<Open>("[]").unwrap(), Open::default());
        assert!(serde_json::from_str::<Open>(r#"["a"]"#).is_err());
        assert!(pet("3").unwrap_err().to_string().contains("struct Pet"));
    }

    #[test]
    fn open_structs_keep_other_keys() {
        let o: Open = serde_json::from_str(r#"{"b": 1, "title": "t", "a": {"c": null}}"#).unwrap();
        assert_eq!(o.title.as_deref(), Some("t"));
        assert_eq!(
            serde_json::to_value(&o.rest).unwrap(),
            serde_json::json!({"a": {"c": null}, "b": 1})
        );
        let value = serde_json::json!({"title": "t", "extra": true});
        let o: Open = serde_json::from_value(value).unwrap();
        assert_eq!(o.rest["extra"], serde_json::json!(true));
    }

    /// Read, then written back: the same JSON (keys in any order).
    fn round_trip(json: serde_json::Value) -> (Open, serde_json::Value) {
        let o: Open = crate::runtime::lenient::from_value(&json).unwrap();
        let back = serde_json::to_value(&o).unwrap();
        assert_eq!(back, json, "{o:?}");
        (o, back)
    }

    #[test]
    fn unknown_keys_survive_a_read_modify_write() {
        let (mut o, _) = round_trip(serde_json::json!({
            "title": "t", "z": [1, {"deep": null}], "a": {"b": "c"}, "n": null
        }));
        assert_eq!(o.rest.len(), 3);
        o.title = Some("changed".into());
        let sent = serde_json::to_value(&o).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"title": "changed", "z": [1, {"deep": null}], "a": {"b": "c"}, "n": null})
        );
        // Fields first, in order, then the kept keys.
        let text = serde_json::to_string(&o).unwrap();
        assert!(text.starts_with(r#"{"title":"changed","a":"#), "{text}");
    }

    #[test]
    fn an_inferred_field_never_rejects_a_value() {
        // A value of its type goes to the field ...
        let (o, _) = round_trip(serde_json::json!({"count": 3}));
        assert_eq!((o.count, o.rest.len()), (Some(3), 0));
        // ... any other stays among the kept keys, as it came, and is written back
        // where it was: no lenient reading ("3" is not 3), no failure.
        for other in [
            serde_json::json!({"count": "3"}),
            serde_json::json!({"count": {"by": "day"}}),
            serde_json::json!({"count": 1.5, "title": "t"}),
        ] {
            let (o, _) = round_trip(other.clone());
            assert_eq!(o.count, None);
            assert_eq!(o.rest["count"], other["count"]);
        }
        // Set in Rust, the field wins over what was kept under its key.
        let mut o: Open = serde_json::from_value(serde_json::json!({"count": "x"})).unwrap();
        o.count = Some(4);
        assert_eq!(
            serde_json::to_value(&o).unwrap(),
            serde_json::json!({"count": 4})
        );
    }

    #[test]
    fn a_kept_key_that_names_a_field_is_the_fields() {
        let mut o = Open {
            title: Some("t".into()),
            ..Open::default()
        };
        o.rest.insert("title".into(), serde_json::json!("other"));
        o.rest.insert("note".into(), serde_json::json!("other"));
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"title":"t"}"#,
            "no key twice, and a field's key is the field's"
        );
    }

    #[test]
    fn absent_null_and_a_value_are_three_things() {
        let (o, _) = round_trip(serde_json::json!({}));
        assert!(o.note.is_absent());
        let (o, _) = round_trip(serde_json::json!({"note": null}));
        assert!(o.note.is_null());
        let (o, _) = round_trip(serde_json::json!({"note": "n"}));
        assert_eq!(o.note.value().map(String::as_str), Some("n"));
        let mut o = Open::default();
        assert_eq!(serde_json::to_string(&o).unwrap(), "{}");
        o.note = super::Nullable::Null;
        assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"note":null}"#);
        o.note = "v".into();
        assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"note":"v"}"#);
    }

    #[test]
    fn the_lenient_reader_reaches_the_fields() {
        let p: Pet =
            crate::runtime::lenient::from_slice(br#"{"name": 7, "age": "3", "owner": null}"#)
                .unwrap();
        assert_eq!((p.name.as_str(), p.age), ("7", Some(3)));
        let o: Open = crate::runtime::lenient::from_slice(b"[]").unwrap();
        assert_eq!(o, Open::default());
        assert!(crate::runtime::lenient::from_slice::<Pet>(br#"["a", 1, null]"#).is_err());
    }

    #[test]
    fn the_rest_of_an_object_reads_and_writes_as_one_value() {
        use serde::ser::{SerializeMap, Serializer};
        type E = serde_json::Error;
        let keys = |v: serde_json::Value| v.as_object().cloned().unwrap();
        // Read leniently, like the answer around it.
        let p: Pet =
            super::rest::<_, E>(keys(serde_json::json!({"name": 7, "owner": null}))).unwrap();
        assert_eq!((p.name.as_str(), p.owner), ("7", None));
        let e = super::rest::<Pet, E>(keys(serde_json::json!({"age": 1}))).unwrap_err();
        assert!(e.to_string().contains("missing field `name`"), "{e}");
        // No keys left: the union still decodes (or says what is missing).
        let e = super::rest::<Pet, E>(Default::default()).unwrap_err();
        assert!(e.to_string().contains("missing field `name`"), "{e}");

        // Written back among the other keys, after them.
        let write = |rest: &serde_json::Value| -> Result<String, E> {
            let mut buf = Vec::new();
            let mut ser = serde_json::Serializer::new(&mut buf);
            let mut out = (&mut ser).serialize_map(None)?;
            out.serialize_entry("id", &1)?;
            super::rest_entries(&mut out, rest)?;
            SerializeMap::end(out)?;
            Ok(String::from_utf8(buf).unwrap())
        };
        let json = write(&serde_json::json!({"type": "a", "n": [2]})).unwrap();
        // (The rest's own order is serde_json's map order: sorted, or as
        // inserted with its `preserve_order` feature.)
        assert!(json.starts_with(r#"{"id":1,"#), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, serde_json::json!({"id": 1, "type": "a", "n": [2]}));
        assert_eq!(write(&serde_json::Value::Null).unwrap(), r#"{"id":1}"#);
        let e = write(&serde_json::json!("text")).unwrap_err();
        assert!(e.to_string().contains("not an object"), "{e}");
    }

    #[test]
    fn structs_write_their_fields_and_stop_at_the_first_error() {
        let pet = Pet {
            name: "Rex".into(),
            age: None,
            owner: None,
        };
        // Optional and absent: left out; required and nullable: null.
        assert_eq!(
            serde_json::to_string(&pet).unwrap(),
            r#"{"name":"Rex","owner":null}"#
        );
        let pet = Pet {
            age: Some(3),
            ..pet
        };
        let back: Pet = serde_json::from_value(serde_json::to_value(&pet).unwrap()).unwrap();
        assert_eq!(back, pet);
        let mut open = Open {
            title: Some("t".into()),
            ..Open::default()
        };
        open.rest.insert("k".into(), serde_json::json!([1]));
        assert_eq!(
            serde_json::to_string(&open).unwrap(),
            r#"{"title":"t","k":[1]}"#
        );

        // A writer that fails on its second write: the error comes back
        // from `end`, and nothing is written after it.
        struct Failing<'a>(&'a mut Vec<&'static str>);
        impl serde::ser::SerializeStruct for Failing<'_> {
            type Ok = ();
            type Error = serde_json::Error;
            fn serialize_field<T: ?Sized + serde::Serialize>(
                &mut self,
                key: &'static str,
                _: &T,
            ) -> Result<(), Self::Error> {
                self.0.push(key);
                match self.0.len() {
                    2 => Err(serde::ser::Error::custom("disk full")),
                    _ => Ok(()),
                }
            }
            fn end(self) -> Result<(), Self::Error> {
                self.0.push("end");
                Ok(())
            }
        }
        let mut seen = Vec::new();
        let mut out = super::Fields {
            out: Failing(&mut seen),
            error: None,
        };
        out.field("a", &1);
        out.field("b", &2);
        out.optional("c", &Some(3));
        let e = out.end().unwrap_err();
        assert!(e.to_string().contains("disk full"), "{e}");
        assert_eq!(seen, ["a", "b"]);
    }

    #[test]
    fn keys_try_the_next_field_first() {
        let mut keys = Keys::of::<Pet>();
        assert_eq!(keys.lookup("name"), Some(0));
        keys.next = 1;
        assert_eq!(keys.lookup("age"), Some(1));
        assert_eq!(keys.lookup("name"), Some(0));
        assert_eq!(keys.lookup("nope"), None);
        keys.next = 3;
        assert_eq!(keys.lookup("owner"), Some(2));
        assert_eq!(keys.key("nope"), Key::Skip);
    }

    #[test]
    fn the_path_of_a_failing_field_is_known() {
        let mut de =
            serde_json::Deserializer::from_str(r#"{"name": "a", "age": "x", "owner": null}"#);
        let e = serde_path_to_error::deserialize::<_, Pet>(&mut de).unwrap_err();
        assert_eq!(e.path().to_string(), "age");
    }
}
