"""Runs a command once and writes `wall user sys rss_kb` to OUT: the wall seconds around the child on
a monotonic clock, and the child's user and system CPU seconds (all threads) from the kernel's
resource usage (os.wait4), with microsecond resolution where /usr/bin/time prints 10 ms steps. The
peak resident set comes from /usr/bin/time, which runs the command: a child forked from Python
would report Python's own resident set as its peak (the kernel keeps the larger of the image before
exec and after), /usr/bin/time's is about 2 MB. It adds its own start-up, about 2 ms of wall and
CPU time (measured on /bin/true), to every tool alike. The command inherits standard output and
error; the exit status is the command's.

Usage: timed.py OUT COMMAND...

`child_times` is the clock shared with startup.py.
"""

import os
import subprocess
import sys
import time


def child_times(cmd, **popen):
    """Runs `cmd` to its end: (wall seconds, user CPU seconds, system CPU seconds, wait status)."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, **popen)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = 0  # reaped above
    return wall, usage.ru_utime, usage.ru_stime, status


def main():
    out = sys.argv[1]
    cmd = sys.argv[2:]
    wall, user, sys_, status = child_times(["/usr/bin/time", "-f", "%M", "-o", out + ".rss", *cmd])
    with open(out + ".rss", encoding="utf-8") as f:
        rss_kb = int(f.read().split()[-1])
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"{wall:.6f} {user:.6f} {sys_:.6f} {rss_kb}\n")
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
