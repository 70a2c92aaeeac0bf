"""The synthetic world (people, organisations, places, documents) and the meetings that happen in it.

The world is built once from the seed and is small (a few thousand people). Meetings are planned
lazily in chronological order, so a generator can stream any number of them; a person never
attends two meetings on the same day, and the same circles of people meet again and again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .vocab import (
    CAMPS,
    GENEVA_COMMUNIQUE,
    GENEVA_WEIGHT,
    NEUTRAL_CITIES,
    ORIGINS,
    RANKS,
    RESERVED_NAMES,
    RESOLUTIONS,
    TITLE_PREPOSITION,
    TOPICS,
    CampSpec,
    OrgSpec,
    Rank,
    expand,
    feminine_russian,
)

START_DATE = dt.date(2017, 1, 2)
MEETINGS_PER_DAY = 6  # dense enough that the event matcher sees same-people meetings days apart
REPORTS_PER_EVENT = ((2, 0.15), (3, 0.25), (4, 0.25), (5, 0.2), (6, 0.15))
PEOPLE_PER_EVENT = ((3, 0.2), (4, 0.25), (5, 0.25), (6, 0.17), (7, 0.13))
CITES_PER_EVENT = ((0, 0.2), (1, 0.4), (2, 0.3), (3, 0.1))


@dataclass(frozen=True, slots=True)
class Title:
    """What a person is: a rank (with portfolio) in an organisation. Equal titles mean the same post."""

    org: int
    rank: str
    portfolio: str = ""


@dataclass(slots=True)
class Person:
    """A person of the world; `parts` are name components, each a tuple of spellings."""

    index: int
    tid: str
    parts: tuple[tuple[str, ...], ...]
    middle: int  # index of a droppable middle name in parts, or -1
    female: bool
    doctor: bool
    camp: int
    title: Title
    seniority: int

    @property
    def name(self) -> str:
        """The canonical full name (every component in its first spelling)."""
        return " ".join(p[0] for p in self.parts)


@dataclass(slots=True)
class Org:
    """An organisation of the world."""

    index: int
    tid: str
    spec: OrgSpec
    camp: int

    @property
    def name(self) -> str:
        """The canonical full name."""
        return self.spec.names[0]


@dataclass(slots=True)
class Doc:
    """A cited document: a UN resolution by number or the Geneva Communiqué."""

    index: int
    tid: str
    number: str  # "" for documents without a number
    name: str


@dataclass(slots=True)
class Camp:
    """A camp's people and organisations, with the weights used to draw them for meetings."""

    index: int
    spec: CampSpec
    orgs: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    cum: list[float] = field(default_factory=list)


@dataclass(slots=True)
class Side:
    """One side of a meeting: its delegation's organisation, lead and members (lead first)."""

    org: int
    lead: int
    members: list[int]
    org_attends: bool


@dataclass(slots=True)
class EventPlan:
    """The canonical facts of one meeting, and which outlets report it."""

    index: int
    tid: str
    date: dt.date
    place: int
    sides: tuple[Side, Side]
    cites: list[int]
    topics: list[int]
    outlets: list[int]

    @property
    def n_reports(self) -> int:
        """How many reports cover this meeting."""
        return len(self.outlets)


@dataclass(slots=True)
class World:
    """Everything that exists: people, organisations, places, documents, camps."""

    people: list[Person]
    orgs: list[Org]
    places: list[str]
    docs: list[Doc]
    doc_cum: list[float]
    camps: list[Camp]
    org_people: dict[int, list[int]]
    org_cum: dict[int, list[float]]

    def place_tid(self, index: int) -> str:
        """Truth id of a place."""
        return f"L{index + 1:03d}"

    def title_text(self, title: Title) -> str:
        """The canonical wording of a title with its organisation, for truth files and debugging."""
        org = self.orgs[title.org]
        rank = rank_of(org.spec.kind, title.rank)
        role = rank.wordings[0].format(p=title.portfolio)
        return f"{role} {TITLE_PREPOSITION[org.spec.kind]} the {org.name}"


