"""The fair Python baselines: one process that loads the schema (or model) once, then validates every
NDJSON line or every file of a folder. Prints `valid N invalid M`; exits 1 if any is invalid.

Usage: py_validate.py (jsonschema SCHEMA | pydantic) (ndjson FILE | folder DIR)
"""

import json
import os
import sys


def documents(mode, path):
    if mode == "ndjson":
        with open(path, "rb") as f:
            for line in f:
                if line.strip():
                    yield line
    else:
        for name in sorted(os.listdir(path)):
            with open(os.path.join(path, name), "rb") as f:
                yield f.read()


def main():
    args = sys.argv[1:]
    tool = args.pop(0)
    if tool == "jsonschema":
        import jsonschema

        schema = json.load(open(args.pop(0), encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

        def check(doc):
            return validator.is_valid(json.loads(doc))

    else:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from oss_model import OssEvent
        from pydantic import ValidationError

        def check(doc):
            try:
                OssEvent.model_validate_json(doc)
                return True
            except ValidationError:
                return False

    mode, path = args
    valid = invalid = 0
    for doc in documents(mode, path):
        if check(doc):
            valid += 1
        else:
            invalid += 1
    print(f"valid {valid} invalid {invalid}")
    sys.exit(1 if invalid else 0)


if __name__ == "__main__":
    main()
