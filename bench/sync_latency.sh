#!/usr/bin/env bash
# By hand, not in CI: the figures of "A show across cities" in the README.
# Real nats-server and showclock processes on loopback (release build):
#  1. a cue on the moderator's instance to a page served by another
#     instance through the broker, p50/p99, on loopback and with 150 ms of
#     round trip added by a proxy between the moderator and the broker;
#  2. kill -9 of the moderator's instance to the first cue accepted by the
#     producer's instance;
#  3. 1,000 pages spread over two serving instances, a cue on a third.
# Usage: bench/sync_latency.sh (needs nats-server)
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 65536 2>/dev/null || true
for bench in bench_cue_to_page bench_takeover_after_kill bench_1000_pages_on_two_instances; do
    cargo test --release --test sync -- --ignored --nocapture --test-threads 1 --exact "$bench" 2>&1 |
        grep -oE '(cue to page|kill -9|1,000 pages).*|panicked.*|FAILED.*'
done
