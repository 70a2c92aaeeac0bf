"""Group event mentions into events: candidates share a participant, pairs are scored, clusters merge
only on `same` and never across conflicting dates or places."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Row, delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from reconcile.db import chunked
from reconcile.models import Claim, Entity, EntityAlias, EntityType, Event, EventLink, Mention, MentionRole, Report
from reconcile.places import areas
from reconcile.queries import decided_links, stated_within, unstruck
from reconcile.resolve.event_clusters import Neighbourhood, cluster
from reconcile.resolve.event_score import (
    ONE_OFF_KINDS,
    EventFacts,
    PairScore,
    comparable_kinds,
    score_pair,
    surnames,
)

# Who took part: attendees and leads of meetings, victims and perpetrators of incidents, whom an arrest or an
# appointment is about.
PARTICIPANT_PROPERTIES = ("attendee", "led_by", "victim", "perpetrator", "involves")
EVENT_PROPERTIES = (*PARTICIPANT_PROPERTIES, "date", "place", "cites", "topic", "killed", "magnitude")
WHEN_WHERE = (
    "date",
    "place",
    "magnitude",
)  # what clustering weighs of accounts it does not score (event_clusters.Told)
MAX_BLOCK = 100  # more undated accounts than this for one person are too common to tell apart
MIN_SHARED_NAMES = 2  # reports of one-off events that name this many of the same few-report names are compared
NAME_TYPES = (EntityType.person, EntityType.organisation)
CANDIDATE_WINDOW_DAYS = 30
ONE_PERSON_WINDOW_DAYS = 3


@dataclass
class EventStats:
    mentions: int = 0
    pairs: int = 0
    same: int = 0
    uncertain: int = 0
    new_events: int = 0


def load_facts(
    session: Session, mention_ids: Iterable[int], properties: tuple[str, ...] = EVENT_PROPERTIES
) -> dict[int, EventFacts]:
    """What each event mention's report says about it, with objects resolved to entities: all of it, or only the
    claims of `properties` (a re-clustered neighbourhood's other accounts are weighed by when and where alone, and a
    big one holds thousands)."""
    ids = sorted(set(mention_ids))
    facts: dict[int, EventFacts] = {}
    obj = aliased(Mention)
    for chunk in chunked(ids):
        mentions = select(Mention.id, Mention.report_id, Mention.local_id, Report.published, Mention.type).join(Report)
        for mid, report_id, local_id, published, kind in session.execute(mentions.where(Mention.id.in_(chunk))):
            facts[mid] = EventFacts(mid, report_id, published, kind, local_id=local_id)
        rows = session.execute(
            select(
                Claim.mention_id, Claim.property, Claim.value, Claim.qualifiers, obj.entity_id, Entity.type, Entity.name
            )
            .outerjoin(obj, obj.id == Claim.object_mention_id)
            .outerjoin(Entity, Entity.id == obj.entity_id)
            .where(Claim.mention_id.in_(chunk), Claim.property.in_(properties), unstruck())
            .order_by(Claim.id)  # a report's claims in its own order: the first side stated for a participant wins
        ).all()
        side_mentions = {r.qualifiers["side"] for r in rows if r.qualifiers.get("side")}
        side_entity = _entities_of(session, side_mentions)
        for r in rows:
            _add_fact(facts[r.mention_id], r, side_entity)
        _add_towns(session, [facts[m] for m in chunk if m in facts])
        if properties == EVENT_PROPERTIES:
            _add_report_names(session, [facts[m] for m in chunk if m in facts and facts[m].kind in ONE_OFF_KINDS])
    return facts


def _add_towns(session: Session, accounts: list[EventFacts]) -> None:
    """Where reports place each account's venues: an attack at 'Crocus City Hall' took place in Krasnogorsk if any
    report says the hall is there, so it meets another report's 'Krasnogorsk'; and an account placed in a town
    whose own report puts a venue there ('at Crocus City Hall in Krasnogorsk') was at that venue too."""
    statements = stated_within(session, {p for f in accounts for p in f.places})
    for f in accounts:
        for said in statements:
            if said.venue in f.places:
                f.places.add(said.town)
                f.names[said.town] = said.town_name
            elif said.town in f.places and said.report_id == f.report_id:
                f.places.add(said.venue)
                f.names[said.venue] = said.venue_name


def _add_report_names(session: Session, accounts: list[EventFacts]) -> None:
    """The people and organisations each one-off account's report names anywhere, of those few reports name."""
    if not accounts:
        return
    named: dict[str, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    query = (
        select(Mention.report_id, Entity.id, Entity.name)
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Entity.type.in_(NAME_TYPES))
    )
    reports = sorted({f.report_id for f in accounts})  # a chunk's at most from `load_facts`; no caller relies on that
    rows = [row for chunk in chunked(reports) for row in session.execute(query.where(Mention.report_id.in_(chunk)))]
    for report_id, entity_id, name in rows:
        named[report_id].add(entity_id)
        names[entity_id] = name
    few = _named_by_few(session, set(names))
    for f in accounts:
        f.report_names = named[f.report_id] & few
        f.names.update({e: names[e] for e in f.report_names})


