"""After a large ingest and a large match, PostgreSQL's planner knows the tables' sizes: with the statistics of
the empty tables it reads millions of claims for each chunk of ids it could look up by index. On SQLite, which
plans by its indexes, nothing is gathered. On SQLite and on PostgreSQL when configured."""

from __future__ import annotations

from sqlalchemy import inspect, text

from benchmarks.synth import write_reports
from reconcile import db
from reconcile.pipeline import ingest, match
from reconcile.resolve.aliases import AliasBook


def _known_rows(engine, *tables: str) -> dict[str, float]:
    """What the planner believes each table holds: -1 until statistics were gathered (PostgreSQL 14 on)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(:names)"), {"names": list(tables)}
        )
        return {name: count for name, count in rows}


def test_a_large_ingest_and_match_leave_the_planner_statistics_fresh(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(db, "STATISTICS_AFTER", 50)
    ingest(engine, write_reports(tmp_path / "reports", 20, seed=3))
    with db.session_scope(engine) as session:
        match(session, AliasBook())
    if engine.dialect.name != "postgresql":
        assert not inspect(engine).has_table("sqlite_stat1")
        return
    known = _known_rows(engine, "report", "mention", "claim", "event_link")
    assert known["report"] == 20
    assert all(rows > 0 for rows in known.values()), known