def rank_of(kind: str, key: str) -> Rank:
    """Look a rank up by organisation kind and key."""
    for rank in RANKS[kind]:
        if rank.key == key:
            return rank
    raise KeyError(f"{kind}/{key}")


def pick(rng: random.Random, table: Sequence[tuple[int, float]]) -> int:
    """Draw a value from a (value, weight) table."""
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def cumulative(weights: Sequence[float]) -> list[float]:
    """Cumulative weights for `bisect`-based drawing, which is much faster than rng.choices per draw."""
    return list(itertools.accumulate(weights))


def draw(rng: random.Random, items: Sequence[int], cum: Sequence[float]) -> int:
    """Draw one item with the precomputed cumulative weights."""
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


# ---------------------------------------------------------------- building the world


def build_world(n_events: int, seed: int) -> World:
    """Build the world for a run with `n_events` meetings; the pool of people grows with the run."""
    rng = random.Random(f"world/{seed}")
    camps = [Camp(i, spec) for i, spec in enumerate(CAMPS)]
    orgs: list[Org] = []
    for camp in camps:
        for spec in camp.spec.orgs:
            camp.orgs.append(len(orgs))
            orgs.append(Org(len(orgs), f"O{len(orgs) + 1:03d}", spec, camp.index))
    places = sorted({c for camp in CAMPS for c in camp.cities} | set(NEUTRAL_CITIES))
    docs = [Doc(i, f"D{i + 1:03d}", n, f"UN Security Council Resolution {n}") for i, (n, _) in enumerate(RESOLUTIONS)]
    docs.append(Doc(len(docs), f"D{len(docs) + 1:03d}", "", GENEVA_COMMUNIQUE[0]))
    doc_cum = cumulative([w for _, w in RESOLUTIONS] + [GENEVA_WEIGHT])
    people = _build_people(rng, camps, orgs, n_people=max(150, min(4000, round(n_events * 0.6))))
    org_people: dict[int, list[int]] = {o.index: [] for o in orgs}
    org_weights: dict[int, list[float]] = {o.index: [] for o in orgs}
    for camp in camps:
        weights = [_prominence(rng, people[p].seniority) for p in camp.people]
        camp.cum = cumulative(weights)
        for pid, w in zip(camp.people, weights, strict=True):
            org_people[people[pid].title.org].append(pid)
            org_weights[people[pid].title.org].append(w)
    org_cum = {o: cumulative(ws) for o, ws in org_weights.items() if ws}
    return World(people, orgs, places, docs, doc_cum, camps, org_people, org_cum)


def _prominence(rng: random.Random, seniority: int) -> float:
    """Senior people are in the news more, and a few people are in it far more than others."""
    return (4.0, 2.5, 1.5, 1.0)[seniority] * min(rng.paretovariate(1.3), 20.0)


def _build_people(rng: random.Random, camps: list[Camp], orgs: list[Org], n_people: int) -> list[Person]:
    """Make the pool: names unique by spelling group, titles within each camp's organisations."""
    shares = [c.spec.side_a + c.spec.side_b for c in camps]
    total = sum(shares)
    people: list[Person] = []
    taken: set[tuple[str, str]] = set()
    holders: dict[tuple[int, str, str], int] = {}
    for camp in camps:
        count = max(6, round(n_people * shares[camp.index] / total))
        org_cum = cumulative([orgs[o].spec.weight for o in camp.orgs])
        for k in range(count):
            # The first people of each organisation fill its top posts, so every org has a head.
            org = camp.orgs[k] if k < len(camp.orgs) else draw(rng, camp.orgs, org_cum)
            title, seniority = _draw_title(rng, orgs[org], holders)
            person = _draw_person(rng, len(people), camp, title, seniority, taken)
            camp.people.append(person.index)
            people.append(person)
    return people


