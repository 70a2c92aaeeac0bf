"""Read queries that more than one stage needs, kept below the stages so they need not import each other."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from reconcile.models import EventLink, Mention, Verdict


def uncertain_links(session: Session, touching: Collection[int] | None = None) -> dict[int, tuple[int, int]]:
    """The best-scored uncertain link between each pair of distinct events (optionally only pairs with
    an event in `touching`), as link id -> (lower event id, higher event id)."""
    left, right = aliased(Mention), aliased(Mention)
    rows = session.execute(
        select(EventLink.id, left.event_id, right.event_id)
        .join(left, left.id == EventLink.left_mention_id)
        .join(right, right.id == EventLink.right_mention_id)
        .where(EventLink.verdict == Verdict.uncertain, left.event_id != right.event_id)
        .order_by(EventLink.score.desc(), EventLink.id)
    )
    wanted = set(touching) if touching is not None else None
    best: dict[tuple[int, int], int] = {}
    for link_id, a, b in rows:
        if a is None or b is None:
            continue
        pair = (min(a, b), max(a, b))
        if pair not in best and (wanted is None or a in wanted or b in wanted):
            best[pair] = link_id
    return {link_id: pair for pair, link_id in best.items()}
