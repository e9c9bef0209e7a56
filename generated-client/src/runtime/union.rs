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
    /// The values an enum lists, of this kind: tried before a variant that
    /// takes any value of the kind (the enum keeps others in its `Unknown`,
    /// so the choice between them is made by [`untagged`]'s fallback check).
    Listed(&'static Accepts),
    /// An object: these keys must be present, these are known, and `open`
    /// says whether other keys are kept.
    Object {
        required: &'static [&'static str],
        known: &'static [&'static str],
        open: bool,
    },
    Any,
}

/// The tag of a tagged union's value: the string at `property`, or an
/// integer's decimal text (a tag may be `enum: [2]`).
pub fn tag(value: &Value, property: &str) -> Option<String> {
    match value.get(property)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// Decode an untagged union: try the variants whose shape fits first
/// ([`candidates`]), each with `decode(variant index, value)`; the first
/// that reads the value without a fallback wins (see
/// [`super::fallback`]), else the first that reads it at all.
pub fn untagged<T>(
    value: &Value,
    variants: &[Accepts],
    union: &str,
    decode: impl Fn(usize, &Value) -> Option<Result<T, serde_json::Error>>,
) -> Result<T, serde_json::Error> {
    let mut loose: Option<(T, Vec<String>)> = None;
    for i in candidates(value, variants) {
        let (decoded, fell) = super::fallback::recording(|| decode(i, value));
        match decoded {
            Some(Ok(v)) if fell.is_empty() => return Ok(v),
            Some(Ok(v)) if loose.is_none() => loose = Some((v, fell)),
            _ => {}
        }
    }
    match loose {
        Some((v, fell)) => {
            super::fallback::replay(fell);
            Ok(v)
        }
        None => Err(no_variant(union, value)),
    }
}

/// How well a value fits a variant: lower is better, `None` is no fit.
/// The fit's rank, then an enum before any value of its kind, then the
/// most object keys known.
fn fit(value: &Value, accepts: &Accepts) -> Option<(u8, u8, usize)> {
    let (accepts, listed) = match accepts {
        Accepts::Listed(of) => (*of, 0),
        other => (other, 1),
    };
    let (rank, matched) = fit_matched(value, accepts)?;
    Some((rank, listed, usize::MAX - matched))
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
        (_, Accepts::Listed(of)) => fit_matched(value, of)?,
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
    let mut fitting: Vec<((u8, u8, usize), usize)> = variants
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

    /// A string enum with two values and a fallback, as generated.
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Blue,
        Unknown(String),
    }
    fn color(s: &str) -> Color {
        match s {
            "red" => Color::Red,
            "blue" => Color::Blue,
            other => {
                super::super::fallback::note("Color", other);
                Color::Unknown(other.into())
            }
        }
    }
    #[derive(Debug, PartialEq)]
    enum Either {
        Color(Color),
        Text(String),
    }

    #[test]
    fn the_variant_that_reads_without_a_fallback_wins() {
        const BOTH: &[Accepts] = &[Accepts::String, Accepts::String];
        // Declared first, but `green` would be the enum's `Unknown`.
        let decode = |i: usize, v: &Value| -> Option<Result<Either, serde_json::Error>> {
            let s = v.as_str()?.to_string();
            Some(Ok(match i {
                0 => Either::Color(color(&s)),
                _ => Either::Text(s),
            }))
        };
        let red = untagged(&json!("red"), BOTH, "Either", decode).unwrap();
        assert_eq!(red, Either::Color(Color::Red));
        let green = untagged(&json!("green"), BOTH, "Either", decode).unwrap();
        assert_eq!(green, Either::Text("green".into()));
        // Only a variant with a fallback reads it: kept, and the fallback
        // is seen by an enclosing recording.
        const ONE: &[Accepts] = &[Accepts::String];
        let (kept, fell) =
            super::super::fallback::recording(|| untagged(&json!("green"), ONE, "Either", decode));
        assert_eq!(kept.unwrap(), Either::Color(Color::Unknown("green".into())));
        assert_eq!(fell, ["Color kept green"]);
        let none = untagged(&json!(1), ONE, "Either", decode).unwrap_err();
        assert!(
            none.to_string().contains("no variant of `Either`"),
            "{none}"
        );
    }

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
    fn an_enum_is_tried_before_any_string() {
        let kinds = [Accepts::String, Accepts::Listed(&Accepts::String)];
        assert_eq!(candidates(&json!("red"), &kinds), [1, 0]);
        let ints = [
            Accepts::Integer,
            Accepts::Number,
            Accepts::Listed(&Accepts::Integer),
        ];
        assert_eq!(candidates(&json!(2), &ints), [2, 0, 1]);
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
        assert_eq!(tag(&json!({"type": "a"}), "type").as_deref(), Some("a"));
        assert_eq!(tag(&json!({"type": 2}), "type").as_deref(), Some("2"));
        assert_eq!(tag(&json!({"type": 1.5}), "type"), None);
        let e = no_variant("Pet", &json!({"x": "y".repeat(200)}));
        assert!(e
            .to_string()
            .starts_with("no variant of `Pet` matches {\"x\""));
        assert!(e.to_string().ends_with("..."));
    }
}
