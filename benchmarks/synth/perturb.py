"""What one report of a meeting states: a subset of the canonical facts, with the perturbations.

The rates below are the knobs of the benchmark. Every perturbation shows in the ground truth
only through what the reports end up stating (see truth.py), never through this plan, so a
perturbation that no other report contradicts yields no finding, as a reader would see it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .world import EventPlan, Title, World, other_title

RELATIVE_RATE = 0.30  # reports with a dateline that state the meeting date relative to it
ABSOLUTE_RATE = 0.80  # of the other reports, those that state the date in full (the rest omit it)
DATE_SHIFT_RATE = 0.06  # stated date off by 1-3 days                       -> date conflict
PLACE_RATE = 0.80  # reports that say where the meeting was
WRONG_PLACE_RATE = 0.05  # another city                                      -> place conflict
LEAD_LISTED_RATE = 0.92  # a side's lead is named as attending
MEMBER_LISTED_RATE = 0.75  # any other member is named as attending         -> attendee addition
EXTRA_ATTENDEE_RATE = 0.05  # someone who was not there is listed            -> attendee addition
LEAD_STATED_RATE = (0.65, 0.35)  # the report says who led side A / side B
WRONG_LEAD_RATE = 0.05  # another member of the side is said to have led it -> led_by conflict
ORG_STATED_RATE = 0.85  # an attending organisation is named as a party      -> attendee addition
TITLE_RATE = 0.70  # a named person's title is given
WRONG_TITLE_RATE = 0.02  # a title different in substance                   -> title conflict
CITE_RATE = 0.70  # each cited document is mentioned                         -> cites addition
TOPIC_RATE = 0.80
QUOTE_RATE = 0.50
REFERENCE_RATE = 0.15  # a non-attendee is mentioned with a title (resolver distractor)


@dataclass(slots=True)
class ReportPlan:
    """The facts one report states about its meeting (possibly wrong), before any wording is chosen."""

    rid: str
    outlet: int
    published: dt.date | None
    date: dt.date | None
    place: int | None
    listed: tuple[list[int], list[int]]
    leads: tuple[int | None, int | None]
    org_stated: tuple[bool, bool]
    titles: dict[int, Title]
    cites: list[int]
    topics: list[int]
    quote: int | None
    reference: int | None


def plan_report(world: World, event: EventPlan, slot: int, rid: str, rng: random.Random) -> ReportPlan:
    """Draw what report number `slot` of `event` states."""
    date, published = _plan_date(event, rng)
    place: int | None = None
    if rng.random() < PLACE_RATE:
        place = event.place
        if rng.random() < WRONG_PLACE_RATE:
            place = rng.choice([p for p in range(len(world.places)) if p != event.place])
    listed: tuple[list[int], list[int]] = ([], [])
    leads: list[int | None] = [None, None]
    for s, side in enumerate(event.sides):
        listed[s].extend(
            p for p in side.members if rng.random() < (LEAD_LISTED_RATE if p == side.lead else MEMBER_LISTED_RATE)
        )
        if rng.random() < EXTRA_ATTENDEE_RATE:
            _add_extra(world, event, s, listed[s], rng)
        if rng.random() < LEAD_STATED_RATE[s]:
            lead = side.lead
            if rng.random() < WRONG_LEAD_RATE and len(side.members) > 1:
                lead = rng.choice(side.members[1:])
            leads[s] = lead
            if lead not in listed[s]:
                listed[s].insert(0, lead)
    if not listed[0] and not listed[1]:
        listed[0].append(event.sides[0].lead)
    everyone = listed[0] + listed[1]
    titles = {p: _stated_title(world, p, rng) for p in everyone if rng.random() < TITLE_RATE}
    reference = _reference(world, event, set(everyone), rng) if rng.random() < REFERENCE_RATE else None
    if reference is not None:
        titles[reference] = _stated_title(world, reference, rng)
    org_stated = [s.org_attends and rng.random() < ORG_STATED_RATE for s in event.sides]
    return ReportPlan(
        rid=rid,
        outlet=event.outlets[slot],
        published=published,
        date=date,
        place=place,
        listed=listed,
        leads=(leads[0], leads[1]),
        org_stated=(org_stated[0], org_stated[1]),
        titles=titles,
        cites=[d for d in event.cites if rng.random() < CITE_RATE],
        topics=[t for t in event.topics if rng.random() < TOPIC_RATE] or event.topics[:1],
        quote=rng.choice(everyone) if rng.random() < QUOTE_RATE else None,
        reference=reference,
    )


def _plan_date(event: EventPlan, rng: random.Random) -> tuple[dt.date | None, dt.date | None]:
    """Choose how the report dates the meeting: relative to a dateline, in full, or not at all."""
    relative = rng.random() < RELATIVE_RATE
    if not relative and rng.random() >= ABSOLUTE_RATE:
        return None, None
    date = event.date
    if rng.random() < DATE_SHIFT_RATE:
        date += dt.timedelta(days=rng.choice((-3, -2, -1, 1, 2, 3)))
    published = date + dt.timedelta(days=rng.randint(0, 4)) if relative else None
    return date, published


def _stated_title(world: World, pid: int, rng: random.Random) -> Title:
    """The person's title as this report gives it; rarely a different post altogether."""
    title = world.people[pid].title
    return other_title(rng, world, title) if rng.random() < WRONG_TITLE_RATE else title


def _add_extra(world: World, event: EventPlan, s: int, listed: list[int], rng: random.Random) -> None:
    """List a colleague from the side's camp who did not attend."""
    camp = world.camps[world.people[event.sides[s].lead].camp]
    present = set(event.sides[0].members) | set(event.sides[1].members)
    options = [p for p in camp.people[:200] if p not in present]
    if options:
        listed.append(rng.choice(options))


def _reference(world: World, event: EventPlan, named: set[int], rng: random.Random) -> int | None:
    """Someone from either camp who was not at the meeting and is not named as attending."""
    camp = world.camps[world.people[event.sides[rng.randrange(2)].lead].camp]
    present = set(event.sides[0].members) | set(event.sides[1].members) | named
    for _ in range(8):
        pid = rng.choice(camp.people)
        if pid not in present:
            return pid
    return None
