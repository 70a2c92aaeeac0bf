"""Load JSON input and check it against schemas/*.json, collecting every problem before failing once."""

from __future__ import annotations

import ast
import json
import os
import re
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from fastjsonschema import JsonSchemaException
from fastjsonschema.draft04 import JSON_TYPE_TO_PYTHON_TYPE
from fastjsonschema.draft07 import CodeGeneratorDraft07
from fastjsonschema.ref_resolver import RefResolver
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
# Draft 2020-12 keywords that draft 7, the newest draft fastjsonschema compiles, would skip without a word.
_NOT_IN_DRAFT_7 = frozenset(
    {"$dynamicRef", "$dynamicAnchor", "dependentRequired", "dependentSchemas", "unevaluatedItems",
     "unevaluatedProperties", "minContains", "maxContains"}
)  # fmt: skip
_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A compiled validator for schemas/<schema_name>.schema.json, built once per process."""
    schema = json.loads((SCHEMAS / f"{schema_name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator: Draft202012Validator = _Validator(schema)
    return validator


class _StrictIntegers(CodeGeneratorDraft07):
    """Draft 7's code generator with integers as _TYPES has them: since draft 6 fastjsonschema takes 1.0 for an
    integer, which as a span offset would fail later as a slice index."""

    def generate_type(self) -> None:
        declared = cast(dict[str, Any], self._definition)["type"]
        types = declared if isinstance(declared, list) else [declared]
        python_types = ", ".join(JSON_TYPE_TO_PYTHON_TYPE[t] for t in types)
        numeric = ("number" in types or "integer" in types) and "boolean" not in types
        extra = f" or isinstance({self._variable}, bool)" if numeric else ""
        with self.l(f"if not isinstance({{variable}}, ({python_types})){extra}:"):
            self.exc("{name} must be " + " or ".join(types), rule="type")  # type: ignore[no-untyped-call]


@cache
def fast_validator(schema_name: str) -> Any:
    """schemas/<schema_name>.schema.json compiled to Python code, which accepts a good file more than ten times faster
    than jsonschema walks the schema. It only says yes or no: jsonschema words the problems of a file it refuses.

    It is never the laxer of the two: integers exclude floats in both, neither checks `format` (jsonschema is
    given no format checker), and where its `$` ends a string Python's also lets a final newline through, so a
    file only it refuses goes on to jsonschema, whose verdict stands. Defaults are not filled in.
    """
    schema = _draft_7(validator(schema_name).schema)
    resolver = RefResolver.from_schema(schema, handlers={}, store={})
    generator = _StrictIntegers(schema, resolver=resolver, use_default=False, use_formats=False)  # type: ignore[no-untyped-call]
    scope: dict[str, Any] = generator.global_state
    exec(generator.func_code, scope)  # the code fastjsonschema generated from our own schema file
    return scope[resolver.get_scope_name()]


def _draft_7(schema: Any) -> Any:
    """The same schema in draft 7's words: `prefixItems` was draft 7's array form of `items`."""
    if isinstance(schema, list):
        return [_draft_7(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    unknown = _NOT_IN_DRAFT_7 & schema.keys()
    if unknown:
        raise ValueError(f"the fast validator cannot check {sorted(unknown)}; translate them in validate._draft_7")
    out = {key: _draft_7(value) for key, value in schema.items()}
    if "$schema" in out:
        out["$schema"] = "http://json-schema.org/draft-07/schema#"
    if "prefixItems" in out:
        if "items" in out:
            out["additionalItems"] = out.pop("items")
        out["items"] = out.pop("prefixItems")
    return out


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


@dataclass(frozen=True)
class Parsed:
    """A JSON file's data, and whether its text could hold a string no database stores (see `schema_problems`)."""

    data: Any
    may_be_unstorable: bool


def read_json(path: Path) -> Parsed:
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
        return Parsed(json.loads(text), limits.may_parse_unstorable(text))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), [f"$: invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"]) from None
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise InputError(str(path), ["$: invalid JSON: a number has too many digits to read"]) from None


def schema_problems(data: Any, schema_name: str, *, may_be_unstorable: bool = True) -> list[str]:
    """Every way `data` breaks the schema, as '<json path>: <problem>' lines in document order, after the
    strings that no database can store (NUL characters, lone surrogates), which are looked for unless the data
    was parsed from text that cannot hold them (`Parsed`)."""
    unstorable = list(limits.unstorable_strings(data)) if may_be_unstorable else []
    if _accepts(schema_name, data):
        return unstorable
    errors = sorted(validator(schema_name).iter_errors(data), key=lambda e: (list(map(str, e.path)), e.message))
    return unstorable + [
        f"{error.json_path}: {_describe(_shorten(error.message, error.instance), error.validator)}" for error in errors
    ]


def _accepts(schema_name: str, data: Any) -> bool:
    """Whether the compiled validator finds `data` valid."""
    try:
        fast_validator(schema_name)(data)
    except JsonSchemaException:
        return False
    return True


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
    parsed = read_json(path)
    problems = schema_problems(parsed.data, schema_name, may_be_unstorable=parsed.may_be_unstorable)
    if problems:
        raise InputError(str(path), problems)
    return parsed.data
