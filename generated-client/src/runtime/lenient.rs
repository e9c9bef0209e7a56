//! Lenient decoding of scalars, for fields of generated types.
//!
//! Specs (Scribe's above all) infer a field's type from one example, and real
//! servers disagree with it: a "string" that arrives as `401`, an "integer"
//! that arrives as `"12"` or `12.0`, a "boolean" that arrives as `1`. These
//! functions accept every lossless reading of the value; anything else (a
//! fractional number for an integer, an object for a string) is still an error.
//! Serialization is unchanged.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// A scalar type that can be read leniently.
pub trait Lenient: Sized {
    const EXPECTING: &'static str;
    fn from_str<E: de::Error>(v: &str) -> Result<Self, E>;
    fn from_i64<E: de::Error>(v: i64) -> Result<Self, E>;
    fn from_u64<E: de::Error>(v: u64) -> Result<Self, E>;
    fn from_f64<E: de::Error>(v: f64) -> Result<Self, E>;
    fn from_bool<E: de::Error>(v: bool) -> Result<Self, E>;
}

fn wrong<T, E: de::Error>(got: de::Unexpected<'_>, want: &'static str) -> Result<T, E> {
    Err(E::invalid_type(got, &want))
}

impl Lenient for String {
    const EXPECTING: &'static str = "a string (or a number or boolean, read as text)";
    fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
        Ok(v.to_owned())
    }
    fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
        Ok(v.to_string())
    }
    fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
        Ok(v.to_string())
    }
    fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
        Ok(v.to_string())
    }
    fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> {
        Ok(v.to_string())
    }
}

impl Lenient for i64 {
    const EXPECTING: &'static str = "an integer (or an integral number or numeric string)";
    fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
        let t = v.trim();
        t.parse::<i64>()
            .or_else(|_| {
                t.parse::<f64>()
                    .map_err(|_| ())
                    .and_then(|f| Self::from_f64::<E>(f).map_err(|_| ()))
            })
            .or_else(|()| wrong(de::Unexpected::Str(v), Self::EXPECTING))
    }
    fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
        Ok(v)
    }
    fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
        i64::try_from(v).or_else(|_| wrong(de::Unexpected::Unsigned(v), Self::EXPECTING))
    }
    fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
        if v.fract() == 0.0 && v.is_finite() && v >= i64::MIN as f64 && v <= i64::MAX as f64 {
            Ok(v as i64)
        } else {
            wrong(de::Unexpected::Float(v), Self::EXPECTING)
        }
    }
    fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> {
        wrong(de::Unexpected::Bool(v), Self::EXPECTING)
    }
}

impl Lenient for f64 {
    const EXPECTING: &'static str = "a number (or a numeric string)";
    fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
        v.trim()
            .parse::<f64>()
            .or_else(|_| wrong(de::Unexpected::Str(v), Self::EXPECTING))
    }
    fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
        Ok(v as f64)
    }
    fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
        Ok(v as f64)
    }
    fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
        Ok(v)
    }
    fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> {
        wrong(de::Unexpected::Bool(v), Self::EXPECTING)
    }
}

impl Lenient for bool {
    const EXPECTING: &'static str = "a boolean (or 0/1, \"true\"/\"false\")";
    fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
        match v.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => wrong(de::Unexpected::Str(v), Self::EXPECTING),
        }
    }
    fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => wrong(de::Unexpected::Signed(v), Self::EXPECTING),
        }
    }
    fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => wrong(de::Unexpected::Unsigned(v), Self::EXPECTING),
        }
    }
    fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
        wrong(de::Unexpected::Float(v), Self::EXPECTING)
    }
    fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> {
        Ok(v)
    }
}

/// The value itself, read leniently.
struct One<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for One<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_i64(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_u64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_f64(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::from_bool(v)
    }
}

/// A scalar read leniently, usable as an element type.
struct Item<T>(T);

impl<'de, T: Lenient> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(One::<T>(PhantomData)).map(Item)
    }
}

/// `deserialize_with` for a required scalar field.
pub fn scalar<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(One::<T>(PhantomData))
}

/// `deserialize_with` for an optional scalar field (null reads as `None`).
pub fn option<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
    Option::<Item<T>>::deserialize(d).map(|o| o.map(|Item(v)| v))
}

struct Many<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for Many<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}", T::EXPECTING)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Item(v)) = seq.next_element::<Item<T>>()? {
            out.push(v);
        }
        Ok(out)
    }
}

/// `deserialize_with` for a required list of scalars.
pub fn list<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(Many::<T>(PhantomData))
}

/// `deserialize_with` for an optional list of scalars.
pub fn option_list<'de, D: Deserializer<'de>, T: Lenient>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    struct L<T>(Vec<T>);
    impl<'de, T: Lenient> Deserialize<'de> for L<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            list(d).map(L)
        }
    }
    Option::<L<T>>::deserialize(d).map(|o| o.map(|L(v)| v))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(default, deserialize_with = "super::option")]
        s: Option<String>,
        #[serde(default, deserialize_with = "super::option")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "super::option")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "super::option")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "super::option_list")]
        l: Option<Vec<String>>,
        #[serde(deserialize_with = "super::scalar")]
        r: i64,
    }

    fn t(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn lossless_readings_are_accepted() {
        let v = t(r#"{"s": 401, "i": "12", "f": "1.5", "b": 1, "l": ["a", 2, true], "r": 3.0}"#)
            .unwrap();
        assert_eq!(
            v,
            T {
                s: Some("401".into()),
                i: Some(12),
                f: Some(1.5),
                b: Some(true),
                l: Some(vec!["a".into(), "2".into(), "true".into()]),
                r: 3
            }
        );
        let v = t(r#"{"s": null, "r": 1}"#).unwrap();
        assert_eq!(v.s, None);
        assert_eq!(v.l, None);
    }

    #[test]
    fn lossy_readings_are_refused() {
        assert!(t(r#"{"i": 1.5, "r": 1}"#).is_err());
        assert!(t(r#"{"s": {"a": 1}, "r": 1}"#).is_err());
        assert!(t(r#"{"b": 2, "r": 1}"#).is_err());
        assert!(t(r#"{"i": "x", "r": 1}"#).is_err());
        assert!(t(r#"{}"#).is_err(), "a required field stays required");
    }
}
