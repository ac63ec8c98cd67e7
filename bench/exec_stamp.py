#!/usr/bin/env python3
"""Start gate for bench/moderator.py: the tmux pane runs this first.

    exec_stamp.py FIFO STAMP_FILE PROGRAM [ARGS...]

It blocks until the harness writes to FIFO (by then pipe-pane and the
control-mode client are in place), writes CLOCK_MONOTONIC and CLOCK_REALTIME
in nanoseconds to STAMP_FILE, then execs PROGRAM in the same process, so the
pane's PID is the program's PID and the stamp is taken right before execve:
the program's "time to first frame" includes exec, dynamic loading and its
own start-up, and none of this wrapper's.
"""

import os
import sys
import time


def main() -> None:
    fifo, stamp, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(fifo, "rb") as gate:
        gate.read(1)
    mono = time.monotonic_ns()
    real = time.time_ns()
    fd = os.open(stamp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, f"{mono} {real}\n".encode())
    os.close(fd)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
