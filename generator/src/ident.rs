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

/// The ASCII letter of an accented Latin letter (`é` → `e`, `ß` → `ss`).
fn fold(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("ÀÁÂÃÄÅĀĂĄ", "A"),
        ("çćĉċč", "c"),
        ("ÇĆĈĊČ", "C"),
        ("ďđ", "d"),
        ("ĎĐ", "D"),
        ("èéêëēĕėęě", "e"),
        ("ÈÉÊËĒĔĖĘĚ", "E"),
        ("ĝğġģ", "g"),
        ("ĜĞĠĢ", "G"),
        ("ìíîïĩīĭįı", "i"),
        ("ÌÍÎÏĨĪĬĮİ", "I"),
        ("ñńņňŉ", "n"),
        ("ÑŃŅŇ", "N"),
        ("òóôõöøōŏő", "o"),
        ("ÒÓÔÕÖØŌŎŐ", "O"),
        ("ŕŗř", "r"),
        ("ŔŖŘ", "R"),
        ("śŝşšș", "s"),
        ("ŚŜŞŠȘ", "S"),
        ("ţťțŧ", "t"),
        ("ŢŤȚŦ", "T"),
        ("ùúûüũūŭůűų", "u"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
        ("ýÿŷ", "y"),
        ("ÝŸŶ", "Y"),
        ("źżž", "z"),
        ("ŹŻŽ", "Z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("Æ", "Ae"),
        ("œ", "oe"),
        ("Œ", "Oe"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

/// Keep ASCII letters and digits (accented Latin letters folded to ASCII);
/// everything else becomes a word separator. Apostrophes vanish rather than
/// split ("user's" → "users"); a leading `+`/`-` before a digit reads as
/// `plus`/`minus` (GitHub's `+1` and `-1` reactions).
fn words_only(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    if let Some(&sign @ ('+' | '-')) = chars.peek() {
        let mut rest = name.chars().skip(1);
        if rest.next().is_some_and(|c| c.is_ascii_digit()) {
            out.push_str(if sign == '+' { "plus " } else { "minus " });
            chars.next();
        }
    }
    for c in chars {
        if let Some(ascii) = fold(c) {
            out.push_str(ascii);
        } else if c.is_ascii_alphanumeric() {
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
    /// A keyword Rust has no raw form for (`self`) is claimed as `self_`, so
    /// every claimed name is the name the code prints (raw prefix aside).
    pub fn claim(&mut self, name: &str, sep: &str) -> String {
        let printable;
        let name = if NOT_RAW.contains(&name) {
            printable = format!("{name}_");
            printable.as_str()
        } else {
            name
        };
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
            ("user's", "users"),
            ("Ünïcödé", "unicode"),
            ("straße", "strasse"),
            ("-1", "minus_1"),
            ("+1", "plus_1"),
            ("-x", "x"),
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
