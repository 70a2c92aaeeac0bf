"""Group event mentions into events: candidates share a participant, pairs are scored, clusters merge
only on `same` and never across conflicting dates or places."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, delete, or_, select, update
from sqlalchemy.orm import Session, aliased

from reconcile.db import bulk_insert, chunked, insert_returning_ids
from reconcile.models import Claim, Entity, Event, EventLink, Finding, Mention, MentionRole, Report, Verdict
from reconcile.queries import decided_links
from reconcile.resolve.event_score import EventFacts, PairScore, score_pair

# Who took part: attendees and leads of meetings, victims and perpetrators of incidents.
PARTICIPANT_PROPERTIES = ("attendee", "led_by", "victim", "perpetrator")
EVENT_PROPERTIES = (*PARTICIPANT_PROPERTIES, "date", "place", "cites", "topic")
MAX_BLOCK = 100  # more undated accounts than this for one person are too common to tell apart
MAX_UNCERTAIN_PER_MENTION = 2
CANDIDATE_WINDOW_DAYS = 30
ONE_PERSON_WINDOW_DAYS = 3


@dataclass
class EventStats:
    mentions: int = 0
    pairs: int = 0
    same: int = 0
    uncertain: int = 0
    new_events: int = 0


def load_facts(session: Session, mention_ids: Iterable[int]) -> dict[int, EventFacts]:
    """What each event mention's report says about it, with objects resolved to entities."""
    ids = sorted(set(mention_ids))
    facts: dict[int, EventFacts] = {}
    obj = aliased(Mention)
    for chunk in chunked(ids):
        mentions = select(Mention.id, Mention.report_id, Report.published).join(Report).where(Mention.id.in_(chunk))
        for mid, report_id, published in session.execute(mentions):
            facts[mid] = EventFacts(mid, report_id, published)
        rows = session.execute(
            select(
                Claim.mention_id, Claim.property, Claim.value, Claim.qualifiers, obj.entity_id, Entity.type, Entity.name
            )
            .outerjoin(obj, obj.id == Claim.object_mention_id)
            .outerjoin(Entity, Entity.id == obj.entity_id)
            .where(Claim.mention_id.in_(chunk), Claim.property.in_(EVENT_PROPERTIES))
        ).all()
        side_mentions = {r.qualifiers["side"] for r in rows if r.qualifiers.get("side")}
        side_entity = _entities_of(session, side_mentions)
        for r in rows:
            _add_fact(facts[r.mention_id], r, side_entity)
    return facts


def _entities_of(session: Session, mention_ids: set[int]) -> dict[int, tuple[int, str]]:
    """Entity id and display name for each of some mentions (the sides named in qualifiers)."""
    if not mention_ids:
        return {}
    rows = session.execute(
        select(Mention.id, Entity.id, Entity.name)
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Mention.id.in_(sorted(mention_ids)))
    )
    return {mid: (eid, name) for mid, eid, name in rows}


def _add_fact(facts: EventFacts, row: Row[Any], side_entity: dict[int, tuple[int, str]]) -> None:
    """Fold one claim into what its report says about the event."""
    prop, value, qualifiers, entity_id = row.property, row.value, row.qualifiers, row.entity_id
    if entity_id is not None:
        facts.names[entity_id] = row.name
    side = side_entity.get(qualifiers.get("side", -1))
    if side is not None:
        facts.names[side[0]] = side[1]
    side_id = side[0] if side else None
    if prop in PARTICIPANT_PROPERTIES and entity_id is not None:
        target = facts.people if row.type.value == "person" else facts.organisations
        target.add(entity_id)
        facts.sides.setdefault(entity_id, side_id)
        if prop == "led_by":
            facts.leads[side_id] = entity_id
        elif prop == "victim":
            facts.victims.add(entity_id)
    elif prop == "date":
        facts.dates.add(dt.date.fromisoformat(value))
    elif prop == "place" and entity_id is not None:
        facts.places.add(entity_id)
    elif prop == "cites" and entity_id is not None:
        facts.documents.add(entity_id)
    elif prop == "topic":
        facts.topics.append(value)


