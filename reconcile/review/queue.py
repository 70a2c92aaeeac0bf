"""The review queue: findings and uncertain event links, each with its status and its evidence.

Status is worked out, not stored: `open` (no live decision), `decided`, or `reopened` (a value was
accepted, and a report stored after that decision gives a different one), so a new report brings an
approved value back to a reviewer without anyone having to remember to.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TypeVarTuple

from sqlalchemy import Row, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from reconcile import limits
from reconcile.db import chunked
from reconcile.models import (
    Claim,
    Decision,
    Entity,
    EntityAlias,
    EntityType,
    Event,
    EventLink,
    Finding,
    FindingClaim,
    FindingKey,
    FindingKind,
    Mention,
    Report,
    TargetKind,
    Verdict,
)
from reconcile.queries import finding_label, link_key, pair_of
from reconcile.review.decisions import ReviewError, Target, history, live_decisions
from reconcile.review.sides import from_outlet

Columns = TypeVarTuple("Columns")
STATUSES = ("open", "decided", "reopened")
FINDING_KINDS = ("conflict", "update", "variant", "addition")
KINDS = (*FINDING_KINDS, "link", "entities")
_ORDER = {"conflict": 0, "link": 1, "entities": 2, "update": 3, "variant": 4, "addition": 5}
MAX_SHARED = 5  # a blocking key shared by more entities than this is a common name, not a near miss
_SEVERITY = {"high": 0, "medium": 1, "low": 2, "none": 3}
LABEL_LENGTH = 10
ENTITY_DIGITS = 9  # an entity id fits the integer column on every database
_A_TYPE = {
    EntityType.person: "a person",
    EntityType.organisation: "an organisation",
    EntityType.place: "a place",
    EntityType.document: "a document",
}


@dataclass(frozen=True)
class Evidence:
    """One report's value for the item, with the sentence that states it."""

    report: str
    value: str
    sentence: str
    span: tuple[int, int]


@dataclass
class Item:
    """One thing to review, as the queue lists it and `review show` prints it."""

    target: Target
    kind: str  # conflict, update, variant, addition, or link
    severity: str
    subject: str
    property: str
    explanation: str
    status: str = "open"
    evidence: list[Evidence] = field(default_factory=list)
    decision: Decision | None = None
    reasons: list[str] = field(default_factory=list)  # a link's scoring, term by term
    # Set when the item was named by a finding id a merge took away: "F… was replaced by F… when …".
    replaced: str | None = None


@dataclass(frozen=True)
class QueuePage:
    """A stretch of the queue, and how many items the filters let through in all."""

    items: list[Item]
    total: int
    offset: int


def queue(
    session: Session, status: str | None = None, kind: str | None = None, limit: int | None = None, offset: int = 0
) -> list[Item]:
    """Reviewable items, conflicts first, then uncertain links, entity pairs, variants and additions: all of
    them, or `limit` from `offset`."""
    return queue_page(session, status, kind, limit, offset).items


def queue_page(
    session: Session,
    status: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    severity: str | None = None,
    source: str | None = None,
    after: str | None = None,
) -> QueuePage:
    """The queue from `offset`, at most `limit` items, with the count of all. Only the items returned have
    their evidence read: for a page of a long queue that is most of the work saved. `severity` and `source` (an
    outlet: items with evidence from one of its reports) filter before paging, so the count is of what they let
    through. `after` (a label) starts the queue just past that item and comes round to those before it, leaving
    it out: where a reviewer who skips it goes next."""
    items: list[Item] = []
    if kind is None or kind in FINDING_KINDS:
        items += _finding_items(session, kind=kind)
    if kind in (None, "link"):
        items += _link_items(session)
    if kind in (None, "entities"):
        items += _entity_items(session)
    items.sort(key=lambda i: (_ORDER[i.kind], _SEVERITY.get(i.severity, 9), i.subject, i.target.label))
    items = _filtered(session, _past(items, after), status, severity, source)
    page = items[offset:] if limit is None else items[offset : offset + limit]
    _add_evidence(session, page)
    return QueuePage(page, len(items), offset)


def _past(items: list[Item], label: str | None) -> list[Item]:
    """The queue turned round to start just past the item `label` names, without it; as it is if none does. The
    item's place is looked for before any filter, so a decided item still says where its next open one is."""
    at = next((n for n, i in enumerate(items) if i.target.label == label), None)
    return items if at is None else items[at + 1 :] + items[:at]


