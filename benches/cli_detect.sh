#!/usr/bin/env bash
# The release CLI with and without `--trigger`, side by side in one run: for each kind, an NDJSON file
# of LINES copies of the bundled sample (compact), validated by `fc-events validate FILE` (the kind
# detected on every line) and `fc-events validate --trigger KIND FILE`, alternately ROUNDS times; the
# medians of wall time and of CPU time (user + sys, all threads) and the ratio detected ÷ named.
# With CALLGRIND=1, also the instructions of each (callgrind, whole process, on a 2,000-line file).
#
# Usage: benches/cli_detect.sh [LINES] [ROUNDS] [KIND...]
#   defaults: 50000 lines, 5 rounds, kinds: every JSON kind detection answers (not iot, tablestore).
set -euo pipefail

lines=${1:-50000}
rounds=${2:-5}
shift $(( $# > 2 ? 2 : $# ))
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
cargo build --quiet --release -p fc-events-cli
bin=${FC_EVENTS_BIN:-$repo/target/release/fc-events}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kinds=("$@")
if [ ${#kinds[@]} -eq 0 ]; then
  kinds=(oss mns-topic sls cdn timer apigw-request http-request system-event mns-queue rocketmq
    rabbitmq kafka dts mqtt eventbridge datahub fc-destination)
fi

# median of the numbers on standard input
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run FILE ARGS... -> "WALL CPU" seconds of one run (its output discarded; exit 0 required), to the
# microsecond (`peers/timed.py`: a monotonic clock and the child's resource usage)
run() {
  local file=$1
  shift
  python3 "$repo/benches/peers/timed.py" "$work/t" "$bin" validate --quiet "$@" "$file" >/dev/null
  awk '{print $1, $2 + $3}' "$work/t"
}

echo "$lines lines per kind, $rounds rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| kind | detected wall s | named wall s | wall ÷ | detected CPU s | named CPU s | CPU ÷ |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for kind in "${kinds[@]}"; do
  file="$work/$kind.ndjson"
  "$bin" sample "$kind" | python3 -c '
import json, sys
line = json.dumps(json.load(sys.stdin), separators=(",", ":"), ensure_ascii=False)
n = int(sys.argv[1])
sys.stdout.write((line + "\n") * n)' "$lines" >"$file"
  dw=() nw=() dc=() nc=()
  for _ in $(seq "$rounds"); do
    read -r w c <<<"$(run "$file")"
    dw+=("$w") dc+=("$c")
    read -r w c <<<"$(run "$file" --trigger "$kind")"
    nw+=("$w") nc+=("$c")
  done
  mdw=$(printf '%s\n' "${dw[@]}" | median) mnw=$(printf '%s\n' "${nw[@]}" | median)
  mdc=$(printf '%s\n' "${dc[@]}" | median) mnc=$(printf '%s\n' "${nc[@]}" | median)
  python3 -c "print(f'| $kind | {$mdw:.3f} | {$mnw:.3f} | {$mdw / max($mnw, 0.001):.2f}x | {$mdc:.3f} | {$mnc:.3f} | {$mdc / max($mnc, 0.001):.2f}x |')"
done

if [ "${CALLGRIND:-0}" = 1 ]; then
  echo
  echo "| kind | detected instructions | named instructions | ÷ |"
  echo "|---|---:|---:|---:|"
  for kind in "${kinds[@]}"; do
    head -n 2000 "$work/$kind.ndjson" >"$work/small.ndjson"
    ir() {
      RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$bin" validate --quiet "$@" "$work/small.ndjson" 2>&1 >/dev/null |
        grep -oP 'Collected : \K[0-9]+'
    }
    d=$(ir)
    n=$(ir --trigger "$kind")
    python3 -c "print(f'| $kind | {$d:,} | {$n:,} | {$d / $n:.3f}x |')"
  done
fi
