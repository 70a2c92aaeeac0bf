"""Cluster report-local entity mentions into entities through a blocking index, never all pairs.

Each unresolved mention looks up the entities that share a blocking key with any of its names,
scores only those, and joins the best one or starts a new entity. Places, organisations and
documents go first so that a person's affiliations are entities by the time people are compared.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import count

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from reconcile import settings
from reconcile.db import bulk_insert, chunked, insert_returning_ids
from reconcile.models import Claim, Entity, EntityAlias, EntityType, Event, Finding, Mention, MentionRole
from reconcile.normalize import acronym, entity_keys, title_parts
from reconcile.resolve.aliases import AliasBook
from reconcile.score import organisation_best, person_scores, same_given_name

TYPE_ORDER = ("place", "organisation", "document", "person")
MAX_BLOCK = 500  # a key shared by more entities than this says nothing (a very common surname)


@dataclass
class Card:
    """What the resolver knows of one entity during a run; `id` is negative until it is inserted."""

    id: int
    type: str
    names: Counter[str] = field(default_factory=Counter)
    context: set[str] = field(default_factory=set)
    new: bool = False
    touched: bool = False


@dataclass(frozen=True)
class PendingMention:
    id: int
    type: str
    names: tuple[str, ...]
    context: frozenset[str]


@dataclass
class ResolveStats:
    mentions: int = 0
    new_entities: int = 0
    joined: int = 0


class Resolver:
    """Resolves every entity mention that has no entity yet; the caller owns the transaction."""

    def __init__(self, session: Session, aliases: AliasBook) -> None:
        self.session = session
        self.aliases = aliases
        self.cards: dict[int, Card] = {}
        self.index: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.assigned: dict[int, int] = {}
        self._temp_ids = count(-1, -1)

    def resolve(self) -> ResolveStats:
        """Resolve all pending mentions, type by type, then write entities, aliases and links back."""
        stats = ResolveStats()
        pending = self._pending()
        self._load_candidates(pending)
        for entity_type in TYPE_ORDER:
            for mention in pending:
                if mention.type == entity_type:
                    self._resolve_one(self._with_resolved_context(mention), stats)
        stats.mentions = len(pending)
        self._write_back()
        return stats

    def _pending(self) -> list[PendingMention]:
        """Unresolved entity mentions with every name they are written as and their stated roles."""
        rows = self.session.execute(
            select(Mention.id, Mention.type, Mention.name)
            .where(Mention.role == MentionRole.entity, Mention.entity_id.is_(None))
            .order_by(Mention.report_id, Mention.id)
        ).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        written: dict[int, list[str]] = defaultdict(list)
        context: dict[int, set[str]] = defaultdict(set)
        for chunk in chunked(ids):
            claims = select(Claim.mention_id, Claim.property, Claim.value, Claim.object_mention_id, Claim.qualifiers)
            for c in self.session.execute(claims.where(Claim.mention_id.in_(chunk))):
                if c.property == "name":
                    written[c.mention_id].append(c.value)
                elif c.property == "title":
                    context[c.mention_id].add(f"rank:{title_parts(c.value).rank}")
                    if c.qualifiers.get("organisation"):
                        context[c.mention_id].add(f"mention:{c.qualifiers['organisation']}")
                elif c.property == "affiliation" and c.object_mention_id:
                    context[c.mention_id].add(f"mention:{c.object_mention_id}")
        return [
            PendingMention(
                r.id,
                r.type,
                tuple(self._names(r.type, r.name, written[r.id])),
                frozenset(context[r.id]),
            )
            for r in rows
        ]

    def _names(self, entity_type: str, name: str, written: Iterable[str]) -> list[str]:
        """The names worth comparing: the full name, and acronyms the report uses for it."""
        names = [self.aliases.canonical(entity_type, name)]
        for text in written:
            if entity_type != "person" and acronym(text) == text.replace(".", "").lower():
                names.append(text)
        return list(dict.fromkeys(names))

    def _keys(self, mention_type: str, names: Iterable[str]) -> set[tuple[str, str]]:
        return {(mention_type, key) for name in names for key in entity_keys(mention_type, name)}

    def _load_candidates(self, pending: list[PendingMention]) -> None:
        """Load, in chunked queries, every stored entity that shares a key with a pending mention."""
        wanted = set().union(*(self._keys(m.type, m.names) for m in pending)) if pending else set()
        keys = sorted({key for _, key in wanted})
        entity_ids: set[int] = set()
        for chunk in chunked(keys):
            rows = self.session.execute(
                select(EntityAlias.entity_id, EntityAlias.type, EntityAlias.key).where(EntityAlias.key.in_(chunk))
            )
            for row in rows:
                if (row.type.value, row.key) in wanted:
                    self.index[(row.type.value, row.key)].add(row.entity_id)
                    entity_ids.add(row.entity_id)
        for id_chunk in chunked(sorted(entity_ids)):
            for entity in self.session.scalars(select(Entity).where(Entity.id.in_(id_chunk))):
                self.cards[entity.id] = Card(entity.id, entity.type.value, context=set(entity.context))
            names = (
                select(Mention.entity_id, Mention.name, func.count())
                .where(Mention.entity_id.in_(id_chunk))
                .group_by(Mention.entity_id, Mention.name)
            )
            for entity_id, name, times in self.session.execute(names):
                if entity_id is not None:
                    self.cards[entity_id].names[name] += times

    def _with_resolved_context(self, mention: PendingMention) -> PendingMention:
        """Organisations named in a person's context are compared as entities, not as mentions."""
        context = {
            f"org:{self.assigned[int(item[8:])]}"
            if item.startswith("mention:") and int(item[8:]) in self.assigned
            else item
            for item in mention.context
        }
        return PendingMention(mention.id, mention.type, mention.names, frozenset(context))

    def _resolve_one(self, mention: PendingMention, stats: ResolveStats) -> None:
        keys = self._keys(mention.type, mention.names)
        candidate_ids = sorted(
            {eid for key in keys for eid in self.index.get(key, ()) if len(self.index[key]) <= MAX_BLOCK}
        )
        card = self._best(mention, [self.cards[c] for c in candidate_ids])
        if card is None:
            card = Card(next(self._temp_ids), mention.type, new=True)
            self.cards[card.id] = card
            stats.new_entities += 1
        else:
            stats.joined += 1
        card.names[mention.names[0]] += 1
        card.names.update(mention.names[1:])
        card.context |= {c for c in mention.context if not c.startswith("mention:")}
        card.touched = True
        self.assigned[mention.id] = card.id
        for key in keys:
            self.index[key].add(card.id)

    def _best(self, mention: PendingMention, candidates: list[Card]) -> Card | None:
        """The candidate this mention belongs to, if any clears the bar for its type."""
        if not candidates:
            return None
        if mention.type == "person":
            return self._best_person(mention, candidates)
        if mention.type == "document" and any(k.startswith("num:") for _, k in self._keys("document", mention.names)):
            return candidates[0]  # documents that share a number are the same document
        names = [name for card in candidates for name in card.names]
        owners = [card for card in candidates for _ in card.names]
        scored = organisation_best(mention.names, names)
        score, card = max(zip(scored, owners, strict=True), key=lambda pair: pair[0])
        return card if score >= settings.ORG_NAME else None

    def _best_person(self, mention: PendingMention, candidates: list[Card]) -> Card | None:
        """Strong name matches join; weak ones join only when a role or organisation is shared.

        A match is strong only if the given names are compatible too: 'Hadi Bahri' and 'Hani Bahri'
        score high on the whole string, but a different first name needs the context to agree.
        """
        names = [name for card in candidates for name in card.names]
        owners = [card for card in candidates for _ in card.names]
        scores = person_scores(mention.names[0], names)
        best: dict[int, tuple[bool, float]] = {}
        for owner, name, value in zip(owners, names, scores, strict=True):
            strong = value >= settings.PERSON_STRONG_NAME and same_given_name(mention.names[0], name)
            best[owner.id] = max(best.get(owner.id, (False, 0.0)), (strong, value))
        for card in sorted(candidates, key=lambda c: best[c.id], reverse=True):
            strong, value = best[card.id]
            if strong or (value >= settings.PERSON_WEAK_NAME and mention.context & card.context):
                return card
        return None

    def _write_back(self) -> None:
        """Insert new entities and aliases in bulk, point mentions at their entities, mark touched stale."""
        new_cards = [card for card in self.cards.values() if card.new]
        if new_cards:
            rows = [
                {"type": EntityType(c.type), "name": _display_name(c), "context": sorted(c.context), "stale": True}
                for c in new_cards
            ]
            ids = insert_returning_ids(self.session, Entity, rows)
            real = {card.id: entity_id for card, entity_id in zip(new_cards, ids, strict=True)}
        else:
            real = {}
        touched = [card for card in self.cards.values() if card.touched and not card.new]
        if touched:
            self.session.execute(
                update(Entity),
                [{"id": c.id, "stale": True, "context": sorted(c.context)} for c in touched],
            )
        if self.assigned:
            self.session.execute(
                update(Mention),
                [{"id": mid, "entity_id": real.get(cid, cid)} for mid, cid in self.assigned.items()],
            )
        self._write_aliases(real)

    def _write_aliases(self, real: dict[int, int]) -> None:
        """Add the blocking keys each touched entity gained, skipping those it already has."""
        existing: set[tuple[int, str]] = set()
        touched_ids = [c.id for c in self.cards.values() if c.touched and not c.new]
        for chunk in chunked(touched_ids):
            query = select(EntityAlias.entity_id, EntityAlias.key).where(EntityAlias.entity_id.in_(chunk))
            existing |= {(r.entity_id, r.key) for r in self.session.execute(query)}
        rows: list[dict[str, object]] = []
        for (entity_type, key), card_ids in self.index.items():
            for card_id in card_ids:
                entity_id = real.get(card_id, card_id)
                if self.cards[card_id].touched and (entity_id, key) not in existing:
                    rows.append({"entity_id": entity_id, "type": EntityType(entity_type), "key": key})
                    existing.add((entity_id, key))
        bulk_insert(self.session, EntityAlias, rows)


