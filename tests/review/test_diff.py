"""`reconcile diff` on the seeds: every run is recorded with the findings it added, changed or removed; a third report
shows as new and changed findings; a run with nothing new shows (and stores) none; a reviewer's ruling that removes
findings shows them resolved; runs are named or default to the last two; every refusal is one line and writes
nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile.models import Finding, Run, RunFinding
from reconcile.review.queue import queue
from tests.review.conftest import FRANCESCHI_TITLE, THIRD_REPORT

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def third(seeds, fixtures_dir, tmp_path) -> Path:
    """A second run, on a folder holding only a third report about the New York meeting."""
    folder = tmp_path / "third"
    folder.mkdir()
    (folder / "003_wire.txt").write_text(THIRD_REPORT, encoding="utf-8")
    result = seeds("run", folder, "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return folder


def test_a_third_report_against_an_accepted_title_shows_it_reopened(seeds, engine, fixtures_dir, tmp_path):
    label = _title_label(engine)
    assert seeds("review", "decide", label, "accept", FRANCESCHI_TITLE, "--reviewer", "ana").exit_code == 0
    folder = tmp_path / "third"
    folder.mkdir()
    (folder / "003_wire.txt").write_text(THIRD_REPORT, encoding="utf-8")
    assert seeds("run", folder, "--aliases", fixtures_dir / "aliases.json").exit_code == 0
    [title] = [c for c in _diff(seeds)["changed"] if c["finding"] == label]
    assert title["review"] == "reopened"
    text = seeds("diff")
    line = f"{label}  conflict [medium]  Natasha Franceschi — title  (values changed; reopened: a newer report"
    assert line in text.stdout


def _title_label(engine) -> str:
    with Session(engine) as session:
        [item] = [i for i in queue(session, kind="conflict") if "Franceschi" in i.subject and i.property == "title"]
    return item.target.label


def _diff(cli, *args: str) -> dict[str, Any]:
    result = cli("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _rows(engine) -> tuple[int, int]:
    with Session(engine) as session:
        return (
            session.scalar(select(func.count()).select_from(Run)),
            session.scalar(select(func.count()).select_from(RunFinding)),
        )


def test_the_first_run_is_recorded_with_its_files_counts_and_every_finding(seeds, engine, fixtures_dir):
    with Session(engine) as session:
        run = session.scalars(select(Run)).one()
        findings = session.scalar(select(func.count()).select_from(Finding))
        snapshot = session.scalar(select(func.count()).select_from(RunFinding).where(RunFinding.run_id == run.id))
    assert (run.command, run.files) == ("run", [str(fixtures_dir / "gold")])
    assert run.counts == {"added": 2, "replaced": 0, "unchanged": 0, "failed": 0, "findings": findings}
    assert snapshot == findings == 47
    assert run.started_at <= run.finished_at


def test_a_third_report_shows_new_findings_and_the_title_changed_by_a_new_value(third, seeds, engine):
    label = _title_label(engine)
    diff = _diff(seeds)
    assert (diff["from"]["id"], diff["to"]["id"]) == (1, 2)
    assert diff["to"]["files"] == [str(third)] and diff["to"]["counts"]["added"] == 1
    [title] = [c for c in diff["changed"] if c["finding"] == label]
    assert title == {
        "finding_id": title["finding_id"],
        "finding": label,
        "subject": "Natasha Franceschi",
        "property": "title",
        "kind": "conflict",
        "severity": "medium",
        "was": {"kind": "conflict", "severity": "medium"},
        "changes": ["values"],
    }
    assert diff["new"] and diff["resolved"] == []
    assert any(n["subject"].startswith("SNC delegation meeting") and n["kind"] == "agreement" for n in diff["new"])
    text = seeds("diff")
    assert text.exit_code == 0, text.stderr
    assert f"{len(diff['new'])} new, 0 resolved, {len(diff['changed'])} changed." in text.stdout
    assert f"  {label}  conflict [medium]  Natasha Franceschi — title  (values changed)" in text.stdout


def test_a_run_with_nothing_new_shows_and_stores_no_differences(third, seeds, fixtures_dir, engine):
    runs, logged = _rows(engine)
    again = seeds("run", third, "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert again.exit_code == 0, again.stderr
    assert _rows(engine) == (runs + 1, logged)  # a run that changed nothing logs no finding
    diff = _diff(seeds)
    assert (diff["from"]["id"], diff["to"]["id"]) == (2, 3)
    assert diff["new"] == diff["resolved"] == diff["changed"] == []
    assert seeds("diff").stdout.endswith("0 new, 0 resolved, 0 changed.\nNo differences.\n")
    named = _diff(seeds, "1", "3")
    assert {k: named[k] for k in ("new", "changed")} == {k: _diff(seeds, "1", "2")[k] for k in ("new", "changed")}


def test_backwards_the_new_findings_are_resolved(third, seeds):
    forward, backward = _diff(seeds, "1", "2"), _diff(seeds, "2", "1")
    assert backward["resolved"] == forward["new"] and backward["new"] == forward["resolved"] == []
    assert {c["finding"] for c in backward["changed"]} == {c["finding"] for c in forward["changed"]}


def test_findings_a_ruling_removed_show_as_resolved_at_the_next_run(seeds, engine):
    with Session(engine) as session:
        [link] = queue(session, kind="link")
        provisional = session.scalar(select(func.count()).select_from(Finding).where(Finding.link_id.is_not(None)))
    assert seeds("review", "decide", link.target.label, "different", "--reviewer", "ana").exit_code == 0
    assert seeds("match").exit_code == 0
    diff = _diff(seeds)
    assert len(diff["resolved"]) == provisional > 0
    assert all(" ~ " in r["subject"] for r in diff["resolved"])  # named by the two events, gone as they are
    assert diff["new"] == diff["changed"] == []
    same = _diff(seeds, "2", "2")
    assert same["new"] == same["resolved"] == same["changed"] == []


def test_match_is_recorded_as_a_run_too(seeds, engine):
    assert seeds("match").exit_code == 0
    with Session(engine) as session:
        last = session.scalars(select(Run).order_by(Run.id.desc())).first()
    assert (last.command, last.files, last.counts) == ("match", [], {"findings": 47})
    assert _diff(seeds)["changed"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "99"], "Error: run 99 does not exist; runs 1 to 1 are recorded\n"),
        ([], "Error: 1 run(s) recorded; `reconcile diff` needs two (each `reconcile run` or `match` records one)\n"),
    ],
)
def test_an_unknown_run_or_too_few_runs_is_one_line_exit_1_and_writes_nothing(seeds, engine, args, message):
    before = _rows(engine)
    result = seeds("diff", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (1, message, "")
    assert _rows(engine) == before


def test_one_run_named_alone_is_a_usage_error(seeds):
    result = seeds("diff", "1")
    assert result.exit_code == 2
    assert "give two runs to compare, or none for the last two" in result.stderr
