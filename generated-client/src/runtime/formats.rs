//! The Rust types of typed string formats: [`DateTime`] (`format:
//! date-time`), [`Date`], [`Time`] (with [chrono](https://docs.rs/chrono)),
//! [`Uuid`] (with [uuid](https://docs.rs/uuid)) and [`Base64`] (`format:
//! byte`, the bytes).
//!
//! - **Lenient reading.** Each reads the forms APIs really send (the
//!   grammar is `format_text`): RFC 3339 with `T`, `t` or a space, `Z`, `z`,
//!   `+hh:mm`, `+hhmm` or `+hh`, fractions of any length; Laravel's
//!   `2024-01-31 21:45:00` (a date-time without offset: none is invented);
//!   UUIDs in either case, with or without hyphens; base64 in either
//!   alphabet, padded or not. Text that is none of these is an error naming
//!   what was expected, never a default.
//! - **Written back as read.** A value keeps how its text was spelled
//!   (separator, zone, fraction digits, letter case, alphabet, padding), so
//!   a value read from a server is written back character for character
//!   and a read-modify-write changes nothing it did not mean to. A value
//!   built in Rust is written in the standard form: RFC 3339 (`Z` for UTC,
//!   fractions in 3, 6 or 9 digits), lower-case hyphenated UUIDs, padded
//!   standard base64.
//! - **Equality is of the value**, not of its spelling: `…T21:45:00Z` equals
//!   `…t21:45:00.000z`. A [`DateTime`] is its wall-clock date and time and
//!   its offset (or none), so `21:45:00+01:00` is not `20:45:00Z`; compare
//!   instants through chrono ([`DateTime::fixed_offset`]).
//! - **Conversions**: `From`/`TryFrom` to and from chrono's `DateTime`,
//!   `NaiveDateTime`, `NaiveDate`, `NaiveTime` and uuid's `Uuid`. With the
//!   `time` feature, `TryFrom` both ways with the `time` crate's
//!   `OffsetDateTime`, `PrimitiveDateTime`, `Date` and `Time` (both ways
//!   fallible: the two crates' year ranges differ, and `time` has no leap
//!   seconds).

use super::format_text::{self as text, Base64Form, UuidForm, Zone};
use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

/// Text that is not of a format, or a value another type cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    expected: &'static str,
    text: String,
}

impl FormatError {
    fn new(expected: &'static str, text: &str) -> Self {
        let mut cut: String = text.chars().take(80).collect();
        if cut.len() < text.len() {
            cut.push('…');
        }
        FormatError {
            expected,
            text: cut,
        }
    }

    /// What was expected (`a date-time (RFC 3339, …)`).
    pub fn expected(&self) -> &str {
        self.expected
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not {}", self.text, self.expected)
    }
}

impl std::error::Error for FormatError {}

/// What each type reads, in the words of its errors.
const DATE_TIME: &str = "a date-time (RFC 3339, or `YYYY-MM-DD hh:mm:ss`)";
const DATE: &str = "a date (`YYYY-MM-DD`)";
const TIME: &str = "a time (`hh:mm:ss` with a fraction and an offset or not, or `hh:mm`)";
const UUID: &str = "a UUID (32 hex digits, hyphenated `8-4-4-4-12` or not)";
const BASE64: &str = "base64 text";

/// `Serialize` (the text), `Deserialize` (from a string, with `EXPECTED` in
/// the error) and `Debug` (`Name("text")`) of a type with `Display` and `FromStr`.
macro_rules! text_format {
    ($name:ident, $expected:expr) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(TextVisitor::<$name>(PhantomData, $expected))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(\"{}\")"), self)
            }
        }
    };
}

