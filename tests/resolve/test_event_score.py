"""Event identity: verdicts on pairs of event mentions, and reasons that are the terms of the score."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from reconcile import settings
from reconcile.resolve.event_score import EventFacts, PairScore, comparable_kinds, score_pair

# Entity ids of the seed reports' participants, sides and places.
JAMOUS, LEAF, FRANCESCHI, GRANGER, BAHRA, MUSTAFA, FIDAN = 1, 2, 3, 4, 5, 6, 7
SNC, US, TURKEY = 10, 20, 25
NEW_YORK, GENEVA, KUALA_LUMPUR, MALAYSIA, SAUDI_ARABIA, ARENA = 30, 31, 32, 33, 34, 35
RES_2254, RES_2118 = 40, 41
NAMES = {
    JAMOUS: "Badr Jamous",
    LEAF: "Barbara Leaf",
    FRANCESCHI: "Natasha Franceschi",
    GRANGER: "Nicholas Granger",
    BAHRA: "Hadi Al-Bahra",
    MUSTAFA: "Abdulrahman Mustafa",
    FIDAN: "Hakan Fidan",
    SNC: "SNC",
    US: "United States",
    TURKEY: "Turkey",
    NEW_YORK: "New York",
    GENEVA: "Geneva",
    KUALA_LUMPUR: "Kuala Lumpur",
    MALAYSIA: "Malaysia",
    SAUDI_ARABIA: "Saudi Arabia",
    ARENA: "Linden Arena",
    RES_2254: "Resolution 2254",
    RES_2118: "Resolution 2118",
}
SIDE_OF = {JAMOUS: SNC, BAHRA: SNC, MUSTAFA: SNC, LEAF: US, FRANCESCHI: US, GRANGER: US, FIDAN: TURKEY}
SEPT_25, SEPT_26, OCT_2 = dt.date(2024, 9, 25), dt.date(2024, 9, 26), dt.date(2024, 10, 2)
REASON = re.compile(r"^(?:[+-]\d+\.\d|  0) \S")

_mention_ids = iter(range(1, 10_000))


def facts(
    report_id: str,
    people: tuple[int, ...] = (),
    orgs: tuple[int, ...] = (),
    leads: dict[int | None, int] | None = None,
    dates: tuple[dt.date, ...] = (),
    places: tuple[int, ...] = (),
    documents: tuple[int, ...] = (),
    topics: tuple[str, ...] = (),
) -> EventFacts:
    """One report's account of a meeting; people sit on their seed-report side."""
    return EventFacts(
        mention_id=next(_mention_ids),
        report_id=report_id,
        names=dict(NAMES),
        people=set(people),
        organisations=set(orgs),
        sides={p: SIDE_OF[p] for p in people},
        leads=dict(leads or {}),
        dates=set(dates),
        places=set(places),
        documents=set(documents),
        topics=list(topics),
    )


def seed_000() -> EventFacts:
    """The undated article: a US delegation led by Leaf meets the SNC."""
    return facts(
        "r000",
        people=(JAMOUS, LEAF, FRANCESCHI, GRANGER, BAHRA, MUSTAFA),
        orgs=(SNC, US),
        leads={US: LEAF},
        documents=(RES_2254,),
    )


def seed_002() -> EventFacts:
    """The Media Office release: Jamous meets Franceschi in New York, dated the day before publication."""
    return facts(
        "r002",
        people=(JAMOUS, FRANCESCHI),
        orgs=(SNC, US),
        leads={SNC: JAMOUS},
        dates=(SEPT_25,),
        places=(NEW_YORK,),
        documents=(RES_2254, RES_2118),
    )


def weight(reason: str) -> float:
    return float(reason.split()[0])


def logit(probability: float) -> float:
    return math.log(probability / (1 - probability))


