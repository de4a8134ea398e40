"""Prints the side-by-side markdown table from run.sh's results (TSV: tool, mode, "wall user sys rss_kb"
per run) and the run's facts on standard input."""

import statistics
import sys

facts = dict(line.rstrip("\n").split(" ", 1) for line in sys.stdin if line.strip())
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    tool, mode, t = line.rstrip("\n").split("\t")
    wall, user, sys_, rss = t.split()
    r = rows.setdefault((tool, mode), {"wall": [], "cpu": [], "rss": []})
    r["wall"].append(float(wall))
    r["cpu"].append(float(user) + float(sys_))
    r["rss"].append(int(rss))

n = int(facts["events"])
note = facts.get("note", "").strip()
print(f"{n:,} OSS events ({int(facts['bytes']) / 1e6:.1f} MB as NDJSON; the folder holds the same events, one per file); "
      f"median of {facts['runs']} run(s); load average {facts['load']}{'; ' + note if note else ''}.\n")
print("| tool | mode | wall s | ÷ fc-events | CPU s (user+sys) | CPU ÷ fc-events | peak RSS MB |")
print("|---|---|---:|---:|---:|---:|---:|")
base = {m: statistics.median(r["wall"]) for (t, m), r in rows.items() if t == "fc-events"}
cpu_base = {m: statistics.median(r["cpu"]) for (t, m), r in rows.items() if t == "fc-events"}
for mode in ("ndjson", "folder"):
    for (tool, m), r in rows.items():
        if m != mode:
            continue
        wall = statistics.median(r["wall"])
        ratio = "1" if tool == "fc-events" else f"{wall / base[mode]:.1f}x"
        cpu = statistics.median(r["cpu"])
        cpu_ratio = "1" if tool == "fc-events" else (f"{cpu / cpu_base[mode]:.1f}x" if cpu_base[mode] else "–")
        label = "NDJSON" if mode == "ndjson" else "folder"
        print(f"| {tool} | {label} | {wall:.3f} | {ratio} | {cpu:.3f} | {cpu_ratio} | {max(r['rss']) / 1024:.0f} |")
print(f"\nVersions: {facts['versions']}.")
print("Wall seconds are a monotonic clock around each child; CPU seconds are the child's resource usage from "
      "the kernel (`wait4`: user + system, summed over threads), both to the microsecond (`timed.py`).")
if any(t.startswith("read only") for t, _ in rows):
    print("\"read only (no parsing)\" is `benches/peers/floor.rs`: it lists the folder and opens, reads to the end "
          "and closes every file, doing nothing with the bytes: the floor of a folder for any tool.")
print("check-jsonschema reads files only (no NDJSON). Go is not installed on this machine: no Go row.")
