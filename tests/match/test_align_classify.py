"""Aligning the seed reports' claims and classifying each group: agreement, addition, variant or conflict."""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

import pytest

from reconcile.match.align import AlignedGroup, ClaimView, align
from reconcile.match.classify import FindingDraft, classify
from reconcile.normalize import normalise_value

R000, R002 = "r000", "r002"
REPORTS = [R000, R002]

# Entities, as (id, display name), shared by the two seed reports once resolved.
JAMOUS = (1, "Badr Jamous")
LEAF = (2, "Barbara Leaf")
FRANCESCHI = (3, "Natasha Franceschi")
GRANGER = (4, "Nicholas Granger")
NEW_YORK = (30, "New York")
GENEVA = (31, "Geneva")
KUALA_LUMPUR = (32, "Kuala Lumpur")
MALAYSIA = (33, "Malaysia")
WARREN = (34, "Warren")
STERLING_HEIGHTS = (35, "Sterling Heights")
WOODBURN = (36, "Woodburn")
BANK = (37, "West Coast Bank branch")
ARENA = (38, "Linden Arena")
SNC, US = 10, 20
SIDES = {SNC: "SNC", US: "United States"}

HEAD_SNC = "head of the SNC"
PRESIDENT_SNC = "President of the Syrian Negotiation Commission"
FRANCESCHI_000 = "Deputy Assistant Secretary for the Levant and Near East Bureau"
FRANCESCHI_002 = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)
FRANCESCHI_HEADLINE = "U.S. Deputy Assistant Secretary of State"
LEAF_TITLE = "Assistant Secretary of State for Near Eastern Affairs"

_ids = count(1)


def claim(
    report: str,
    prop: str,
    value: str,
    entity: tuple[int, str] | None = None,
    published: dt.date | None = None,
    **qualifiers: Any,
) -> ClaimView:
    """A claim as the loader stores it: normalised like load.py does, referring to `entity` when given."""
    object_id, object_name = entity if entity else (None, None)
    return ClaimView(
        id=next(_ids),
        report_id=report,
        published=published,
        property=prop,
        value=value,
        normalised=normalise_value(prop, value),
        raw=value,
        sentence=value,
        span=(0, len(value)),
        object_id=object_id,
        object_name=object_name,
        qualifiers=qualifiers,
        names=dict(SIDES),
    )


def attendee(report: str, who: tuple[int, str], written: str | None = None) -> ClaimView:
    return claim(report, "attendee", written or who[1], who)


def led_by(report: str, who: tuple[int, str], side: int) -> ClaimView:
    return claim(report, "led_by", who[1], who, side=side)


def findings(claims: list[ClaimView], reports: list[str] = REPORTS) -> list[tuple[AlignedGroup, FindingDraft | None]]:
    return [(group, classify(group)) for group in align(claims, reports)]


def only_finding(claims: list[ClaimView], reports: list[str] = REPORTS) -> FindingDraft | None:
    (result,) = findings(claims, reports)
    return result[1]


def by_member(claims: list[ClaimView]) -> dict[str | None, FindingDraft]:
    found = {}
    for group, draft in findings(claims):
        assert draft is not None
        found[group.member] = draft
    return found


