"""spaCy's tokenizer, kept linear in the length of text without spaces.

spaCy splits a run of characters without whitespace by taking one prefix or suffix off at a time, and
looks for each suffix by searching the whole rest of the run: 5,000 punctuation marks in a row
(opening brackets, quotation marks, commas) took seconds, 25,000 of them minutes. Two bounds fix it
without changing how any word of ordinary text is split: the suffix is searched for at the run's end
only, and a run longer than any word or web address (LONGEST_RUN characters) is split in pieces of
that length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

LONGEST_RUN = 1000  # the longest web address in ECB+, GVDB and the UD treebanks is 473 characters
SUFFIX_WINDOW = 16  # over three times the longest suffix rule's match (five characters), runs of dots aside
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{LONGEST_RUN + 1},}}")


def bound_tokenizer(nlp: Language) -> None:
    """Make `nlp`'s tokenizer linear on long runs of characters without spaces."""
    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer is compiled, without type information
    pattern = getattr(getattr(tokenizer, "suffix_search", None), "__self__", None)
    if isinstance(pattern, re.Pattern):  # spaCy's own tokenizer, with its suffix rules compiled as one pattern
        tokenizer.suffix_search = _tail_search(pattern)
    nlp.tokenizer = _RunsInPieces(tokenizer)


def _tail_search(pattern: re.Pattern[str]) -> Callable[[str], re.Match[str] | None]:
    """`pattern.search` for a pattern of suffixes (each alternative ends in '$'), reading only the end.

    A search from a window's start finds the same leftmost match as a search of the whole string, as long
    as the match starts after the window's first character: lookbehinds still see the text before the
    window. A match at the window's very start (a run of dots, which '\\.\\.+' takes whole) may go on
    further left, so the window is widened until it does not, or holds the whole string.
    """

    def search(text: str) -> re.Match[str] | None:
        width = SUFFIX_WINDOW
        while True:
            start = max(0, len(text) - width)
            match = pattern.search(text, start)
            if match is None or match.start() > start or start == 0:
                return match
            width *= 2

    return search


class _RunsInPieces:
    """The tokenizer, given runs of more than LONGEST_RUN characters without whitespace in pieces of that
    length, so that the work per character stays bounded. Text without such runs is tokenised as it is."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = _LONG_RUN.finditer(text)
        cuts = [cut for run in runs for cut in range(run.start() + LONGEST_RUN, run.end(), LONGEST_RUN)]
        if not cuts:
            return self.tokenizer(text)
        bounds = [0, *cuts, len(text)]
        pieces = [self.tokenizer(text[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)]
        return Doc.from_docs(pieces, ensure_whitespace=False)
