#!/usr/bin/env bash
# Side-by-side: `fc-events validate` against the validators users would run instead (check-jsonschema,
# Python jsonschema, pydantic v2, ajv), on one generated corpus of OSS events, as NDJSON and as a folder
# of files. Installs the peers (pinned) from PyPI and npm into a work folder; no other network traffic.
# Beside them, the floor of a folder for any tool: `floor.rs` (built with rustc -O) only lists the
# folder and opens, reads and closes every file, on 2 threads and on 1 ("read only (no parsing)").
#
# Usage: benches/peers/run.sh [--quick] [-n N] [-r RUNS] [--dir DIR] [--skip-slow] [--syscalls]
#                             [--startup K]
#   -n N        events in the corpus (default 20000; --quick: 2000 and 1 run)
#   -r RUNS     timed runs per tool and mode; the table gives the median wall time (default 3)
#   --dir DIR   work folder (venv, node_modules, corpus) kept for the next run; default: a temp
#               folder removed at exit
#   --skip-slow leaves out the slow Python peers (jsonschema, check-jsonschema): for large N
#   --syscalls  also runs fc-events, the floor and ajv on the folder once each under `strace -c -f`
#               and prints their system calls per file
#   --startup K also prints each NDJSON tool's start-up: median wall and CPU milliseconds of K runs
#               on a one-event NDJSON file
# Prints a markdown table: tool, mode, median wall seconds, ratio to fc-events in the same mode,
# median CPU seconds (user+sys), peak RSS. Fails if any tool rejects any document of the corpus.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=20000 runs=3 dir="" skip_slow=0 syscalls=0 startup=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) n=2000 runs=1 ;;
    -n) n=$2; shift ;;
    -r) runs=$2; shift ;;
    --dir) dir=$2; shift ;;
    --skip-slow) skip_slow=1 ;;
    --syscalls) syscalls=1 ;;
    --startup) startup=$2; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

# Pinned peers.
PY_PEERS=(check-jsonschema==0.39.0 jsonschema==4.26.0 rfc3339-validator==0.1.4 pydantic==2.14.4)
NPM_PEERS=(ajv@8.20.0 ajv-formats@3.0.1)

if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

cd "$root"
if [ -f cli/Cargo.toml ]; then
  cargo build --release -p fc-events-cli --quiet
else
  cargo build --release --features cli --quiet
fi
bin=$root/target/release/fc-events
schema=$root/schemas/oss.schema.json
floor=$dir/floor
rustc -O --edition 2021 -o "$floor" "$here/floor.rs"

