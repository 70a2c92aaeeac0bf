"""Load JSON input and check it against schemas/*.json, collecting every problem before failing once."""

from __future__ import annotations

import ast
import json
import os
import re
import stat
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators

from reconcile import limits
from reconcile.errors import InputError

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"

# JSON has one number type and Python's json reads 43.0 as a float, which jsonschema's "integer" accepts;
# an offset must be an int, so a float is refused here rather than failing later as a slice index.
_TYPES = Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
)
_Validator = validators.extend(Draft202012Validator, type_checker=_TYPES)
_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A compiled validator for schemas/<schema_name>.schema.json, built once per process."""
    schema = json.loads((SCHEMAS / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator: Draft202012Validator = _Validator(schema)
    return validator


def read_input(path: Path) -> bytes:
    """The bytes of a regular file no larger than limits.MAX_FILE_BYTES.

    A named pipe would block the batch until something writes to it and a device never ends, so the
    file's kind is checked before it is opened, and again on the open file (it may have been swapped).
    """
    limit = limits.MAX_FILE_BYTES
    try:
        _check_kind(path, os.stat(path), limit)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe swapped in opens at once instead of waiting
        with os.fdopen(fd, "rb") as file:
            _check_kind(path, os.fstat(fd), limit)
            raw = file.read(limit + 1)  # a growing file can be larger than stat said
    except OSError as exc:
        raise InputError(str(path), [f"$: cannot read file: {exc.strerror or exc}"]) from None
    if len(raw) > limit:
        raise InputError(
            str(path), [f"$: file holds more than {_size(limit)}; reports over {_size(limit)} are not read"]
        )
    return raw


def _check_kind(path: Path, info: os.stat_result, limit: int) -> None:
    """Refuse anything but a regular file within the size limit."""
    if stat.S_ISDIR(info.st_mode):
        raise InputError(str(path), ["$: cannot read file: Is a directory"])
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "a special file")
        raise InputError(str(path), [f"$: not a regular file ({kind}); only files are read"])
    if info.st_size > limit:
        raise InputError(
            str(path), [f"$: file is {_size(info.st_size, limit)}; reports over {_size(limit)} are not read"]
        )


def _size(size: int, limit: int | None = None) -> str:
    """A size in MB, or in bytes when one decimal would make a file just over the limit look within it."""
    text = f"{size / 1_000_000:.1f}" if limit is not None else f"{size / 1_000_000:g}"
    if limit is not None and float(text) * 1_000_000 <= limit:
        return f"{size:,} bytes"
    return f"{text} MB"


def read_json(path: Path) -> Any:
    """Parse a UTF-8 JSON file, turning every way it can be unreadable into one InputError."""
    raw = read_input(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), [f"$: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"]
        ) from None
    nesting = limits.nesting_problem(text)
    if nesting is not None:
        raise InputError(str(path), [f"$: {nesting}"])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), [f"$: invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"]) from None
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise InputError(str(path), ["$: invalid JSON: a number has too many digits to read"]) from None


def schema_problems(data: Any, schema_name: str) -> list[str]:
    """Every way `data` breaks the schema, as '<json path>: <problem>' lines in document order, after the
    strings that no database can store (NUL characters, lone surrogates)."""
    errors = sorted(validator(schema_name).iter_errors(data), key=lambda e: (list(map(str, e.path)), e.message))
    return [*limits.unstorable_strings(data)] + [
        f"{error.json_path}: {_describe(_shorten(error.message, error.instance), error.validator)}" for error in errors
    ]


def _shorten(message: str, instance: Any) -> str:
    """jsonschema's message with the values it quotes cut short: a 6 MB value is named, not printed."""
    whole = repr(instance)
    if len(whole) > limits.SHOWN_CHARS and whole in message:
        message = message.replace(whole, limits.shown(instance))
    return _QUOTED.sub(_shorten_quoted, message)


def _shorten_quoted(match: re.Match[str]) -> str:
    """A long quoted string (a field name, an enum member) as limits.shown quotes it."""
    quoted = match[0]
    if len(quoted) <= limits.SHOWN_CHARS + 2:
        return quoted
    try:
        return limits.shown(ast.literal_eval(quoted))
    except (ValueError, SyntaxError):  # quotes inside prose, not one literal: cut the text as it stands
        return f"{quoted[: limits.SHOWN_CHARS]}… ({len(quoted):,} characters)"


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
