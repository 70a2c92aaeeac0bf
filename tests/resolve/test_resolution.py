"""Resolution across reports on a real database: people, organisations, documents and events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories import ReportBuilder, meeting_report


def run(cli, folder: Path, *extra: str | Path) -> dict[str, Any]:
    result = cli("run", folder, "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def people(report: dict[str, Any]) -> list[list[str]]:
    return sorted(sorted(e["names"]) for e in report["entities"] if e["type"] == "person")


def write_all(folder: Path, *builders: ReportBuilder, first: int = 0) -> Path:
    folder.mkdir(exist_ok=True)
    for i, builder in enumerate(builders, start=first):
        builder.write(folder, f"r{i}")
    return folder


@pytest.mark.parametrize(
    "spellings",
    [
        ("Abdulrahman Mustafa", "Abdul Rahman Mustafa", "Abdurrahman Mustafa"),
        ("Hadi Al-Bahra", "Hadi al Bahra", "Dr. Hadi Al Bahra"),
        ("Badr Jamous", "Bader Jamous", "BADR JAMOUS"),
    ],
    ids=["joined-and-split", "particle", "case-and-spelling"],
)
def test_transliterations_resolve_to_one_person(cli, tmp_path, spellings):
    builders = [meeting_report(name, "head of the interim government") for name in spellings]
    groups = people(run(cli, write_all(tmp_path / "in", *builders)))
    assert sorted(spellings) in groups
    assert ["Ali Hassan"] in groups and len(groups) == 2


def test_weak_name_match_joins_with_a_shared_role(cli, tmp_path):
    """'Hadi Bahri' and 'Hani Bahri' are near in spelling; a shared role makes them one person."""
    folder = write_all(
        tmp_path / "in",
        meeting_report("Hadi Bahri", "National Coalition head"),
        meeting_report("Hani Bahri", "head of the National Coalition"),
    )
    assert ["Hadi Bahri", "Hani Bahri"] in people(run(cli, folder))


def test_weak_name_match_with_a_different_role_stays_apart(cli, tmp_path):
    folder = write_all(
        tmp_path / "in",
        meeting_report("Hadi Bahri", "National Coalition head"),
        meeting_report("Hani Bahri", "Minister of Health"),
    )
    groups = people(run(cli, folder))
    assert ["Hadi Bahri"] in groups and ["Hani Bahri"] in groups


def test_documents_resolve_by_number_and_organisations_by_acronym(cli, tmp_path):
    texts = [
        ("The SNC cited UN Security Council Resolution 2254.", "SNC", "UN Security Council Resolution 2254"),
        ("The Syrian Negotiation Commission cited UNSCR 2254.", "Syrian Negotiation Commission", "UNSCR 2254"),
        (
            "The Syrian Negotiating Commission cited Resolution 2254.",
            "Syrian Negotiating Commission",
            "Resolution 2254",
        ),
    ]
    builders = [
        ReportBuilder(text).entity("o1", "organisation", org).entity("d1", "document", doc) for text, org, doc in texts
    ]
    report = run(cli, write_all(tmp_path / "in", *builders))
    organisations = [e for e in report["entities"] if e["type"] == "organisation"]
    documents = [e for e in report["entities"] if e["type"] == "document"]
    assert len(organisations) == 1 and len(documents) == 1
    assert documents[0]["reports"] == ["r0", "r1", "r2"]


def test_alias_file_joins_documents_that_names_alone_keep_apart(cli, tmp_path, fixtures_dir):
    folder = write_all(
        tmp_path / "in",
        *(
            ReportBuilder(f"They cited the {n}.").entity("d1", "document", n)
            for n in ("Geneva Statement", "Geneva Communique")
        ),
    )
    assert len(run(cli, folder)["entities"]) == 2
    renamed = write_all(
        tmp_path / "again",
        *(
            ReportBuilder(f"Later, the {n}.").entity("d1", "document", n)
            for n in ("Geneva Statement", "Geneva Communique")
        ),
        first=5,
    )
    report = run(cli, renamed, "--aliases", fixtures_dir / "aliases.json")
    joined = [e for e in report["entities"] if {"r5", "r6"} <= set(e["reports"])]
    assert len(joined) == 1 and set(joined[0]["names"]) == {"Geneva Statement", "Geneva Communique"}


def test_same_date_place_and_people_make_one_event(cli, tmp_path):
    folder = write_all(
        tmp_path / "in",
        meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25", place="Geneva"),
        meeting_report("Bader Jamous", "President of the SNC", date="2024-09-25", place="Geneva"),
    )
    report = run(cli, folder)
    [event] = report["events"]
    assert event["reports"] == ["r0", "r1"] and event["date"] == "2024-09-25" and event["location"] == "Geneva"
    assert report["links"] == []


def test_conflicting_dates_are_never_merged(cli, tmp_path):
    folder = write_all(
        tmp_path / "in",
        meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25", place="Geneva"),
        meeting_report("Badr Jamous", "head of the SNC", date="2024-09-27", place="Geneva"),
    )
    report = run(cli, folder)
    assert len(report["events"]) == 2
    assert all(len(e["reports"]) == 1 for e in report["events"])


def test_a_new_report_joins_the_existing_event_incrementally(cli, tmp_path):
    run(cli, write_all(tmp_path / "in", meeting_report("Badr Jamous", "head of the SNC", "2024-09-25", "Geneva")))
    later = write_all(
        tmp_path / "later",
        meeting_report("Bader Jamous", "head of the SNC", date="2024-09-25", place="Geneva"),
        meeting_report("Bader Jamous", "head of the SNC", date="2024-09-26", place="Geneva"),
        first=5,
    )
    report = run(cli, later)
    assert sorted(len(e["reports"]) for e in report["events"]) == [1, 2]
    [pair] = [e for e in report["events"] if len(e["reports"]) == 2]
    assert pair["reports"] == ["r0", "r5"]
    [date] = [f for f in pair["findings"] if f["property"] == "date"]
    assert date["kind"] == "agreement"
