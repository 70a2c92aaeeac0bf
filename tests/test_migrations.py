"""The schema comes only from Alembic: the models and the migrations agree, and downgrades undo upgrades."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from reconcile import db
from reconcile.models import Base


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
