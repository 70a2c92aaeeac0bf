"""Read queries that more than one stage needs, kept below the stages so they need not import each other."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, cast, exists, select
from sqlalchemy.orm import Session, aliased

from reconcile.db import chunked
from reconcile.models import Claim, Decision, Entity, EventLink, Mention, TargetKind, Verdict

Rank = tuple[float, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class RankedLink:
    """An uncertain link as candidates are ordered: `rank` sorts the best first."""

    rank: Rank
    link_id: int
    events: tuple[int, int]

    @property
    def score(self) -> float:
        return -self.rank[0]

    def report_of(self, event: int) -> str:
        """The report of the account that links this event, a name for it that no storage order changes."""
        return self.rank[1][self.events.index(event)][0]


def uncertain_links(session: Session, touching: Collection[int] | None = None) -> dict[int, tuple[int, int]]:
    """The best-scored uncertain link between each pair of distinct events (optionally only pairs with an event in
    `touching`), as link id -> (event id, event id). Ties and the order of the two events go by the accounts' report
    and local ids, never by which was stored first, so a store built in any order shows the same links alike."""
    return {link.link_id: link.events for link in ranked_links(session, touching)}


def leading_links(session: Session, touching: Collection[int] | None = None) -> dict[int, tuple[int, int]]:
    """The uncertain links (as `uncertain_links` gives them) that lead at both ends (see `links_and_leaders`)."""
    links, leading = links_and_leaders(session, touching)
    return {link_id: links[link_id] for link_id in leading}


def links_and_leaders(
    session: Session, touching: Collection[int] | None = None
) -> tuple[dict[int, tuple[int, int]], set[int]]:
    """The uncertain links (as `uncertain_links` gives them, optionally only those with an event in `touching`), and
    those of them that lead at both ends: each is the best candidate of both its events. Only these get a
    provisional comparison: an event that might be any of twenty others is one question for a reviewer, not twenty
    comparisons, and two events each other's best candidate are the likeliest answer. Whether a link leads depends
    on every link at both its ends, so those are read too."""
    near = ranked_links(session, touching)
    wider = near if touching is None else ranked_links(session, {e for link in near for e in link.events})
    best = best_candidates(wider)
    return {link.link_id: link.events for link in near}, {link.link_id for link in near if leads(link, best)}


def best_candidates(links: Collection[RankedLink]) -> dict[int, RankedLink]:
    """Each event's best-ranked link among these."""
    best: dict[int, RankedLink] = {}
    for link in links:
        for event in link.events:
            if event not in best or link.rank < best[event].rank:
                best[event] = link
    return best


def leads(link: RankedLink, best: dict[int, RankedLink]) -> bool:
    """Whether the link is the best candidate of both its events."""
    return all(best[event].link_id == link.link_id for event in link.events)


def ranked_links(session: Session, touching: Collection[int] | None = None) -> list[RankedLink]:
    """The best-ranked uncertain link of each pair of distinct events (see `uncertain_links`)."""
    left, right = aliased(Mention), aliased(Mention)
    query = (
        select(
            EventLink.id,
            EventLink.score,
            left.event_id,
            right.event_id,
            left.report_id,
            left.local_id,
            right.report_id,
            right.local_id,
        )
        .join(left, left.id == EventLink.left_mention_id)
        .join(right, right.id == EventLink.right_mention_id)
        .where(EventLink.verdict == Verdict.uncertain, left.event_id != right.event_id)
    )
    if touching is None:
        rows = list(session.execute(query))
    else:
        # One side at a time: each is a lookup by index, where an OR across the two joined mentions scans every link.
        rows = [
            row
            for chunk in chunked(sorted(touching))
            for side in (left, right)
            for row in session.execute(query.where(side.event_id.in_(chunk)))
        ]
    best: dict[frozenset[int], RankedLink] = {}
    for link_id, score, a, b, a_report, a_local, b_report, b_local in rows:
        if a is None or b is None:
            continue
        ends = sorted([((a_report, a_local), a), ((b_report, b_local), b)])
        rank = (-score, tuple(key for key, _ in ends))  # the best first
        pair = frozenset((a, b))
        if pair not in best or rank < best[pair].rank:
            best[pair] = RankedLink(rank, link_id, (ends[0][1], ends[1][1]))
    return list(best.values())


