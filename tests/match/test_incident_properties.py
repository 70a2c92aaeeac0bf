"""Incident reports: victims and perpetrators member by member, a person's age and outcome as single values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reconcile.match.align import ClaimView, align
from reconcile.match.classify import classify
from reconcile.normalize import normalise_value
from reconcile.pipeline import ingest, match
from reconcile.report.build import build_report
from reconcile.resolve.aliases import AliasBook
from reconcile.resolve.event_score import EventFacts, score_pair
from tests.factories import ReportBuilder

R1, R2 = "r1", "r2"
REPORTS = [R1, R2]
CARRUTHERS = (1, "Tiana Carruthers")
NYE = (2, "Mary Lou Nye")
DALTON = (3, "Jason Dalton")


def claim(report: str, prop: str, value: str, entity: tuple[int, str] | None = None) -> ClaimView:
    """A claim as the loader stores it, normalised like load.py does."""
    object_id, object_name = entity if entity else (None, None)
    return ClaimView(
        id=hash((report, prop, value)) & 0xFFFF,
        report_id=report,
        published=None,
        property=prop,
        value=value,
        normalised=normalise_value(prop, value),
        raw=value,
        sentence=f"{report}: {value}",
        span=(0, len(value)),
        object_id=object_id,
        object_name=object_name,
    )


def verdicts(claims: list[ClaimView]) -> dict[tuple[str, str | None], tuple[str, str]]:
    found = {}
    for group in align(claims, REPORTS):
        draft = classify(group)
        assert draft is not None
        found[(group.property, group.member)] = (draft.kind, draft.severity)
    return found


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        pytest.param([claim(R1, "age", "23"), claim(R2, "age", "24")], ("conflict", "medium"), id="age-23-vs-24"),
        pytest.param([claim(R1, "age", "23"), claim(R2, "age", "23")], ("agreement", "none"), id="age-same"),
        pytest.param([claim(R1, "age", "23")], ("addition", "low"), id="age-one-report"),
        pytest.param(
            [claim(R1, "outcome", "killed"), claim(R2, "outcome", "injured")],
            ("conflict", "high"),
            id="killed-vs-injured",
        ),
        pytest.param(
            [claim(R1, "outcome", "killed"), claim(R2, "outcome", "killed")], ("agreement", "none"), id="both-killed"
        ),
        pytest.param([claim(R2, "outcome", "injured")], ("addition", "low"), id="outcome-one-report"),
    ],
)
def test_person_single_values(claims: list[ClaimView], expected: tuple[str, str]) -> None:
    assert list(verdicts(claims).values()) == [expected]


@pytest.mark.parametrize(
    ("prop", "left", "right", "explanation"),
    [
        ("age", "24", "9", "rule person-age: one person, different ages: 9 (r2) vs 24 (r1)"),
        (
            "outcome",
            "killed",
            "injured",
            "rule person-outcome: one person, different outcomes: killed (r1) vs injured (r2)",
        ),
    ],
)
def test_person_value_conflict_names_the_rule_and_both_values(
    prop: str, left: str, right: str, explanation: str
) -> None:
    [group] = align([claim(R1, prop, left), claim(R2, prop, right)], REPORTS)
    draft = classify(group)
    assert draft is not None
    assert draft.explanation == explanation
    assert [c.value for c in draft.claims] == [left, right]


def test_victims_and_perpetrators_member_by_member() -> None:
    claims = [
        claim(R1, "victim", "Tiana Carruthers", CARRUTHERS),
        claim(R1, "victim", "Mary Lou Nye", NYE),
        claim(R1, "perpetrator", "Jason Dalton", DALTON),
        claim(R2, "victim", "Tiana Carruthers", CARRUTHERS),
        claim(R2, "perpetrator", "Jason Brian Dalton", DALTON),
    ]
    assert verdicts(claims) == {
        ("victim", "Mary Lou Nye"): ("addition", "low"),
        ("victim", "Tiana Carruthers"): ("agreement", "none"),
        ("perpetrator", "Jason Dalton"): ("agreement", "none"),
    }


def incident_facts(report_id: str, victims: set[int], published: dt.date) -> EventFacts:
    return EventFacts(
        mention_id=len(report_id),
        report_id=report_id,
        published=published,
        names={1: "Tiana Carruthers", 2: "Mary Lou Nye"},
        people=set(victims),
        sides=dict.fromkeys(victims),
        victims=set(victims),
    )


def test_a_shared_victim_on_close_dates_makes_one_incident() -> None:
    day = dt.date(2016, 2, 21)
    result = score_pair(incident_facts("r1", {1}, day), incident_facts("r2", {1}, day + dt.timedelta(days=1)))
    assert result.verdict == "same"
    assert "+2.0 both name Tiana Carruthers as a victim" in result.reasons


# Two accounts of one shooting, as the extractor would write them: the victim named in both with other
# ages and outcomes, a second victim named only by the first report.
FIRST = "Tiana Carruthers, 23, was killed in a shooting in Kalamazoo on Saturday. Mary Lou Nye was also shot."
SECOND = "Police said Tiana Carruthers, 24, was injured in the Kalamazoo shooting."


def shooting_report(text: str, age: str, outcome: str, outcome_phrase: str, nye: bool) -> ReportBuilder:
    builder = (
        ReportBuilder(text, published="2016-02-21")
        .entity("p1", "person", "Tiana Carruthers")
        .entity("l1", "place", "Kalamazoo")
        .event("i1", "Kalamazoo shooting", "shooting", kind="incident")
        .claim("i1", "victim", "Tiana Carruthers", obj="p1")
        .claim("i1", "place", "Kalamazoo", obj="l1")
        .claim("p1", "age", age)
        .claim("p1", "outcome", outcome, outcome_phrase)
    )
    if nye:
        builder.entity("p2", "person", "Mary Lou Nye").claim("i1", "victim", "Mary Lou Nye", obj="p2")
    return builder


@pytest.fixture
def incident_report(engine: Engine, session: Session, tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "in"
    folder.mkdir()
    shooting_report(FIRST, "23", "killed", "killed", nye=True).write(folder, "r1")
    shooting_report(SECOND, "24", "injured", "injured", nye=False).write(folder, "r2")
    summary = ingest(engine, [folder])
    assert not summary.failures, [str(f) for f in summary.failures]
    match(session, AliasBook())
    session.flush()
    return build_report(session)


def person_findings(report: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    [person] = [e for e in report["entities"] if e["name"] == name]
    return {f["property"]: f for f in person["findings"]}


def test_two_accounts_of_one_shooting_are_one_incident(incident_report: dict[str, Any]) -> None:
    [incident] = incident_report["events"]
    assert incident["reports"] == [R1, R2] and incident["kind"] == "incident"
    victims = {f["member"]: f["kind"] for f in incident["findings"] if f["property"] == "victim"}
    assert victims == {"Tiana Carruthers": "agreement", "Mary Lou Nye": "addition"}


def test_age_and_outcome_conflicts_carry_both_evidence_sentences(incident_report: dict[str, Any]) -> None:
    found = person_findings(incident_report, "Tiana Carruthers")
    age, outcome = found["age"], found["outcome"]
    assert (age["kind"], age["severity"]) == ("conflict", "medium")
    assert (outcome["kind"], outcome["severity"]) == ("conflict", "high")
    assert age["explanation"] == "rule person-age: one person, different ages: 23 (r1) vs 24 (r2)"
    evidence = [(e["report"], e["value"], e["evidence"]) for e in age["values"]]
    assert evidence == [
        (R1, "23", "Tiana Carruthers, 23, was killed in a shooting in Kalamazoo on Saturday."),
        (R2, "24", SECOND),
    ]
    assert [e["value"] for e in outcome["values"]] == ["killed", "injured"]
