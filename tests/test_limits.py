"""The input limits, the JSON schemas and the database columns say the same lengths; the checks behind them."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String

from reconcile import limits, models
from reconcile.ingest.documents import ID_PATTERN, read_document
from reconcile.validate import SCHEMAS

# Where each limit shows in the report schema (maxLength, or a pattern's upper bound) and which columns hold it.
REPORT_FIELDS = [
    ("properties.id.pattern", limits.REPORT_ID, [models.Report.id]),
    ("properties.source.maxLength", limits.SOURCE, [models.Source.name]),
    ("properties.title.maxLength", limits.TITLE, [models.Report.title]),
    ("properties.url.maxLength", limits.URL, [models.Report.url]),
    ("properties.language.pattern", limits.LANGUAGE, [models.Report.language]),
    ("$defs.local_id.pattern", limits.LOCAL_ID, [models.Mention.local_id]),
    (
        "$defs.entity.properties.name.maxLength",
        limits.NAME,
        [models.Mention.name, models.Entity.name, models.EntityAlias.key, models.Finding.member],
    ),
    ("$defs.event.properties.name.maxLength", limits.NAME, [models.Mention.name, models.Event.name]),
    ("$defs.claim.properties.rule.pattern", limits.RULE, [models.Claim.rule]),
]
OTHER_COLUMNS = [
    (limits.REVIEWER, [models.Decision.reviewer]),
    (limits.VALUE_SOURCE, [models.Decision.value_source]),
    (limits.PATH, [models.Report.path]),
    (limits.KIND, [models.Mention.type, models.Event.kind, models.Claim.property, models.Finding.property]),
    (limits.LABEL, [models.Decision.target_key]),
]


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def _at(schema: dict[str, Any], dotted: str) -> Any:
    node: Any = schema
    for part in dotted.split("."):
        node = node[part]
    return node


def _longest(value: int | str) -> int:
    """maxLength as it stands, or the most characters a pattern of bounded repeats matches."""
    if isinstance(value, int):
        return value
    total, rest = 0, value.strip("^$")
    for _item, low, high in re.findall(r"(\[[^\]]*\]|.)(?:\{(\d+)(?:,(\d+))?\})?", rest):
        total += int(high or low or 1)
    return total


def _length(column: Any) -> int:
    column_type = column.property.columns[0].type
    assert isinstance(column_type, String)
    return column_type.length


@pytest.mark.parametrize(("where", "limit", "columns"), REPORT_FIELDS, ids=[f[0] for f in REPORT_FIELDS])
def test_the_report_schema_and_the_columns_hold_the_limit(where, limit, columns):
    assert _longest(_at(_schema("report"), where)) == limit
    assert [_length(c) for c in columns] == [limit] * len(columns)


@pytest.mark.parametrize(("limit", "columns"), OTHER_COLUMNS)
def test_the_columns_input_reaches_outside_the_schema_hold_their_limit(limit, columns):
    assert [_length(c) for c in columns] == [limit] * len(columns)


def test_kinds_and_properties_fit_their_columns():
    report = _schema("report")
    kinds = (
        report["$defs"]["entity"]["properties"]["type"]["enum"] + report["$defs"]["event"]["properties"]["kind"]["enum"]
    )
    properties = report["$defs"]["claim"]["properties"]["property"]["enum"]
    assert max(len(word) for word in kinds + properties) <= limits.KIND


def test_alias_names_and_plain_report_ids_have_the_limits_too():
    names = _schema("aliases")["properties"]["aliases"]["items"]["properties"]["names"]["items"]
    assert names["maxLength"] == limits.NAME
    assert _longest(ID_PATTERN.pattern) == limits.REPORT_ID


def test_pattern_lengths_are_read_right():
    assert _longest("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$") == 120
    assert _longest("^[a-z]{2,3}$") == 3


def test_shown_values_are_cut_with_their_length():
    assert limits.shown("short") == "'short'"
    assert limits.shown("x" * 61) == f"{'x' * 60!r}… (61 characters)"
    assert limits.shown("x" * 61, quoted=False) == f"{'x' * 60}… (61 characters)"
    assert limits.shown(10**70) == f"{str(10**70)[:60]}… (71 characters)"


def test_text_problems_name_the_character():
    assert limits.text_problem("fine", 4) is None
    assert limits.text_problem("toolong", 4) == "is 7 characters long; at most 4 are allowed"
    assert limits.text_problem("ab\x00") == "holds a NUL character (U+0000) at character 2, which text cannot hold"
    assert limits.text_problem("\udcff") == "holds a lone surrogate (U+DCFF) at character 0, which is not Unicode text"


@pytest.mark.parametrize(
    "text",
    [r'{"a": "x\u0000"}', r'{"\u0000": 1}', r'["\ud800"]', r'["\uDFFF"]', r'["\ud83d\ude00"]', r'["\\u0000"]'],
)
def test_json_that_may_parse_to_unstorable_text_is_walked(text):
    assert limits.may_parse_unstorable(text)


@pytest.mark.parametrize("text", ['{"a": "plain"}', r'["\u00e9"]', r'["\u20ac", "\n"]', '["\u00e9\U0001f600"]'])
def test_json_without_such_escapes_parses_to_storable_text_only(text):
    assert not limits.may_parse_unstorable(text)
    assert list(limits.unstorable_strings(json.loads(text))) == []


def test_nesting_counts_brackets_outside_strings_only():
    assert limits.nesting_problem('{"a": "' + "[" * 100 + '\\"' + "{" * 100 + '"}') is None
    assert limits.nesting_problem("[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH) is None
    assert limits.nesting_problem("\n [" + "[" * limits.MAX_DEPTH) == "nested deeper than 32 levels (line 2, column 34)"


def _best_time(path: Path) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        read_document(path)
        best = min(best, time.perf_counter() - start)
    return best


def test_a_front_matter_line_of_spaces_reads_in_linear_time(tmp_path):
    """A value followed by a long run of spaces made the front matter pattern backtrack over each space
    (40,000 spaces took 7 s, a 5 MB file would never end); reading must grow with the line, not its square."""
    times = []
    for size in (10_000, 80_000):
        path = tmp_path / f"spaces-{size}.md"
        path.write_text(f"---\ntitle: x{' ' * size}y\n---\nBadr Jamous met Ali Hassan.\n", encoding="utf-8")
        times.append(_best_time(path))
    assert times[1] < 30 * times[0] + 0.05  # 8x the input; quadratic would be 64x
