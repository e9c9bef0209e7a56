//! Medians of repeated measurements (durations, peak memory).

use std::time::Duration;

/// The median (upper median for even counts) of some durations.
pub(crate) fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

pub(crate) fn median_u64(v: &[u64]) -> u64 {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}
