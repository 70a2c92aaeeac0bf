"""Recompute the findings of whatever changed since the last run, and store them with their evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session, aliased

from reconcile import limits
from reconcile.db import CHUNK, bulk_insert, chunked
from reconcile.match.align import NUMBERS, ClaimView, align
from reconcile.match.classify import FindingDraft, classify
from reconcile.match.keys import Anchor, Numbered, abouts, first
from reconcile.match.silent import Texts, check_additions
from reconcile.match.successors import follow, remember
from reconcile.models import (
    Claim,
    Entity,
    EntityType,
    Event,
    Finding,
    FindingClaim,
    FindingKind,
    Mention,
    Report,
    Severity,
)
from reconcile.queries import links_and_leaders, stated_within, uncertain_links, unstruck

ENTITY_PROPERTIES = ("name", "title", "affiliation", "age", "outcome")
EVENT_PROPERTIES = (
    "date",
    "place",
    "attendee",
    "led_by",
    "victim",
    "perpetrator",
    "involves",
    "cites",
    "topic",
    "stance",
    "quote",
    *NUMBERS,
)
QUALIFIER_REFERENCES = ("side", "organisation", "holder", "speaker")
CLAIM_COLUMNS = (
    Claim.id,
    Claim.report_id,
    Claim.property,
    Claim.value,
    Claim.normalised,
    Claim.raw_value,
    Claim.sentence,
    Claim.span_start,
    Claim.span_end,
    Claim.qualifiers,
)


@dataclass
class FindingStats:
    entities: int = 0
    events: int = 0
    links: int = 0
    findings: int = 0


def update_findings(session: Session) -> FindingStats:
    """Findings for stale entities, stale events and the leading uncertain links near them; then clear stale. Findings
    their recomputation leaves gone because a merge folded their subject into another are followed to the findings
    that replaced them, and take their decisions there (successors.py)."""
    stats = FindingStats()
    _prune(session)
    stale_entities = list(session.scalars(select(Entity.id).where(Entity.stale).order_by(Entity.id)))
    # Names, titles, ages and outcomes are compared for people; organisations, places and documents list their names
    # in the report instead, which spares recomputing hubs named by every other report.
    people = select(Entity.id).where(Entity.stale, Entity.type == EntityType.person).order_by(Entity.id)
    entity_ids = list(session.scalars(people))
    event_ids = list(session.scalars(select(Event.id).where(Event.stale).order_by(Event.id)))
    stats.entities, stats.events = len(entity_ids), len(event_ids)
    texts = Texts(session)
    for chunk in chunked(entity_ids):
        session.execute(delete(Finding).where(Finding.entity_id.in_(chunk)))
        views = _views(session, Mention.entity_id, chunk, ENTITY_PROPERTIES)
        stats.findings += _settle(session, texts, [d for s, c in views.items() for d in _judge({"entity_id": s}, c)])
    for chunk in chunked(event_ids):
        session.execute(delete(Finding).where(Finding.event_id.in_(chunk)))
        views = _views(session, Mention.event_id, chunk, EVENT_PROPERTIES)
        stats.findings += _settle(session, texts, [d for s, c in views.items() for d in _judge({"event_id": s}, c)])
    near, links, changed = _links_to_compare(session, set(event_ids))
    stats.links = len(links)
    for chunk in chunked(changed):
        session.execute(delete(Finding).where(Finding.link_id.in_(chunk)))
    for group in _link_groups(links):
        events = sorted({e for _, pair in group for e in pair})
        views = {
            k: v for c in chunked(events) for k, v in _views(session, Mention.event_id, c, EVENT_PROPERTIES).items()
        }
        drafts = [
            d
            for link_id, (left, right) in group
            for d in _judge(
                {"link_id": link_id, "link_events": (left, right), "provisional": True},
                views.get(left, []) + views.get(right, []),
            )
        ]
        stats.findings += _settle(session, texts, drafts)
    follow(session, entity_ids, near)
    for model, ids in ((Entity, stale_entities), (Event, event_ids)):
        for chunk in chunked(ids):
            session.execute(update(model).where(model.id.in_(chunk)).values(stale=False))
    return stats


def _links_to_compare(session: Session, stale: set[int]) -> tuple[set[int], dict[int, tuple[int, int]], list[int]]:
    """The events near stale ones, the leading links to compare again, and the links whose comparison goes. A new or
    rescored link can take the lead from another link of its events, or give it back, so the links of every event
    linked to a stale one are looked at; of those, only the ones touching a stale event, or that lead without a
    comparison or have one without leading, change."""
    around = stale | {e for pair in uncertain_links(session, stale).values() for e in pair}
    near, leading = links_and_leaders(session, around)
    compared = {
        link
        for chunk in chunked(sorted(near))
        for link in session.scalars(select(Finding.link_id).where(Finding.link_id.in_(chunk)).distinct())
    }
    changed = {
        link for link, pair in near.items() if not stale.isdisjoint(pair) or (link in compared) != (link in leading)
    }
    events = around | {e for pair in near.values() for e in pair}
    return events, {link: near[link] for link in sorted(leading & changed)}, sorted(changed)


def _link_groups(links: dict[int, tuple[int, int]]) -> Iterator[list[tuple[int, tuple[int, int]]]]:
    """The links in groups of about one chunk, in id order within each pair of events. The links between one pair
    stay in one group: their findings ask the same questions, which only a group judged together numbers apart."""
    by_pair: dict[frozenset[int], list[tuple[int, tuple[int, int]]]] = defaultdict(list)
    for link_id, pair in sorted(links.items()):
        by_pair[frozenset(pair)].append((link_id, pair))
    group: list[tuple[int, tuple[int, int]]] = []
    for same_pair in by_pair.values():
        group += same_pair
        if len(group) >= CHUNK:
            yield group
            group = []
    if group:
        yield group


def _settle(session: Session, texts: Texts, drafts: list[tuple[dict[str, Any], FindingDraft]]) -> int:
    """Check and store one chunk's findings, so no more than a chunk's drafts are held at once. A subject's
    findings, and a pair of events' comparisons, are all in one chunk, so their ids are those one list would get."""
    check_additions([draft for _, draft in drafts], texts)
    return _store(session, drafts)


