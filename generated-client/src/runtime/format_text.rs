//! The text of the typed string formats (`date-time`, `date`, `time`,
//! `uuid`, `byte`): which strings the runtime's `DateTime`, `Date`, `Time`,
//! `Uuid` and `Base64` read, the parts a string is made of, how it was
//! spelled, and how to write those parts back, character for character.
//!
//! This is the one lexical grammar of those formats. It is plain std (no
//! chrono, no uuid), because the generator compiles this same file: its
//! validator asks it whether our types can read a documented example, and
//! its instance drawer writes base64 with it. What the runtime reads and
//! what the generator expects it to read cannot disagree.
//!
//! What is read: the forms APIs send, not only RFC 3339.
//!
//! - date: `YYYY-MM-DD`, a real calendar date (February 29th in leap years only).
//! - time: `hh:mm:ss` (`ss` up to 60, a leap second), then a fraction of
//!   any length (digits past the ninth must be zeros: nanoseconds are what
//!   is kept), or `hh:mm` without seconds (Laravel's `H:i`), then a zone: `Z`, `z`, `+hh:mm`, `+hhmm`, `+hh` (or `-`), or
//!   none at all (a local, wall-clock time).
//! - date-time: a date, `T`, `t` or a space, a time. Laravel's
//!   `2024-01-31 21:45:00` is a date-time without offset, kept that way.
//! - uuid: 32 hex digits in either case, hyphenated `8-4-4-4-12` (also in
//!   braces or after `urn:uuid:`) or not.
//! - byte: base64 in the standard (`+/`) or URL-safe (`-_`) alphabet, padded
//!   or not; the bits the last character has beyond the data must be zero
//!   (else two texts would hold the same bytes and one could not come back).
//!
//! Every spelling choice a text makes (separator, zone form, fraction
//! digits, letter case, alphabet, padding) is kept in the parts, so writing
//! them gives the text that was read.

use std::fmt::{self, Write};

/// A calendar date: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// 0 to 9999 when read; a date built in Rust may have any year (written
    /// with a sign beyond four digits, as ISO 8601's expanded form does).
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A time of day: `hh:mm:ss` and its fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub hour: u32,
    pub minute: u32,
    /// 0 to 60 (60: a leap second).
    pub second: u32,
    /// The fraction of the second, in nanoseconds.
    pub nanos: u32,
    /// How many digits the fraction was written with (0: no fraction).
    /// Past the ninth, the digits are zeros.
    pub digits: u8,
    /// `:ss` was written (`hh:mm` has none: its seconds are zero, and it
    /// has no fraction).
    pub seconds: bool,
}

/// A time zone as written, with the offset it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// None: a local (wall-clock) time without offset.
    Local,
    /// UTC: `Z`, or `z` when `lower`.
    Utc { lower: bool },
    /// An offset from UTC, written in `form`; `negative` keeps the minus of
    /// `-00:00` (RFC 3339: UTC, local offset unknown).
    Offset {
        negative: bool,
        hours: u32,
        minutes: u32,
        form: OffsetForm,
    },
}

/// How an offset is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OffsetForm {
    /// `+hh:mm` (RFC 3339).
    Colon,
    /// `+hhmm`.
    Compact,
    /// `+hh`.
    Hours,
}

impl Zone {
    /// Minutes east of UTC; `None` for a local time.
    pub fn offset_minutes(self) -> Option<i32> {
        match self {
            Zone::Local => None,
            Zone::Utc { .. } => Some(0),
            Zone::Offset {
                negative,
                hours,
                minutes,
                ..
            } => {
                let m = (hours * 60 + minutes) as i32;
                Some(if negative { -m } else { m })
            }
        }
    }

    /// How RFC 3339 writes an offset of `minutes` east of UTC: `Z` when
    /// there is none, else `+hh:mm`.
    pub fn rfc3339(minutes: i32) -> Zone {
        if minutes == 0 {
            return Zone::Utc { lower: false };
        }
        let m = minutes.unsigned_abs();
        Zone::Offset {
            negative: minutes < 0,
            hours: m / 60,
            minutes: m % 60,
            form: OffsetForm::Colon,
        }
    }
}

