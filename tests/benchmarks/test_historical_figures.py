"""The Splink side-by-side's pure parts: records as reports the reader accepts, and pairwise scores from cluster
sizes that agree with counting the pairs one by one."""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from benchmarks.eval.historical_figures import (
    PairScores,
    Record,
    Run,
    calendar_date,
    labels_in_order,
    largest_cluster,
    markdown_table,
    pairwise_scores,
    person_name,
    report_for,
    report_id,
    write_reports,
)
from reconcile.ingest.reader import check_report

FULL = Record("Q1-1", "Q1", "thomas", "chudleigh", "1630-08-01", "west devon", "politician")


def _record(**changes: Any) -> Record:
    return replace(FULL, unique_id="Q1-2", **changes)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1630-08-01", "1630-08-01"),
        ("1856-86-18", None),  # a corrupted month
        ("1845-00-01", None),
        ("-0050-01-01", None),  # before 1 AD
        ("-0050-01-0", None),
        (None, None),
    ],
)
def test_calendar_date(value: str | None, expected: str | None) -> None:
    assert calendar_date(value) == expected


def test_person_name_skips_missing_parts() -> None:
    assert person_name(FULL) == "thomas chudleigh"
    assert person_name(_record(surname=None)) == "thomas"
    assert person_name(_record(first_name=None, surname=None)) == ""


def _checked(report: dict[str, object], tmp_path: Path) -> None:
    """The reader's own checks: schema, spans that slice to their words, subjects and objects that exist."""
    check_report(tmp_path / f"{report['id']}.json", report)


def test_full_record_reads_as_person_title_and_birth(tmp_path: Path) -> None:
    report = report_for(FULL, "hf000001")
    assert report is not None
    _checked(report, tmp_path)
    assert report["text"] == "thomas chudleigh, politician, was born on 1630-08-01 in west devon."
    text = str(report["text"])
    claims = {c["property"]: c for c in report["claims"]}
    assert set(claims) == {"title", "involves", "date", "place"}
    for prop, value in (("title", "politician"), ("date", "1630-08-01"), ("place", "west devon")):
        start, end = claims[prop]["span"]
        assert text[start:end] == value == claims[prop]["value"]
    assert claims["involves"]["object"] == "p1"
    assert report["events"] == [
        {
            "id": "e1",
            "kind": "other",
            "name": "birth of thomas chudleigh",
            "mentions": [{"text": "born", "span": [34, 38]}],
        }
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"occupation": None},
        {"dob": None},
        {"dob": "1856-86-18"},
        {"birth_place": None},
        {"dob": None, "birth_place": None},
        {"dob": None, "birth_place": None, "occupation": None},
        {"surname": None},
    ],
)
def test_partial_records_are_valid_reports(changes: dict[str, str | None], tmp_path: Path) -> None:
    report = report_for(_record(**changes), "hf000002")
    assert report is not None
    _checked(report, tmp_path)
    properties = {c["property"] for c in report["claims"]}
    assert ("title" in properties) == bool(changes.get("occupation", "x"))
    assert ("date" in properties) == (changes.get("dob", "1630-08-01") == "1630-08-01")


def test_no_birth_event_without_date_or_place(tmp_path: Path) -> None:
    report = report_for(_record(dob="1845-00-01", birth_place=None), "hf000003")
    assert report is not None
    assert report["events"] == []
    assert report["text"] == "thomas chudleigh, politician."


def test_names_only_is_the_name_alone(tmp_path: Path) -> None:
    report = report_for(FULL, "hf000004", names_only=True)
    assert report is not None
    _checked(report, tmp_path)
    assert report["text"] == "thomas chudleigh"
    assert report["claims"] == []


def test_a_record_naming_nobody_has_no_report(tmp_path: Path) -> None:
    nobody = _record(first_name=None, surname=None)
    assert report_for(nobody, "hf000005") is None
    paths = write_reports([FULL, nobody], tmp_path, names_only=False)
    assert [p.name for p in paths] == [f"{report_id(0)}.json"]
    assert json.loads(paths[0].read_text(encoding="utf-8"))["id"] == "hf000000"


def test_report_ids_do_not_carry_the_gold_cluster() -> None:
    assert report_id(12) == "hf000012"


def _brute_force(gold: list[str], predicted: list[str]) -> PairScores:
    pairs = list(combinations(range(len(gold)), 2))
    same_pred = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    same_gold = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    return PairScores(len(same_pred & same_gold), len(same_pred), len(same_gold))


@pytest.mark.parametrize(
    ("gold", "predicted"),
    [
        ("aaabbc", "xxxyyz"),  # perfect
        ("aaabbc", "xxyyzz"),  # split and merged
        ("aaaaaa", "uvwxyz"),  # all singletons predicted
        ("abcdef", "xxxxxx"),  # everything merged
        ("aabbaa", "xyxyxy"),
    ],
)
def test_pairwise_scores_match_counting_pairs(gold: str, predicted: str) -> None:
    assert pairwise_scores(list(gold), list(predicted)) == _brute_force(list(gold), list(predicted))


def test_pairwise_scores_figures() -> None:
    scores = pairwise_scores(list("aaab"), list("xxyy"))  # gold 3 pairs, predicted 2, one right
    assert (scores.true_positive, scores.predicted, scores.gold) == (1, 2, 3)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1 / 3)
    assert scores.f1 == pytest.approx(0.4)
    assert pairwise_scores(list("ab"), list("xy")).precision == 1.0  # no predicted pair, nothing wrong


def test_pairwise_scores_need_one_label_each() -> None:
    with pytest.raises(ValueError):
        pairwise_scores(["a"], [])


def test_records_left_out_are_singletons() -> None:
    labels = labels_in_order(["r1", "r2", "r3"], {"r1": "c", "r3": "c"})
    assert labels[0] == labels[2] == "c"
    assert labels[1] not in ("c",)
    assert pairwise_scores(["g", "g", "g"], labels).predicted == 1


def test_markdown_table_row() -> None:
    run = Run("Splink", 2000, 5.0, 0.3, {}, PairScores(9, 10, 12))
    lines = markdown_table([run]).splitlines()
    assert lines[0] == "| system | records | seconds | records/s | pairwise P | R | F1 |"
    assert lines[2] == "| Splink | 2,000 | 5.0 | 400 | 0.900 | 0.750 | 0.818 |"


def test_largest_cluster() -> None:
    assert largest_cluster(list("xxyxz")) == 3
    assert largest_cluster([]) == 0
