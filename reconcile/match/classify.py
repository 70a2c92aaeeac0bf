"""Verdicts on aligned claims: agreement, addition, variant or conflict, with severity and the rule used.

Pure. Each rule names itself in the explanation so a fact-checker can see why a finding is what it is.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from reconcile import settings
from reconcile.match.align import ENTITY_SETS, NUMBERS, TEXT_SETS, AlignedGroup, ClaimView
from reconcile.normalize import TOLERANCES, currency, number_interval, person_name
from reconcile.places import common_region, is_locality, places_nested
from reconcile.score import TitleComparison, compare_titles, text_similarity

ADDITION_SEVERITY = {"led_by": "medium", "stance": "medium", "date": "medium", "place": "medium"}
CONFLICT_SEVERITY = {"title": "medium", "affiliation": "medium"}
# A person's single values in an incident. A wrong age misdescribes a victim; killed vs injured
# changes the story, so it ranks with conflicting dates and places.
PERSON_VALUES = {"age": "medium", "outcome": "high"}


@dataclass
class FindingDraft:
    """A finding before it is stored: the verdict, the claims behind it and why."""

    kind: str
    severity: str
    property: str
    member: str | None
    member_entity_id: int | None
    claims: list[ClaimView]
    explanation: str
    scores: dict[str, Any] = field(default_factory=dict)


def classify(group: AlignedGroup) -> FindingDraft | None:
    """The verdict on one aligned group, or None when fewer than two reports are in scope."""
    if len(group.reports) < 2 or not group.by_report:
        return None
    if group.property == "title":
        return _titles(group)
    if group.property == "name":
        return _names(group)
    if group.property in PERSON_VALUES:
        return _person_value(group)
    if group.property in NUMBERS:
        return _counts(group)
    return _members(group)


def _stated(group: AlignedGroup) -> tuple[list[str], list[str]]:
    stated = [r for r in group.reports if group.by_report.get(r)]
    return stated, [r for r in group.reports if r not in stated]


def _draft(group: AlignedGroup, kind: str, severity: str, explanation: str, **scores: Any) -> FindingDraft:
    stated, silent = _stated(group)
    scores = {"stated_by": stated, "not_stated_by": silent, **scores}
    return FindingDraft(
        kind, severity, group.property, group.member, group.member_entity_id, group.claims(), explanation, scores
    )


def _value_key(claim: ClaimView) -> Any:
    """What must be equal for two claims to state the same value: the entity if it is one, else the text."""
    return claim.object_id if claim.object_id is not None else claim.normalised


def _members(group: AlignedGroup) -> FindingDraft:
    """Single values (date, place, lead) and set members (attendees, documents, topics, stances)."""
    stated, silent = _stated(group)
    what = group.property.replace("_", " ") + (f" {group.member!r}" if group.member else "")
    values = {_value_key(c) for c in group.claims()}
    if group.property == "quote":
        speakers = _speakers(group)
        if len(speakers) > 1:
            shown = "; ".join(f"{name} ({', '.join(reports)})" for name, reports in sorted(speakers.items()))
            return _draft(
                group,
                "conflict",
                "high",
                f"rule quote-speaker: the same words are put to different speakers: {shown}",
                speakers=speakers,
            )
    if group.property == "stance":
        polarities = {c.qualifiers.get("polarity", "for") for c in group.claims()}
        if len(polarities) > 1:
            return _draft(
                group,
                "conflict",
                "high",
                f"rule stance-polarity: {what} is held 'for' in one report and 'against' in another",
            )
    if group.property == "date" and (wrong := _weekday_mismatches(group)):
        return _draft(
            group,
            "conflict",
            "medium",
            f"rule weekday-mismatch: a report's weekday does not fall on its date: {wrong}",
        )
    if len(values) > 1 and group.property == "place" and (variant := _place_variant(group)) is not None:
        return _draft(group, "variant", *variant)
    if len(values) > 1 and group.property not in (*ENTITY_SETS, *TEXT_SETS):
        shown = " vs ".join(sorted({_shown(c) for c in group.claims()}))
        severity = CONFLICT_SEVERITY.get(group.property, "high")
        return _draft(
            group,
            "conflict",
            severity,
            f"rule single-value: the reports give different {group.property.replace('_', ' ')}s: {shown}",
        )
    if silent:
        severity = ADDITION_SEVERITY.get(group.property, "low")
        return _draft(
            group,
            "addition",
            severity,
            f"rule member-by-member: {what} is stated by {', '.join(stated)} only; {', '.join(silent)} does not say",
        )
    if group.property in TEXT_SETS and len({c.normalised for c in group.claims()}) > 1:
        similarity = min(_text_pairs(group))
        return _draft(
            group,
            "variant",
            "low",
            f"rule text-similarity: every report states {what}, worded differently (similarity {similarity:.0f})",
            similarity=similarity,
        )
    return _draft(group, "agreement", "none", f"rule same-value: every report states {what} alike")


def _person_value(group: AlignedGroup) -> FindingDraft:
    """A person's age or outcome: one value per person, so two values conflict, each shown with its reports."""
    stated, silent = _stated(group)
    prop = group.property
    said: dict[str, list[str]] = {}
    for claim in group.claims():
        reports = said.setdefault(claim.normalised, [])
        if claim.report_id not in reports:
            reports.append(claim.report_id)
    values = sorted(said, key=lambda v: (len(v), v))  # ages in numeric order: '9' before '23'
    if len(values) > 1:
        shown = " vs ".join(f"{v} ({', '.join(said[v])})" for v in values)
        return _draft(
            group,
            "conflict",
            PERSON_VALUES[prop],
            f"rule person-{prop}: one person, different {prop}s: {shown}",
            values={v: said[v] for v in values},
        )
    if silent:
        return _draft(
            group,
            "addition",
            ADDITION_SEVERITY.get(prop, "low"),
            f"rule member-by-member: {prop} {values[0]} is stated by {', '.join(stated)} only; "
            f"{', '.join(silent)} does not say",
        )
    return _draft(group, "agreement", "none", f"rule same-value: every report gives {prop} {values[0]}")