/// Reads a string with `T::from_str`; anything else is a type error.
struct TextVisitor<T>(PhantomData<T>, &'static str);

impl<T: FromStr> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

fn naive_date(d: text::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

fn date_parts(d: NaiveDate) -> text::Date {
    text::Date {
        year: d.year(),
        month: d.month(),
        day: d.day(),
    }
}

/// chrono holds a leap second as second 59 with a fraction of a second or more.
fn naive_time(c: text::Clock) -> Option<NaiveTime> {
    let (second, leap) = if c.second == 60 {
        (59, 1_000_000_000)
    } else {
        (c.second, 0)
    };
    NaiveTime::from_hms_nano_opt(c.hour, c.minute, second, c.nanos + leap)
}

fn clock_parts(t: NaiveTime, digits: u8, seconds: bool) -> text::Clock {
    let (second, nanos) = match t.nanosecond() {
        n if n >= 1_000_000_000 => (60, n - 1_000_000_000),
        n => (t.second(), n),
    };
    text::Clock {
        hour: t.hour(),
        minute: t.minute(),
        second,
        nanos,
        digits,
        seconds,
    }
}

/// The digits RFC 3339 output gives a fraction: none, or milli-, micro- or
/// nanoseconds, the fewest that hold it.
fn digits_for(nanos: u32) -> u8 {
    match nanos % 1_000_000_000 {
        0 => 0,
        n if n % 1_000_000 == 0 => 3,
        n if n % 1_000 == 0 => 6,
        _ => 9,
    }
}

fn fixed(zone: Zone) -> Option<FixedOffset> {
    FixedOffset::east_opt(zone.offset_minutes()? * 60)
}

/// A date and time (`format: date-time`), with the offset it was given, or
/// none (a local, wall-clock time, as Laravel writes them).
///
/// Reads RFC 3339 (`T`, `t` or a space; `Z`, `z`, `+hh:mm`, `+hhmm` or
/// `+hh`; fractions of any length) and Laravel's `2024-01-31 21:45:00`, and
/// writes back the text it was read from, character for character; built
/// from chrono, it writes RFC 3339 (`Z` for UTC, fractions in 3, 6 or 9
/// digits). Two values are equal when their wall clock and offset are:
/// compare instants with [`DateTime::fixed_offset`].
///
/// ```ignore
/// let at: DateTime = "2024-01-31 21:45:00".parse()?;
/// assert_eq!(at.offset(), None); // no offset is invented
/// assert_eq!(at.to_string(), "2024-01-31 21:45:00");
/// let utc: chrono::DateTime<chrono::Utc> = "2024-01-31T21:45:00+01:00".parse::<DateTime>()?.try_into()?;
/// ```
#[derive(Clone, Copy)]
pub struct DateTime {
    /// The date and time as written: the wall clock of `zone`.
    local: NaiveDateTime,
    /// The offset (none: a local time) and how it was written.
    zone: Zone,
    /// `T`, `t` or a space.
    separator: char,
    /// Digits of the fraction as written.
    digits: u8,
    /// Written with seconds (`hh:mm` has none).
    seconds: bool,
}

impl DateTime {
    /// `local` in `zone`, written the RFC 3339 way.
    fn standard(local: NaiveDateTime, zone: Zone) -> Self {
        DateTime {
            local,
            zone,
            separator: 'T',
            digits: digits_for(local.nanosecond()),
            seconds: true,
        }
    }

    fn parts(&self) -> text::DateTime {
        text::DateTime {
            date: date_parts(self.local.date()),
            separator: self.separator,
            clock: clock_parts(self.local.time(), self.digits, self.seconds),
            zone: self.zone,
        }
    }

    /// The date and time as written, on the wall clock of its offset.
    pub fn naive_local(&self) -> NaiveDateTime {
        self.local
    }

    /// The offset from UTC; `None` for a date-time written without one.
    pub fn offset(&self) -> Option<FixedOffset> {
        fixed(self.zone)
    }

    /// The instant, as chrono's date-time in its offset; `None` without an offset.
    pub fn fixed_offset(&self) -> Option<chrono::DateTime<FixedOffset>> {
        self.local.and_local_timezone(self.offset()?).single()
    }
}

impl FromStr for DateTime {
    type Err = FormatError;

    fn from_str(t: &str) -> Result<Self, FormatError> {
        let read = |p: text::DateTime| {
            Some(DateTime {
                local: NaiveDateTime::new(naive_date(p.date)?, naive_time(p.clock)?),
                zone: p.zone,
                separator: p.separator,
                digits: p.clock.digits,
                seconds: p.clock.seconds,
            })
        };
        text::date_time(t)
            .and_then(read)
            .ok_or_else(|| FormatError::new(DATE_TIME, t))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        text::write_date_time(f, self.parts())
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.local == other.local && self.zone.offset_minutes() == other.zone.offset_minutes()
    }
}

impl Eq for DateTime {}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.local.hash(state);
        self.zone.offset_minutes().hash(state);
    }
}

