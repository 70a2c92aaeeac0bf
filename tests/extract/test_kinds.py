"""Events of kinds beyond meetings and shootings, found from their trigger words in the report's lead, on reports
written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reconcile.extract import Extractor
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _extract(extractor: Extractor, text: str) -> dict:
    document = Document(id="r", path=str(Path("r.txt")), text=text, source="test", published=dt.date(2025, 8, 5))
    return extractor.extract(document)


def _kinds(report: dict) -> list[str]:
    return [e["kind"] for e in report["events"]]


def _claims(report: dict) -> list[tuple[str, str]]:
    return [(c["property"], c["value"]) for c in report["claims"] if c["subject"] == report["events"][0]["id"]]


def test_a_crash_has_its_place_date_and_toll(extractor):
    report = _extract(
        extractor,
        "Plane crash near Lake Ornis kills 34\n\nA passenger plane crashed near Lake Ornis on Monday, killing 34 "
        "people, the aviation authority said. Twelve people are still missing.",
    )
    assert _kinds(report) == ["crash"]
    claims = _claims(report)
    assert ("place", "Lake Ornis") in claims
    assert ("date", "2025-08-04") in claims
    assert ("killed", "34") in claims and ("missing", "12") in claims


def test_a_court_ruling_is_an_event_with_its_date(extractor):
    report = _extract(
        extractor,
        "Court upholds ban on river dredging\n\nThe Supreme Court upheld the ban on river dredging on Tuesday, "
        "ending a two-year dispute.",
    )
    assert _kinds(report) == ["ruling"]
    assert ("date", "2025-08-05") in _claims(report)


def test_a_report_of_a_meeting_is_not_also_of_another_kind(extractor):
    report = _extract(
        extractor,
        "Ministers announce new talks\n\nForeign ministers Ana Ruiz and Tomas Berg met in Oslo on Monday and "
        "announced a second round of talks.",
    )
    assert "announcement" not in _kinds(report)
    assert "meeting" in _kinds(report)


def test_a_shooting_report_is_not_an_announcement(extractor):
    report = _extract(
        extractor,
        "Police announce arrest after shooting\n\nPolice announced on Monday that they had arrested a man after "
        "two people were shot and killed outside a bar in Denver.",
    )
    assert "announcement" not in _kinds(report)
    assert "incident" in _kinds(report)


def test_a_fire_that_burns_is_a_disaster_and_one_a_gunman_opens_is_not(extractor):
    burning = _extract(
        extractor, "Fire guts market in Sorrel\n\nA fire destroyed the covered market in Sorrel on Monday."
    )
    assert _kinds(burning) == ["disaster"]
    shooting = _extract(
        extractor, "Gunman opens fire at market\n\nA gunman opened fire at the market on Monday, killing two people."
    )
    assert "disaster" not in _kinds(shooting)


def test_a_post_given_with_a_common_verb_is_an_appointment(extractor):
    report = _extract(
        extractor,
        "Lena Ortiz named as festival director\n\nLena Ortiz was named as director of the festival on Monday.",
    )
    assert _kinds(report) == ["appointment"]


def test_a_quantity_of_people_is_no_victim(extractor):
    report = _extract(
        extractor,
        "Three people killed in Dornhaven shooting\n\nThree People were shot dead in Dornhaven on Sunday night, "
        "police said. Two Women were wounded. The victims were named as Peter Ollard and Mina Struve.",
    )
    victims = [v for p, v in _claims(report) if p == "victim"]
    names = {e["id"]: e["name"] for e in report["entities"]}
    assert victims and all(names.get(v, v).split()[0] not in ("Three", "Two") for v in victims)
