#!/usr/bin/env bash
# The benchmark suite: codegen (ours and progenitor's), the compile cost of
# the generated crates, and the client. Results: target/bench/results.md
# (published figures and their reading: BENCHMARKS.md).
#
#   benches/run.sh [--quick] [--skip-progenitor] [--skip-compile] [--skip-client]
#                  [--out FILE] [--specs-dir DIR] [--progenitor-root DIR]
#
# Needs only a Rust toolchain and crates.io: it builds the bench programs
# (benches/harness, benches/client: each its own workspace), installs
# cargo-progenitor into target/bench/progenitor on the first run, and keeps
# every scratch file under target/bench/. A full run takes about 11 minutes
# on 2 cores with its builds cached; the first run adds progenitor's install
# (~4 min) and the dependency builds (~6 min). --quick: under 6 minutes.
# Run it on an otherwise idle machine: the figures are wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# The bench crates use exactly the workspace's dependency versions.
cp Cargo.lock benches/harness/Cargo.lock
cp Cargo.lock benches/client/Cargo.lock
export BENCH_COMMAND="${BENCH_COMMAND:-benches/run.sh${*:+ $*}}"
cargo build --release --manifest-path benches/harness/Cargo.toml --target-dir target/bench/cargo
exec target/bench/cargo/release/bench suite "$@"