def _prune(session: Session) -> None:
    """Entities and events left without mentions (their reports were replaced) are gone.

    Only stale ones can have lost mentions: replacing a report marks what it touched stale.
    """
    for model, column in ((Entity, Mention.entity_id), (Event, Mention.event_id)):
        session.execute(delete(model).where(model.stale, ~exists().where(column == model.id)))


def _judge(subject: dict[str, Any], claims: list[ClaimView]) -> list[tuple[dict[str, Any], FindingDraft]]:
    reports = sorted({c.report_id for c in claims})
    if len(reports) < 2:
        return []
    return [(subject, draft) for group in align(claims, reports) if (draft := classify(group)) is not None]


def _views(
    session: Session, column: Any, subject_ids: Sequence[int], properties: Iterable[str]
) -> dict[int, list[ClaimView]]:
    """Claims about the given subjects, with objects and qualifier references resolved to entities."""
    obj = aliased(Mention)
    obj_entity = aliased(Entity)
    rows = session.execute(
        select(
            column.label("subject"),
            *CLAIM_COLUMNS,
            Report.published,
            obj.entity_id.label("object_id"),
            obj_entity.name.label("object_name"),
            obj.local_id.label("object_local"),
        )
        .join(Mention, Mention.id == Claim.mention_id)
        .join(Report, Report.id == Claim.report_id)
        .outerjoin(obj, obj.id == Claim.object_mention_id)
        .outerjoin(obj_entity, obj_entity.id == obj.entity_id)
        .where(column.in_(subject_ids), Claim.property.in_(list(properties)), unstruck())
        .order_by(Claim.report_id, Claim.span_start, Claim.id)
    ).all()
    refs = {v for r in rows for k, v in r.qualifiers.items() if k in QUALIFIER_REFERENCES}
    resolved = _mention_entities(session, refs)
    towns: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for said in stated_within(session, {r.object_id for r in rows if r.property == "place" and r.object_id}):
        towns[said.venue].add((said.town_name, said.report_id))
    out: dict[int, list[ClaimView]] = defaultdict(list)
    for claim in rows:  # plain rows, not ORM objects: nothing piles up in the session
        qualifiers = dict(claim.qualifiers)
        names = {}
        named_by = {claim.object_id: claim.object_local} if claim.object_id is not None else {}
        for key in QUALIFIER_REFERENCES:
            if key in qualifiers and qualifiers[key] in resolved:
                entity_id, name, local_id = resolved[qualifiers[key]]
                qualifiers[key], names[entity_id] = entity_id, name
                named_by.setdefault(entity_id, local_id)
        out[claim.subject].append(
            ClaimView(
                claim.id,
                claim.report_id,
                claim.published,
                claim.property,
                claim.value,
                claim.normalised,
                claim.raw_value,
                claim.sentence,
                (claim.span_start, claim.span_end),
                claim.object_id,
                claim.object_name,
                qualifiers,
                names,
                tuple(sorted(towns.get(claim.object_id, ()))) if claim.property == "place" else (),
                named_by,
            )
        )
    return out


