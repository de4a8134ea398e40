"""Times a command's start-up: runs it K times and prints `| wall ms | CPU ms |`, the medians, with
the CPU time (user+sys, all threads) from the kernel's resource usage of each child (os.wait4,
through timed.py's `child_times`). Output and exit status are ignored; standard output goes to
/dev/null.

Usage: startup.py K COMMAND...
"""

import os
import statistics
import sys

from timed import child_times

k = int(sys.argv[1])
cmd = sys.argv[2:]
walls, cpus = [], []
with open(os.devnull, "wb") as null:
    for _ in range(k):
        wall, user, sys_, _ = child_times(cmd, stdout=null, stderr=null)
        walls.append(wall)
        cpus.append(user + sys_)
print(f"{statistics.median(walls) * 1000:.1f} | {statistics.median(cpus) * 1000:.1f}")
