"""Persist checked reports: each one whole or not at all, unchanged ones skipped, changed ones replaced."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from reconcile.db import bulk_insert, chunked, insert_returning_ids
from reconcile.ingest.reader import QUALIFIER_REFERENCES, ClaimInput, ReportInput
from reconcile.ingest.sentences import sentence_around, sentence_starts
from reconcile.models import Claim, Entity, Event, Finding, Mention, MentionRole, Report, Source
from reconcile.normalize import normalise_value


class Outcome(enum.StrEnum):
    added = "added"
    replaced = "replaced"
    unchanged = "unchanged"


def store_reports(session: Session, reports: Sequence[ReportInput]) -> list[Outcome]:
    """Store a batch of reports, replacing older versions of them; the caller's transaction makes it all or nothing.

    A few statements for the whole batch, not a few per report: what is stored already is looked up at once, and
    reports, mentions and claims each go in as one bulk insert.
    """
    stored = _stored_hashes(session, [r.id for r in reports])
    todo = [r for r in reports if stored.get(r.id) != r.content_hash]
    for report in todo:
        if report.id in stored:
            _remove(session, report.id)
    _insert(session, todo)
    return [
        Outcome.unchanged
        if stored.get(r.id) == r.content_hash
        else Outcome.added
        if r.id not in stored
        else Outcome.replaced
        for r in reports
    ]


def store_report(session: Session, report: ReportInput) -> Outcome:
    """Store one report (see store_reports)."""
    return store_reports(session, [report])[0]


def _stored_hashes(session: Session, report_ids: Sequence[str]) -> dict[str, str]:
    """The content hash of each report already stored, by report id."""
    found: dict[str, str] = {}
    for chunk in chunked(report_ids):
        found.update(
            {i: h for i, h in session.execute(select(Report.id, Report.content_hash).where(Report.id.in_(chunk)))}
        )
    return found


def _remove(session: Session, report_id: str) -> None:
    """Drop a report's rows; the entities and events it touched are marked stale for the next match. They are
    named by subqueries, not lists of ids: one report may mention more than PostgreSQL binds in one statement."""
    mentions = Mention.report_id == report_id
    entity_ids = select(Mention.entity_id).where(mentions, Mention.entity_id.is_not(None))
    event_ids = select(Mention.event_id).where(mentions, Mention.event_id.is_not(None))
    session.execute(update(Entity).where(Entity.id.in_(entity_ids)).values(stale=True))
    session.execute(delete(Finding).where(Finding.entity_id.in_(entity_ids)))
    session.execute(update(Event).where(Event.id.in_(event_ids)).values(stale=True))
    session.execute(delete(Finding).where(Finding.event_id.in_(event_ids)))
    session.execute(delete(Report).where(Report.id == report_id))


def _source_ids(session: Session, names: set[str]) -> dict[str, int]:
    """Each outlet's id, adding the outlets not seen before."""
    ids: dict[str, int] = {}
    for chunk in chunked(sorted(names)):
        ids.update({n: i for n, i in session.execute(select(Source.name, Source.id).where(Source.name.in_(chunk)))})
    new = sorted(names - ids.keys())
    ids.update(zip(new, insert_returning_ids(session, Source, [{"name": name} for name in new]), strict=True))
    return ids


def _insert(session: Session, reports: Sequence[ReportInput]) -> None:
    """Bulk-insert the reports, their subjects and their claims (names included), each claim with its sentence.

    Core statements, so no text stays in the session's identity map."""
    if not reports:
        return
    sources = _source_ids(session, {r.source for r in reports})
    bulk_insert(session, Report, [_report_row(report, sources[report.source]) for report in reports])
    mentions = [
        {"report_id": r.id, "local_id": s.local_id, "role": MentionRole(s.role), "type": s.type, "name": s.name}
        for r in reports
        for s in r.subjects
    ]
    mention_ids = iter(insert_returning_ids(session, Mention, mentions))
    claims: list[dict[str, object]] = []
    for report in reports:
        ids = {s.local_id: next(mention_ids) for s in report.subjects}
        starts = sentence_starts(report.text)
        claims += [
            _claim_row(report, starts, ids[s.local_id], ClaimInput(s.local_id, "name", text, None, span, None))
            for s in report.subjects
            for text, span in s.mentions
        ]
        claims += [_claim_row(report, starts, ids[c.subject], c, ids) for c in report.claims]
    bulk_insert(session, Claim, claims)


def _report_row(report: ReportInput, source_id: int) -> dict[str, object]:
    return {
        "id": report.id,
        "source_id": source_id,
        "title": report.title,
        "published": report.published,
        "url": report.url,
        "language": report.language,
        "text": report.text,
        "content_hash": report.content_hash,
        "path": report.path,
    }


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