def _draw_title(rng: random.Random, org: Org, holders: dict[tuple[int, str, str], int]) -> tuple[Title, int]:
    """Give the next person of `org` a post: unfilled limited posts first, then staff posts."""
    for rank in RANKS[org.spec.kind]:
        if rank.limit and rank.seniority <= 1:
            for portfolio in rank.portfolios or ("",):
                if holders.get((org.index, rank.key, portfolio), 0) < rank.limit:
                    holders[(org.index, rank.key, portfolio)] = holders.get((org.index, rank.key, portfolio), 0) + 1
                    return Title(org.index, rank.key, portfolio), rank.seniority
                if rank.portfolios:
                    break  # one top post per rank is enough to seed; the rest are drawn below
    ranks = list(RANKS[org.spec.kind])
    for _ in range(20):
        rank = rng.choices(ranks, weights=[r.weight for r in ranks])[0]
        portfolio = rng.choice(rank.portfolios) if rank.portfolios else ""
        key = (org.index, rank.key, portfolio)
        if rank.limit and holders.get(key, 0) >= rank.limit:
            continue
        holders[key] = holders.get(key, 0) + 1
        return Title(org.index, rank.key, portfolio), rank.seniority
    staff = [r for r in ranks if not r.limit][-1]
    return Title(org.index, staff.key, rng.choice(staff.portfolios) if staff.portfolios else ""), staff.seniority


def _draw_person(
    rng: random.Random, index: int, camp: Camp, title: Title, seniority: int, taken: set[tuple[str, str]]
) -> Person:
    """Compose a name from the camp's naming traditions, unique by (first, last) spelling group."""
    origins = camp.spec.origins
    while True:
        origin = ORIGINS[rng.choices([o for o, _ in origins], weights=[w for _, w in origins])[0]]
        female = rng.random() < 0.3
        first = expand(rng.choice(origin.female if female else origin.male), origin.style)
        last = expand(rng.choice(origin.last), origin.style)
        if origin.key == "russian" and female:
            last = feminine_russian(last)
        if (first[0], last[0]) in taken or f"{first[0]} {last[0]}" in RESERVED_NAMES or first[0] == last[0]:
            continue
        taken.add((first[0], last[0]))
        parts: tuple[tuple[str, ...], ...] = (first, last)
        middle = -1
        if rng.random() < origin.middle_rate:
            extra = expand(rng.choice(origin.male), origin.style)
            if extra[0] not in (first[0], last[0]):
                parts, middle = (first, extra, last), 1
        tid = f"P{index + 1:04d}"
        return Person(index, tid, parts, middle, female, rng.random() < 0.15, camp.index, title, seniority)


# ---------------------------------------------------------------- planning meetings