@pytest.mark.parametrize(
    ("claims", "kind", "severity", "stated_by"),
    [
        pytest.param(
            [claim(R000, "date", "2024-09-25"), claim(R002, "date", "2024-09-25")],
            "agreement",
            "none",
            [R000, R002],
            id="date-agreement",
        ),
        pytest.param(
            [claim(R000, "date", "2024-09-25"), claim(R002, "date", "2024-09-26")],
            "conflict",
            "high",
            [R000, R002],
            id="date-conflict",
        ),
        pytest.param([claim(R002, "date", "2024-09-25")], "addition", "medium", [R002], id="date-addition"),
        pytest.param(
            [claim(R000, "place", "New York", NEW_YORK), claim(R002, "place", "NYC", NEW_YORK)],
            "agreement",
            "none",
            [R000, R002],
            id="place-same-entity-other-words",
        ),
        pytest.param(
            [claim(R000, "place", "Geneva", GENEVA), claim(R002, "place", "New York", NEW_YORK)],
            "conflict",
            "high",
            [R000, R002],
            id="place-conflict",
        ),
        pytest.param([claim(R002, "place", "New York", NEW_YORK)], "addition", "medium", [R002], id="place-addition"),
        pytest.param(
            [claim(R000, "place", "Kuala Lumpur", KUALA_LUMPUR), claim(R002, "place", "Malaysia", MALAYSIA)],
            "variant",
            "low",
            [R000, R002],
            id="place-within-its-country",
        ),
        pytest.param(  # where it happened and where the suspect lived: two towns of one state, shown, not at odds
            [claim(R000, "place", "Warren", WARREN), claim(R002, "place", "Sterling Heights", STERLING_HEIGHTS)],
            "variant",
            "medium",
            [R000, R002],
            id="places-of-one-state",
        ),
        pytest.param(  # the venue may lie in the town: containment unknown is no conflict
            [claim(R000, "place", "Woodburn", WOODBURN), claim(R002, "place", "West Coast Bank branch", BANK)],
            "variant",
            "medium",
            [R000, R002],
            id="a-town-and-a-venue",
        ),
        pytest.param(
            [claim(R000, "place", "Linden Arena", ARENA), claim(R002, "place", "West Coast Bank branch", BANK)],
            "conflict",
            "high",
            [R000, R002],
            id="two-venues",
        ),
    ],
)
def test_single_values(claims: list[ClaimView], kind: str, severity: str, stated_by: list[str]) -> None:
    draft = only_finding(claims)
    assert draft is not None
    assert (draft.kind, draft.severity) == (kind, severity)
    assert draft.scores["stated_by"] == stated_by
    assert draft.scores["not_stated_by"] == [r for r in REPORTS if r not in stated_by]


def test_single_value_conflict_shows_both_values() -> None:
    draft = only_finding([claim(R000, "date", "2024-09-25"), claim(R002, "date", "2024-09-26")])
    assert draft is not None
    assert draft.explanation == "rule single-value: the reports give different dates: 2024-09-25 vs 2024-09-26"


SEED_ATTENDEES = [
    attendee(R000, JAMOUS),
    attendee(R000, LEAF),
    attendee(R000, FRANCESCHI),
    attendee(R000, GRANGER),
    attendee(R002, JAMOUS, "Dr. Bader Jamous"),
    attendee(R002, FRANCESCHI, "Ms. Natasha Franceschi"),
]


@pytest.mark.parametrize(
    ("member", "kind", "stated_by", "not_stated_by"),
    [
        pytest.param("Badr Jamous", "agreement", [R000, R002], [], id="jamous-both"),
        pytest.param("Natasha Franceschi", "agreement", [R000, R002], [], id="franceschi-both"),
        pytest.param("Barbara Leaf", "addition", [R000], [R002], id="leaf-000-only"),
        pytest.param("Nicholas Granger", "addition", [R000], [R002], id="granger-000-only"),
    ],
)
def test_attendees_member_by_member(member: str, kind: str, stated_by: list[str], not_stated_by: list[str]) -> None:
    draft = by_member(SEED_ATTENDEES)[member]
    assert draft.kind == kind
    assert draft.severity == ("none" if kind == "agreement" else "low")
    assert (draft.scores["stated_by"], draft.scores["not_stated_by"]) == (stated_by, not_stated_by)


