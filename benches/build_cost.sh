#!/usr/bin/env bash
# Build cost of a one-kind handler crate, side by side in one run:
#   fc-events   (this repository by path, `default-features = false, features = [KIND]`)
#   aws_lambda_events (crates.io, `default-features = false, features = [AWS_FEATURE]`), the AWS
#   equivalent.
# Each crate is built clean (its own target folder), in debug and in release; the script reports the
# user CPU seconds of the build (cargo and every compiler it waits for) and the number of crates
# compiled (cargo's `Compiling` lines, the handler crate included).
#
# Usage: [ROUNDS=N] benches/build_cost.sh [KIND] [AWS_FEATURE]      (defaults: oss s3, 1 round)
# With ROUNDS above 1 the two crates are built alternately N times each and the medians reported.
# Dependencies are fetched first (not timed); the builds then run with --offline. Run it while
# nothing else builds: user CPU is less disturbed by neighbours than wall time, but not immune.
set -euo pipefail

kind=${1:-oss}
aws_feature=${2:-s3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# new_crate NAME DEPENDENCY-LINE MAIN-SOURCE
new_crate() {
  mkdir -p "$work/$1/src"
  cat >"$work/$1/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$2

[workspace]
EOF
  printf '%s\n' "$3" >"$work/$1/src/main.rs"
}

new_crate handler-fc \
  "fc-events = { path = \"$repo\", default-features = false, features = [\"$kind\"] }" \
  'use std::io::Read;

fn main() {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).unwrap();
    match fc_events::Event::from_slice(&bytes) {
        Ok(event) => println!("{}", event.kind()),
        Err(e) => eprintln!("{e}"),
    }
}'

new_crate handler-aws \
  "aws_lambda_events = { version = \"1\", default-features = false, features = [\"$aws_feature\"] }
serde_json = \"1\"" \
  'use std::io::Read;

fn main() {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).unwrap();
    match serde_json::from_slice::<aws_lambda_events::event::s3::S3Event>(&bytes) {
        Ok(event) => println!("{} records", event.records.len()),
        Err(e) => eprintln!("{e}"),
    }
}'

for c in handler-fc handler-aws; do
  (cd "$work/$c" && cargo generate-lockfile --quiet && cargo fetch --quiet)
done

# build CRATE PROFILE-FLAG -> prints "USER_SECONDS CRATES"
build() {
  local dir="$work/$1"
  rm -rf "$dir/target"
  (cd "$dir" && CARGO_TERM_COLOR=never /usr/bin/time -f '%U' -o "$dir/time.txt" \
    cargo build --offline $2 2>"$dir/build.log") || { cat "$dir/build.log" >&2; exit 1; }
  printf '%s %s\n' "$(cat "$dir/time.txt")" "$(grep -c '^ *Compiling ' "$dir/build.log")"
}

rounds=${ROUNDS:-1}
echo "| dependency | profile | user CPU s | crates compiled |"
echo "|---|---|---:|---:|"
for profile in debug release; do
  flag=""
  [ "$profile" = release ] && flag="--release"
  fc_all=() aws_all=()
  # Alternating rounds: a neighbour's load falls on both crates alike; the medians are reported.
  for _ in $(seq "$rounds"); do
    # A failed build stops the script (a failure inside `$(...)` alone would not).
    fc_out=$(build handler-fc "$flag") || exit 1
    aws_out=$(build handler-aws "$flag") || exit 1
    read -r fc_s fc_n <<<"$fc_out"
    read -r aws_s aws_n <<<"$aws_out"
    fc_all+=("$fc_s") aws_all+=("$aws_s")
  done
  fc_s=$(printf '%s\n' "${fc_all[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  aws_s=$(printf '%s\n' "${aws_all[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  echo "| fc-events, only \`$kind\` | $profile | $fc_s | $fc_n |"
  echo "| aws_lambda_events, only \`$aws_feature\` | $profile | $aws_s | $aws_n |"
  python3 -c "print(f'| ratio fc ÷ aws | $profile | {$fc_s / $aws_s:.2f}x | |')"
  if [ "$rounds" -gt 1 ]; then
    echo "| (rounds: fc ${fc_all[*]}; aws ${aws_all[*]}) | $profile | | |"
  fi
done