SCENARIOS = [
    pytest.param(
        facts("r000", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), dates=(SEPT_25,)),
        facts("r002", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), dates=(SEPT_26,)),
        "uncertain",
        False,
        id="dates-a-day-apart-go-to-a-reviewer",
    ),
    pytest.param(
        facts("r000", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), dates=(SEPT_25,)),
        facts("r002", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), dates=(OCT_2,)),
        "different",
        True,
        id="dates-a-week-apart-are-two-meetings",
    ),
    pytest.param(
        facts("r000", people=(JAMOUS, FRANCESCHI, LEAF), leads={SNC: JAMOUS}, dates=(SEPT_25,), places=(GENEVA,)),
        facts("r002", people=(JAMOUS, FRANCESCHI, LEAF), leads={SNC: JAMOUS}, dates=(SEPT_26,), places=(GENEVA,)),
        "uncertain",
        False,
        id="all-but-the-date-agree",
    ),
    pytest.param(
        facts("r000", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), dates=(SEPT_25,), places=(KUALA_LUMPUR,)),
        facts("r002", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), dates=(SEPT_25,), places=(MALAYSIA,)),
        "same",
        False,
        id="a-city-and-its-country",
    ),
    pytest.param(
        facts("r000", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), places=(GENEVA,)),
        facts("r002", people=(JAMOUS, FRANCESCHI), orgs=(SNC,), places=(NEW_YORK,)),
        "different",
        True,
        id="conflicting-places",
    ),
    pytest.param(
        facts("r000", people=(JAMOUS, FRANCESCHI), dates=(SEPT_25,), places=(NEW_YORK,)),
        facts("r002", people=(JAMOUS, FRANCESCHI), dates=(SEPT_25,), places=(NEW_YORK,)),
        "same",
        False,
        id="shared-people-same-date-same-place",
    ),
    pytest.param(
        facts("r000", people=(JAMOUS, FRANCESCHI), leads={SNC: JAMOUS}, dates=(SEPT_25,)),
        facts("r002", people=(JAMOUS, FRANCESCHI), leads={SNC: JAMOUS}, dates=(SEPT_25,)),
        "same",
        False,
        id="same-lead-same-date",
    ),
    pytest.param(seed_000(), seed_002(), "uncertain", False, id="seed-leaf-absent-one-date"),
    pytest.param(
        facts("r000", people=(LEAF, GRANGER), orgs=(SNC,)),
        facts("r002", people=(FIDAN,), orgs=(SNC,)),
        "different",
        False,
        id="only-an-organisation-shared",
    ),
    pytest.param(
        facts("r000", people=(JAMOUS,), leads={SNC: JAMOUS}),
        facts("r002", people=(JAMOUS, BAHRA), leads={SNC: BAHRA}),
        "different",
        False,
        id="other-lead-of-the-same-side",
    ),
]


@pytest.mark.parametrize(("a", "b", "verdict", "blocked"), SCENARIOS)
def test_score_pair_verdict(a: EventFacts, b: EventFacts, verdict: str, blocked: bool) -> None:
    result = score_pair(a, b)
    assert (result.verdict, result.blocked) == (verdict, blocked)
    assert 0.0 <= result.score <= 1.0
    if verdict == "same":
        assert result.score >= settings.EVENT_SAME
    elif verdict == "different" and not blocked:
        assert result.score < settings.EVENT_DIFFERENT
    elif verdict == "uncertain":
        held = any("held for a reviewer" in r for r in result.reasons)
        assert settings.EVENT_DIFFERENT <= result.score and (held or result.score < settings.EVENT_SAME)


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        pytest.param(
            facts("r000", people=(JAMOUS,), dates=(SEPT_25,)),
            facts("r002", people=(JAMOUS,), dates=(OCT_2,)),
            "dates conflict, 7 days apart: r000 says 2024-09-25, r002 says 2024-10-02",
            id="dates",
        ),
        pytest.param(
            facts("r000", people=(JAMOUS,), places=(GENEVA,)),
            facts("r002", people=(JAMOUS,), places=(NEW_YORK,)),
            "places conflict: r000 says Geneva, r002 says New York",
            id="places",
        ),
    ],
)
def test_blocked_pairs_name_both_values(a: EventFacts, b: EventFacts, reason: str) -> None:
    assert score_pair(a, b) == PairScore("different", 0.0, [reason], True)


def test_blocked_by_dates_and_places_gives_both_reasons() -> None:
    a = facts("r000", people=(JAMOUS,), dates=(SEPT_25,), places=(GENEVA,))
    b = facts("r002", people=(JAMOUS,), dates=(OCT_2,), places=(NEW_YORK,))
    reasons = score_pair(a, b).reasons
    assert [r.split(":")[0] for r in reasons] == ["dates conflict, 7 days apart", "places conflict"]