def test_attendee_groups_are_per_entity() -> None:
    groups = align(SEED_ATTENDEES, REPORTS)
    assert sorted(g.member_entity_id for g in groups) == [JAMOUS[0], LEAF[0], FRANCESCHI[0], GRANGER[0]]
    jamous = next(g for g in groups if g.member_entity_id == JAMOUS[0])
    assert {r: [c.value for c in cs] for r, cs in jamous.by_report.items()} == {
        R000: ["Badr Jamous"],
        R002: ["Dr. Bader Jamous"],
    }


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        pytest.param(
            [led_by(R000, LEAF, US), led_by(R002, JAMOUS, SNC)],
            {"SNC side": ("addition", "medium", [R002]), "United States side": ("addition", "medium", [R000])},
            id="each-report-names-one-side",
        ),
        pytest.param(
            [led_by(R000, JAMOUS, SNC), led_by(R002, JAMOUS, SNC)],
            {"SNC side": ("agreement", "none", [R000, R002])},
            id="same-lead",
        ),
        pytest.param(
            [led_by(R000, LEAF, US), led_by(R002, FRANCESCHI, US)],
            {"United States side": ("conflict", "high", [R000, R002])},
            id="other-lead-same-side",
        ),
    ],
)
def test_led_by_per_side(claims: list[ClaimView], expected: dict[str, tuple[str, str, list[str]]]) -> None:
    found = {
        member: (draft.kind, draft.severity, draft.scores["stated_by"]) for member, draft in by_member(claims).items()
    }
    assert found == expected


@pytest.mark.parametrize(
    ("left", "right", "kind", "severity"),
    [
        pytest.param(
            claim(R000, "title", HEAD_SNC, organisation=SNC),
            claim(R002, "title", PRESIDENT_SNC, organisation=SNC),
            "variant",
            "low",
            id="head-president-same-organisation",
        ),
        pytest.param(
            claim(R000, "title", FRANCESCHI_000),
            claim(R002, "title", FRANCESCHI_002),
            "conflict",
            "medium",
            id="franceschi-other-post",
        ),
        pytest.param(
            claim(R000, "title", FRANCESCHI_002),
            claim(R002, "title", FRANCESCHI_HEADLINE),
            "variant",
            "low",
            id="franceschi-less-specific",
        ),
        pytest.param(
            claim(R000, "title", LEAF_TITLE),
            claim(R002, "title", FRANCESCHI_000),
            "conflict",
            "medium",
            id="other-rank",
        ),
        pytest.param(
            claim(R000, "title", HEAD_SNC),
            claim(R002, "title", "Head of the SNC"),
            "agreement",
            "none",
            id="same-title",
        ),
    ],
)
def test_titles(left: ClaimView, right: ClaimView, kind: str, severity: str) -> None:
    draft = only_finding([left, right])
    assert draft is not None
    assert (draft.kind, draft.severity) == (kind, severity)
    assert [(p["left"], p["right"]) for p in draft.scores["pairs"]] == [(left.id, right.id)]


def test_title_conflict_wins_over_a_rewording() -> None:
    draft = only_finding(
        [
            claim(R000, "title", FRANCESCHI_000),
            claim(R002, "title", FRANCESCHI_002),
            claim(R002, "title", FRANCESCHI_HEADLINE),
        ]
    )
    assert draft is not None
    assert (draft.kind, draft.severity) == ("conflict", "medium")
    # the headline's shorter form restates 002's full title, so only the full titles are compared
    assert [p["relation"] for p in draft.scores["pairs"]] == ["different"]


def test_a_person_holding_two_posts_is_no_conflict_when_each_report_gives_one_of_them() -> None:
    draft = only_finding(
        [
            claim(R000, "title", "Captain"),
            claim(R000, "title", "Chief Spokesman of the Navy"),
            claim(R002, "title", "Captain"),
            claim(R002, "title", "Navy spokesman"),
        ]
    )
    assert draft is not None
    assert draft.kind in ("agreement", "variant")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("port authority director", "Harbourtown Port Authority Director", id="employer-before"),
        pytest.param("head of the dockers' union", "head of the Harbourtown dockers' union", id="portfolio-within"),
        pytest.param("HPA Officer", "Harbour Patrol Authority Officer", id="initials"),
    ],
)
def test_a_title_said_with_more_words_is_a_variant(left: str, right: str) -> None:
    draft = only_finding([claim(R000, "title", left), claim(R002, "title", right)])
    assert draft is not None
    assert (draft.kind, draft.severity) == ("variant", "low")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("Harbour Minister", "Deputy Harbour Minister", id="deputy"),
        pytest.param("mayor of Harbourtown", "former mayor of Harbourtown", id="former"),
        pytest.param("Minister", "Prime Minister", id="prime"),
    ],
)
def test_a_word_that_changes_the_post_keeps_the_conflict(left: str, right: str) -> None:
    draft = only_finding([claim(R000, "title", left), claim(R002, "title", right)])
    assert draft is not None
    assert draft.kind == "conflict"