def resolve_events(session: Session) -> EventStats:
    """Link and cluster every event mention that has no event yet; the caller owns the transaction."""
    stats = EventStats()
    pending = list(
        session.scalars(
            select(Mention.id)
            .where(Mention.role == MentionRole.event, Mention.event_id.is_(None))
            .order_by(Mention.report_id, Mention.id)
        )
    )
    if not pending:
        return stats
    stats.mentions = len(pending)
    facts = load_facts(session, pending)
    candidates = _candidates(session, facts)
    facts.update(load_facts(session, {c for cs in candidates.values() for c in cs} - facts.keys()))
    decided = decided_links(session)
    scored = _score(facts, candidates, decided)
    stats.pairs = len(scored)
    links = _cluster(
        session, facts, scored, stats, {pair for pair, (action, _) in decided.items() if action == "different"}
    )
    bulk_insert(session, EventLink, links)
    return stats


def reopen_events(session: Session, mention_ids: Iterable[int]) -> None:
    """Send the events holding these mentions back to be resolved, links and findings with them: a
    reviewer's ruling on a link changes how their accounts cluster, and the next resolution obeys it."""
    events = set(
        session.scalars(
            select(Mention.event_id).where(Mention.id.in_(list(mention_ids)), Mention.event_id.is_not(None))
        )
    )
    if not events:
        return
    members = list(session.scalars(select(Mention.id).where(Mention.event_id.in_(events))))
    touching = or_(EventLink.left_mention_id.in_(members), EventLink.right_mention_id.in_(members))
    session.execute(delete(Finding).where(Finding.link_id.in_(select(EventLink.id).where(touching))))
    session.execute(delete(EventLink).where(touching))
    session.execute(delete(Finding).where(Finding.event_id.in_(events)))
    session.execute(update(Mention).where(Mention.id.in_(members)).values(event_id=None))
    session.execute(delete(Event).where(Event.id.in_(events)))


def _candidates(session: Session, facts: dict[int, EventFacts]) -> dict[int, set[int]]:
    """Other reports' event mentions that share a person with each pending mention.

    People, not organisations, are the blocking key: a delegation's organisation attends all of its
    meetings, so it would pair every one of them with every other.
    """
    participants = {p for f in facts.values() for p in f.people}
    obj = aliased(Mention)
    by_entity: dict[int, set[int]] = defaultdict(set)
    for chunk in chunked(sorted(participants)):
        rows = session.execute(
            select(obj.entity_id, Claim.mention_id)
            .join(obj, obj.id == Claim.object_mention_id)
            .where(Claim.property.in_(PARTICIPANT_PROPERTIES), obj.entity_id.in_(chunk))
        )
        for entity_id, mention_id in rows:
            if entity_id is not None:
                by_entity[entity_id].add(mention_id)
    anchors = _time_anchors(session, set().union(set(facts), *by_entity.values()))
    timelines = {p: Timeline.of(mentions, anchors) for p, mentions in by_entity.items()}
    shared: dict[int, Counter[int]] = {}
    for mid, f in facts.items():
        near = Counter(c for p in f.people if p in timelines for c in timelines[p].near(anchors.get(mid)))
        near.pop(mid, None)
        shared[mid] = near
    return {
        mid: {c for c, people in others.items() if _candidate(people, anchors.get(mid), anchors.get(c))}
        for mid, others in shared.items()
    }