def _filtered(
    session: Session, items: list[Item], status: str | None, severity: str | None, source: str | None
) -> list[Item]:
    """The items of this status, severity and outlet (None: any); the outlet's reports are read once for all."""
    kept = [i for i in items if status in (None, i.status) and severity in (None, i.severity)]
    cited = from_outlet(session, [i.target for i in kept], source) if source is not None else None
    return kept if cited is None else [i for i in kept if i.target.label in cited]


def find(session: Session, label: str) -> Item:
    """The item a reviewer names by its label (F… for a finding, L… for a link, E… for an entity pair). The id of a
    finding a merge took away names the finding that replaced it, whose `replaced` says so."""
    wanted = label.strip()
    readers = {"F": _finding_items, "L": _link_items, "E": _entity_items, "C": _claim_items}
    # A label no item can have (NUL, bytes that are not UTF-8, a page of text) is not sent to the database.
    storable = limits.text_problem(wanted, limits.LABEL) is None
    for item in readers[wanted[:1]](session, wanted) if storable and wanted[:1] in readers else []:
        if item.target.label == wanted:
            _add_evidence(session, [item])
            return item
    successor = _successor(session, wanted) if storable and wanted[:1] == "F" else None
    if successor is not None:
        _add_evidence(session, [successor])
        return successor
    name = limits.shown(wanted, quoted=not storable)
    raise ReviewError(f"{name}: no finding, event link, entity pair or claim has this id (see `reconcile review list`)")


def _successor(session: Session, label: str) -> Item | None:
    """The finding that replaced the one `label` named, through as many replacements as there were, each said in
    `replaced`; None if no replaced finding had that id, or what replaced it is gone (or an agreement) since."""
    query = select(FindingKey.finding_id, FindingKey.successor_id, FindingKey.replaced_because).where(
        FindingKey.successor_id.is_not(None)
    )
    named = session.execute(query.where(FindingKey.finding_id.startswith(label[1:].lower()))).all()
    step = next((row for row in named if finding_label(row.finding_id) == label), None)
    said: dict[str, str] = {}  # by the id replaced, which also stops a loop
    while step is not None and step.finding_id not in said:
        new = finding_label(step.successor_id)
        said[step.finding_id] = f"{finding_label(step.finding_id)} was replaced by {new} when {step.replaced_because}"
        found = _finding_items(session, ids=[step.successor_id])
        if found:
            found[0].replaced = "; ".join(said.values())
            return found[0]
        step = session.execute(query.where(FindingKey.finding_id == step.successor_id)).first()
    return None


def entity_pair(session: Session, first: str, second: str) -> Target:
    """Two entities a reviewer names by their ids as the report shows them (E12, or 12), as one target: any two of
    one type, queued or not. A pair already ruled on needs no checks (one of the two may be gone, folded into the
    other), so a merge can be taken back."""
    ids = (_numbered(first, "E", "an entity"), _numbered(second, "E", "an entity"))
    if ids[0] == ids[1]:
        raise ReviewError(f"E{ids[0]}: an entity cannot be merged with or split from itself; name two entities")
    key = link_key(*ids)
    target = Target(TargetKind.entities, key, f"E{key}")
    if not live_decisions(session, TargetKind.entities, [key]):
        _check_pair(session, ids)
    return target


def claim_target(session: Session, claim: str) -> Target:
    """A claim a reviewer names by its id as the report shows it beside each value (C12, or 12)."""
    claim_id = _numbered(claim, "C", "a claim")
    if session.get(Claim, claim_id) is None:
        raise ReviewError(f"C{claim_id}: no claim has this id (see the values in `reconcile report --format json`)")
    return Target(TargetKind.claim, str(claim_id), f"C{claim_id}")


def _claim_items(session: Session, label: str) -> list[Item]:
    """The claim `label` names, as an item to show with its trail: what it says, where, and whether it is struck."""
    try:
        target = claim_target(session, label)
    except ReviewError:
        return []
    claim = session.get(Claim, int(target.key))
    assert claim is not None
    decision = live_decisions(session, TargetKind.claim, [target.key]).get(target.key)
    struck = decision is not None and decision.action == "strike"
    item = Item(
        target,
        "claim",
        "none",
        session.scalar(select(Mention.name).where(Mention.id == claim.mention_id)) or "",
        claim.property,
        "struck out: the matcher leaves it out" if struck else "compared by the matcher",
        status="decided" if decision is not None else "open",
        evidence=[Evidence(claim.report_id, claim.value, claim.sentence, (claim.span_start, claim.span_end))],
        decision=decision,
    )
    return [item]


