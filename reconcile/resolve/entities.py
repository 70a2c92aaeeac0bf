"""Cluster report-local entity mentions into entities through a blocking index, never all pairs.

Two mentions are one entity when what they say of themselves matches: their names, and for a person spelt
nearly alike, a role or an organisation in common. Whether two mentions match depends on the two alone, and an
entity is a connected set of matching mentions, so the entities are the same whatever the order and batches the
reports arrive in: a new mention joins every entity it matches, and entities it bridges become one (the oldest
keeps its id). Candidates are the entities that share a blocking key with a new mention; a key shared by more
than MAX_BLOCK entities says nothing and is skipped, which is the one place where a store that grew past it can
resolve differently from one built at once.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from reconcile import settings
from reconcile.db import bulk_insert, chunked, insert_returning_ids
from reconcile.models import (
    Claim,
    Decision,
    Entity,
    EntityAlias,
    EntityType,
    Finding,
    Mention,
    MentionRole,
    TargetKind,
)
from reconcile.normalize import acronym, entity_keys, title_parts
from reconcile.queries import pair_of
from reconcile.resolve.aliases import AliasBook
from reconcile.score import close_given_name, organisation_best, person_scores, same_given_name

MAX_BLOCK = 500  # a key shared by more entities than this says nothing (a very common surname)
# New entities are numbered places first, then organisations, documents and people, each in report order.
TYPE_ORDER = ("place", "organisation", "document", "person")


@dataclass(frozen=True)
class Profile:
    """What the resolver compares of a mention: its type, the names it is written as (the first one canonical) and,
    for a person, the posts its report says the person holds (`_posts`)."""

    type: str
    names: tuple[str, ...]
    context: frozenset[str] = frozenset()

    def dump(self) -> str:
        """The stored form (mention.profile): canonical JSON, so equal profiles compare equal in SQL."""
        return json.dumps({"names": list(self.names), "context": sorted(self.context)}, ensure_ascii=False)

    @classmethod
    def load(cls, entity_type: str, stored: str) -> Profile:
        data = json.loads(stored)
        return cls(entity_type, tuple(data["names"]), frozenset(data["context"]))

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(key for name in self.names for key in entity_keys(self.type, name))


def match_scores(profile: Profile, others: Sequence[Profile]) -> list[float | None]:
    """For each of `others` (all of the profile's type), the name similarity if it is the same entity, else None.

    People are one person on a close name with a compatible given name; on a name merely near (Hadi Bahri, Hani
    Bahri) only if they also hold one post and their given names are near too: relatives and colleagues share a
    surname and an organisation, not a post. Symmetric in the two profiles: the clusters are the connected sets of
    this relation, so one loose rule would chain whole families together.
    """
    if not others:
        return []
    if profile.type == "person":
        name = profile.names[0]
        scores = person_scores(name, [o.names[0] for o in others])
        return [
            value
            if (value >= settings.PERSON_STRONG_NAME and same_given_name(name, other.names[0]))
            or (
                value >= settings.PERSON_WEAK_NAME
                and share_a_post(profile.context, other.context)
                and close_given_name(name, other.names[0])
            )
            else None
            for other, value in zip(others, scores, strict=True)
        ]
    numbers = {k for k in profile.keys if k.startswith("num:")}
    if profile.type == "document" and numbers:
        return [100.0 if numbers & other.keys else None for other in others]  # one number, one document
    flat = [name for other in others for name in other.names]
    scored = iter(organisation_best(profile.names, flat))
    best = [max(next(scored) for _ in other.names) for other in others]
    return [value if value >= settings.ORG_NAME else None for value in best]


@dataclass
class ResolveStats:
    mentions: int = 0
    new_entities: int = 0
    joined: int = 0
    merged: int = 0  # existing entities folded into another because a new mention matched both
    # Event mentions that name a folded entity: their facts changed, so the event resolver scores them again.
    rescore: set[int] = field(default_factory=set)
    # Event mentions that name an entity now called otherwise: their links' reasons are reworded.
    renamed: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Pending:
    """New mentions with one profile (equal profiles match each other, so they are compared once)."""

    profile: Profile
    mention_ids: tuple[int, ...]
    order: tuple[str, str]  # (report id, local id) of the first: a tie-break that does not depend on arrival


class Resolver:
    """Resolves every entity mention that has no entity yet; the caller owns the transaction."""

    def __init__(self, session: Session, aliases: AliasBook) -> None:
        self.session = session
        self.aliases = aliases

    def resolve(self, only: Collection[int] | None = None) -> ResolveStats:
        """Resolve all pending mentions (or those of `only`) at once, then write entities, mentions and blocking
        keys back."""
        stats = ResolveStats()
        pending = self._pending(only)
        stats.mentions = sum(len(p.mention_ids) for p in pending)
        if not pending:
            return stats
        variants, skipped = self._candidates(pending)
        groups = _Clusters(pending, variants, self._kept_apart(variants), skipped)
        for profile_type in sorted({p.profile.type for p in pending}):
            groups.link(profile_type)
        components = sorted(groups.components(), key=lambda c: (_type_rank(c.type), pending[c.members[0]].order))
        self._write_back(pending, components, stats)
        return stats

    def _pending(self, only: Collection[int] | None) -> list[_Pending]:
        """Unresolved entity mentions, grouped by profile where the profile has blocking keys to meet others by.
        A mention that was resolved before (a ruling took back the merge it had joined) keeps the profile it was
        compared by: a reviewer decides without the alias file that made it."""
        rows = self._unresolved(only)
        profiles = {r.id: Profile.load(r.type, r.profile) for r in rows if r.profile is not None}
        profiles |= self._profiles([(r.id, r.type, r.name) for r in rows if r.profile is None])
        grouped: dict[Profile, list[Any]] = defaultdict(list)
        pending = []
        for row in rows:
            profile = profiles[row.id]
            if profile.keys:
                grouped[profile].append(row)
            else:  # nothing to meet another mention by: an entity of its own
                pending.append(_Pending(profile, (row.id,), (row.report_id, row.local_id)))
        pending += [
            _Pending(profile, tuple(r.id for r in same), (same[0].report_id, same[0].local_id))
            for profile, same in grouped.items()
        ]
        return sorted(pending, key=lambda p: p.order)

    def _unresolved(self, only: Collection[int] | None) -> list[Any]:
        """The entity mentions without an entity (of `only`, if given), in report order."""
        query = (
            select(Mention.id, Mention.type, Mention.name, Mention.report_id, Mention.local_id, Mention.profile)
            .where(Mention.role == MentionRole.entity, Mention.entity_id.is_(None))
            .order_by(Mention.report_id, Mention.local_id)
        )
        if only is None:
            return list(self.session.execute(query))
        rows = [
            row for chunk in chunked(sorted(only)) for row in self.session.execute(query.where(Mention.id.in_(chunk)))
        ]
        return sorted(rows, key=lambda row: (row.report_id, row.local_id))

    def _profiles(self, mentions: Sequence[tuple[int, str, str]]) -> dict[int, Profile]:
        """Each mention's profile from its report's claims: the acronyms it is written as (organisations, places,
        documents), and a person's posts: each title's rank with what it covers, its portfolio or an organisation
        its titles and affiliations name ('head|national coalit', 'member|name:syrian negoti commiss')."""
        ids = [m[0] for m in mentions]
        written: dict[int, list[str]] = defaultdict(list)
        titles: dict[int, list[str]] = defaultdict(list)
        organisations: dict[int, set[int]] = defaultdict(set)
        for chunk in chunked(ids):
            claims = select(Claim.mention_id, Claim.property, Claim.value, Claim.object_mention_id, Claim.qualifiers)
            wanted = Claim.property.in_(("name", "title", "affiliation"))
            for c in self.session.execute(claims.where(Claim.mention_id.in_(chunk), wanted)):
                if c.property == "name":
                    written[c.mention_id].append(c.value)
                elif c.property == "title":
                    titles[c.mention_id].append(c.value)
                    if c.qualifiers.get("organisation"):
                        organisations[c.mention_id].add(int(c.qualifiers["organisation"]))
                elif c.object_mention_id is not None:
                    organisations[c.mention_id].add(c.object_mention_id)
        named = self._names_of({o for os in organisations.values() for o in os})
        profiles = {}
        for mention_id, mention_type, name in mentions:
            if mention_type == "person":
                where = {key for org in organisations[mention_id] for key in named.get(org, ())}
                posts = frozenset(post for title in titles[mention_id] for post in _posts(title, where))
                profiles[mention_id] = Profile("person", (self.aliases.canonical("person", name),), posts)
            else:
                profiles[mention_id] = Profile(mention_type, self._names(mention_type, name, written[mention_id]))
        return profiles

    def _names_of(self, mention_ids: set[int]) -> dict[int, frozenset[str]]:
        """The name keys of the organisations (or places) some mentions name; not their acronyms, which many
        organisations share (the Syrian National Coalition and the Syrian Negotiation Commission are both SNC)."""
        keys = {}
        for chunk in chunked(sorted(mention_ids)):
            for mid, mention_type, name in self.session.execute(
                select(Mention.id, Mention.type, Mention.name).where(Mention.id.in_(chunk))
            ):
                canonical = self.aliases.canonical(mention_type, name)
                keys[mid] = frozenset(k for k in entity_keys(mention_type, canonical) if k.startswith("name:"))
        return keys

    def _names(self, entity_type: str, name: str, written: Iterable[str]) -> tuple[str, ...]:
        """The names worth comparing: the full name, and acronyms the report uses for it."""
        names = [self.aliases.canonical(entity_type, name)]
        for text in written:
            if acronym(text) == text.replace(".", "").lower():
                names.append(text)
        return tuple(dict.fromkeys(names))

    def _candidates(self, pending: list[_Pending]) -> tuple[dict[int, list[Profile]], set[tuple[str, str]]]:
        """Every stored entity sharing a usable key with a pending profile, with the distinct profiles of its
        mentions (an entity whose mentions all went with a replaced report is compared by its name); and the keys
        too common to use."""
        wanted = {(p.profile.type, key) for p in pending for key in p.profile.keys}
        holders: dict[tuple[str, str], set[int]] = defaultdict(set)
        for keys in chunked(sorted({key for _, key in wanted})):
            query = select(EntityAlias.entity_id, EntityAlias.type, EntityAlias.key).where(EntityAlias.key.in_(keys))
            for alias in self.session.execute(query):
                if (alias.type.value, alias.key) in wanted:
                    holders[(alias.type.value, alias.key)].add(alias.entity_id)
        new_per_key = Counter((p.profile.type, key) for p in pending for key in p.profile.keys)
        skipped = {key for key in wanted if len(holders[key]) + new_per_key[key] > MAX_BLOCK}
        entity_ids = sorted({e for key, ids in holders.items() if key not in skipped for e in ids})
        variants: dict[int, list[Profile]] = defaultdict(list)
        for chunk in chunked(entity_ids):
            stored = (
                select(Mention.entity_id, Mention.type, Mention.profile)
                .where(Mention.entity_id.in_(chunk), Mention.profile.is_not(None))
                .group_by(Mention.entity_id, Mention.type, Mention.profile)
            )
            for entity_id, mention_type, profile in self.session.execute(stored):
                variants[cast(int, entity_id)].append(Profile.load(mention_type, cast(str, profile)))
            unprofiled = self.session.execute(
                select(Mention.id, Mention.entity_id, Mention.type, Mention.name).where(
                    Mention.entity_id.in_(chunk), Mention.profile.is_(None)
                )
            ).all()
            if unprofiled:  # mentions resolved before profiles were kept: make theirs once
                made = self._profiles([(r.id, r.type, r.name) for r in unprofiled])
                self.session.execute(update(Mention), [{"id": i, "profile": p.dump()} for i, p in made.items()])
                for row in unprofiled:
                    variants[cast(int, row.entity_id)].append(made[row.id])
        orphans = [e for e in entity_ids if not variants.get(e)]
        for orphan_ids in chunked(orphans):
            for orphan in self.session.execute(
                select(Entity.id, Entity.type, Entity.name).where(Entity.id.in_(orphan_ids))
            ):
                variants[orphan.id].append(Profile(orphan.type.value, (orphan.name,)))
        return {e: list(dict.fromkeys(ps)) for e, ps in variants.items()}, skipped

    def _kept_apart(self, variants: dict[int, list[Profile]]) -> set[tuple[int, int]]:
        """Pairs of candidate entities a reviewer ruled are two: no new mention may join them."""
        rows = self.session.scalars(
            select(Decision.target_key).where(
                Decision.target_kind == TargetKind.entities, Decision.live, Decision.action == "split"
            )
        )
        return {pair for pair in map(pair_of, rows) if pair[0] in variants and pair[1] in variants}

    def _write_back(self, pending: list[_Pending], components: list[_Component], stats: ResolveStats) -> None:
        """Insert new entities, fold bridged ones into the oldest, point mentions at their entities, add the
        blocking keys each entity gained, and renew the names and staleness of every entity touched."""
        fresh = [c for c in components if not c.entities]
        rows = [
            {"type": EntityType(c.type), "name": pending[c.members[0]].profile.names[0], "stale": True} for c in fresh
        ]
        for component, entity_id in zip(fresh, insert_returning_ids(self.session, Entity, rows), strict=True):
            component.entities.append(entity_id)
            component.new = True
        stats.new_entities = len(fresh)
        updates: list[dict[str, Any]] = []
        aliases: set[tuple[int, str, str]] = set()
        for component in components:
            keep = component.entities[0]
            for drop in component.entities[1:]:
                stats.rescore |= merge_entities(self.session, keep, drop)
                stats.merged += 1
            for index in component.members:
                item = pending[index]
                updates += [{"id": m, "entity_id": keep, "profile": item.profile.dump()} for m in item.mention_ids]
                aliases |= {(keep, item.profile.type, key) for key in item.profile.keys}
                stats.joined += 0 if component.new else len(item.mention_ids)
        self.session.execute(update(Mention), updates)
        self._add_keys(aliases)
        touched = sorted({keep for keep, _, _ in aliases} | {u["entity_id"] for u in updates})
        stats.renamed |= self.rename(touched)

    def _add_keys(self, wanted: set[tuple[int, str, str]]) -> None:
        """Add the blocking keys entities gained, skipping those they already have."""
        existing: set[tuple[int, str]] = set()
        for chunk in chunked(sorted({e for e, _, _ in wanted})):
            query = select(EntityAlias.entity_id, EntityAlias.key).where(EntityAlias.entity_id.in_(chunk))
            existing |= {(r.entity_id, r.key) for r in self.session.execute(query)}
        rows = [
            {"entity_id": e, "type": EntityType(t), "key": k} for e, t, k in sorted(wanted) if (e, k) not in existing
        ]
        bulk_insert(self.session, EntityAlias, rows)

    def rename(self, entity_ids: list[int]) -> set[int]:
        """Each touched entity is named as most of its mentions write it (the longest on a tie, full names beating
        surnames and acronyms) and marked stale, so its findings are recomputed. Where a name changed, whatever
        shows it is brought up to date too: the people whose affiliations name it are stale, and the event mentions
        that name it are returned, for the event resolver to reword their links' reasons (they quote it)."""
        before = {
            i: n
            for chunk in chunked(entity_ids)
            for i, n in self.session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(chunk)))
        }
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for chunk in chunked(entity_ids):
            written = select(Mention.entity_id, Mention.type, Mention.name, func.count()).where(
                Mention.entity_id.in_(chunk)
            )
            for entity_id, mention_type, name, times in self.session.execute(
                written.group_by(Mention.entity_id, Mention.type, Mention.name)
            ):
                counts[cast(int, entity_id)][self.aliases.canonical(mention_type, name)] += times
        names = {e: display_name(counts[e]) for e in entity_ids if counts[e]}
        self.session.execute(update(Entity), [{"id": e, "name": name, "stale": True} for e, name in names.items()])
        return naming(self.session, [e for e, name in names.items() if before.get(e) not in (None, name)])


