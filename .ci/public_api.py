#!/usr/bin/env python3
"""Prints the public API of fc-events, one sorted line per item, from rustdoc's JSON output.

The listing is committed as `public-api.txt`; CI regenerates it and fails on a difference, so the
public API changes only on purpose. Regenerate it after an intended change with

    .ci/public_api.py --write

which runs (stable Rust suffices; the JSON output is unstable, hence RUSTC_BOOTSTRAP)

    RUSTC_BOOTSTRAP=1 cargo rustdoc -p fc-events --lib --all-features -- -Z unstable-options --output-format json

and writes public-api.txt. `.ci/public_api.py --check` compares instead and prints a diff.
Each line names the item by its public path with its kind and, for functions, fields and
constants, its signature. Auto-trait and blanket impls are left out (they follow from the rest).
"""

import difflib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LISTING = os.path.join(ROOT, "public-api.txt")


def build_json():
    env = dict(os.environ, RUSTC_BOOTSTRAP="1", RUSTDOCFLAGS="")
    subprocess.run(
        ["cargo", "rustdoc", "--quiet", "-p", "fc-events", "--lib", "--all-features", "--",
         "-Z", "unstable-options", "--output-format", "json"],
        cwd=ROOT, env=env, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    with open(os.path.join(target, "doc", "fc_events.json"), encoding="utf-8") as f:
        return json.load(f)


def kind_of(item):
    inner = item["inner"]
    return next(iter(inner)) if isinstance(inner, dict) else inner


def path_name(p):
    return p.get("path") or p.get("name") or "?"


def generic_args(args):
    if not args:
        return ""
    if "angle_bracketed" in args:
        ab = args["angle_bracketed"]
        parts = []
        for a in ab.get("args", []):
            if "type" in a:
                parts.append(ty(a["type"]))
            elif "lifetime" in a:
                parts.append(a["lifetime"])
            elif "const" in a:
                parts.append(str(a["const"].get("expr", "_")))
        for c in ab.get("constraints", ab.get("bindings", [])):
            binding = c.get("binding", {})
            if "equality" in binding and "type" in binding["equality"]:
                parts.append(f'{c["name"]} = {ty(binding["equality"]["type"])}')
            else:
                parts.append(c["name"])
        return "<" + ", ".join(parts) + ">" if parts else ""
    if "parenthesized" in args:
        p = args["parenthesized"]
        out = "(" + ", ".join(ty(t) for t in p.get("inputs", [])) + ")"
        if p.get("output"):
            out += " -> " + ty(p["output"])
        return out
    return ""


def bound(b):
    if "trait_bound" in b:
        t = b["trait_bound"]["trait"]
        return path_name(t) + generic_args(t.get("args"))
    if "outlives" in b:
        return b["outlives"]
    return "?"


def ty(t):
    if t is None:
        return "()"
    if isinstance(t, str):
        return "_" if t == "infer" else t
    (k, v), = t.items()
    if k == "resolved_path":
        return path_name(v) + generic_args(v.get("args"))
    if k in ("generic", "primitive"):
        return v
    if k == "borrowed_ref":
        lt = (v.get("lifetime") + " ") if v.get("lifetime") else ""
        return "&" + lt + ("mut " if v.get("is_mutable", v.get("mutable")) else "") + ty(v["type"])
    if k == "slice":
        return "[" + ty(v) + "]"
    if k == "array":
        return "[" + ty(v["type"]) + "; " + str(v["len"]) + "]"
    if k == "tuple":
        return "(" + ", ".join(ty(x) for x in v) + ")"
    if k == "impl_trait":
        return "impl " + " + ".join(bound(b) for b in v)
    if k == "dyn_trait":
        return "dyn " + " + ".join(path_name(p["trait"]) + generic_args(p["trait"].get("args"))
                                   for p in v.get("traits", []))
    if k == "qualified_path":
        return f'<{ty(v["self_type"])}>::{v["name"]}'
    if k == "raw_pointer":
        return "*" + ("mut " if v.get("is_mutable", v.get("mutable")) else "const ") + ty(v["type"])
    if k == "function_pointer":
        sig = v.get("sig", v.get("decl", {}))
        return "fn(" + ", ".join(ty(x[1]) for x in sig.get("inputs", [])) + ") -> " + ty(sig.get("output"))
    return k


def generics(g):
    params = []
    for p in (g or {}).get("params", []):
        kind = p.get("kind", {})
        if "type" in kind:
            bounds = kind["type"].get("bounds", [])
            params.append(p["name"] + (": " + " + ".join(bound(b) for b in bounds) if bounds else ""))
        elif "const" in kind:
            params.append("const " + p["name"] + ": " + ty(kind["const"]["type"]))
        elif "lifetime" in kind:
            params.append(p["name"])
    return "<" + ", ".join(params) + ">" if params else ""


def self_param(t):
    return {"Self": "self", "&Self": "&self", "&mut Self": "&mut self"}.get(ty(t), "self: " + ty(t))


def fn_sig(item):
    f = item["inner"]["function"]
    sig = f.get("sig", f.get("decl", {}))
    ins = ", ".join(self_param(t) if n == "self" else f"{n}: {ty(t)}" for n, t in sig.get("inputs", []))
    out = sig.get("output")
    return f'fn {item["name"]}{generics(f.get("generics"))}({ins})' + (f" -> {ty(out)}" if out else "")


class Lister:
    def __init__(self, doc):
        self.index = doc["index"]
        self.lines = set()
        self.seen = set()

    def item(self, id_):
        return self.index.get(str(id_))

    def visible(self, item):
        return item.get("visibility") == "public" or kind_of(item) in ("impl", "variant")

    def walk(self, id_, path):
        item = self.item(id_)
        if item is None or (str(id_), path) in self.seen:
            return
        self.seen.add((str(id_), path))
        kind = kind_of(item)
        inner = item["inner"][kind] if isinstance(item["inner"], dict) else None
        if kind == "module":
            self.lines.add(f"pub mod {path}")
            for child in inner["items"]:
                self.child(child, path)
        elif kind == "struct":
            self.lines.add(f"pub struct {path}{generics(inner.get('generics'))}")
            sk = inner["kind"]
            if isinstance(sk, dict) and "plain" in sk:
                for fid in sk["plain"]["fields"]:
                    fitem = self.item(fid)
                    if fitem and fitem.get("visibility") == "public":
                        self.lines.add(f"pub {path}::{fitem['name']}: {ty(fitem['inner']['struct_field'])}")
            elif isinstance(sk, dict) and "tuple" in sk:
                fields = ["_" if f is None else ty(self.item(f)["inner"]["struct_field"]) for f in sk["tuple"]]
                self.lines.add(f"pub struct {path}({', '.join(fields)})")
            self.impls(inner.get("impls", []), path)
        elif kind == "enum":
            self.lines.add(f"pub enum {path}{generics(inner.get('generics'))}")
            for vid in inner["variants"]:
                v = self.item(vid)
                vk = v["inner"]["variant"]["kind"]
                if isinstance(vk, dict) and "tuple" in vk:
                    fields = ["_" if f is None else ty(self.item(f)["inner"]["struct_field"]) for f in vk["tuple"]]
                    self.lines.add(f"{path}::{v['name']}({', '.join(fields)})")
                elif isinstance(vk, dict) and "struct" in vk:
                    fields = [f"{self.item(f)['name']}: {ty(self.item(f)['inner']['struct_field'])}"
                              for f in vk["struct"]["fields"]]
                    self.lines.add(f"{path}::{v['name']} {{ {', '.join(fields)} }}")
                else:
                    self.lines.add(f"{path}::{v['name']}")
            self.impls(inner.get("impls", []), path)
        elif kind == "trait":
            supers = " + ".join(bound(b) for b in inner.get("bounds", []))
            self.lines.add(f"pub trait {path}{generics(inner.get('generics'))}" + (f": {supers}" if supers else ""))
            for mid in inner["items"]:
                self.member(mid, path)
        elif kind == "function":
            self.lines.add(f"pub {fn_sig(item).replace('fn ' + item['name'], 'fn ' + path, 1)}")
        elif kind in ("constant", "static"):
            t = inner.get("type", inner.get("const", {}).get("type"))
            self.lines.add(f"pub {'const' if kind == 'constant' else 'static'} {path}: {ty(t)}")
        elif kind == "type_alias":
            self.lines.add(f"pub type {path} = {ty(inner['type'])}")
        elif kind == "macro":
            self.lines.add(f"pub macro {path}!")
        else:
            self.lines.add(f"pub {kind} {path}")

    def child(self, cid, parent):
        c = self.item(cid)
        if c is None or c.get("visibility") != "public":
            return
        if kind_of(c) == "use":
            u = c["inner"]["use"]
            target = u.get("id")
            if target is not None and self.item(target) is not None:
                t = self.item(target)
                if u.get("is_glob"):
                    if kind_of(t) == "module":
                        for child in t["inner"]["module"]["items"]:
                            self.child(child, parent)
                    return
                self.walk(target, f"{parent}::{u['name']}")
            else:
                self.lines.add(f"pub use {parent}::{u['name']} = {u['source']}")
            return
        if kind_of(c) == "impl":
            return
        self.walk(cid, f"{parent}::{c['name']}")

    def member(self, mid, path):
        m = self.item(mid)
        if m is None:
            return
        k = kind_of(m)
        if k == "function":
            self.lines.add(f"{path}::{fn_sig(m)}")
        elif k == "assoc_const":
            self.lines.add(f"{path}::const {m['name']}: {ty(m['inner']['assoc_const']['type'])}")
        elif k == "assoc_type":
            self.lines.add(f"{path}::type {m['name']}")

    def impls(self, ids, path):
        for iid in ids:
            imp = self.item(iid)
            if imp is None:
                continue
            i = imp["inner"]["impl"]
            if i.get("is_synthetic") or i.get("synthetic") or i.get("blanket_impl"):
                continue
            if i.get("trait"):
                t = i["trait"]
                neg = "!" if i.get("is_negative") else ""
                self.lines.add(f"{path}: impl{generics(i.get('generics'))} {neg}{path_name(t)}{generic_args(t.get('args'))} for {ty(i['for'])}")
            else:
                for mid in i["items"]:
                    m = self.item(mid)
                    if m and m.get("visibility") == "public":
                        self.member(mid, path)


def listing():
    doc = build_json()
    lister = Lister(doc)
    root = doc["index"][str(doc["root"])]
    name = root["name"]
    lister.lines.add(f"pub mod {name}")
    for child in root["inner"]["module"]["items"]:
        lister.child(child, name)
    return "".join(line + "\n" for line in sorted(lister.lines))


# The crates whose types the public API may name: the standard library, serde, serde_json and
# chrono; schemars only in the `schema` feature's integration (its `JsonSchema` impls and the
# schema helpers). Any other crate's type would make that crate's next major version a breaking
# change of this one.
ALLOWED_CRATES = {"fc_events", "crate", "self", "super", "std", "core", "alloc", "io", "fmt",
                  "serde", "serde_json", "chrono", "schemars"}


def foreign_types(text):
    """Lines that name a type from a crate outside ALLOWED_CRATES, by the first segment of a path."""
    import re
    found = []
    for line in text.splitlines():
        for first in re.findall(r"(?<![:\w])([a-z_][a-z0-9_]*)::", line):
            if first not in ALLOWED_CRATES:
                found.append(f"{first}: {line}")
    return found


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "--print"
    text = listing()
    foreign = foreign_types(text)
    if foreign and mode in ("--write", "--check"):
        print("The public API names types of crates it does not promise to expose:")
        print("".join(f"  {line}\n" for line in foreign), end="")
        sys.exit(1)
    if mode == "--write":
        with open(LISTING, "w", encoding="utf-8") as f:
            f.write(text)
    elif mode == "--check":
        with open(LISTING, encoding="utf-8") as f:
            committed = f.read()
        if committed != text:
            sys.stdout.writelines(difflib.unified_diff(
                committed.splitlines(True), text.splitlines(True),
                "public-api.txt (committed)", "public-api.txt (this build)"))
            print("\nThe public API changed. If that is intended, regenerate the listing with "
                  "`.ci/public_api.py --write`, commit it, and note the change in CHANGELOG.md.")
            sys.exit(1)
        print("public API unchanged")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