def _named_by_few(session: Session, entities: set[int]) -> set[int]:
    """The entities named by at most MAX_BLOCK reports: a name in more is too common to tell events apart."""
    few: set[int] = set()
    for chunk in chunked(sorted(entities)):
        counts = (
            select(Mention.entity_id, func.count(func.distinct(Mention.report_id)))
            .where(Mention.entity_id.in_(chunk))
            .group_by(Mention.entity_id)
        )
        few |= {entity_id for entity_id, reports in session.execute(counts) if entity_id and reports <= MAX_BLOCK}
    return few


def _entities_of(session: Session, mention_ids: set[int]) -> dict[int, tuple[int, str]]:
    """Entity id and display name for each of some mentions (the sides named in qualifiers). A chunk of accounts may
    name any number of sides, so they are read a chunk at a time too."""
    query = select(Mention.id, Entity.id, Entity.name).join(Entity, Entity.id == Mention.entity_id)
    return {
        mid: (eid, name)
        for chunk in chunked(sorted(mention_ids))
        for mid, eid, name in session.execute(query.where(Mention.id.in_(chunk)))
    }


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
        elif prop == "perpetrator":
            facts.perpetrators.add(entity_id)
        elif prop == "involves":
            facts.involved.add(entity_id)
    elif prop == "date":
        facts.dates.add(dt.date.fromisoformat(value))
    elif prop == "place" and entity_id is not None:
        facts.places.add(entity_id)
    elif prop == "cites" and entity_id is not None:
        facts.documents.add(entity_id)
    elif prop == "topic":
        facts.topics.append(value)
    elif prop == "killed":
        facts.tolls.add(value)
    elif prop == "magnitude":
        facts.magnitudes.add(float(value))


def resolve_events(session: Session, rescore: Iterable[int] = (), renamed: Iterable[int] = ()) -> EventStats:
    """Link and cluster every event mention that has no event yet, and score again the ones in `rescore` (their
    facts changed: an entity they name was folded into another, or a reviewer ruled on one of their links); the
    links of those in `renamed` (an entity they name is now called otherwise) only get their reasons reworded. The
    caller owns the transaction."""
    stats = EventStats()
    again = sorted(set(rescore))
    _reword(session, set(renamed) - set(again))
    for chunk in chunked(again):
        touching = or_(EventLink.left_mention_id.in_(chunk), EventLink.right_mention_id.in_(chunk))
        session.execute(delete(EventLink).where(touching))  # scored on facts that no longer hold
        holding = select(Mention.event_id).where(Mention.id.in_(chunk), Mention.event_id.is_not(None))
        session.execute(update(Event).where(Event.id.in_(holding)).values(stale=True))  # their findings too
    new = session.scalars(select(Mention.id).where(Mention.role == MentionRole.event, Mention.event_id.is_(None)))
    pending = sorted(set(new) | set(again))
    if not pending:
        return stats
    stats.mentions = len(pending)
    facts = load_facts(session, pending)
    candidates = _candidates(session, facts)
    decided = decided_links(session)
    _add_rulings(candidates, decided, pending)
    facts.update(load_facts(session, {c for cs in candidates.values() for c in cs} - facts.keys()))
    stats.pairs, scored = _score(facts, candidates, decided)
    place = Neighbourhood(session, pending, scored)
    apart = {pair for pair, (action, _) in decided.items() if action == "different"}
    together = {pair for pair, (action, _) in decided.items() if action == "same"}
    when_where = partial(load_facts, session, properties=WHEN_WHERE)
    clustered = cluster(session, facts, when_where, scored, place, apart, together)
    stats.same, stats.uncertain, stats.new_events = clustered.same, clustered.uncertain, clustered.new_events
    return stats


