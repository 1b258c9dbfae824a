#!/usr/bin/env python3
"""Validate hartsched-emu JSON documents against docs/emulator-stats.schema.json.

A small validator for the subset of JSON Schema that schema uses ($ref to
$defs, type, const, enum, properties, required, additionalProperties, items,
minItems, maxItems, minimum, maximum); any other keyword is an error, so the
schema cannot silently rely on something this does not check. It also
checks the naming rule: every key of the document is snake_case.

Usage: schema_check.py SCHEMA DOC.json...   (exit 0: all valid)
"""
import json
import re
import sys

KNOWN = {"$schema", "$id", "title", "$defs", "$ref", "type", "const", "enum", "properties",
         "required", "additionalProperties", "items", "minItems", "maxItems", "minimum",
         "maximum"}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


class Invalid(Exception):
    pass


def check(root, schema, value, path):
    """Raise Invalid naming @path when @value does not match @schema."""
    unknown = set(schema) - KNOWN
    if unknown:
        raise Invalid(f"schema at {path} uses unsupported keywords {sorted(unknown)}")
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise Invalid(f"unsupported $ref {ref}")
        return check(root, root["$defs"][ref[len("#/$defs/"):]], value, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[t](value) for t in types):
            raise Invalid(f"{path}: {value!r} is not of type {types}")
    if "const" in schema and value != schema["const"]:
        raise Invalid(f"{path}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        raise Invalid(f"{path}: {value!r} is not one of {schema['enum']}")
    if TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            raise Invalid(f"{path}: {value} is below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise Invalid(f"{path}: {value} is above {schema['maximum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                raise Invalid(f"{path}: missing key '{key}'")
        for key, v in value.items():
            if not SNAKE.match(key):
                raise Invalid(f"{path}: key '{key}' is not snake_case")
            if key in props:
                check(root, props[key], v, f"{path}.{key}")
            else:
                extra = schema.get("additionalProperties", True)
                if extra is False:
                    raise Invalid(f"{path}: key '{key}' is not in the schema")
                if isinstance(extra, dict):
                    check(root, extra, v, f"{path}.{key}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            raise Invalid(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            raise Invalid(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for i, v in enumerate(value):
                check(root, schema["items"], v, f"{path}[{i}]")


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    for doc in sys.argv[2:]:
        try:
            with open(doc) as f:
                check(schema, schema, json.load(f), "$")
        except (Invalid, ValueError) as e:
            print(f"schema_check: {doc}: {e}")
            return 1
    print(f"schema_check: {len(sys.argv) - 2} document(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
