"""Spans found by position, not by scanning them all.

The rules ask for the names in a sentence, near a cue or before a quote once per sentence, cue and
quote. Scanning every span of the report each time makes extraction quadratic in the report's length:
a long report of many short sentences, or one long sentence naming many people, took minutes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar


class Positioned(Protocol):
    """Anything that covers text[start:end]: a typed span, a date."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Positioned)


class ByStart(Generic[S]):
    """Spans in text order (ties kept in the order given), looked up by where they start.

    Entities never overlap one another (find_entities, merge_model_entities), so in text order their ends
    increase too, which `last_ending_by` relies on.
    """

    def __init__(self, spans: Iterable[S]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.ends = [s.end for s in self.spans]

    def starting(self, lo: int, hi: int) -> list[S]:
        """The spans that start at or after `lo` and before `hi`, in text order."""
        return self.spans[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def iter_starting(self, lo: int, hi: int) -> Iterator[S]:
        """`starting`, one span at a time, for a caller that seldom needs them all."""
        for index in range(bisect_left(self.starts, lo), bisect_left(self.starts, hi)):
            yield self.spans[index]

    def before(self, at: int) -> Iterator[S]:
        """The spans that start before `at`, nearest first."""
        for index in range(bisect_left(self.starts, at) - 1, -1, -1):
            yield self.spans[index]

    def last_ending_by(self, at: int) -> S | None:
        """The last span that ends at or before `at`."""
        index = bisect_right(self.ends, at)
        return self.spans[index - 1] if index else None


class Claimed:
    """Character ranges already claimed, one flag per character, so a lookup never scans the ranges."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ranges = list(ranges)
        self.flags = bytearray(max((end for _, end in ranges), default=0))
        for start, end in ranges:
            self.flags[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any character of text[start:end] is claimed."""
        return 1 in self.flags[start:end]