def _candidates(session: Session, facts: dict[int, EventFacts]) -> dict[int, set[int]]:
    """Other reports' event mentions that share a person with each pending mention, or that are of its kind and
    were placed in the same place within a few days ('the attack at the Linden Arena', named by four reports
    none of which names a person). An attack, a crash or a disaster is rarely two with one victim or one place,
    so for those kinds one shared person of an account of a one-off kind is enough, and an undated account is
    compared with the few other accounts of that kind at its place (a block of at most MAX_BLOCK), a dated one with
    the few dated within days in the same country, region or town said with its kind ('Qeshm Island'). An arrest or
    an appointment of one person within weeks is rarely two: accounts of one kind about one person are compared.

    People, not organisations, are the blocking key: a delegation's organisation attends all of its
    meetings, so it would pair every one of them with every other.
    """
    by_person = _mentions_naming(session, {p for f in facts.values() for p in f.people}, PARTICIPANT_PROPERTIES)
    by_place = _mentions_naming(session, {p for f in facts.values() for p in f.places}, ("place",))
    by_involved = _mentions_naming(session, {p for f in facts.values() for p in f.involved}, ("involves",))
    by_area = _mentions_by_area(session, facts)
    by_surname = _mentions_by_surname(session, facts)
    by_name = _events_of_reports_naming(session, {n for f in facts.values() for n in f.report_names})
    blocks = (*by_person.values(), *by_place.values(), *by_area.values(), *by_surname.values(), *by_name.values())
    anchors = _time_anchors(session, set().union(set(facts), *blocks))
    people = {p: Timeline.of(mentions, anchors) for p, mentions in by_person.items()}
    places = {p: Timeline.of(mentions, anchors) for p, mentions in by_place.items()}
    regions = {a: Timeline.of(mentions, anchors) for a, mentions in by_area.items()}
    named = {k: Timeline.of(mentions, anchors) for k, mentions in by_surname.items()}
    others = set().union(*blocks) - set(facts)
    kinds = {mid: f.kind for mid, f in facts.items()} | _kinds(session, others)
    found: dict[int, set[int]] = {}
    for mid, f in facts.items():
        anchor = anchors.get(mid)
        one_off = f.kind in ONE_OFF_KINDS
        near = Counter(c for p in f.people if p in people for c in people[p].near(anchor))
        near.pop(mid, None)
        involving = {c for p in f.involved for c in by_involved.get(p, ()) if c != mid}
        found[mid] = {
            c
            for c, shared in near.items()
            if _candidate(shared, anchor, anchors.get(c))
            or (one_off and comparable_kinds(kinds.get(c), f.kind))
            or (c in involving and kinds.get(c) == f.kind)
        }
        if anchor is not None or one_off:
            found[mid] |= {
                c
                for p in f.places
                if p in places
                for c in places[p].near(anchor, ONE_PERSON_WINDOW_DAYS, dated_only=anchor is not None)
                if c != mid and comparable_kinds(kinds.get(c), f.kind)
            }
        if one_off:
            shared = Counter(c for n in f.report_names for c in by_name.get(n, ()))
            found[mid] |= {
                c
                for c, count in shared.items()
                if count >= MIN_SHARED_NAMES
                and c != mid
                and comparable_kinds(kinds.get(c), f.kind)
                and _near(anchor, anchors.get(c))
            }
            found[mid] |= {
                c
                for key in surnames(f)
                if key in named
                for c in named[key].near(anchor, ONE_PERSON_WINDOW_DAYS)
                if c != mid and comparable_kinds(kinds.get(c), f.kind)
            }
        if anchor is not None and one_off:
            found[mid] |= {
                c
                for a in _areas_of(f)
                if a in regions
                for c in regions[a].near(anchor, ONE_PERSON_WINDOW_DAYS, dated_only=True)
                if c != mid and comparable_kinds(kinds.get(c), f.kind)
            }
    return found


def _areas_of(facts: EventFacts) -> set[str]:
    return {a for p in facts.places for a in areas(facts.names.get(p, ""))}


