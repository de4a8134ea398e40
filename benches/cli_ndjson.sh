#!/usr/bin/env bash
# Generates a ~100 MB NDJSON file of mixed events (every JSON sample the tool ships, in turn) and
# times the release `fc-events validate` on it. Prints MB/s. Usage: benches/cli_ndjson.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
data=benches/data
mkdir -p "$data"
cargo build --release -p fc-events-cli --quiet
bin=target/release/fc-events
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
start=$(date +%s.%N)
"$bin" validate "$file" > "$data/report.txt" || { tail -3 "$data/report.txt"; exit 1; }
end=$(date +%s.%N)
tail -1 "$data/report.txt"
python3 -c "b=$bytes; t=$end-$start; print(f'{b/1e6:.1f} MB in {t:.2f} s: {b/1e6/t:.0f} MB/s on $(nproc) cores')"