def plan_events(world: World, n_reports: int, seed: int) -> Iterator[EventPlan]:
    """Plan meetings in date order until their reports add up to exactly `n_reports`."""
    rng = random.Random(f"events/{seed}")
    n_events = max(1, round(n_reports / 4))
    span = max(30, -(-n_events // MEETINGS_PER_DAY))
    last_seen: dict[int, dt.date] = {}
    a_camps = [c for c in world.camps if c.spec.side_a > 0]
    a_cum = cumulative([c.spec.side_a for c in a_camps])
    remaining, index = n_reports, 0
    while remaining > 0:
        k = pick(rng, REPORTS_PER_EVENT)
        if remaining - k == 1:
            k = k + 1 if k < 6 else k - 1
        k = min(k, remaining)
        day = START_DATE + dt.timedelta(days=min(index, n_events - 1) * span // n_events)
        camp_a = world.camps[draw(rng, [c.index for c in a_camps], a_cum)]
        camp_b = _counterpart(rng, world, camp_a)
        yield _plan_event(rng, world, index, day, camp_a, camp_b, k, last_seen)
        remaining -= k
        index += 1


def _counterpart(rng: random.Random, world: World, camp_a: Camp) -> Camp:
    """Draw the other side of a meeting, honouring camps that only meet certain partners."""
    allowed = [
        c
        for c in world.camps
        if c.index != camp_a.index
        and c.spec.side_b > 0
        and (not camp_a.spec.partners or c.spec.key in camp_a.spec.partners)
        and (not c.spec.partners or camp_a.spec.key in c.spec.partners)
    ]
    return rng.choices(allowed, weights=[c.spec.side_b for c in allowed])[0]


def _plan_event(
    rng: random.Random,
    world: World,
    index: int,
    day: dt.date,
    camp_a: Camp,
    camp_b: Camp,
    n_reports: int,
    last_seen: dict[int, dt.date],
) -> EventPlan:
    """Draw one meeting's canonical facts."""
    total = pick(rng, PEOPLE_PER_EVENT)
    n_a = max(1, min(total - 1, round(total * rng.uniform(0.4, 0.6))))
    used: set[int] = set()
    side_a = _plan_side(rng, world, camp_a, n_a, day, last_seen, used, attends=True)
    side_b = _plan_side(rng, world, camp_b, total - n_a, day, last_seen, used, attends=rng.random() < 0.5)
    roll = rng.random()
    cities = camp_b.spec.cities if roll < 0.5 else camp_a.spec.cities if roll < 0.8 else NEUTRAL_CITIES
    place = world.places.index(rng.choice(cities))
    cites: list[int] = []
    for _ in range(pick(rng, CITES_PER_EVENT)):
        doc = draw(rng, range(len(world.docs)), world.doc_cum)
        if doc not in cites:
            cites.append(doc)
    topics = rng.sample(range(len(TOPICS)), rng.randint(1, 3))
    outlets = rng.sample(range(20), n_reports)
    return EventPlan(index, f"T{index + 1:06d}", day, place, (side_a, side_b), cites, topics, outlets)


def _plan_side(
    rng: random.Random,
    world: World,
    camp: Camp,
    size: int,
    day: dt.date,
    last_seen: dict[int, dt.date],
    used: set[int],
    attends: bool,
) -> Side:
    """Pick a delegation: an organisation, a senior lead from it, members from the camp, all free that day."""
    org = draw(rng, camp.orgs, cumulative([world.orgs[o].spec.weight for o in camp.orgs]))
    if org not in world.org_cum:
        org = next(o for o in camp.orgs if o in world.org_cum)

    def free(pid: int) -> bool:
        return pid not in used and last_seen.get(pid) != day

    seniors = [p for p in world.org_people[org] if world.people[p].seniority <= 1 and free(p)]
    lead = rng.choice(seniors) if seniors else _draw_free(rng, world.org_people[org], world.org_cum[org], free)
    if lead is None:
        lead = _draw_free(rng, camp.people, camp.cum, free)
    members: list[int] = []
    if lead is not None:
        members.append(lead)
        used.add(lead)
    while len(members) < size:
        from_org = rng.random() < 0.6
        pool, cum = (world.org_people[org], world.org_cum[org]) if from_org else (camp.people, camp.cum)
        pid = _draw_free(rng, pool, cum, free)
        if pid is None:
            pid = _draw_free(rng, camp.people, camp.cum, free)
        if pid is None:
            break
        members.append(pid)
        used.add(pid)
    for pid in members:
        last_seen[pid] = day
    if not members:  # a tiny camp fully booked that day: borrow anyone free rather than fail
        pid = next(p for p in range(len(world.people)) if free(p))
        members, last_seen[pid] = [pid], day
        used.add(pid)
    return Side(org, members[0], members, attends)


def _draw_free(
    rng: random.Random, pool: Sequence[int], cum: Sequence[float], free: Callable[[int], bool]
) -> int | None:
    """Draw a free person by weight, falling back to a scan when the pool is nearly booked."""
    for _ in range(12):
        pid = draw(rng, pool, cum)
        if free(pid):
            return pid
    options = [p for p in pool if free(p)]
    return rng.choice(options) if options else None


def other_title(rng: random.Random, world: World, title: Title) -> Title:
    """A title that differs in substance (another portfolio, or another post in the same organisation)."""
    kind = world.orgs[title.org].spec.kind
    rank = rank_of(kind, title.rank)
    if len(rank.portfolios) > 1:
        return Title(title.org, title.rank, rng.choice([p for p in rank.portfolios if p != title.portfolio]))
    others = [r for r in RANKS[kind] if r.key != rank.key and abs(r.seniority - rank.seniority) <= 1]
    alt = rng.choice(others or [r for r in RANKS[kind] if r.key != rank.key])
    return Title(title.org, alt.key, rng.choice(alt.portfolios) if alt.portfolios else "")
