#!/usr/bin/env bash
# The download benchmark: 1 GiB (or MiB given as the first argument) from a
# loopback server through the generated client's `Download`, to a sink and
# then to a file; prints the peak resident memory. Figures: BENCHMARKS.md.
#
#   benches/download.sh [MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
# The bench crate uses exactly the workspace's dependency versions.
cp Cargo.lock benches/download/Cargo.lock
cargo build --release --manifest-path benches/download/Cargo.toml --target-dir target/bench/cargo
target/bench/cargo/release/download-bench "${1:-1024}"
target/bench/cargo/release/download-bench "${1:-1024}" --file
