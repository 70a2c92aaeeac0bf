"""A finding's id names what it is about, not the numbers the store gave its entities and events: the same reports
give the same ids however they were stored, and a decision taken on a finding follows it when a merge replaces it
(two events joined by a reviewer, two entities merged), so the old id still names it and its decision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.models import Decision, Finding
from reconcile.review.queue import Item, find, queue
from tests.conftest import Cli
from tests.factories import ReportBuilder
from tests.match.test_order import fresh_database

GOLD_FILES = ("000_644f3aaadc5aa323.claims.json", "002_c7978846b180afeb.claims.json")


def _items(engine, kind: str) -> list[Item]:
    with Session(engine) as session:
        return queue(session, kind=kind)


def _found(engine, label: str) -> Item:
    with Session(engine) as session:
        return find(session, label)


def _finding_ids(url: str) -> set[str]:
    engine = db.make_engine(url)
    with Session(engine) as session:
        ids = set(session.scalars(select(Finding.id)))
    engine.dispose()
    return ids


def _decide(cli, label: str, action: str, *value: str) -> None:
    result = cli("review", "decide", label, action, *value, "--note", f"{action} {label}", "--reviewer", "ana")
    assert result.exit_code == 0, result.stderr


def _run(cli, folder: Path, fixtures_dir: Path) -> None:
    result = cli("run", folder, "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr


def _folder(tmp_path: Path, name: str, *files: Path) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder)
    return folder


def test_decisions_on_a_link_and_its_findings_follow_them_when_the_link_is_decided_same(seeds, engine):
    """The provisional findings of the seeds' uncertain link become the joined meeting's findings when a reviewer
    decides the link `same`: every decision taken before is on a stored finding, found by the id it was taken on."""
    provisional = {i.property.split(":")[0]: i for i in _items(engine, "addition") if i.subject == "event link"}
    date, attendee = provisional["date"], provisional["attendee"]
    conflict = next(i for i in _items(engine, "conflict") if i.property == "title")
    variant = next(i for i in _items(engine, "variant") if i.property == "name")
    decided = {
        date.target.label: ("accept", date.target.values[0]),
        attendee.target.label: ("dispute", None),
        conflict.target.label: ("reject", None),
        variant.target.label: ("dispute", None),
    }
    for label, (action, value) in decided.items():
        _decide(seeds, label, action, *([value] if value else []))
    _decide(seeds, _items(engine, "link")[0].target.label, "same")
    assert seeds("match").exit_code == 0

    for label, (action, value) in decided.items():
        item = _found(engine, label)
        assert (item.status, item.decision.action, item.decision.value) == ("decided", action, value), label
        with Session(engine) as session:
            assert session.get(Finding, item.target.key) is not None
    for old in (date.target.label, attendee.target.label):  # the link's findings are the joined meeting's now
        item = _found(engine, old)
        assert item.subject != "event link" and item.property.startswith(("date", "attendee"))
        why = "its two events were joined into one"
        assert item.replaced == f"{old} was replaced by {item.target.label} when {why}"
        assert item.decision.note == f"carried from {old}, replaced when {why}: {decided[old][0]} {old}"
    for kept in (conflict, variant):  # the people's findings keep their ids: the link changed neither person
        assert _found(engine, kept.target.label).replaced is None


def test_show_and_history_of_a_replaced_id_tell_what_replaced_it_and_keep_both_decisions(seeds, engine):
    [date] = [i for i in _items(engine, "addition") if i.property == "date"]
    _decide(seeds, date.target.label, "accept", date.target.values[0])
    _decide(seeds, _items(engine, "link")[0].target.label, "same")
    new = _found(engine, date.target.label).target.label
    shown = seeds("review", "show", date.target.label)
    assert shown.exit_code == 0, shown.stderr
    assert f"{date.target.label} was replaced by {new} when its two events were joined into one" in shown.stdout
    history = seeds("review", "history", date.target.label)
    assert history.exit_code == 0, history.stderr
    with Session(engine) as session:
        trail = session.scalars(select(Decision).where(Decision.target_kind == "finding").order_by(Decision.id)).all()
    assert [(d.target_key, d.live, d.superseded_by) for d in trail] == [
        (date.target.key, False, trail[1].id),
        (_found(engine, new).target.key, True, None),
    ]
    assert [line.split()[0] for line in history.stdout.splitlines()[1:] if line.startswith("  ")] == [
        str(d.id) for d in trail
    ]


def test_the_same_reports_numbered_otherwise_keep_their_finding_ids(db_url, runner, fixtures_dir, tmp_path):
    """A store that numbered other entities and events first gives the seeds' subjects other numbers: not other
    finding ids."""
    gold = fixtures_dir / "gold"
    alone = Cli(runner, f"sqlite:///{tmp_path / 'alone.db'}")
    _run(alone, gold, fixtures_dir)
    other = tmp_path / "other"
    other.mkdir()
    text = "Maria Lopez, mayor of Lima, met Juan Perez to discuss the water supply."
    unrelated = (
        ReportBuilder(text, published="2024-03-01")
        .entity("p1", "person", "Maria Lopez")
        .entity("p2", "person", "Juan Perez")
        .event("m1", "Meeting on the water supply", "met")
        .claim("m1", "attendee", "Maria Lopez", obj="p1")
        .claim("m1", "attendee", "Juan Perez", obj="p2")
    )
    unrelated.write(other, "lima")
    after = fresh_database(db_url, tmp_path, "after")
    later = Cli(runner, after)
    _run(later, other, fixtures_dir)
    _run(later, gold, fixtures_dir)
    assert _finding_ids(after) == _finding_ids(alone.url) != set()


@pytest.mark.parametrize("order", [GOLD_FILES, GOLD_FILES[::-1]])
def test_reports_stored_one_by_one_in_either_order_give_the_ids_of_one_batch(
    db_url, runner, fixtures_dir, tmp_path, order
):
    gold = fixtures_dir / "gold"
    batch = Cli(runner, f"sqlite:///{tmp_path / 'batch.db'}")
    _run(batch, gold, fixtures_dir)
    url = fresh_database(db_url, tmp_path, "one-by-one")
    one_by_one = Cli(runner, url)
    for number, name in enumerate(order):
        _run(one_by_one, _folder(tmp_path, f"part{number}", gold / name), fixtures_dir)
    assert _finding_ids(url) == _finding_ids(batch.url) != set()


def _person(name: str, title: str, age: str, published: str) -> ReportBuilder:
    text = f"{name}, {title}, aged {age}, met Ali Hassan."
    return (
        ReportBuilder(text, published=published)
        .entity("p1", "person", name)
        .entity("p2", "person", "Ali Hassan")
        .event("m1", "Meeting with Ali Hassan", "met")
        .claim("p1", "title", title)
        .claim("p1", "age", age)
        .claim("m1", "attendee", name, obj="p1")
        .claim("m1", "attendee", "Ali Hassan", obj="p2")
    )


def test_merging_two_people_keeps_the_decisions_on_their_findings(cli, engine, tmp_path):
    """Hani Al-Bahra's reports came out first, so the merged person is named by his first mention: his findings keep
    their ids, and Hadi's title finding is replaced by the merged person's, which takes its decision."""
    folder = tmp_path / "people"
    folder.mkdir()
    _person("Hani Al-Bahra", "Minister of Health", "41", "2024-09-01").write(folder, "r1")
    _person("Hani Al-Bahra", "Minister of Health", "44", "2024-09-02").write(folder, "r2")
    _person("Hadi Al-Bahra", "head of the National Coalition", "50", "2024-09-03").write(folder, "r3")
    _person("Hadi Al-Bahra", "president of the Syrian National Coalition", "50", "2024-09-04").write(folder, "r4")
    assert cli("run", folder, "-f", "json").exit_code == 0
    [age] = [i for i in _items(engine, "conflict") if i.property == "age"]
    [title] = [i for i in _items(engine, "variant") + _items(engine, "conflict") if i.subject == "Hadi Al-Bahra"]
    _decide(cli, age.target.label, "accept", "41")
    _decide(cli, title.target.label, "dispute")
    [pair] = _items(engine, "entities")
    _decide(cli, pair.target.label, "merge")

    kept = _found(engine, age.target.label)
    assert (kept.target.label, kept.replaced, kept.status, kept.decision.value) == (
        age.target.label,
        None,
        "decided",
        "41",
    )
    merged = _found(engine, title.target.label)
    assert (merged.subject, merged.property, merged.status) == ("Hani Al-Bahra", "title", "decided")
    assert merged.decision.action == "dispute"
    assert (
        merged.replaced
        == f"{title.target.label} was replaced by {merged.target.label} when its entity was merged with another"
    )