text_format!(DateTime, DATE_TIME);

/// A chrono date-time, in its offset. RFC 3339 offsets are whole minutes:
/// one with seconds (a historical local mean time) is written as UTC, the
/// same instant.
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        let seconds = chrono::Offset::fix(value.offset()).local_minus_utc();
        if seconds % 60 != 0 {
            return DateTime::standard(value.naive_utc(), Zone::rfc3339(0));
        }
        DateTime::standard(value.naive_local(), Zone::rfc3339(seconds / 60))
    }
}

/// A date-time without offset (written `2024-01-31T21:45:00`).
impl From<NaiveDateTime> for DateTime {
    fn from(value: NaiveDateTime) -> Self {
        DateTime::standard(value, Zone::Local)
    }
}

/// The date and time as written, its offset (if any) left out.
impl From<DateTime> for NaiveDateTime {
    fn from(value: DateTime) -> Self {
        value.local
    }
}

/// Fails for a date-time without offset.
impl TryFrom<DateTime> for chrono::DateTime<FixedOffset> {
    type Error = FormatError;

    fn try_from(value: DateTime) -> Result<Self, FormatError> {
        value
            .fixed_offset()
            .ok_or_else(|| FormatError::new("a date-time with an offset", &value.to_string()))
    }
}

/// Fails for a date-time without offset.
impl TryFrom<DateTime> for chrono::DateTime<chrono::Utc> {
    type Error = FormatError;

    fn try_from(value: DateTime) -> Result<Self, FormatError> {
        chrono::DateTime::<FixedOffset>::try_from(value).map(|d| d.with_timezone(&chrono::Utc))
    }
}

/// A calendar date (`format: date`, `YYYY-MM-DD`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NaiveDate);

impl Date {
    /// As chrono's date.
    pub fn naive(&self) -> NaiveDate {
        self.0
    }
}

impl FromStr for Date {
    type Err = FormatError;

    fn from_str(t: &str) -> Result<Self, FormatError> {
        text::date(t)
            .and_then(naive_date)
            .map(Date)
            .ok_or_else(|| FormatError::new(DATE, t))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        text::write_date(f, date_parts(self.0))
    }
}

text_format!(Date, DATE);

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Date(value)
    }
}

impl From<Date> for NaiveDate {
    fn from(value: Date) -> Self {
        value.0
    }
}

/// A time of day (`format: time`), with the offset it was given, or none.
#[derive(Clone, Copy)]
pub struct Time {
    time: NaiveTime,
    /// The offset (none: a local time) and how it was written.
    zone: Zone,
    /// Digits of the fraction as written.
    digits: u8,
    /// Written with seconds (`hh:mm` has none).
    seconds: bool,
}

impl Time {
    /// The time of day as written.
    pub fn naive(&self) -> NaiveTime {
        self.time
    }

    /// The offset from UTC; `None` for a time written without one.
    pub fn offset(&self) -> Option<FixedOffset> {
        fixed(self.zone)
    }
}

impl FromStr for Time {
    type Err = FormatError;

    fn from_str(t: &str) -> Result<Self, FormatError> {
        let read = |p: text::Time| {
            Some(Time {
                time: naive_time(p.clock)?,
                zone: p.zone,
                digits: p.clock.digits,
                seconds: p.clock.seconds,
            })
        };
        text::time(t)
            .and_then(read)
            .ok_or_else(|| FormatError::new(TIME, t))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clock = clock_parts(self.time, self.digits, self.seconds);
        text::write_time(
            f,
            text::Time {
                clock,
                zone: self.zone,
            },
        )
    }
}

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.zone.offset_minutes() == other.zone.offset_minutes()
    }
}

impl Eq for Time {}

impl Hash for Time {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.time.hash(state);
        self.zone.offset_minutes().hash(state);
    }
}

