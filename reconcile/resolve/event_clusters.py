"""Cluster event mentions into events from their scored pairs, the same whatever order the reports came in.

The clustering is a function of the pairs alone: every pair called the same event is joined, strongest first
(ties broken by report and local id, never by arrival), unless the two clusters' dates or places disagree or a
reviewer ruled two of their accounts different; such a pair stays an uncertain link marked blocked. A pair a
reviewer ruled the same is joined over disagreeing dates and places: that disagreement is then a finding. A run
re-clusters only the neighbourhood its new accounts touch: the events they are called the same as, and every event
joined to those by a blocked link, with the stored links among them. Stored links keep their scores; only their
verdicts are re-derived. Each account also keeps its best few uncertain links, counted over all of its links, so
which links a reviewer sees does not depend on batching either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.orm import Session

from reconcile.db import bulk_insert, chunked, insert_returning_ids
from reconcile.models import Event, EventLink, Mention, Verdict
from reconcile.normalize import MAGNITUDE_TOLERANCE
from reconcile.places import places_nested
from reconcile.resolve.event_score import EventFacts, PairScore

MAX_UNCERTAIN_PER_MENTION = 2
Pair = tuple[int, int]  # two event mention ids, lower first


@dataclass
class Edge:
    """A pair called the same event: its score, the reasons before any clustering note, its stored row if any."""

    score: float
    reasons: list[str] | None  # None: a stored merged link's, not read unless its verdict changes
    link_id: int | None = None
    verdict: Verdict | None = None  # as stored
    blocked: bool = False  # as stored
    note: str | None = None  # a blocked link's clustering note, as stored


@dataclass
class ClusterStats:
    same: int = 0
    uncertain: int = 0
    new_events: int = 0


class Neighbourhood:
    """The accounts a run re-clusters and what is stored about them: their events and their links."""

    def __init__(self, session: Session, pending: Iterable[int], scored: dict[Pair, PairScore]) -> None:
        self.session = session
        self.pending = set(pending)
        ends = {m for pair in scored for m in pair} | self.pending
        self.current = self._events_of(ends)
        called_same = {m for pair, s in scored.items() if s.verdict == "same" for m in pair}
        seeds = {e for m in self.pending | called_same if (e := self.current.get(m)) is not None}
        self.events = self._closed(seeds)
        self.members = self.pending | self._members(self.events)
        self.current.update(self._events_of(self.members - self.current.keys()))
        self.order = self.load_order(self.members | ends)

    def _events_of(self, mention_ids: Iterable[int]) -> dict[int, int | None]:
        found: dict[int, int | None] = {}
        for chunk in chunked(sorted(mention_ids)):
            found.update(self.session.execute(select(Mention.id, Mention.event_id).where(Mention.id.in_(chunk))).all())
        return found

    def _members(self, events: set[int]) -> set[int]:
        return {
            m
            for chunk in chunked(sorted(events))
            for m in self.session.scalars(select(Mention.id).where(Mention.event_id.in_(chunk)))
        }

    def _closed(self, seeds: set[int]) -> set[int]:
        """The seed events and every event joined to them by a chain of blocked links: a pair called the same that a
        conflict kept apart may join once the clusters around it change."""
        events, frontier = set(seeds), set(seeds)
        while frontier:
            members = self._members(frontier)
            frontier = set()
            for chunk in chunked(sorted(members)):
                touching = or_(EventLink.left_mention_id.in_(chunk), EventLink.right_mention_id.in_(chunk))
                rows = self.session.execute(
                    select(EventLink.left_mention_id, EventLink.right_mention_id).where(EventLink.blocked, touching)
                )
                others = {m for row in rows for m in row if m not in members}
                for event in self._events_of(others).values():
                    if event is not None and event not in events:
                        events.add(event)
                        frontier.add(event)
        return events

    def load_order(self, mention_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        found: dict[int, tuple[str, str]] = {}
        for chunk in chunked(sorted(mention_ids)):
            rows = self.session.execute(
                select(Mention.id, Mention.report_id, Mention.local_id).where(Mention.id.in_(chunk))
            )
            found.update({mid: (report, local) for mid, report, local in rows})
        return found

    def stored_edges(self) -> dict[Pair, Edge]:
        """The stored links among the members that were called the same event, merged or blocked. Only a blocked
        link's reasons are read (their last is its clustering note, re-derived below); a merged link's are read by
        `reasons_of` if its verdict changes, which in a big neighbourhood few do."""
        edges = {}
        blocked_reasons = case((EventLink.blocked, EventLink.reasons), else_=None)
        columns = (
            EventLink.id,
            EventLink.left_mention_id,
            EventLink.right_mention_id,
            EventLink.score,
            EventLink.verdict,
            EventLink.blocked,
            blocked_reasons,
        )
        for chunk in chunked(sorted(self.members)):
            rows = self.session.execute(
                select(*columns).where(
                    EventLink.left_mention_id.in_(chunk),
                    or_(EventLink.verdict == Verdict.same, EventLink.blocked),
                )
            )
            for link_id, left, right, score, verdict, blocked, reasons in rows:
                if right in self.members:
                    note = reasons[-1] if blocked and reasons else None
                    kept = list(reasons[:-1]) if blocked else None
                    edges[(left, right)] = Edge(score, kept, link_id, verdict, blocked, note)
        return edges

    def reasons_of(self, link_ids: list[int]) -> dict[int, list[str]]:
        """The stored reasons of these links."""
        return {
            link_id: reasons
            for chunk in chunked(link_ids)
            for link_id, reasons in self.session.execute(
                select(EventLink.id, EventLink.reasons).where(EventLink.id.in_(chunk))
            )
        }

    def key(self, pair: Pair) -> tuple[tuple[str, str], tuple[str, str]]:
        """A pair's place among equal scores: by report and local id, which do not depend on arrival."""
        return self.order[pair[0]], self.order[pair[1]]


