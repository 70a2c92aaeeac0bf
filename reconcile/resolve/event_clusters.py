"""Cluster event mentions into events from their scored pairs, the same whatever order the reports came in.

The clustering is a function of the pairs alone: every pair called the same event is joined, strongest first
(ties broken by report and local id, never by arrival), unless the two clusters' dates or places disagree or a
reviewer ruled two of their accounts different; such a pair stays an uncertain link marked blocked. A pair a
reviewer ruled the same is joined over disagreeing dates and places: that disagreement is then a finding. A run
re-clusters only the neighbourhood its new accounts touch: the events they are called the same as, with the stored
links among them, weighed against the events one blocked link away as they stand (see `cluster`). Stored links keep
their scores; only their verdicts are re-derived. Each account also keeps its best few uncertain links, counted
over all of its links, so which links a reviewer sees does not depend on batching either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

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
    """The accounts a run re-clusters and what is stored about them: their events and their links; and, around
    them, the events that blocked links reach, weighed as they stand unless a join opens between them."""

    def __init__(self, session: Session, pending: Iterable[int], scored: dict[Pair, PairScore]) -> None:
        self.session = session
        self.pending = set(pending)
        ends = {m for pair in scored for m in pair} | self.pending
        self.current = self._events_of(ends)
        called_same = {m for pair, s in scored.items() if s.verdict == "same" for m in pair}
        self.events: set[int] = set()
        self.members = set(self.pending)
        self.order = self.load_order(ends)
        self.grow(called_same | self.pending)

    def grow(self, accounts: set[int]) -> None:
        """Re-cluster these accounts too, with every account of their events."""
        self.current.update(self._events_of(accounts - self.current.keys()))
        events = {e for m in accounts if (e := self.current.get(m)) is not None} - self.events
        self.events |= events
        added = (accounts | self._members(events)) - self.members
        self.members |= added
        self.current.update(self._events_of(added - self.current.keys()))
        self.order.update(self.load_order(added - self.order.keys()))

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

    def around(self, boundary: dict[Pair, Edge]) -> tuple[set[int], dict[Pair, float]]:
        """The accounts of the events that these blocked links reach from outside the members, and the links
        merged among them with their scores: enough to rebuild each such cluster as it stood at any link's turn."""
        outside = {m for pair in boundary for m in pair} - self.members
        self.current.update(self._events_of(outside - self.current.keys()))
        events = {e for m in outside if (e := self.current.get(m)) is not None}
        accounts = (outside | self._members(events)) - self.members
        self.order.update(self.load_order(accounts - self.order.keys()))
        merged: dict[Pair, float] = {}
        for chunk in chunked(sorted(accounts)):
            rows = self.session.execute(
                select(EventLink.left_mention_id, EventLink.right_mention_id, EventLink.score).where(
                    EventLink.left_mention_id.in_(chunk), EventLink.verdict == Verdict.same, ~EventLink.blocked
                )
            )
            merged.update({(left, right): score for left, right, score in rows if right in accounts})
        return accounts, merged

    def load_order(self, mention_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        found: dict[int, tuple[str, str]] = {}
        for chunk in chunked(sorted(mention_ids)):
            rows = self.session.execute(
                select(Mention.id, Mention.report_id, Mention.local_id).where(Mention.id.in_(chunk))
            )
            found.update({mid: (report, local) for mid, report, local in rows})
        return found

    def stored_edges(self) -> tuple[dict[Pair, Edge], dict[Pair, Edge]]:
        """The stored links that touch the members and were called the same event, merged or blocked: those among
        the members, and those that cross to an account outside them. Only a blocked link's reasons are read (their
        last is its clustering note, re-derived below); a merged link's are read by `reasons_of` if its verdict
        changes, which in a big neighbourhood few do."""
        inner: dict[Pair, Edge] = {}
        crossing: dict[Pair, Edge] = {}
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
        called_same = or_(EventLink.verdict == Verdict.same, EventLink.blocked)
        # A merged link joins two accounts of one event, so only a blocked one can reach a member from outside.
        sides = ((EventLink.left_mention_id, called_same), (EventLink.right_mention_id, EventLink.blocked))
        for side, kept_links in sides:
            for chunk in chunked(sorted(self.members)):
                for link_id, left, right, score, verdict, blocked, reasons in self.session.execute(
                    select(*columns).where(side.in_(chunk), kept_links)
                ):
                    note = reasons[-1] if blocked and reasons else None
                    said = list(reasons[:-1]) if blocked else None
                    edge = Edge(score, said, link_id, verdict, blocked, note)
                    if left in self.members and right in self.members:
                        inner[(left, right)] = edge
                    else:
                        crossing[(left, right)] = edge
        return inner, crossing

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
    load: Callable[[set[int]], dict[int, EventFacts]],
    scored: dict[Pair, PairScore],
    place: Neighbourhood,
    apart: set[Pair],
    together: set[Pair],
) -> ClusterStats:
    """Re-cluster the neighbourhood from its pairs, store the verdicts of its links and give each cluster an event.
    A blocked link that would now join a member to an event outside brings that event in, and the clustering runs
    again; when none would, every cluster outside stands as it was. That gives what re-clustering everything blocked
    links reach would give, whose size grows with the store, for the reads of the events one blocked link away.
    `load` reads the when and where of accounts not in `facts`."""
    while True:
        inner, crossing = place.stored_edges()
        outside, merged_outside = place.around(crossing)
        facts.update(load((place.members | outside) - facts.keys()))
        for pair, result in scored.items():
            if result.verdict == "same":
                inner[pair] = Edge(result.score, list(result.reasons))
        settled = _settle(facts, inner, crossing, merged_outside, place, apart, together)
        if not settled.opened:
            break
        place.grow(settled.opened)
    _store_changes(session, place, settled.changed)
    bulk_insert(session, EventLink, settled.rows)
    stats = settled.stats
    stats.uncertain += _keep_best_uncertain(session, scored, place)
    stats.new_events = _assign(session, settled.clusters, place)
    return stats


