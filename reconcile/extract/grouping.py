"""One local entity per thing a report names: the spans of 'Badr Jamous' and 'Jamous', of 'Syrian
Negotiating Commission' and 'SNC', become one group each.

A span joins the earliest group whose entity it names. Each span is compared only with the groups that
could be that entity (its surname's, its name's, its number's), found through dictionaries: a report
naming thousands of people or organisations would otherwise compare every span with every group.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass, field

from reconcile.extract.mentions import COMPARED_PEOPLE, TypedSpan, same_document, same_organisation, same_person
from reconcile.normalize import acronym, document_number

PREFIX = {"person": "p", "organisation": "o", "place": "l", "document": "d"}
# Two organisations are one if one name is the end of the other, which takes comparing a name with the others
# (equal names and acronyms are looked up). A report naming more organisations than this is a list rather than
# news (the most in ECB+, GVDB and the UD treebanks is 185): a later name is compared for its end with the
# first this many only, so that the work per name stays bounded.
COMPARED_ORGANISATIONS = 500


@dataclass
class Group:
    """One entity of this report and every span that names it."""

    local_id: str
    type: str
    name: str
    order: int  # how many groups the report had before this one
    spans: list[TypedSpan] = field(default_factory=list)


def group_entities(entities: Iterable[TypedSpan]) -> list[Group]:
    """One group per entity: people by full name, places by canonical name, documents by number,
    organisations by acronym or by the shorter name being the end of the longer one."""
    groups = _Groups()
    counters = dict.fromkeys(PREFIX, 0)
    for span in entities:
        if span.type not in PREFIX:
            continue
        group = groups.first_same(span)
        if group is None:
            counters[span.type] += 1
            group = groups.add(f"{PREFIX[span.type]}{counters[span.type]}", span)
        elif len(span.name) > len(group.name) and span.type == "organisation":
            groups.rename(group, span.name)
        group.spans.append(span)
    return groups.all


class _Groups:
    """The groups so far, each listed under what two names of one entity share: a person's surname, a
    document's number or its name, a place's name; an organisation's name and its acronym. Every list is in
    the order the groups were made, so the first group of a list that the span names is its earliest there."""

    def __init__(self) -> None:
        self.all: list[Group] = []
        self.keyed: dict[tuple[object, ...], list[Group]] = {}
        self.organisations: list[Group] = []  # the first COMPARED_ORGANISATIONS, compared for their ends
        self.words: dict[int, int] = {}  # an organisation's order -> how many words its name has

    def add(self, local_id: str, span: TypedSpan) -> Group:
        group = Group(local_id, span.type, span.name, len(self.all))
        self.all.append(group)
        if group.type == "organisation":
            if len(self.organisations) < COMPARED_ORGANISATIONS:
                self.organisations.append(group)
            self._list_organisation(group)
        else:
            for key in _keys(span):
                self.keyed.setdefault(key, []).append(group)
        return group

    def rename(self, group: Group, name: str) -> None:
        """An organisation takes the longest name it is written as. It stays listed under its old name and
        acronym too; a lookup checks the name a group has now."""
        group.name = name
        self._list_organisation(group)

    def _list_organisation(self, group: Group) -> None:
        self.words[group.order] = len(group.name.split())
        for key in (("organisation", group.name), ("acronym", acronym(group.name), group.name.isupper())):
            insort(self.keyed.setdefault(key, []), group, key=lambda g: g.order)

    def first_same(self, span: TypedSpan) -> Group | None:
        """The earliest group whose entity the span names, if any."""
        if span.type == "organisation":
            return self._first_organisation(span.name)
        lists = [self.keyed.get(key, []) for key in _keys(span)]
        if span.type == "person":  # the surname's first COMPARED_PEOPLE, and those of exactly this name
            lists[0] = lists[0][:COMPARED_PEOPLE]
        return _earliest(next((g for g in groups if _same(span, g)), None) for groups in lists)

    def _first_organisation(self, name: str) -> Group | None:
        """same_organisation either way round: the same name; the same acronym, where one of the two names is
        in capitals ('SNC'); or the end of a name of more words (among the first COMPARED_ORGANISATIONS)."""
        short, upper, words = acronym(name), name.isupper(), len(name.split())
        equal = (g for g in self.keyed.get(("organisation", name), []) if g.name == name)
        capitals = (g for g in self.keyed.get(("acronym", short, True), []) if _acronym_of(g, short, True))
        # A name in capitals is the acronym of any name that has it, capitals or not.
        others = self.keyed.get(("acronym", short, False), []) if upper else []
        lower = (g for g in others if _acronym_of(g, short, False))
        ends = (
            g
            for g in self.organisations
            if (words < self.words[g.order] and g.name.endswith(name))
            or (self.words[g.order] < words and name.endswith(g.name))
        )
        # Each list holds only groups that may be one with the name; the rule itself decides.
        return _earliest(next((g for g in found if _same(name, g)), None) for found in (equal, capitals, lower, ends))


def _acronym_of(group: Group, short: str | None, upper: bool) -> bool:
    """Whether the group's name (as it is now) has the acronym `short` and is in capitals or not, as listed."""
    return group.name.isupper() == upper and acronym(group.name) == short


def _earliest(found: Iterable[Group | None]) -> Group | None:
    return min((g for g in found if g is not None), key=lambda g: g.order, default=None)


def _keys(span: TypedSpan) -> list[tuple[object, ...]]:
    """What every name of the span's entity shares with it; for people the surname and the exact name (a name
    after the first COMPARED_PEOPLE of its surname still joins a group of exactly its name)."""
    if span.type == "person":
        return [("person", (span.name.split() or [""])[-1]), ("person name", span.name)]
    if span.type == "document":
        number = document_number(span.name)
        return [("document", span.name), *([("number", number)] if number else [])]
    return [("place", span.name)]


def _same(span: TypedSpan | str, group: Group) -> bool:
    """Whether a span (or an organisation's name) names the group's entity, by the rules for its type."""
    if isinstance(span, str):
        return same_organisation(span, group.name) or same_organisation(group.name, span)
    if span.type == "document":
        return same_document(span.name, group.name)
    if span.type == "person":
        return same_person(span.name, group.name)
    return span.name == group.name
