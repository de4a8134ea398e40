#!/usr/bin/env python3
"""Checks the committed JSON Schemas with an independent implementation (Python `jsonschema`).

Run from anywhere: `python3 tests/schema_check.py`. Needs `jsonschema` and `rfc3339-validator`
(without the latter, `jsonschema` silently skips `date-time` checks; this script refuses to run then).
.ci/run installs pinned versions of both.

Checks, mirroring tests/schemas.rs:
  1. every `schemas/*.schema.json` is valid against its meta-schema (`$schema`);
  2. every JSON fixture in `tests/fixtures/<kind>/` is accepted by `schemas/<kind>.schema.json` and
     by `schemas/fc-event.schema.json` (when the kind is one of its `anyOf` branches);
  3. every invalid fixture `tests/fixtures/invalid/<kind>/<name>.<ext>` whose sidecar
     `<name>.expect.json` says `"schema": "reject"` is rejected by its kind's schema, with an error at
     or above each expected fault's pointer; `"accept"` ones are accepted; `"skip"` ones are not read.

Prints one line per failure and a summary; exits 1 on any failure.
"""

import json
import pathlib
import sys

import jsonschema
from jsonschema.validators import validator_for

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
FIXTURES = ROOT / "tests" / "fixtures"
ANY_EVENT = "fc-event.schema.json"

passed = 0
failures = []


def check(ok, message):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(message)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validator(schema):
    cls = validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def pointer(path):
    """An error's instance location as an RFC 6901 JSON Pointer."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def is_ancestor(prefix, ptr):
    return prefix == "" or ptr == prefix or ptr.startswith(prefix + "/")


def errors(v, instance):
    return [(pointer(e.absolute_path), e.message) for e in v.iter_errors(instance)]


def main():
    date_time = jsonschema.Draft7Validator.FORMAT_CHECKER
    if date_time.conforms("yesterday", "date-time"):
        sys.exit("schema_check: date-time is not checked; install rfc3339-validator")

    # 1. Meta-schemas.
    validators = {}
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = load(path)
        try:
            validator_for(schema, default=None).check_schema(schema)
            check(True, "")
        except jsonschema.exceptions.SchemaError as e:
            check(False, f"{path.name}: not a valid schema: {e.message} at {list(e.absolute_path)}")
            continue
        except AttributeError:
            check(False, f"{path.name}: unknown $schema {schema.get('$schema')!r}")
            continue
        validators[path.name] = (schema, validator(schema))
    check(ANY_EVENT in validators, f"schemas/{ANY_EVENT} is missing")
    if ANY_EVENT not in validators:
        return
    any_schema, any_validator = validators[ANY_EVENT]
    defs = "definitions" if "definitions" in any_schema else "$defs"
    in_any = {b["$ref"].rsplit("/", 1)[1] for b in any_schema.get("anyOf", [])}
    assert all(b["$ref"].startswith(f"#/{defs}/") for b in any_schema.get("anyOf", []))

    # 2. Valid fixtures.
    for kind_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "invalid"):
        kind = kind_dir.name
        entry = validators.get(f"{kind}.schema.json")
        for path in sorted(kind_dir.glob("*.json")):
            name = f"{kind}/{path.name}"
            if entry is None:
                check(False, f"{name}: no schemas/{kind}.schema.json")
                continue
            instance = load(path)
            errs = errors(entry[1], instance)
            check(not errs, f"{name}: rejected by {kind}.schema.json: {errs}")
            if kind in in_any:
                errs = errors(any_validator, instance)
                check(not errs, f"{name}: rejected by {ANY_EVENT}: {errs[:3]}")

    # 3. Invalid fixtures.
    invalid = FIXTURES / "invalid"
    sidecars = sorted(invalid.glob("*/*.expect.json")) if invalid.is_dir() else []
    for sidecar in sidecars:
        kind = sidecar.parent.name
        stem = sidecar.name[: -len(".expect.json")]
        name = f"invalid/{kind}/{stem}"
        expect = load(sidecar)
        mode = expect.get("schema")
        if mode == "skip":
            continue
        check(mode in ("reject", "accept"), f"{name}: \"schema\" must be reject, accept or skip")
        payloads = [
            p for p in sidecar.parent.glob(stem + ".*")
            if not p.name.endswith(".expect.json") and p.stem == stem
        ]
        if len(payloads) != 1:
            check(False, f"{name}: expected one payload file, found {payloads}")
            continue
        entry = validators.get(f"{kind}.schema.json")
        if entry is None:
            check(False, f"{name}: no schemas/{kind}.schema.json")
            continue
        errs = errors(entry[1], load(payloads[0]))
        if mode == "accept":
            check(not errs, f"{name}: sidecar says the schema accepts it, but it rejects it: {errs}")
        else:
            check(bool(errs), f"{name}: sidecar says the schema rejects it, but it accepts it")
            for fault in expect["faults"]:
                where = fault["pointer"]
                check(
                    any(is_ancestor(at, where) for at, _ in errs),
                    f"{name}: no schema error at or above {where}: {errs}",
                )


if __name__ == "__main__":
    main()
    for f in failures:
        print(f"FAIL {f}")
    print(f"schema_check: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
