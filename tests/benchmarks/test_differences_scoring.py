"""The real-text differences scorer: when a finding counts as finding an annotated difference, and when a
conflict counts as false."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.eval.differences import (
    DEFAULT_GOLD,
    Difference,
    Finding,
    Gold,
    audit_conflicts,
    load_gold,
    match,
    predicted_pairs,
    same_value,
    score_pairs,
)


@pytest.mark.parametrize(
    ("annotated", "found", "expected"),
    [
        pytest.param("at least 34", "34 people", True, id="shared-number"),
        pytest.param("1,200", "1200", True, id="thousands-separator"),
        pytest.param("Constable", "Const.", True, id="abbreviation"),
        pytest.param("Qeshm Governor", "governor", True, id="shared-word-any-case"),
        pytest.param("the city of", "of the town", False, id="filler-words-only"),
        pytest.param("Woodburn", "Portland", False, id="different-place"),
        pytest.param("27", "31", False, id="different-number"),
    ],
)
def test_same_value(annotated: str, found: str, expected: bool) -> None:
    assert same_value(annotated, found) is expected


TOLL = Difference("e1", "number", "killed", {"a": "27", "b": "31"}, conflict=True)


def _finding(kind: str, prop: str, values: tuple[tuple[str, str], ...]) -> Finding:
    return Finding("event", "attack", prop, kind, values)


def test_a_conflict_of_the_mapped_property_with_both_values_is_a_full_match() -> None:
    m = match(_finding("conflict", "killed", (("a", "27"), ("b", "31"))), TOLL)
    assert (m.right_kind, m.same_values, m.at_all, m.same_verdict) == (True, True, True, True)


def test_an_update_agrees_with_a_conflict_annotation() -> None:
    assert match(_finding("update", "killed", (("a", "27"), ("b", "31"))), TOLL).same_verdict


def test_a_variant_of_an_annotated_conflict_is_found_with_the_wrong_verdict() -> None:
    m = match(_finding("variant", "killed", (("a", "27"), ("b", "31"))), TOLL)
    assert m.right_kind and not m.same_verdict


def test_agreements_and_one_sided_findings_find_nothing() -> None:
    assert not match(_finding("agreement", "killed", (("a", "27"), ("b", "27"))), TOLL).at_all
    assert not match(_finding("conflict", "killed", (("a", "27"), ("c", "31"))), TOLL).at_all


def test_another_property_with_the_annotated_values_is_found_at_all_but_not_of_the_right_kind() -> None:
    m = match(_finding("conflict", "title", (("a", "27"), ("b", "31"))), TOLL)
    assert m.at_all and not m.right_kind


def test_conflicts_are_sorted_into_matched_false_and_across_events() -> None:
    gold = Gold((1,), {"e1": frozenset({"a", "b"}), "e2": frozenset({"c"})}, (TOLL,))
    findings = [
        _finding("conflict", "killed", (("a", "27"), ("b", "31"))),
        _finding("conflict", "title", (("a", "chief"), ("b", "mayor"))),
        _finding("conflict", "date", (("a", "2013-06-07"), ("c", "2013-06-08"))),
    ]
    audit = audit_conflicts(gold, findings)
    assert (audit.total, len(audit.matched), len(audit.false), len(audit.across_events)) == (3, 1, 1, 1)
    assert audit.false[0][1].property == "title"


def test_pairs_come_from_events_holding_several_annotated_documents() -> None:
    report = {"events": [{"reports": ["a", "b", "x"]}, {"reports": ["c"]}]}
    predicted = predicted_pairs(report, frozenset({"a", "b", "c"}))
    assert predicted == {("a", "b")}
    score = score_pairs(predicted, {("a", "b"), ("a", "c")})
    assert (score.precision, score.recall) == (1.0, 0.5)


def test_the_shipped_annotation_loads_and_names_only_development_topics() -> None:
    gold = load_gold(DEFAULT_GOLD)
    assert gold.differences and all(1 <= t <= 35 for t in gold.topics)
    assert all(set(d.values) <= gold.events[d.event] for d in gold.differences)


def test_a_test_topic_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"topics": [36], "events": [], "differences": []}))
    with pytest.raises(SystemExit, match="development topics"):
        load_gold(path)
