//! Reading spec text into a JSON tree.
//!
//! JSON goes through `serde_json` (fast); YAML through `serde_yaml` into a
//! `serde_yaml::Value`, then into a `serde_json::Value` by [`yaml_to_json`],
//! which stringifies non-string mapping keys (Scribe writes unquoted integer
//! property keys) and reports each as a warning. Nothing here knows OpenAPI.

use crate::{pointer, Error, Rule, Warning};
use serde_json::{Map, Number, Value};

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
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
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

fn key_to_string(key: serde_yaml::Value) -> Option<String> {
    Some(match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".to_string(),
        serde_yaml::Value::Tagged(t) => return key_to_string(t.value),
        serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_) => return None,
    })
}

fn yaml_to_json(
    value: serde_yaml::Value,
    path: &mut Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Number::from_f64(f).map(Value::Number).unwrap_or_else(|| {
                    warnings.push(Warning {
                        rule: Rule::NonFiniteNumber,
                        pointer: pointer::join(path),
                        message: format!("{f} has no JSON form; read as null"),
                    });
                    Value::Null
                })
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(
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
        serde_yaml::Value::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            // Status codes under `responses` are integers in most hand-written YAML: not worth a warning.
            let quiet = path.last().is_some_and(|p| p == "responses");
            for (k, v) in map {
                let is_string = matches!(k, serde_yaml::Value::String(_));
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
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value, path, warnings),
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
    fn json_is_read_in_order() {
        let mut w = Vec::new();
        let v = parse("s.json", "{\"b\": 1, \"a\": 2}", &mut w).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
    }
}