def _display_name(card: Card) -> str:
    """The name most reports use, the longest on a tie (full names beat surnames and acronyms)."""
    return max(card.names.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]


def merge_entities(session: Session, keep: int, drop: int) -> None:
    """Fold entity `drop` into `keep`, as a reviewer ruled: its mentions and blocking keys move over, so
    the kept entity carries every name of both and a new report writing either name joins it. The
    dropped entity's findings go; the kept one is stale and its findings are recomputed."""
    have = set(session.scalars(select(EntityAlias.key).where(EntityAlias.entity_id == keep)))
    moved = [
        {"entity_id": keep, "type": row.type, "key": row.key}
        for row in session.execute(select(EntityAlias.type, EntityAlias.key).where(EntityAlias.entity_id == drop))
        if row.key not in have
    ]
    dropped = select(Mention.id).where(Mention.entity_id == drop)
    naming = select(Mention.event_id).join(Claim, Claim.mention_id == Mention.id)
    events = naming.where(Claim.object_mention_id.in_(dropped), Mention.event_id.is_not(None))
    session.execute(update(Event).where(Event.id.in_(events)).values(stale=True))  # their attendees changed
    session.execute(update(Mention).where(Mention.entity_id == drop).values(entity_id=keep))
    session.execute(delete(Finding).where(or_(Finding.entity_id == drop, Finding.member_entity_id == drop)))
    session.execute(delete(EntityAlias).where(EntityAlias.entity_id == drop))
    session.execute(delete(Entity).where(Entity.id == drop))
    bulk_insert(session, EntityAlias, moved)
    session.execute(update(Entity).where(Entity.id == keep).values(stale=True))