def _posts(title: str, organisations: set[str]) -> set[str]:
    """What a title says of its holder's post: its rank ('rank:prosecutor'), and the rank with what it covers, its
    portfolio or each organisation the person is placed in ('post:head|national coalit')."""
    parts = title_parts(title)
    if not parts.rank:
        return set()
    covers = {parts.portfolio} if parts.portfolio else set()
    return {f"rank:{parts.rank}"} | {f"post:{parts.rank}|{what}" for what in covers | organisations}


def share_a_post(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether two people's titles can name one post: one rank, and for it one portfolio or organisation in common
    or none given on one side ('Prosecutor' and 'Prosecutor of Kalamazoo County' can; 'member of the SIG' and
    'member of the SNC' cannot)."""
    for rank in {c[5:] for c in left if c.startswith("rank:")} & {c[5:] for c in right if c.startswith("rank:")}:
        mine = {c for c in left if c.startswith(f"post:{rank}|")}
        theirs = {c for c in right if c.startswith(f"post:{rank}|")}
        if not mine or not theirs or mine & theirs:
            return True
    return False


def _type_rank(entity_type: str) -> int:
    return TYPE_ORDER.index(entity_type) if entity_type in TYPE_ORDER else len(TYPE_ORDER)


def display_name(names: Counter[str]) -> str:
    """The name most mentions use, the longest on a tie (full names beat surnames and acronyms)."""
    return max(names.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]


@dataclass
class _Component:
    """One entity after this run: the stored entities it holds (oldest first) and the pending profiles joining."""

    type: str
    entities: list[int]
    members: list[int]
    new: bool = False  # an entity of its own, made in this run


Node = tuple[int, int]  # (0, index of a pending profile) or (1, id of a stored entity)


class _Clusters:
    """The pending profiles and the candidate entities as nodes, their matches as edges; each connected set of
    nodes holding a pending profile is one entity after this run."""

    def __init__(
        self,
        pending: list[_Pending],
        variants: dict[int, list[Profile]],
        apart: set[tuple[int, int]],
        skipped_keys: set[tuple[str, str]],
    ) -> None:
        self.pending, self.variants, self.apart, self.skipped = pending, variants, apart, skipped_keys
        self.edges: dict[tuple[Node, Node], float] = {}

    def link(self, profile_type: str) -> None:
        """Every match of each pending profile of this type among the others and the candidates sharing a key."""
        block: dict[str, list[tuple[Node, Profile]]] = defaultdict(list)
        for index, item in enumerate(self.pending):
            if item.profile.type == profile_type:
                for key in item.profile.keys:
                    block[key].append(((0, index), item.profile))
        for entity_id, variants in self.variants.items():
            for variant in variants:
                if variant.type == profile_type:
                    for key in variant.keys:
                        block[key].append(((1, entity_id), variant))
        for index, item in enumerate(self.pending):
            if item.profile.type != profile_type:
                continue
            node: Node = (0, index)
            usable = [k for k in item.profile.keys if (profile_type, k) not in self.skipped]
            others = list(dict.fromkeys(other for key in sorted(usable) for other in block[key] if other[0] != node))
            for (other, _), score in zip(others, match_scores(item.profile, [p for _, p in others]), strict=True):
                if score is not None:
                    pair = (min(node, other), max(node, other))
                    self.edges[pair] = max(self.edges.get(pair, 0.0), score)

    def components(self) -> list[_Component]:
        """Join the matches, strongest first, except where a join would put together two entities a reviewer
        ruled apart; the components that hold a pending profile."""
        parent: dict[Node, Node] = {}
        holds: dict[Node, set[int]] = {}

        def find(node: Node) -> Node:
            parent.setdefault(node, node)
            holds.setdefault(node, {node[1]} if node[0] == 1 else set())
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for (left, right), _ in sorted(self.edges.items(), key=lambda e: (-e[1], self._order(e[0]))):
            a, b = find(left), find(right)
            if a == b or any((min(x, y), max(x, y)) in self.apart for x in holds[a] for y in holds[b]):
                continue
            parent[b] = a
            holds[a] |= holds.pop(b)
        members: dict[Node, list[int]] = defaultdict(list)
        for index in range(len(self.pending)):
            members[find((0, index))].append(index)
        return [
            _Component(self.pending[indices[0]].profile.type, sorted(holds[root]), indices)
            for root, indices in members.items()
        ]

    def _order(self, pair: tuple[Node, Node]) -> tuple[tuple[str, str], ...]:
        """A tie-break between equal scores that does not depend on the order reports arrived in."""
        return tuple(self.pending[n].order if kind == 0 else ("", f"{n:020d}") for kind, n in pair)


def naming(session: Session, entity_ids: Sequence[int]) -> set[int]:
    """The event mentions whose claims name one of these entities (an attendee, a place, a document); the people
    whose affiliations name one are marked stale. Both show the entity by name."""
    events: set[int] = set()
    people: set[int] = set()
    for chunk in chunked(sorted(entity_ids)):
        named = select(Mention.id).where(Mention.entity_id.in_(chunk))
        rows = session.execute(
            select(Mention.id, Mention.role, Mention.entity_id)
            .join(Claim, Claim.mention_id == Mention.id)
            .where(Claim.object_mention_id.in_(named))
            .distinct()
        )
        for mention_id, role, entity_id in rows:
            if role == MentionRole.event:
                events.add(mention_id)
            elif entity_id is not None:
                people.add(entity_id)
    for chunk in chunked(sorted(people)):
        session.execute(update(Entity).where(Entity.id.in_(chunk)).values(stale=True))
    return events


def merge_entities(session: Session, keep: int, drop: int) -> set[int]:
    """Fold entity `drop` into `keep`: its mentions and blocking keys move over, so the kept entity carries every
    name of both and a new report writing either name joins it. The dropped entity's findings go; the kept one is
    stale and its findings are recomputed. Returns the event mentions that named the dropped entity, whose facts
    changed, for the event resolver to score again."""
    have = set(session.scalars(select(EntityAlias.key).where(EntityAlias.entity_id == keep)))
    moved = [
        {"entity_id": keep, "type": row.type, "key": row.key}
        for row in session.execute(select(EntityAlias.type, EntityAlias.key).where(EntityAlias.entity_id == drop))
        if row.key not in have
    ]
    changed = naming(session, [drop])
    session.execute(update(Mention).where(Mention.entity_id == drop).values(entity_id=keep))
    session.execute(delete(Finding).where(or_(Finding.entity_id == drop, Finding.member_entity_id == drop)))
    session.execute(delete(EntityAlias).where(EntityAlias.entity_id == drop))
    session.execute(delete(Entity).where(Entity.id == drop))
    bulk_insert(session, EntityAlias, moved)
    session.execute(update(Entity).where(Entity.id == keep).values(stale=True))
    return changed