def test_dates_a_day_apart_are_weighed_and_shown_and_never_merge_alone() -> None:
    """Everything but the date says one meeting: a reviewer sees the pair with the date conflict among its
    reasons, rather than never seeing it at all."""
    a = facts("r000", people=(JAMOUS, FRANCESCHI, LEAF), leads={SNC: JAMOUS}, dates=(SEPT_25,), places=(GENEVA,))
    b = facts("r002", people=(JAMOUS, FRANCESCHI, LEAF), leads={SNC: JAMOUS}, dates=(SEPT_26,), places=(GENEVA,))
    result = score_pair(a, b)
    assert (result.verdict, result.blocked) == ("uncertain", False)
    assert "-1.0 dates conflict: r000 says 2024-09-25, r002 says 2024-09-26 (1 day apart)" in result.reasons
    assert result.reasons[-1].startswith("  0 held for a reviewer")
    assert result.score >= settings.EVENT_SAME  # the score itself is not bent: only the verdict waits


def test_a_city_and_its_country_are_one_place_said_more_or_less_precisely() -> None:
    a = facts("r000", people=(JAMOUS,), places=(KUALA_LUMPUR,))
    b = facts("r002", people=(JAMOUS,), places=(MALAYSIA,))
    result = score_pair(a, b)
    assert not result.blocked
    assert "+1.0 same place, one more precise: r000 says Kuala Lumpur, r002 says Malaysia" in result.reasons
    c = facts("r003", people=(JAMOUS,), places=(SAUDI_ARABIA,))
    assert score_pair(a, c).blocked


def test_overlapping_date_sets_do_not_block() -> None:
    a = facts("r000", people=(JAMOUS,), dates=(SEPT_25, SEPT_26))
    b = facts("r002", people=(JAMOUS,), dates=(SEPT_26,))
    result = score_pair(a, b)
    assert not result.blocked
    assert "+2.5 same date 2024-09-26" in result.reasons


def test_seed_pair_explains_leaf_and_the_missing_date() -> None:
    reasons = score_pair(seed_000(), seed_002()).reasons
    leaf = [r for r in reasons if "Barbara Leaf" in r]
    assert leaf == [
        "-1.5 r000 says Barbara Leaf led the United States side; r002 names only Natasha Franceschi on that side"
    ]
    assert "  0 date: only r002 gives one (2024-09-25); r000 gives none" in reasons
    assert "  0 place: only r002 gives one (New York); r000 gives none" in reasons
    assert "+0.5 both cite Resolution 2254" in reasons


def test_seed_pair_counts_shared_participants_up_to_the_cap() -> None:
    reasons = score_pair(seed_000(), seed_002()).reasons
    shared = [r for r in reasons if r.startswith("+") and "both name" in r]
    # two people (2 x 1.2) and two organisations (2 x 0.4)
    assert shared == ["+3.2 both name Badr Jamous, Natasha Franceschi, SNC, United States"]
    many = facts("r000", people=(JAMOUS, FRANCESCHI, LEAF, GRANGER))
    assert any(r.startswith("+3.6 both name") for r in score_pair(many, many).reasons)


def test_disjoint_counterparts_are_explained() -> None:
    reasons = score_pair(
        facts("r000", people=(LEAF, GRANGER), orgs=(SNC,)), facts("r002", people=(FIDAN,), orgs=(SNC,))
    ).reasons
    assert "+0.4 both name SNC" in reasons
    assert (
        "-1.5 no other participant in common: r000 names Barbara Leaf, Nicholas Granger; r002 names Hakan Fidan"
        in reasons
    )


