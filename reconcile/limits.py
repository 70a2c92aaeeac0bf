"""Input limits in one place: what a file, a string or a nesting may hold so that both databases store it.

The string lengths are the column lengths of reconcile/models.py, counted in characters as PostgreSQL's
VARCHAR(n) counts them; schemas/*.schema.json repeats them as maxLength (a test keeps the three equal).
Checking them on input turns what PostgreSQL would refuse mid-batch into one line about one file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# Report files of every kind larger than this are refused unread: no press release or article comes close,
# so a bigger file is a wrong file (a dump, a PDF renamed), and reading it would only cost memory.
MAX_FILE_BYTES = 5_000_000
# JSON nested deeper than this is refused before parsing: a report is four levels deep, and the parser
# recurses once per level.
MAX_DEPTH = 32
# An HTML paragraph (<p>) holding more elements than this, at any depth, is refused: trafilatura reads the text
# of a paragraph in time that grows with the square of the elements inside it, and real paragraphs hold dozens.
MAX_PARAGRAPH_ELEMENTS = 5_000

# Characters, as the columns hold them.
REPORT_ID = 120
SOURCE = 200
TITLE = 500
URL = 2000
PATH = 2000
LANGUAGE = 3
LOCAL_ID = 60
NAME = 300  # entity and event names, alias names, the keys made from them and a finding's member label
KIND = 40  # entity types, event kinds, properties
RULE = 80
REVIEWER = 120
VALUE_SOURCE = 500
LABEL = 80  # a review item's label as a reviewer types it (F…, L…, E…); its key is stored in 80

# A value quoted in an error message is cut to this many characters: the message names it, not repeats it.
SHOWN_CHARS = 60

_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(value: object, *, quoted: bool = True) -> str:
    """The value as an error message quotes it: its repr (or the text itself, unquoted), and for a long one
    the start and its length."""
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        start = repr(value[:SHOWN_CHARS]) if quoted else value[:SHOWN_CHARS]
        return f"{start}… ({len(value):,} characters)"
    text = repr(value) if quoted or not isinstance(value, str) else value
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}… ({len(text):,} characters)"


def text_problem(value: str, limit: int | None = None) -> str | None:
    """Why `value` cannot be stored as text, if it cannot: PostgreSQL refuses NUL, no encoder takes a lone
    surrogate (an unpaired \\ud800 escape, or a file name that is not UTF-8), and a column has a length."""
    if "\x00" in value:
        return f"holds a NUL character (U+0000) at character {value.index(chr(0))}, which text cannot hold"
    surrogate = _SURROGATE.search(value)
    if surrogate is not None:
        return (
            f"holds a lone surrogate (U+{ord(surrogate[0]):04X}) at character {surrogate.start()}, "
            "which is not Unicode text"
        )
    if limit is not None and len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    return None


_ESCAPED_UNSTORABLE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def may_parse_unstorable(text: str) -> bool:
    """Whether JSON text can parse to a string `text_problem` refuses. Only a \\u escape can make a NUL (a raw control
    character is not JSON) or a lone surrogate (one encoded in the file is not UTF-8), so text without such an
    escape, the common case, spares walking every string. An escaped backslash before 'u0000' also answers yes:
    the walk then finds nothing, which is only slower."""
    return _ESCAPED_UNSTORABLE.search(text) is not None


def unstorable_strings(data: Any, where: str = "$") -> Iterator[str]:
    """'<json path>: <problem>' for every string in parsed JSON, field names included, that is not storable text.

    The data is at most MAX_DEPTH deep (checked before parsing), so recursion is bounded.
    """
    if isinstance(data, str):
        problem = text_problem(data)
        if problem is not None:
            yield f"{where}: {problem}"
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from unstorable_strings(item, f"{where}[{index}]")
    elif isinstance(data, dict):
        for key, item in data.items():
            problem = text_problem(key)
            if problem is not None:
                yield f"{where}: a field name {problem}"
            else:
                yield from unstorable_strings(item, f"{where}.{path_key(key)}")


def path_key(key: str) -> str:
    """A field name as a JSON path shows it: a long one is cut like a quoted value."""
    return key if len(key) <= SHOWN_CHARS else shown(key)


_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def nesting_problem(text: str) -> str | None:
    """Where JSON text nests deeper than MAX_DEPTH, found by counting brackets outside strings, unparsed."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match[0]
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                return f"nested deeper than {MAX_DEPTH} levels (line {line}, column {column})"
        elif token in ("]", "}"):
            depth -= 1
    return None