@pytest.mark.parametrize(
    ("published", "kind", "rule"),
    [
        pytest.param(
            (dt.date(2024, 9, 1), dt.date(2024, 9, 26)), "conflict", "rule title-rank-portfolio", id="within-window"
        ),
        pytest.param((None, dt.date(2024, 9, 26)), "conflict", "rule title-rank-portfolio", id="one-undated"),
        pytest.param((dt.date(2022, 1, 1), dt.date(2024, 9, 26)), "addition", "rule title-window", id="years-apart"),
    ],
)
def test_titles_are_compared_within_the_window(published: tuple[Any, Any], kind: str, rule: str) -> None:
    draft = only_finding(
        [
            claim(R000, "title", FRANCESCHI_000, published=published[0]),
            claim(R002, "title", FRANCESCHI_002, published=published[1]),
        ]
    )
    assert draft is not None
    assert draft.kind == kind
    assert draft.explanation.startswith(rule)


def _many(titles: list[tuple[str, dt.date | None]]) -> FindingDraft | None:
    """One person's titles, one report each, as many reports as titles."""
    reports = [f"r{i:04d}" for i in range(len(titles))]
    return only_finding([claim(r, "title", t, published=d) for r, (t, d) in zip(reports, titles, strict=True)], reports)


def test_one_report_of_a_thousand_giving_another_post_is_the_conflict() -> None:
    day = dt.date(2024, 9, 1)
    titles: list[tuple[str, dt.date | None]] = [(FRANCESCHI_000, day + dt.timedelta(days=i % 50)) for i in range(999)]
    draft = _many([*titles[:500], ("Harbour Minister", day), *titles[500:]])
    assert draft is not None
    assert (draft.kind, draft.severity) == ("conflict", "medium")
    assert "'Harbour Minister' (r0500)" in draft.explanation
    assert {p["relation"] for p in draft.scores["pairs"]} == {"same", "different"}


def test_titles_of_many_reports_compare_only_within_the_window() -> None:
    """Two posts years apart are no conflict, however many reports give each; one undated report bridges them."""
    early, late = dt.date(2020, 1, 1), dt.date(2024, 9, 1)
    apart = [(FRANCESCHI_000, early + dt.timedelta(days=i)) for i in range(40)]
    apart += [("Harbour Minister", late + dt.timedelta(days=i)) for i in range(40)]
    draft = _many(apart)
    assert draft is not None
    assert draft.kind == "agreement"  # each post is compared only with itself, within its years
    bridged = _many([*apart, ("Harbour Minister", None)])
    assert bridged is not None
    assert bridged.kind == "conflict"


def test_title_from_one_report_is_an_addition() -> None:
    draft = only_finding([claim(R000, "title", HEAD_SNC)])
    assert draft is not None
    assert (draft.kind, draft.severity, draft.scores["not_stated_by"]) == ("addition", "low", [R002])


@pytest.mark.parametrize(
    ("r000", "r002", "kind"),
    [
        pytest.param(["Badr Jamous"], ["Dr. Bader Jamous"], "variant", id="badr-bader"),
        pytest.param(["Badr Jamous"], ["Dr. Badr Jamous"], "agreement", id="honorific-only"),
        pytest.param(["Badr Jamous"], ["Badr Jamous"], "agreement", id="identical"),
        pytest.param(["Badr Jamous"], ["Dr. Badr Jamous", "Dr. Bader Jamous"], "variant", id="both-forms"),
        pytest.param(["Abdulrahman Mustafa"], ["Abdul Rahman Mustafa"], "variant", id="split-given-name"),
        pytest.param(["Hadi Al-Bahra"], ["Hadi al Bahra"], "agreement", id="particle-spacing"),
        pytest.param(
            ["Badr Jamous"], ["Jamous"], None, id="surname-only"
        ),  # a surname alone is not a way of writing the full name
    ],
)
def test_names(r000: list[str], r002: list[str], kind: str | None) -> None:
    claims = [claim(R000, "name", n) for n in r000] + [claim(R002, "name", n) for n in r002]
    draft = only_finding(claims)
    assert (draft.kind if draft else None) == kind
    if kind:
        assert draft is not None and draft.severity == ("low" if kind == "variant" else "none")