def event_pair(session: Session, first: str, second: str) -> Target:
    """Two events a reviewer names by their ids as the report shows them (V12, or 12), as one link: any two, whether
    or not the matcher ever paired their accounts. The link joins each event's first account (its lowest mention),
    which the clustering then keeps together or apart, on this run and every later one."""
    ids = (_numbered(first, "V", "an event"), _numbered(second, "V", "an event"))
    if ids[0] == ids[1]:
        raise ReviewError(f"V{ids[0]}: an event cannot be linked to itself; name two events")
    accounts = dict(
        session.execute(
            select(Mention.event_id, func.min(Mention.id)).where(Mention.event_id.in_(ids)).group_by(Mention.event_id)
        ).all()
    )
    for event_id in ids:
        if event_id not in accounts:
            raise ReviewError(f"V{event_id}: no event has this id (see the events in `reconcile report`)")
    key = link_key(accounts[ids[0]], accounts[ids[1]])
    return Target(TargetKind.link, key, f"L{key}")


def _numbered(text: str, letter: str, noun: str) -> int:
    """The number of an entity or event id as the report shows it: E12 or V12 (lower case too, or just 12)."""
    written = text.strip()
    digits = written[1:] if written[:1] in (letter, letter.lower()) else written
    if not (digits.isascii() and digits.isdecimal() and len(digits) <= ENTITY_DIGITS):
        raise ReviewError(f"{limits.shown(text)} is not {noun} id: name {noun} as the report shows it ({letter}12)")
    return int(digits)


def _check_pair(session: Session, ids: tuple[int, int]) -> None:
    """Both entities exist and are of one type: a person is never merged with, or split from, an organisation."""
    types = {i: t for i, t in session.execute(select(Entity.id, Entity.type).where(Entity.id.in_(ids)))}
    for entity_id in ids:
        if entity_id not in types:
            raise ReviewError(f"E{entity_id}: no entity has this id (see the entities in `reconcile report`)")
    first, second = (types[i] for i in ids)
    if first != second:
        raise ReviewError(
            f"E{ids[0]} is {_A_TYPE[first]} and E{ids[1]} {_A_TYPE[second]}: only two entities of one type "
            "can be merged or split"
        )


def trail(session: Session, label: str) -> tuple[Item, list[Decision]]:
    """An item and every decision ever taken on it, oldest first; for a finding, also those taken on the findings it
    replaced, so a decision carried over is shown beside the one it was carried from."""
    item = find(session, label)
    replaced = [Target(TargetKind.finding, key, finding_label(key)) for key in _replaced(session, item.target)]
    decisions = [d for target in (item.target, *replaced) for d in history(session, target)]
    return item, sorted(decisions, key=lambda d: (d.decided_at, d.id))


def _replaced(session: Session, target: Target) -> set[str]:
    """The ids of the findings the target replaced, directly or through others it replaced. Walked in the database,
    one statement however many there are: no list of ids is sent, and UNION ends a loop of replacements."""
    if target.kind is not TargetKind.finding:
        return set()
    chain = select(FindingKey.finding_id).where(FindingKey.successor_id == target.key).cte("chain", recursive=True)
    chain = chain.union(select(FindingKey.finding_id).join(chain, FindingKey.successor_id == chain.c.finding_id))
    return set(session.scalars(select(chain.c.finding_id))) - {target.key}


def review_statuses(session: Session, finding_ids: list[str]) -> dict[str, str]:
    """The review status of each of these findings that a reviewer has decided: decided or reopened."""
    decided = live_decisions(session, TargetKind.finding, finding_ids)
    return {i.target.key: i.status for i in _finding_items(session, ids=list(decided))}


def _finding_items(
    session: Session, label: str | None = None, ids: list[str] | None = None, kind: str | None = None
) -> list[Item]:
    """Findings other than agreements, with their status. Evidence is read only where the status needs it
    (an accepted value, which a report stored since may contradict); `_add_evidence` reads the rest."""
    subject = case(
        (Finding.entity_id.is_not(None), func.coalesce(Entity.name, "")),
        (Finding.event_id.is_not(None), func.coalesce(Event.name, "")),
        else_=literal("event link"),
    )
    query = (
        select(
            Finding.id, Finding.kind, Finding.severity, Finding.property, Finding.member, Finding.explanation, subject
        )
        .outerjoin(Entity, Entity.id == Finding.entity_id)
        .outerjoin(Event, Event.id == Finding.event_id)
        .where(Finding.kind != FindingKind.agreement)
    )
    if label is not None:
        query = query.where(Finding.id.startswith(label[1:].lower()))
    if kind is not None:
        query = query.where(Finding.kind == FindingKind(kind))
    rows = _of_findings(session, query, ids)
    decided = live_decisions(
        session, TargetKind.finding, None if label is None and ids is None else [r[0] for r in rows]
    )
    items = [
        Item(
            Target(TargetKind.finding, finding_id, "F" + finding_id[:LABEL_LENGTH]),
            finding_kind.value,
            severity.value,
            name,
            prop + (f": {member}" if member else ""),
            explanation,
            decision=decided.get(finding_id),
        )
        for finding_id, finding_kind, severity, prop, member, explanation, name in rows
    ]
    accepted = [i for i in items if i.decision is not None and i.decision.action == "accept"]
    _add_evidence(session, accepted)
    stored = _stored_at(session, {e.report for i in accepted for e in i.evidence})
    for item in items:
        item.status = _finding_status(item, stored)
    return items


