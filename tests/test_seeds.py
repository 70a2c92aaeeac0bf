"""The canonical example: the two seed reports, run end to end, show what the fact-checker needs to see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reconcile.validate import schema_problems

GOLDEN = Path(__file__).parent / "golden" / "seeds.json"
DATED, UNDATED = "002_c7978846b180afeb", "000_644f3aaadc5aa323"


@pytest.fixture
def seed_report(cli, fixtures_dir) -> dict[str, Any]:
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def entity(report: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [e for e in report["entities"] if e["name"] == name]
    return found


def finding(findings: list[dict[str, Any]], prop: str, member: str | None = None) -> dict[str, Any]:
    [found] = [f for f in findings if f["property"] == prop and (member is None or f["member"] == member)]
    return found


def the_link(report: dict[str, Any]) -> dict[str, Any]:
    [link] = [lk for lk in report["links"] if {DATED, UNDATED} <= set(_reports_of(report, lk))]
    return link


def _reports_of(report: dict[str, Any], link: dict[str, Any]) -> list[str]:
    events = {e["id"]: e for e in report["events"]}
    return [r for v in link["events"] for r in events[v]["reports"]]


def test_report_matches_its_schema_and_keeps_ingest_ids(seed_report):
    assert schema_problems(seed_report, "conflict-report") == []
    assert [r["id"] for r in seed_report["reports"]] == [UNDATED, DATED]


def test_jamous_is_one_person_with_both_spellings(seed_report):
    jamous = entity(seed_report, "Badr Jamous")
    assert {"Badr Jamous", "Bader Jamous"} <= set(jamous["names"])
    assert jamous["reports"] == [UNDATED, DATED]
    name = finding(jamous["findings"], "name")
    assert name["kind"] == "variant" and "bader jamous" in name["explanation"]


def test_the_snc_is_one_organisation_with_its_three_names(seed_report):
    [snc] = [e for e in seed_report["entities"] if "SNC" in e["names"]]
    assert {"SNC", "Syrian Negotiating Commission", "Syrian Negotiation Commission"} <= set(snc["names"])
    assert snc["type"] == "organisation" and snc["reports"] == [UNDATED, DATED]


def test_franceschi_titles_conflict_with_both_evidence_sentences(seed_report):
    title = finding(entity(seed_report, "Natasha Franceschi")["findings"], "title")
    assert (title["kind"], title["severity"]) == ("conflict", "medium")
    values = {(v["report"], v["value"]) for v in title["values"]}
    assert (UNDATED, "Deputy Assistant Secretary for the Levant and Near East Bureau") in values
    assert any(r == DATED and "Levant and Syria Engagement" in v for r, v in values)
    evidence = {v["report"]: v["evidence"] for v in title["values"]}
    assert evidence[UNDATED].startswith("The US delegation also included Natasha Franceschi")
    assert "levant near east bureau" in title["explanation"] and "levant syria engagement" in title["explanation"]


def test_jamous_head_and_president_is_a_variant_not_a_conflict(seed_report):
    title = finding(entity(seed_report, "Badr Jamous")["findings"], "title")
    assert title["kind"] == "variant"
    assert {"head of the SNC", "President of the Syrian Negotiation Commission"} <= {
        v["value"] for v in title["values"]
    }


def test_the_two_meetings_are_linked_as_uncertain_never_merged(seed_report):
    link = the_link(seed_report)
    assert link["verdict"] == "uncertain" and 0.35 <= link["score"] < 0.8
    reasons = "\n".join(link["reasons"])
    assert "Barbara Leaf led" in reasons
    assert "date: only 002_c7978846b180afeb gives one (2024-09-25)" in reasons
    assert "both name Badr Jamous, Natasha Franceschi" in reasons
    merged = [e for e in seed_report["events"] if {DATED, UNDATED} <= set(e["reports"])]
    assert merged == []
    assert all(f["provisional"] for f in link["findings"])


def test_the_dated_meeting_has_its_date_and_place(seed_report):
    [meeting] = [e for e in seed_report["events"] if e["reports"] == [DATED] and e["kind"] == "meeting"]
    assert (meeting["date"], meeting["location"]) == ("2024-09-25", "New York")


def test_attendees_are_compared_member_by_member(seed_report):
    findings = the_link(seed_report)["findings"]
    for both in ("Badr Jamous", "Natasha Franceschi"):
        assert finding(findings, "attendee", both)["kind"] == "agreement"
    for only_undated in ("Barbara Leaf", "Nicholas Granger", "Hadi Al-Bahra", "Abdulrahman Mustafa"):
        member = finding(findings, "attendee", only_undated)
        assert (member["kind"], member["stated_by"], member["not_stated_by"]) == ("addition", [UNDATED], [DATED])


def test_leaf_leads_in_one_report_only(seed_report):
    lead = finding(the_link(seed_report)["findings"], "led_by", "United States side")
    assert (lead["kind"], lead["stated_by"]) == ("addition", [UNDATED])
    assert lead["values"][0]["value"] == "Barbara Leaf"


@pytest.mark.parametrize(
    ("prop", "member_contains"),
    [("cites", "2118"), ("topic", "detainees"), ("stance", "normalization")],
)
def test_additions_of_the_dated_report(seed_report, prop, member_contains):
    findings = the_link(seed_report)["findings"]
    [found] = [f for f in findings if f["property"] == prop and member_contains in (f["member"] or "")]
    assert (found["kind"], found["stated_by"], found["not_stated_by"]) == ("addition", [DATED], [UNDATED])
    assert member_contains in found["values"][0]["evidence"]


def test_every_value_carries_its_evidence(seed_report, fixtures_dir):
    texts = {p.name.split(".")[0]: json.loads(p.read_text())["text"] for p in (fixtures_dir / "gold").glob("*.json")}
    groups = [seed_report["entities"], seed_report["events"], seed_report["links"]]
    values = [v for group in groups for item in group for f in item["findings"] for v in f["values"]]
    assert values
    for value in values:
        start, end = value["span"]
        assert texts[value["report"]][start:end] == value["raw"]
        assert value["raw"] in value["evidence"]


def test_golden_report(seed_report, request):
    """The whole report for the seeds; regenerate deliberately with `pytest --update-golden`."""
    rendered = json.dumps(seed_report, indent=2, ensure_ascii=False) + "\n"
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(rendered, encoding="utf-8")
    assert rendered == GOLDEN.read_text(encoding="utf-8")


def test_a_second_run_changes_nothing(cli, fixtures_dir, seed_report):
    again = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "--format", "json")
    assert again.exit_code == 0
    assert "2 unchanged" in again.stderr and "0 new mentions" in again.stderr
    assert json.loads(again.stdout) == seed_report