@dataclass
class Timeline:
    """One person's event mentions in time order: the block is (person, window), so a diplomat at
    a thousand meetings still narrows a new account to the few around its date."""

    days: list[int]
    mentions: list[int]
    undated: list[int]

    @classmethod
    def of(cls, mentions: set[int], anchors: dict[int, dt.date]) -> Timeline:
        dated = sorted((anchors[m].toordinal(), m) for m in mentions if m in anchors)
        undated = sorted(m for m in mentions if m not in anchors)
        return cls([d for d, _ in dated], [m for _, m in dated], undated)

    def near(self, anchor: dt.date | None) -> list[int]:
        """Mentions within the candidate window of `anchor`; without one, only a small block says anything."""
        undated = self.undated if len(self.undated) <= MAX_BLOCK else []
        if anchor is None:
            return self.mentions + undated if len(self.mentions) + len(undated) <= MAX_BLOCK else []
        day = anchor.toordinal()
        lo = bisect_left(self.days, day - CANDIDATE_WINDOW_DAYS)
        hi = bisect_right(self.days, day + CANDIDATE_WINDOW_DAYS)
        return self.mentions[lo:hi] + undated


def _candidate(shared_people: int, a: dt.date | None, b: dt.date | None) -> bool:
    """Two accounts are compared when they share two people, or one person within a few days.

    Busy diplomats share one person with dozens of meetings; one shared name alone is worth a
    comparison only when the two accounts can be placed close together in time.
    """
    if a is not None and b is not None and abs((a - b).days) > CANDIDATE_WINDOW_DAYS:
        return False
    if shared_people >= 2:
        return True
    return a is not None and b is not None and abs((a - b).days) <= ONE_PERSON_WINDOW_DAYS


def _time_anchors(session: Session, mention_ids: set[int]) -> dict[int, dt.date]:
    """When each event happened as far as its report says: the stated date, else the publication date."""
    anchors: dict[int, dt.date] = {}
    for chunk in chunked(sorted(mention_ids)):
        published = select(Mention.id, Report.published).join(Report).where(Mention.id.in_(chunk))
        anchors.update({mid: day for mid, day in session.execute(published) if day is not None})
        dated = select(Claim.mention_id, Claim.value).where(Claim.mention_id.in_(chunk), Claim.property == "date")
        anchors.update({mid: dt.date.fromisoformat(value) for mid, value in session.execute(dated)})
    return anchors


def _score(
    facts: dict[int, EventFacts], candidates: dict[int, set[int]], decided: dict[tuple[int, int], tuple[str, str]]
) -> dict[tuple[int, int], PairScore]:
    """Score each unordered pair once; a reviewer's ruling on a pair overrides its score.

    Mentions from the same report are the report's own distinct events, and pairs whose explicit
    dates differ cannot be one event, so neither is scored or stored.
    """
    scored: dict[tuple[int, int], PairScore] = {}
    for mid, others in candidates.items():
        for other in others:
            pair = (min(mid, other), max(mid, other))
            a, b = facts[pair[0]], facts[pair[1]]
            if pair in scored or a.report_id == b.report_id or (a.dates and b.dates and not a.dates & b.dates):
                continue
            scored[pair] = score_pair(a, b)
            if pair in decided:
                action, why = decided[pair]
                scored[pair] = PairScore(action, 1.0 if action == "same" else 0.0, [why, *scored[pair].reasons], False)
    return scored


def _cluster(
    session: Session,
    facts: dict[int, EventFacts],
    scored: dict[tuple[int, int], PairScore],
    stats: EventStats,
    apart: set[tuple[int, int]],
) -> list[dict[str, Any]]:
    """Union `same` pairs, strongest first (a reviewer's `same` scores 1.0, so it goes first), unless the
    two clusters' dates or places conflict or a reviewer said two of their mentions are `apart`."""
    current = dict(session.execute(select(Mention.id, Mention.event_id).where(Mention.id.in_(sorted(facts)))).all())
    parent = {mid: mid for mid in facts}
    members: dict[int, set[int]] = {mid: {mid} for mid in facts}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_event: dict[int, list[int]] = defaultdict(list)
    for mid, event_id in current.items():
        if event_id is not None:
            by_event[event_id].append(mid)
    for group in by_event.values():
        for mid in group[1:]:
            _union(parent, members, find(group[0]), find(mid))
    links = []
    for (left, right), result in sorted(scored.items(), key=lambda item: -item[1].score):
        verdict, reasons, blocked = result.verdict, list(result.reasons), result.blocked
        if verdict == "same":
            a, b = find(left), find(right)
            conflict = _group_conflict(facts, members[a], members[b], apart) if a != b else None
            if conflict:
                verdict, blocked = "uncertain", True
                reasons.append(f"not merged: {conflict}")
            else:
                _union(parent, members, a, b)
                stats.same += 1
        if verdict == "different":
            continue
        links.append(
            {
                "left_mention_id": left,
                "right_mention_id": right,
                "verdict": Verdict(verdict),
                "score": result.score,
                "reasons": reasons,
                "blocked": blocked,
            }
        )
    _assign(session, {find(m) for m in facts}, members, current, stats)
    links = _best_uncertain(links)
    stats.uncertain = sum(link["verdict"] == Verdict.uncertain for link in links)
    return links