def _of_findings(session: Session, query: Select[*Columns], ids: list[str] | None) -> list[Row[*Columns]]:
    """The rows `query` gives for these findings (all, for None): a chunk of ids at a time, since `review_statuses`
    asks about every decided finding of the store, more than PostgreSQL binds in one statement."""
    if ids is None:
        return list(session.execute(query))
    return [row for chunk in chunked(sorted(set(ids))) for row in session.execute(query.where(Finding.id.in_(chunk)))]


def _add_evidence(session: Session, items: list[Item]) -> None:
    """Read the evidence into the items that lack it: a finding's claims, and with them the values a reviewer
    may accept; an entity pair's name claims, how each of the two is written."""
    wanted = [i for i in items if i.target.kind == TargetKind.finding and not i.evidence]
    evidence = finding_evidence(session, [i.target.key for i in wanted])
    for item in wanted:
        item.evidence = evidence.get(item.target.key, [])
        item.target = replace(item.target, values=tuple(dict.fromkeys(e.value for e in item.evidence)))
    pairs = [i for i in items if i.target.kind == TargetKind.entities and not i.evidence]
    names = _name_evidence(session, {e for i in pairs for e in pair_of(i.target.key)})
    for item in pairs:
        low, high = pair_of(item.target.key)
        item.evidence = names.get(low, []) + names.get(high, [])


def _stored_at(session: Session, report_ids: set[str]) -> dict[str, dt.datetime]:
    """When each report was stored, which says whether it came after a decision. The reports are those every
    accepted value cites, as many as the store holds: a chunk of ids at a time."""
    query = select(Report.id, Report.ingested_at)
    return {
        report_id: at
        for chunk in chunked(sorted(report_ids))
        for report_id, at in session.execute(query.where(Report.id.in_(chunk)))
    }


def _finding_status(item: Item, stored: dict[str, dt.datetime]) -> str:
    """Reopened when a value was accepted and a report stored since then says otherwise."""
    decision = item.decision
    if decision is None:
        return "open"
    if decision.action != "accept":
        return "decided"
    contradicted = any(stored[e.report] > decision.decided_at and e.value != decision.value for e in item.evidence)
    return "reopened" if contradicted else "decided"


def finding_evidence(session: Session, finding_ids: list[str] | None = None) -> dict[str, list[Evidence]]:
    """Each finding's claims (of these findings only, if given, a chunk at a time: `review list` reads every
    finding's): report, value, sentence and span, in report order within each finding."""
    query = (
        select(FindingClaim.finding_id, Claim.report_id, Claim.value, Claim.sentence, Claim.span_start, Claim.span_end)
        .join(Claim, Claim.id == FindingClaim.claim_id)
        .order_by(Claim.report_id, Claim.span_start, Claim.id)
    )
    if finding_ids is None:
        rows = list(session.execute(query))
    else:
        wanted = chunked(sorted(set(finding_ids)))
        rows = [row for ids in wanted for row in session.execute(query.where(FindingClaim.finding_id.in_(ids)))]
    found: dict[str, list[Evidence]] = defaultdict(list)
    for finding_id, report, value, sentence, start, end in rows:
        found[finding_id].append(Evidence(report, value, sentence, (start, end)))
    return found


