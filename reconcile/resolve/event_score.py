"""Whether two event mentions describe one event: evidence weighed in log-odds, each step explained.

Each piece of evidence adds or subtracts a weight (a log Bayes factor, as in Fellegi-Sunter record
linkage), so the reasons a reader sees are exactly the terms of the score. Explicit dates more than a
few days apart, or towns and countries neither of which contains the other, say two occurrences: the pair
cannot be merged. Dates a few days apart are weighed instead, and such a pair is never merged without a reviewer:
one report may simply have the date wrong, which is the conflict a fact-checker wants to see.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from reconcile import settings
from reconcile.normalize import MAGNITUDE_TOLERANCE, count_interval, person_keys
from reconcile.places import common_region, is_locality, places_nested
from reconcile.score import text_similarity

PRIOR = -1.4  # two meetings that share a participant are the same one about one time in five
SHARED_PERSON = 1.2
SHARED_ORGANISATION = 0.4
MAX_SHARED = 3.6
LEAD_ABSENT = -1.5  # the other report names the side's people but not the one who led it
PARTICIPANT_ABSENT = -0.3  # each, for a meeting; once in all for an incident, whose victims become known over days
DISJOINT = -1.5  # both name who else took part, and nobody else is in common
SAME_DATE = 2.5
SAME_PLACE = 1.5
# An attack, a crash, a disaster or a robbery at one venue (not a town: a hall, a station, a lake) within the days its
# reports span is rarely two; meetings, by contrast, are held in the same palace or hotel round after round.
SAME_VENUE_ONE_OFF = 1.5
ONE_OFF_KINDS = ("incident", "crash", "disaster", "theft")
ONCE_A_DAY = ("disaster", "election")  # kinds that happen in one place once on a day
# A fire set by rioters is a 'disaster' in one report and an attack in another: one-off kinds are weighed against
# each other, while a meeting and a shooting are never one event.
KIND_NEAR = -0.5
KIND_OTHER = -3.0
PLACE_WITHIN = 1.0  # 'Kuala Lumpur' and 'Malaysia': one report is more precise
PLACES_UNRELATED = -1.0  # 'Stadiou Street' and 'Syntagma Square': maybe one place named by two landmarks, maybe two
# Two towns of one state ('Warren' and 'Sterling Heights'): one report names where it happened, another the town
# next door the victims or the suspect came from.
PLACES_ONE_REGION = -0.3
DATE_CONFLICT = -1.0  # dates a few days apart: one report may be wrong, or these are two meetings
SAME_LEAD = 1.0
OTHER_LEAD = -2.0
SHARED_DOCUMENT = 0.5
MAX_DOCUMENTS = 1.5
TOPICS = 1.0
# A person is rarely shot twice within weeks: two accounts naming the same victim are almost always one
# incident, so a shared victim weighs far more than a shared attendee (on top of SHARED_PERSON).
SHARED_VICTIM = 2.0
MAX_VICTIMS = 3.0
# One named perpetrator may act more than once, so a shared one weighs less than a shared victim.
SHARED_PERPETRATOR = 1.0
# One person arrested, appointed or sentenced twice within the weeks its reports span is rare, as a victim is.
SHARED_INVOLVED = 2.0
# Meetings are reported within days: an explicit date far from the other report's publication date,
# or two undated accounts published weeks apart, are evidence of two meetings.
REPORTED_NEAR = 0.5
REPORTED_FAR = -2.0
NEAR_DAYS, FAR_DAYS = 3, 10
# Two accounts of one attack, crash or disaster that give the same death toll: distinct events of one kind with
# one toll are rare. An open bound ('at least 10') agrees with many tolls, so it weighs less.
SAME_TOLL = 1.5
OPEN_TOLL = 0.5
# Two accounts of one incident that name one person by different forms the resolver keeps apart ('Anthony
# LaCalamita', 'LaCalamita', a name cut with a word too many): a surname in common, weighed once.
SHARED_SURNAME = 0.8
# Names two reports of a one-off event both give, beyond the event's own participants and places: the bank, the
# police chief, the company that employed the gunman. Each weighs a little, up to a cap.
SHARED_NAME = 0.5
MAX_SHARED_NAMES = 1.5
SAME_MAGNITUDE = 1.0
MAGNITUDES_APART = -2.0  # 5.6 and 6.1: agencies differ by a tenth or two on one quake, not by half a point


@dataclass
class EventFacts:
    """What one report says about one event, with entities already resolved to entity ids."""

    mention_id: int
    report_id: str
    published: dt.date | None = None
    kind: str = "meeting"
    local_id: str = ""  # the mention's id in its report: with report_id, an order that does not depend on arrival
    names: dict[int, str] = field(default_factory=dict)  # entity id -> display name, for reasons
    people: set[int] = field(default_factory=set)
    organisations: set[int] = field(default_factory=set)
    sides: dict[int, int | None] = field(default_factory=dict)  # participant -> side entity
    leads: dict[int | None, int] = field(default_factory=dict)  # side entity -> lead
    dates: set[dt.date] = field(default_factory=set)
    places: set[int] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)
    topics: list[str] = field(default_factory=list)
    victims: set[int] = field(default_factory=set)
    perpetrators: set[int] = field(default_factory=set)
    involved: set[int] = field(default_factory=set)  # whom an arrest, an appointment or a ruling is about
    tolls: set[str] = field(default_factory=set)  # the killed counts stated, as stored ('10', 'at least 3')
    magnitudes: set[float] = field(default_factory=set)  # an earthquake's, as stated
    # People and organisations named anywhere in the report, of those few reports name (see events.MAX_BLOCK).
    report_names: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class PairScore:
    verdict: str
    score: float
    reasons: list[str]
    blocked: bool


def score_pair(a: EventFacts, b: EventFacts) -> PairScore:
    """The probability that `a` and `b` are one event, its verdict, and the reasons behind it."""
    names = {**a.names, **b.names}
    blockers = _blockers(a, b, names)
    if blockers:
        return PairScore("different", 0.0, blockers, True)
    terms: list[tuple[float, str]] = [(PRIOR, _prior(a, b))]
    terms += _kind_terms(a, b)
    terms += _participant_terms(a, b, names)
    terms += _lead_terms(a, b, names)
    terms += _victim_terms(a, b, names)
    terms += _surname_terms(a, b, names)
    terms += _shared_name_terms(a, b, names)
    terms += _when_where_terms(a, b, names)
    terms += _toll_terms(a, b)
    terms += _magnitude_terms(a, b)
    terms += _document_terms(a, b, names)
    terms += _topic_terms(a, b)
    logit = sum(weight for weight, _ in terms)
    probability = 1 / (1 + math.exp(-logit))
    if probability >= settings.EVENT_SAME:
        verdict = "same"
    elif probability < settings.EVENT_DIFFERENT:
        verdict = "different"
    else:
        verdict = "uncertain"
    reasons = [f"{weight:+.1f} {why}" if weight else f"  0 {why}" for weight, why in terms]
    if verdict == "same" and _date_gap(a, b) is not None:
        verdict = "uncertain"
        reasons.append("  0 held for a reviewer: the rest says one event, but the dates conflict")
    elif verdict == "same" and _only_a_town_in_common(a, b, names):
        verdict = "uncertain"
        reasons.append(f"  0 held for a reviewer: {_only(a, b)}")
    return PairScore(verdict, round(probability, 3), reasons, False)


def _only_a_town_in_common(a: EventFacts, b: EventFacts, names: dict[int, str]) -> bool:
    """Two accounts that share no person or organisation and whose shared places are towns or countries: many
    things happen in a town on one day, so only a venue or a street in common says one event by itself. Not so for
    a disaster or an election: an earthquake strikes a town once on a day, and a country votes once on a day, so a
    shared date and place say one."""
    if a.people & b.people or a.organisations & b.organisations or _shared_toll(a, b):
        return False
    if a.kind == b.kind and a.kind in ONCE_A_DAY and a.dates & b.dates:
        return False
    return all(is_locality(names.get(p, "")) for p in a.places & b.places)


def _only(a: EventFacts, b: EventFacts) -> str:
    """What a pair held for a reviewer has in common: a town and a time, or only a time when names elsewhere in
    the reports brought them together."""
    if a.places & b.places:
        return "no participant in common, only a town and a time"
    return "no participant or place in common, only a time"


def _prior(a: EventFacts, b: EventFacts) -> str:
    """Why the score starts below even: the pair was proposed by a shared participant, or by a place and a time."""
    if a.kind != b.kind:
        return "prior: accounts sharing a participant are often of distinct events"
    if a.people & b.people or a.organisations & b.organisations:
        return f"prior: {a.kind}s sharing a participant are often distinct"
    return f"prior: accounts of {_article(a.kind)} in one place within days are often of two"


def _one_off_pair(a: EventFacts, b: EventFacts) -> bool:
    """Whether both accounts tell of one-off events (an attack, a crash, a disaster, a robbery) that may be one."""
    return a.kind in ONE_OFF_KINDS and comparable_kinds(a.kind, b.kind)


def comparable_kinds(left: str | None, right: str | None) -> bool:
    """Whether accounts of these kinds may tell of one event: the same kind, or two one-off kinds."""
    return left == right or (left in ONE_OFF_KINDS and right in ONE_OFF_KINDS)


def _kind_terms(a: EventFacts, b: EventFacts) -> list[tuple[float, str]]:
    if a.kind == b.kind:
        return []
    weight = KIND_NEAR if comparable_kinds(a.kind, b.kind) else KIND_OTHER
    return [(weight, f"{a.report_id} tells of {_article(a.kind)}, {b.report_id} of {_article(b.kind)}")]


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _listing(ids: set[int], names: dict[int, str]) -> str:
    return ", ".join(sorted(names.get(i, f"#{i}") for i in ids))


def _blockers(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[str]:
    """Explicit facts that say two occurrences: dates more than a few days apart, or places apart."""
    reasons = []
    gap = _date_gap(a, b)
    if gap is not None and gap > NEAR_DAYS:
        reasons.append(
            f"dates conflict, {_days(gap)} apart: {a.report_id} says {_dates(a.dates)}, "
            f"{b.report_id} says {_dates(b.dates)}"
        )
    if _places_apart(a, b, names):
        reasons.append(
            f"places conflict: {a.report_id} says {_listing(a.places, names)}, "
            f"{b.report_id} says {_listing(b.places, names)}"
        )
    return reasons


def _date_gap(a: EventFacts, b: EventFacts) -> int | None:
    """Days between the nearest explicit dates of two accounts that share none; None when they share one or
    either gives none."""
    if not a.dates or not b.dates or a.dates & b.dates:
        return None
    return min(abs((x - y).days) for x in a.dates for y in b.dates)


def _same_place(a: EventFacts, b: EventFacts, names: dict[int, str]) -> bool:
    return bool(a.places & b.places) or places_nested(
        {names.get(p, "") for p in a.places}, {names.get(p, "") for p in b.places}
    )


def _places_apart(a: EventFacts, b: EventFacts, names: dict[int, str]) -> bool:
    """Whether the two accounts put the event in towns or countries apart (Athens and Thessaloniki). A venue or
    a street the gazetteer does not know ('Stadiou Street', 'the Marfin Bank branch') may lie in the other
    report's town, and towns of one state or province (Warren and Sterling Heights) may be where one outlet
    says it happened and another where the suspect lived, so both are weighed (PLACES_UNRELATED), never a reason
    to rule the pair out."""
    if a.places & b.places:
        return False
    left, right = ({names.get(p, "") for p in f.places if is_locality(names.get(p, ""))} for f in (a, b))
    return bool(left and right) and not places_nested(left, right) and common_region(left | right) is None


def _days(count: int | None) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _dates(dates: set[dt.date]) -> str:
    return ", ".join(sorted(d.isoformat() for d in dates))


def _participant_terms(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[tuple[float, str]]:
    shared_people, shared_orgs = a.people & b.people, a.organisations & b.organisations
    weight = min(MAX_SHARED, SHARED_PERSON * len(shared_people) + SHARED_ORGANISATION * len(shared_orgs))
    terms = []
    if shared_people or shared_orgs:
        terms.append((weight, f"both name {_listing(shared_people | shared_orgs, names)}"))
    if not shared_people:
        a_rest = (a.people | a.organisations) - shared_orgs
        b_rest = (b.people | b.organisations) - shared_orgs
        if a_rest and b_rest:
            terms.append(
                (
                    DISJOINT,
                    f"no other participant in common: {a.report_id} names {_listing(a_rest, names)}; "
                    f"{b.report_id} names {_listing(b_rest, names)}",
                )
            )
    leads = set(a.leads.values()) | set(b.leads.values())
    for mine, other in ((a, b), (b, a)):
        absent = mine.people - other.people - leads
        sides_named = {other.sides.get(p) for p in other.people}
        absent = {p for p in absent if mine.sides.get(p) in sides_named}
        if absent:
            terms.append(
                (
                    PARTICIPANT_ABSENT * (1 if mine.kind in ONE_OFF_KINDS else len(absent)),
                    f"{mine.report_id} names {_listing(absent, names)}, whom {other.report_id} does not mention",
                )
            )
    return terms


def _lead_terms(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[tuple[float, str]]:
    """A lead named by one report and missing from the other's account of the same side weighs against."""
    terms: list[tuple[float, str]] = []
    for side in sorted(set(a.leads) | set(b.leads), key=lambda s: (s is not None, names.get(s or 0, ""), s or 0)):
        left, right = a.leads.get(side), b.leads.get(side)
        side_name = f"the {names[side]} side" if side in names else "the meeting"
        if left is not None and right is not None:
            if left == right:
                terms.append((SAME_LEAD, f"both say {names.get(left)} led {side_name}"))
            else:
                terms.append(
                    (
                        OTHER_LEAD,
                        f"{a.report_id} says {names.get(left)} led {side_name}, {b.report_id} says {names.get(right)}",
                    )
                )
            continue
        lead, mine, other = (left, a, b) if left is not None else (right, b, a)
        assert lead is not None
        if lead in other.people:
            continue
        others_on_side = {p for p, s in other.sides.items() if s == side and p in other.people}
        if others_on_side:
            terms.append(
                (
                    LEAD_ABSENT,
                    f"{mine.report_id} says {names.get(lead)} led {side_name}; {other.report_id} "
                    f"names only {_listing(others_on_side, names)} on that side",
                )
            )
    return terms


