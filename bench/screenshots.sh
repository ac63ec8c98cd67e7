#!/usr/bin/env bash
# Pictures of the real app in a real terminal emulator: the release binary
# in xterm under Xvfb, driven with xdotool, captured with xwd and converted
# to PNG with ImageMagick. Main states at 120x40 and 80x24:
#   before, live, warning, overrun, message, producer.
# Needs (Debian): xvfb xterm xdotool x11-apps imagemagick xfonts-base.
# Usage: bench/screenshots.sh [OUT_DIR]   (default docs/screens)
#        ONLY=producer bench/screenshots.sh   (only the shots whose name starts so)
# Each shot is a rehearsal in a scratch folder: the simulated clock starts at
# a chosen instant of the shipped show, so the pictures never depend on the
# real date. Takes about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screens}
mkdir -p "$out"
for tool in Xvfb xterm xdotool xwd convert; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xterm xdotool x11-apps imagemagick" >&2; exit 1; }
done
cargo build --release --quiet
bin=$PWD/target/release/showclock
scratch=$(mktemp -d)
display=:97
Xvfb "$display" -screen 0 2000x1400x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT
export DISPLAY=$display
sleep 1

# shoot NAME COLS ROWS AT SPEED VIEW WAIT KEYS...
# Starts the app at simulated instant AT (Beijing time on 1 June 2022),
# types KEYS (xdotool key names; "type:TEXT" types text; "sleep:N" waits),
# waits WAIT seconds, and saves NAME.png.
shoot() {
  local name=$1 cols=$2 rows=$3 at=$4 speed=$5 view=$6 wait=$7
  shift 7
  case $name in ${ONLY:-*}*) ;; *) return 0 ;; esac
  local dir=$scratch/$name
  mkdir -p "$dir"
  cp agenda.toml "$dir/"
  # The misc-fixed bitmap font draws block glyphs without gaps between rows.
  xterm -T "shot-$name" -geometry "${cols}x${rows}" \
    -fn -misc-fixed-medium-r-normal--18-120-100-100-c-90-iso10646-1 \
    -fb -misc-fixed-bold-r-normal--18-120-100-100-c-90-iso10646-1 \
    -bg black -fg white -b 0 +sb \
    -e "$bin" "$dir/agenda.toml" --at "2022-06-01T${at}+08:00" --speed "$speed" \
    --view "$view" --no-bell &
  local term=$!
  local window=""
  for _ in $(seq 50); do
    window=$(xdotool search --name "shot-$name" 2>/dev/null | head -1) && [ -n "$window" ] && break
    sleep 0.1
  done
  sleep 1
  # xterm ignores synthetic events: keys go through XTEST to the focused window.
  xdotool windowfocus --sync "$window" 2>/dev/null || xdotool windowfocus "$window"
  for key in "$@"; do
    case $key in
      type:*) xdotool type --delay 30 "${key#type:}" ;;
      sleep:*) sleep "${key#sleep:}" ;;
      *) xdotool key "$key" ;;
    esac
    sleep 0.2
  done
  sleep "$wait"
  xwd -silent -id "$window" | convert xwd:- "$out/$name.png"
  kill "$term" 2>/dev/null || true
  wait "$term" 2>/dev/null || true
  echo "$out/$name.png"
}

for size in 120x40 80x24; do
  cols=${size%x*}
  rows=${size#*x}
  # Before: the countdown to the start, the schedule in charge.
  shoot "before-$size" "$cols" "$rows" 08:55:30 1 moderator 1
  # Live, cued by the operator (Space), the third talk with 13 minutes left.
  shoot "live-$size" "$cols" "$rows" 09:24:58 1 moderator 2 space sleep:1 n
  # Warning: under two minutes left, the schedule driving (no key pressed).
  shoot "warning-$size" "$cols" "$rows" 09:38:25 1 moderator 1
  # Overrun: the welcome started early by Space, a minute over at x60.
  shoot "overrun-$size" "$cols" "$rows" 08:59:50 60 moderator 10 space
  # A message from the producer.
  shoot "message-$size" "$cols" "$rows" 09:05:00 1 moderator 1 m "type:Wrap up please" Return
  # The producer: rundown, cues, message history and journal, after a few cues.
  shoot "producer-$size" "$cols" "$rows" 08:59:55 30 producer 6 space sleep:1 1 sleep:2 n sleep:2 plus
done
