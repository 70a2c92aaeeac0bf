"""Pair up the claims different reports make about one subject: per property, and per member for sets.

Pure: takes claim views, returns aligned groups; the database is read and written by findings.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from reconcile import settings
from reconcile.score import best_matches

# Victims and perpetrators of an incident, and whom an arrest or an appointment is about, are named member by
# member, like attendees.
ENTITY_SETS = ("attendee", "victim", "perpetrator", "involves", "cites", "affiliation")
TEXT_SETS = ("topic", "stance", "quote")
# How many were killed, injured, missing or arrested in an incident, how many passengers and crew were on board,
# how strong an earthquake was, an election's turnout, the amount of money an event is about and how long it
# lasted (or the sentence a ruling gave): one interval each ('at least 60'; a magnitude, a turnout or an amount is
# read with its rounding, a length in minutes: see normalize.number_interval).
COUNTS = (
    "killed",
    "injured",
    "missing",
    "arrested",
    "perpetrators",
    "passengers",
    "crew",
    "magnitude",
    "turnout",
    "amount",
    "duration",
)
# An election's share of the vote and count of votes, one interval per candidate or party that won them.
HELD = ("vote_share", "votes")
# A person has one age and one outcome in one incident, as an event has one date and one place.
SINGLE = ("date", "place", "age", "outcome", *COUNTS)
NUMBERS = (*COUNTS, *HELD)
PROPERTY_ORDER = (
    "date",
    "place",
    *NUMBERS,
    "led_by",
    "attendee",
    "victim",
    "perpetrator",
    "involves",
    "cites",
    "stance",
    "topic",
    "quote",
    "name",
    "title",
    "age",
    "outcome",
    "affiliation",
)


@dataclass(frozen=True)
class ClaimView:
    """A stored claim as the matcher sees it: value, evidence, and references resolved to entities."""

    id: int
    report_id: str
    published: dt.date | None
    property: str
    value: str
    normalised: str
    raw: str
    sentence: str
    span: tuple[int, int]
    object_id: int | None = None
    object_name: str | None = None
    qualifiers: dict[str, Any] = field(default_factory=dict)  # side/holder/speaker/organisation -> entity id
    names: dict[int, str] = field(default_factory=dict)  # display names of the entities in qualifiers
    # For a place: the towns reports say it lies in, each with the report that says so ('Crocus City Hall in
    # Krasnogorsk'), as (town, report id).
    within: tuple[tuple[str, str], ...] = ()
    # Entity id -> the local id of the mention, in the claim's report, that the claim names it by (object or
    # qualifier): what a finding's id names a member entity by (keys.py), which no other report's mention changes.
    named_by: dict[int, str] = field(default_factory=dict)


@dataclass
class AlignedGroup:
    """The claims of several reports about one property (and one member of a set) of one subject."""

    property: str
    member: str | None
    member_entity_id: int | None
    reports: list[str]
    by_report: dict[str, list[ClaimView]] = field(default_factory=dict)

    def claims(self) -> list[ClaimView]:
        return [c for r in self.reports for c in self.by_report.get(r, [])]


def align(claims: list[ClaimView], reports: list[str]) -> list[AlignedGroup]:
    """Group `claims` (from the reports in scope) into the comparisons the classifier judges."""
    by_property: dict[str, list[ClaimView]] = defaultdict(list)
    for claim in claims:
        by_property[claim.property].append(claim)
    groups: list[AlignedGroup] = []
    for prop in PROPERTY_ORDER:
        items = by_property.get(prop, [])
        if not items:
            continue
        if prop in SINGLE or prop in ("name", "title"):
            groups.append(_group(prop, None, None, reports, items))
        elif prop == "led_by":
            groups += _keyed(prop, reports, items, lambda c: c.qualifiers.get("side"), _side_label)
        elif prop in HELD:
            groups += _keyed(prop, reports, items, lambda c: c.qualifiers.get("holder"), _holder_label)
        elif prop in ENTITY_SETS:
            groups += _keyed(prop, reports, items, lambda c: c.object_id, lambda c: c.object_name)
        else:
            groups += _text_members(prop, reports, items)
    return groups


def _group(
    prop: str, member: str | None, member_id: int | None, reports: list[str], items: list[ClaimView]
) -> AlignedGroup:
    group = AlignedGroup(prop, member, member_id, reports)
    for claim in items:
        group.by_report.setdefault(claim.report_id, []).append(claim)
    return group


def _side_label(claim: ClaimView) -> str | None:
    side = claim.qualifiers.get("side")
    return f"{claim.names[side]} side" if side is not None and side in claim.names else None


def _holder_label(claim: ClaimView) -> str | None:
    holder = claim.qualifiers.get("holder")
    return claim.names.get(holder) if holder is not None else None


def _keyed(prop: str, reports: list[str], items: list[ClaimView], key: Any, label: Any) -> list[AlignedGroup]:
    """One group per member entity (attendees, cited documents) or per side (who led it)."""
    members: dict[Any, list[ClaimView]] = defaultdict(list)
    for claim in items:
        members[key(claim)].append(claim)
    return [
        _group(prop, label(claimed[0]), k if prop != "led_by" else None, reports, claimed)
        for k, claimed in sorted(members.items(), key=lambda kv: str(label(kv[1][0])))
    ]


# A quote this long is one utterance whoever it is put to: two reports giving it to different speakers disagree
# on who said it. Shorter ones ('no comment', 'very useful') are said by many, so they stay with their speaker.
QUOTE_WORDS = 4


def _owner(claim: ClaimView) -> Any:
    """Whose topic, stance or quote it is, for alignment: a long quote is aligned on its words alone."""
    if claim.property == "quote" and len(claim.normalised.split()) >= QUOTE_WORDS:
        return None
    return claim.qualifiers.get("holder", claim.qualifiers.get("speaker"))


def _text_members(prop: str, reports: list[str], items: list[ClaimView]) -> list[AlignedGroup]:
    """Free-text members (topics, stances, quotes) join the most similar member of the same holder."""
    groups: list[tuple[Any, AlignedGroup]] = []
    for claim in items:
        owner = _owner(claim)
        mine = [(i, g) for i, (o, g) in enumerate(groups) if o == owner]
        labels = [g.member or "" for _, g in mine]
        found = best_matches(claim.normalised, labels, settings.MEMBER_SIMILARITY) if labels else []
        if found:
            group = mine[found[0][2]][1]
            group.by_report.setdefault(claim.report_id, []).append(claim)
        else:
            groups.append((owner, _group(prop, claim.normalised, None, reports, [claim])))
    for _, group in groups:
        group.member = group.claims()[0].value
    return [g for _, g in groups]
