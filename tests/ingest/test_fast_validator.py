"""The compiled validator only ever says yes where jsonschema says yes: files it accepts are stored without
jsonschema looking, so a file it were laxer on would go in unchecked."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reconcile import validate

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "fixtures" / "gold").glob("*.json"))
# Values of every JSON type and of the shapes the schema tells apart (dates, spans, ids, numbers as text).
ODD_VALUES: list[Any] = [
    None, True, 0, -1, 1.0, 2.5, 10**20, "", "x", "2024-02-30", "2024-01-01\n", "12", "at least 3", "3 EUR",
    "5 days", "a b", "Z" * 200, [], [0], [1.0, 2], [3, 1], [0, 1, 2], ["0", "1"], {}, {"x": 1},
]  # fmt: skip


def _jsonschema_accepts(data: Any, schema_name: str) -> bool:
    return not any(True for _ in validate.validator(schema_name).iter_errors(data))


def _places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside `data`, containers included."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _places(value, (*path, index))


def _mutants(data: dict[str, Any], rng: random.Random, count: int) -> Iterator[Any]:
    """Copies of `data` with one value replaced, one key dropped or one unknown key added."""
    places = [p for p in _places(data) if p]
    for _ in range(count):
        mutant = copy.deepcopy(data)
        path = rng.choice(places)
        parent = mutant
        for step in path[:-1]:
            parent = parent[step]
        action = rng.random()
        if action < 0.7:
            parent[path[-1]] = rng.choice(ODD_VALUES)
        elif action < 0.85 and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent["unexpected"] = 1
        else:
            parent.append(rng.choice(ODD_VALUES))
        yield mutant


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.name)
def test_never_laxer_than_jsonschema_on_mutated_reports(path: Path) -> None:
    report = json.loads(path.read_text(encoding="utf-8"))
    assert validate._accepts("report", report)
    rng = random.Random(path.name)
    disagreements = []
    refused = 0
    for mutant in _mutants(report, rng, 250):
        fast, slow = validate._accepts("report", mutant), _jsonschema_accepts(mutant, "report")
        refused += not slow
        assert not (fast and not slow), "the compiled validator accepted what jsonschema refuses"
        if slow and not fast:
            disagreements.append(mutant)
    assert refused > 100  # the mutants do reach the schema's rules
    # Only a pattern's `$` before a final newline splits them, and there jsonschema's verdict is taken.
    assert all(any(_value_at(m, p) == "2024-01-01\n" for p in _places(m)) for m in disagreements)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def test_a_span_of_floats_or_three_numbers_is_refused_by_both() -> None:
    report = json.loads(GOLD[0].read_text(encoding="utf-8"))
    for span in ([1.0, 2], [0, 1, 2], [0], [True, 2]):
        report["entities"][0]["mentions"][0]["span"] = span
        assert not validate._accepts("report", report)
        assert validate.schema_problems(report, "report")


def test_refused_files_keep_jsonschema_messages() -> None:
    report = json.loads(GOLD[0].read_text(encoding="utf-8"))
    report["entities"][0]["mentions"][0]["span"] = [1.0, 2]
    assert validate.schema_problems(report, "report") == [
        "$.entities[0].mentions[0].span[0]: 1.0 is not of type 'integer'"
    ]


@pytest.mark.parametrize("schema_name", ["report", "aliases", "conflict-report", "merged-record"])
def test_every_schema_compiles(schema_name: str) -> None:
    assert callable(validate.fast_validator(schema_name))


def test_a_keyword_draft_7_lacks_is_refused_not_skipped() -> None:
    with pytest.raises(ValueError, match="unevaluatedProperties"):
        validate._draft_7({"type": "object", "properties": {"a": {"unevaluatedProperties": False}}})