def _mention_entities(session: Session, mention_ids: set[int]) -> dict[int, tuple[int, str, str]]:
    """Each mention's entity, the entity's name and the mention's local id."""
    found: dict[int, tuple[int, str, str]] = {}
    for chunk in chunked(sorted(mention_ids)):
        rows = session.execute(
            select(Mention.id, Entity.id, Entity.name, Mention.local_id)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Mention.id.in_(chunk))
        )
        found.update({mid: (eid, name, local) for mid, eid, name, local in rows})
    return found


def _store(session: Session, drafts: list[tuple[dict[str, Any], FindingDraft]]) -> int:
    """Bulk-insert findings, then the claims behind each one."""
    if not drafts:
        return 0
    rows = [
        {
            "kind": FindingKind(d.kind),
            "severity": Severity(d.severity),
            "property": d.property,
            "member": d.member,
            "member_entity_id": d.member_entity_id,
            "explanation": d.explanation,
            "scores": d.scores,
            "entity_id": s.get("entity_id"),
            "event_id": s.get("event_id"),
            "link_id": s.get("link_id"),
            "provisional": s.get("provisional", False),
        }
        for s, d in drafts
    ]
    numbered = [
        Numbered(s.get("entity_id"), s.get("event_id"), s.get("link_events"), d.property, d.member, _member_anchor(d))
        for s, d in drafts
    ]
    keys = abouts(session, numbered)
    for row, about in zip(rows, keys, strict=True):
        row["id"] = about.key
        # The id holds the whole member; the stored one is a label, and a long quote is cut to fit.
        row["member"] = row["member"] and row["member"][: limits.NAME]
    for chunk in chunked([row["id"] for row in rows]):
        # The same question answered before, under another link between the same two events: it is answered again.
        session.execute(delete(Finding).where(Finding.id.in_(chunk)))
    bulk_insert(session, Finding, rows)
    claims = {
        row["id"]: list(dict.fromkeys(c.id for c in draft.claims)) for row, (_, draft) in zip(rows, drafts, strict=True)
    }
    bulk_insert(session, FindingClaim, [{"finding_id": f, "claim_id": c} for f, ids in claims.items() for c in ids])
    remember(session, {about.key: about for about in keys}, claims)
    return len(rows)


def _member_anchor(draft: FindingDraft) -> Anchor | None:
    """The first mention the finding's own claims name its member entity by. Not the entity's first mention
    anywhere: a mention elsewhere joining the entity makes none of the findings that name it stale, so they would
    keep an id a store built in another order would not give them."""
    member = draft.member_entity_id
    if member is None:
        return None
    return first((c.published, c.report_id, c.named_by[member]) for c in draft.claims if member in c.named_by)
