#!/usr/bin/env bash
# By hand, not in CI: the figures of "A board of many rooms" in the README.
# 50 `showclock serve --sync` shows on one nats-server, one board of them in
# a 200x60 tmux pane (release build): wake-ups and CPU over 30 s idle, from
# /proc, then 20 cues each timed to when tmux shows it.
# Usage: bench/board.sh (needs nats-server and tmux)
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 65536 2>/dev/null || true
cargo test --release --test e2e_board -- --ignored --nocapture --exact bench_fifty_rooms_on_one_board 2>&1 |
    grep -E '50 rooms|cue to board|panicked|FAILED'
