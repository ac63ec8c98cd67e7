#!/usr/bin/env bash
# By hand, not in CI: the network layer's figures for the README.
#  1. 1 server and 20, then 200, followers on loopback: from POST
#     /v1/control/next to each follower's mirror holding the new entry
#     (p50/p99; target p99 < 10 ms). The journal is fsynced before the entry
#     goes out, so the disk counts; run again with
#     SHOWCLOCK_BENCH_JOURNAL=/dev/shm/x.jsonl to see the network's share alone.
#  2. The CPU a follower process uses while idle (heartbeats only; Linux).
#  3. A sharing instance with nobody connected: wake-ups per second and memory.
# Usage: bench/net_latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
    cargo test --release --test net -- --ignored --nocapture --test-threads 1 --exact "$@" 2>&1 |
        grep -oE '(POST|idle).*|panicked.*|FAILED.*'
}
for followers in 20 200; do
    SHOWCLOCK_BENCH_FOLLOWERS=$followers run bench_post_to_followers
done
run bench_idle_follower_cpu
run bench_idle_server
