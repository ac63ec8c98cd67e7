#!/usr/bin/env bash
# Benchmark of the moderator view (issue 3, "Doing it cheaply").
# Run by hand, never in CI: it takes about 3 x (WARMUP + DURATION +
# LATENCY_SECONDS) seconds (~8 minutes with the defaults) and wants a quiet
# machine.
#
#   bench/moderator.sh                              # full run: 30 s + 2 min each
#   DURATION=5 LATENCY_SECONDS=10 bench/moderator.sh  # smoke run, ~1 minute
#   OUT=/tmp/bench-out bench/moderator.sh           # also keep the raw data
#
# It builds showclock in release, makes a one-segment agenda whose segment is
# live now (started 5 minutes ago, ends in 40, on the real clock), and
# measures, one after the other in a fresh 120x40 tmux pane on a private tmux
# socket:
#   showclock AGENDA     (the moderator view of that live segment)
#   tclock clock         (crate clock-tui: a ratatui clock with seconds)
#   termdown 1h          (PyPI termdown: a 1-hour countdown)
# and prints a Markdown table: CPU (utime+stime from /proc/PID/stat, and the
# ns-precise sum of /proc/PID/task/*/schedstat), wake-ups/s (voluntary +
# nonvoluntary context switches summed over /proc/PID/task/*/status), VmHWM,
# bytes/s written to the terminal (tmux pipe-pane), time to first output and
# first frame, and how long after each real second boundary the screen
# changes (capture-pane polled every POLL_MS ms). bench/moderator.py has the
# method in detail.
#
# Settings (environment):
#   DURATION=30         resource window, seconds
#   LATENCY_SECONDS=120 capture-pane polling window, seconds
#   POLL_MS=2           capture-pane period, milliseconds
#   WARMUP=3            seconds after start before the resource window
#   STARTS=5            starts timed for first output / first frame (the
#                       measured run and STARTS-1 start-only runs)
#   COLS=120 ROWS=40    pane size
#   PROGRAMS="showclock tclock termdown"  which to measure
#   TOOLS=bench/.tools  where tclock and termdown are installed if missing
#                       (cargo install clock-tui --locked; pip install termdown
#                       into a venv); TCLOCK=/path and TERMDOWN=/path override
#   OUT=DIR             keep raw data (every %output chunk with its time,
#                       per-program results, the table) in DIR
#   SKIP_BUILD=1        do not run cargo build --release
set -euo pipefail

DURATION=${DURATION:-30}
LATENCY_SECONDS=${LATENCY_SECONDS:-120}
POLL_MS=${POLL_MS:-2}
WARMUP=${WARMUP:-3}
STARTS=${STARTS:-5}
COLS=${COLS:-120}
ROWS=${ROWS:-40}
PROGRAMS=${PROGRAMS:-showclock tclock termdown}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
TOOLS=${TOOLS:-$repo/bench/.tools}

for tool in tmux python3 cargo timeout; do
  command -v "$tool" >/dev/null || { echo "moderator.sh: needs $tool" >&2; exit 2; }
done

log() { echo "[bench] $*" >&2; }

if [[ -z ${SKIP_BUILD:-} ]]; then
  log "cargo build --release"
  cargo build --release --quiet
fi
showclock=$repo/target/release/showclock

want() { [[ " $PROGRAMS " == *" $1 "* ]]; }

if want tclock; then
  TCLOCK=${TCLOCK:-}
  if [[ -z $TCLOCK ]]; then
    if [[ -x $TOOLS/bin/tclock ]]; then TCLOCK=$TOOLS/bin/tclock
    else
      log "cargo install clock-tui --locked --root $TOOLS"
      cargo install clock-tui --locked --root "$TOOLS" --quiet
      TCLOCK=$TOOLS/bin/tclock
    fi
  fi
fi
if want termdown; then
  TERMDOWN=${TERMDOWN:-}
  if [[ -z $TERMDOWN ]]; then
    if [[ ! -x $TOOLS/venv/bin/termdown ]]; then
      log "pip install termdown (venv in $TOOLS/venv)"
      python3 -m venv "$TOOLS/venv"
      "$TOOLS/venv/bin/pip" install --quiet termdown
    fi
    TERMDOWN=$TOOLS/venv/bin/termdown
  fi
fi

work=$(mktemp -d /tmp/showclock-bench.XXXXXX)
socket=showclock-bench-$$
cleanup() {
  tmux -L "$socket" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A show whose one segment is live on the real clock: it started 5 minutes
# ago and ends in 40 (a 45:00 slot: the remaining time
# shows as MM:SS). The event's zone is picked so that it is around noon
# there, so the segment never crosses midnight.
python3 - "$work/agenda.toml" <<'EOF'
import sys
from datetime import datetime, timedelta, timezone

now = datetime.now(timezone.utc)
offset = 12 - now.hour  # hours east of UTC that make it about noon
zone = "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"
local = now.astimezone(timezone(timedelta(hours=offset)))
start = local - timedelta(minutes=5)
end = local + timedelta(minutes=40)
open(sys.argv[1], "w").write(f'''[event]
title = "Benchmark: a live segment"
date = {start:%Y-%m-%d}
timezone = "{zone}"

[[clock]]
label = "Beijing"
timezone = "Asia/Shanghai"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[alerts]
warning = "2m"
final = "30s"
bell = false

[[segment]]
title = "Technology and Commercialization Pathways"
start = "{start:%H:%M}"
end = "{end:%H:%M}"
speakers = [
  {{ name = "Baha M. Al-Alawi, PhD.", role = "Market and Industry Analysis Lead", organization = "CALSTART" }},
  {{ name = "Owen MacDonnell", role = "Project Manager", organization = "CALSTART" }},
]

[[segment]]
title = "Panel Discussion"
start = "{end:%H:%M}"
duration = "30m"
speakers = [ {{ name = "Yin Qiu", role = "Data Scientist", organization = "CALSTART" }} ]
''')
EOF
"$showclock" check "$work/agenda.toml" >/dev/null

args=()
for p in $PROGRAMS; do
  case $p in
    showclock) args+=(--program showclock "$showclock" "$work/agenda.toml") ;;
    tclock) args+=(--program tclock "$TCLOCK" clock) ;;
    termdown) args+=(--program termdown "$TERMDOWN" 1h) ;;
    *) echo "moderator.sh: unknown program $p" >&2; exit 2 ;;
  esac
done
n=$(wc -w <<<"$PROGRAMS")
budget=$(awk -v n="$n" -v w="$WARMUP" -v d="$DURATION" -v l="$LATENCY_SECONDS" \
  -v s="$STARTS" 'BEGIN { printf "%d", n * (w + d + l + 20 + 2 * s) + 30 }')
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || revision+="+uncommitted changes in src"
log "measuring $PROGRAMS (at most ${budget}s)"
out_args=()
[[ -n ${OUT:-} ]] && { mkdir -p "$OUT"; out_args=(--out "$OUT"); }
timeout --kill-after=10 "$budget" python3 "$repo/bench/moderator.py" \
  --socket "$socket" --work "$work" "${out_args[@]}" \
  --cols "$COLS" --rows "$ROWS" --duration "$DURATION" --warmup "$WARMUP" \
  --latency-seconds "$LATENCY_SECONDS" --poll-ms "$POLL_MS" --starts "$STARTS" \
  --revision "$revision" "${args[@]}"
