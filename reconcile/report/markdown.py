"""What reports say, written into Markdown so that it reads as the literal text: never as HTML, a link, emphasis,
a heading, a list or a new table cell. The Markdown report and the Markdown export both write through here.

Report text comes from outside, and a Markdown page is pasted into tickets and wikis that render it (many pass
inline HTML through), so `<script>` or `[x](javascript:...)` in a report must stay text. Only the characters
that can start markup where they stand are escaped (a backslash before ASCII punctuation is always literal in
CommonMark), so plain words, numbers, dates and ids read as they are.
"""

from __future__ import annotations

import re

_WORD = r"[^\W_]"  # a letter or digit, in any script
# What can start markup anywhere in a line: backslashes and code spans; HTML tags, comments and autolinks;
# links and images (both open with "["); table cells; entity and character references; a heading's "#"s
# (standing alone: "#1" and "C#" are text); and the emphasis and strikethrough delimiters *, ~ and _ where they
# touch a non-space (between spaces they can neither open nor close), an "_" inside a word excepted.
_INLINE = re.compile(
    r"[\\`\[|]|<(?=[A-Za-z/!?])|&(?=#?[0-9A-Za-z]+;)|(?<!\S)#(?=#*(?:\s|$))|(?<=\S)[*~]|[*~](?=\S)"
    rf"|(?<!{_WORD})_(?=\S)|(?<=\S)_(?!{_WORD})"
)
# What opens a block at the start of a line (after the inline escapes): a block quote, a list item, a
# thematic break, a setext heading's underline, an ordered list item (its "." or ")" is escaped).
_LEADING = re.compile(r"^(?:>|[-+*](?=\s|$)|([-_*])(?:\s*\1){2,}\s*$|(?:-+|=+)\s*$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def text(value: object) -> str:
    """`value` as Markdown text on one line: whitespace runs (newlines included) become one space and
    every character that could start markup there is backslash-escaped."""
    line = " ".join(str(value).split())
    line = _INLINE.sub(lambda m: "\\" + m.group(), line)
    return "\\" + line if _LEADING.match(line) else _ORDERED.sub(r"\1\\\2", line)


def code(value: object) -> str:
    """`value` as a code span on one line, shown exactly: fenced by one backtick more than its longest run,
    and padded with a space on each side (which the span drops) where it starts or ends with a backtick, or
    both starts and ends with a space."""
    line = " ".join(str(value).splitlines())
    fence = "`" * (max(map(len, re.findall("`+", line)), default=0) + 1)
    pad = " " if "`" in (line[:1], line[-1:]) or line[:1] == line[-1:] == " " else ""
    return f"{fence}{pad}{line}{pad}{fence}"