text_format!(Time, TIME);

/// A time of day without offset.
impl From<NaiveTime> for Time {
    fn from(value: NaiveTime) -> Self {
        Time {
            time: value,
            zone: Zone::Local,
            digits: digits_for(value.nanosecond()),
            seconds: true,
        }
    }
}

/// The time of day as written, its offset (if any) left out.
impl From<Time> for NaiveTime {
    fn from(value: Time) -> Self {
        value.time
    }
}

/// A UUID (`format: uuid`), written back in its form and letter case.
#[derive(Clone, Copy)]
pub struct Uuid {
    value: uuid::Uuid,
    form: UuidForm,
    /// Bit `i`: the `i`-th hex digit was an upper-case letter.
    upper: u32,
}

impl Uuid {
    /// As uuid's `Uuid`.
    pub fn get(&self) -> uuid::Uuid {
        self.value
    }
}

impl FromStr for Uuid {
    type Err = FormatError;

    fn from_str(t: &str) -> Result<Self, FormatError> {
        let u = text::uuid(t).ok_or_else(|| FormatError::new(UUID, t))?;
        Ok(Uuid {
            value: uuid::Uuid::from_bytes(u.bytes),
            form: u.form,
            upper: u.upper,
        })
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = text::Uuid {
            bytes: *self.value.as_bytes(),
            form: self.form,
            upper: self.upper,
        };
        text::write_uuid(f, parts)
    }
}

