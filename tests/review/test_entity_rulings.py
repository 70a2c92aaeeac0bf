"""Entity pairs: the resolver's near misses come to a reviewer; a merge folds them and teaches the resolver,
a split keeps them apart, and neither can be withdrawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.models import Entity, Mention
from reconcile.review.queue import queue

STUDENT = """---
id: 003_student
source: Campus Paper
published: 2024-09-28
---
Students follow the talks

Hani Al-Bahra, a student in Istanbul, said the talks in New York mattered to his family.
"""
LATER = """---
id: 004_later
source: Campus Paper
published: 2024-10-02
---
A second voice

Hani Al-Bahra spoke again on Tuesday about the talks.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def near_miss(cli, fixtures_dir, tmp_path):
    """The seeds, then a report naming 'Hani Al-Bahra': one surname, another given name, no shared role."""
    for folder in (fixtures_dir / "gold", _write(tmp_path / "student", "003_student.txt", STUDENT)):
        result = cli("run", folder, "--aliases", fixtures_dir / "aliases.json")
        assert result.exit_code == 0, result.stderr
    return cli


def _pair(engine):
    with Session(engine) as session:
        [pair] = queue(session, kind="entities")
    return pair


def _entities_named(engine, surname: str) -> dict[str, int]:
    with Session(engine) as session:
        rows = session.execute(select(Mention.name, Mention.entity_id).where(Mention.name.like(f"%{surname}%")))
        return {name: entity_id for name, entity_id in rows}


def test_a_near_miss_is_queued_with_how_each_report_writes_the_name(near_miss, engine):
    pair = _pair(engine)
    assert pair.subject == "Hadi Al-Bahra ~ Hani Al-Bahra" and pair.status == "open"
    assert {(e.report, e.value) for e in pair.evidence} >= {("003_student", "Hani Al-Bahra")}


def test_a_merge_folds_the_pair_and_a_new_report_with_either_name_joins_the_kept_entity(near_miss, engine, tmp_path):
    pair = _pair(engine)
    result = near_miss("review", "decide", pair.target.label, "merge", "--note", "misspelt", "--reviewer", "ana")
    assert result.exit_code == 0, result.stderr
    named = _entities_named(engine, "Al-Bahra")
    assert named["Hadi Al-Bahra"] == named["Hani Al-Bahra"]
    with Session(engine) as session:
        assert session.scalars(select(Entity.name).where(Entity.name.like("%Al-Bahra%"))).all() == ["Hadi Al-Bahra"]
    later = _write(tmp_path / "later", "004_later.txt", LATER)
    assert near_miss("run", later).exit_code == 0
    with Session(engine) as session:
        query = select(Mention.entity_id).where(Mention.report_id == "004_later", Mention.name == "Hani Al-Bahra")
        joined = session.scalar(query)
    assert joined == named["Hadi Al-Bahra"]
    history = near_miss("review", "history", pair.target.label)
    assert "ana: merge — misspelt" in history.stdout


def test_a_split_keeps_the_pair_apart_and_is_recorded(near_miss, engine):
    pair = _pair(engine)
    assert near_miss("review", "decide", pair.target.label, "split", "--reviewer", "ana").exit_code == 0
    named = _entities_named(engine, "Al-Bahra")
    assert named["Hadi Al-Bahra"] != named["Hani Al-Bahra"]
    assert _pair(engine).status == "decided"


def test_a_merge_cannot_be_withdrawn(near_miss, engine):
    label = _pair(engine).target.label
    assert near_miss("review", "decide", label, "merge", "--reviewer", "ana").exit_code == 0
    result = near_miss("review", "decide", label, "withdraw", "--reviewer", "ana")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {label}: action 'withdraw' is not allowed for an entity pair; use one of: merge, split"
    )
