"""Grouping spans into a report's entities: looked up through indexes, the same as comparing every pair."""

from __future__ import annotations

import random

from reconcile.extract.grouping import COMPARED_ORGANISATIONS, group_entities
from reconcile.extract.mentions import (
    COMPARED_PEOPLE,
    TypedSpan,
    same_document,
    same_organisation,
    same_person,
)

NAMES = {
    "organisation": [
        *("Syrian Negotiation Commission", "Negotiation Commission", "SNC", "S.N.C.", "Commission", "The Commission"),
        *("NATIONAL COALITION", "National Coalition", "Syrian National Coalition", "UN", "United Nations"),
        *("UNITED NATIONS", "Security Council", "UNSC", "ABCDEFGH", "Hezbollah", "B Commission", "The AB Commission"),
        *("State Department", "US State Department", "Department", "USSD", "Foreign Ministry", "FM", "X"),
    ],
    "person": [
        *("Badr Jamous", "Bader Jamous", "Jamous", "Mary Lou Nye", "Mary Jo Nye", "Nye", "David Brian Evans"),
        *("David Bryant Evans", "Evans", "Mohammed Ali", "Muhammad Ali", "Ali", "Hadi Al-Bahra", "Hani Al-Bahra"),
    ],
    "document": ["Resolution 2254", "UN Resolution 2254", "UNSCR 2254", "Resolution 2118", "Geneva Communiqué"],
    "place": ["Ankara", "Geneva", "Syria"],
}


def span(kind: str, name: str, at: int) -> TypedSpan:
    return TypedSpan(kind, at, at + len(name), name, "test", name)


def names_one(a: TypedSpan, name: str) -> bool:
    """The rules for two names of one entity, pair by pair."""
    if a.type == "organisation":
        return same_organisation(a.name, name) or same_organisation(name, a.name)
    if a.type == "document":
        return same_document(a.name, name)
    if a.type == "person":
        return same_person(a.name, name)
    return a.name == name


def every_pair(spans: list[TypedSpan]) -> list[tuple[str, str, list[int]]]:
    """The grouping by definition: each span joins the earliest group of its type it names (an organisation
    then takes the longer name)."""
    groups: list[tuple[str, list[str], list[int]]] = []  # type, [name], starts
    for s in spans:
        group = next((g for g in groups if g[0] == s.type and names_one(s, g[1][0])), None)
        if group is None:
            groups.append((s.type, [s.name], [s.start]))
            continue
        if s.type == "organisation" and len(s.name) > len(group[1][0]):
            group[1][0] = s.name
        group[2].append(s.start)
    return [(kind, name[0], starts) for kind, name, starts in groups]


def test_the_indexes_group_as_comparing_every_pair_does() -> None:
    rng = random.Random(4)
    for _ in range(2_000):
        spans = []
        for at in range(rng.randint(1, 40)):
            kind = rng.choice(["organisation", "organisation", "person", "document", "place"])
            spans.append(span(kind, rng.choice(NAMES[kind]), 100 * at))
        found = [(g.type, g.name, [s.start for s in g.spans]) for g in group_entities(spans)]
        assert found == every_pair(spans), [s.name for s in spans]


def test_past_the_people_compared_a_name_still_joins_its_exact_name() -> None:
    rng = random.Random(1)
    given = ["".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(8)).title() for _ in range(COMPARED_PEOPLE + 10)]
    spans = [span("person", f"{name} Smith", n) for n, name in enumerate(given)]
    late = spans[COMPARED_PEOPLE + 5]
    groups = group_entities([*spans, span("person", late.name, 1000)])
    assert len(groups) == COMPARED_PEOPLE + 10  # no two of the given names are one spelt two ways
    assert [s.start for s in groups[COMPARED_PEOPLE + 5].spans] == [late.start, 1000]


def test_past_the_organisations_compared_an_acronym_still_finds_its_name() -> None:
    spans = [span("organisation", f"Org{n} Commission", n) for n in range(COMPARED_ORGANISATIONS + 10)]
    spans += [span("organisation", "Syrian Negotiation Commission", 10_000), span("organisation", "SNC", 20_000)]
    groups = group_entities(spans)
    assert [s.name for s in groups[-1].spans] == ["Syrian Negotiation Commission", "SNC"]
