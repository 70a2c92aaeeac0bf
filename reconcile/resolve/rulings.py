"""What a reviewer's ruling on two entities does to them: a merge folds one into the other; a split or a withdrawal
after a merge takes the merge back.

A merge deletes the entity it folds (`merge_entities`), so before folding it records which of the two held each
mention (merged_mention, under the merge's decision). Taking the merge back gives each of the two, under its own id,
the mentions it held, and hands the mentions that joined the merged entity since to the resolver: with a live split
they may join either of the two but never both; with the merge withdrawn they go where the matcher alone puts them,
which for a mention that matches each is both, one entity again.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reconcile.db import bulk_insert, chunked
from reconcile.models import Decision, Entity, EntityAlias, EntityType, Mention, MergedMention, TargetKind
from reconcile.normalize import stemmed
from reconcile.queries import link_key
from reconcile.resolve.aliases import AliasBook
from reconcile.resolve.entities import Profile, Resolver, ResolveStats, merge_entities, naming


def fold(session: Session, decision_id: int, keep: int, drop: int) -> set[int]:
    """A reviewer's merge: record where each mention of the two stands, then fold `drop` into `keep`; the event
    mentions to score again. Two entities that are one already (one of them is gone) are left as they are."""
    if _existing(session, (keep, drop)) != {keep, drop}:
        return set()
    rows = session.execute(select(Mention.id, Mention.entity_id).where(Mention.entity_id.in_((keep, drop))))
    bulk_insert(
        session, MergedMention, [{"decision_id": decision_id, "mention_id": m, "entity_id": e} for m, e in rows]
    )
    return merge_entities(session, keep, drop)


def take_back(session: Session, low: int, high: int) -> ResolveStats | None:
    """Undo the reviewer's merge of the pair, if one is in force (None if not): each of the two gets back the
    mentions it held before, and the mentions that joined the merged entity since are resolved again."""
    sides = _sides(session, low, high)
    if not sides or _existing(session, (high,)):
        return None
    holders = _holders(session, sides) | {low}
    joined = set(session.scalars(select(Mention.id).where(Mention.entity_id == low))) - set(sides)
    resolver = Resolver(session, _recalled(session, holders))
    _recreate(session, sides)
    moves = [{"id": m, "entity_id": e} for m, e in sides.items()] + [{"id": m, "entity_id": None} for m in joined]
    session.execute(update(Mention), moves)
    touched = sorted(_existing(session, holders | set(sides.values())))
    _reindex(session, touched)
    for chunk in chunked(touched):  # as many as hold the merged mentions now: no bound but the mentions'
        session.execute(update(Entity).where(Entity.id.in_(chunk)).values(stale=True))  # an emptied one is pruned
    renamed = resolver.rename(touched)
    stats = resolver.resolve(only=joined)
    stats.rescore |= naming(session, touched)
    stats.renamed |= renamed
    return stats


def _existing(session: Session, entity_ids: Collection[int]) -> set[int]:
    return {
        e
        for chunk in chunked(sorted(entity_ids))
        for e in session.scalars(select(Entity.id).where(Entity.id.in_(chunk)))
    }


def _sides(session: Session, low: int, high: int) -> dict[int, int]:
    """Where each mention stood before the pair's latest merge that folded anything: mention id -> entity id, for
    the mentions still stored (a replaced report's go with it)."""
    merges = select(Decision.id).where(
        Decision.target_kind == TargetKind.entities,
        Decision.target_key == link_key(low, high),
        Decision.action == "merge",
    )
    latest = select(func.max(MergedMention.decision_id)).where(MergedMention.decision_id.in_(merges)).scalar_subquery()
    rows = session.execute(
        select(MergedMention.mention_id, MergedMention.entity_id).where(MergedMention.decision_id == latest)
    )
    return {mention_id: entity_id for mention_id, entity_id in rows}


def _holders(session: Session, sides: dict[int, int]) -> set[int]:
    """The entities that hold the merged mentions now: the merged one, or one a later run folded it into."""
    held = select(Mention.entity_id).distinct()
    return {
        e
        for chunk in chunked(sorted(sides))
        for e in session.scalars(held.where(Mention.id.in_(chunk)))
        if e is not None
    }


def _recalled(session: Session, entity_ids: Collection[int]) -> AliasBook:
    """The alias file as these entities' mentions recall it: each name stands for the canonical name the resolver
    compared it by (a reviewer decides without the alias file), so the entities are named as a run would name them."""
    canonical = {}
    for chunk in chunked(sorted(entity_ids)):
        rows = session.execute(select(Mention.type, Mention.name, Mention.profile).where(Mention.entity_id.in_(chunk)))
        for mention_type, name, profile in rows:
            if profile is not None:
                canonical[(mention_type, stemmed(name))] = Profile.load(mention_type, profile).names[0]
    return AliasBook(canonical)


def _recreate(session: Session, sides: dict[int, int]) -> None:
    """Insert again, under its own id, each entity of the pair that is gone; named for now after one of its
    mentions, until `rename` names it as most of them write it."""
    missing = set(sides.values()) - _existing(session, set(sides.values()))
    first: dict[int, int] = {}
    for mention_id, entity_id in sorted(sides.items()):
        if entity_id in missing:
            first.setdefault(entity_id, mention_id)
    mentions = {m.id: m for m in session.scalars(select(Mention).where(Mention.id.in_(first.values())))}
    rows = [
        {"id": e, "type": EntityType(mentions[m].type), "name": mentions[m].name, "stale": True}
        for e, m in first.items()
    ]
    bulk_insert(session, Entity, rows)


def _reindex(session: Session, entity_ids: list[int]) -> None:
    """Each entity's blocking keys are again those of its own mentions, which the merge had pooled."""
    wanted: set[tuple[int, str, str]] = set()
    for chunk in chunked(entity_ids):
        session.execute(delete(EntityAlias).where(EntityAlias.entity_id.in_(chunk)))
        rows = session.execute(
            select(Mention.entity_id, Mention.type, Mention.name, Mention.profile).where(Mention.entity_id.in_(chunk))
        )
        for entity_id, mention_type, name, stored in rows:
            profile = Profile.load(mention_type, stored) if stored else Profile(mention_type, (name,))
            wanted |= {(cast(int, entity_id), mention_type, key) for key in profile.keys}
    bulk_insert(session, EntityAlias, [{"entity_id": e, "type": EntityType(t), "key": k} for e, t, k in sorted(wanted)])
