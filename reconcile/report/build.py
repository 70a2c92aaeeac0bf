"""Read the store into the conflict report: reports, entities, events, uncertain links, findings.

The structure is documented by schemas/conflict-report.schema.json; every renderer starts from it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from reconcile.db import chunked
from reconcile.models import (
    Claim,
    Entity,
    Event,
    EventLink,
    Finding,
    FindingClaim,
    FindingKind,
    Mention,
    MentionRole,
    Report,
    Severity,
    Source,
)
from reconcile.queries import (
    RankedLink,
    best_candidates,
    finding_label,
    leads,
    link_labels,
    ranked_links,
    unstruck,
)

FINDING_COLUMNS = (
    Finding.id,
    Finding.kind,
    Finding.severity,
    Finding.property,
    Finding.member,
    Finding.member_entity_id,
    Finding.entity_id,
    Finding.event_id,
    Finding.link_id,
    Finding.explanation,
    Finding.scores,
    Finding.provisional,
)


class FindingRow(NamedTuple):
    id: str
    kind: FindingKind
    severity: Severity
    property: str
    member: str | None
    member_entity_id: int | None
    entity_id: int | None
    event_id: int | None
    link_id: int | None
    explanation: str
    scores: dict[str, Any]
    provisional: bool


KIND_ORDER = {"conflict": 0, "update": 1, "variant": 2, "addition": 3, "agreement": 4}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "none": 3}


def entity_key(entity_id: int) -> str:
    return f"E{entity_id}"


def event_key(event_id: int) -> str:
    return f"V{event_id}"


def build_report(session: Session) -> dict[str, Any]:
    """The whole conflict report as plain data, in a stable order."""
    reports = _reports(session)
    mentions = session.execute(
        select(
            Mention.report_id, Mention.local_id, Mention.role, Mention.entity_id, Mention.event_id, Mention.name
        ).order_by(Mention.report_id, Mention.id)
    ).all()
    ranked = ranked_links(session)
    chosen = {link.link_id: link.events for link in ranked}
    labels = link_labels(session, chosen)
    best = best_candidates(ranked)
    compared = {link.link_id for link in ranked if leads(link, best)}
    findings = _findings(session, chosen, {k: v for k, v in labels.items() if k in compared})
    entities = _entities(session, mentions, findings)
    events = _events(session, mentions, findings)
    links = _links(session, chosen, labels, findings, _not_compared(ranked, best))
    all_findings = [f for group in (entities, events, links) for item in group for f in item["findings"]]
    return {
        "summary": {
            "reports": len(reports),
            "entities": len(entities),
            "events": len(events),
            "uncertain_links": len(links),
            "findings": {kind: sum(f["kind"] == kind for f in all_findings) for kind in KIND_ORDER},
        },
        "reports": reports,
        "entities": entities,
        "events": events,
        "links": links,
    }


def _reports(session: Session) -> list[dict[str, Any]]:
    """Each report with the label readers know it by: its outlet and publication date, not its file id."""
    rows = session.execute(select(Report, Source.name).join(Source).order_by(Report.id)).all()
    labels = [", ".join([name, r.published.isoformat()] if r.published else [name]) for r, name in rows]
    taken = Counter(labels)
    return [
        {
            "id": r.id,
            # one outlet's two reports of one day are told apart by their ids
            "label": label if taken[label] == 1 else f"{label} ({r.id})",
            "source": name,
            "published": r.published.isoformat() if r.published else None,
            "title": r.title,
        }
        for (r, name), label in zip(rows, labels, strict=True)
    ]


def _entities(session: Session, mentions: Sequence[Any], findings: dict[str, dict[int, list[Any]]]) -> list[Any]:
    by_entity: dict[int, list[Any]] = defaultdict(list)
    for m in mentions:
        if m.role == MentionRole.entity and m.entity_id is not None:
            by_entity[m.entity_id].append(m)
    names: dict[int, list[str]] = defaultdict(list)
    written = select(Mention.entity_id, Claim.value).join(Mention, Mention.id == Claim.mention_id)
    for entity_id, value in session.execute(
        written.where(Claim.property == "name").order_by(Claim.report_id, Claim.span_start)
    ):
        if entity_id is not None and value not in names[entity_id]:
            names[entity_id].append(value)
    out = []
    for entity in session.scalars(select(Entity).order_by(Entity.id)):
        ms = by_entity.get(entity.id, [])
        out.append(
            {
                "id": entity_key(entity.id),
                "type": entity.type.value,
                "name": entity.name,
                "names": names.get(entity.id, [entity.name]),
                "reports": sorted({m.report_id for m in ms}),
                "mentions": [{"report": m.report_id, "local_id": m.local_id} for m in ms],
                "findings": _sorted(findings["entity"].get(entity.id, [])),
            }
        )
    return out


def _events(session: Session, mentions: Sequence[Any], findings: dict[str, dict[int, list[Any]]]) -> list[Any]:
    by_event: dict[int, list[Any]] = defaultdict(list)
    for m in mentions:
        if m.role == MentionRole.event and m.event_id is not None:
            by_event[m.event_id].append(m)
    dates: dict[int, set[str]] = defaultdict(set)
    places: dict[int, set[str]] = defaultdict(set)
    obj, place = aliased(Mention), aliased(Entity)
    rows = session.execute(
        select(Mention.event_id, Claim.property, Claim.value, place.name)
        .join(Mention, Mention.id == Claim.mention_id)
        .outerjoin(obj, obj.id == Claim.object_mention_id)
        .outerjoin(place, place.id == obj.entity_id)
        .where(Claim.property.in_(["date", "place"]), unstruck())
    )
    for event_id, prop, value, place_name in rows:
        if event_id is None:
            continue
        (dates if prop == "date" else places)[event_id].add(value if prop == "date" else place_name)
    out = []
    for event in session.scalars(select(Event).order_by(Event.id)):
        ms = by_event.get(event.id, [])
        out.append(
            {
                "id": event_key(event.id),
                "kind": event.kind,
                "name": event.name,
                "reports": sorted({m.report_id for m in ms}),
                "mentions": [{"report": m.report_id, "local_id": m.local_id} for m in ms],
                "date": _only(dates.get(event.id)),
                "dates": sorted(dates.get(event.id, ())),
                "location": _only(places.get(event.id)),
                "locations": sorted(places.get(event.id, ())),
                "findings": _sorted(findings["event"].get(event.id, [])),
            }
        )
    return out


def _only(values: set[str] | None) -> str | None:
    """The value when the reports agree on one; None when they give none or disagree (see findings)."""
    return next(iter(values)) if values and len(values) == 1 else None


def _links(
    session: Session,
    chosen: dict[int, tuple[int, int]],
    labels: dict[int, str],
    findings: dict[str, dict[int, list[Any]]],
    notes: dict[int, str],
) -> list[Any]:
    """Uncertain event pairs, the best-scored link per pair, with the provisional comparison of those that lead at
    both ends, and for the others a note on why they have none."""
    columns = (EventLink.id, EventLink.verdict, EventLink.score, EventLink.blocked, EventLink.reasons)
    details = {
        row.id: row
        for chunk in chunked(sorted(chosen))
        for row in session.execute(select(*columns).where(EventLink.id.in_(chunk)))
    }
    out = []
    for link_id, (left, right) in sorted(chosen.items(), key=lambda item: item[1]):
        link = details[link_id]
        out.append(
            {
                "id": labels[link_id],
                "events": [event_key(left), event_key(right)],
                "verdict": link.verdict.value,
                "score": link.score,
                "blocked": link.blocked,
                "reasons": [*link.reasons, *([notes[link_id]] if link_id in notes else [])],
                "findings": _sorted(findings["link"].get(link_id, [])),
            }
        )
    return out


def _not_compared(ranked: list[RankedLink], best: dict[int, RankedLink]) -> dict[int, str]:
    """Why a link that does not lead at both ends has no provisional comparison: a likelier candidate of one of its
    events, named so a reviewer can look there first."""
    notes = {}
    for link in ranked:
        if not leads(link, best):
            event = next(e for e in link.events if best[e].link_id != link.link_id)
            rival = best[event]
            other = next(e for e in rival.events if e != event)
            notes[link.link_id] = (
                f"  0 not compared: the event {rival.report_of(event)} tells is likelier the one "
                f"{rival.report_of(other)} tells (score {rival.score:.3f})"
            )
    return notes


def _findings(
    session: Session, links: dict[int, tuple[int, int]], labels: dict[int, str]
) -> dict[str, dict[int, list[Any]]]:
    """Every finding as report data with its evidence, keyed by what it is about."""
    subject_entity, member = aliased(Entity), aliased(Entity)
    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = session.execute(
        select(
            FindingClaim.finding_id,
            Claim.id,
            Claim.report_id,
            Claim.value,
            Claim.raw_value,
            Claim.sentence,
            Claim.span_start,
            Claim.span_end,
        )
        .join(Claim, Claim.id == FindingClaim.claim_id)
        .order_by(Claim.report_id, Claim.span_start, Claim.id)
    )
    for claim in rows:  # columns, not ORM objects: a large store's report stays out of the identity map
        evidence[claim.finding_id].append(
            {
                "report": claim.report_id,
                "claim": f"C{claim.id}",
                "value": claim.value,
                "raw": claim.raw_value,
                "evidence": claim.sentence,
                "span": [claim.span_start, claim.span_end],
            }
        )
    events = dict(session.execute(select(Event.id, Event.name)).all())
    out: dict[str, dict[int, list[Any]]] = {
        "entity": defaultdict(list),
        "event": defaultdict(list),
        "link": defaultdict(list),
    }
    for *columns, entity_name, member_name in session.execute(
        select(*FINDING_COLUMNS, subject_entity.name, member.name)
        .outerjoin(subject_entity, subject_entity.id == Finding.entity_id)
        .outerjoin(member, member.id == Finding.member_entity_id)
        .order_by(Finding.id)
    ):
        finding = FindingRow(*columns)
        if finding.entity_id is not None:
            scope, key, subject, subject_id = "entity", finding.entity_id, entity_name, entity_key(finding.entity_id)
        elif finding.event_id is not None:
            scope, key = "event", finding.event_id
            subject, subject_id = events[finding.event_id], event_key(finding.event_id)
        else:
            assert finding.link_id is not None, "a finding is about an entity, an event or a link"
            if finding.link_id not in labels:
                continue  # a link shown is an uncertain one; any other's comparison is not in the report
            scope, key, subject_id = "link", finding.link_id, labels[finding.link_id]
            subject = " ~ ".join(events[e] for e in links.get(key, ()))
        out[scope][key].append(
            {
                "id": finding_label(finding.id),
                "kind": finding.kind.value,
                "severity": finding.severity.value,
                "subject": subject,
                "subject_id": subject_id,
                "property": finding.property,
                "member": member_name or finding.member,
                "member_id": entity_key(finding.member_entity_id) if finding.member_entity_id else None,
                "values": evidence.get(finding.id, []) + _found_in_text(finding.scores),
                "stated_by": finding.scores.get("stated_by", []),
                "not_stated_by": finding.scores.get("not_stated_by", []),
                "explanation": finding.explanation,
                "provisional": finding.provisional,
            }
        )
    return out


def _found_in_text(scores: dict[str, Any]) -> list[dict[str, Any]]:
    """The words the matcher found in a report said to be silent, shown as that report's value."""
    return [
        {
            "report": hit["report"],
            "value": hit["raw"],
            "raw": hit["raw"],
            "evidence": hit["evidence"],
            "span": hit["span"],
            "found_in_text": True,
        }
        for hit in scores.get("found_in_text", [])
    ]


def _sorted(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflicts first, then by severity, so the page opens on what needs a fact-checker's eye."""
    return sorted(
        findings, key=lambda f: (KIND_ORDER[f["kind"]], SEVERITY_ORDER[f["severity"]], f["property"], f["member"] or "")
    )