def _best_uncertain(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every `same` link, and each mention's few best `uncertain` ones: a reviewer can weigh two
    candidate matches for a meeting, not thirty, and each one shown carries a full comparison."""
    kept: dict[int, int] = defaultdict(int)
    out = []
    for link in links:  # already strongest first
        ends = (link["left_mention_id"], link["right_mention_id"])
        if link["verdict"] == Verdict.same or any(kept[e] < MAX_UNCERTAIN_PER_MENTION for e in ends):
            out.append(link)
            for end in ends:
                kept[end] += link["verdict"] == Verdict.uncertain
    return out


def _union(parent: dict[int, int], members: dict[int, set[int]], a: int, b: int) -> None:
    if a == b:
        return
    keep, drop = min(a, b), max(a, b)
    parent[drop] = keep
    members[keep] |= members.pop(drop)


def _group_conflict(
    facts: dict[int, EventFacts], left: set[int], right: set[int], apart: set[tuple[int, int]]
) -> str | None:
    """Why two clusters cannot be one event: their explicit dates or places disagree outright, or a reviewer
    ruled two of their mentions different."""
    if any((min(a, b), max(a, b)) in apart for a in left for b in right):
        return "a reviewer decided two of their accounts are different events"
    for attr, label in (("dates", "dates"), ("places", "places")):
        a = set().union(*(getattr(facts[m], attr) for m in left))
        b = set().union(*(getattr(facts[m], attr) for m in right))
        if a and b and not a & b:
            return f"the clusters' {label} conflict"
    return None


def _assign(
    session: Session,
    roots: set[int],
    members: dict[int, set[int]],
    current: dict[int, int | None],
    stats: EventStats,
) -> None:
    """Give each cluster one event: reuse the oldest existing event, fold others into it, or make one."""
    updates: list[dict[str, int]] = []
    new_groups: list[list[int]] = []
    for root in sorted(roots):
        group = sorted(members[root])
        existing = sorted({event_id for m in group if (event_id := current.get(m)) is not None})
        if not existing:
            new_groups.append(group)
            continue
        keep, folded = existing[0], existing[1:]
        updates += [{"id": m, "event_id": keep} for m in group if current.get(m) != keep]
        session.execute(update(Event).where(Event.id == keep).values(stale=True))
        if folded:
            session.execute(delete(Finding).where(Finding.event_id.in_(folded)))
            session.execute(update(Mention).where(Mention.event_id.in_(folded)).values(event_id=keep))
            session.execute(delete(Event).where(Event.id.in_(folded)))
    if new_groups:
        heads = {
            mid: (kind, name)
            for mid, kind, name in session.execute(
                select(Mention.id, Mention.type, Mention.name).where(Mention.id.in_([g[0] for g in new_groups]))
            )
        }
        rows = [{"kind": heads[g[0]][0], "name": heads[g[0]][1], "stale": True} for g in new_groups]
        ids = insert_returning_ids(session, Event, rows)
        stats.new_events = len(ids)
        updates += [{"id": m, "event_id": eid} for g, eid in zip(new_groups, ids, strict=True) for m in g]
    if updates:
        session.execute(update(Mention), updates)