# Counts that only grow as an incident is reported on: a later report's higher toll is news, not a dispute.
# The missing are found, so a falling count of them is news too, and two of them can conflict.
RISING = ("killed", "injured", "arrested", "votes")


def _counts(group: AlignedGroup) -> FindingDraft:
    """A toll or count per report, compared as intervals: equal values agree; overlapping ones ('about 30', '31')
    can all be true and vary; apart ones conflict, unless each later report gives the higher count, which is an
    update with both times shown."""
    stated, silent = _stated(group)
    prop = group.property
    if len({c.value for c in group.claims()}) == 1:
        if silent:
            return _draft(
                group,
                "addition",
                "medium",
                f"rule member-by-member: {prop} is stated by {', '.join(stated)} only; "
                f"{', '.join(silent)} does not say",
            )
        return _draft(group, "agreement", "none", f"rule same-value: every report states {prop} alike")
    if prop == "amount" and len({currency(c.value) for c in group.claims()}) > 1:
        shown = " vs ".join(f"{c.value} ({c.report_id})" for c in group.claims())
        return _draft(
            group, "variant", "medium", f"rule amount-currency: the amount is given in different currencies: {shown}"
        )
    said = {report: _report_interval(prop, group.by_report[report]) for report in stated}
    shown = " vs ".join(f"{words} ({report})" for report, (_, words) in sorted(said.items(), key=lambda kv: kv[1][0]))
    bounds = [b for b, _ in said.values()]
    if max(low for low, _ in bounds) <= min(high for _, high in bounds):  # one number fits every report
        return _draft(group, "variant", "low", f"rule count-overlap: every {_counted(prop)} given can be true: {shown}")
    timeline = _rising(group, said) if prop in RISING else None
    if timeline:
        return _draft(group, "update", "low", f"rule count-update: {prop} rises as the reports come out: {timeline}")
    apart = f"rule count-apart: the reports give {_counted(prop)}s that cannot all be true: {shown}"
    return _draft(group, "conflict", "high", apart)