def test_name_variant_lists_the_forms_of_each_report() -> None:
    draft = only_finding([claim(R000, "name", "Badr Jamous"), claim(R002, "name", "Dr. Bader Jamous")])
    assert draft is not None
    assert draft.scores["forms"] == {R000: ["badr jamous"], R002: ["bader jamous"]}
    assert "written differently" in draft.explanation


@pytest.mark.parametrize(
    ("r000", "r002", "kind", "severity"),
    [
        pytest.param("for", "against", "conflict", "high", id="opposed"),
        pytest.param("for", "for", "agreement", "none", id="both-for"),
        pytest.param("against", "against", "agreement", "none", id="both-against"),
    ],
)
def test_stance_polarity(r000: str, r002: str, kind: str, severity: str) -> None:
    stance = "binding mechanisms to enforce international resolutions"
    draft = only_finding(
        [
            claim(R000, "stance", stance, holder=SNC, polarity=r000),
            claim(R002, "stance", stance, holder=SNC, polarity=r002),
        ]
    )
    assert draft is not None
    assert (draft.kind, draft.severity) == (kind, severity)
    if kind == "conflict":
        assert draft.explanation.startswith("rule stance-polarity")


def test_stances_of_different_holders_are_not_compared() -> None:
    stance = "binding mechanisms to enforce international resolutions"
    groups = align(
        [
            claim(R000, "stance", stance, holder=SNC, polarity="for"),
            claim(R002, "stance", stance, holder=US, polarity="against"),
        ],
        REPORTS,
    )
    assert len(groups) == 2
    assert [classify(g).kind for g in groups] == ["addition", "addition"]  # type: ignore[union-attr]


R003 = "r003"
SPOKEN = "we will not sign anything that leaves our farmers without water"


def test_the_same_words_put_to_different_speakers_are_a_conflict_on_who_said_them() -> None:
    names = {JAMOUS[0]: JAMOUS[1], LEAF[0]: LEAF[1], GRANGER[0]: GRANGER[1]}
    quotes = [
        claim(R000, "quote", SPOKEN, speaker=JAMOUS[0]),
        claim(R002, "quote", SPOKEN.capitalize(), speaker=LEAF[0]),
        claim(R003, "quote", SPOKEN, speaker=GRANGER[0]),
    ]
    for quote in quotes:
        quote.names.update(names)
    draft = only_finding(quotes, [R000, R002, R003])
    assert draft is not None
    assert (draft.kind, draft.severity) == ("conflict", "high")
    assert draft.explanation.startswith("rule quote-speaker")
    assert draft.scores["speakers"] == {"Badr Jamous": [R000], "Barbara Leaf": [R002], "Nicholas Granger": [R003]}


def test_a_quote_one_report_gives_no_speaker_takes_no_side() -> None:
    quotes = [claim(R000, "quote", SPOKEN, speaker=JAMOUS[0]), claim(R002, "quote", SPOKEN)]
    quotes[0].names[JAMOUS[0]] = JAMOUS[1]
    draft = only_finding(quotes)
    assert draft is not None and draft.kind == "agreement"


def test_short_quotes_stay_with_their_speaker() -> None:
    """'Very useful' is said by many: two speakers saying it are two quotes, not a dispute over one."""
    groups = align(
        [claim(R000, "quote", "very useful", speaker=1), claim(R002, "quote", "very useful", speaker=2)], REPORTS
    )
    assert [classify(g).kind for g in groups] == ["addition", "addition"]  # type: ignore[union-attr]


