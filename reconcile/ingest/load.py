"""Persist checked reports: each one whole or not at all, unchanged ones skipped, changed ones replaced."""

from __future__ import annotations

import enum

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from reconcile.db import bulk_insert
from reconcile.ingest.reader import QUALIFIER_REFERENCES, ClaimInput, ReportInput
from reconcile.ingest.sentences import sentence_around, sentence_starts
from reconcile.models import Claim, Entity, Event, Finding, Mention, MentionRole, Report, Source
from reconcile.normalize import normalise_value


class Outcome(enum.StrEnum):
    added = "added"
    replaced = "replaced"
    unchanged = "unchanged"


def store_report(session: Session, report: ReportInput) -> Outcome:
    """Store `report`, replacing an older version of it; the caller's transaction makes it all or nothing."""
    existing = session.scalar(select(Report.content_hash).where(Report.id == report.id))
    if existing == report.content_hash:
        return Outcome.unchanged
    if existing is not None:
        _remove(session, report.id)
    _insert(session, report)
    return Outcome.added if existing is None else Outcome.replaced


def _remove(session: Session, report_id: str) -> None:
    """Drop a report's rows; the entities and events it touched are marked stale for the next match."""
    mentions = select(Mention.entity_id, Mention.event_id).where(Mention.report_id == report_id)
    rows = session.execute(mentions).all()
    entity_ids = {r.entity_id for r in rows if r.entity_id is not None}
    event_ids = {r.event_id for r in rows if r.event_id is not None}
    if entity_ids:
        session.execute(update(Entity).where(Entity.id.in_(entity_ids)).values(stale=True))
        session.execute(delete(Finding).where(Finding.entity_id.in_(entity_ids)))
    if event_ids:
        session.execute(update(Event).where(Event.id.in_(event_ids)).values(stale=True))
        session.execute(delete(Finding).where(Finding.event_id.in_(event_ids)))
    session.execute(delete(Report).where(Report.id == report_id))


def _source_id(session: Session, name: str) -> int:
    source_id = session.scalar(select(Source.id).where(Source.name == name))
    if source_id is None:
        source = Source(name=name)
        session.add(source)
        session.flush()
        source_id = source.id
    return source_id


def _insert(session: Session, report: ReportInput) -> None:
    """Bulk-insert the report, its subjects and its claims (names included), each with its sentence."""
    row = {
        "id": report.id,
        "source_id": _source_id(session, report.source),
        "title": report.title,
        "published": report.published,
        "url": report.url,
        "language": report.language,
        "text": report.text,
        "content_hash": report.content_hash,
        "path": report.path,
    }
    bulk_insert(session, Report, [row])  # Core, so the text does not stay in the session's identity map
    rows = [
        {"report_id": report.id, "local_id": s.local_id, "role": MentionRole(s.role), "type": s.type, "name": s.name}
        for s in report.subjects
    ]
    statement = insert(Mention).returning(Mention.local_id, Mention.id)
    ids = dict(session.execute(statement, rows).all()) if rows else {}  # an empty batch is not an insert
    starts = sentence_starts(report.text)
    claims = [
        _claim_row(report, starts, ids[s.local_id], ClaimInput(s.local_id, "name", text, None, span, None))
        for s in report.subjects
        for text, span in s.mentions
    ]
    claims += [_claim_row(report, starts, ids[c.subject], c, ids) for c in report.claims]
    bulk_insert(session, Claim, claims)


def _claim_row(
    report: ReportInput, starts: list[int], mention_id: int, claim: ClaimInput, ids: dict[str, int] | None = None
) -> dict[str, object]:
    """One claim row: local references become mention ids, and the evidence sentence is cut out."""
    ids = ids or {}
    evidence = claim.evidence or claim.span
    sentence_start, sentence = sentence_around(report.text, starts, evidence.start, evidence.end)
    return {
        "report_id": report.id,
        "mention_id": mention_id,
        "property": claim.property,
        "raw_value": report.text[claim.span.start : claim.span.end],
        "value": claim.value,
        "normalised": normalise_value(claim.property, claim.value),
        "object_mention_id": ids[claim.object] if claim.object else None,
        "qualifiers": {k: ids[v] if k in QUALIFIER_REFERENCES else v for k, v in claim.qualifiers.items()},
        "span_start": claim.span.start,
        "span_end": claim.span.end,
        "sentence": sentence,
        "sentence_start": sentence_start,
        "rule": claim.rule,
    }