def _counted(prop: str) -> str:
    """What a value of the property is called: 'turnout', 'amount', 'vote share', 'vote count', 'killed count'."""
    if prop in ("votes", "perpetrators"):
        return f"{prop.removesuffix('s')} count"
    return prop.replace("_", " ") if prop in TOLERANCES or prop in ("amount", "duration") else f"{prop} count"


def _report_interval(prop: str, claims: list[ClaimView]) -> tuple[tuple[float, float], str]:
    """What one report says of a count, and in its words: the interval all its statements allow ('27' in the
    headline, 'at least 27' below: 27), or, if they disagree, the span from the least to the most it gives."""
    bounds = [number_interval(prop, c.value) for c in claims]
    words = " / ".join(dict.fromkeys(c.value for c in claims))
    low, high = max(b[0] for b in bounds), min(b[1] for b in bounds)
    if low <= high:
        return (low, high), words
    return (min(b[0] for b in bounds), max(b[1] for b in bounds)), words


def _rising(group: AlignedGroup, said: dict[str, tuple[tuple[float, float], str]]) -> str | None:
    """'27 (a, 2025-05-03) -> 31 (b, 2025-05-04)' when every report published later gives a higher count than
    every report published earlier, and no two reports of one day disagree; else None."""
    published = {c.report_id: c.published for c in group.claims()}
    if any(published[report] is None for report in said):
        return None
    dated = sorted(said.items(), key=lambda kv: (published[kv[0]], kv[1][0]))
    for (a, (bounds_a, _)), (b, (bounds_b, _)) in zip(dated, dated[1:], strict=False):
        if bounds_a == bounds_b:
            continue
        if published[a] == published[b] or bounds_a[0] >= bounds_b[0] or bounds_a[1] > bounds_b[1]:
            return None
    return " -> ".join(f"{words} ({report}, {published[report]})" for report, (_, words) in dated)


def _speakers(group: AlignedGroup) -> dict[str, list[str]]:
    """Speaker name -> the reports that put the quote to them; a report naming no speaker takes no side."""
    said: dict[str, list[str]] = {}
    for claim in group.claims():
        speaker = claim.qualifiers.get("speaker")
        if speaker is None:
            continue
        reports = said.setdefault(claim.names.get(speaker, f"#{speaker}"), [])
        if claim.report_id not in reports:
            reports.append(claim.report_id)
    return said


def _weekday_mismatches(group: AlignedGroup) -> str:
    """'a says Monday, but 2025-03-09 was a Sunday': a report at odds with itself over the day, which is worth a
    look whether or not the other reports give the same date."""
    found = []
    for claim in group.claims():
        if claim.qualifiers.get("weekday_check") == "mismatch":
            day = dt.date.fromisoformat(claim.value)
            found.append(f"{claim.report_id} says {claim.qualifiers.get('weekday')}, but {day} was a {day:%A}")
    return "; ".join(dict.fromkeys(found))


def _place_variant(group: AlignedGroup) -> tuple[str, str] | None:
    """The severity and explanation of places that differ without being at odds, or None when they are."""
    shown = " vs ".join(sorted({_shown(c) for c in group.claims()}))
    if _nested(group):
        stated = "; ".join(
            sorted({f"{_shown(c)} in {town} ({report})" for c in group.claims() for town, report in c.within})
        )
        said = f" (stated: {stated})" if stated else ""
        return "low", (
            f"rule place-within: one place lies within the other, so one report is more precise: {shown}{said}"
        )
    if region := common_region(_shown(c) for c in group.claims()):
        return "medium", (
            f"rule place-nearby: the places lie in one region ({region}); reports often name a neighbouring town "
            f"or where it was felt or filed: {shown}"
        )
    if _one_town_and_venues(group):
        return (
            "medium",
            f"rule place-venue: a venue or a name the gazetteer does not place may lie within the town: {shown}",
        )
    return None