def test_topics_grouped_when_similar_and_apart_when_not() -> None:
    found = by_member(
        [
            claim(R000, "topic", "Resolution 2254"),
            claim(R000, "topic", "humanitarian aid"),
            claim(R002, "topic", "implementation of Resolution 2254"),
            claim(R002, "topic", "detainees and forcibly disappeared persons"),
        ]
    )
    assert {member: (d.kind, d.scores["stated_by"]) for member, d in found.items()} == {
        "Resolution 2254": ("variant", [R000, R002]),
        "humanitarian aid": ("addition", [R000]),
        "detainees and forcibly disappeared persons": ("addition", [R002]),
    }
    assert [c.value for c in found["Resolution 2254"].claims] == [
        "Resolution 2254",
        "implementation of Resolution 2254",
    ]


def test_identical_topics_agree() -> None:
    draft = only_finding([claim(R000, "topic", "Humanitarian aid"), claim(R002, "topic", "humanitarian aid")])
    assert draft is not None
    assert draft.kind == "agreement"


def test_align_orders_groups_by_property() -> None:
    groups = align(
        [
            claim(R000, "topic", "humanitarian aid"),
            attendee(R000, JAMOUS),
            claim(R000, "date", "2024-09-25"),
            claim(R002, "place", "New York", NEW_YORK),
        ],
        REPORTS,
    )
    assert [g.property for g in groups] == ["date", "place", "attendee", "topic"]


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param([claim(R000, "date", "2024-09-25")], id="date"),
        pytest.param([claim(R000, "date", "2024-09-25"), claim(R002, "date", "2024-09-26")], id="date-other-report"),
        pytest.param([attendee(R000, LEAF)], id="attendee"),
        pytest.param([claim(R000, "title", HEAD_SNC)], id="title"),
        pytest.param([claim(R000, "name", "Badr Jamous")], id="name"),
    ],
)
def test_classify_needs_two_reports_in_scope(claims: list[ClaimView]) -> None:
    assert all(draft is None for _, draft in findings(claims, [R000]))


MAY_3, MAY_4, MAY_5 = dt.date(2025, 5, 3), dt.date(2025, 5, 4), dt.date(2025, 5, 5)


@pytest.mark.parametrize(
    ("said", "kind", "rule"),
    [
        pytest.param([(R000, "27", MAY_3), (R002, "27", MAY_4)], "agreement", "same-value", id="same"),
        pytest.param([(R000, "27-33", MAY_3), (R002, "31", MAY_3)], "variant", "count-overlap", id="about-30-and-31"),
        pytest.param([(R000, "at least 60", MAY_3), (R002, "115", MAY_3)], "variant", "count-overlap", id="at-least"),
        pytest.param([(R000, "60", MAY_3), (R002, "115", MAY_3)], "conflict", "count-apart", id="same-day-apart"),
        pytest.param([(R000, "60", MAY_3), (R002, "115", MAY_4)], "update", "count-update", id="later-and-higher"),
        pytest.param([(R000, "115", MAY_3), (R002, "60", MAY_4)], "conflict", "count-apart", id="later-and-lower"),
        pytest.param([(R000, "60", None), (R002, "115", MAY_4)], "conflict", "count-apart", id="undated"),
        pytest.param([(R000, "27", MAY_3)], "addition", "member-by-member", id="one-report"),
    ],
)
def test_counts_compare_as_intervals(said: list[tuple[str, str, dt.date | None]], kind: str, rule: str) -> None:
    draft = only_finding([claim(report, "killed", value, published=day) for report, value, day in said])
    assert draft is not None
    assert draft.kind == kind
    assert draft.explanation.startswith(f"rule {rule}")


def test_an_update_shows_each_count_with_its_report_and_time() -> None:
    claims = [
        claim(R000, "killed", "27", published=MAY_3),
        claim(R000, "killed", "at least 27", published=MAY_3),
        claim(R002, "killed", "31", published=MAY_4),
        claim(R003, "killed", "34", published=MAY_5),
    ]
    draft = only_finding(claims, [R000, R002, R003])
    assert draft is not None and (draft.kind, draft.severity) == ("update", "low")
    assert draft.explanation == (
        "rule count-update: killed rises as the reports come out: "
        "27 / at least 27 (r000, 2025-05-03) -> 31 (r002, 2025-05-04) -> 34 (r003, 2025-05-05)"
    )


