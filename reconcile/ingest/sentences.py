"""Sentence boundaries in report text, so every claim can be shown with the sentence that states it."""

from __future__ import annotations

import re
from bisect import bisect_right

# Words whose trailing full stop does not end a sentence ("Dr. Badr Jamous", "U.S. officials").
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof gen col lt maj capt sgt st vs etc jr sr rev hon amb sen rep gov pres dept "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp".split()
)
# A run of marks is read once, from its first mark: without the lookbehind and the possessive quantifiers each
# mark of a long run ("......") would start a search to the run's end, which is quadratic in the run's length.
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s)|\n\s*\n|\n")


def sentence_starts(text: str) -> list[int]:
    """Offsets at which sentences begin. A line break ends a sentence (headlines, captions, datelines carry
    no full stop), except inside a paragraph of hard-wrapped text, where it is only where the line was full."""
    starts = [0]
    wrap = _wrap_width(text)
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        if wrap and match.group() == "\n" and _soft_break(text, match.start(), wrap):
            continue
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
        if start < len(text) and start > starts[-1]:
            starts.append(start)
    return starts


WRAP_MAX = 100  # hard-wrapped text keeps its lines at most this long (72 and 80 are the usual widths)


def _wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None: most lines inside its paragraphs are nearly
    that long and none is longer, which prose written one paragraph per line never looks like."""
    lines = text.split("\n")
    inside = [len(a.rstrip()) for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip()]
    if len(inside) < 3 or max(inside) > WRAP_MAX:
        return None
    width = max(inside)
    return width if sum(n >= 0.6 * width for n in inside) >= 2 / 3 * len(inside) else None  # last lines are short


def _soft_break(text: str, at: int, width: int) -> bool:
    """A line break where a full line was wrapped: the line is long and does not end a sentence."""
    line = text[text.rfind("\n", 0, at) + 1 : at].rstrip()
    return len(line) >= 0.6 * width and not line.endswith((".", "!", "?", ":", "…", '"', "”"))


def _is_abbreviation(text: str, dot: int) -> bool:
    """A full stop after a known abbreviation or a single letter (U.S., J. Smith) is not a sentence end."""
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].replace(".", "").lower()
    if word == "no":  # "No. 5" abbreviates; "He said no." ends a sentence
        return text[dot + 1 : dot + 3].strip()[:1].isdigit()
    return word in _ABBREVIATIONS or len(text[word_start:dot].split(".")[-1]) == 1


def sentence_around(text: str, starts: list[int], start: int, end: int) -> tuple[int, str]:
    """The sentence (or run of sentences) that contains text[start:end], trimmed, with its offset."""
    first = starts[bisect_right(starts, start) - 1]
    last_index = bisect_right(starts, max(start, end - 1))
    stop = starts[last_index] if last_index < len(starts) else len(text)
    sentence = text[first:stop]
    stripped = sentence.rstrip()
    lead = len(sentence) - len(sentence.lstrip())
    return first + lead, stripped.lstrip()
