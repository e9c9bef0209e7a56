#!/usr/bin/env bash
# The benchmark suite: codegen (ours and progenitor's), the compile cost of
# the generated crates (the current generator's against today's, i.e. an
# earlier commit's, and progenitor's; GitHub's crate one group at a time),
# and the client; then the targets read off those figures. Results:
# target/bench/results.md (published figures and their reading: BENCHMARKS.md).
#
#   benches/run.sh [--quick] [--skip-progenitor] [--skip-compile] [--skip-client]
#                  [--skip-baseline] [--baseline REV] [--compile-reps CHECK,BUILD,RELEASE]
#                  [--out FILE] [--specs-dir DIR] [--progenitor-root DIR]
#
# Needs only a Rust toolchain and crates.io: it builds the bench programs
# (benches/harness, benches/client: each its own workspace), installs
# cargo-progenitor into target/bench/progenitor on the first run, makes a
# git worktree of the baseline commit (--baseline, default 5b76925) under
# target/bench/baseline/ and builds its generator there, and keeps every
# scratch file under target/bench/. See BENCHMARKS.md for how long a run
# takes; the first one adds progenitor's install and the dependency builds.
# Run it on an otherwise idle machine: the figures are wall times (the CPU
# times beside them move less with other load).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# The bench crates use exactly the workspace's dependency versions.
cp Cargo.lock benches/harness/Cargo.lock
cp Cargo.lock benches/client/Cargo.lock
export BENCH_COMMAND="${BENCH_COMMAND:-benches/run.sh${*:+ $*}}"
cargo build --release --manifest-path benches/harness/Cargo.toml --target-dir target/bench/cargo
exec target/bench/cargo/release/bench suite "$@"
