"""Cluster report-local entity mentions into entities through a blocking index, never all pairs.

Two mentions are one entity when what they say of themselves matches: their names, and for a person whose name is
merely near another's (Hadi and Hani Bahri), one family name and one post, compared by its rank, its portfolio and
its organisation apart (`same_person`). Whether two mentions match depends on the two alone, and an entity is a
connected set of matching mentions, so the entities are the same whatever the order and batches the reports arrive
in: a new mention joins every entity it matches, and entities it bridges become one (the oldest keeps its id).

People are compared by name rather than mention by mention: the mentions written with one name are one person, each
pair of names is scored once a run (`_NameScores`), and a name meets only the names filed with it (`PersonKeys`): a
family's members whose given names are a letter apart, the bearers of one given name whose surnames are. The names
compared per mention so stay flat as the store grows. Stored people are found through their stored blocking keys
(entity_alias), under every key a name filed with the new one can have (`_stored_neighbours`).

Candidates are otherwise the entities that share a blocking key with a new mention. Two bounds on very common names
are the places where a store that grew past them can resolve differently from one built at once: a stored key held
by more than MAX_BLOCK entities is not read, and a person key under which more than PERSON_BLOCK names are filed in
one run (new and stored alike) is not used.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from reconcile import limits, settings
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
from reconcile.normalize import (
    CACHE_SIZE,
    NICKNAMES,
    PARTICLES,
    acronym,
    entity_keys,
    fold,
    formal_given_name,
    person_name,
    skeleton,
    strip_honorifics,
    title_parts,
)
from reconcile.queries import pair_of
from reconcile.resolve.aliases import AliasBook
from reconcile.score import close_given_name, near_surname, organisation_best, person_scores, same_given_name

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
        return _keys_of(self.type, self.names)


@lru_cache(maxsize=CACHE_SIZE)
def _keys_of(entity_type: str, names: tuple[str, ...]) -> frozenset[str]:
    """The blocking keys of an entity written with these names; the same few thousand names recur across a run."""
    return frozenset(key for name in names for key in entity_keys(entity_type, name))


def match_scores(profile: Profile, others: Sequence[Profile]) -> list[float | None]:
    """For each of `others` (all of the profile's type, not people: see `same_person`), the name similarity if it is
    the same entity, else None."""
    if not others:
        return []
    numbers = {k for k in profile.keys if k.startswith("num:")}
    if profile.type == "document" and numbers:
        return [100.0 if numbers & other.keys else None for other in others]  # one number, one document
    flat = [name for other in others for name in other.names]
    scored = iter(organisation_best(profile.names, flat))
    best = [max(next(scored) for _ in other.names) for other in others]
    return [value if value >= settings.ORG_NAME else None for value in best]


@dataclass(frozen=True)
class NamePair:
    """What two person names have in common, as far as telling one person from two goes."""

    score: float  # similarity 0-100 (person_scores)
    same_given: bool  # the given names can be one (Badr/Bader)
    close_given: bool  # the given names could be one spelt far apart (Hadi/Hani)
    near_surname: bool  # the family names can be one (Sabbagh/Sabbag)

    @property
    def strong(self) -> bool:
        return self.score >= settings.PERSON_STRONG_NAME and self.same_given

    @property
    def weak(self) -> bool:
        return self.score >= settings.PERSON_WEAK_NAME and self.close_given and self.near_surname


def same_person(left: Profile, right: Profile, names: NamePair) -> bool:
    """Whether two person mentions are one person, from their names and the posts their reports give them.

    A name spelt nearly alike with a compatible given name is one person on the name alone; a name merely near (Hadi
    Bahri, Hani Bahri) only if the family names agree, the given names are near too and the two hold one post:
    relatives and colleagues share a surname and an organisation, not a post. Symmetric in the two mentions, and
    depending on them alone: the clusters are the connected sets of this relation, so one loose rule would chain
    whole families together. For the same reason a post that differs does not keep names spelt alike apart: a
    mention without a title would match both, and join them (a reviewer's split does keep them apart).
    """
    if names.strong:
        return True
    return names.weak and share_a_post(left.context, right.context)


@dataclass
class ResolveStats:
    mentions: int = 0
    new_entities: int = 0
    joined: int = 0
    merged: int = 0  # existing entities folded into another because a new mention matched both
    person_mentions: int = 0  # new person mentions resolved in this run
    # Person names scored against them (candidate names passed to the score functions): the resolver's cost.
    names_compared: int = 0
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
        stats.person_mentions = sum(len(p.mention_ids) for p in pending if p.profile.type == "person")
        if not pending:
            return stats
        variants, skipped = self._candidates(pending)
        groups = _Clusters(pending, variants, self._kept_apart(variants), skipped)
        for profile_type in sorted({p.profile.type for p in pending}):
            groups.link(profile_type)
        stats.names_compared = groups.names_compared
        components = sorted(groups.components(), key=lambda c: (_type_rank(c.type), pending[c.members[0]].order))
        self._write_back(pending, components, stats)
        _keys_of.cache_clear()  # the keys of a run's names: on a first match of a big store, hundreds of megabytes
        _stored_neighbours.cache_clear()  # that the event stage after it would carry for nothing
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
        wanted = {(p.profile.type, key) for p in pending for key in _lookup_keys(p.profile)}
        holders: dict[tuple[str, str], set[int]] = defaultdict(set)
        for keys in chunked(sorted({key for _, key in wanted})):
            query = select(EntityAlias.entity_id, EntityAlias.type, EntityAlias.key).where(EntityAlias.key.in_(keys))
            for alias in self.session.execute(query):
                if (alias.type.value, alias.key) in wanted:
                    holders[(alias.type.value, alias.key)].add(alias.entity_id)
        # People are blocked again, finer, in memory (`_PersonBlocks`): a stored key is too common only for its holders.
        new_per_key = Counter(
            (p.profile.type, key) for p in pending for key in p.profile.keys if p.profile.type != "person"
        )
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
                stored = item.profile.dump()
                updates += [{"id": m, "entity_id": keep, "profile": stored} for m in item.mention_ids]
                aliases |= {(keep, item.profile.type, key) for key in item.profile.keys}
                stats.joined += 0 if component.new else len(item.mention_ids)
        self._point(updates)
        self._add_keys(aliases)
        touched = sorted({keep for keep, _, _ in aliases} | {u["entity_id"] for u in updates})
        stats.renamed |= self.rename(touched)

    def _point(self, updates: list[dict[str, Any]]) -> None:
        """Point each mention at its entity and keep the profile it was compared by: one statement run for every
        row, without the ORM's bookkeeping, which costs more than the writes on a large run."""
        if updates:
            table = cast(Table, Mention.__table__)
            statement = (
                update(table)
                .where(table.c.id == bindparam("mention"))
                .values(entity_id=bindparam("entity"), profile=bindparam("compared"))
            )
            rows = [{"mention": u["id"], "entity": u["entity_id"], "compared": u["profile"]} for u in updates]
            self.session.execute(statement, rows)

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
    """Whether two people's titles can name one post: one rank and, for it, nothing that tells the posts apart. Where
    both name what the post covers (its portfolio) they must name one, and where both name the organisation it is in,
    one organisation: 'Prosecutor' and 'Prosecutor of Kalamazoo County' can; 'member of the SIG' and 'member of the
    SNC' cannot, nor can the Special Envoys for Syria of two ministries, nor a ministry's Directors of Political and
    of Humanitarian Affairs."""
    for rank in _ranks(left) & _ranks(right):
        (mine, my_orgs), (theirs, their_orgs) = _covers(left, rank), _covers(right, rank)
        if (not mine or not theirs or _one_of(mine, theirs)) and (
            not my_orgs or not their_orgs or _one_of(my_orgs, their_orgs)
        ):
            return True
    return False


def _ranks(posts: frozenset[str]) -> set[str]:
    return {c[5:] for c in posts if c.startswith("rank:")}


def _covers(posts: frozenset[str], rank: str) -> tuple[set[str], set[str]]:
    """For one rank, the portfolios (stemmed words) and the organisations (their name keys, 'name:' cut) it is given
    with; see `_posts`."""
    whats = [c.removeprefix(f"post:{rank}|") for c in posts if c.startswith(f"post:{rank}|")]
    return {w for w in whats if not w.startswith("name:")}, {w[5:] for w in whats if w.startswith("name:")}


def _one_of(left: set[str], right: set[str]) -> bool:
    """Whether two sets of stemmed names (portfolios or organisations) share one: a name whose words lie within the
    other's ('foreign' within 'saudi foreign'; 'syrian nation coalit' within 'nation coalit syrian revolutionari
    opposit forc'), or an acronym of it ('snc', 'syrian negoti commiss')."""
    return any(_same_name(a, b) for a in left for b in right)


def _same_name(left: str, right: str) -> bool:
    a, b = set(left.split()), set(right.split())
    return a <= b or b <= a or _initials(left) == right or _initials(right) == left


def _initials(name: str) -> str:
    words = name.split()
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


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
        self.names = _NameScores()

    @property
    def names_compared(self) -> int:
        """Person names passed to the score functions in this run."""
        return self.names.compared

    def _link_people(self) -> None:
        """Every match of each pending person among the others and the candidates, by name: the mentions written
        with one name are compared at once, each pair of names is scored once, and a name meets only the few names
        filed under its keys (`_PersonBlocks`), so the work per mention stays flat as the store grows."""
        written: dict[str, list[tuple[Node, Profile]]] = defaultdict(list)
        for index, item in enumerate(self.pending):
            if item.profile.type == "person":
                written[item.profile.names[0]].append(((0, index), item.profile))
        for entity_id, variants in self.variants.items():
            for variant in variants:
                if variant.type == "person":
                    written[variant.names[0]].append(((1, entity_id), variant))
        blocks = _PersonBlocks(written)
        done: set[tuple[str, str]] = set()
        for name in sorted(n for n, nodes in written.items() if any(node[0] == 0 for node, _ in nodes)):
            self._one_name(written[name])
            others = [o for o in blocks.candidates(name) if (min(name, o), max(name, o)) not in done]
            done |= {(min(name, o), max(name, o)) for o in others}
            for other, pair in zip(others, self.names.pairs(name, others), strict=True):
                if pair.strong or pair.weak:
                    self._join(written[name], written[other], pair)

    def _one_name(self, nodes: list[tuple[Node, Profile]]) -> None:
        """Mentions written with one name are one person: link the first pending one to the rest."""
        pending = [node for node, _ in nodes if node[0] == 0]
        for node in dict.fromkeys(node for node, _ in nodes if node != pending[0]):
            pair = (min(pending[0], node), max(pending[0], node))
            self.edges[pair] = 100.0

    def _join(self, left: list[tuple[Node, Profile]], right: list[tuple[Node, Profile]], names: NamePair) -> None:
        """Link the mentions of two names that are one person. The pending mentions of one name are one person
        already (`_one_name`), so one link between pending mentions is enough, and one to each stored entity."""
        joined = False
        reached: set[Node] = set()
        for x, mine in left:
            for y, theirs in right:
                stored = x if x[0] == 1 else y if y[0] == 1 else None
                if x == y or (x[0] == 1 and y[0] == 1) or (stored in reached if stored else joined):
                    continue
                if same_person(mine, theirs, names):
                    pair = (min(x, y), max(x, y))
                    self.edges[pair] = max(self.edges.get(pair, 0.0), names.score)
                    if stored:
                        reached.add(stored)
                    else:
                        joined = True

    def link(self, profile_type: str) -> None:
        """Every match of each pending profile of this type among the others and the candidates sharing a key."""
        if profile_type == "person":
            self._link_people()
            return
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


PERSON_BLOCK = MAX_BLOCK  # distinct names filed under one person key in a run: more says nothing (a common surname)
# Letters that begin one name in several romanisations (Osama/Usama, Qassem/Kassem, Xelil/Khalil, Yiannis/Giannis).
SOUNDS = ("aeiou", "ckqx", "gjy")
_SOUND_OF = {letter: group[0] for group in SOUNDS for letter in group}


def _sound(bones: str) -> str:
    """A skeleton (normalize.skeleton) with its first letter taken for the sound it stands for: 'qsm' -> 'ksm'."""
    return _SOUND_OF.get(bones[:1], bones[:1]) + bones[1:]


def _sounding(bones: str) -> set[str]:
    """Every skeleton that sounds as this one begins: 'ksm' -> 'csm', 'ksm', 'qsm', 'xsm'."""
    group = next((g for g in SOUNDS if bones[:1] in g), bones[:1])
    return {letter + bones[1:] for letter in group} if bones else {bones}


@dataclass(frozen=True)
class PersonKeys:
    """Where a person name is filed in a run (`filed`) and where it looks for others (`looks`); two names are
    compared when either looks where the other is filed.

    Keys are skeletons (normalize.skeleton) whose first letter stands for its sound (`SOUNDS`). A full name is filed
    and looks under its surname with its given name and with each form of it one letter short ('sg:'), so Hadi meets
    Hani and Abdulrahman meets Abdurrahman in one family; and under its given name with its surname and each form of
    it one letter short ('gn:'), so Sabbagh meets Sabbag. A name with a middle name is filed under its first given
    name too ('sm:'), where the names without one look, files and looks under its first and middle initial ('s3:'),
    and under its last two words run together, a family name other reports write as one ('Abdel Nour'). A surname
    alone is filed and looks under the surname ('sn:'), where every full name of it is filed, and full names look
    for it under 'so:'. Names that can be one person are filed together; a name meets a few others, however many of
    its family the store holds.
    """

    filed: frozenset[str]
    looks: frozenset[str]


def person_keys_of(name: str) -> PersonKeys:
    """Where a person name is filed and looks (see PersonKeys)."""
    words = [w for w in strip_honorifics(fold(name)).split() if w not in PARTICLES]  # as normalize.person_keys
    if not words:
        return PersonKeys(frozenset(), frozenset())
    surname = _sound(skeleton(words[-1]))
    if len(words) == 1:
        return PersonKeys(frozenset({f"sn:{surname}", f"so:{surname}"}), frozenset({f"sn:{surname}"}))
    first = NICKNAMES.get(words[0], words[0])  # 'Bill Hakim' is filed as 'William Hakim' is
    given = _sound(skeleton("".join([first, *words[1:-1]])))  # 'Abdul Rahman' is 'Abdulrahman' spelt apart
    own = {f"sg:{surname}:{near}" for near in _near(given)}
    own |= {f"gn:{_sound(skeleton(''.join(words[:-1])))}:{near}" for near in _near(surname)}
    filed, looks = own | {f"sn:{surname}"}, own | {f"so:{surname}"}
    if len(words) == 2:
        return PersonKeys(frozenset(filed), frozenset(looks | {f"sm:{surname}:{given}"}))
    firsts = _near(_sound(skeleton(first)))
    middle = {f"s3:{surname}:{near}:{_sound(words[1][:1])}" for near in firsts}  # 'Mary Lou' is not 'Mary Jo'
    alone = {f"sm:{surname}:{near}" for near in firsts}  # where the names without a middle name look
    # a family name of two words, which other reports write as one ('Abdel Nour', 'Abdelnour')
    family = _sound(skeleton(words[-2] + words[-1]))
    joined = {f"sg:{family}:{near}" for near in _near(_sound(skeleton("".join([first, *words[1:-2]]))))}
    return PersonKeys(frozenset(filed | middle | alone | joined), frozenset(looks | middle | joined))


def _near(bones: str) -> set[str]:
    """The skeleton and each of it with one letter after the first left out: two skeletons one letter apart (one
    left out, or one for another) share one of these."""
    return {bones} | {bones[:i] + bones[i + 1 :] for i in range(1, len(bones))}


def _lookup_keys(profile: Profile) -> frozenset[str]:
    """The stored blocking keys (entity_alias) under which the entities a pending profile may match are found: its
    own, and for a person those of every name it may meet in memory (`PersonKeys`)."""
    if profile.type != "person":
        return profile.keys
    return frozenset(key for name in profile.names for key in _stored_neighbours(name))


@lru_cache(maxsize=CACHE_SIZE)
def _stored_neighbours(name: str) -> frozenset[str]:
    """The stored keys (normalize.person_keys) of every name filed with this one in memory: surnames that begin with
    a letter of the same sound, as one word or as the last of two ('Nour' of 'Abdelnour'), and given names whose
    first word sounds as ours begins ('Abdul' of 'Abdulrahman')."""
    words = [w for w in strip_honorifics(fold(name)).split() if w not in PARTICLES]
    if not words:
        return frozenset()
    surname = skeleton(words[-1])
    found = {f"sn:{bones}" for bones in _sounding(surname)}
    if len(words) > 2:  # written as one word elsewhere
        found |= {f"sn:{bones}" for bones in _sounding(skeleton(words[-2] + words[-1]))}
    # the last of a family name of two words, which ours may be run together: 'nr' of 'abdlnr' (Abdel Nour)
    ends = {surname[start:] for start in range(1, len(surname) - 1)}
    found |= {f"sn:{start}{end}" for end in ends for start in ("", *SOUNDS[0])}
    if len(words) > 1:
        given = skeleton("".join(words[:-1]))
        starts = {given[:end] for end in range(1, len(given) + 1)}
        found |= {f"gn:{g}:{i}" for start in starts for g in _sounding(start) for i in _sounding(surname[:1])}
    return frozenset(key[: limits.NAME] for key in found)


class _PersonBlocks:
    """The person names of a run (pending and candidate) filed under their `PersonKeys`. Two names are candidates
    when either looks where the other is filed, so whether a pair is compared does not depend on which of the two
    is new."""

    def __init__(self, names: Iterable[str]) -> None:
        self.keys = {name: person_keys_of(name) for name in names}
        self.filed: dict[str, set[str]] = defaultdict(set)
        self.looking: dict[str, set[str]] = defaultdict(set)
        for name, keys in self.keys.items():
            for key in keys.filed:
                self.filed[key].add(name)
            for key in keys.looks:
                self.looking[key].add(name)
        self.common: dict[str, bool] = {}

    def too_common(self, key: str) -> bool:
        """Whether more than PERSON_BLOCK forms of names are filed or look under this key. Asked only of the keys
        of the names whose candidates are wanted: a run's candidate names hold tens of thousands of keys."""
        if key not in self.common:
            names = self.filed.get(key, set()) | self.looking.get(key, set())
            self.common[key] = len({_form(n) for n in names}) > PERSON_BLOCK
        return self.common[key]

    def candidates(self, name: str) -> list[str]:
        """The other names filed where this one looks or looking where it is filed, but under keys too common to
        say anything."""
        keys = self.keys[name]
        found = {
            other for key in keys.looks if key in self.filed and not self.too_common(key) for other in self.filed[key]
        }
        found |= {
            other
            for key in keys.filed
            if key in self.looking and not self.too_common(key)
            for other in self.looking[key]
        }
        return sorted(found - {name})


def _form(name: str) -> str:
    """A person name as it is compared ('walid alhamwi'): names of one form score alike against any other."""
    return formal_given_name(person_name(name))


class _NameScores:
    """Person name pairs scored once a run, by their compared forms, counting the names passed to the score
    functions: the resolver's cost, which the blocks keep flat per mention."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], NamePair] = {}
        self.compared = 0

    def pairs(self, name: str, others: Sequence[str]) -> list[NamePair]:
        mine = _form(name)
        forms = {other: _form(other) for other in others}
        todo = sorted({f for f in forms.values() if f != mine and _key(mine, f) not in self.known})
        self.compared += len(todo)
        for form, score in zip(todo, person_scores(mine, todo), strict=True):
            near = score >= settings.PERSON_WEAK_NAME  # the given and family names matter only then
            self.known[_key(mine, form)] = NamePair(
                score,
                near and same_given_name(mine, form),
                near and close_given_name(mine, form),
                near and near_surname(mine, form),
            )
        return [_ALIKE if forms[o] == mine else self.known[_key(mine, forms[o])] for o in others]


def _key(left: str, right: str) -> tuple[str, str]:
    return (left, right) if left <= right else (right, left)


_ALIKE = NamePair(100.0, True, True, True)


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
