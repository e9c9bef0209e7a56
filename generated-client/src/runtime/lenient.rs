//! Lenient decoding: the client reads every response through [`Lenient`], a
//! deserializer that accepts each lossless reading of a scalar.
//!
//! Specs (Scribe's above all) infer a field's type from one example, and real
//! servers disagree with it: a "string" that arrives as `401`, an "integer"
//! that arrives as `"12"` or `12.0`, a "boolean" that arrives as `1`. Where a
//! type asks for an integer, a float, a boolean or a string, [`Lenient`]
//! converts what came when no information is lost; anything else (a
//! fractional number for an integer, an object for a string) still reaches
//! the type as it came, and fails there. Structure is never bent: which
//! field, which variant, which length stays the type's decision.
//!
//! Generated types read plain values (see `object`); the leniency lives here once,
//! not in an attribute on every field. Decode with [`from_slice`] /
//! [`from_value`] to get it (the client does); `serde_json::from_*` reads the
//! same types strictly. Serialization is unchanged.

use serde::de::DeserializeOwned;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::fmt;

/// A JSON document, read leniently into `T`.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(Lenient(&mut de))?;
    de.end()?;
    Ok(value)
}

/// A JSON value, read leniently into `T`.
pub fn from_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, serde_json::Error> {
    T::deserialize(Lenient(value))
}

/// A deserializer that reads scalars leniently (see the module docs), at
/// every depth of the value.
pub struct Lenient<D>(pub D);

/// What the type asked for.
#[derive(Clone, Copy)]
enum Want {
    Bool,
    Int,
    Float,
    Str,
}

macro_rules! scalar {
    ($($method:ident => $want:ident),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.deserialize_any(Scalar { visitor, want: Want::$want })
        })*
    };
}

macro_rules! wrapped {
    ($($method:ident),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<D> {
    type Error = D::Error;

    scalar! {
        deserialize_bool => Bool,
        deserialize_i8 => Int, deserialize_i16 => Int, deserialize_i32 => Int,
        deserialize_i64 => Int, deserialize_i128 => Int,
        deserialize_u8 => Int, deserialize_u16 => Int, deserialize_u32 => Int,
        deserialize_u64 => Int, deserialize_u128 => Int,
        deserialize_f32 => Float, deserialize_f64 => Float,
        deserialize_char => Str, deserialize_str => Str, deserialize_string => Str,
    }

    wrapped! {
        deserialize_any, deserialize_bytes, deserialize_byte_buf, deserialize_option,
        deserialize_unit, deserialize_seq, deserialize_map,
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, Fields(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_identifier(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A struct's visitor: an object, or PHP's `[]` for an empty one. serde's
/// derive would also read a non-empty JSON array field by field in order,
/// a wrong value that decodes; that is refused.
struct Fields<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Fields<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Lenient(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        self.0
            .visit_seq(de::value::SeqDeserializer::new(std::iter::empty::<()>()))
    }
}

/// Passes every value to the visitor, keeping what it contains lenient.
struct Wrap<V>(V);

macro_rules! forward_visits {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v)
        })*
    };
}

macro_rules! forward_nested {
    () => {
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            self.inner().visit_none()
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.inner().visit_unit()
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            self.inner().visit_some(Lenient(d))
        }
        fn visit_newtype_struct<D2: Deserializer<'de>>(
            self,
            d: D2,
        ) -> Result<Self::Value, D2::Error> {
            self.inner().visit_newtype_struct(Lenient(d))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            self.inner().visit_seq(Lenient(seq))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            self.inner().visit_map(Lenient(map))
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
            self.inner().visit_enum(Lenient(data))
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            self.inner().visit_bytes(v)
        }
        fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
            self.inner().visit_borrowed_bytes(v)
        }
        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
            self.inner().visit_byte_buf(v)
        }
    };
}

impl<V> Wrap<V> {
    fn inner(self) -> V {
        self.0
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visits! {
        visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_i128(i128), visit_u128(u128),
        visit_f64(f64), visit_char(char), visit_str(&str), visit_borrowed_str(&'de str),
        visit_string(String),
    }

    forward_nested!();
}

/// A scalar the type asked for, converted from what came when no
/// information is lost.
struct Scalar<V> {
    visitor: V,
    want: Want,
}

impl<V> Scalar<V> {
    fn inner(self) -> V {
        self.visitor
    }
}

/// An integral float as an integer, if it is one.
fn integral(v: f64) -> Option<i128> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < 1.8e19).then_some(v as i128)
}