LABEL_LENGTH = 10  # hex digits of a finding's key in the id people read and type


def finding_label(key: str) -> str:
    """The id people see and type for a finding: F and the start of its stable key."""
    return "F" + key[:LABEL_LENGTH]


def link_labels(session: Session, link_ids: Collection[int]) -> dict[int, str]:
    """The id people see and type for each link: L and its two event mentions, the key decisions are stored by."""
    columns = (EventLink.id, EventLink.left_mention_id, EventLink.right_mention_id)
    return {
        link_id: "L" + link_key(left, right)
        for chunk in chunked(sorted(link_ids))
        for link_id, left, right in session.execute(select(*columns).where(EventLink.id.in_(chunk)))
    }


def link_key(left_mention_id: int, right_mention_id: int) -> str:
    """A link's stable key: its two event mentions, lower id first. Decisions are stored against it."""
    low, high = sorted((left_mention_id, right_mention_id))
    return f"{low}-{high}"


def pair_of(key: str) -> tuple[int, int]:
    """The two ids a link or entity-pair key names, lower first."""
    low, high = (int(x) for x in key.split("-"))
    return low, high


def unstruck() -> ColumnElement[bool]:
    """Claims no reviewer has struck out as an extraction error: the only ones the matcher compares. A strike is a
    live `strike` decision on the claim's id; withdrawing it brings the claim back."""
    return ~exists().where(
        Decision.target_kind == TargetKind.claim,
        Decision.live,
        Decision.action == "strike",
        Decision.target_key == cast(Claim.id, String),
    )


def decided_links(session: Session) -> dict[tuple[int, int], tuple[str, str]]:
    """Each event-mention pair a reviewer has ruled on (same or different), with who ruled and when."""
    rows = session.execute(
        select(Decision.target_key, Decision.action, Decision.reviewer, Decision.decided_at).where(
            Decision.target_kind == TargetKind.link, Decision.live, Decision.action.in_(("same", "different"))
        )
    )
    decided = {}
    for key, action, reviewer, at in rows:
        decided[pair_of(key)] = (action, f"reviewer {reviewer} decided {action!r} on {at:%Y-%m-%d %H:%M}")
    return decided


@dataclass(frozen=True)
class Within:
    """One report's statement that a venue lies in a town ('Crocus City Hall in Krasnogorsk')."""

    venue: int
    venue_name: str
    town: int
    town_name: str
    report_id: str


def stated_within(session: Session, places: Collection[int]) -> list[Within]:
    """Every statement that one of these places is a venue in a town, or a town with a venue in it. Venues are not
    in the gazetteer, so a report saying so is all that tells where they are."""
    venue, town = aliased(Mention), aliased(Mention)
    venue_entity, town_entity = aliased(Entity), aliased(Entity)
    found: set[Within] = set()
    query = (
        select(venue_entity.id, venue_entity.name, town_entity.id, town_entity.name, Claim.report_id)
        .join(venue, venue.id == Claim.mention_id)
        .join(venue_entity, venue_entity.id == venue.entity_id)
        .join(town, town.id == Claim.object_mention_id)
        .join(town_entity, town_entity.id == town.entity_id)
        .where(Claim.property == "within")
    )
    for chunk in chunked(sorted(places)):
        for side in (venue, town):  # one side at a time, by index: an OR across the two scans every claim
            found.update(Within(*row) for row in session.execute(query.where(side.entity_id.in_(chunk))))
    return sorted(found, key=lambda w: (w.venue, w.town, w.report_id))