def _one_town_and_venues(group: AlignedGroup) -> bool:
    """One town, region or country the gazetteer knows, and otherwise only venues or names it does not know ('Linden
    Arena', 'West Coast Bank branch'): whether they lie in the town cannot be told, and containment is no conflict.
    Two towns apart, or two venues, still conflict."""
    places = {_shown(c) for c in group.claims()}
    towns = {p for p in places if is_locality(p)}
    nested = all(places_nested({a}, {b}) for a, b in combinations(sorted(towns), 2))
    return len(places - towns) == 1 and bool(towns) and nested


def _nested(group: AlignedGroup) -> bool:
    """Every two places named are one within the other ('Kuala Lumpur', 'Malaysia', 'Asia'), by the gazetteer or
    because a report says where a venue is ('Crocus City Hall in Krasnogorsk'), and whatever holds that town."""
    towns: dict[str, set[str]] = {}
    for claim in group.claims():
        towns.setdefault(_shown(claim), set()).update(town for town, _ in claim.within)
    return all(
        places_nested({a}, {b}) or places_nested(towns[a], {b}) or places_nested(towns[b], {a})
        for a, b in combinations(sorted(towns), 2)
    )


def _shown(claim: ClaimView) -> str:
    return claim.object_name or claim.value


def _text_pairs(group: AlignedGroup) -> list[float]:
    claims = group.claims()
    return [text_similarity(a.normalised, b.normalised) for a, b in combinations(claims, 2)] or [100.0]


def _names(group: AlignedGroup) -> FindingDraft | None:
    """Names differ as spellings (a variant) when the reports write a full name in different forms."""
    forms: dict[str, set[str]] = {}
    for report in group.reports:
        written = {c.value for c in group.by_report.get(report, []) if len(c.value.split()) > 1}
        if written:
            forms[report] = {_name_form(w) for w in written}
    if len(forms) < 2:
        return None
    everywhere = set.intersection(*forms.values())
    distinct = set.union(*forms.values())
    first_per_form: dict[tuple[str, str], ClaimView] = {}
    for claim in group.claims():
        first_per_form.setdefault((claim.report_id, _name_form(claim.value)), claim)
    group.by_report = {}
    for claim in first_per_form.values():
        if len(claim.value.split()) > 1:
            group.by_report.setdefault(claim.report_id, []).append(claim)
    if distinct == everywhere:
        return _draft(group, "agreement", "none", "rule name-forms: every report writes the name alike")
    only = {r: sorted(f - everywhere) for r, f in forms.items() if f - everywhere}
    listed = "; ".join(f"{r}: {', '.join(v)}" for r, v in only.items())
    return _draft(
        group,
        "variant",
        "low",
        f"rule name-forms: same entity, written differently ({listed})",
        forms={r: sorted(f) for r, f in forms.items()},
    )


def _name_form(name: str) -> str:
    """Names compare without honorifics, case or punctuation; word forms count as spellings."""
    return person_name(name)


