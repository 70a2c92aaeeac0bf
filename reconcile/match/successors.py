"""Findings that go because their subject was merged, and the findings that take their place.

A finding's id names its subject by the subject's first mention (keys.py). When two events are joined (a reviewer
decided their link `same`, or a new account bridges them) or two entities are merged, the one whose first mention
comes later is named by the other's from then on: its findings go, and so do the provisional findings of a link
between two events that are now one. The merge deletes them with their evidence, so what each id stands for and the
claims behind it are kept (FindingKey): the finding that replaced a gone one is the merged subject's finding on the
same property that holds most of its claims (its member may be worded otherwise now, or be an entity merged too).

The replacement is recorded, so an id people wrote down still leads to a finding, and a live decision is carried
over to it as a new decision that says where it came from, superseding the old one: the trail stays append-only,
and whatever reads decisions (queue, report, export) sees the carried one without knowing of replacements.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from reconcile.db import bulk_insert, chunked
from reconcile.match.keys import About, Anchor, anchors
from reconcile.models import Decision, Finding, FindingClaim, FindingKey, Mention, TargetKind, utcnow
from reconcile.queries import finding_label
from reconcile.review.decisions import live_decisions

Holder = tuple[str, int]  # ("entity", id) or ("event", id): the subject a mention belongs to now
Subject = tuple[str, tuple[Anchor, ...]]  # a finding's kind of subject and its subjects' first mentions
_MERGED = {
    "entity": "its entity was merged with another",
    "event": "its event was joined with another",
    "link": "one of its two events was joined with another",
}


class Gone(NamedTuple):
    """A finding no longer stored: what it was about and the claims behind it."""

    about: About
    claims: list[int]


class Holding(NamedTuple):
    """A stored finding that holds a claim of a gone one: a candidate to have replaced it."""

    finding_id: str
    property: str
    about: About


def remember(session: Session, keys: dict[str, About], claims: dict[str, list[int]]) -> None:
    """Keep what each stored finding's id stands for and the claims now behind it. An id stored again replaces
    nothing any more (its subject was given back, by a split), so it is followed afresh if it goes again."""
    known: set[str] = set()
    for chunk in chunked(sorted(keys)):
        known.update(session.scalars(select(FindingKey.finding_id).where(FindingKey.finding_id.in_(chunk))))
    fresh = [
        {"finding_id": k, "about": a.text, "anchor_report": a.anchors[0][0], "anchor_local": a.anchors[0][1]}
        for k, a in keys.items()
        if k not in known
    ]
    bulk_insert(session, FindingKey, [{**row, "claims": claims[row["finding_id"]]} for row in fresh])
    again = [
        {"finding_id": k, "claims": claims[k], "successor_id": None, "replaced_because": None, "replaced_at": None}
        for k in sorted(known)
    ]
    if again:
        session.execute(update(FindingKey), again)


def follow(session: Session, people: Collection[int], events: Collection[int]) -> None:
    """Record what replaced each finding anchored in these subjects (their findings were just recomputed) that is
    gone, and carry its live decision over. Only a recomputed subject can have lost findings to a merge: the merged
    subject is stale, and it holds the first mention of whatever was merged into it."""
    gone = _gone(session, people, events)
    if not gone:
        return
    now = _renamed(session, gone)
    holding = _holding(session, {c for g in gone.values() for c in g.claims})
    stored = {h.finding_id: h.about for hs in holding.values() for h in hs}
    replaced: dict[str, tuple[str, str]] = {}
    for old, (about, claims) in gone.items():
        shared = Counter(
            h.finding_id
            for claim in claims
            for h in holding.get(claim, [])
            if h.property == about.prop and (h.about.kind, h.about.anchors) == now.get(old)
        )
        if shared:
            new = min(shared, key=lambda k: (-shared[k], k))  # most claims; a tie by id, the same on every run
            replaced[old] = (new, _reason(old, about, stored[new]))
    if replaced:
        at = utcnow()
        rows = [
            {"finding_id": old, "successor_id": new, "replaced_because": why, "replaced_at": at}
            for old, (new, why) in replaced.items()
        ]
        session.execute(update(FindingKey), rows)
        _carry(session, replaced)


def _gone(session: Session, people: Collection[int], events: Collection[int]) -> dict[str, Gone]:
    """The findings no longer stored, not yet followed, whose first subject's first mention is now in one of these
    people or events."""
    anchored = (Mention.report_id == FindingKey.anchor_report) & (Mention.local_id == FindingKey.anchor_local)
    query = (
        select(FindingKey.finding_id, FindingKey.about, FindingKey.claims)
        .join(Mention, anchored)
        .where(FindingKey.successor_id.is_(None), ~exists().where(Finding.id == FindingKey.finding_id))
    )
    found: dict[str, Gone] = {}
    for column, ids in ((Mention.entity_id, people), (Mention.event_id, events)):
        for chunk in chunked(sorted(ids)):
            for key, text, claims in session.execute(query.where(column.in_(chunk))):
                found[key] = Gone(About.parse(text), list(claims))
    return found


def _renamed(session: Session, gone: dict[str, Gone]) -> dict[str, Subject]:
    """Each gone finding's subject as the store stands now: each first mention it was named by, named by the first
    mention of the subject that holds it now; a link whose two events are one now is that event. Left out where
    one of those mentions went with its report."""
    holders = _holders(session, {a for g in gone.values() for a in g.about.anchors})
    entity_ids = {i for kind, i in holders.values() if kind == "entity"}
    event_ids = {i for kind, i in holders.values() if kind == "event"}
    first = {("entity", i): a for i, a in anchors(session, Mention.entity_id, entity_ids).items()}
    first.update({("event", i): a for i, a in anchors(session, Mention.event_id, event_ids).items()})
    found: dict[str, Subject] = {}
    for key, (about, _) in gone.items():
        if not all(a in holders for a in about.anchors):
            continue
        subjects = tuple(sorted({first[holders[a]] for a in about.anchors}))
        found[key] = (about.kind if len(subjects) == len(about.anchors) else "event", subjects)
    return found


def _holders(session: Session, mentions: set[Anchor]) -> dict[Anchor, Holder]:
    """The entity or event each of these mentions belongs to now. Read by report, then picked: SQLite answers a
    (report, local id) IN (...) with a scan of every mention."""
    found: dict[Anchor, Holder] = {}
    columns = (Mention.report_id, Mention.local_id, Mention.entity_id, Mention.event_id)
    for chunk in chunked(sorted({report for report, _ in mentions})):
        for report, local, entity, event in session.execute(select(*columns).where(Mention.report_id.in_(chunk))):
            if (report, local) not in mentions:
                continue
            if entity is not None:
                found[(report, local)] = ("entity", entity)
            elif event is not None:
                found[(report, local)] = ("event", event)
    return found


def _holding(session: Session, claim_ids: set[int]) -> dict[int, list[Holding]]:
    """Claim -> the stored findings whose evidence it is."""
    query = (
        select(FindingClaim.claim_id, Finding.id, Finding.property, FindingKey.about)
        .join(Finding, Finding.id == FindingClaim.finding_id)
        .join(FindingKey, FindingKey.finding_id == Finding.id)
    )
    found: dict[int, list[Holding]] = defaultdict(list)
    for chunk in chunked(sorted(claim_ids)):
        for claim, finding_id, prop, text in session.execute(query.where(FindingClaim.claim_id.in_(chunk))):
            found[claim].append(Holding(finding_id, prop, About.parse(text)))
    return found


def _reason(old_id: str, old: About, new: About) -> str:
    """What happened, as the end of 'F… was replaced by F… when …'."""
    if old.key != old_id:  # stored before ids named first mentions: the migration wrote what it was about
        return "finding ids came to name their subjects by first mention (schema 0008)"
    if old.kind != new.kind:
        return "its two events were joined into one"
    if old.anchors != new.anchors:
        return _MERGED[old.kind]
    if isinstance(old.member, tuple):
        return "the entity it names was merged with another"
    return "another report's wording of what it compares came first"


def _carry(session: Session, replaced: dict[str, tuple[str, str]]) -> None:
    """A new live decision on each replacement, as the reviewer took it on the finding it replaces (same reviewer,
    same time, so a report stored since still reopens an accepted value), superseding that one. A replacement with a
    live decision of its own keeps it; of two findings folded into one, the later decision is carried."""
    decided = {
        k: d
        for chunk in chunked(sorted(replaced))
        for k, d in live_decisions(session, TargetKind.finding, list(chunk)).items()
    }
    successors = sorted({new for new, _ in replaced.values()})
    taken = {k for chunk in chunked(successors) for k in live_decisions(session, TargetKind.finding, list(chunk))}
    for old, decision in sorted(decided.items(), key=lambda kv: (kv[1].decided_at, kv[1].id), reverse=True):
        new, why = replaced[old]
        if new in taken:
            continue
        taken.add(new)
        note = f"carried from {finding_label(old)}, replaced when {why}" + (
            f": {decision.note}" if decision.note else ""
        )
        carried = Decision(
            target_kind=TargetKind.finding,
            target_key=new,
            action=decision.action,
            value=decision.value,
            value_source=decision.value_source,
            note=note,
            reviewer=decision.reviewer,
            decided_at=decision.decided_at,
            live=True,
        )
        session.add(carried)
        session.flush()
        decision.live, decision.superseded_by = False, carried.id
    session.flush()