@pytest.mark.parametrize(("a", "b", "verdict", "blocked"), SCENARIOS)
def test_reasons_are_the_terms_of_the_score(a: EventFacts, b: EventFacts, verdict: str, blocked: bool) -> None:
    result = score_pair(a, b)
    if blocked:
        assert all("conflict" in r for r in result.reasons)
        return
    assert result.reasons[0].startswith("-1.4 prior")
    for reason in result.reasons:
        assert REASON.match(reason), reason
    # each weight is shown to one decimal place, so the sum can be off by 0.05 per term
    total = sum(weight(r) for r in result.reasons)
    assert total == pytest.approx(logit(result.score), abs=0.05 * len(result.reasons) + 0.01)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(seed_000(), seed_002(), id="seed"),
        pytest.param(
            facts("r000", people=(JAMOUS,), leads={SNC: JAMOUS}),
            facts("r002", people=(JAMOUS, BAHRA), leads={SNC: BAHRA}),
            id="other-lead",
        ),
        pytest.param(
            facts("r000", people=(JAMOUS,), topics=("Resolution 2254", "humanitarian aid")),
            facts("r002", people=(JAMOUS,), topics=("Resolution 2254", "humanitarian aid", "detainees")),
            id="topics-unequal-lengths",
        ),
        pytest.param(
            facts("r000", people=(JAMOUS,), topics=("Resolution 2254", "implementation of Resolution 2254")),
            facts("r002", people=(JAMOUS,), topics=("Resolution 2254", "detainees")),
            id="topics-equal-lengths",
        ),
    ],
)
def test_score_pair_is_symmetric(a: EventFacts, b: EventFacts) -> None:
    there, back = score_pair(a, b), score_pair(b, a)
    assert (there.verdict, there.score, there.blocked) == (back.verdict, back.score, back.blocked)


@pytest.mark.parametrize(
    ("a_topics", "b_topics", "term"),
    [
        pytest.param(
            ("Resolution 2254",),
            ("Resolution 2254",),
            "+0.3 100% of the 1 topics of one report are in the other's",
            id="one-shared",
        ),
        pytest.param(
            ("Resolution 2254", "humanitarian aid", "detainees"),
            ("implementation of Resolution 2254", "humanitarian aid", "detainees and disappeared persons"),
            "+1.0 100% of the 3 topics of one report are in the other's",
            id="three-shared",
        ),
        pytest.param(
            ("Resolution 2254", "humanitarian aid"),
            ("detainees", "normalization"),
            "  0 0% of the 2 topics",
            id="none-shared",
        ),
    ],
)
def test_topics_weigh_by_overlap_and_count(a_topics: tuple[str, ...], b_topics: tuple[str, ...], term: str) -> None:
    reasons = score_pair(
        facts("r000", people=(JAMOUS,), topics=a_topics), facts("r002", people=(JAMOUS,), topics=b_topics)
    ).reasons
    assert any(r.startswith(term) for r in reasons), reasons


def test_incidents_at_one_venue_merge_without_a_shared_person() -> None:
    a = facts("r000", dates=(SEPT_25,), places=(ARENA,))
    b = facts("r002", dates=(SEPT_25,), places=(ARENA,))
    a.kind = b.kind = "incident"
    result = score_pair(a, b)
    assert result.verdict == "same"
    assert "+1.5 one incident at one venue, Linden Arena" in result.reasons


def test_nobody_and_no_place_in_common_is_said_so_when_held() -> None:
    """Two one-off accounts that names elsewhere in their reports brought together, with no place in common: the
    held pair does not claim a town it does not share."""
    a = facts("r000", dates=(SEPT_25,))
    b = facts("r002", dates=(SEPT_25,))
    a.kind = b.kind = "incident"
    a.report_names = b.report_names = {901, 902, 903}
    result = score_pair(a, b)
    assert result.verdict == "uncertain"
    assert result.reasons[-1] == "  0 held for a reviewer: no participant or place in common, only a time"


def test_nobody_in_common_and_only_a_town_is_held_for_a_reviewer() -> None:
    a = facts("r000", dates=(SEPT_25,), places=(GENEVA,))
    b = facts("r002", dates=(SEPT_25,), places=(GENEVA,))
    a.kind = b.kind = "incident"
    result = score_pair(a, b)
    assert result.verdict == "uncertain"
    assert result.reasons[-1] == "  0 held for a reviewer: no participant in common, only a town and a time"


@pytest.mark.parametrize("kind", ["disaster", "election"])
def test_a_disaster_or_an_election_in_one_place_on_one_day_is_one_without_a_shared_person(kind: str) -> None:
    """An earthquake strikes a town once on a day and a country votes once; a shooting in a city may be two."""
    a = facts("r000", dates=(SEPT_25,), places=(GENEVA,))
    b = facts("r002", dates=(SEPT_25,), places=(GENEVA,))
    a.kind = b.kind = kind
    assert score_pair(a, b).verdict == "same"
    b.dates = {SEPT_25 + dt.timedelta(days=1)}
    assert score_pair(a, b).verdict != "same"


