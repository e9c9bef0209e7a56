//! Editing `spec/PROVENANCE.md`: pure text in, text out.
//!
//! Only two lines are ours; everything else in the file is kept as written:
//! - the line holding ``SHA-256: `<hex>` ``, whose hex is replaced;
//! - the line starting with `Fetched:` (after an optional list marker),
//!   replaced by `Fetched: <url> on <YYYY-MM-DD>`, or added right after the
//!   SHA-256 line (with the same list marker) when missing.

use std::time::{SystemTime, UNIX_EPOCH};

const SHA_MARKER: &str = "SHA-256: `";
const FETCHED_MARKER: &str = "Fetched:";

/// The provenance text after a fetch of `url` on `date` that produced a
/// snapshot hashing to `sha256`. `old` is `None` when there is no file yet.
pub(crate) fn update(old: Option<&str>, sha256: &str, url: &str, date: &str) -> String {
    let fetched = format!("{FETCHED_MARKER} {url} on {date}");
    let Some(old) = old.filter(|old| !old.trim().is_empty()) else {
        return format!(
            "# Provenance of `spec/openapi.yaml`\n\n\
             A snapshot of the OnlyFans API's OpenAPI document, replaced only by \
             `cargo xtask fetch`.\n\n\
             - {fetched}\n\
             - {SHA_MARKER}{sha256}`\n"
        );
    };

    let mut lines: Vec<String> = old.lines().map(str::to_owned).collect();

    let sha_line = lines.iter().position(|line| line.contains(SHA_MARKER));
    let sha_line = match sha_line {
        Some(index) => {
            let line = &lines[index];
            let start = line.find(SHA_MARKER).expect("found above") + SHA_MARKER.len();
            let end = line[start..]
                .find('`')
                .map_or(line.len(), |end| start + end);
            let rest = line.get(end + 1..).unwrap_or("");
            lines[index] = format!("{}{sha256}`{rest}", &line[..start]);
            index
        }
        None => {
            if lines.last().is_some_and(|line| !line.trim().is_empty()) {
                lines.push(String::new());
            }
            lines.push(format!("- {SHA_MARKER}{sha256}`"));
            lines.len() - 1
        }
    };

    match lines.iter().position(|line| fetched_prefix(line).is_some()) {
        Some(index) => {
            let prefix = fetched_prefix(&lines[index]).expect("found above");
            lines[index] = format!("{prefix}{fetched}");
        }
        None => {
            let sha = &lines[sha_line];
            let marker = sha
                .trim_start()
                .chars()
                .next()
                .filter(|c| "-*+".contains(*c));
            let indent = &sha[..sha.len() - sha.trim_start().len()];
            let prefix = match marker {
                Some(marker) => format!("{indent}{marker} "),
                None => indent.to_owned(),
            };
            lines.insert(sha_line + 1, format!("{prefix}{fetched}"));
        }
    }

    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// For a `Fetched:` line, what stands before the marker (indent, list marker).
fn fetched_prefix(line: &str) -> Option<&str> {
    let at = line.find(FETCHED_MARKER)?;
    let prefix = &line[..at];
    prefix
        .chars()
        .all(|c| c.is_whitespace() || "-*+>".contains(c))
        .then_some(prefix)
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub(crate) fn utc_today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Proleptic Gregorian date of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "abc123";
    const URL: &str = "https://example.test/openapi.yaml";
    const DATE: &str = "2025-01-02";

    #[test]
    fn replaces_both_lines_and_keeps_the_rest() {
        let old = "# Provenance\n\nSome prose.\n\n- Source: the API docs\n- Fetched: http://old on 2020-01-01\n- SHA-256: `deadbeef` (of the file as committed)\n\nMore prose.\n";
        let new = update(Some(old), SHA, URL, DATE);
        assert_eq!(
            new,
            "# Provenance\n\nSome prose.\n\n- Source: the API docs\n- Fetched: https://example.test/openapi.yaml on 2025-01-02\n- SHA-256: `abc123` (of the file as committed)\n\nMore prose.\n"
        );
    }

    #[test]
    fn adds_a_fetched_line_after_the_sha_line() {
        let table = [
            (
                "Intro\n- SHA-256: `00`\nEnd\n",
                "Intro\n- SHA-256: `abc123`\n- Fetched: https://example.test/openapi.yaml on 2025-01-02\nEnd\n",
            ),
            (
                "  * SHA-256: `00`",
                "  * SHA-256: `abc123`\n  * Fetched: https://example.test/openapi.yaml on 2025-01-02\n",
            ),
            (
                "SHA-256: `00`\n",
                "SHA-256: `abc123`\nFetched: https://example.test/openapi.yaml on 2025-01-02\n",
            ),
        ];
        for (old, expected) in table {
            assert_eq!(update(Some(old), SHA, URL, DATE), expected, "{old:?}");
        }
    }

    #[test]
    fn adds_a_sha_line_when_missing() {
        let new = update(Some("# Provenance\nprose\n"), SHA, URL, DATE);
        assert_eq!(
            new,
            "# Provenance\nprose\n\n- SHA-256: `abc123`\n- Fetched: https://example.test/openapi.yaml on 2025-01-02\n"
        );
    }

    #[test]
    fn unterminated_sha_is_replaced_to_end_of_line() {
        let new = update(Some("SHA-256: `0123\nFetched: x\n"), SHA, URL, DATE);
        assert_eq!(
            new,
            "SHA-256: `abc123`\nFetched: https://example.test/openapi.yaml on 2025-01-02\n"
        );
    }

    #[test]
    fn prose_mentioning_fetched_is_not_the_fetched_line() {
        let old = "It was Fetched: by hand.\n- SHA-256: `00`\n";
        let new = update(Some(old), SHA, URL, DATE);
        assert!(new.starts_with("It was Fetched: by hand.\n"), "{new}");
        assert!(new.contains("- Fetched: https://example.test"), "{new}");
    }

    #[test]
    fn new_file_has_both_lines() {
        for old in [None, Some(""), Some("\n")] {
            let new = update(old, SHA, URL, DATE);
            assert!(new.contains("\n- SHA-256: `abc123`\n"), "{new}");
            assert!(new.contains("\n- Fetched: https://example.test/openapi.yaml on 2025-01-02\n"));
        }
    }

    #[test]
    fn update_is_idempotent() {
        let once = update(Some("- SHA-256: `00`\n"), SHA, URL, DATE);
        assert_eq!(update(Some(&once), SHA, URL, DATE), once);
    }

    #[test]
    fn civil_dates() {
        let table = [
            (0, (1970, 1, 1)),
            (-1, (1969, 12, 31)),
            (11_016, (2000, 2, 29)),
            (11_017, (2000, 3, 1)),
            (19_723, (2024, 1, 1)),
            (19_782, (2024, 2, 29)),
            (20_088, (2024, 12, 31)),
        ];
        for (days, date) in table {
            assert_eq!(civil_from_days(days), date, "{days}");
        }
        let today = utc_today();
        assert_eq!(today.len(), 10, "{today}");
        assert!(today.as_str() > "2024-01-01", "{today}");
    }
}
