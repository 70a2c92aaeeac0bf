"""The schema comes only from Alembic: the models and the migrations agree, downgrades undo upgrades without losing
a row unannounced, and a database this version cannot handle is one line, never a traceback."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, column, func, inspect, select, table, text
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.errors import DatabaseError
from reconcile.models import Base, Entity, EntityType
from reconcile.review.decisions import Ruling
from reconcile.review.queue import find, queue
from reconcile.review.service import decide_entities
from tests.match.test_written_reports import TOLLS

REVISIONS = sorted(r.revision for r in ScriptDirectory.from_config(db.alembic_config()).walk_revisions())
KNOWN = f"base, {', '.join(REVISIONS[:-1])} and {REVISIONS[-1]} (head)"
BEYOND = f"+{len(REVISIONS)}"  # more steps up than there are revisions, from any of them


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_downgrade_then_upgrade_round_trip(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"report", "claim", "entity", "event", "finding", "source"} <= tables
    db.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert db.current_revision(engine) is None
    db.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == tables
    assert db.current_revision(engine) == db.head_revision()


def test_constraints_follow_the_naming_convention(engine):
    inspector = inspect(engine)
    foreign_keys = [fk["name"] for fk in inspector.get_foreign_keys("claim")]
    assert "fk_claim_report_id_report" in foreign_keys
    assert inspector.get_pk_constraint("claim")["name"] in ("pk_claim", None)  # SQLite does not name primary keys


def test_cli_upgrade_creates_and_reports_the_schema(bare_cli):
    cli = bare_cli
    assert cli("db", "current").stdout.strip() == "base (no schema)"
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"Database at schema {db.head_revision()}."
    assert cli("db", "current").stdout.strip() == db.head_revision()
    down = cli("db", "downgrade", "base")
    assert down.exit_code == 0 and down.stderr.strip() == "Database at schema base."
    assert cli("db", "current").stdout.strip() == "base (no schema)"


# Downgrades: refused while they would delete data, forced with --force; dropped columns kept and restored.


@pytest.fixture
def full(cli, engine, fixtures_dir, tmp_path):
    """The CLI on a database with rows in every table: gold and plain reports matched, a decision on a finding and
    a merge of two people."""
    plain = tmp_path / "plain"
    plain.mkdir()
    for number, seed in enumerate(sorted((fixtures_dir / "seeds").glob("*.txt"))):
        shutil.copy(seed, plain / f"plain{number}.txt")  # the seeds' own names are the gold reports' ids
    result = cli("run", fixtures_dir / "gold", plain, "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    with Session(engine) as session:
        label = queue(session, kind="conflict")[0].target.label
    assert cli("review", "decide", label, "dispute", "--reviewer", "ana").exit_code == 0
    with Session(engine) as session:
        people = session.scalars(select(Entity.id).where(Entity.type == EntityType.person).order_by(Entity.id).limit(2))
        first, second = (f"E{i}" for i in people)
    decide_entities(engine, first, second, Ruling("merge", reviewer="ana"))
    return cli


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, Alembic's bookkeeping left out."""
    names = sorted(set(inspect(engine).get_table_names()) - {"alembic_version"})
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table(name))) for name in names}


def claim_rules(engine: Engine) -> dict[int, str]:
    claim = table("claim", column("id"), column("rule"))
    with engine.connect() as connection:
        return dict(connection.execute(select(claim.c.id, claim.c.rule).where(claim.c.rule.is_not(None))).all())


def mention_profiles(engine: Engine) -> dict[int, str]:
    mention = table("mention", column("id"), column("profile"))
    with engine.connect() as connection:
        query = select(mention.c.id, mention.c.profile).where(mention.c.profile.is_not(None))
        return dict(connection.execute(query).all())


def test_a_downgrade_that_would_delete_data_is_refused_and_changes_nothing(full, engine):
    before = row_counts(engine)
    assert all(before.values()), before  # the premise: every table holds rows
    result = full("db", "downgrade", "0001")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: downgrading to 0001 would delete {before['finding_key']} finding keys, "
        f"{before['merged_mention']} merged mentions, {before['run']} run, "
        f"{before['run_finding']} run findings and {before['decision']} decisions; run again with --force to delete "
        "them\n"
    )
    assert row_counts(engine) == before
    assert db.current_revision(engine) == db.head_revision()


