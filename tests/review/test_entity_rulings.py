"""Entity pairs: the resolver's near misses come to a reviewer; a merge folds them and teaches the resolver,
a split keeps them apart, and the live ruling is what the entities are, at once and after every later run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.models import Decision, Entity, Mention, MentionRole
from reconcile.review.decisions import ReviewError, Ruling
from reconcile.review.queue import queue
from reconcile.review.service import decide_entities

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


def _decide(cli, label: str, action: str) -> None:
    result = cli("review", "decide", label, action, "--reviewer", "ana")
    assert result.exit_code == 0, result.stderr


def _holders(engine, surname: str) -> dict[tuple[str, str], int | None]:
    """The entity of each entity mention whose name has `surname`, by (report, name)."""
    with Session(engine) as session:
        rows = session.execute(
            select(Mention.report_id, Mention.name, Mention.entity_id).where(
                Mention.role == MentionRole.entity, Mention.name.like(f"%{surname}%")
            )
        )
        return {(report, name): entity_id for report, name, entity_id in rows}


def _rematch(cli) -> None:
    result = cli("match")
    assert result.exit_code == 0, result.stderr


def test_a_split_after_a_merge_gives_each_entity_its_own_mentions_back(near_miss, engine, tmp_path):
    """Also the mention that joined the merged entity since: it goes with the name it matches."""
    label = _pair(engine).target.label
    apart = _holders(engine, "Al-Bahra")
    _decide(near_miss, label, "merge")
    assert near_miss("run", _write(tmp_path / "later", "004_later.txt", LATER)).exit_code == 0
    _decide(near_miss, label, "split")
    hani = apart[("003_student", "Hani Al-Bahra")]
    assert _holders(engine, "Al-Bahra") == {**apart, ("004_later", "Hani Al-Bahra"): hani}
    with Session(engine) as session:
        assert session.get(Entity, hani).name == "Hani Al-Bahra"
    _rematch(near_miss)
    assert _holders(engine, "Al-Bahra") == {**apart, ("004_later", "Hani Al-Bahra"): hani}
    assert _pair(engine).decision.action == "split"


def test_a_merge_after_a_split_makes_one_entity(near_miss, engine):
    label = _pair(engine).target.label
    _decide(near_miss, label, "split")
    _decide(near_miss, label, "merge")
    assert len(set(_holders(engine, "Al-Bahra").values())) == 1
    _rematch(near_miss)
    assert len(set(_holders(engine, "Al-Bahra").values())) == 1


def test_a_withdrawn_merge_leaves_the_entities_as_the_matcher_alone_makes_them(near_miss, engine, tmp_path):
    label = _pair(engine).target.label
    apart = _holders(engine, "Al-Bahra")
    _decide(near_miss, label, "merge")
    assert near_miss("run", _write(tmp_path / "later", "004_later.txt", LATER)).exit_code == 0
    _decide(near_miss, label, "withdraw")
    alone = {**apart, ("004_later", "Hani Al-Bahra"): apart[("003_student", "Hani Al-Bahra")]}
    assert _holders(engine, "Al-Bahra") == alone
    _rematch(near_miss)
    assert _holders(engine, "Al-Bahra") == alone
    assert _pair(engine).status == "open"


def test_an_entity_freed_by_a_merge_keeps_its_id(near_miss, engine, tmp_path):
    """A reviewer's ruling names the pair by the two ids: a new entity never takes the id a merge freed."""
    apart = _holders(engine, "Al-Bahra")
    _decide(near_miss, _pair(engine).target.label, "merge")
    with Session(engine) as session:
        before = set(session.scalars(select(Entity.id)))
    newcomer = STUDENT.replace("003_student", "005_newcomer").replace("Hani Al-Bahra", "Maria Lopez")
    assert near_miss("run", _write(tmp_path / "new", "005_newcomer.txt", newcomer)).exit_code == 0
    with Session(engine) as session:
        added = set(session.scalars(select(Entity.id))) - before
    assert added and apart[("003_student", "Hani Al-Bahra")] not in added


def _entity(engine, name: str) -> int:
    with Session(engine) as session:
        return session.scalars(select(Entity.id).where(Entity.name == name)).one()


def test_any_two_entities_of_one_type_can_be_merged_then_split_by_their_ids(near_miss, engine):
    """Two people who share no name token are never queued; a reviewer names them as the report does (E12)."""
    fidan, hani = _entity(engine, "Hakan Fidan"), _entity(engine, "Hani Al-Bahra")
    apart = _holders(engine, "Fidan") | _holders(engine, "Hani")
    decide_entities(engine, f"E{hani}", str(fidan), Ruling("merge", note="one man", reviewer="ana"))
    assert set(_holders(engine, "Fidan").values()) == set(_holders(engine, "Hani").values()) == {fidan}
    _rematch(near_miss)
    assert set((_holders(engine, "Fidan") | _holders(engine, "Hani")).values()) == {fidan}
    with Session(engine) as session:
        [item] = [i for i in queue(session, kind="entities") if i.target.label == f"E{fidan}-{hani}"]
    assert (item.decision.action, item.explanation) == ("merge", "named by a reviewer")

    decide_entities(engine, f"E{fidan}", f"E{hani}", Ruling("split", reviewer="ana"))
    assert _holders(engine, "Fidan") | _holders(engine, "Hani") == apart
    _rematch(near_miss)
    assert _holders(engine, "Fidan") | _holders(engine, "Hani") == apart
    history = near_miss("review", "history", f"E{fidan}-{hani}")
    assert "ana: merge — one man" in history.stdout and "ana: split" in history.stdout


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            "Hani Al-Bahra",
            "Syrian Negotiation Commission",
            "{0} is a person and {1} an organisation: only two entities of one type can be merged or split",
        ),
        (
            "Hani Al-Bahra",
            "Hani Al-Bahra",
            "{0}: an entity cannot be merged with or split from itself; name two entities",
        ),
        ("Hani Al-Bahra", "E999999", "E999999: no entity has this id (see the entities in `reconcile report`)"),
        ("Hani Al-Bahra", "F1234", "'F1234' is not an entity id: name an entity as the report shows it (E12)"),
    ],
    ids=["two-types", "itself", "unknown", "not-an-id"],
)
def test_a_pair_that_cannot_be_ruled_on_is_refused_and_nothing_is_written(near_miss, engine, first, second, message):
    names = [f"E{_entity(engine, n)}" if " " in n else n for n in (first, second)]
    with pytest.raises(ReviewError) as error:
        decide_entities(engine, *names, Ruling("merge", reviewer="ana"))
    assert str(error.value) == message.format(*names)
    with Session(engine) as session:
        assert session.scalars(select(Decision)).all() == []