class Forest:
    """Clusters of accounts as links join them, each with its accounts and with what they are told."""

    def __init__(self, accounts: Iterable[int], facts: dict[int, EventFacts]) -> None:
        self.parent = {m: m for m in accounts}
        self.groups = {m: {m} for m in self.parent}
        self.told = {m: Told.of(facts[m]) for m in self.parent}

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        """Join the clusters of roots a and b under the lower."""
        keep, drop = min(a, b), max(a, b)
        self.parent[drop] = keep
        self.groups[keep] |= self.groups.pop(drop)
        self.told[keep].absorb(self.told.pop(drop))


@dataclass
class Settled:
    """One clustering of a neighbourhood: its new link rows, its stored links whose verdict or note changed (link
    id, reasons if read, verdict, note), its clusters, and the outside accounts a blocked link would now join."""

    rows: list[dict[str, Any]]
    changed: list[tuple[int, list[str] | None, Verdict, str | None]]
    clusters: list[set[int]]
    opened: set[int]
    stats: ClusterStats


def _settle(
    facts: dict[int, EventFacts],
    inner: dict[Pair, Edge],
    crossing: dict[Pair, Edge],
    merged_outside: dict[Pair, float],
    place: Neighbourhood,
    apart: set[Pair],
    together: set[Pair],
) -> Settled:
    """Join pairs strongest first. The links merged among outside accounts join as they did, to rebuild each
    outside cluster as it stood at a crossing link's turn; a crossing link never joins: it stays blocked, or names
    an account to bring in."""
    forest = Forest({m for pair in (*inner, *crossing, *merged_outside) for m in pair} | place.members, facts)
    apart_of = _apart_of(apart)
    settled = Settled([], [], [], set(), ClusterStats())
    links = [(pair, edge) for pair, edge in (*inner.items(), *crossing.items())]
    links += [(pair, Edge(score, None)) for pair, score in merged_outside.items()]
    for pair, edge in sorted(links, key=lambda item: (-item[1].score, place.key(item[0]))):
        a, b = forest.find(pair[0]), forest.find(pair[1])
        if pair in merged_outside:
            if a != b:
                forest.join(a, b)
            continue
        conflict = None
        if a != b:
            ruled_apart = _ruled_apart(forest.groups[a], forest.groups[b], apart_of)
            conflict = group_conflict(forest.told[a], forest.told[b], ruled_apart, pair in together)
        if pair in crossing and conflict is None:
            settled.opened |= set(pair) - place.members
            continue
        if conflict is None and a != b:
            forest.join(a, b)
        verdict, blocked = (Verdict.uncertain, True) if conflict else (Verdict.same, False)
        note = f"not merged: {conflict}" if conflict else None
        if edge.link_id is None:
            settled.stats.same += not blocked
            settled.stats.uncertain += blocked
            row = {"verdict": verdict, "score": edge.score, "reasons": _with_note(edge.reasons or [], note)}
            settled.rows.append({"left_mention_id": pair[0], "right_mention_id": pair[1], "blocked": blocked, **row})
        elif (edge.verdict, edge.blocked, edge.note) != (verdict, blocked, note):  # what the clusters know changed
            settled.changed.append((edge.link_id, edge.reasons, verdict, note))
    settled.clusters = [forest.groups[root] for root in {forest.find(m) for m in place.members}]
    return settled


def _with_note(reasons: list[str], note: str | None) -> list[str]:
    """A link's reasons with its clustering note, if any, last."""
    return [*reasons, *([note] if note else [])]


def _store_changes(
    session: Session, place: Neighbourhood, changed: list[tuple[int, list[str] | None, Verdict, str | None]]
) -> None:
    """Store the new verdicts of stored links, each with its reasons and its new clustering note, if any."""
    unread = place.reasons_of(sorted(link_id for link_id, reasons, _, _ in changed if reasons is None))
    rows = [
        {
            "id": link_id,
            "verdict": verdict,
            "reasons": _with_note(reasons if reasons is not None else unread[link_id], note),
            "blocked": note is not None,
        }
        for link_id, reasons, verdict, note in changed
    ]
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
