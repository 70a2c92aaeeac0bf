"""Growth checks for code that must stay linear in its input: a text shape that made it quadratic is timed
against ordinary text of the same size, never against a wall-clock figure of its own."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
# Timer noise on a busy machine: below this, a run says nothing about growth.
FLOOR_SECONDS = 0.05
ROUNDS = 3


def ordinary_text(size: int) -> str:
    """A seed report's prose repeated to `size` characters: the linear baseline."""
    body = (SEEDS / "000_644f3aaadc5aa323.txt").read_text(encoding="utf-8")
    return (body * (size // len(body) + 1))[:size]


def repeated(unit: str, size: int) -> str:
    """`unit` written over and over, cut to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def best_time(work: Callable[[], object]) -> float:
    """The fastest of a few runs: other processes only ever add time."""
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def assert_as_fast_as_ordinary(
    run: Callable[[str], object], shape: str, factor: float = 10.0, ordinary: Callable[[int], str] = ordinary_text
) -> None:
    """`run` on `shape` takes at most `factor` times as long as on ordinary input of the same length (or less
    than the noise floor). Quadratic work at the sizes the tests use is a hundred times slower or more."""
    baseline = ordinary(len(shape))
    usual = best_time(lambda: run(baseline))
    taken = best_time(lambda: run(shape))
    limit = max(factor * usual, FLOOR_SECONDS)
    assert taken <= limit, f"{taken:.3f}s on the shape against {usual:.3f}s on ordinary input of its length"
