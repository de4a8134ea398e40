#!/usr/bin/env bash
# Generates a ~100 MB NDJSON file of mixed events (every JSON sample the tool ships, in turn) and
# times the release `fc-events validate` on it beside the ceiling the library sets on this machine
# (`cli/examples/ndjson_ceiling.rs`: the same lines already in memory, detected, decoded and
# validated by `validate_slice` on as many threads as the CLI uses). The two alternate, RUNS times
# each; the medians and the CLI's share of the ceiling are printed, with the load average before
# and after, and the CLI's peak memory (maximum resident set, one more run, not timed).
# Usage: benches/cli_ndjson.sh [MB] [RUNS]; FC_EVENTS_BIN=PATH times that build of the CLI instead
# (an earlier one, to compare in the same session).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
runs=${2:-5}
data=benches/data
mkdir -p "$data"
cargo build --release -p fc-events-cli --quiet --bin fc-events --example ndjson_ceiling
bin=${FC_EVENTS_BIN:-target/release/fc-events}
file="$data/mixed-${mb}mb.ndjson"
if [ ! -s "$file" ]; then
  python3 - "$bin" "$file" "$mb" <<'PY'
import json, subprocess, sys
bin, path, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
kinds = [l.split()[0] for l in subprocess.run([bin, "kinds"], capture_output=True, text=True).stdout.splitlines() if l.strip()]
lines = []
for k in kinds:
    if k == "iot":  # never detected: it would count as invalid
        continue
    raw = subprocess.run([bin, "sample", k], capture_output=True).stdout
    try:
        lines.append(json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")))
    except ValueError:
        pass  # CBOR or raw text samples cannot be NDJSON lines
block = ("\n".join(lines) + "\n").encode()
with open(path, "wb") as f:
    for _ in range(mb * 1_000_000 // len(block) + 1):
        f.write(block)
print(f"{path}: {len(lines)} kinds", file=sys.stderr)
PY
fi
bytes=$(stat -c %s "$file")
threads=$(nproc)
cli_times=()
lib_times=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$bin" validate "$file" > "$data/report.txt" || { tail -3 "$data/report.txt"; exit 1; }
  end=$(date +%s.%N)
  cli_times+=("$(python3 -c "print($end - $start)")")
  read -r secs lines faulty <<<"$(target/release/examples/ndjson_ceiling "$file" "$threads")"
  [ "$faulty" = 0 ] || { echo "the ceiling found $faulty faulty lines" >&2; exit 1; }
  lib_times+=("$secs")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
tail -1 "$data/report.txt"
peak=$(python3 - "$bin" "$file" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "validate", sys.argv[2]], stdout=subprocess.DEVNULL, check=True)
print(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.1f}")
PY
)
python3 - "$bytes" "$threads" "${cli_times[*]}" "${lib_times[*]}" <<'PY'
import statistics, sys
b, threads = int(sys.argv[1]), int(sys.argv[2])
cli = statistics.median(map(float, sys.argv[3].split()))
lib = statistics.median(map(float, sys.argv[4].split()))
print(f"{b/1e6:.1f} MB on {threads} threads, medians of {len(sys.argv[3].split())} alternating runs:")
print(f"  fc-events validate (wall, whole process): {cli:.3f} s = {b/1e6/cli:.0f} MB/s")
print(f"  library ceiling (validate_slice, lines in memory): {lib:.3f} s = {b/1e6/lib:.0f} MB/s")
print(f"  CLI at {100*lib/cli:.0f}% of the ceiling")
PY
echo "  peak memory of fc-events validate: $peak MiB; load average $load_before (before), $load_after (after)"