def cluster(
    session: Session,
    facts: dict[int, EventFacts],
    scored: dict[Pair, PairScore],
    place: Neighbourhood,
    apart: set[Pair],
    together: set[Pair],
) -> ClusterStats:
    """Re-cluster the neighbourhood from its pairs, store the verdicts of its links and give each cluster an event."""
    stats = ClusterStats()
    edges = place.stored_edges()
    for pair, result in scored.items():
        if result.verdict == "same":
            edges[pair] = Edge(result.score, list(result.reasons))
    parent = {m: m for m in place.members}
    groups: dict[int, set[int]] = {m: {m} for m in place.members}
    told = {m: Told.of(facts[m]) for m in place.members}
    apart_of = _apart_of(apart)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    rows: list[dict[str, Any]] = []
    changed: list[tuple[Edge, Verdict, str | None]] = []
    for pair, edge in sorted(edges.items(), key=lambda item: (-item[1].score, place.key(item[0]))):
        a, b = find(pair[0]), find(pair[1])
        conflict = None
        if a != b:
            ruled_apart = _ruled_apart(groups[a], groups[b], apart_of)
            conflict = group_conflict(told[a], told[b], ruled_apart, pair in together)
        if conflict is None and a != b:
            keep, drop = min(a, b), max(a, b)
            parent[drop] = keep
            groups[keep] |= groups.pop(drop)
            told[keep].absorb(told.pop(drop))
        verdict, blocked = (Verdict.uncertain, True) if conflict else (Verdict.same, False)
        note = f"not merged: {conflict}" if conflict else None
        if edge.link_id is None:
            stats.same += not blocked
            stats.uncertain += blocked
            reasons = [*(edge.reasons or []), *([note] if note else [])]
            row = {"verdict": verdict, "score": edge.score, "reasons": reasons, "blocked": blocked}
            rows.append({"left_mention_id": pair[0], "right_mention_id": pair[1], **row})
        elif (edge.verdict, edge.blocked, edge.note) != (verdict, blocked, note):  # what the clusters know changed
            changed.append((edge, verdict, note))
    _store_changes(session, place, changed)
    bulk_insert(session, EventLink, rows)
    stats.uncertain += _keep_best_uncertain(session, scored, place)
    stats.new_events = _assign(session, [groups[root] for root in {find(m) for m in place.members}], place)
    return stats


def _store_changes(session: Session, place: Neighbourhood, changed: list[tuple[Edge, Verdict, str | None]]) -> None:
    """Store the new verdicts of stored links, each with its reasons and its new clustering note, if any."""
    unread = place.reasons_of(sorted(e.link_id for e, _, _ in changed if e.reasons is None and e.link_id is not None))
    rows = []
    for edge, verdict, note in changed:
        reasons = edge.reasons if edge.reasons is not None else unread[cast(int, edge.link_id)]
        blocked = note is not None
        rows.append(
            {
                "id": edge.link_id,
                "verdict": verdict,
                "reasons": [*reasons, *([note] if note else [])],
                "blocked": blocked,
            }
        )
    if rows:
        session.execute(update(EventLink), rows)