if [ ! -x "$dir/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/pip" install --quiet --disable-pip-version-check "${PY_PEERS[@]}"
fi
if [ ! -d "$dir/node/node_modules/ajv-formats" ]; then
  mkdir -p "$dir/node"
  npm install --prefix "$dir/node" --no-audit --no-fund --silent "${NPM_PEERS[@]}"
fi
py=$dir/venv/bin/python
versions=$("$py" - <<'PY'
from importlib.metadata import version as v
print(", ".join(f"{p} {v(p)}" for p in ["check-jsonschema", "jsonschema", "pydantic"]))
PY
)
versions="$versions, ajv $(node -p "require('$dir/node/node_modules/ajv/package.json').version"), ajv-formats $(node -p "require('$dir/node/node_modules/ajv-formats/package.json').version"), node $(node --version)"

corpus=$dir/corpus-$n
if [ ! -f "$corpus.ndjson" ]; then
  "$bin" sample oss > "$dir/sample.json"
  rm -rf "$corpus"
  python3 "$here/gen_corpus.py" "$dir/sample.json" "$n" "$corpus.ndjson.tmp" "$corpus"
  mv "$corpus.ndjson.tmp" "$corpus.ndjson"
fi
files=("$corpus"/*.json)
[ "${#files[@]}" -eq "$n" ] || { echo "corpus folder has ${#files[@]} files, not $n" >&2; exit 1; }

# name|mode|accept|command, with @NDJSON@, @FOLDER@ and @FILES@ standing for the input. `accept` is how
# a run shows it accepted every document: `count` (the line `valid N invalid 0`), `fc` (the CLI's
# summary: N valid, 0 invalid), `rc` (exit status 0 only) or `read` (the floor: `read N files`; it
# checks nothing, so it is left out of the check that invalid events are rejected).
tools=(
  "fc-events|ndjson|fc|$bin validate --trigger oss @NDJSON@"
  "fc-events|folder|fc|$bin validate --trigger oss @FOLDER@"
  "fc-events, 1 thread|ndjson|fc|env RAYON_NUM_THREADS=1 $bin validate --trigger oss @NDJSON@"
  "fc-events, 1 thread|folder|fc|env RAYON_NUM_THREADS=1 $bin validate --trigger oss @FOLDER@"
  "fc-events, detect kind|ndjson|fc|$bin validate @NDJSON@"
  "fc-events, detect kind|folder|fc|$bin validate @FOLDER@"
  "read only (no parsing)|folder|read|$floor @FOLDER@ 2"
  "read only (no parsing), 1 thread|folder|read|$floor @FOLDER@ 1"
  "ajv|ndjson|count|node $here/ajv_validate.js $schema ndjson @NDJSON@"
  "ajv|folder|count|node $here/ajv_validate.js $schema folder @FOLDER@"
  "pydantic v2|ndjson|count|$py $here/py_validate.py pydantic ndjson @NDJSON@"
  "pydantic v2|folder|count|$py $here/py_validate.py pydantic folder @FOLDER@"
  "jsonschema|ndjson|count|$py $here/py_validate.py jsonschema $schema ndjson @NDJSON@"
  "jsonschema|folder|count|$py $here/py_validate.py jsonschema $schema folder @FOLDER@"
  "check-jsonschema|folder|rc|$dir/venv/bin/check-jsonschema --schemafile $schema @FILES@"
)
slow_note=""
if [ "$skip_slow" = 1 ]; then
  kept=()
  for t in "${tools[@]}"; do
    case "$t" in jsonschema\|* | check-jsonschema\|*) ;; *) kept+=("$t") ;; esac
  done
  tools=("${kept[@]}")
  slow_note="jsonschema and check-jsonschema left out (--skip-slow)"
fi
export NODE_PATH=$dir/node/node_modules PYTHONDONTWRITEBYTECODE=1

# Every tool must reject an impossible eventTime and a negative size (so formats and bounds are
# checked by each), as NDJSON and as files.
bad=$dir/bad
rm -rf "$bad" && mkdir -p "$bad/folder"
head -1 "$corpus.ndjson" | sed 's/"eventTime":"[^"]*"/"eventTime":"2025-13-45T99:00:00Z"/' > "$bad/folder/time.json"
head -1 "$corpus.ndjson" | sed 's/"size":[0-9]*/"size":-5/' > "$bad/folder/size.json"
cat "$bad/folder/time.json" "$bad/folder/size.json" > "$bad/bad.ndjson"
for t in "${tools[@]}"; do
  IFS='|' read -r name mode accept cmd <<< "$t"
  [ "$accept" = read ] && continue
  cmd=${cmd//@NDJSON@/$bad/bad.ndjson}
  cmd=${cmd//@FOLDER@/$bad/folder}
  cmd=${cmd//@FILES@/$bad/folder/size.json $bad/folder/time.json}
  # shellcheck disable=SC2086 # split on spaces on purpose (no path has one)
  if $cmd > "$dir/out.txt" 2>&1; then
    echo "$name ($mode) accepted invalid events:" >&2; tail -5 "$dir/out.txt" >&2; exit 1
  fi
done

results=$dir/results.tsv
: > "$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= runs; r++)); do
  for t in "${tools[@]}"; do
    IFS='|' read -r name mode accept cmd <<< "$t"
    cmd=${cmd//@NDJSON@/$corpus.ndjson}
    cmd=${cmd//@FOLDER@/$corpus}
    [[ $cmd == *@FILES@* ]] && cmd=${cmd//@FILES@/${files[*]}}
    # shellcheck disable=SC2086 # split on spaces on purpose (no path has one)
    if ! python3 "$here/timed.py" "$dir/time.txt" $cmd > "$dir/out.txt" 2>&1; then
      echo "$name ($mode) failed or rejected valid input:" >&2
      tail -5 "$dir/out.txt" >&2
      exit 1
    fi
    case "$accept" in
      count) grep -qx "valid $n invalid 0" "$dir/out.txt" ;;
      fc) grep -Eq "(^|[^0-9])$n valid, 0 invalid" "$dir/out.txt" ;;
      rc) true ;;
      read) grep -Eq "^read $n files, " "$dir/out.txt" ;;
    esac || { echo "$name ($mode) did not accept all $n documents:" >&2; tail -5 "$dir/out.txt" >&2; exit 1; }
    printf '%s\t%s\t%s\n' "$name" "$mode" "$(tail -1 "$dir/time.txt")" >> "$results"
    echo "run $r/$runs: $name ($mode): $(tail -1 "$dir/time.txt")" >&2
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 "$here/table.py" "$results" <<EOF
events $n
bytes $(stat -c %s "$corpus.ndjson")
runs $runs
load $load_before (before), $load_after (after); $(nproc) cores
versions $versions
note $slow_note
EOF

if [ "$syscalls" = 1 ]; then
  # One run each under strace (which slows every call: counts only, no times).
  traced=()
  for t in "fc-events|$bin validate --trigger oss $corpus" \
    "read only (no parsing)|$floor $corpus 2" \
    "read only (no parsing), 1 thread|$floor $corpus 1" \
    "ajv|node $here/ajv_validate.js $schema folder $corpus"; do
    IFS='|' read -r name cmd <<< "$t"
    out=$dir/strace-${#traced[@]}.txt
    # shellcheck disable=SC2086 # split on spaces on purpose (no path has one)
    strace -f -c -o "$out" $cmd > /dev/null
    traced+=("$name=$out")
  done
  echo
  python3 "$here/syscalls.py" "$n" "${traced[@]}"
fi

if [ "$startup" -gt 0 ]; then
  head -1 "$corpus.ndjson" > "$dir/one.ndjson"
  echo
  echo "Start-up: a one-event NDJSON file, median of $startup runs each."
  echo
  echo "| tool | wall ms | CPU ms (user+sys) |"
  echo "|---|---:|---:|"
  for t in "${tools[@]}"; do
    IFS='|' read -r name mode accept cmd <<< "$t"
    [ "$mode" = ndjson ] || continue
    cmd=${cmd//@NDJSON@/$dir/one.ndjson}
    # shellcheck disable=SC2086 # split on spaces on purpose (no path has one)
    echo "| $name | $(python3 "$here/startup.py" "$startup" $cmd) |"
  done
fi
