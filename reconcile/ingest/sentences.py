"""Sentence boundaries in report text, so every claim can be shown with the sentence that states it."""

from __future__ import annotations

import re
from bisect import bisect_right

# Words whose trailing full stop does not end a sentence ("Dr. Badr Jamous", "U.S. officials").
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof gen col lt maj capt sgt st vs etc jr sr rev hon amb sen rep gov pres dept "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp".split()
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n\s*\n|\n")


def sentence_starts(text: str) -> list[int]:
    """Offsets at which sentences begin; line breaks always end a sentence (headlines, captions)."""
    starts = [0]
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
        if start < len(text) and start > starts[-1]:
            starts.append(start)
    return starts


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
