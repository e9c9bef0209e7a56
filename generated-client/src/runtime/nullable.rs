//! [`Nullable`]: a field that may be absent, null or a value, three
//! different things on the wire.
//!
//! A generated struct that users build (one reached from a request) types an
//! optional field the schema lets be `null` as `Nullable<T>` instead of
//! `Option<T>`: an `Option` has one `None` for two messages, "leave it as it
//! is" (the key left out) and "clear it" (the key sent as `null`), and a
//! PATCH needs both. Structs the API only sends keep `Option<T>`.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

/// An optional field that may also be `null`: [`Absent`](Self::Absent) (the
/// key is left out, the default), [`Null`](Self::Null) (sent as `null`) or
/// [`Value`](Self::Value).
///
/// ```ignore
/// let mut url: Nullable<String> = Nullable::default(); // absent: left unchanged
/// assert!(url.is_absent());
/// url = "https://example.com/hook".into(); // a value
/// assert_eq!(url.value().map(String::as_str), Some("https://example.com/hook"));
/// url = Nullable::Null; // sent as `null`: cleared
/// assert!(url.is_null());
/// ```
///
/// There is no `From<Option<T>>`: `None` would have to pick one of
/// "absent" and "null", the very choice this type makes explicit. Write
/// `option.map_or(Nullable::Null, Nullable::Value)` (or `Absent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent: the key is left out of the object (read: the key was not there).
    #[default]
    Absent,
    /// Sent as `null` (read: the key was there, with `null`).
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The key is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The key is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (absent and null are both `None`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one (absent and null are both `None`).
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A reference to the value, keeping absent and null apart.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// The value changed by `f`; absent and null stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

/// A value is written as itself, `Null` as `null`. A struct leaves an
/// `Absent` field out; written anywhere else (alone, in a list), it is
/// `null` too.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => serializer.serialize_some(v),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// `null` reads as `Null`, anything else as a value (through `Option`'s
/// reading, so the lenient reader reaches the value). A struct whose key is
/// missing leaves its field `Absent`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;
    use serde_json::json;

    #[test]
    fn three_states_and_their_accessors() {
        let absent: Nullable<i64> = Nullable::default();
        assert!(absent.is_absent() && !absent.is_null());
        assert_eq!(absent.value(), None);
        let null: Nullable<i64> = Nullable::Null;
        assert!(null.is_null() && !null.is_absent());
        assert_eq!(null.into_value(), None);
        let seven = Nullable::from(7);
        assert_eq!(seven.value(), Some(&7));
        assert_eq!(seven.map(|v| v * 2), Nullable::Value(14));
        assert_eq!(seven.as_ref(), Nullable::Value(&7));
        assert_eq!(Nullable::<String>::from("a"), Nullable::Value("a".into()));
    }

    #[test]
    fn null_and_values_read_and_write_as_such() {
        let read = |v| serde_json::from_value::<Nullable<i64>>(v).unwrap();
        assert_eq!(read(json!(null)), Nullable::Null);
        assert_eq!(read(json!(3)), Nullable::Value(3));
        // The lenient reader reaches the value.
        let lenient: Nullable<i64> = crate::runtime::lenient::from_value(&json!("4")).unwrap();
        assert_eq!(lenient, Nullable::Value(4));
        assert_eq!(serde_json::to_value(Nullable::Value(3)).unwrap(), json!(3));
        assert_eq!(
            serde_json::to_value(Nullable::<i64>::Null).unwrap(),
            json!(null)
        );
        // Alone or in a list, absent has no key to leave out: null.
        let list = vec![Nullable::Absent, Nullable::Value(1)];
        assert_eq!(serde_json::to_value(list).unwrap(), json!([null, 1]));
        assert!(serde_json::from_value::<Nullable<i64>>(json!("x")).is_err());
    }
}
