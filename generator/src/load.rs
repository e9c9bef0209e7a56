//! Reading spec text into a JSON tree.
//!
//! JSON goes through `serde_json` (fast); YAML through `serde_yaml` into a
//! [`Node`] (YAML's data model, integers of any size included), then into a
//! `serde_json::Value` by [`yaml_to_json`], which stringifies non-string
//! mapping keys (Scribe writes unquoted integer property keys) and reports
//! each as a warning. Nothing here knows OpenAPI.

use crate::error::Error;
use crate::pointer;
use crate::rules::{Rule, Warning};
use serde::de::{
    Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};
use std::fmt;

/// A YAML value as `serde_yaml` reads it, but with integers beyond 64 bits
/// (which `serde_yaml::Value` refuses: OpenAI writes `-9223372036854776000`,
/// JavaScript's rendering of `i64::MIN`) and repeated keys kept for
/// [`yaml_to_json`] to judge. Tags are dropped.
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    /// An integer beyond 64 bits: its text.
    Big(String),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
                Ok(Node::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Node, E> {
                Ok(Node::Int(i))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Node, E> {
                Ok(Node::UInt(u))
            }
            fn visit_i128<E>(self, i: i128) -> Result<Node, E> {
                Ok(Node::Big(i.to_string()))
            }
            fn visit_u128<E>(self, u: u128) -> Result<Node, E> {
                Ok(Node::Big(u.to_string()))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Node, E> {
                Ok(Node::Float(f))
            }
            fn visit_str<E>(self, s: &str) -> Result<Node, E> {
                Ok(Node::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Node, E> {
                Ok(Node::Str(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Node::Map(entries))
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
                // A tagged value (`!foo bar`): the value.
                let (_tag, value): (String, _) = data.variant()?;
                value.newtype_variant()
            }
        }
        d.deserialize_any(V)
    }
}

/// Parse `text` as JSON when it looks like JSON, otherwise as YAML.
pub fn parse(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| Error {
            file: file.to_string(),
            pointer: String::new(),
            message: format!(
                "invalid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
        });
    }
    let yaml: Node = serde_yaml::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(" at line {} column {}", l.line(), l.column()))
            .unwrap_or_default();
        Error {
            file: file.to_string(),
            pointer: String::new(),
            message: format!("invalid YAML{at}: {e}"),
        }
    })?;
    let mut path = Vec::new();
    Ok(yaml_to_json(yaml, &mut path, warnings))
}

fn key_to_string(key: Node) -> Option<String> {
    Some(match key {
        Node::Str(s) => s,
        Node::Int(i) => i.to_string(),
        Node::UInt(u) => u.to_string(),
        Node::Big(text) => text,
        Node::Float(f) => serde_yaml::Number::from(f).to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".to_string(),
        Node::Seq(_) | Node::Map(_) => return None,
    })
}

/// An integer beyond 64 bits, as the nearest JSON number: JavaScript prints
/// `i64::MIN` as `-9223372036854776000`, which is `i64::MIN` again.
fn big_integer(text: &str) -> Number {
    let f: f64 = text.parse().unwrap_or(0.0);
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO_63..TWO_63).contains(&f) {
        Number::from(f as i64)
    } else if (0.0..=2.0 * TWO_63).contains(&f) {
        Number::from(f as u64)
    } else {
        Number::from_f64(f).unwrap_or_else(|| Number::from(0))
    }
}

fn yaml_to_json(value: Node, path: &mut Vec<String>, warnings: &mut Vec<Warning>) -> Value {
    match value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => Value::Number(i.into()),
        Node::UInt(u) => Value::Number(u.into()),
        Node::Big(text) => {
            let n = big_integer(&text);
            warnings.push(Warning {
                rule: Rule::BigInteger,
                pointer: pointer::join(path),
                message: format!("integer {text} does not fit in 64 bits; read as {n}"),
            });
            Value::Number(n)
        }
        Node::Float(f) => Number::from_f64(f).map(Value::Number).unwrap_or_else(|| {
            warnings.push(Warning {
                rule: Rule::NonFiniteNumber,
                pointer: pointer::join(path),
                message: format!("{f} has no JSON form; read as null"),
            });
            Value::Null
        }),
        Node::Str(s) => Value::String(s),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    path.push(i.to_string());
                    let out = yaml_to_json(v, path, warnings);
                    path.pop();
                    out
                })
                .collect(),
        ),
        Node::Map(map) => {
            let mut out = Map::with_capacity(map.len());
            // Status codes under `responses` are integers in most hand-written YAML: not worth a warning.
            let quiet = path.last().is_some_and(|p| p == "responses");
            for (k, v) in map {
                let is_string = matches!(k, Node::Str(_));
                let Some(key) = key_to_string(k) else {
                    warnings.push(Warning {
                        rule: Rule::ComplexKey,
                        pointer: pointer::join(path),
                        message: "a mapping key is itself a list or mapping; entry dropped".into(),
                    });
                    continue;
                };
                if !is_string && !quiet {
                    path.push(key.clone());
                    warnings.push(Warning {
                        rule: Rule::NonStringKey,
                        pointer: pointer::join(path),
                        message: format!(
                            "key `{key}` is not a string in YAML; read as the string \"{key}\""
                        ),
                    });
                    path.pop();
                }
                path.push(key.clone());
                let v = yaml_to_json(v, path, warnings);
                path.pop();
                if out.insert(key.clone(), v).is_some() {
                    path.push(key.clone());
                    warnings.push(Warning {
                        rule: Rule::DuplicateKey,
                        pointer: pointer::join(path),
                        message: "key appears twice; the last one wins".into(),
                    });
                    path.pop();
                }
            }
            Value::Object(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_become_strings_with_a_warning() {
        let mut w = Vec::new();
        let v = parse("t.yaml", "properties:\n  1:\n    type: string\n", &mut w).unwrap();
        assert!(v["properties"]["1"].is_object());
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].rule, Rule::NonStringKey);
        assert_eq!(w[0].pointer, "/properties/1");
    }

    #[test]
    fn response_codes_are_quietly_strings() {
        let mut w = Vec::new();
        let v = parse(
            "t.yaml",
            "responses:\n  200:\n    description: ok\n",
            &mut w,
        )
        .unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
        assert!(w.is_empty());
    }

    #[test]
    fn bad_yaml_names_file_and_line() {
        let mut w = Vec::new();
        let e = parse("spec.yaml", "a: [1, 2\nb: c", &mut w).unwrap_err();
        assert_eq!(e.file, "spec.yaml");
        assert!(e.message.contains("line"), "{}", e.message);
    }

    #[test]
    fn integers_beyond_64_bits_are_read_as_the_nearest_number() {
        let mut w = Vec::new();
        let v = parse(
            "t.yaml",
            "min: -9223372036854776000\nmax: 18446744073709551616\ntag: !x 3\n",
            &mut w,
        )
        .unwrap();
        assert_eq!(v["min"], serde_json::json!(i64::MIN));
        assert_eq!(v["max"], serde_json::json!(u64::MAX));
        assert_eq!(v["tag"], 3);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].rule, Rule::BigInteger);
        assert_eq!(w[0].pointer, "/min");
    }

    #[test]
    fn json_is_read_in_order() {
        let mut w = Vec::new();
        let v = parse("s.json", "{\"b\": 1, \"a\": 2}", &mut w).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
    }
}
