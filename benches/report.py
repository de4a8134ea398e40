#!/usr/bin/env python3
"""Turns criterion's results (target/criterion) into the ratio tables of BENCHMARKS.md.

Run after `cargo bench --bench decode` (and `--bench tablestore`); prints Markdown.
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "target", "criterion")


# On a shared machine, interference only ever adds time: the fastest samples are the least
# disturbed. Every figure is the 10th percentile of criterion's per-sample times (time per iteration
# of each of the 100 samples); `--stat mean` or `--stat median` use criterion's own estimates instead.
STAT = sys.argv[sys.argv.index("--stat") + 1] if "--stat" in sys.argv else "p10"


def estimate(group, bench, stat=None):
    stat = stat or STAT
    base = os.path.join(ROOT, group, bench, "new")
    try:
        if stat in ("mean", "median"):
            with open(os.path.join(base, "estimates.json")) as f:
                return json.load(f)[stat]["point_estimate"]  # nanoseconds
        with open(os.path.join(base, "sample.json")) as f:
            sample = json.load(f)
    except FileNotFoundError:
        return None
    per_iter = sorted(t / i for t, i in zip(sample["times"], sample["iters"]))
    return per_iter[len(per_iter) // 10]


def size(group, bench):
    path = os.path.join(ROOT, group, bench, "new", "benchmark.json")
    try:
        with open(path) as f:
            t = json.load(f).get("throughput") or {}
            return t.get("Bytes") or t.get("BytesDecimal")
    except FileNotFoundError:
        return None


def mbps(nbytes, ns):
    return nbytes / ns * 1e9 / 1e6


SCALING = [
    # benches/scaling.rs: decoding events as one part of them grows.
    ("scaling-unknown-members", "member"),
    ("scaling-headers", "entry"),
    ("scaling-queryParameters", "entry"),
    ("scaling-mns-attrs", "entry"),
    ("scaling-userMeta", "entry"),
    ("scaling-array-elements", "element"),
    ("scaling-unknown-array-elements", "element"),
    ("scaling-batch-records", "record"),
    ("scaling-batch-string-records", "record"),
    ("scaling-string-bytes", "byte"),
    # benches/scaling_config.rs: trigger definitions and cron expressions.
    ("mixed-definitions", "definition"),
    ("overlapping-oss", "definition"),
    ("pattern-characters", "character"),
    ("cron-list-characters", "character"),
    ("every-term-characters", "character"),
]


def scaling():
    """The tables of `cargo bench --bench scaling` and `--bench scaling_config`: time per unit at
    each size (shapes without results are left out)."""
    sizes = (1_000, 10_000, 100_000)
    print("| shape (unit) | " + " | ".join(f"{n:,}" for n in sizes) + " | 100,000 ÷ 1,000 per unit |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for group, unit in SCALING:
        per = [estimate(group, str(n)) for n in sizes]
        if all(t is None for t in per):
            continue
        per = [None if t is None else t / n for t, n in zip(per, sizes)]
        cells = ["–" if t is None else f"{t:,.0f} ns" if t >= 100 else f"{t:.1f} ns" for t in per]
        ratio = f"{per[-1] / per[0]:.2f}x" if per[0] and per[-1] else "–"
        print(f"| {group} (per {unit}) | " + " | ".join(cells) + f" | {ratio} |")


def main():
    if "--scaling" in sys.argv:
        return scaling()
    if not os.path.isdir(ROOT):
        sys.exit("no criterion results: run `cargo bench --bench decode` first")
    rows = []
    misses = []
    for group in sorted(os.listdir(ROOT)):
        typed = estimate(group, "typed")
        if typed is None:
            continue
        n = size(group, "typed")
        value = estimate(group, "value")
        validate = estimate(group, "validate")
        encode = estimate(group, "encode")
        detect = estimate(group, "detect+typed")
        ratio = value / typed if value else None
        vshare = validate / typed if validate else None
        rows.append((group, n, value, typed, detect, validate, encode, ratio, vshare))
        if ratio is not None and ratio < 3.0:
            misses.append(f"{group}: typed/Value {ratio:.2f}x (< 3.0x)")
        if detect is not None and detect / typed > 1.10:
            misses.append(f"{group}: detect+typed {detect / typed:.2f}x typed (> 1.10x)")
        if vshare is not None and vshare > 0.25:
            misses.append(f"{group}: validation {vshare:.0%} of decode (> 25%)")
    print("| kind | bytes | Value MB/s | typed MB/s | typed ÷ Value | detect+typed MB/s | detect+typed ÷ typed | validate ÷ decode | encode MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for group, n, value, typed, detect, validate, encode, ratio, vshare in rows:
        cell = lambda ns: f"{mbps(n, ns):.0f}" if ns else "–"
        print(
            f"| {group} | {n} | {cell(value)} | {cell(typed)} | "
            f"{f'{ratio:.2f}x' if ratio else '–'} | {cell(detect)} | "
            f"{f'{detect / typed:.2f}x' if detect else '–'} | "
            f"{f'{vshare:.0%}' if vshare is not None else '–'} | {cell(encode)} |"
        )
    print()
    print(f"Statistic: {STAT}. typed ÷ Value under each statistic (same run):")
    print()
    print("| kind | p10 | median | mean | detect+typed ÷ typed, p10 | median |")
    print("|---|---:|---:|---:|---:|---:|")
    for group, *_ in rows:
        cells = []
        for stat in ("p10", "median", "mean"):
            v, t = estimate(group, "value", stat), estimate(group, "typed", stat)
            cells.append(f"{v / t:.2f}x" if v and t else "–")
        for stat in ("p10", "median"):
            d, t = estimate(group, "detect+typed", stat), estimate(group, "typed", stat)
            cells.append(f"{d / t:.2f}x" if d and t else "–")
        print(f"| {group} | " + " | ".join(cells) + " |")
    plain = estimate("oss-capture", "plain-derive")
    capture = estimate("oss-capture", "capture")
    if plain and capture:
        print()
        print(f"OSS capture cost: capture ÷ plain derive time = {capture / plain:.2f} "
              f"({(capture / plain - 1):+.0%})")
        if capture / plain > 1.10:
            misses.append(f"OSS capture cost {(capture / plain - 1):+.0%} (> +10%)")
    # Against ad-hoc structs, from the same group (benched back to back with `capture`).
    for name, how in (("adhoc-string", "serde_json::from_slice"),
                      ("adhoc-string-utf8-once", "UTF-8 checked once (str::from_utf8, then serde_json::from_str)")):
        adhoc = estimate("oss-capture", name)
        if adhoc and capture:
            print(f"OSS ad-hoc derived structs with String members, {how}: "
                  f"ad-hoc ÷ typed with capture = {adhoc / capture:.2f}x")
    ts = os.path.join(ROOT, "tablestore_decode_1000_records")
    if os.path.isdir(ts):
        names = os.listdir(ts)
        cbor = next((n for n in names if n.startswith("cbor_")), None)
        json_ = next((n for n in names if n.startswith("json_")), None)
        if cbor and json_:
            tc, tj = estimate(ts, cbor), estimate(ts, json_)
            print(f"Tablestore 1,000 records: CBOR {tc / 1e6:.2f} ms ({cbor}), JSON {tj / 1e6:.2f} ms "
                  f"({json_}): CBOR is {tj / tc:.2f}x faster")
            if tj / tc < 1.2:
                misses.append(f"Tablestore CBOR only {tj / tc:.2f}x faster than JSON (< 1.2x)")
    if misses:
        print()
        print("Targets missed:")
        for m in misses:
            print(f"- {m}")


if __name__ == "__main__":
    main()
