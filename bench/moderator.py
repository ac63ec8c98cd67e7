#!/usr/bin/env python3
"""Measurement harness behind bench/moderator.sh (see that script for usage).

For each program it runs, one after the other, in a fresh COLSxROWS tmux pane
on a private tmux socket:

  1. start: the pane runs bench/exec_stamp.py, which waits on a FIFO; the
     harness first attaches `pipe-pane -O` (raw bytes to a file) and a tmux
     control-mode client (`tmux -C`, which reports every chunk the pane writes
     as a `%output` line the moment the tmux server reads it), then opens the
     gate. exec_stamp.py stamps CLOCK_MONOTONIC right before execve. Time to
     first output = first `%output` received - that stamp; time to first
     frame = the first `%output` whose bytes, escape sequences stripped, hold
     a visible character.
  2. warm-up (WARMUP s), then the resource window (DURATION s) in which the
     harness only sleeps in select() on the control client: deltas of
     utime+stime (/proc/PID/stat), of on-CPU nanoseconds (sum of
     /proc/PID/task/*/schedstat), of voluntary+nonvoluntary context switches
     summed over /proc/PID/task/*/status, and of the pipe-pane file's size.
  3. latency window (LATENCY_SECONDS s): `capture-pane -p` sent over the
     control client every POLL_MS ms; each change of the screen text is
     timed against CLOCK_REALTIME second boundaries. A change happened after
     the previous poll was sent (lower bound) and before this poll's answer
     came (upper bound, the figure held against the target); the round trip
     of one poll (the poll's own latency) is reported, and so is the
     %output that brought the change, timed as it reached the harness.
     Changes whose bracket is wider than --max-bracket-ms happened while
     the harness itself was not scheduled (a loaded machine): they are
     counted and shown apart, not mixed into the median / max. For
     showclock the clock text (HH:MM:SS) is also parsed, so its delay is
     measured from the start of the very second it shows. Limitations: this
     times what tmux has parsed, not what a real terminal has painted; the
     harness takes 10-25 % of one core while polling, on the same CPUs.
  4. VmHWM from /proc/PID/status, then SIGTERM and kill-session.

Writes a Markdown table to stdout and, with --out DIR, raw data to DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import shlex
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# A clock with seconds as showclock prints it: "22:18:48" or "6:18:48 AM".
CLOCK_RE = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2}):(\d{2})(?![\d:])")
# CSI / OSC / two-byte escape sequences, for "is there visible text" checks.
ESC_RE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)
OCTAL_RE = re.compile(rb"\\([0-7]{3})")


def now_mono() -> int:
    return time.monotonic_ns()


def now_real() -> int:
    return time.time_ns()


# --------------------------------------------------------------------------
# tmux


class Tmux:
    def __init__(self, socket: str, conf: Path):
        self.base = ["tmux", "-L", socket, "-f", str(conf)]

    def run(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            self.base + list(args), capture_output=True, text=True, timeout=20
        )
        if check and out.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout


@dataclass
class Output:
    mono: int
    real: int
    data: bytes


class Control:
    """A tmux control-mode client: commands in, %begin/%end blocks and
    %output notifications out, all timestamped on receipt."""

    def __init__(self, tmux: Tmux, session: str):
        self.proc = subprocess.Popen(
            tmux.base + ["-u", "-C", "attach-session", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.fd = self.proc.stdout.fileno()
        self.buf = b""
        self.lines: list[tuple[int, int, bytes]] = []
        self.outputs: list[Output] = []
        self.closed = False

    def _fill(self, timeout: float) -> bool:
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return False
        chunk = os.read(self.fd, 1 << 20)
        mono, real = now_mono(), now_real()
        if not chunk:
            self.closed = True
            return False
        self.buf += chunk
        *complete, self.buf = self.buf.split(b"\n")
        for line in complete:
            if line.startswith(b"%output "):
                # %output %PANE DATA, with bytes < 0x20 and '\' as \ooo
                data = line.split(b" ", 2)[2] if line.count(b" ") >= 2 else b""
                data = OCTAL_RE.sub(lambda m: bytes([int(m.group(1), 8)]), data)
                self.outputs.append(Output(mono, real, data))
            else:
                self.lines.append((mono, real, line))
        return True

    def pump_until(self, deadline_mono: int) -> None:
        """Drain notifications until the deadline (sleeping in select)."""
        while not self.closed:
            left = (deadline_mono - now_mono()) / 1e9
            if left <= 0:
                break
            self._fill(left)
        self.lines.clear()

    def command(self, cmd: str, timeout: float = 5.0) -> tuple[list[bytes], int, int]:
        """Sends one command; returns its output lines and the CLOCK_REALTIME
        send/receive instants (ns)."""
        self.lines.clear()
        sent_real = now_real()
        os.write(self.proc.stdin.fileno(), cmd.encode() + b"\n")
        deadline = now_mono() + int(timeout * 1e9)
        body: list[bytes] = []
        inside = False
        while True:
            while self.lines:
                _, real, line = self.lines.pop(0)
                if not inside:
                    if line.startswith(b"%begin "):
                        inside = True
                    continue
                if line.startswith(b"%end ") or line.startswith(b"%error "):
                    if line.startswith(b"%error "):
                        raise RuntimeError(f"tmux control: {cmd}: {b' '.join(body)!r}")
                    return body, sent_real, real
                body.append(line)
            if self.closed or now_mono() > deadline:
                raise RuntimeError(f"tmux control: no answer to {cmd!r}")
            self._fill((deadline - now_mono()) / 1e9)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# --------------------------------------------------------------------------
# /proc


@dataclass
class ProcSnap:
    mono: int
    ticks: int  # utime + stime, clock ticks
    run_ns: int  # sum of schedstat on-CPU time over live threads
    ctx: int  # voluntary + nonvoluntary over live threads
    threads: int
    vol: int = 0  # voluntary only (the thread blocked: its own wake-ups)
    per_thread: dict = field(default_factory=dict)  # "tid comm" -> [vol, invol]


def proc_snap(pid: int) -> ProcSnap:
    mono = now_mono()
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    run_ns = ctx = vol = threads = 0
    per_thread = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                run_ns += int(f.read().split()[0])
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                comm = f.read().strip()
            counts = [0, 0]
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        counts[0] = int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        counts[1] = int(line.split()[1])
            ctx += counts[0] + counts[1]
            vol += counts[0]
            per_thread[f"{tid} {comm}"] = counts
            threads += 1
        except (FileNotFoundError, ProcessLookupError):
            pass
    return ProcSnap(mono, ticks, run_ns, ctx, threads, vol, per_thread)


def proc_status(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


# --------------------------------------------------------------------------
# one program


@dataclass
class Result:
    name: str
    command: str
    ok: bool = True
    error: str = ""
    first_byte_ms: float | None = None
    first_frame_ms: float | None = None
    # every start (the measured run first, then STARTS-1 start-only runs)
    starts_byte_ms: list[float] = field(default_factory=list)
    starts_frame_ms: list[float] = field(default_factory=list)
    cpu_ticks_pct: float | None = None
    cpu_ns_pct: float | None = None
    wakeups: float | None = None
    wakeups_vol: float | None = None
    wakeups_per_thread: dict = field(default_factory=dict)
    threads: int | None = None
    hwm_kib: int | None = None
    bytes_per_s: float | None = None
    ctl_bytes_per_s: float | None = None
    writes_per_s: float | None = None
    window_s: float | None = None
    polls: int = 0
    poll_rtt_ms: list[float] = field(default_factory=list)
    poll_gap_ms: list[float] = field(default_factory=list)
    # per change of the screen: (kind, lower, upper, output) in ns realtime
    changes: list[dict] = field(default_factory=list)
    latency: dict = field(default_factory=dict)
    harness_cpu_pct: float | None = None


def measure(
    name: str, argv: list[str], args, tmux: Tmux, work: Path, out: Path | None,
    start_only: bool = False,
) -> Result:
    """Runs one program in a fresh pane and measures it; with start_only,
    only its time to first output and first frame."""
    shown = [a.replace(str(work), "$TMP") for a in argv[1:]]
    res = Result(name, " ".join([Path(argv[0]).name] + shown))
    fifo, stamp, pipe = work / f"{name}.gate", work / f"{name}.stamp", work / f"{name}.pipe"
    for f in (fifo, stamp, pipe):
        f.unlink(missing_ok=True)
    os.mkfifo(fifo)
    pane_cmd = shlex.join([sys.executable, str(HERE / "exec_stamp.py"), str(fifo), str(stamp)] + argv)
    tmux.run(
        "new-session", "-d", "-s", name, "-x", str(args.cols), "-y", str(args.rows),
        "-c", str(work), pane_cmd,
    )
    ctl = None
    pid = None
    try:
        tmux.run("pipe-pane", "-O", "-t", name, f"exec cat >> {shlex.quote(str(pipe))}")
        ctl = Control(tmux, name)
        ctl.pump_until(now_mono() + 200_000_000)
        size = tmux.run("display-message", "-p", "-t", name, "#{pane_width}x#{pane_height}").strip()
        if size != f"{args.cols}x{args.rows}":
            raise RuntimeError(f"pane is {size}, not {args.cols}x{args.rows}")
        pid = int(tmux.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        pane_id = tmux.run("display-message", "-p", "-t", name, "#{pane_id}").strip()

        # 1. start
        with open(fifo, "wb") as gate:
            gate.write(b"g")
        # sleep in select() on the control client from here on, so that each
        # %output is timestamped as soon as tmux passes it on
        deadline = now_mono() + 10_000_000_000
        frame_mono = None
        while frame_mono is None and now_mono() < deadline:
            ctl._fill((deadline - now_mono()) / 1e9)
            for o in ctl.outputs:
                if ESC_RE.sub(b"", o.data).strip(b" \r\n\t\x07\x08\x0e\x0f"):
                    frame_mono = o.mono
                    break
        if not ctl.outputs:
            raise RuntimeError("no output within 10 s")
        if not (stamp.exists() and stamp.read_text().endswith("\n")):
            raise RuntimeError("no start stamp")
        start_mono = int(stamp.read_text().split()[0])
        res.first_byte_ms = (ctl.outputs[0].mono - start_mono) / 1e6
        if frame_mono:
            res.first_frame_ms = (frame_mono - start_mono) / 1e6
        if start_only:
            # let it finish starting up before it is stopped
            ctl.pump_until(now_mono() + 300_000_000)
            return res

        # 2. resource window
        ctl.pump_until(start_mono + int(args.warmup * 1e9))
        if not Path(f"/proc/{pid}").exists():
            raise RuntimeError("the program exited during warm-up")
        a, size_a, n_a = proc_snap(pid), pipe.stat().st_size, len(ctl.outputs)
        ctl_bytes_a = sum(len(o.data) for o in ctl.outputs)
        ctl.pump_until(a.mono + int(args.duration * 1e9))
        b = proc_snap(pid)
        time.sleep(0.05)  # let `cat` catch up with what tmux already read
        size_b, n_b = pipe.stat().st_size, len(ctl.outputs)
        ctl_bytes_b = sum(len(o.data) for o in ctl.outputs)
        secs = (b.mono - a.mono) / 1e9
        tck = os.sysconf("SC_CLK_TCK")
        res.window_s = secs
        res.cpu_ticks_pct = 100 * (b.ticks - a.ticks) / tck / secs
        res.cpu_ns_pct = 100 * (b.run_ns - a.run_ns) / 1e9 / secs
        res.wakeups = (b.ctx - a.ctx) / secs
        res.wakeups_vol = (b.vol - a.vol) / secs
        res.wakeups_per_thread = {
            k: [round((v[0] - a.per_thread[k][0]) / secs, 3), round((v[1] - a.per_thread[k][1]) / secs, 3)]
            for k, v in b.per_thread.items() if k in a.per_thread
        }
        res.threads = b.threads
        res.bytes_per_s = (size_b - size_a) / secs
        res.ctl_bytes_per_s = (ctl_bytes_b - ctl_bytes_a) / secs
        res.writes_per_s = (n_b - n_a) / secs
        window_outputs = ctl.outputs[n_a:n_b]

        # 3. latency window
        latency_phase(res, ctl, pane_id, args)

        # 4. memory, then stop
        res.hwm_kib = proc_status(pid, "VmHWM")
        if out:
            dump(out, name, res, window_outputs, ctl.outputs, start_mono)
    except Exception as e:  # report and go on with the next program
        res.ok = False
        res.error = str(e)
    finally:
        if pid and Path(f"/proc/{pid}").exists():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            for _ in range(100):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.02)
        tmux.run("kill-session", "-t", name, check=False)
        if ctl:
            ctl.close()
    return res


def split_screen(lines: list[bytes]) -> tuple[tuple, str]:
    text = b"\n".join(lines).decode("utf-8", "replace")
    clocks = tuple(m.group(0) for m in CLOCK_RE.finditer(text))
    rest = CLOCK_RE.sub("##:##:##", text)
    return clocks, rest


def latency_phase(res: Result, ctl: Control, pane_id: str, args) -> None:
    cpu0 = time.process_time()
    t_end = now_mono() + int(args.latency_seconds * 1e9)
    period = args.poll_ms * 1e6
    prev = None
    prev_sent = prev_recv = None
    next_poll = now_mono()
    cmd = f"capture-pane -p -t {pane_id}"
    out_seen = len(ctl.outputs)
    while now_mono() < t_end:
        wait = (next_poll - now_mono()) / 1e9
        if wait > 0:
            # sleep in select so %output lines are timestamped as they come
            ctl._fill(wait)
            if now_mono() < next_poll:
                continue
        next_poll += period
        if next_poll < now_mono():
            next_poll = now_mono() + period
        lines, sent, recv = ctl.command(cmd)
        res.polls += 1
        res.poll_rtt_ms.append((recv - sent) / 1e6)
        if prev_sent is not None:
            res.poll_gap_ms.append((sent - prev_sent) / 1e6)
        clocks, rest = split_screen(lines)
        new_out = ctl.outputs[out_seen:]
        out_seen = len(ctl.outputs)
        if prev is not None:
            kinds = []
            if clocks != prev[0]:
                kinds.append("clock")
            if rest != prev[1]:
                kinds.append("rest")
            if kinds:
                res.changes.append({
                    "kinds": kinds,
                    "lower": prev_sent,  # the previous poll still saw the old screen
                    "upper": recv,  # this poll's answer shows the new one
                    "output": new_out[0].real if new_out else None,
                    "output_bytes": sum(len(o.data) for o in new_out),
                    "clocks": list(clocks),
                })
        prev, prev_sent, prev_recv = (clocks, rest), sent, recv
    res.harness_cpu_pct = 100 * (time.process_time() - cpu0) / args.latency_seconds
    res.latency = analyse_changes(res.changes, args.max_bracket_ms)


def frac_ms(t_ns: int) -> float:
    """Milliseconds after the last whole second of CLOCK_REALTIME."""
    return (t_ns % 1_000_000_000) / 1e6


def clock_delay_ms(t_ns: int, shown: str) -> float:
    """Signed delay of instant t after the start of the second a clock shows
    (seconds field only: zone offsets are whole minutes)."""
    shown_s = int(shown.rsplit(":", 1)[1].split()[0])
    t_s = (t_ns // 1_000_000_000) % 60
    d = (t_s - shown_s) % 60
    if d > 30:
        d -= 60
    return d * 1000 + (t_ns % 1_000_000_000) / 1e6


def analyse_changes(changes: list[dict], max_bracket_ms: float) -> dict:
    """Delays after the second boundary of every change of the screen. A
    change is known to lie between the previous poll's send and this poll's
    answer; when that bracket is wider than max_bracket_ms the harness itself
    was held up (a loaded machine), and the sample also goes to the
    *_stalled lists instead of the main ones."""
    any_upper, any_lower, any_out = [], [], []
    clock_upper, clock_lower = [], []
    stalled_upper, stalled_lower = [], []
    per_second: dict[int, list[dict]] = {}
    for c in changes:
        if (c["upper"] - c["lower"]) / 1e6 > max_bracket_ms:
            boundary = c["upper"] - c["upper"] % 1_000_000_000
            stalled_upper.append((c["upper"] - boundary) / 1e6)
            stalled_lower.append((c["lower"] - boundary) / 1e6)
            per_second.setdefault(c["upper"] // 1_000_000_000, []).append(c)
            continue
        # timed from the last whole second before the poll that saw it; the
        # lower bound and the %output instant are signed from that boundary
        boundary = c["upper"] - c["upper"] % 1_000_000_000
        any_upper.append((c["upper"] - boundary) / 1e6)
        any_lower.append((c["lower"] - boundary) / 1e6)
        if c["output"] is not None:
            any_out.append((c["output"] - boundary) / 1e6)
        if "clock" in c["kinds"] and c["clocks"]:
            clock_upper.append(clock_delay_ms(c["upper"], c["clocks"][0]))
            clock_lower.append(clock_delay_ms(c["lower"], c["clocks"][0]))
        per_second.setdefault(c["upper"] // 1_000_000_000, []).append(c)
    seconds = len(per_second)
    multi = sum(1 for v in per_second.values() if len(v) > 1)
    split = sum(
        1 for v in per_second.values()
        if len(v) > 1 and any("clock" in c["kinds"] for c in v) and any("rest" in c["kinds"] for c in v)
    )
    return {
        "changes": len(changes),
        "seconds_with_change": seconds,
        "seconds_with_several_changes": multi,
        "seconds_clock_and_rest_apart": split,
        "upper": any_upper,
        "lower": any_lower,
        "output": any_out,
        "clock_upper": clock_upper,
        "clock_lower": clock_lower,
        "stalled_upper": stalled_upper,
        "stalled_lower": stalled_lower,
        "max_bracket_ms": max_bracket_ms,
    }


def dump(out: Path, name: str, res: Result, window_outputs: list[Output], outputs: list[Output], start_mono: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / f"{name}.outputs.jsonl", "w") as f:
        for o in outputs:
            f.write(json.dumps({
                "ms_after_start": round((o.mono - start_mono) / 1e6, 3),
                "real": o.real,
                "ms_after_second": round(frac_ms(o.real), 3),
                "bytes": len(o.data),
                "data": o.data.decode("utf-8", "backslashreplace"),
            }, ensure_ascii=False) + "\n")
    d = {k: v for k, v in res.__dict__.items() if k not in ("poll_rtt_ms", "poll_gap_ms")}
    d["poll_rtt_ms_median"] = statistics.median(res.poll_rtt_ms) if res.poll_rtt_ms else None
    (out / f"{name}.result.json").write_text(json.dumps(d, indent=1, default=str))


# --------------------------------------------------------------------------
# report


def med(xs):
    return statistics.median(xs) if xs else None


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def fmt(x, digits=1, unit=""):
    if x is None:
        return "n/a"
    return f"{x:.{digits}f}{unit}"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else (" ✅" if ok else " ❌ MISS")


def report(results: list[Result], args) -> str:
    by = {r.name: r for r in results}
    sc = by.get("showclock")
    tc = by.get("tclock")
    names = [r.name for r in results]
    rows: list[tuple[str, str, list[str]]] = []

    def row(label, target, getter, check=None):
        cells = []
        for r in results:
            if not r.ok and getter(r) is None:
                cells.append("failed")
                continue
            v = getter(r)
            cell = v if isinstance(v, str) else str(v)
            if r.name == "showclock" and check is not None:
                cell += verdict(check(r))
            cells.append(cell)
        rows.append((label, target, cells))

    def lat(r, key, f):
        xs = r.latency.get(key) or []
        return f(xs) if xs else None

    row("CPU, % of one core (utime+stime, 10 ms ticks)", "≤ 0.1 and < tclock",
        lambda r: fmt(r.cpu_ticks_pct, 3),
        lambda r: r.cpu_ticks_pct is not None and r.cpu_ticks_pct <= 0.1
        and (tc is None or tc.cpu_ticks_pct is None or r.cpu_ticks_pct < tc.cpu_ticks_pct))
    row("CPU, % of one core (schedstat, ns)", "≤ 0.1 and < tclock",
        lambda r: fmt(r.cpu_ns_pct, 3),
        lambda r: r.cpu_ns_pct is not None and r.cpu_ns_pct <= 0.1
        and (tc is None or tc.cpu_ns_pct is None or r.cpu_ns_pct < tc.cpu_ns_pct))
    row("wake-ups/s (vol.+invol. context switches, all threads)", "≤ 2",
        lambda r: fmt(r.wakeups, 2) + (f" ({r.threads} thr.)" if r.threads else ""),
        lambda r: r.wakeups is not None and r.wakeups <= 2)
    row("… of which voluntary (the program blocked and was woken) / involuntary (preempted)", "",
        lambda r: (f"{fmt(r.wakeups_vol, 2)} / {fmt(r.wakeups - r.wakeups_vol, 2)}"
                   if r.wakeups is not None else "n/a"))
    row("peak memory VmHWM, MiB", "≤ 8",
        lambda r: fmt(r.hwm_kib / 1024 if r.hwm_kib else None, 1),
        lambda r: r.hwm_kib is not None and r.hwm_kib / 1024 <= 8)
    row("bytes/s to the terminal (pipe-pane)", "≤ 500",
        lambda r: fmt(r.bytes_per_s, 0),
        lambda r: r.bytes_per_s is not None and r.bytes_per_s <= 500)
    row("writes/s reaching tmux (%output chunks)", "",
        lambda r: fmt(r.writes_per_s, 2))
    row(f"first output byte after exec, ms: median / max of {args.starts} starts", "",
        lambda r: f"{fmt(med(r.starts_byte_ms))} / {fmt(max(r.starts_byte_ms, default=None))}")
    row(f"first frame (first visible text) after exec, ms: median / max of {args.starts} starts",
        "≤ 10",
        lambda r: f"{fmt(med(r.starts_frame_ms))} / {fmt(max(r.starts_frame_ms, default=None))}",
        lambda r: bool(r.starts_frame_ms) and med(r.starts_frame_ms) <= 10)
    row("shown second changes after the boundary, median / max ms (capture-pane answer: upper bound)",
        "≤ 5 / ≤ 20",
        lambda r: (f"{fmt(lat(r, 'upper', med))} / {fmt(lat(r, 'upper', max))}"
                   if r.latency.get("upper") else "n/a"),
        lambda r: bool(r.latency.get("upper")) and lat(r, "upper", med) <= 5 and lat(r, "upper", max) <= 20)
    row("same, lower bound (previous poll sent), median / max ms", "",
        lambda r: (f"{fmt(lat(r, 'lower', med))} / {fmt(lat(r, 'lower', max))}"
                   if r.latency.get("lower") else "n/a"))
    row("same, from the %output that changed it, median / max ms", "",
        lambda r: (f"{fmt(lat(r, 'output', med))} / {fmt(lat(r, 'output', max))}"
                   if r.latency.get("output") else "n/a"))
    row("clock text (HH:MM:SS) vs the second it shows, median / max ms", "≤ 5 / ≤ 20",
        lambda r: (f"{fmt(lat(r, 'clock_upper', med))} / {fmt(lat(r, 'clock_upper', max))}"
                   if r.latency.get("clock_upper") else "no text clock"),
        lambda r: bool(r.latency.get("clock_upper")) and lat(r, "clock_upper", med) <= 5
        and lat(r, "clock_upper", max) <= 20)
    row("changes set apart because the harness stalled (bracket > "
        f"{fmt(args.max_bracket_ms, 0)} ms): count; their lower / upper bounds, max ms", "",
        lambda r: (f"{len(r.latency.get('stalled_upper', []))}"
                   + (f"; {fmt(max(r.latency['stalled_lower']))} / {fmt(max(r.latency['stalled_upper']))}"
                      if r.latency.get("stalled_upper") else "")) if r.latency else "n/a")
    row("screen changes / seconds with a change / seconds changed in >1 step", "1 step",
        lambda r: (f"{r.latency.get('changes')} / {r.latency.get('seconds_with_change')} / "
                   f"{r.latency.get('seconds_with_several_changes')}") if r.latency else "n/a",
        lambda r: bool(r.latency) and r.latency.get("seconds_with_several_changes") == 0)
    row("capture-pane polls; round trip median / p99 ms; gap median ms", "",
        lambda r: (f"{r.polls}; {fmt(med(r.poll_rtt_ms), 2)} / {fmt(pct(r.poll_rtt_ms, 99), 2)}; "
                   f"{fmt(med(r.poll_gap_ms), 2)}") if r.polls else "n/a")
    row("harness CPU while polling, % of one core", "",
        lambda r: fmt(r.harness_cpu_pct, 1))

    lines = []
    lines.append(
        f"{args.cols}x{args.rows} tmux pane; resource window {args.duration:g} s after "
        f"{args.warmup:g} s warm-up; latency window {args.latency_seconds:g} s, "
        f"capture-pane every {args.poll_ms:g} ms; {os.cpu_count()} CPUs; "
        f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}; load average at start / end: "
        f"{args.load_start} / {loadavg()}; showclock at {args.revision or '?'}"
    )
    lines.append("")
    lines.append("| measure | target (showclock) | " + " | ".join(names) + " |")
    lines.append("| --- | --- | " + " | ".join("---" for _ in names) + " |")
    for label, target, cells in rows:
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Commands: " + "; ".join(f"`{r.command}`" for r in results) + ".")
    for r in results:
        if not r.ok:
            lines.append(f"\n**{r.name} failed:** {r.error}")
    return "\n".join(lines)


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--socket", required=True)
    p.add_argument("--work", required=True, type=Path)
    p.add_argument("--out", type=Path)
    p.add_argument("--cols", type=int, default=120)
    p.add_argument("--rows", type=int, default=40)
    p.add_argument("--duration", type=float, default=30)
    p.add_argument("--warmup", type=float, default=3)
    p.add_argument("--latency-seconds", type=float, default=120)
    p.add_argument("--poll-ms", type=float, default=2)
    p.add_argument("--starts", type=int, default=5)
    p.add_argument("--max-bracket-ms", type=float, default=None,
                   help="a change whose bracket (previous poll sent .. this poll answered) is "
                   "wider is set apart as a harness stall; default 4 x poll-ms, at least 8")
    p.add_argument("--revision", default="")
    p.add_argument("--program", action="append", nargs="+", metavar=("NAME", "ARGV"),
                   required=True, help="NAME PROGRAM [ARGS...]")
    args = p.parse_args()
    args.load_start = loadavg()
    if args.max_bracket_ms is None:
        args.max_bracket_ms = max(8.0, 4 * args.poll_ms)

    conf = args.work / "tmux.conf"
    # (no "window-size manual": it crashes tmux 3.3a's server; the control
    # client has no size of its own, so it never resizes the pane, and each
    # run checks the pane is COLSxROWS)
    conf.write_text(
        "set -g status off\n"
        f"set -g default-size {args.cols}x{args.rows}\n"
        "set -g default-terminal tmux-256color\n"
        "set -g remain-on-exit off\n"
        "set -g exit-empty off\n"
    )
    tmux = Tmux(args.socket, conf)
    # an idle session keeps the server up between the programs' sessions
    tmux.run("new-session", "-d", "-s", "keepalive", "-x", str(args.cols), "-y", str(args.rows), "sleep 100000")
    results = []
    for name, *argv in args.program:
        print(f"[bench] {name}: {shlex.join(argv)}", file=sys.stderr, flush=True)
        r = measure(name, argv, args, tmux, args.work, args.out)
        if r.first_byte_ms is not None:
            r.starts_byte_ms.append(r.first_byte_ms)
        if r.first_frame_ms is not None:
            r.starts_frame_ms.append(r.first_frame_ms)
        for _ in range(args.starts - 1):
            s = measure(name, argv, args, tmux, args.work, None, start_only=True)
            if s.first_byte_ms is not None:
                r.starts_byte_ms.append(s.first_byte_ms)
            if s.first_frame_ms is not None:
                r.starts_frame_ms.append(s.first_frame_ms)
        if not r.ok:
            print(f"[bench] {name} FAILED: {r.error}", file=sys.stderr, flush=True)
        results.append(r)
    text = report(results, args)
    if args.out:
        (args.out / "table.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
