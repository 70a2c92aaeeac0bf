"""Many rows go into PostgreSQL through COPY; what is stored must be what INSERT stores, defaults included."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.models import Claim, Mention, MentionRole, Report, Source


def _store(session: Session, report_id: str, claims: int) -> None:
    if session.get(Source, 1) is None:
        session.add(Source(id=1, name="Outlet"))
        session.flush()
    db.bulk_insert(session, Report, [{"id": report_id, "source_id": 1, "text": "x" * 50, "content_hash": report_id}])
    (mention,) = db.insert_returning_ids(
        session,
        Mention,
        [{"report_id": report_id, "local_id": "p1", "role": MentionRole.entity, "type": "person", "name": "P"}],
    )
    rows = [
        {
            "report_id": report_id,
            "mention_id": mention,
            "property": "title",
            "raw_value": f"Minister {i}",
            "value": f"Minister {i}",
            "normalised": f"minister {i}",
            "qualifiers": {"holder": i, "note": "ü\\t\n"} if i % 2 else {},
            "span_start": i,
            "span_end": i + 1,
            "sentence": "A line\twith a tab and a backslash \\ and a newline\n.",
            "sentence_start": 0,
            "rule": None,
        }
        for i in range(claims)
    ]
    db.bulk_insert(session, Claim, rows)


def _stored(session: Session, report_id: str) -> list[tuple[object, ...]]:
    rows = session.execute(
        select(Claim.property, Claim.raw_value, Claim.qualifiers, Claim.sentence, Claim.rule, Claim.span_start)
        .where(Claim.report_id == report_id)
        .order_by(Claim.span_start)
    )
    return [tuple(r) for r in rows]


def test_copied_rows_equal_inserted_rows(engine):
    many, few = db.COPY_FROM + 5, db.COPY_FROM - 1
    with db.session_scope(engine) as session:
        _store(session, "many", many)
        _store(session, "few", few)
    with Session(engine) as session:
        copied, inserted = _stored(session, "many"), _stored(session, "few")
        assert len(copied) == many
        assert copied[:few] == inserted
        assert session.scalar(select(Claim.qualifiers).where(Claim.report_id == "many", Claim.span_start == 3)) == {
            "holder": 3,
            "note": "ü\\t\n",
        }


def test_python_side_defaults_are_filled_in(engine):
    rows = [{"id": f"r{i}", "source_id": 1, "text": "text", "content_hash": "h"} for i in range(db.COPY_FROM)]
    with db.session_scope(engine) as session:
        session.add(Source(id=1, name="Outlet"))
        session.flush()
        db.bulk_insert(session, Report, rows)
    with Session(engine) as session:
        stamps = session.scalars(select(Report.ingested_at)).all()
        assert len(stamps) == db.COPY_FROM and all(isinstance(s, dt.datetime) for s in stamps)
