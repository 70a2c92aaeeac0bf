"""Reviewers on the seeds: decisions on the meetings' link and on findings, their trail, their effect on the
matcher, their survival across runs, a newer report reopening an accepted value, and every refusal."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile.models import Decision, Event, EventLink, Mention, MentionRole
from reconcile.review.decisions import Ruling
from reconcile.review.queue import Item, queue, queue_page
from reconcile.review.service import decide
from tests.factories import titled_meeting
from tests.review.conftest import FRANCESCHI_TITLE, THIRD_REPORT


def _items(engine, **filters: str) -> list[Item]:
    with Session(engine) as session:
        return queue(session, **filters)


def _one(engine, kind: str, subject: str = "", prop: str = "") -> Item:
    [item] = [i for i in _items(engine, kind=kind) if subject in i.subject and i.property.startswith(prop)]
    return item


def _decisions(engine) -> list[tuple[str, str, bool]]:
    with Session(engine) as session:
        return [(d.target_key, d.action, d.live) for d in session.scalars(select(Decision).order_by(Decision.id))]


def _meetings_of_the_two_reports(engine) -> int:
    """How many events the two seeds' main meetings (m1 of each report) fall in."""
    with Session(engine) as session:
        return session.scalar(
            select(func.count(func.distinct(Mention.event_id))).where(
                Mention.role == MentionRole.event, Mention.local_id == "m1"
            )
        )


def _report_json(cli, fixtures_dir: Path) -> dict[str, Any]:
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_queue_lists_the_title_conflict_and_the_uncertain_link_with_evidence(seeds, engine):
    conflict = _one(engine, "conflict", "Franceschi", "title")
    assert conflict.status == "open"
    assert FRANCESCHI_TITLE in conflict.target.values
    assert all(e.sentence and e.report for e in conflict.evidence)
    link = _one(engine, "link")
    assert link.target.label.startswith("L") and link.reasons
    show = seeds("review", "show", conflict.target.label)
    assert show.exit_code == 0, show.stderr
    assert "Natasha Franceschi" in show.stdout and "Decide with" in show.stdout


def test_same_then_different_on_the_link_merges_then_splits_the_meetings_and_keeps_the_trail(seeds, engine):
    label = _one(engine, "link").target.label
    assert _meetings_of_the_two_reports(engine) == 2
    same = seeds("review", "decide", label, "same", "--note", "one meeting", "--reviewer", "ana")
    assert same.exit_code == 0, same.stderr
    assert _meetings_of_the_two_reports(engine) == 1
    different = seeds("review", "decide", label, "different", "--note", "two meetings", "--reviewer", "ben")
    assert different.exit_code == 0, different.stderr
    assert _meetings_of_the_two_reports(engine) == 2
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(EventLink)) == 0  # no link between them now
    assert [(action, live) for _, action, live in _decisions(engine)] == [("same", False), ("different", True)]
    trail = seeds("review", "history", label)
    assert trail.exit_code == 0
    assert "ana: same" in trail.stdout and "ben: different" in trail.stdout
    assert "superseded by" in trail.stdout and "(live)" in trail.stdout


def test_decisions_survive_a_second_run_on_the_same_files(seeds, engine, fixtures_dir):
    link = _one(engine, "link").target.label
    title = _one(engine, "conflict", "Franceschi", "title").target.label
    assert seeds("review", "decide", link, "different", "--reviewer", "ana").exit_code == 0
    stance = _items(engine, kind="variant")[0].target.label
    assert seeds("review", "decide", title, "accept", FRANCESCHI_TITLE, "--reviewer", "ana").exit_code == 0
    assert seeds("review", "decide", stance, "dispute", "--note", "sources differ", "--reviewer", "ana").exit_code == 0
    before = _decisions(engine)
    report = _report_json(seeds, fixtures_dir)
    assert _decisions(engine) == before
    assert report["links"] == []
    assert _meetings_of_the_two_reports(engine) == 2
    decided = {i.target.label: i for i in _items(engine, status="decided")}
    assert set(decided) == {link, title, stance}
    assert decided[title].decision.value == FRANCESCHI_TITLE


def test_a_newer_report_that_contradicts_an_accepted_value_reopens_it(seeds, engine, fixtures_dir, tmp_path):
    title = _one(engine, "conflict", "Franceschi", "title").target.label
    assert seeds("review", "decide", title, "accept", FRANCESCHI_TITLE, "--reviewer", "ana").exit_code == 0
    assert [i.target.label for i in _items(engine, status="reopened")] == []
    (tmp_path / "003_wire.txt").write_text(THIRD_REPORT, encoding="utf-8")
    result = seeds("run", tmp_path, "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    [reopened] = _items(engine, status="reopened")
    assert reopened.target.label == title
    assert any(e.report == "003_wire" and "Special Envoy" in e.value for e in reopened.evidence)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Fnothere", "dispute"],
            "Error: Fnothere: no finding, event link, entity pair or claim has this id (see `reconcile review list`)",
        ),
        (
            ["{title}", "same"],
            "Error: {title}: action 'same' is not allowed for a finding; use one of: accept, dispute, reject, withdraw",
        ),
        (
            ["{link}", "accept", "x"],
            "Error: {link}: action 'accept' is not allowed for an event link; use one of: same, different, withdraw",
        ),
        (["{title}", "dispute", "a value"], "Error: {title}: action 'dispute' takes no value"),
        (["{title}", "accept"], "Error: {title}: accept needs the value to publish: one of "),
        (["{title}", "accept", "Chief of Everything"], "Error: {title}: 'Chief of Everything' is not a value the "),
    ],
)
def test_a_refused_decision_says_why_exits_1_and_writes_nothing(seeds, engine, args, message):
    labels = {
        "title": _one(engine, "conflict", "Franceschi", "title").target.label,
        "link": _one(engine, "link").target.label,
    }
    result = seeds("review", "decide", *[a.format(**labels) for a in args], "--reviewer", "ana")
    assert result.exit_code == 1
    assert result.stderr.startswith(message.format(**labels))
    assert len(result.stderr.strip().splitlines()) == 1
    assert _decisions(engine) == []


