"""Prints system calls per file from `strace -c -f` summaries, as a markdown table.

Usage: syscalls.py N NAME=STRACE_OUTPUT... (N: files in the folder each tool read)
The calls a per-file reader makes (openat, statx and the other stat calls, read, close) get a column
each; the threads' waiting (futex, sched_yield) one; everything else is "other" (start-up, memory).
"""

import sys

COLUMNS = [
    ("openat", {"openat", "open"}),
    ("statx / fstat", {"statx", "fstat", "newfstatat", "stat", "lstat", "lseek"}),
    ("read", {"read", "pread64"}),
    ("close", {"close"}),
    ("futex, sched_yield", {"futex", "sched_yield"}),
]


def counts(path):
    calls = {}
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if len(parts) < 5 or not parts[3].isdigit() or parts[-1] == "total":
            continue
        calls[parts[-1]] = int(parts[3])
    return calls


n = int(sys.argv[1])
print(f"System calls per file (`strace -c -f`, one run each, {n:,} files):\n")
print("| tool | " + " | ".join(c for c, _ in COLUMNS) + " | other | all |")
print("|---|" + "---:|" * (len(COLUMNS) + 2))
for arg in sys.argv[2:]:
    name, path = arg.split("=", 1)
    calls = counts(path)
    cells = []
    seen = set()
    for _, names in COLUMNS:
        cells.append(sum(calls.get(s, 0) for s in names))
        seen |= names
    other = sum(c for s, c in calls.items() if s not in seen)
    total = sum(calls.values())
    print(f"| {name} | " + " | ".join(f"{c / n:.2f}" for c in cells + [other, total]) + " |")