def test_a_venue_and_another_town_are_weighed_not_ruled_out() -> None:
    """'Linden Arena' may lie in Geneva: only towns or countries apart say two occurrences."""
    a = facts("r000", people=(JAMOUS,), places=(ARENA,))
    b = facts("r002", people=(JAMOUS,), places=(GENEVA,))
    result = score_pair(a, b)
    assert not result.blocked
    assert any(r.startswith("-1.0 places differ, neither known to lie within the other") for r in result.reasons)
    assert score_pair(facts("r000", places=(GENEVA,)), facts("r002", places=(NEW_YORK,))).blocked


def test_one_death_toll_is_evidence_of_one_disaster_and_a_different_one_is_not_against() -> None:
    a = facts("r000", places=(GENEVA,))
    b = facts("r002", places=(GENEVA,))
    a.kind = b.kind = "disaster"
    a.tolls, b.tolls = {"10"}, {"10"}
    same = score_pair(a, b)
    assert "+1.5 same toll: r000 says 10 killed, r002 says 10" in same.reasons
    assert same.verdict == "same"  # a town and one toll: more than a town in common
    b.tolls = {"at least 8"}
    assert "+0.5 same toll: r000 says 10 killed, r002 says at least 8" in score_pair(a, b).reasons
    b.tolls = {"31"}
    rising = score_pair(a, b)
    assert "  0 tolls differ: 10 killed against 31" in rising.reasons and rising.verdict == "uncertain"


def test_a_shared_perpetrator_counts_and_weighs_less_than_a_shared_victim() -> None:
    a = facts("r000", people=(JAMOUS,), places=(GENEVA,))
    b = facts("r002", people=(JAMOUS,), places=(GENEVA,))
    a.kind = b.kind = "incident"
    without = score_pair(a, b).score
    a.perpetrators = b.perpetrators = {JAMOUS}
    result = score_pair(a, b)
    assert "+1.0 both name Badr Jamous as the perpetrator" in result.reasons
    assert result.score > without and result.verdict == "same"


def test_one_off_kinds_of_one_event_are_weighed_and_a_meeting_is_not_a_shooting() -> None:
    """A fire set in an attack is a 'disaster' to one outlet and an 'incident' to another: a small term, shown;
    a meeting and a shooting sharing a person are two events."""
    a = facts("r000", people=(JAMOUS,), dates=(SEPT_25,), places=(ARENA,))
    b = facts("r002", people=(JAMOUS,), dates=(SEPT_25,), places=(ARENA,))
    a.kind, b.kind = "disaster", "incident"
    near = score_pair(a, b)
    assert "-0.5 r000 tells of a disaster, r002 of an incident" in near.reasons
    assert "+1.5 one disaster at one venue, Linden Arena" in near.reasons
    assert near.verdict == "same"
    a.kind = "meeting"
    apart = score_pair(a, b)
    assert "-3.0 r000 tells of a meeting, r002 of an incident" in apart.reasons
    assert apart.verdict != "same"
    assert not any("one venue" in r for r in apart.reasons)


@pytest.mark.parametrize(
    ("left", "right", "comparable"),
    [
        ("incident", "incident", True),
        ("crash", "disaster", True),
        ("meeting", "incident", False),
        ("meeting", "statement", False),
        (None, "incident", False),
    ],
)
def test_comparable_kinds(left: str | None, right: str | None, comparable: bool) -> None:
    assert comparable_kinds(left, right) is comparable


def test_one_person_arrested_in_two_accounts_is_evidence_of_one_arrest_and_of_two_kinds_is_not():
    a = facts("r000", people=(JAMOUS,))
    b = facts("r002", people=(JAMOUS,))
    a.kind = b.kind = "arrest"
    a.involved, b.involved = {JAMOUS}, {JAMOUS}
    result = score_pair(a, b)
    assert "+2.0 both tell of the arrest of Badr Jamous" in result.reasons
    assert result.verdict == "same"
    b.kind = "appointment"
    assert not any("both tell of" in r for r in score_pair(a, b).reasons)