def _mentions_by_area(session: Session, facts: dict[int, EventFacts]) -> dict[str, set[int]]:
    """Area -> the event mentions placed in it, for the areas of the pending mentions' places: 'Qeshm Island'
    and 'Bandar Abbas' are both in Iran, and two dated accounts of an earthquake there are compared even when
    they name different towns. Only place entities under one of those areas are looked up."""
    wanted = set().union(*(_areas_of(f) for f in facts.values() if f.kind in ONE_OFF_KINDS))
    if not wanted:
        return {}
    under: dict[int, set[str]] = {}
    for entity_id, name in session.execute(select(Entity.id, Entity.name).where(Entity.type == EntityType.place)):
        hit = areas(name) & wanted
        if hit:
            under[entity_id] = set(hit)
    by_area: dict[str, set[int]] = defaultdict(set)
    for entity_id, mentions in _mentions_naming(session, set(under), ("place",)).items():
        for area in under[entity_id]:
            by_area[area] |= mentions
    return by_area


def _mentions_by_surname(session: Session, facts: dict[int, EventFacts]) -> dict[str, set[int]]:
    """Surname key -> the event mentions naming someone of that surname, for the surnames of the pending one-off
    accounts' people: 'Anthony LaCalamita' and 'LaCalamita' in two reports of one shooting, which the resolver
    may keep apart. Found through the entities' own blocking keys (entity_alias), never by scanning names."""
    wanted = set().union(*(surnames(f).keys() for f in facts.values() if f.kind in ONE_OFF_KINDS))
    holders: dict[int, set[str]] = defaultdict(set)
    for chunk in chunked(sorted(wanted)):
        aliases = select(EntityAlias.entity_id, EntityAlias.key).where(
            EntityAlias.type == EntityType.person, EntityAlias.key.in_(chunk)
        )
        for entity_id, key in session.execute(aliases):
            holders[entity_id].add(key)
    by_key: dict[str, set[int]] = defaultdict(set)
    for entity_id, mentions in _mentions_naming(session, set(holders), PARTICIPANT_PROPERTIES).items():
        for key in holders[entity_id]:
            by_key[key] |= mentions
    return by_key


def _events_of_reports_naming(session: Session, entities: set[int]) -> dict[int, set[int]]:
    """Entity -> the event mentions of the reports that name it anywhere (the entities are few-report names, so
    each block is small)."""
    event = aliased(Mention)
    by_entity: dict[int, set[int]] = defaultdict(set)
    for chunk in chunked(sorted(entities)):
        rows = session.execute(
            select(Mention.entity_id, event.id)
            .join(event, (event.report_id == Mention.report_id) & (event.role == MentionRole.event))
            .where(Mention.entity_id.in_(chunk))
        )
        for entity_id, mention_id in rows:
            if entity_id is not None:
                by_entity[entity_id].add(mention_id)
    return by_entity


def _near(a: dt.date | None, b: dt.date | None) -> bool:
    """Whether two accounts' times, where both have one, lie within the candidate window."""
    return a is None or b is None or abs((a - b).days) <= CANDIDATE_WINDOW_DAYS


def _mentions_naming(session: Session, entities: set[int], properties: Iterable[str]) -> dict[int, set[int]]:
    """Entity -> the event mentions with a claim of one of `properties` whose object is that entity."""
    obj = aliased(Mention)
    by_entity: dict[int, set[int]] = defaultdict(set)
    for chunk in chunked(sorted(entities)):
        rows = session.execute(
            select(obj.entity_id, Claim.mention_id)
            .join(obj, obj.id == Claim.object_mention_id)
            .where(Claim.property.in_(list(properties)), obj.entity_id.in_(chunk))
        )
        for entity_id, mention_id in rows:
            if entity_id is not None:
                by_entity[entity_id].add(mention_id)
    return by_entity


def _kinds(session: Session, mention_ids: set[int]) -> dict[int, str]:
    """The kind of each event mention (meeting, incident, ...)."""
    kinds: dict[int, str] = {}
    for chunk in chunked(sorted(mention_ids)):
        kinds.update(dict(session.execute(select(Mention.id, Mention.type).where(Mention.id.in_(chunk))).all()))
    return kinds


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

    def near(self, anchor: dt.date | None, window: int = CANDIDATE_WINDOW_DAYS, dated_only: bool = False) -> list[int]:
        """Mentions within `window` days of `anchor`; without one, only a small block says anything. A place
        (`dated_only`) is a key only through time: a town's undated events, or more than a block of them in a
        few days, are too common to tell apart."""
        undated = self.undated if len(self.undated) <= MAX_BLOCK and not dated_only else []
        if anchor is None:
            return self.mentions + undated if len(self.mentions) + len(undated) <= MAX_BLOCK else []
        day = anchor.toordinal()
        lo = bisect_left(self.days, day - window)
        hi = bisect_right(self.days, day + window)
        if dated_only and hi - lo > MAX_BLOCK:
            return []
        return self.mentions[lo:hi] + undated