/// A date-time: a date, a separator, a time of day and a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub date: Date,
    /// `T`, `t` or a space.
    pub separator: char,
    pub clock: Clock,
    pub zone: Zone,
}

/// A time of day with its zone (or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    pub clock: Clock,
    pub zone: Zone,
}

/// How a UUID is written (its letters' case aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UuidForm {
    /// `67e55044-10b1-426f-9247-bb680e5fe0c8`.
    Hyphenated,
    /// `67e5504410b1426f9247bb680e5fe0c8`.
    Simple,
    /// `{67e55044-10b1-426f-9247-bb680e5fe0c8}`.
    Braced,
    /// `urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8`.
    Urn,
}

/// A UUID as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uuid {
    pub bytes: [u8; 16],
    pub form: UuidForm,
    /// Bit `i` set: the `i`-th hex digit is an upper-case letter.
    pub upper: u32,
}

/// How base64 is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Base64Form {
    /// `-_` instead of `+/`.
    pub url_safe: bool,
    /// With `=` padding to a multiple of four characters.
    pub padded: bool,
}

impl Base64Form {
    /// RFC 4648's base64: standard alphabet, padded.
    pub const STANDARD: Base64Form = Base64Form {
        url_safe: false,
        padded: true,
    };
}

/// The number written by the first `n` bytes of `b`, if they are all digits.
fn number(b: &[u8], n: usize) -> Option<u32> {
    b.get(..n)?.iter().try_fold(0u32, |acc, d| {
        d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD`, a date of the calendar.
pub fn date(t: &str) -> Option<Date> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = number(b, 4)? as i32;
    let (month, day) = (number(&b[5..], 2)?, number(&b[8..], 2)?);
    let valid = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then_some(Date { year, month, day })
}

/// A time of day and its zone: `hh:mm:ss`, a fraction, a zone (or none).
pub fn time(t: &str) -> Option<Time> {
    let (clock, rest) = clock(t.as_bytes())?;
    Some(Time {
        clock,
        zone: zone(rest)?,
    })
}

/// A date-time: `YYYY-MM-DD`, `T`, `t` or a space, then a [`time`].
pub fn date_time(t: &str) -> Option<DateTime> {
    let b = t.as_bytes();
    let separator = match b.get(10)? {
        b'T' => 'T',
        b't' => 't',
        b' ' => ' ',
        _ => return None,
    };
    let date = date(&t[..10])?;
    let (clock, rest) = clock(&b[11..])?;
    Some(DateTime {
        date,
        separator,
        clock,
        zone: zone(rest)?,
    })
}

/// `hh:mm:ss` and an optional fraction (or `hh:mm`) at the start of `b`,
/// and what follows.
fn clock(b: &[u8]) -> Option<(Clock, &[u8])> {
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let (hour, minute) = (number(b, 2)?, number(&b[3..], 2)?);
    let seconds = b.get(5) == Some(&b':');
    let second = match seconds {
        true if b.len() >= 8 => number(&b[6..], 2)?,
        true => return None,
        false => 0,
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut clock = Clock {
        hour,
        minute,
        second,
        nanos: 0,
        digits: 0,
        seconds,
    };
    let mut rest = &b[if seconds { 8 } else { 5 }..];
    if !seconds {
        return Some((clock, rest));
    }
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
        let (kept, past) = fraction[..n].split_at(n.min(9));
        if n == 0 || past.iter().any(|d| *d != b'0') {
            return None;
        }
        clock.digits = u8::try_from(n).ok()?;
        clock.nanos = number(kept, kept.len())? * 10u32.pow(9 - kept.len() as u32);
        rest = &fraction[n..];
    }
    Some((clock, rest))
}

/// A whole zone: nothing, `Z`, `z`, or `±hh:mm`, `±hhmm`, `±hh`.
fn zone(b: &[u8]) -> Option<Zone> {
    let (negative, rest) = match b {
        [] => return Some(Zone::Local),
        [b'Z'] => return Some(Zone::Utc { lower: false }),
        [b'z'] => return Some(Zone::Utc { lower: true }),
        [b'+', rest @ ..] => (false, rest),
        [b'-', rest @ ..] => (true, rest),
        _ => return None,
    };
    let (minutes, form) = match rest {
        [_, _] => (0, OffsetForm::Hours),
        [_, _, _, _] => (number(&rest[2..], 2)?, OffsetForm::Compact),
        [_, _, b':', _, _] => (number(&rest[3..], 2)?, OffsetForm::Colon),
        _ => return None,
    };
    let hours = number(rest, 2)?;
    (hours <= 23 && minutes <= 59).then_some(Zone::Offset {
        negative,
        hours,
        minutes,
        form,
    })
}

/// Where the hyphens of a hyphenated UUID are.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// A UUID: 32 hex digits, hyphenated (bare, braced, or after `urn:uuid:`) or not.
pub fn uuid(t: &str) -> Option<Uuid> {
    let (form, body) = if let Some(b) = t.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        (UuidForm::Braced, b)
    } else if let Some(b) = t.strip_prefix("urn:uuid:") {
        (UuidForm::Urn, b)
    } else if t.len() == 32 {
        (UuidForm::Simple, t)
    } else {
        (UuidForm::Hyphenated, t)
    };
    let b = body.as_bytes();
    let hyphenated = form != UuidForm::Simple;
    if b.len() != if hyphenated { 36 } else { 32 } {
        return None;
    }
    let digits = b
        .iter()
        .enumerate()
        .filter(|(i, c)| !(hyphenated && HYPHENS.contains(i) && **c == b'-'))
        .map(|(_, c)| *c);
    let (mut bytes, mut upper, mut count) = ([0u8; 16], 0u32, 0usize);
    for (i, c) in digits.enumerate() {
        let value = char::from(c).to_digit(16)? as u8;
        if i >= 32 {
            return None;
        }
        bytes[i / 2] |= if i % 2 == 0 { value << 4 } else { value };
        if c.is_ascii_uppercase() {
            upper |= 1 << i;
        }
        count += 1;
    }
    (count == 32).then_some(Uuid { bytes, form, upper })
}

/// The value of a base64 character (either alphabet).
fn sextet(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    }))
}

/// Base64 text: its bytes and how it was written. One alphabet only;
/// padding, when there is any, completes the last group exactly.
pub fn base64(t: &str) -> Option<(Vec<u8>, Base64Form)> {
    let b = t.as_bytes();
    let pad = b.iter().rev().take_while(|c| **c == b'=').count();
    let body = &b[..b.len() - pad];
    let rest = body.len() % 4;
    if rest == 1 || (pad > 0 && rest + pad != 4) {
        return None;
    }
    let standard = body.iter().any(|c| matches!(c, b'+' | b'/'));
    let url_safe = body.iter().any(|c| matches!(c, b'-' | b'_'));
    if standard && url_safe {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    for group in body.chunks(4) {
        let mut n = 0u32;
        for (i, c) in group.iter().enumerate() {
            n |= sextet(*c)? << (18 - 6 * i);
        }
        let keep = group.len() - 1;
        // The bits past the last byte: zero, or the text is not the one we would write.
        if n & ((1 << (24 - 8 * keep)) - 1) != 0 {
            return None;
        }
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8][..keep]);
    }
    let padded = pad > 0 || rest == 0;
    Some((out, Base64Form { url_safe, padded }))
}

/// `YYYY-MM-DD` (a year beyond four digits, or before year 0, with its sign).
pub fn write_date(out: &mut impl Write, d: Date) -> fmt::Result {
    if (0..=9999).contains(&d.year) {
        write!(out, "{:04}", d.year)?;
    } else {
        write!(out, "{:+05}", d.year)?;
    }
    write!(out, "-{:02}-{:02}", d.month, d.day)
}

/// `hh:mm:ss`, and the fraction in as many digits as it was written with
/// (`hh:mm` when it was written without seconds).
pub fn write_clock(out: &mut impl Write, c: Clock) -> fmt::Result {
    if !c.seconds && c.second == 0 && c.nanos == 0 {
        return write!(out, "{:02}:{:02}", c.hour, c.minute);
    }
    write!(out, "{:02}:{:02}:{:02}", c.hour, c.minute, c.second)?;
    if c.digits > 0 {
        let shown = c.digits.min(9);
        let value = c.nanos / 10u32.pow(9 - u32::from(shown));
        write!(out, ".{value:0width$}", width = usize::from(shown))?;
        for _ in 9..c.digits {
            out.write_char('0')?;
        }
    }
    Ok(())
}

/// The zone as it was written (nothing for a local time).
pub fn write_zone(out: &mut impl Write, z: Zone) -> fmt::Result {
    match z {
        Zone::Local => Ok(()),
        Zone::Utc { lower } => out.write_char(if lower { 'z' } else { 'Z' }),
        Zone::Offset {
            negative,
            hours,
            minutes,
            form,
        } => {
            out.write_char(if negative { '-' } else { '+' })?;
            match form {
                OffsetForm::Colon => write!(out, "{hours:02}:{minutes:02}"),
                OffsetForm::Compact => write!(out, "{hours:02}{minutes:02}"),
                OffsetForm::Hours => write!(out, "{hours:02}"),
            }
        }
    }
}

/// A date-time, as [`date_time`] read it.
pub fn write_date_time(out: &mut impl Write, d: DateTime) -> fmt::Result {
    write_date(out, d.date)?;
    out.write_char(d.separator)?;
    write_time(
        out,
        Time {
            clock: d.clock,
            zone: d.zone,
        },
    )
}

/// A time of day and its zone, as [`time`] read it.
pub fn write_time(out: &mut impl Write, t: Time) -> fmt::Result {
    write_clock(out, t.clock)?;
    write_zone(out, t.zone)
}

/// A UUID in its form, each letter in its case.
pub fn write_uuid(out: &mut impl Write, u: Uuid) -> fmt::Result {
    match u.form {
        UuidForm::Braced => out.write_char('{')?,
        UuidForm::Urn => out.write_str("urn:uuid:")?,
        UuidForm::Hyphenated | UuidForm::Simple => {}
    }
    for i in 0..32 {
        if u.form != UuidForm::Simple && [8, 12, 16, 20].contains(&i) {
            out.write_char('-')?;
        }
        let byte = u.bytes[i / 2];
        let value = if i % 2 == 0 { byte >> 4 } else { byte & 15 };
        let c = char::from_digit(u32::from(value), 16).unwrap_or('0');
        let upper = u.upper & (1 << i) != 0;
        out.write_char(if upper { c.to_ascii_uppercase() } else { c })?;
    }
    if u.form == UuidForm::Braced {
        out.write_char('}')?;
    }
    Ok(())
}

/// Bytes as base64 in `form`.
pub fn write_base64(out: &mut impl Write, bytes: &[u8], form: Base64Form) -> fmt::Result {
    const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let alphabet = if form.url_safe { URL_SAFE } else { STANDARD };
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=group.len() {
            out.write_char(char::from(alphabet[(n >> (18 - 6 * i) & 63) as usize]))?;
        }
        if form.padded {
            for _ in group.len()..3 {
                out.write_char('=')?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back<T: Copy>(parts: Option<T>, write: fn(&mut String, T) -> fmt::Result) -> String {
        let mut s = String::new();
        write(&mut s, parts.expect("reads")).unwrap();
        s
    }

    #[test]
    fn date_times_are_read_in_every_form_apis_send_and_written_back_the_same() {
        for t in [
            "2024-01-31T21:45:00Z",
            "2024-01-31t21:45:00z",
            "2024-01-31 21:45:00",
            "2024-01-31T21:45:00",
            "2024-01-31T21:45:00.5+01:00",
            "2024-01-31T21:45:00.123456789-05:30",
            "2024-01-31T21:45:00.1230000000000+0530",
            "2024-01-31T21:45:00+05",
            "2024-01-31T21:45:00-00:00",
            "2016-12-31T23:59:60Z",
            "2024-02-29T00:00:00.000Z",
        ] {
            assert_eq!(back(date_time(t), write_date_time), t);
        }
        let laravel = date_time("2024-01-31 21:45:00").unwrap();
        assert_eq!((laravel.separator, laravel.zone), (' ', Zone::Local));
        let d = date_time("2024-01-31T21:45:00.5-00:30").unwrap();
        assert_eq!((d.clock.nanos, d.clock.digits), (500_000_000, 1));
        assert_eq!(d.zone.offset_minutes(), Some(-30));
    }

    #[test]
    fn what_is_not_a_date_time_is_refused() {
        for t in [
            "",
            "2024-01-31",
            "2024-01-31X21:45:00Z",
            "2024-02-30T21:45:00Z",
            "2023-02-29T21:45:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-31T24:00:00Z",
            "2024-01-31T21:60:00Z",
            "2024-01-31T21:45:61Z",
            "2024-01-31T21:45:Z",
            "2024-01-31T21:45:00.Z",
            "2024-01-31T21:45:00.1234567891Z",
            "2024-01-31T21:45:00+24:00",
            "2024-01-31T21:45:00+01:60",
            "2024-01-31T21:45:00+1",
            "2024-01-31T21:45:00 +01:00",
            "2024-01-31T21:45:00ZZ",
            "31/01/2024 21:45",
            "2024-01-31T21:45:00é",
            "2024-01-3é",
        ] {
            assert_eq!(date_time(t), None, "{t}");
        }
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(back(date("0000-02-29"), write_date), "0000-02-29");
        assert_eq!(date("2024-1-31"), None);
        assert_eq!(date("2100-02-29"), None);
        let far = Date {
            year: 12345,
            month: 1,
            day: 2,
        };
        assert_eq!(back(Some(far), write_date), "+12345-01-02");
        for t in [
            "21:45:00",
            "21:45:00.250Z",
            "08:00:00+0200",
            "09:00",
            "09:00Z",
        ] {
            assert_eq!(back(time(t), write_time), t);
        }
        for t in ["2024-01-31 21:45", "2024-01-31T21:45Z"] {
            assert_eq!(back(date_time(t), write_date_time), t);
        }
        assert_eq!(time("21:4"), None);
        assert_eq!(time("21:45:"), None);
        assert_eq!(time("21:45.5"), None);
        assert_eq!(time("2024-01-31T21:45:00Z"), None);
    }

    #[test]
    fn uuids_keep_their_form_and_case() {
        for t in [
            "67e55044-10b1-426f-9247-bb680e5fe0c8",
            "67E55044-10B1-426F-9247-BB680E5FE0C8",
            "67e55044-10B1-426f-9247-bb680e5fe0c8",
            "67e5504410b1426f9247bb680e5fe0c8",
            "{67e55044-10b1-426f-9247-bb680e5fe0c8}",
            "urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8",
        ] {
            assert_eq!(back(uuid(t), write_uuid), t);
        }
        let u = uuid("67E55044-10b1-426f-9247-bb680e5fe0c8").unwrap();
        assert_eq!(u.bytes[..2], [0x67, 0xe5]);
        for t in [
            "67e55044-10b1-426f-9247-bb680e5fe0c",
            "67e55044-10b1-426f-9247-bb680e5fe0cg",
            "67e5504410b1-426f-9247-bb680e5fe0c8-",
            "67e55044+10b1-426f-9247-bb680e5fe0c8",
            "{67e5504410b1426f9247bb680e5fe0c8}",
            "67e5504410b1426f9247bb680e5fe0c",
        ] {
            assert_eq!(uuid(t), None, "{t}");
        }
    }

    #[test]
    fn base64_keeps_its_alphabet_and_padding() {
        let write =
            |s: &mut String, (bytes, form): (Vec<u8>, Base64Form)| write_base64(s, &bytes, form);
        for t in [
            "", "QQ==", "QUI=", "QUJD", "QQ", "QUI", "+/+/", "-_-_", "-_8",
        ] {
            let mut s = String::new();
            write(&mut s, base64(t).expect(t)).unwrap();
            assert_eq!(s, t);
        }
        assert_eq!(base64("aGVsbG8=").unwrap().0, b"hello");
        for t in [
            "Q", "QQ=", "QQ===", "QR==", "+_==", "QQ==QQ==", "Q Q=", "=", "QUJD=",
        ] {
            assert_eq!(base64(t), None, "{t}");
        }
        let mut s = String::new();
        write_base64(&mut s, &[0xfb, 0xff], Base64Form::STANDARD).unwrap();
        assert_eq!(s, "+/8=");
    }
}