def test_downgrade_then_upgrade_keeps_every_row_it_does_not_announce(full, engine):
    before, rules, profiles = row_counts(engine), claim_rules(engine), mention_profiles(engine)
    assert len(rules) > 50  # the plain reports' claims carry the rule that extracted them
    assert len(profiles) > 50  # every resolved entity mention keeps what the resolver compared
    result = full("db", "downgrade", "0001", "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "Database at schema 0001.",
        f"Deleted {before['finding_key']} finding keys, {before['merged_mention']} merged mentions, {before['run']} "
        f"run, {before['run_finding']} run findings and {before['decision']} decisions.",
        f"Kept the resolver's profile of {len(profiles)} mentions and the extraction rule of {len(rules)} claims "
        "aside; `reconcile db upgrade` puts them back.",
    ]
    assert "rule" not in {c["name"] for c in inspect(engine).get_columns("claim")}
    kept = {"decision", "run", "run_finding", "merged_mention", "finding_key"}
    assert {k: v for k, v in row_counts(engine).items() if not k.startswith("kept_")} == {
        k: v for k, v in before.items() if k not in kept
    }  # finding_claim among them: SQLite's rebuild of claim no longer cascades into it

    result = full("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    gone = {k: 0 for k in kept} | {"finding_key": before["finding"]}  # the upgrade records each stored finding again
    assert row_counts(engine) == before | gone
    assert claim_rules(engine) == rules
    assert mention_profiles(engine) == profiles
    assert db.current_revision(engine) == db.head_revision()


def test_a_downgrade_that_deletes_no_rows_needs_no_force(cli, engine, fixtures_dir):
    """Only tables that hold rows count: with the runs and the finding keys gone, going to 0001 deletes nothing, and a
    column that holds no value (the gold reports' claims are written by hand, with no rule) leaves nothing to keep."""
    assert cli("run", fixtures_dir / "gold", "-f", "json").exit_code == 0
    refused = cli("db", "downgrade", "0003")
    assert refused.exit_code == 1 and "finding keys, 1 run and" in refused.stderr
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM finding_key"))
        connection.execute(text("DELETE FROM run_finding"))
        connection.execute(text("DELETE FROM run"))
    result = cli("db", "downgrade", "0001")  # claims without a rule (gold claims are written by hand): none kept
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "Database at schema 0001."
    assert not any(line.startswith("Deleted") for line in result.stderr.splitlines())
    assert "kept_claim_rule" not in inspect(engine).get_table_names()


def test_a_row_changed_at_the_older_schema_does_not_get_a_stale_value(full, engine):
    """A claim deleted at 0001 loses its rule; one inserted meanwhile in its place (same id) keeps none."""
    rules = claim_rules(engine)
    assert full("db", "downgrade", "0001", "--force").exit_code == 0
    reused, kept = sorted(rules)[0], sorted(rules)[1]
    with engine.begin() as connection:
        claim = Table("claim", MetaData(), autoload_with=connection)
        old = connection.execute(select(claim).where(claim.c.id == reused)).mappings().one()
        connection.execute(claim.delete().where(claim.c.id == reused))
        connection.execute(claim.insert().values(dict(old, span_start=old["span_start"] + 1)))  # another claim
    assert full("db", "upgrade").exit_code == 0
    after = claim_rules(engine)
    assert reused not in after and after[kept] == rules[kept]
    assert after == {k: v for k, v in rules.items() if k != reused}


def test_every_migration_declares_what_its_downgrade_drops(db_url):
    """The tables each upgrade creates are the tables its `drops` counts; the columns it adds, the ones it keeps."""
    engine = db.make_engine(db_url)
    script = ScriptDirectory.from_config(db.alembic_config())
    before = schema(engine)
    for revision in reversed(list(script.walk_revisions())):
        db.upgrade(engine, revision.revision)
        after = schema(engine)
        drops = revision.module.drops
        assert set(after) - set(before) == set(drops.tables), revision.revision
        added = {(t, c) for t in set(before) & set(after) for c in after[t] - before[t]}
        assert added == {(k.table, k.column) for k in drops.kept}, revision.revision
        before = after
    engine.dispose()


def schema(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {
        name: {c["name"] for c in inspector.get_columns(name)}
        for name in inspector.get_table_names()
        if name != "alembic_version"
    }


def test_sqlite_numbers_new_entities_past_every_id_a_ruling_names(tmp_path):
    """At 0007 SQLite stops reusing entity ids: a merge at 0006 that deleted the newest entity keeps its id free
    for the split that may bring it back, and so does every entity deleted from then on."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'ids.db'}")
    db.upgrade(engine, "0006")
    entity = "INSERT INTO entity (type, name, stale, created_at) VALUES ('person', :name, 1, '2026-12-01')"
    with engine.begin() as connection:
        for name in ("Hadi Al-Bahra", "Hani Al-Bahra", "Badr Jamous"):
            connection.execute(text(entity), {"name": name})
        connection.execute(
            text(
                "INSERT INTO decision (target_kind, target_key, action, note, reviewer, decided_at, live) "
                "VALUES ('entities', '1-7', 'merge', '', 'ana', '2026-12-01', 1)"
            )
        )
    db.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text(entity), {"name": "Natasha Franceschi"})
        connection.execute(text("DELETE FROM entity WHERE id = 8"))
        connection.execute(text(entity), {"name": "Barbara Leaf"})
        assert connection.execute(text("SELECT id, name FROM entity WHERE id > 3")).all() == [(9, "Barbara Leaf")]
    engine.dispose()


def test_a_dangling_foreign_key_fails_the_migration_and_changes_nothing(tmp_path):
    """SQLite migrates with foreign keys off, so it checks them before committing."""
    url = f"sqlite:///{tmp_path / 'dangling.db'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    with closing(sqlite3.connect(tmp_path / "dangling.db")) as connection:  # foreign keys off: SQLite's default
        connection.execute("INSERT INTO finding_claim (finding_id, claim_id) VALUES ('nowhere', 7)")
        connection.commit()
    with pytest.raises(DatabaseError) as error:
        db.downgrade(engine, "0001")
    assert str(error.value) == (
        f"the migration would leave 1 row of finding_claim pointing at rows that do not exist "
        f"(in claim, finding); nothing was changed in {url}"
    )
    assert db.current_revision(engine) == db.head_revision()
    assert "rule" in {c["name"] for c in inspect(engine).get_columns("claim")}
    engine.dispose()


# A schema this version does not know, a revision that does not exist, a file that is not a database.


@pytest.mark.parametrize(
    "command",
    [["report"], ["review", "list"], ["db", "upgrade"], ["db", "downgrade", "0003"], ["db", "current"]],
)
def test_a_database_of_a_newer_reconcile_is_one_line(cli, engine, db_url, command):
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    result = cli(*command)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: database {db.safe_url(db_url)} is at schema 0099, newer than this version of reconcile knows "
        f"(its newest is {db.head_revision()}); upgrade reconcile to use it, not the database\n"
    )
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0099"


@pytest.mark.parametrize("command", [["db", "downgrade", "9999"], ["db", "upgrade", "9999"]])
def test_an_unknown_revision_is_one_line(cli, command):
    result = cli(*command)
    assert result.exit_code == 1
    assert result.stderr == f"Error: unknown revision '9999'; the revisions are {KNOWN}\n"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["db", "downgrade", "0004"], "cannot downgrade from schema 0003 to '0004'"),
        (["db", "downgrade", "--", "-9"], "cannot downgrade from schema 0003 to '-9'"),
        (["db", "upgrade", BEYOND], f"cannot upgrade from schema 0003 to '{BEYOND}'"),
    ],
)
def test_a_revision_out_of_reach_is_one_line(cli, engine, command, message):
    db.downgrade(engine, "0003")
    result = cli(*command)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}; the revisions are {KNOWN}\n"
    assert db.current_revision(engine) == "0003"


def junk(tmp_path: Path, kind: str) -> Path:
    """A path `--db` may be given by mistake, made on disk as described by `kind`."""
    path = tmp_path / "x.db"
    if kind == "text":
        path.write_text("name,value\nJamous,head of the SNC\n")
    elif kind == "random bytes":
        path.write_bytes(bytes(range(256)) * 16)
    elif kind == "damaged":
        path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "no such folder":
        return tmp_path / "missing" / "x.db"
    elif kind == "read-only folder":
        (tmp_path / "locked").mkdir(mode=0o555)
        return tmp_path / "locked" / "x.db"
    elif kind == "read-only file system":
        return Path("/proc/reconcile-x.db")
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "{path} is not a SQLite database"),
        ("random bytes", "{path} is not a SQLite database"),
        ("damaged", "cannot open database sqlite:///{path}: file is not a database"),
        ("fifo", "{path} is a special file, not a SQLite database"),
        ("folder", "{path} is a folder, not a SQLite database"),
        ("no such folder", "cannot create {path}: there is no folder {path.parent}"),
        ("read-only folder", "cannot open database sqlite:///{path}: unable to open database file"),
        ("read-only file system", "cannot open database sqlite:///{path}: unable to open database file"),
    ],
)
@pytest.mark.parametrize("command", [["match"], ["db", "current"], ["db", "upgrade"], ["db", "downgrade", "base"]])
def test_a_path_that_is_no_database_is_one_line_and_left_alone(runner, tmp_path, kind, message, command):
    if kind == "read-only folder" and os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    from reconcile.cli import app

    path = junk(tmp_path, kind)
    before = snapshot(tmp_path)
    result = runner.invoke(app, ["--db", f"sqlite:///{path}", *command])
    assert result.exit_code == 1, result.stdout
    assert result.stderr == f"Error: {message.format(path=path)}\n"
    assert snapshot(tmp_path) == before


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def test_an_empty_file_is_a_new_database(runner, tmp_path):
    """SQLite's own rule (and `mktemp`'s habit): a file of no bytes is a database with no tables yet."""
    from reconcile.cli import app

    path = tmp_path / "empty.db"
    path.touch()
    result = runner.invoke(app, ["--db", f"sqlite:///{path}", "report", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert runner.invoke(app, ["--db", f"sqlite:///{path}", "db", "current"]).stdout.strip() == db.head_revision()


def test_below_0006_a_rising_toll_is_a_conflict_and_both_ways_its_event_is_compared_again(cli, engine, tmp_path):
    folder = tmp_path / "tolls"
    folder.mkdir()
    for name, report in TOLLS.items():
        (folder / f"{name}.txt").write_text(report, encoding="utf-8")
    assert cli("run", folder, "-f", "json", "-o", tmp_path / "out.json").exit_code == 0

    def kinds_and_stale() -> tuple[set[str], set[bool]]:
        with engine.connect() as connection:
            kinds = set(connection.scalars(text("SELECT kind FROM finding WHERE property = 'killed'")))
            stale = set(connection.scalars(text("SELECT stale FROM event")))
        return kinds, {bool(s) for s in stale}

    assert kinds_and_stale() == ({"update"}, {False})
    db.downgrade(engine, "0005", force=True)  # what each finding id stands for (0008) goes
    assert kinds_and_stale() == ({"conflict"}, {True})
    db.upgrade(engine)
    assert kinds_and_stale() == ({"conflict"}, {True})
    assert cli("match").exit_code == 0
    assert kinds_and_stale() == ({"update"}, {False})


def test_a_finding_id_stored_before_0008_leads_to_its_new_id_and_keeps_its_decision(cli, engine, fixtures_dir):
    """Ids stored before 0008 were hashed from row numbers. The upgrade records what each is about, so when the matcher
    next recomputes the finding under its new id, the old id still names it and its decision is carried to it."""
    assert cli("run", fixtures_dir / "gold", "-f", "json").exit_code == 0
    with Session(engine) as session:
        [conflict] = queue(session, kind="conflict")
    key, legacy = conflict.target.key, hashlib.sha1(b"entity:24|title|").hexdigest()
    assert cli("review", "decide", conflict.target.label, "dispute", "--reviewer", "ana").exit_code == 0
    db.downgrade(engine, "0007", force=True)
    with engine.begin() as connection:  # the finding and its decision as the older matcher stored them
        finding = Table("finding", MetaData(), autoload_with=connection)
        row = connection.execute(select(finding).where(finding.c.id == key)).mappings().one()
        connection.execute(finding.insert().values(dict(row, id=legacy)))
        ids = {"legacy": legacy, "key": key}
        connection.execute(text("UPDATE finding_claim SET finding_id = :legacy WHERE finding_id = :key"), ids)
        connection.execute(finding.delete().where(finding.c.id == key))
        connection.execute(text("UPDATE decision SET target_key = :legacy WHERE target_key = :key"), ids)
    db.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE entity SET stale = true"))
    assert cli("match").exit_code == 0
    with Session(engine) as session:
        item = find(session, f"F{legacy[:10]}")
    assert (item.target.key, item.status) == (key, "decided")
    assert (item.decision.action, item.decision.reviewer) == ("dispute", "ana")
    assert item.replaced == (
        f"F{legacy[:10]} was replaced by F{key[:10]} when finding ids came to name their subjects by first mention "
        "(schema 0008)"
    )
