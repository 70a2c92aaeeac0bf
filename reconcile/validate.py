"""Load JSON input and check it against schemas/*.json, collecting every problem before failing once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from reconcile.errors import InputError

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A compiled validator for schemas/<schema_name>.schema.json, built once per process."""
    schema = json.loads((SCHEMAS / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def read_json(path: Path) -> Any:
    """Parse a UTF-8 JSON file, turning every way it can be unreadable into one InputError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), [f"$: cannot read file: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), [f"$: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"]
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), [f"$: invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"]) from None


def schema_problems(data: Any, schema_name: str) -> list[str]:
    """Every way `data` breaks the schema, as '<json path>: <problem>' lines in document order."""
    errors = sorted(validator(schema_name).iter_errors(data), key=lambda e: (list(map(str, e.path)), e.message))
    return [f"{error.json_path}: {_describe(error.message, error.validator)}" for error in errors]


def _describe(message: str, keyword: Any) -> str:
    """jsonschema's messages, with the unhelpful ones for closed objects and enums said plainly."""
    if keyword == "additionalProperties":
        return message.replace("Additional properties are not allowed", "unknown field(s)")
    if keyword == "enum":
        return message.replace("is not one of", "is not allowed here; expected one of")
    return message


def load_valid(path: Path, schema_name: str) -> Any:
    """Read `path` and return its data if it matches the schema; otherwise raise with every problem."""
    data = read_json(path)
    problems = schema_problems(data, schema_name)
    if problems:
        raise InputError(str(path), problems)
    return data