def _link_items(session: Session, label: str | None = None) -> list[Item]:
    """Uncertain links, and links a reviewer has decided (a `different` link is not kept by the matcher)."""
    left, right = aliased(Mention), aliased(Mention)
    rows = session.execute(
        select(EventLink, left, right)
        .join(left, left.id == EventLink.left_mention_id)
        .join(right, right.id == EventLink.right_mention_id)
        .where(EventLink.verdict == Verdict.uncertain)
    ).all()
    decided = live_decisions(session, TargetKind.link)
    items: dict[str, Item] = {}
    for link, a, b in rows:
        key = link_key(a.id, b.id)
        items[key] = _link_item(key, a, b, f"{link.verdict.value}, score {link.score:.2f}", list(link.reasons))
    missing = [key for key in decided if key not in items]
    mentions = _mentions(session, missing)
    for key in missing:
        low, high = pair_of(key)
        if low in mentions and high in mentions:
            items[key] = _link_item(key, mentions[low], mentions[high], "decided by a reviewer", [])
    for key, item in items.items():
        item.decision = decided.get(key)
        item.status = "decided" if item.decision is not None else "open"
    found = list(items.values())
    return [i for i in found if i.target.label == label] if label is not None else found


def _link_item(key: str, a: Mention, b: Mention, explanation: str, reasons: list[str]) -> Item:
    subject = f"{a.name} ({a.report_id}) ~ {b.name} ({b.report_id})"
    return Item(
        Target(TargetKind.link, key, f"L{key}"), "link", "medium", subject, "same event?", explanation, reasons=reasons
    )


def _mentions(session: Session, keys: list[str]) -> dict[int, Mention]:
    """The event mentions of these links: every decided link the matcher no longer keeps, so a chunk at a time."""
    ids = sorted({i for key in keys for i in pair_of(key)})
    return {m.id: m for chunk in chunked(ids) for m in session.scalars(select(Mention).where(Mention.id.in_(chunk)))}


def _entity_items(session: Session, label: str | None = None) -> list[Item]:
    """Entities of one type that share a blocking key yet were kept apart (the resolver's near misses, such
    as one surname with two given names), and pairs a reviewer has ruled on: merge or keep apart."""
    shared = (
        select(EntityAlias.type, EntityAlias.key)
        .where(EntityAlias.type.in_((EntityType.person, EntityType.organisation)))
        .group_by(EntityAlias.type, EntityAlias.key)
        .having(func.count(func.distinct(EntityAlias.entity_id)).between(2, MAX_SHARED))
        .subquery()
    )
    groups: dict[str, set[int]] = defaultdict(set)
    for entity_id, key in session.execute(
        select(EntityAlias.entity_id, EntityAlias.key).join(
            shared, and_(shared.c.type == EntityAlias.type, shared.c.key == EntityAlias.key)
        )
    ):
        groups[key].add(entity_id)
    near = {link_key(a, b) for ids in groups.values() for a, b in combinations(sorted(ids), 2)}
    decided = live_decisions(session, TargetKind.entities)
    keys = near | set(decided)
    if label is not None:
        keys &= {label[1:]}
    ids = {i for key in keys for i in pair_of(key)}
    names = _entity_names(session, ids)
    items = []
    for key in sorted(keys):
        low, high = pair_of(key)
        subject = f"{names.get(low, f'entity {low} (merged)')} ~ {names.get(high, f'entity {high} (merged)')}"
        item = Item(
            Target(TargetKind.entities, key, f"E{key}"),
            "entities",
            "low",
            subject,
            "same entity?",
            "they share a blocking key but were not resolved as one" if key in near else "named by a reviewer",
            decision=decided.get(key),
        )
        item.status = "decided" if item.decision is not None else "open"
        items.append(item)
    return items


def _entity_names(session: Session, ids: set[int]) -> dict[int, str]:
    """The entities of every near miss and ruled pair, as many as the store holds: a chunk at a time."""
    query = select(Entity.id, Entity.name)
    return {i: n for chunk in chunked(sorted(ids)) for i, n in session.execute(query.where(Entity.id.in_(chunk)))}


def _name_evidence(session: Session, ids: set[int]) -> dict[int, list[Evidence]]:
    """How each entity is written, report by report: its name claims with their sentences. `review list` asks for
    every pair's entities at once, so a chunk of them at a time."""
    query = (
        select(Mention.entity_id, Claim.report_id, Claim.value, Claim.sentence, Claim.span_start, Claim.span_end)
        .join(Claim, Claim.mention_id == Mention.id)
        .where(Claim.property == "name")
        .order_by(Claim.report_id, Claim.span_start)
    )
    rows = [row for chunk in chunked(sorted(ids)) for row in session.execute(query.where(Mention.entity_id.in_(chunk)))]
    found: dict[int, list[Evidence]] = defaultdict(list)
    for entity_id, report, value, sentence, start, end in rows:
        if entity_id is not None:  # the query asked for these entities only; typed as nullable by the column
            found[entity_id].append(Evidence(report, value, sentence, (start, end)))
    return found