@dataclass
class Told:
    """What the accounts of one cluster say of its dates, places and magnitudes, each value with the reports that
    give it: what the cluster knows, which a reviewer weighs against the other cluster's, not only the two linked
    accounts'. Kept per cluster and merged as clusters join, so a join costs the values, not the accounts."""

    dates: dict[str, set[str]]
    places: dict[str, set[str]]
    quakes: dict[str, set[str]]

    @classmethod
    def of(cls, f: EventFacts) -> Told:
        def each(values: Iterable[str]) -> dict[str, set[str]]:
            return {value: {f.report_id} for value in values}

        return cls(
            each(d.isoformat() for d in f.dates),
            each(f.names.get(p, "") for p in f.places),
            each(f"{m:g}" for m in f.magnitudes),
        )

    def absorb(self, other: Told) -> None:
        for mine, theirs in ((self.dates, other.dates), (self.places, other.places), (self.quakes, other.quakes)):
            for value, reports in theirs.items():
                mine.setdefault(value, set()).update(reports)


def group_conflict(left: Told, right: Told, ruled_apart: bool = False, ruled_same: bool = False) -> str | None:
    """Why two clusters cannot be one event: a reviewer ruled two of their accounts different, or, unless a
    reviewer ruled this pair the same, their explicit dates disagree, their places lie apart or their
    earthquakes' magnitudes are further apart than rounding."""
    if ruled_apart:
        return "a reviewer decided two of their accounts are different events"
    if ruled_same:
        return None
    if left.dates and right.dates and not left.dates.keys() & right.dates.keys():
        return f"the clusters' dates conflict: {_apart([left.dates, right.dates])}"
    if left.places and right.places and not places_nested(set(left.places), set(right.places)):
        return f"the clusters' places conflict: {_apart([left.places, right.places])}"
    if left.quakes and right.quakes and not _near_magnitudes(set(left.quakes), set(right.quakes)):
        return f"the clusters' magnitudes conflict: {_apart([left.quakes, right.quakes])}"  # one quake, one magnitude
    return None


def _apart_of(apart: set[Pair]) -> dict[int, set[int]]:
    """Each account a reviewer ruled different from others, with those others."""
    found: dict[int, set[int]] = defaultdict(set)
    for a, b in apart:
        found[a].add(b)
        found[b].add(a)
    return found


def _ruled_apart(left: set[int], right: set[int], apart_of: dict[int, set[int]]) -> bool:
    """Whether a reviewer ruled some account of one cluster different from some account of the other."""
    small, large = sorted((left, right), key=len)
    return any(not apart_of[m].isdisjoint(large) for m in small if m in apart_of)


def _near_magnitudes(left: set[str], right: set[str]) -> bool:
    """Whether some magnitude of one side is within the agencies' rounding of some magnitude of the other."""
    return any(abs(float(x) - float(y)) <= MAGNITUDE_TOLERANCE + 1e-9 for x in left for y in right)


def _apart(sides: list[dict[str, set[str]]]) -> str:
    """'2024-09-16 (r1, r2) vs 2024-09-25 (r3)': each cluster's values with their reports, the two clusters in the
    order of their words, so the note reads alike whichever account arrived first."""
    shown = (
        "; ".join(f"{value} ({', '.join(sorted(reports))})" for value, reports in sorted(t.items())) for t in sides
    )
    return " vs ".join(sorted(shown))


