"""A store with more event mentions and reports than PostgreSQL takes bound parameters in one statement (65,535):
every stage that reads or writes them by id (match, the report, the export, the queue, the run log) must chunk its
lists, or a first match of a large batch fails on the team server. Built with bulk inserts, so it is quick enough to
run on every backend."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select

from reconcile import db
from reconcile.models import Claim, Event, Mention, MentionRole, Report, Source
from reconcile.pipeline import match
from reconcile.report.build import build_report
from reconcile.resolve.aliases import AliasBook
from reconcile.review.export import build_export
from reconcile.review.queue import queue_page
from reconcile.review.runs import diff_runs, record_run

PARAMETER_LIMIT = 65_535  # psycopg's (the PostgreSQL protocol's) bound parameters per statement
REPORTS = PARAMETER_LIMIT + 1_000
FIRST_DAY = dt.date(2024, 1, 1)


def _store(engine) -> None:  # type: ignore[no-untyped-def]
    """REPORTS one-line reports, each the dated account of one incident: as many mentions, claims and events."""
    days = [FIRST_DAY + dt.timedelta(days=i % 700) for i in range(REPORTS)]
    with db.session_scope(engine) as session:
        session.execute(insert(Source), [{"id": 1, "name": "Wire"}])
        session.execute(
            insert(Report),
            [
                {
                    "id": f"r{i:06d}",
                    "source_id": 1,
                    "text": "A fire broke out.",
                    "content_hash": str(i),
                    "published": day,
                }
                for i, day in enumerate(days)
            ],
        )
        session.execute(
            insert(Mention),
            [
                {"id": i + 1, "report_id": f"r{i:06d}", "local_id": "e1", "role": MentionRole.event}
                | {"type": "incident", "name": "Fire"}
                for i in range(REPORTS)
            ],
        )
        session.execute(
            insert(Claim),
            [
                {"report_id": f"r{i:06d}", "mention_id": i + 1, "property": "date", "value": day.isoformat()}
                | {"raw_value": "A fire", "normalised": day.isoformat(), "qualifiers": {}, "span_start": 0}
                | {"span_end": 6, "sentence": "A fire broke out.", "sentence_start": 0}
                for i, day in enumerate(days)
            ],
        )


def test_a_store_larger_than_one_statement_takes_is_matched_reported_and_logged(engine):
    _store(engine)
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with db.session_scope(engine) as session:
        result = match(session, AliasBook())
        record_run(session, "match", started, [], {})
    assert result.events.mentions == REPORTS
    with db.session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == REPORTS
        assert session.scalar(select(func.count()).select_from(Event).where(Event.stale)) == 0
        report = build_report(session)
        assert report["summary"]["reports"] == report["summary"]["events"] == REPORTS
        assert len(build_export(session)["records"]) == REPORTS
        assert queue_page(session, "open", None, 10, 0).total == 0
        record_run(session, "match", started, [], {})
        diff = diff_runs(session)
        assert (diff["new"], diff["resolved"], diff["changed"]) == ([], [], [])