def test_a_count_of_the_missing_is_never_an_update() -> None:
    """The missing are found as well as added to, so two counts of them apart are a conflict whatever their order."""
    draft = only_finding([claim(R000, "missing", "12", published=MAY_3), claim(R002, "missing", "20", published=MAY_4)])
    assert draft is not None and draft.kind == "conflict"


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [("6.1", "6.2", "variant"), ("6.0", "6.2", "variant"), ("6.1", "6.6", "conflict"), ("7.8", "7.8", "agreement")],
)
def test_magnitudes_vary_within_rounding_and_conflict_beyond_it(first: str, second: str, kind: str) -> None:
    """Agencies round one quake to 6.1 and 6.2; a later, larger magnitude is no update of a toll."""
    claims = [claim(R000, "magnitude", first, published=MAY_3), claim(R002, "magnitude", second, published=MAY_4)]
    draft = only_finding(claims)
    assert draft is not None and draft.kind == kind


@pytest.mark.parametrize(("first", "second", "kind"), [("64", "63.8", "variant"), ("64", "58", "conflict")])
def test_turnouts_vary_within_a_point_and_conflict_beyond_it(first: str, second: str, kind: str) -> None:
    claims = [claim(R000, "turnout", first, published=MAY_3), claim(R002, "turnout", second, published=MAY_4)]
    draft = only_finding(claims)
    assert draft is not None and draft.kind == kind


def test_a_weekday_off_its_date_is_a_conflict_even_when_the_dates_agree() -> None:
    claims = [
        claim(R000, "date", "2025-03-09", weekday="Monday", weekday_check="mismatch"),
        claim(R002, "date", "2025-03-09"),
    ]
    draft = only_finding(claims)
    assert draft is not None and (draft.kind, draft.severity) == ("conflict", "medium")
    assert draft.explanation.endswith("r000 says Monday, but 2025-03-09 was a Sunday")


@pytest.mark.parametrize(
    ("first", "second", "kind", "explanation"),
    [
        ("1650000000 USD", "1600000000 USD", "variant", "rule count-overlap"),
        ("50000000 USD", "40000000 USD", "conflict", "rule count-apart"),
        ("at least 40000001 EUR", "45000000 EUR", "variant", "rule count-overlap"),
        ("50000000 USD", "45000000 EUR", "variant", "rule amount-currency"),
    ],
)
def test_amounts_vary_within_rounding_conflict_beyond_it_and_other_currencies_are_no_conflict(
    first: str, second: str, kind: str, explanation: str
) -> None:
    claims = [claim(R000, "amount", first, published=MAY_3), claim(R002, "amount", second, published=MAY_4)]
    draft = only_finding(claims)
    assert draft is not None and draft.kind == kind
    assert draft.explanation.startswith(explanation)


def test_shares_of_the_vote_are_compared_per_winner() -> None:
    """Each report's share for the SNC is compared with the others' for the SNC, never with another party's."""
    claims = [
        claim(R000, "vote_share", "52.6", holder=SNC),
        claim(R000, "vote_share", "47.4", holder=US),
        claim(R002, "vote_share", "53", holder=SNC),
        claim(R002, "vote_share", "45", holder=US),
    ]
    found = by_member(claims)
    assert found["SNC"].kind == "variant"
    assert found["United States"].kind == "conflict"
    assert found["United States"].explanation == (
        "rule count-apart: the reports give vote shares that cannot all be true: 45 (r002) vs 47.4 (r000)"
    )


def test_votes_that_rise_with_the_count_are_an_update() -> None:
    claims = [
        claim(R000, "votes", "1200000", published=MAY_3, holder=SNC),
        claim(R002, "votes", "1234567", published=MAY_4, holder=SNC),
    ]
    draft = only_finding(claims)
    assert draft is not None and draft.kind == "update"


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ("2 hours", "120 minutes", "variant"),
        ("3 hours", "at least 2 hours", "variant"),
        ("10 years", "8 years", "conflict"),
    ],
)
def test_lengths_are_compared_in_one_unit(first: str, second: str, kind: str) -> None:
    claims = [claim(R000, "duration", first, published=MAY_3), claim(R002, "duration", second, published=MAY_4)]
    draft = only_finding(claims)
    assert draft is not None and draft.kind == kind
