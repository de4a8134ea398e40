"""Writes a deterministic corpus of N OSS events, varied from the bundled sample, as one NDJSON
file and as a folder of N files (one event each).

Usage: gen_corpus.py SAMPLE.json N OUT.ndjson OUT_DIR
Keys, sizes, times, event names, buckets, regions and user metadata vary by a fixed seed, so the
same N always gives the same bytes.
"""

import copy
import json
import os
import random
import sys

NAMES = [
    "ObjectCreated:PutObject",
    "ObjectCreated:PostObject",
    "ObjectCreated:CopyObject",
    "ObjectCreated:CompleteMultipartUpload",
    "ObjectCreated:AppendObject",
    "ObjectRemoved:DeleteObject",
    "ObjectRemoved:DeleteObjects",
    "ObjectModified:UpdateObjectMeta",
]
REGIONS = ["cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1", "eu-central-1"]
MIME = ["image/png", "image/jpeg", "application/zip", "text/plain", "application/json", "video/mp4"]
WORDS = ["logs", "images", "raw", "processed", "2025", "archive", "user-uploads", "thumbs", "数据", "backup"]


def event(base, rng, i):
    ev = copy.deepcopy(base)
    rec = ev["events"][0]
    region = rng.choice(REGIONS)
    bucket = f"bucket-{rng.randrange(50):02d}-{region}"
    depth = rng.randrange(1, 7)
    key = "/".join(rng.choice(WORDS) for _ in range(depth)) + f"/obj-{i:06d}" + rng.choice(
        [".png", ".jpg", ".zip", ".log", ".json", ""]
    )
    size = rng.choice([0, rng.randrange(1, 1024), rng.randrange(1024, 1 << 20), rng.randrange(1 << 20, 1 << 34)])
    t = rng.randrange(1_704_067_200, 1_767_225_600)  # 2024-01-01 .. 2026-01-01
    ms = rng.randrange(1000)
    y, mo, d, h, mi, s = __import__("time").gmtime(t)[:6]
    rec["eventName"] = rng.choice(NAMES)
    rec["eventTime"] = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{ms:03d}Z"
    rec["region"] = region
    oss = rec["oss"]
    oss["bucket"]["name"] = bucket
    oss["bucket"]["arn"] = f"acs:oss:{region}:123456789:{bucket}"
    obj = oss["object"]
    obj["key"] = key
    obj["size"] = size
    obj["deltaSize"] = size if rng.random() < 0.8 else -rng.randrange(1 << 20)
    obj["eTag"] = "%032X" % rng.getrandbits(128)
    meta = {f"x-oss-meta-k{j}": "v" * rng.randrange(1, 40) for j in range(rng.randrange(0, 6))}
    obj["objectMeta"] = {"mimeType": rng.choice(MIME), "userMeta": meta}
    oss["ruleId"] = "%040x" % rng.getrandbits(160)
    rec["responseElements"]["requestId"] = "%024X" % rng.getrandbits(96)
    rec["requestParameters"]["sourceIPAddress"] = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}"
    return ev


def main():
    sample, n, ndjson, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    with open(sample, encoding="utf-8") as f:
        base = json.load(f)
    rng = random.Random(20_000)
    os.makedirs(folder, exist_ok=True)
    total = 0
    with open(ndjson, "w", encoding="utf-8") as out:
        for i in range(n):
            text = json.dumps(event(base, rng, i), ensure_ascii=False, separators=(",", ":"))
            out.write(text + "\n")
            with open(os.path.join(folder, f"e{i:06d}.json"), "w", encoding="utf-8") as f:
                f.write(text)
            total += len(text.encode()) + 1
    print(f"corpus: {n} OSS events, {total / 1e6:.1f} MB of NDJSON", file=sys.stderr)


if __name__ == "__main__":
    main()