def test_an_incident_report_naming_more_victims_costs_once_not_per_name():
    """Victims become known over days: the fuller report's extra names are no sign of another incident."""
    a = facts("r000", people=(JAMOUS, BAHRA, MUSTAFA))
    b = facts("r002", people=(JAMOUS,))
    a.kind = b.kind = "incident"
    assert any(r.startswith("-0.3 r000 names Abdulrahman Mustafa, Hadi Al-Bahra") for r in score_pair(a, b).reasons)
    a.kind = b.kind = "meeting"
    assert any(r.startswith("-0.6 r000 names Abdulrahman Mustafa, Hadi Al-Bahra") for r in score_pair(a, b).reasons)


def test_towns_of_one_state_are_weighed_and_towns_of_two_are_ruled_out():
    """'Warren' and 'Sterling Heights' (both in Michigan) may be where it happened and where the suspect lived."""
    names = {901: "Warren", 902: "Sterling Heights", 903: "Detroit", 904: "Chicago"}
    a = facts("r000", people=(JAMOUS,), places=(901,))
    b = facts("r002", people=(JAMOUS,), places=(902,))
    for f in (a, b):
        f.names.update(names)
    result = score_pair(a, b)
    assert not result.blocked
    assert any(r.startswith("-0.3 places differ") and r.endswith("both in Michigan") for r in result.reasons)
    b.places = {JAMOUS + 1000}
    b.names[JAMOUS + 1000] = "Linden Arena"  # not known to the gazetteer: nothing says the two are near
    assert any(r.startswith("-1.0 places differ") for r in score_pair(a, b).reasons)
    a.places, b.places = {903}, {904}
    assert score_pair(a, b).blocked


def test_one_earthquake_has_one_magnitude_give_or_take_rounding() -> None:
    a = facts("r000", dates=(SEPT_25,), places=(GENEVA,))
    b = facts("r002", dates=(SEPT_25,), places=(GENEVA,))
    a.kind = b.kind = "disaster"
    a.magnitudes, b.magnitudes = {6.1}, {6.2}
    assert "+1.0 same magnitude: r000 says 6.1, r002 says 6.2" in score_pair(a, b).reasons
    b.magnitudes = {5.6}
    result = score_pair(a, b)
    assert "-2.0 magnitudes apart: r000 says 6.1, r002 says 5.6" in result.reasons
    assert result.verdict != "same"


def test_one_surname_in_two_accounts_of_an_incident_is_weighed_once() -> None:
    """'Anthony LaCalamita' and 'LaCalamita' may be one man the resolver kept apart; at a meeting, kin are not."""
    a = facts("r000", dates=(SEPT_25,))
    b = facts("r002", dates=(SEPT_25,))
    a.people, b.people = {801}, {802, 803}
    for f in (a, b):
        f.names.update({801: "Anthony LaCalamita", 802: "LaCalamita", 803: "Ann La Calamita"})
    a.kind = b.kind = "incident"
    reasons = score_pair(a, b).reasons
    assert "+0.8 one surname: r000 names Anthony LaCalamita, r002 LaCalamita" in reasons
    assert sum("one surname" in r for r in reasons) == 1
    a.kind = b.kind = "meeting"
    assert not any("one surname" in r for r in score_pair(a, b).reasons)


def test_names_both_reports_give_weigh_for_an_incident_up_to_a_cap() -> None:
    """The police chief and the mayor both reports quote: evidence of one incident, not of one meeting."""
    a = facts("r000", dates=(SEPT_25,))
    b = facts("r002", dates=(SEPT_25,))
    a.report_names = b.report_names = {JAMOUS, LEAF, FRANCESCHI, GRANGER}
    a.kind = b.kind = "incident"
    assert any(r.startswith("+1.5 both reports also name Badr Jamous") for r in score_pair(a, b).reasons)
    b.people = {JAMOUS, LEAF, FRANCESCHI}  # a participant is weighed as one, not again as a name
    assert any(r.startswith("+0.5 both reports also name Nicholas Granger") for r in score_pair(a, b).reasons)
    a.kind = b.kind = "meeting"
    assert not any("also name" in r for r in score_pair(a, b).reasons)
