//! Durations and memory sizes written in the units the report uses.

use std::time::Duration;

/// `12 ms`, `1.23 s`, `850 µs`.
pub(crate) fn fmt_dur(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 10.0 {
        format!("{s:.1} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.01 {
        format!("{:.0} ms", s * 1e3)
    } else if s >= 0.001 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// Kibibytes as `12 MB` (MiB, as `ru_maxrss` counts).
pub(crate) fn fmt_kb(kb: u64) -> String {
    format!("{:.0} MiB", kb as f64 / 1024.0)
}