def _victim_terms(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[tuple[float, str]]:
    """Victims or perpetrators named by both accounts: evidence of one incident (see SHARED_VICTIM); the one an
    arrest or an appointment is about, of one of them (see SHARED_INVOLVED)."""
    terms = []
    shared = a.victims & b.victims
    if shared:
        weight = min(MAX_VICTIMS, SHARED_VICTIM * len(shared))
        terms.append((weight, f"both name {_listing(shared, names)} as a victim"))
    perpetrators = a.perpetrators & b.perpetrators
    if perpetrators:
        terms.append((SHARED_PERPETRATOR, f"both name {_listing(perpetrators, names)} as the perpetrator"))
    involved = a.involved & b.involved
    if involved and a.kind == b.kind:
        terms.append((SHARED_INVOLVED, f"both tell of the {a.kind} of {_listing(involved, names)}"))
    return terms


def _surname_terms(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[tuple[float, str]]:
    """A surname both accounts of a one-off event give to people the resolver keeps apart (see SHARED_SURNAME)."""
    if not _one_off_pair(a, b):
        return []
    mine, theirs = surnames(a), surnames(b)
    for key in sorted(mine.keys() & theirs.keys()):
        left, right = mine[key] - b.people, theirs[key] - a.people
        if left and right:
            said = f"{a.report_id} names {_listing(left, names)}, {b.report_id} {_listing(right, names)}"
            return [(SHARED_SURNAME, f"one surname: {said}")]
    return []


def _shared_name_terms(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[tuple[float, str]]:
    """Names both reports of a one-off event give besides the event's participants (see SHARED_NAME)."""
    if not _one_off_pair(a, b):
        return []
    shared = _shared_names(a, b)
    if not shared:
        return []
    weight = min(MAX_SHARED_NAMES, SHARED_NAME * len(shared))
    return [(weight, f"both reports also name {_listing(shared, names)}")]


def _shared_names(a: EventFacts, b: EventFacts) -> set[int]:
    """The names two reports share that the accounts' own participants and places do not already weigh."""
    counted = a.people | b.people | a.organisations | b.organisations | a.places | b.places
    return (a.report_names & b.report_names) - counted


def surnames(facts: EventFacts) -> dict[str, set[int]]:
    """The account's people by their surname's blocking key ('sn:lclmt' for LaCalamita)."""
    keys: dict[str, set[int]] = {}
    for person in facts.people:
        for key in person_keys(facts.names.get(person, "")):
            if key.startswith("sn:"):
                keys.setdefault(key, set()).add(person)
    return keys


def _when_where_terms(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[tuple[float, str]]:
    terms: list[tuple[float, str]] = []
    if a.dates & b.dates:
        terms.append((SAME_DATE, f"same date {_dates(a.dates & b.dates)}"))
    elif a.dates and b.dates:
        terms.append(
            (
                DATE_CONFLICT,
                f"dates conflict: {a.report_id} says {_dates(a.dates)}, {b.report_id} says {_dates(b.dates)} "
                f"({_days(_date_gap(a, b))} apart)",
            )
        )
    elif a.dates or b.dates:
        dated, undated = (a, b) if a.dates else (b, a)
        terms.append(
            (0.0, f"date: only {dated.report_id} gives one ({_dates(dated.dates)}); {undated.report_id} gives none")
        )
    terms += _publication_terms(a, b)
    if a.places & b.places:
        terms.append((SAME_PLACE, f"same place {_listing(a.places & b.places, names)}"))
        venues = {p for p in a.places & b.places if not is_locality(names.get(p, ""))}
        if venues and _one_off_pair(a, b):
            terms.append((SAME_VENUE_ONE_OFF, f"one {a.kind} at one venue, {_listing(venues, names)}"))
    elif a.places and b.places and not _same_place(a, b, names):
        region = common_region(names.get(p, "") for p in a.places | b.places)
        terms.append(
            (
                PLACES_UNRELATED if region is None else PLACES_ONE_REGION,
                f"places differ, neither known to lie within the other: {a.report_id} says "
                f"{_listing(a.places, names)}, {b.report_id} says {_listing(b.places, names)}"
                + ("" if region is None else f", both in {region}"),
            )
        )
    elif a.places and b.places:
        terms.append(
            (
                PLACE_WITHIN,
                f"same place, one more precise: {a.report_id} says {_listing(a.places, names)}, "
                f"{b.report_id} says {_listing(b.places, names)}",
            )
        )
    elif a.places or b.places:
        placed, other = (a, b) if a.places else (b, a)
        terms.append(
            (
                0.0,
                f"place: only {placed.report_id} gives one ({_listing(placed.places, names)}); "
                f"{other.report_id} gives none",
            )
        )
    return terms


def _publication_terms(a: EventFacts, b: EventFacts) -> list[tuple[float, str]]:
    """How the one explicit date sits against the other report's publication date (or, with no
    explicit date on either side, how far apart the two reports were published)."""
    if a.dates and b.dates:
        return []
    dated, other = (a, b) if a.dates else (b, a)
    if other.published is None:
        return []
    if dated.dates:
        gap = min(abs((d - other.published).days) for d in dated.dates)
        what = f"{other.report_id} was published {gap} days from the date {dated.report_id} gives"
    elif dated.published is not None:
        gap = abs((dated.published - other.published).days)
        what = f"the two reports were published {gap} days apart"
    else:
        return []
    if gap <= NEAR_DAYS:
        return [(REPORTED_NEAR, what)]
    if gap >= FAR_DAYS:
        return [(REPORTED_FAR, what)]
    return [(0.0, what)]


def _shared_toll(a: EventFacts, b: EventFacts) -> tuple[str, str] | None:
    """A toll of each account that agrees with the other's, a closed one first; None when they share none."""
    if not _one_off_pair(a, b):
        return None
    agreeing = [
        (x, y) for x in sorted(a.tolls) for y in sorted(b.tolls) if _overlap(count_interval(x), count_interval(y))
    ]
    return min(agreeing, key=lambda pair: not _closed(pair), default=None)


def _overlap(x: tuple[int, float], y: tuple[int, float]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]


def _closed(pair: tuple[str, str]) -> bool:
    return all(math.isfinite(count_interval(value)[1]) for value in pair)


def _toll_terms(a: EventFacts, b: EventFacts) -> list[tuple[float, str]]:
    """A death toll both accounts give (see SAME_TOLL); differing tolls weigh nothing, since tolls rise."""
    shared = _shared_toll(a, b)
    if shared is not None:
        weight = SAME_TOLL if _closed(shared) else OPEN_TOLL
        return [(weight, f"same toll: {a.report_id} says {shared[0]} killed, {b.report_id} says {shared[1]}")]
    if a.tolls and b.tolls and _one_off_pair(a, b):
        return [(0.0, f"tolls differ: {', '.join(sorted(a.tolls))} killed against {', '.join(sorted(b.tolls))}")]
    return []


def _magnitude_terms(a: EventFacts, b: EventFacts) -> list[tuple[float, str]]:
    """One earthquake has one magnitude, give or take the agencies' rounding; two apart are two earthquakes."""
    if not (a.magnitudes and b.magnitudes):
        return []
    said = f"{a.report_id} says {_magnitudes(a)}, {b.report_id} says {_magnitudes(b)}"
    if any(abs(x - y) <= MAGNITUDE_TOLERANCE + 1e-9 for x in a.magnitudes for y in b.magnitudes):
        return [(SAME_MAGNITUDE, f"same magnitude: {said}")]
    return [(MAGNITUDES_APART, f"magnitudes apart: {said}")]


def _magnitudes(facts: EventFacts) -> str:
    return " or ".join(f"{m:g}" for m in sorted(facts.magnitudes))


def _document_terms(a: EventFacts, b: EventFacts, names: dict[int, str]) -> list[tuple[float, str]]:
    shared = a.documents & b.documents
    if not shared:
        return []
    return [(min(MAX_DOCUMENTS, SHARED_DOCUMENT * len(shared)), f"both cite {_listing(shared, names)}")]


def _topic_terms(a: EventFacts, b: EventFacts) -> list[tuple[float, str]]:
    """Topics add up to TOPICS by how closely each topic of the shorter list matches the other's."""
    if not a.topics or not b.topics:
        return []
    # Ties are broken by content, not by argument order, so score_pair(a, b) == score_pair(b, a).
    short, long = sorted((a.topics, b.topics), key=lambda topics: (len(topics), sorted(topics)))
    matched = [max(text_similarity(t, u) for u in long) for t in short]
    overlap = sum(1 for m in matched if m >= settings.MEMBER_SIMILARITY) / len(short)
    weight = TOPICS * overlap * min(len(short), 3) / 3  # one shared topic says little; three say more
    return [(round(weight, 2), f"{overlap:.0%} of the {len(short)} topics of one report are in the other's")]