def _titles(group: AlignedGroup) -> FindingDraft | None:
    """Titles compared across each pair of reports within the time window: reworded, less specific, or other posts.

    A person may hold several posts ('Captain' and 'Chief Public Relations Officer'), and a report may give one
    or all of them: two reports disagree only when no post of one is a post of the other. A post only one report
    gives is that report's addition, not a conflict.
    """
    stated, silent = _stated(group)
    if len(stated) < 2:
        if silent and stated:
            return _draft(group, "addition", "low", f"rule member-by-member: only {', '.join(stated)} gives a title")
        return None
    compared: dict[tuple[str, str, bool | None], TitleComparison] = {}
    by_reports: dict[tuple[str, str], list[tuple[TitleComparison, ClaimView, ClaimView]]] = {}
    titles = {report: _most_specific(group.by_report[report]) for report in stated}
    for left, right in _report_pairs(stated, titles):
        pairs = []
        for a in titles[left]:
            for b in titles[right]:
                key = (a.value, b.value, _same_organisation(a, b))
                comparison = compared.get(key)
                if comparison is None:  # a person named in many reports has few distinct titles
                    comparison = compared[key] = compare_titles(*key)
                pairs.append((comparison, a, b))
        by_reports[(left, right)] = pairs
    if not by_reports:
        return _draft(group, "addition", "low", "rule title-window: the reports are too far apart in time to compare")
    worst = {"different": 2, "reworded": 1, "same": 0}
    closest = [min(items, key=lambda item: worst[item[0].relation]) for items in by_reports.values()]
    relation = max((cmp.relation for cmp, _, _ in closest), key=worst.__getitem__)
    every = {(a.value, b.value): (c, a, b) for items in by_reports.values() for c, a, b in items}
    scores = {
        "pairs": [
            {"left": a.id, "right": b.id, "relation": c.relation, "score": round(c.score, 1)}
            for c, a, b in every.values()
        ]
    }
    shown = {(a.value, b.value): (cmp, a, b) for cmp, a, b in closest if cmp.relation == relation}
    details = "; ".join(
        f"{a.value!r} ({a.report_id}) vs {b.value!r} ({b.report_id}): {cmp.detail}" for cmp, a, b in shown.values()
    )
    if relation == "different":
        return _draft(group, "conflict", "medium", f"rule title-rank-portfolio: different posts: {details}", **scores)
    if relation == "reworded":
        return _draft(
            group, "variant", "low", f"rule title-rank-portfolio: same post, other words: {details}", **scores
        )
    return _draft(group, "agreement", "none", "rule same-value: the same title everywhere", **scores)


def _report_pairs(stated: list[str], titles: dict[str, list[ClaimView]]) -> list[tuple[str, str]]:
    """One pair of reports, near enough in time to compare, for each pair of the ways reports give a person's
    titles. Two reports that give the same titles compare alike with any third, so a person named in thousands
    of reports costs a pair per two ways of titling them, not per two reports; the pair stands for them all, its
    reports the first in order that can. Each pair is in report order, as combinations(stated, 2) gives it."""
    ways: dict[tuple[tuple[str, Any], ...], list[str]] = {}
    for report in stated:
        ways.setdefault(tuple((c.value, c.qualifiers.get("organisation")) for c in titles[report]), []).append(report)
    published = {report: titles[report][0].published for report in stated}  # a report's claims share its date
    out = []
    classes = list(ways.values())
    for i, one in enumerate(classes):
        for other in classes[i:]:
            pair = _near_pair(one, other, published)
            if pair is not None:
                out.append(pair)
    return sorted(out)


def _near_pair(one: list[str], other: list[str], published: dict[str, dt.date | None]) -> tuple[str, str] | None:
    """The first report of `one` (in order) with a report of `other`, not itself, within the title window, and the
    first such (undated ones first, then by date); None when there is none. A binary search keeps it linear."""
    undated = [r for r in other if published[r] is None]
    dated = sorted((date, r) for r in other if (date := published[r]) is not None)
    days = dt.timedelta(days=settings.TITLE_WINDOW_DAYS)
    for report in one:
        date = published[report]
        near = [r for r in undated[:2] if r != report]
        if date is None:
            near += [r for _, r in dated[:2] if r != report]
        else:
            start = bisect_left(dated, (date - days, ""))
            near += [r for d, r in dated[start : start + 2] if r != report and d <= date + days]
        if near:
            return (report, near[0]) if report < near[0] else (near[0], report)
    return None


def _most_specific(claims: list[ClaimView]) -> list[ClaimView]:
    """One report's titles for a person without those it restates more fully: a report that says 'Deputy
    Assistant Secretary of State' and then 'Deputy Assistant Secretary for the Levant' is compared by the
    latter, so the short form cannot vouch for a portfolio the other report contradicts."""
    return [
        c
        for c in claims
        if not any(
            len(d.value) > len(c.value) and compare_titles(c.value, d.value, None).relation == "reworded"
            for d in claims
        )
    ]


def _same_organisation(a: ClaimView, b: ClaimView) -> bool | None:
    left, right = a.qualifiers.get("organisation"), b.qualifiers.get("organisation")
    return None if left is None or right is None else left == right