def _candidate(shared_people: int, a: dt.date | None, b: dt.date | None) -> bool:
    """Two accounts are compared when they share two people, or one person within a few days.

    Busy diplomats share one person with dozens of meetings; one shared name alone is worth a
    comparison only when the two accounts can be placed close together in time.
    """
    if not _near(a, b):
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
        dated = select(Claim.mention_id, func.min(Claim.value)).where(
            Claim.mention_id.in_(chunk), Claim.property == "date"
        )
        # the earliest of several stated dates (ISO strings sort as dates)
        anchors.update(
            {mid: dt.date.fromisoformat(value) for mid, value in session.execute(dated.group_by(Claim.mention_id))}
        )
    return anchors


def _add_rulings(
    candidates: dict[int, set[int]], decided: dict[tuple[int, int], tuple[str, str]], pending: list[int]
) -> None:
    """A pair a reviewer ruled on is compared whether or not its accounts share a blocking key: a reviewer may link
    two events the matcher never paired, and the ruling must hold on this run and every later one."""
    waiting = set(pending)
    for low, high in decided:
        if low in waiting:
            candidates.setdefault(low, set()).add(high)
        elif high in waiting:
            candidates.setdefault(high, set()).add(low)


def _score(
    facts: dict[int, EventFacts], candidates: dict[int, set[int]], decided: dict[tuple[int, int], tuple[str, str]]
) -> tuple[int, dict[tuple[int, int], PairScore]]:
    """Score each unordered pair once; a reviewer's ruling on a pair overrides its score. Returns how many pairs
    were scored, and the pairs called the same event or uncertain: on a first match of a big store the pairs called
    different are two in three, and kept with their reasons they held hundreds of megabytes through clustering.

    Mentions from the same report are the report's own distinct events, so they are not scored. Pairs
    whose explicit dates differ are: a date conflict is a finding only if the pair can be seen.
    """
    scored: dict[tuple[int, int], PairScore] = {}
    seen: set[tuple[int, int]] = set()
    for mid, others in candidates.items():
        for other in others:
            pair = (min(mid, other), max(mid, other))
            a, b = facts[mid], facts[other]
            if pair in seen or a.report_id == b.report_id:
                continue
            seen.add(pair)
            result = _score_one(a, b, decided.get(pair))
            if result.verdict != "different":  # nothing is stored of a pair called different: its reasons go
                scored[pair] = result
    return len(seen), scored


def _score_one(a: EventFacts, b: EventFacts, ruling: tuple[str, str] | None) -> PairScore:
    """One pair's score, in report order so the reasons read alike whichever account was stored first; a reviewer's
    ruling on the pair overrides it."""
    first, second = sorted((a, b), key=lambda f: (f.report_id, f.local_id))
    result = score_pair(first, second)
    if ruling is None:
        return result
    action, why = ruling
    return PairScore(action, 1.0 if action == "same" else 0.0, [why, *result.reasons], False)


def _reword(session: Session, mention_ids: set[int]) -> None:
    """Reword the stored links of these accounts, whose reasons quote an entity that is now called otherwise: the
    same facts give the same score, so only the words change, and their events are stale for their findings."""
    links = [
        link
        for chunk in chunked(sorted(mention_ids))
        for link in session.scalars(
            select(EventLink).where(or_(EventLink.left_mention_id.in_(chunk), EventLink.right_mention_id.in_(chunk)))
        )
    ]
    if not links:
        return
    facts = load_facts(session, {m for link in links for m in (link.left_mention_id, link.right_mention_id)})
    decided = decided_links(session)
    changed = []
    for link in links:
        pair = (link.left_mention_id, link.right_mention_id)
        reasons = _score_one(facts[pair[0]], facts[pair[1]], decided.get(pair)).reasons
        if link.blocked:
            reasons = [*reasons, link.reasons[-1]]  # the clustering note names no entity
        if reasons != link.reasons:
            changed.append({"id": link.id, "reasons": reasons})
    if changed:
        session.execute(update(EventLink), changed)
    for chunk in chunked(sorted(mention_ids)):
        holding = select(Mention.event_id).where(Mention.id.in_(chunk), Mention.event_id.is_not(None))
        session.execute(update(Event).where(Event.id.in_(holding)).values(stale=True))