impl PartialEq for Uuid {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Uuid {}

impl Hash for Uuid {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for Uuid {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Uuid {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

text_format!(Uuid, UUID);

/// Written hyphenated, in lower case.
impl From<uuid::Uuid> for Uuid {
    fn from(value: uuid::Uuid) -> Self {
        Uuid {
            value,
            form: UuidForm::Hyphenated,
            upper: 0,
        }
    }
}

impl From<Uuid> for uuid::Uuid {
    fn from(value: Uuid) -> Self {
        value.value
    }
}

/// Bytes written as base64 (`format: byte`), in the alphabet and padding
/// they came in.
#[derive(Clone)]
pub struct Base64 {
    bytes: Vec<u8>,
    form: Base64Form,
}

impl Base64 {
    /// Bytes, written as padded standard base64.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Base64 {
            bytes: bytes.into(),
            form: Base64Form::STANDARD,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl FromStr for Base64 {
    type Err = FormatError;

    fn from_str(t: &str) -> Result<Self, FormatError> {
        let (bytes, form) = text::base64(t).ok_or_else(|| FormatError::new(BASE64, t))?;
        Ok(Base64 { bytes, form })
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        text::write_base64(f, &self.bytes, self.form)
    }
}

impl PartialEq for Base64 {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Base64 {}

impl Hash for Base64 {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

text_format!(Base64, BASE64);

impl From<Vec<u8>> for Base64 {
    fn from(value: Vec<u8>) -> Self {
        Base64::new(value)
    }
}

impl From<&[u8]> for Base64 {
    fn from(value: &[u8]) -> Self {
        Base64::new(value)
    }
}

impl From<Base64> for Vec<u8> {
    fn from(value: Base64) -> Self {
        value.bytes
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

/// Conversions with the `time` crate (the `time` feature): fallible both
/// ways, since its year range is not chrono's and it has no leap seconds.
#[cfg(feature = "time")]
mod with_time {
    use super::{Date, DateTime, FormatError, Time};
    use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

    fn to_date(d: NaiveDate) -> Option<::time::Date> {
        let month = ::time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
        ::time::Date::from_calendar_date(d.year(), month, u8::try_from(d.day()).ok()?).ok()
    }

    fn from_date(d: ::time::Date) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(d.year(), u8::from(d.month()).into(), d.day().into())
    }

    fn to_time(t: NaiveTime) -> Option<::time::Time> {
        let [h, m, s] = [t.hour(), t.minute(), t.second()].map(|v| v as u8);
        ::time::Time::from_hms_nano(h, m, s, t.nanosecond()).ok()
    }

    fn from_time(t: ::time::Time) -> Option<NaiveTime> {
        let (h, m, s, n) = t.as_hms_nano();
        NaiveTime::from_hms_nano_opt(h.into(), m.into(), s.into(), n)
    }

    fn to_primitive(d: NaiveDateTime) -> Option<::time::PrimitiveDateTime> {
        Some(::time::PrimitiveDateTime::new(
            to_date(d.date())?,
            to_time(d.time())?,
        ))
    }

    fn from_primitive(d: ::time::PrimitiveDateTime) -> Option<NaiveDateTime> {
        Some(NaiveDateTime::new(
            from_date(d.date())?,
            from_time(d.time())?,
        ))
    }

    const TIME_DATE: &str = "a date the `time` crate holds";
    const TIME_OF_DAY: &str = "a time of day the `time` crate holds (no leap second)";
    const TIME_DATE_TIME: &str = "a date-time the `time` crate holds";
    const CHRONO: &str = "a value chrono holds";

    impl TryFrom<::time::Date> for Date {
        type Error = FormatError;

        fn try_from(value: ::time::Date) -> Result<Self, FormatError> {
            from_date(value)
                .map(Date)
                .ok_or_else(|| FormatError::new(CHRONO, &value.to_string()))
        }
    }

    impl TryFrom<Date> for ::time::Date {
        type Error = FormatError;

        fn try_from(value: Date) -> Result<Self, FormatError> {
            to_date(value.0).ok_or_else(|| FormatError::new(TIME_DATE, &value.to_string()))
        }
    }

    impl TryFrom<::time::Time> for Time {
        type Error = FormatError;

        fn try_from(value: ::time::Time) -> Result<Self, FormatError> {
            from_time(value)
                .map(Time::from)
                .ok_or_else(|| FormatError::new(CHRONO, &value.to_string()))
        }
    }

    /// The time of day as written, its offset (if any) left out.
    impl TryFrom<Time> for ::time::Time {
        type Error = FormatError;

        fn try_from(value: Time) -> Result<Self, FormatError> {
            to_time(value.time).ok_or_else(|| FormatError::new(TIME_OF_DAY, &value.to_string()))
        }
    }

    /// A date-time without offset.
    impl TryFrom<::time::PrimitiveDateTime> for DateTime {
        type Error = FormatError;

        fn try_from(value: ::time::PrimitiveDateTime) -> Result<Self, FormatError> {
            from_primitive(value)
                .map(DateTime::from)
                .ok_or_else(|| FormatError::new(CHRONO, &value.to_string()))
        }
    }

    /// In its offset (one with seconds is written as UTC, the same instant).
    impl TryFrom<::time::OffsetDateTime> for DateTime {
        type Error = FormatError;

        fn try_from(value: ::time::OffsetDateTime) -> Result<Self, FormatError> {
            let local = ::time::PrimitiveDateTime::new(value.date(), value.time());
            let offset = chrono::FixedOffset::east_opt(value.offset().whole_seconds());
            offset
                .zip(from_primitive(local))
                .and_then(|(o, l)| l.and_local_timezone(o).single())
                .map(DateTime::from)
                .ok_or_else(|| FormatError::new(CHRONO, &value.to_string()))
        }
    }

    /// The date and time as written, its offset (if any) left out.
    impl TryFrom<DateTime> for ::time::PrimitiveDateTime {
        type Error = FormatError;

        fn try_from(value: DateTime) -> Result<Self, FormatError> {
            to_primitive(value.local)
                .ok_or_else(|| FormatError::new(TIME_DATE_TIME, &value.to_string()))
        }
    }

    /// Fails for a date-time without offset too.
    impl TryFrom<DateTime> for ::time::OffsetDateTime {
        type Error = FormatError;

        fn try_from(value: DateTime) -> Result<Self, FormatError> {
            let offset = value
                .zone
                .offset_minutes()
                .and_then(|m| ::time::UtcOffset::from_whole_seconds(m * 60).ok());
            offset
                .zip(to_primitive(value.local))
                .map(|(o, l)| l.assume_offset(o))
                .ok_or_else(|| FormatError::new(TIME_DATE_TIME, &value.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn again<T: FromStr + fmt::Display>(t: &str) -> String
    where
        T::Err: fmt::Debug,
    {
        t.parse::<T>().expect(t).to_string()
    }

    #[test]
    fn values_read_from_text_are_written_back_the_same() {
        for t in [
            "2024-01-31 21:45:00",
            "2024-01-31T21:45:00",
            "2024-01-31t21:45:00.5z",
            "2024-01-31T21:45:00.123456+01:00",
            "2024-01-31T21:45:00.1234567-0530",
            "2024-01-31T21:45:00+05",
            "2024-01-31T21:45:00.000000000000Z",
            "2024-01-31T21:45:00-00:00",
            "2016-12-31T23:59:60.25Z",
        ] {
            assert_eq!(again::<DateTime>(t), t);
        }
        assert_eq!(again::<Date>("2024-02-29"), "2024-02-29");
        for t in ["21:45:00", "21:45:00.50Z", "23:59:60+0100"] {
            assert_eq!(again::<Time>(t), t);
        }
        for t in [
            "67E55044-10b1-426F-9247-bb680e5fe0c8",
            "67e5504410b1426f9247bb680e5fe0c8",
        ] {
            assert_eq!(again::<Uuid>(t), t);
        }
        for t in ["aGVsbG8=", "aGVsbG8", "-_-_", ""] {
            assert_eq!(again::<Base64>(t), t);
        }
    }

    #[test]
    fn laravel_date_times_have_no_invented_offset() {
        let d: DateTime = "2024-01-31 21:45:00".parse().unwrap();
        assert_eq!(d.offset(), None);
        assert_eq!(d.fixed_offset(), None);
        let naive = NaiveDate::from_ymd_opt(2024, 1, 31)
            .unwrap()
            .and_hms_opt(21, 45, 0)
            .unwrap();
        assert_eq!(d.naive_local(), naive);
        assert!(chrono::DateTime::<FixedOffset>::try_from(d).is_err());
        // Built in Rust from the same wall clock: written the RFC 3339 way.
        assert_eq!(DateTime::from(naive).to_string(), "2024-01-31T21:45:00");
        assert_eq!(DateTime::from(naive), d);
    }

    #[test]
    fn offsets_are_kept_and_instants_reachable() {
        let d: DateTime = "2024-01-31T21:45:00+01:00".parse().unwrap();
        assert_eq!(d.offset(), FixedOffset::east_opt(3600));
        let utc: chrono::DateTime<Utc> = d.try_into().unwrap();
        assert_eq!(utc, Utc.with_ymd_and_hms(2024, 1, 31, 20, 45, 0).unwrap());
        let z: DateTime = "2024-01-31T20:45:00Z".parse().unwrap();
        assert_ne!(d, z, "the same instant, another wall clock and offset");
        assert_eq!(d.fixed_offset(), z.fixed_offset());
        let spelled: DateTime = "2024-01-31t20:45:00.000z".parse().unwrap();
        assert_eq!(spelled, z, "equality is of the value, not of its spelling");
        let leap: DateTime = "2016-12-31T23:59:60Z".parse().unwrap();
        assert_eq!(leap.fixed_offset().unwrap().nanosecond(), 1_000_000_000);
    }

    #[test]
    fn values_built_in_rust_are_rfc_3339() {
        let at = Utc.with_ymd_and_hms(2024, 1, 31, 21, 45, 0).unwrap();
        assert_eq!(DateTime::from(at).to_string(), "2024-01-31T21:45:00Z");
        let ms = at + chrono::Duration::milliseconds(250);
        assert_eq!(DateTime::from(ms).to_string(), "2024-01-31T21:45:00.250Z");
        let east = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        let local = at.with_timezone(&east) + chrono::Duration::nanoseconds(7);
        assert_eq!(
            DateTime::from(local).to_string(),
            "2024-02-01T03:15:00.000000007+05:30"
        );
        let lmt = FixedOffset::east_opt(561).unwrap();
        assert_eq!(
            DateTime::from(at.with_timezone(&lmt)).to_string(),
            "2024-01-31T21:45:00Z",
            "an offset with seconds: the same instant, in UTC"
        );
        let date = NaiveDate::from_ymd_opt(12_345, 6, 7).unwrap();
        assert_eq!(Date::from(date).to_string(), "+12345-06-07");
        let id = uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
        assert_eq!(
            Uuid::from(id).to_string(),
            "67e55044-10b1-426f-9247-bb680e5fe0c8"
        );
        assert_eq!(Base64::new(*b"hi").to_string(), "aGk=");
        assert_eq!(
            Time::from(NaiveTime::from_hms_micro_opt(8, 0, 0, 5).unwrap()).to_string(),
            "08:00:00.000005"
        );
    }

    #[test]
    fn equal_values_hash_alike_whatever_their_spelling() {
        use std::collections::HashSet;
        let ids: HashSet<Uuid> = [
            "67e55044-10b1-426f-9247-bb680e5fe0c8",
            "67E5504410B1426F9247BB680E5FE0C8",
        ]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
        assert_eq!(ids.len(), 1);
        let a: Base64 = "-_8".parse().unwrap();
        let b: Base64 = "+/8=".parse().unwrap();
        assert_eq!((a.as_bytes(), a == b), (&[0xfb, 0xff][..], true));
        let t: Time = "21:45:00Z".parse().unwrap();
        let u: Time = "21:45:00.000+00".parse().unwrap();
        assert_eq!(t, u);
        assert_ne!(t, "21:45:00".parse::<Time>().unwrap());
    }

    #[test]
    fn bad_text_is_an_error_naming_what_was_expected() {
        let e = "31/01/2024".parse::<DateTime>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`31/01/2024` is not a date-time (RFC 3339, or `YYYY-MM-DD hh:mm:ss`)"
        );
        assert!("2024-02-30".parse::<Date>().is_err());
        assert!("25:00:00".parse::<Time>().is_err());
        assert!("not-a-uuid".parse::<Uuid>().is_err());
        assert!("QR==".parse::<Base64>().is_err());
        let long = "!".repeat(500);
        assert!(long.parse::<Base64>().unwrap_err().to_string().len() < 150);
    }

    #[test]
    fn serde_reads_strings_leniently_and_writes_the_text() {
        let d: DateTime = super::super::lenient::from_slice(br#""2024-01-31 21:45:00""#).unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#""2024-01-31 21:45:00""#
        );
        assert_eq!(format!("{d:?}"), r#"DateTime("2024-01-31 21:45:00")"#);
        let e = serde_json::from_str::<Date>("\"2024-13-01\"").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid value: string \"2024-13-01\", expected a date (`YYYY-MM-DD`) at line 1 column 12"
        );
        assert!(serde_json::from_str::<Uuid>("7").is_err());
        let v = serde_json::to_value(Base64::new(vec![0u8; 4])).unwrap();
        assert_eq!(v, serde_json::json!("AAAAAA=="));
    }

    #[cfg(feature = "time")]
    #[test]
    fn conversions_with_the_time_crate() {
        let d: DateTime = "2024-01-31T21:45:00.5+01:00".parse().unwrap();
        let t = ::time::OffsetDateTime::try_from(d).unwrap();
        assert_eq!(t.offset().whole_minutes(), 60);
        assert_eq!(t.nanosecond(), 500_000_000);
        let back = DateTime::try_from(t).unwrap();
        assert_eq!(
            (back, back.to_string()),
            (d, "2024-01-31T21:45:00.500+01:00".into())
        );
        let laravel: DateTime = "2024-01-31 21:45:00".parse().unwrap();
        assert!(::time::OffsetDateTime::try_from(laravel).is_err());
        let p = ::time::PrimitiveDateTime::try_from(laravel).unwrap();
        assert_eq!(DateTime::try_from(p).unwrap(), laravel);
        let leap: Time = "23:59:60".parse().unwrap();
        assert!(::time::Time::try_from(leap).is_err());
        let date: Date = "2024-02-29".parse().unwrap();
        assert_eq!(
            Date::try_from(::time::Date::try_from(date).unwrap()).unwrap(),
            date
        );
        let far = Date::from(NaiveDate::from_ymd_opt(12_345, 1, 1).unwrap());
        assert!(::time::Date::try_from(far).is_err());
    }
}