impl<'de, V: Visitor<'de>> Scalar<V> {
    fn int<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        match (i64::try_from(v), u64::try_from(v)) {
            (Ok(i), _) => self.visitor.visit_i64(i),
            (_, Ok(u)) => self.visitor.visit_u64(u),
            _ => self.visitor.visit_i128(v),
        }
    }

    fn text<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        let t = v.trim();
        match self.want {
            Want::Int => {
                if let Some(i) = t
                    .parse::<i128>()
                    .ok()
                    .or_else(|| t.parse::<f64>().ok().and_then(integral))
                {
                    return self.int(i);
                }
            }
            Want::Float => {
                if let Ok(f) = t.parse::<f64>() {
                    return self.visitor.visit_f64(f);
                }
            }
            Want::Bool => match t {
                "true" | "1" => return self.visitor.visit_bool(true),
                "false" | "0" => return self.visitor.visit_bool(false),
                _ => {}
            },
            Want::Str => {}
        }
        self.visitor.visit_str(v)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Scalar<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        match self.want {
            Want::Str => self.visitor.visit_string(v.to_string()),
            _ => self.visitor.visit_bool(v),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        match self.want {
            Want::Str => self.visitor.visit_string(v.to_string()),
            Want::Bool if v == 0 || v == 1 => self.visitor.visit_bool(v == 1),
            _ => self.visitor.visit_i64(v),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        match self.want {
            Want::Str => self.visitor.visit_string(v.to_string()),
            Want::Bool if v <= 1 => self.visitor.visit_bool(v == 1),
            _ => self.visitor.visit_u64(v),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        match (self.want, integral(v)) {
            (Want::Str, _) => self.visitor.visit_string(v.to_string()),
            (Want::Int, Some(i)) => self.int(i),
            _ => self.visitor.visit_f64(v),
        }
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.visitor.visit_i128(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.visitor.visit_u128(v)
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<V::Value, E> {
        self.visitor.visit_char(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.text(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        match self.want {
            Want::Str => self.visitor.visit_borrowed_str(v),
            _ => self.text(v),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        match self.want {
            Want::Str => self.visitor.visit_string(v),
            _ => self.text(&v),
        }
    }

    forward_nested!();
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Lenient<A> {
    type Error = A::Error;
    type Variant = Lenient<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Seed(seed))?;
        Ok((value, Lenient(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

/// A seed whose value is read leniently.
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Lenient(d))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        s: Option<String>,
        i: Option<i64>,
        u: Option<u8>,
        f: Option<f64>,
        b: Option<bool>,
        l: Option<Vec<String>>,
        m: Option<BTreeMap<String, i32>>,
        r: i64,
    }

    fn t(json: &str) -> Result<T, serde_json::Error> {
        super::from_slice(json.as_bytes())
    }

    #[test]
    fn lossless_readings_are_accepted_at_every_depth() {
        let v = t(r#"{"s": 401, "i": "12", "u": 7.0, "f": "1.5", "b": 1, "l": ["a", 2, true], "m": {"x": "3"}, "r": 3.0}"#)
            .unwrap();
        assert_eq!(
            v,
            T {
                s: Some("401".into()),
                i: Some(12),
                u: Some(7),
                f: Some(1.5),
                b: Some(true),
                l: Some(vec!["a".into(), "2".into(), "true".into()]),
                m: Some(BTreeMap::from([("x".into(), 3)])),
                r: 3
            }
        );
        let v = t(r#"{"s": null, "r": "1"}"#).unwrap();
        assert_eq!((v.s, v.l, v.r), (None, None, 1));
    }

    #[test]
    fn lossy_readings_are_refused() {
        assert!(t(r#"{"i": 1.5, "r": 1}"#).is_err());
        assert!(t(r#"{"u": 300, "r": 1}"#).is_err(), "out of range for u8");
        assert!(t(r#"{"u": -1, "r": 1}"#).is_err());
        assert!(t(r#"{"s": {"a": 1}, "r": 1}"#).is_err());
        assert!(t(r#"{"b": 2, "r": 1}"#).is_err());
        assert!(t(r#"{"i": "x", "r": 1}"#).is_err());
        assert!(t(r#"{}"#).is_err(), "a required field stays required");
        assert!(t(r#"{"r": 1} x"#).is_err(), "trailing data");
    }

    #[test]
    fn numbers_are_read_exactly_from_numbers_and_from_text() {
        // serde_json's default parser reads this one unit off
        // (-1.262115207258782e183); `float_roundtrip` reads it exactly.
        let exact = -1.2621152072587819e183_f64;
        for json in [
            r#"{"f": -1.2621152072587819e+183, "r": 1}"#,
            r#"{"f": "-1.2621152072587819e+183", "r": 1}"#,
        ] {
            let f = t(json).unwrap().f.unwrap();
            assert_eq!(f.to_bits(), exact.to_bits(), "{json}");
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                "-1.2621152072587819e+183"
            );
        }
        let tiny: f64 = super::from_slice(b"2.2250738585072014e-308").unwrap();
        assert_eq!(tiny, f64::MIN_POSITIVE);
    }

    #[test]
    fn values_read_the_same_way() {
        let value: serde_json::Value = serde_json::from_str(r#"{"i": "12", "r": "2"}"#).unwrap();
        let v: T = super::from_value(&value).unwrap();
        assert_eq!((v.i, v.r), (Some(12), 2));
        // Structure is not bent: a list is not a scalar.
        let value: serde_json::Value = serde_json::from_str(r#"{"r": [1]}"#).unwrap();
        assert!(super::from_value::<T>(&value).is_err());
    }

    #[derive(Deserialize, Debug, PartialEq, Default)]
    #[serde(default)]
    struct Open {
        title: Option<String>,
        count: Option<i64>,
    }

    #[test]
    fn a_struct_is_an_object_never_a_positional_list() {
        // serde's derive alone reads `["a", 2]` as title "a", count 2.
        assert!(super::from_slice::<Open>(br#"["a", 2]"#).is_err());
        let value = serde_json::json!({"x": [null, true]});
        assert!(super::from_value::<BTreeMap<String, Open>>(&value).is_err());
        // PHP's `[]` for an empty object still reads, from text and from a value.
        assert_eq!(super::from_slice::<Open>(b"[]").unwrap(), Open::default());
        let value = serde_json::json!({"x": []});
        let read: BTreeMap<String, Open> = super::from_value(&value).unwrap();
        assert_eq!(read["x"], Open::default());
        assert!(t(r#"[1, 2, 3, 4, 5, 6, 7, 8]"#).is_err());
    }
}
