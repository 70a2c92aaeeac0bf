"""The speed benchmark's raw-insert limit writes the very rows the pipeline stored, and its CPU figures count the
worker processes too."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from benchmarks.speed.cost import measure
from benchmarks.speed.limit import copy_rows, ingest_batches, match_batches, measure_limit, scratch_database
from benchmarks.synth import write_reports
from reconcile import db
from reconcile.models import Base
from reconcile.pipeline import ingest, match
from reconcile.resolve.aliases import AliasBook

REPORTS = 12


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    """A store as the benchmark leaves it right after match."""
    summary = ingest(engine, write_reports(tmp_path / "reports", REPORTS))
    assert not summary.failures
    with db.session_scope(engine) as session:
        match(session, AliasBook())
    return engine


def contents(engine: Engine) -> dict[str, Sequence[Any]]:
    """Every row of every table, in key order, read through the models' types so backends compare alike."""
    with engine.connect() as connection:
        return {
            t.name: connection.execute(select(t).order_by(*t.primary_key.columns)).all()
            for t in Base.metadata.sorted_tables
        }


def test_the_limit_writes_the_rows_ingest_and_match_stored(store: Engine) -> None:
    rows: dict[str, int] = {}
    with scratch_database(store) as scratch:
        assert not any(contents(scratch).values())
        copy_rows(store, scratch, ingest_batches, rows)
        copy_rows(store, scratch, match_batches, rows)
        assert contents(scratch) == contents(store)
        url = scratch.url
    assert rows["mention updated"] == rows["mention"]  # every mention resolved to an entity or an event
    if url.get_backend_name() == "sqlite":
        assert not Path(url.database or "").exists()  # the scratch database is removed


def test_the_limit_reads_every_report_file_and_times_each_part(store: Engine) -> None:
    limit = measure_limit(store.url.render_as_string(hide_password=False))
    assert limit.files == REPORTS
    assert limit.rows["report"] == REPORTS
    assert limit.parse.cpu_s > 0 and limit.ingest_write.wall_s > 0 and limit.match_write.wall_s > 0
    assert limit.ingest.cpu_s == pytest.approx(limit.parse.cpu_s + limit.ingest_write.cpu_s)


def test_cpu_counts_a_child_process_once_it_is_waited_for() -> None:
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    _, cost = measure(lambda: subprocess.run([sys.executable, "-c", burn], check=True))
    assert cost.cpu_s >= 0.3
    assert cost.server_cpu_s is None  # no database given