def _keep_best_uncertain(session: Session, scored: dict[Pair, PairScore], place: Neighbourhood) -> int:
    """Keep a new uncertain link when it is among the best few of either account's uncertain links, old and new,
    and drop old ones it pushes out of both their accounts' best few: a reviewer weighs two candidates for an
    account, not thirty. Returns how many new links were kept."""
    new = {pair: s.score for pair, s in scored.items() if s.verdict == "uncertain"}
    ends = {m for pair in new for m in pair}
    stored = _uncertain_links(session, ends)
    partners = {m for pair in stored for m in pair} - ends
    stored.update(_uncertain_links(session, partners))
    every = {pair: score for pair, (_, score) in stored.items()} | new
    place.order.update(place.load_order({m for pair in every for m in pair} - place.order.keys()))
    by_end: dict[int, list[Pair]] = defaultdict(list)
    for pair in every:
        for end in pair:
            by_end[end].append(pair)
    best = {
        end: set(sorted(pairs, key=lambda p: (-every[p], place.key(p)))[:MAX_UNCERTAIN_PER_MENTION])
        for end, pairs in by_end.items()
    }
    kept = {pair for pair in every if pair[0] in ends or pair[1] in ends if pair in best[pair[0]] | best[pair[1]]}
    gone = [
        link_id for pair, (link_id, _) in stored.items() if (pair[0] in ends or pair[1] in ends) and pair not in kept
    ]
    for chunk in chunked(gone):
        session.execute(delete(EventLink).where(EventLink.id.in_(chunk)))
    rows = [
        {
            "left_mention_id": pair[0],
            "right_mention_id": pair[1],
            "verdict": Verdict.uncertain,
            "score": scored[pair].score,
            "reasons": list(scored[pair].reasons),
            "blocked": False,
        }
        for pair in sorted(new)
        if pair in kept
    ]
    bulk_insert(session, EventLink, rows)
    return len(rows)


def _uncertain_links(session: Session, mention_ids: set[int]) -> dict[Pair, tuple[int, float]]:
    """The stored uncertain (not blocked) links touching these accounts: pair -> (link id, score)."""
    found: dict[Pair, tuple[int, float]] = {}
    for chunk in chunked(sorted(mention_ids)):
        touching = or_(EventLink.left_mention_id.in_(chunk), EventLink.right_mention_id.in_(chunk))
        rows = session.execute(
            select(EventLink.id, EventLink.left_mention_id, EventLink.right_mention_id, EventLink.score).where(
                EventLink.verdict == Verdict.uncertain, ~EventLink.blocked, touching
            )
        )
        found.update({(left, right): (link_id, score) for link_id, left, right, score in rows})
    return found


def _assign(session: Session, clusters: list[set[int]], place: Neighbourhood) -> int:
    """Give each cluster one event: the oldest of its accounts' events that no earlier cluster took, else a new
    one. Events left with no account go, their findings with them. An event whose accounts changed is named after
    its account that comes first by report and local id, and is stale, so its findings are recomputed. Returns how
    many are new."""
    taken: set[int] = set()
    chosen: list[tuple[list[int], int | None]] = []
    for members in sorted(
        clusters,
        key=lambda c: (_oldest(c, place, taken=set()) or 1 << 62, place.order[min(c, key=place.order.__getitem__)]),
    ):
        event = _oldest(members, place, taken)
        if event is not None:
            taken.add(event)
        chosen.append((sorted(members, key=place.order.__getitem__), event))
    heads = _heads(session, [ordered[0] for ordered, _ in chosen])
    fresh = [ordered for ordered, event in chosen if event is None]
    rows = [{"kind": heads[m[0]][0], "name": heads[m[0]][1], "stale": True} for m in fresh]
    new_ids = iter(insert_returning_ids(session, Event, rows))
    updates: list[dict[str, int]] = []
    renamed: list[dict[str, Any]] = []
    before: dict[int, set[int]] = defaultdict(set)
    for m in place.members:
        if (e := place.current.get(m)) is not None:
            before[e].add(m)
    for ordered, old in chosen:
        event = next(new_ids) if old is None else old
        if old is not None and before[old] != set(ordered):  # an event whose accounts changed
            renamed.append({"id": event, "kind": heads[ordered[0]][0], "name": heads[ordered[0]][1], "stale": True})
        updates += [{"id": m, "event_id": event} for m in ordered if place.current.get(m) != event]
    if renamed:
        session.execute(update(Event), renamed)
    if updates:
        session.execute(update(Mention), updates)
    for chunk in chunked(sorted(place.events - taken)):
        session.execute(delete(Event).where(Event.id.in_(chunk)))
    return len(fresh)


def _oldest(members: set[int], place: Neighbourhood, taken: set[int]) -> int | None:
    """The oldest event any of these accounts belonged to that is not taken yet."""
    return min((e for m in members if (e := place.current.get(m)) is not None and e not in taken), default=None)


def _heads(session: Session, mention_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The kind and name of each of these event mentions."""
    heads: dict[int, tuple[str, str]] = {}
    for chunk in chunked(mention_ids):
        query = select(Mention.id, Mention.type, Mention.name).where(Mention.id.in_(chunk))
        heads.update({mid: (kind, name) for mid, kind, name in session.execute(query)})
    return heads