def test_a_corrected_value_needs_its_source_and_is_kept_with_it(seeds, engine):
    title = _one(engine, "conflict", "Franceschi", "title").target.label
    result = seeds(
        "review",
        "decide",
        title,
        "accept",
        "Deputy Assistant Secretary",
        "--source",
        "state.gov bio",
        "--reviewer",
        "ana",
    )
    assert result.exit_code == 0, result.stderr
    with Session(engine) as session:
        decision = session.scalars(select(Decision)).one()
    assert (decision.value, decision.value_source, decision.reviewer) == (
        "Deputy Assistant Secretary",
        "state.gov bio",
        "ana",
    )


def test_an_unknown_status_is_a_usage_error(seeds):
    result = seeds("review", "list", "--status", "pending")
    assert result.exit_code == 2
    assert "'pending' is not one of open, decided, reopened, all" in result.stderr


def test_the_reviewer_defaults_to_the_environment(seeds, engine, monkeypatch):
    monkeypatch.setenv("RECONCILE_REVIEWER", "desk-editor")
    title = _one(engine, "conflict", "Franceschi", "title").target.label
    assert seeds("review", "decide", title, "reject", "--note", "extraction error").exit_code == 0
    with Session(engine) as session:
        assert session.scalars(select(Decision.reviewer)).one() == "desk-editor"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event)) > 0


@pytest.mark.parametrize("command", ["show", "history"])
def test_show_and_history_name_an_unknown_id_in_one_line(seeds, engine, command):
    result = seeds("review", command, "L999-1000")
    assert result.exit_code == 1
    message = "Error: L999-1000: no finding, event link, entity pair or claim has this id (see `reconcile review list`)"
    assert result.stderr == message + "\n"
    assert _decisions(engine) == []


def test_an_unknown_kind_is_a_usage_error(seeds):
    result = seeds("review", "list", "--kind", "rumour")
    assert result.exit_code == 2
    assert "'rumour' is not one of conflict, update, variant, addition, link, entities" in result.stderr


@pytest.mark.parametrize(("status", "kind"), [(None, None), ("open", None), (None, "addition"), ("open", "variant")])
def test_a_page_of_the_queue_is_that_stretch_of_the_whole_queue(seeds, engine, status, kind):
    """Items of a page have their evidence read late, so each must come out as the whole queue has it."""
    with Session(engine) as session:
        whole = queue(session, status, kind)
        pages = [queue_page(session, status, kind, 3, offset) for offset in range(0, len(whole) + 3, 3)]
    assert len(whole) > 3
    assert {page.total for page in pages} == {len(whole)}
    assert [page.offset for page in pages] == list(range(0, len(whole) + 3, 3))
    paged = [item for page in pages for item in page.items]
    assert [(i.target, i.status, i.evidence, i.subject) for i in paged] == [
        (i.target, i.status, i.evidence, i.subject) for i in whole
    ]
    assert all(i.evidence and i.target.values for i in paged if i.kind in ("conflict", "variant", "addition"))
    assert all(i.evidence for i in paged if i.kind == "entities")
    assert pages[-1].items == []


def test_review_list_takes_a_limit_and_an_offset(seeds, engine):
    labels = [i.target.label for i in _items(engine)]
    result = seeds("review", "list", "--status", "all", "--limit", "2", "--offset", "1")
    assert result.exit_code == 0, result.stderr
    assert re.findall(r"^ ?([FLE][0-9a-f-]+) ", result.stdout, re.MULTILINE) == labels[1:3]
    assert f"Items 2-3 of {len(labels)}. " in result.stdout
    past = seeds("review", "list", "--status", "all", "--offset", str(len(labels)))
    assert past.stdout == f"No items here: the queue has {len(labels)}.\n"


def test_review_commands_print_rich_markup_in_values_as_text(cli, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # one line per table row, so each value reads whole
    folder = tmp_path / "reports"
    folder.mkdir()
    title = "head [/] of the [bold red]SNC[/bold red]"
    titled_meeting(title).write(folder, "[red]a")
    titled_meeting("Minister of Finance").write(folder, "b")
    assert cli("run", folder, "-f", "json").exit_code == 0
    label = _one(engine, "conflict", "Jamous", "title").target.label
    decide(engine, label, Ruling("accept", title, note="[/] per [i]release[/i]", reviewer="[b]"))
    for command in (["list", "--status", "all"], ["show", label], ["history", label]):
        result = cli("review", *command)
        assert result.exit_code == 0, result.stderr
        flat = " ".join(result.stdout.replace("│", " ").split())
        assert title in flat or command[0] == "history"
        assert "[red]a" in flat or command[0] != "show"
        if command[0] != "list":
            assert "[b]: accept" in flat and "[/] per [i]release[/i]" in flat


def test_a_decision_whose_value_looks_like_markup_is_said_as_written(seeds, engine):
    """The line that confirms a decision quotes its value, which may hold [brackets] the terminal must not read."""
    title = _one(engine, "conflict", "Franceschi", "title")
    result = seeds("review", "decide", title.target.label, "accept", "Envoy [/] [bold]", "--source", "a call")
    assert result.exit_code == 0, result.stderr
    assert f"Decided {title.target.label}: accept 'Envoy [/] [bold]'" in result.stderr
