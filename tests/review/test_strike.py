"""A claim the extractor got wrong is struck out: the matcher leaves it out of every comparison, at once and on every
later run, until the strike is withdrawn; the trail keeps both, and a downgrade that would lose strikes asks first."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.errors import DataLossError
from reconcile.models import Decision, Event

SIDES = ("supporting", "contradicting", "competing")  # where an export property lists claims
NEAR_EAST = "Deputy Assistant Secretary for the Levant and Near East Bureau"  # the undated report's Franceschi title


def _report(cli) -> dict:
    result = cli("report", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _findings(report: dict) -> list[dict]:
    return [f for group in ("entities", "events", "links") for s in report[group] for f in s["findings"]]


def _title_conflict(report: dict) -> dict:
    [conflict] = [f for f in _findings(report) if f["kind"] == "conflict" and f["property"] == "title"]
    return conflict


def test_a_struck_claim_leaves_the_comparison_until_the_strike_is_withdrawn(seeds):
    conflict = _title_conflict(_report(seeds))
    [claim] = [v["claim"] for v in conflict["values"] if v["value"] == NEAR_EAST]
    result = seeds("review", "strike", claim, "--reviewer", "ana", "--note", "the extractor read two posts as one")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Decided {claim}: strike (decision ")

    struck = _report(seeds)
    assert struck["summary"]["findings"]["conflict"] == 0
    assert claim not in {v.get("claim") for f in _findings(struck) for v in f["values"]}
    shown = json.loads(seeds("review", "show", claim, "--json").stdout)
    assert (shown["kind"], shown["status"], shown["decision"]["action"]) == ("claim", "decided", "strike")
    assert shown["evidence"][0]["value"] == NEAR_EAST
    assert seeds("match").exit_code == 0
    assert _report(seeds)["summary"]["findings"]["conflict"] == 0  # and every later run leaves it out
    records = [json.loads(line) for line in seeds("export", "-f", "jsonl").stdout.splitlines()]
    said = [c["value"] for r in records for p in r["properties"] for k in SIDES for c in p[k]]
    assert said and NEAR_EAST not in said  # nor does the export stand on it

    assert seeds("review", "strike", claim, "--withdraw", "--reviewer", "ana").exit_code == 0
    back = _title_conflict(_report(seeds))
    assert back["id"] == conflict["id"] and claim in {v["claim"] for v in back["values"]}
    history = seeds("review", "history", claim).stdout
    assert "strike" in history and "withdraw" in history and "superseded by" in history


def test_a_struck_place_is_no_longer_where_the_event_was(seeds):
    report = _report(seeds)
    [meeting] = [e for e in report["events"] if e["locations"] == ["New York"]]
    places = {
        v["claim"]
        for f in _findings(report)
        for v in f["values"]
        if f["property"] == "place" and v["value"] == "New York"
    }
    assert places
    for place in places:  # the report says New York in more than one sentence
        assert seeds("review", "strike", place).exit_code == 0
    after = {tuple(map(str, e["mentions"][0].values())): e for e in _report(seeds)["events"]}
    assert after[tuple(map(str, meeting["mentions"][0].values()))]["locations"] == []


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("C999999", "Error: C999999: no claim has this id (see the values in `reconcile report --format json`)"),
        ("F12", "Error: 'F12' is not a claim id: name a claim as the report shows it (C12)"),
    ],
)
def test_striking_what_is_not_there_is_one_line_and_writes_nothing(seeds, engine, claim, message):
    result = seeds("review", "strike", claim)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 0


def test_a_downgrade_that_would_lose_strikes_asks_first(seeds, engine):
    claim = _title_conflict(_report(seeds))["values"][0]["claim"]
    assert seeds("review", "strike", claim).exit_code == 0
    with pytest.raises(DataLossError, match="would delete 1 claim strike; run again with --force"):
        db.downgrade(engine, "0008")
    db.downgrade(engine, "0008", force=True)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
        assert session.scalar(select(func.count()).select_from(Event).where(Event.stale)) == 0  # entity claim
    db.upgrade(engine)
