//! Drawing scalars: strings (by `pattern`, by `format`, or free text),
//! integers within their format's range and bounds, numbers.

use super::draw::{int_value, Draw, TRIES};
use super::regex;
use super::rng::Rng;
use crate::keywords::{format_text, Format, BOUNDS};
use crate::validate::{count, flag, format_of, format_ok};
use serde_json::{Map, Value};

impl Draw<'_, '_> {
    pub(super) fn string(
        &mut self,
        s: &Map<String, Value>,
        example: Option<&Value>,
    ) -> Result<Value, String> {
        let min = count(s, "minLength").unwrap_or(0);
        let max = count(s, "maxLength");
        if max.is_some_and(|m| m < min) {
            return Err(format!("unsatisfiable: maxLength < minLength ({min})"));
        }
        let fits = |t: &str| {
            let n = t.chars().count();
            n >= min && max.is_none_or(|m| n <= m)
        };
        let (text, format) = format_of(s);
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            let re = regex::Regex::parse(p);
            if let Some(re) = &re {
                for _ in 0..TRIES {
                    if let Some(t) = re.draw(self.rng) {
                        if fits(&t) && re.is_match(&t) && format_ok(format, &t) {
                            return Ok(Value::String(t));
                        }
                    }
                }
            }
            // The documented value, when it fits.
            let matches = |e: &&str| fits(e) && re.as_ref().is_none_or(|re| re.is_match(e));
            return match example.and_then(Value::as_str).filter(matches) {
                Some(e) => Ok(Value::String(e.to_string())),
                None => Err(format!(
                    "pattern `{p}` {} and the schema has no matching string example",
                    if re.is_some() {
                        "gave no fitting string in 8 draws"
                    } else {
                        "is outside the regex subset we draw from"
                    }
                )),
            };
        }
        if let Some(t) = self.formatted(format) {
            return if fits(&t) {
                Ok(Value::String(t))
            } else {
                Err(format!(
                    "a `{text}` string cannot have the length the schema asks for"
                ))
            };
        }
        let hi = max.unwrap_or(min + 12).min(min + 12);
        let len = self.rng.int_in(min as i128, hi as i128) as usize;
        Ok(Value::String(self.text(len)))
    }

    pub(super) fn text(&mut self, len: usize) -> String {
        const CHARS: &[char] = &[
            'a', 'b', 'c', 'd', 'e', 'f', 'k', 'm', 'o', 'r', 's', 't', 'x', 'z', 'A', 'Q', 'Z',
            '0', '1', '7', '9', ' ', '-', '_', '.', '/', '"', '\\', '\'', 'é', 'ü', 'ß', '日', 'я',
            'ع', '✓',
        ];
        (0..len).map(|_| *self.rng.pick(CHARS)).collect()
    }

    fn digits(&mut self, n: usize, radix: u32) -> String {
        (0..n)
            .map(|_| {
                char::from_digit(self.rng.below(u64::from(radix)) as u32, radix).unwrap_or('0')
            })
            .collect()
    }

    /// A string of a known format, or `None` for a format we do not shape.
    fn formatted(&mut self, format: Format) -> Option<String> {
        let date = |r: &mut Rng| {
            format!(
                "{:04}-{:02}-{:02}",
                1970 + r.below(80),
                1 + r.below(12),
                1 + r.below(28)
            )
        };
        let time =
            |r: &mut Rng| format!("{:02}:{:02}:{:02}", r.below(24), r.below(60), r.below(60));
        Some(match format {
            Format::Date => date(self.rng),
            Format::Time => {
                let (clock, fraction) = (time(self.rng), self.fraction());
                let zone = if self.rng.chance(1, 3) {
                    self.zone()
                } else {
                    String::new()
                };
                format!("{clock}{fraction}{zone}")
            }
            Format::DateTime => {
                let (day, clock) = (date(self.rng), time(self.rng));
                let (fraction, zone) = (self.fraction(), self.zone());
                format!("{day}T{clock}{fraction}{zone}")
            }
            Format::Uuid => format!(
                "{}-{}-4{}-{}{}-{}",
                self.digits(8, 16),
                self.digits(4, 16),
                self.digits(3, 16),
                self.rng.pick(&['8', '9', 'a', 'b']),
                self.digits(3, 16),
                self.digits(12, 16)
            ),
            Format::Email => format!("user{}@example.com", self.rng.below(10_000)),
            Format::Uri => format!("https://example.com/{}", self.digits(6, 36)),
            Format::Hostname => format!("host{}.example.com", self.rng.below(1000)),
            Format::Ipv4 => format!(
                "{}.{}.{}.{}",
                self.rng.below(256),
                self.rng.below(256),
                self.rng.below(256),
                self.rng.below(256)
            ),
            Format::Ipv6 => (0..8)
                .map(|_| format!("{:x}", self.rng.below(0x10000)))
                .collect::<Vec<_>>()
                .join(":"),
            Format::Byte => {
                let n = self.rng.below(12) as usize;
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.below(256) as u8).collect();
                base64(&bytes)
            }
            // A file in a multipart body: in JSON, its name.
            Format::Binary => format!("file{}.bin", self.rng.below(100)),
            _ => return None,
        })
    }

    /// A second's fraction a third of the time, of 1 to 9 digits (milliseconds most often).
    fn fraction(&mut self) -> String {
        if !self.rng.chance(1, 3) {
            return String::new();
        }
        let n = match self.rng.below(4) {
            0 => 1 + self.rng.below(9) as usize,
            _ => 3,
        };
        format!(".{}", self.digits(n, 10))
    }

    /// An RFC 3339 zone: `Z`, or an offset of whole or half hours.
    fn zone(&mut self) -> String {
        if self.rng.chance(1, 2) {
            return "Z".to_string();
        }
        format!(
            "{}{:02}:{}",
            if self.rng.chance(1, 2) { '+' } else { '-' },
            self.rng.below(14),
            if self.rng.chance(1, 2) { "00" } else { "30" }
        )
    }

    pub(super) fn integer(&mut self, s: &Map<String, Value>) -> Result<Value, String> {
        let (text, _) = format_of(s);
        let (mut lo, mut hi) = Format::integer(text).range();
        for bound in BOUNDS {
            if let Some(m) = s.get(bound.keyword).and_then(Value::as_f64) {
                let b = bound.integer(m, flag(s, bound.exclusive));
                if bound.lower {
                    lo = lo.max(b);
                } else {
                    hi = hi.min(b);
                }
            }
        }
        let step = s
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|m| *m >= 1.0 && m.fract() == 0.0)
            .map(|m| m as i128)
            .unwrap_or(1);
        let (klo, khi) = (div_ceil(lo, step), div_floor(hi, step));
        if klo > khi {
            return Err(format!(
                "unsatisfiable integer range [{lo}, {hi}] (multipleOf {step})"
            ));
        }
        let k = self.pick_int(klo, khi);
        Ok(int_value(k * step))
    }

    /// Small values, boundaries and the whole range, in that mix.
    pub(super) fn pick_int(&mut self, lo: i128, hi: i128) -> i128 {
        match self.rng.below(10) {
            0..=2 => {
                let (a, b) = (lo.max(-20), hi.min(100));
                if a <= b {
                    self.rng.int_in(a, b)
                } else {
                    self.rng.int_in(lo, hi)
                }
            }
            3..=4 => {
                let cands: Vec<i128> = [lo, hi, 0, lo.saturating_add(1), hi.saturating_sub(1)]
                    .into_iter()
                    .filter(|v| (lo..=hi).contains(v))
                    .collect();
                *self.rng.pick(&cands)
            }
            _ => self.rng.int_in(lo, hi),
        }
    }

    pub(super) fn number(&mut self, s: &Map<String, Value>) -> Result<Value, String> {
        let float = format_of(s).1 == Format::Float;
        let limit = if float { f64::from(f32::MAX) } else { 1e300 };
        let (mut lo, mut hi) = (-limit, limit);
        let min = s.get("minimum").and_then(Value::as_f64);
        let max = s.get("maximum").and_then(Value::as_f64);
        if let Some(m) = min {
            lo = lo.max(m);
        }
        if let Some(m) = max {
            hi = hi.min(m);
        }
        let ex_lo =
            min.is_some() && s.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
        let ex_hi =
            max.is_some() && s.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true);
        if lo > hi || (lo == hi && (ex_lo || ex_hi)) {
            return Err(format!("unsatisfiable number range [{lo}, {hi}]"));
        }
        let inside = |v: f64| {
            v.is_finite()
                && (if ex_lo { v > lo } else { v >= lo })
                && (if ex_hi { v < hi } else { v <= hi })
        };
        let multiple = s
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|m| *m > 0.0);
        for _ in 0..TRIES {
            let mut v = match self.rng.below(10) {
                // Integral values: a number may be written as one.
                0..=1 if multiple.is_none() => return self.integral_number(lo, hi, inside),
                0..=1 => self.rng.int_in(-1000, 1000) as f64,
                2..=5 => self.rng.int_in(-100_000, 100_000) as f64 / 100.0,
                6 => *self.rng.pick(&[lo, hi, 0.0]),
                _ => {
                    let mag = 10f64.powi(self.rng.int_in(-6, 12) as i32);
                    let sign = if self.rng.chance(1, 2) { -1.0 } else { 1.0 };
                    sign * self.rng.unit() * mag
                }
            };
            if !inside(v) {
                v = lo + (hi - lo) * self.rng.unit();
            }
            if let Some(m) = multiple {
                v = (v / m).round() * m;
            }
            if float {
                v = f64::from(v as f32);
            }
            if inside(v) {
                return Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number));
            }
        }
        Err(format!("no number drawn inside [{lo}, {hi}]"))
    }

    fn integral_number(
        &mut self,
        lo: f64,
        hi: f64,
        inside: impl Fn(f64) -> bool,
    ) -> Result<Value, String> {
        let a = lo.max(-1e6).ceil();
        let b = hi.min(1e6).floor();
        if a <= b {
            let v = self.rng.int_in(a as i128, b as i128);
            if inside(v as f64) {
                return Ok(int_value(v));
            }
        }
        let v = (lo + hi) / 2.0;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
}

fn div_floor(a: i128, b: i128) -> i128 {
    let d = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        d - 1
    } else {
        d
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

/// Bytes as padded standard base64, written by the runtime's own grammar.
pub(super) fn base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    format_text::write_base64(&mut out, bytes, format_text::Base64Form::STANDARD)
        .expect("a String takes every write");
    out
}
