"""Times a command's start-up: runs it K times and prints `| wall ms | CPU ms |`, the medians, with
the CPU time (user+sys, all threads) from the kernel's resource usage of each child (os.wait4).
Output and exit status are ignored; standard output goes to /dev/null.

Usage: startup.py K COMMAND...
"""

import os
import statistics
import subprocess
import sys
import time

k = int(sys.argv[1])
cmd = sys.argv[2:]
walls, cpus = [], []
with open(os.devnull, "wb") as null:
    for _ in range(k):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, _, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        child.returncode = 0  # reaped above
print(f"{statistics.median(walls) * 1000:.1f} | {statistics.median(cpus) * 1000:.1f}")
