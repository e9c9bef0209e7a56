//! Choosing the variant of a generated union (`oneOf` / `anyOf`) for a JSON
//! value: by its tag when the union has one, else by the value's shape.
//! Generated `Deserialize` impls call these; the choice is made here, once,
//! in plain (non-generic) code.

use serde_json::Value;

/// What JSON a variant accepts.
#[derive(Debug, Clone, Copy)]
pub enum Accepts {
    Boolean,
    Integer,
    Number,
    String,
    /// An array whose items accept this.
    Array(&'static Accepts),
    /// An object: these keys must be present, these are known, and `open`
    /// says whether other keys are kept.
    Object {
        required: &'static [&'static str],
        known: &'static [&'static str],
        open: bool,
    },
    Any,
}

/// The tag of a tagged union's value: the string at `property`.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// How well a value fits a variant: lower is better, `None` is no fit.
fn fit(value: &Value, accepts: &Accepts) -> Option<(u8, usize)> {
    let (rank, matched) = fit_matched(value, accepts)?;
    Some((rank, usize::MAX - matched))
}

/// The fit's rank (lower is better) and how many object keys the variant
/// knows (more is better), summed over an array's items.
fn fit_matched(value: &Value, accepts: &Accepts) -> Option<(u8, usize)> {
    Some(match (value, accepts) {
        (Value::Bool(_), Accepts::Boolean) => (0, 0),
        (Value::Number(n), Accepts::Integer) if n.is_i64() || n.is_u64() => (0, 0),
        (Value::Number(n), Accepts::Number) if n.is_f64() => (0, 0),
        (Value::Number(_), Accepts::Number) => (1, 0),
        (Value::String(_), Accepts::String) => (0, 0),
        // An array fits when every item does (as well as its worst item).
        (Value::Array(items), Accepts::Array(item)) => {
            let (mut rank, mut matched) = (0, 0usize);
            for value in items {
                let (r, m) = fit_matched(value, item)?;
                rank = rank.max(r);
                matched = matched.saturating_add(m);
            }
            (rank, matched)
        }
        (
            Value::Object(map),
            Accepts::Object {
                required,
                known,
                open,
            },
        ) => {
            if !required.iter().all(|k| map.contains_key(*k)) {
                return None;
            }
            let matched = map.keys().filter(|k| known.contains(&k.as_str())).count();
            let unknown = map.len() - matched;
            // Every key kept beats keys dropped; then the most keys matched.
            let rank = if unknown == 0 || *open { 0 } else { 2 };
            (rank, matched)
        }
        (_, Accepts::Any) => (3, 0),
        _ => return None,
    })
}

/// The variants to try for `value`, best fit first: those whose shape fits
/// (an object keeping all its keys before one that would drop some, the
/// most specific first), then the rest in declaration order, so a value
/// that only decodes leniently (`"12"` for an integer) still finds its
/// variant.
pub fn candidates(value: &Value, variants: &[Accepts]) -> Vec<usize> {
    let mut fitting: Vec<((u8, usize), usize)> = variants
        .iter()
        .enumerate()
        .filter_map(|(i, a)| fit(value, a).map(|f| (f, i)))
        .collect();
    fitting.sort();
    let mut out: Vec<usize> = fitting.iter().map(|&(_, i)| i).collect();
    let rest: Vec<usize> = (0..variants.len()).filter(|i| !out.contains(i)).collect();
    out.extend(rest);
    out
}

/// The error when no variant decodes: the union's name and the start of the value.
pub fn no_variant(union: &str, value: &Value) -> serde_json::Error {
    let mut text = value.to_string();
    if text.len() > 120 {
        let mut cut = 117;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("...");
    }
    serde::de::Error::custom(format_args!("no variant of `{union}` matches {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RANGE: &[Accepts] = &[
        Accepts::Object {
            required: &["end", "type"],
            known: &["end", "type"],
            open: false,
        },
        Accepts::Object {
            required: &["end", "start", "type"],
            known: &["end", "start", "type"],
            open: false,
        },
        Accepts::Object {
            required: &["start", "type"],
            known: &["start", "type"],
            open: false,
        },
    ];

    #[test]
    fn the_variant_that_keeps_every_key_comes_first() {
        let v = json!({"type": "range", "start": 1.0, "end": 2.0});
        assert_eq!(candidates(&v, RANGE)[0], 1);
        let v = json!({"type": "range_to", "end": 2.0});
        assert_eq!(candidates(&v, RANGE)[0], 0);
    }

    #[test]
    fn arrays_go_to_the_variant_their_items_fit() {
        const LISTS: &[Accepts] = &[
            Accepts::String,
            Accepts::Array(&Accepts::String),
            Accepts::Array(&Accepts::Integer),
            Accepts::Array(&Accepts::Array(&Accepts::Integer)),
        ];
        assert_eq!(candidates(&json!(["a", "b"]), LISTS)[0], 1);
        assert_eq!(candidates(&json!([1, -2, 9]), LISTS)[0], 2);
        assert_eq!(candidates(&json!([[1], [2, 3]]), LISTS)[0], 3);
        // One item of another kind: no array variant fits, all are tried
        // in declaration order (the lenient reading may still succeed).
        assert_eq!(candidates(&json!([1, "a"]), LISTS), [0, 1, 2, 3]);
        // An empty array fits every array variant; the first one wins.
        assert_eq!(candidates(&json!([]), LISTS)[..3], [1, 2, 3]);
        // Items that are objects: the variant that keeps their keys first.
        const ROWS: &[Accepts] = &[Accepts::Array(&RANGE[0]), Accepts::Array(&RANGE[1])];
        let v = json!([{"type": "r", "start": 1, "end": 2}, {"type": "r", "start": 0, "end": 1}]);
        assert_eq!(candidates(&v, ROWS)[0], 1);
    }

    #[test]
    fn scalars_go_to_their_kind() {
        let kinds = [Accepts::String, Accepts::Number, Accepts::Integer];
        assert_eq!(candidates(&json!(3), &kinds), [2, 1, 0]);
        assert_eq!(candidates(&json!(3.5), &kinds), [1, 0, 2]);
        assert_eq!(candidates(&json!("3"), &kinds), [0, 1, 2]);
    }

    #[test]
    fn tags_and_errors() {
        assert_eq!(tag(&json!({"type": "a"}), "type"), Some("a"));
        assert_eq!(tag(&json!({"type": 1}), "type"), None);
        let e = no_variant("Pet", &json!({"x": "y".repeat(200)}));
        assert!(e
            .to_string()
            .starts_with("no variant of `Pet` matches {\"x\""));
        assert!(e.to_string().ends_with("..."));
    }
}
