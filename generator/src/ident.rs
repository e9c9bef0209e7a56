//! Identifier rules: the one place that turns spec names into Rust names.
//!
//! Every name the emitter prints was produced here during lowering: case
//! conversion (via `heck`), stripping of characters Rust cannot hold, leading
//! digits, keywords (raw identifiers, or a `_` suffix for the few keywords that
//! cannot be raw), and empty names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keep ASCII letters and digits; everything else becomes a word separator.
/// Apostrophes vanish rather than split ("user's" → "users").
fn words_only(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '\u{2019}' {
            // drop
        } else {
            out.push(' ');
        }
    }
    out
}

/// A `snake_case` identifier for fields, parameters, methods and modules.
/// Returns `fallback` when the name has no ASCII letter or digit at all.
pub fn snake(name: &str, fallback: &str) -> String {
    let mut s = words_only(name).to_snake_case();
    if s.is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    s
}

/// An `UpperCamelCase` identifier for types and variants.
pub fn pascal(name: &str, fallback: &str) -> String {
    let mut s = words_only(name).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    s
}

/// The text to print for an identifier: keywords become raw identifiers
/// (`r#type`), or get a `_` suffix when Rust has no raw form for them.
pub fn escape(ident: &str) -> String {
    if NOT_RAW.contains(&ident) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident) {
        format!("r#{ident}")
    } else {
        ident.to_string()
    }
}

/// True when `ident` must be printed raw (`r#…`).
pub fn is_raw(ident: &str) -> bool {
    KEYWORDS.contains(&ident) && !NOT_RAW.contains(&ident)
}

/// English singular of the last word of a snake/camel name, for array items
/// (`smart_links` → `smart_link`, `categories` → `category`).
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{}", &word[..word.len() - n], add);
    if lower.ends_with("ies") && word.len() > 4 {
        cut(3, "y")
    } else if ["sses", "shes", "ches", "xes", "zzes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        cut(2, "")
    } else if lower.ends_with('s')
        && !["ss", "us", "is", "os"].iter().any(|e| lower.ends_with(e))
        && word.len() > 3
    {
        cut(1, "")
    } else {
        word.to_string()
    }
}

/// Makes names unique within one scope, in order of arrival: the first keeps
/// its name, later ones get `_2`, `_3` (or `2`, `3` for type-case names).
#[derive(Debug, Default)]
pub struct Scope {
    taken: std::collections::BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserve names that may not be handed out.
    pub fn reserve(&mut self, names: &[&str]) {
        for n in names {
            self.taken.insert((*n).to_string());
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claim `name`, or the first free `name{sep}{n}` for n = 2, 3, ….
    pub fn claim(&mut self, name: &str, sep: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{name}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_table() {
        let table = [
            ("filter[status]", "filter_status"),
            ("page[size]", "page_size"),
            ("per-page", "per_page"),
            ("$attribute", "attribute"),
            ("*email", "email"),
            ("roles.*", "roles"),
            ("attachments[]", "attachments"),
            ("Front Camera", "front_camera"),
            ("2020-12-07", "n_2020_12_07"),
            ("smartLinkIds", "smart_link_ids"),
            ("_meta", "meta"),
            ("имя", "field"),
            ("", "field"),
            ("+1", "n_1"),
            ("user's", "users"),
        ];
        for (input, want) in table {
            assert_eq!(snake(input, "field"), want, "snake({input:?})");
        }
    }

    #[test]
    fn pascal_table() {
        let table = [
            ("smart link postbacks", "SmartLinkPostbacks"),
            ("Analytics - Financial", "AnalyticsFinancial"),
            ("Saved For Later (Messages)", "SavedForLaterMessages"),
            ("2fa", "N2fa"),
            ("", "Value"),
            ("http_method", "HttpMethod"),
        ];
        for (input, want) in table {
            assert_eq!(pascal(input, "Value"), want, "pascal({input:?})");
        }
    }

    #[test]
    fn escape_table() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("match"), "r#match");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("crate"), "crate_");
        assert_eq!(escape("super"), "super_");
        assert_eq!(escape("id"), "id");
        assert!(is_raw("async"));
        assert!(!is_raw("self"));
    }

    #[test]
    fn singular_table() {
        let table = [
            ("smart_links", "smart_link"),
            ("categories", "category"),
            ("boxes", "box"),
            ("matches", "match"),
            ("status", "status"),
            ("address", "address"),
            ("data", "data"),
            ("rows", "row"),
            ("Headers", "Header"),
            ("ids", "ids"),
            ("bus", "bus"),
        ];
        for (input, want) in table {
            assert_eq!(singular(input), want, "singular({input:?})");
        }
    }

    #[test]
    fn scope_claims_distinct_names() {
        let mut s = Scope::new();
        s.reserve(&["send"]);
        assert_eq!(s.claim("send", "_"), "send_2");
        assert_eq!(s.claim("list", "_"), "list");
        assert_eq!(s.claim("list", "_"), "list_2");
        assert_eq!(s.claim("list", "_"), "list_3");
        assert_eq!(s.claim("User", ""), "User");
        assert_eq!(s.claim("User", ""), "User2");
    }
}
