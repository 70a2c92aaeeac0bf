"""Similarity scores: the seed reports' spellings of one person, organisation or post score as the same."""

from __future__ import annotations

import pytest

from reconcile import settings
from reconcile.score import best_matches, compare_titles, organisation_best, person_scores, same_given_name

# The titles the two seed reports give Franceschi, Leaf and Jamous.
HEAD_SNC = "head of the SNC"
PRESIDENT_SNC = "President of the Syrian Negotiation Commission"
FRANCESCHI_000 = "Deputy Assistant Secretary for the Levant and Near East Bureau"
FRANCESCHI_002 = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)
FRANCESCHI_HEADLINE = "U.S. Deputy Assistant Secretary of State"
LEAF = "Assistant Secretary of State for Near Eastern Affairs"


@pytest.mark.parametrize(
    ("query", "same_person", "other_person"),
    [
        pytest.param("Badr Jamous", "Dr. Bader Jamous", "Barbara Leaf", id="badr-bader"),
        pytest.param("Abdul Rahman Mustafa", "Abdulrahman Mustafa", "Hadi Al-Bahra", id="split-given-name"),
        pytest.param("Abdul Rahman Mustafa", "Abdurrahman Mustafa", "Natasha Franceschi", id="abdur"),
        pytest.param("Hadi Al-Bahra", "Hadi al Bahra", "Badr Jamous", id="al-particle"),
        pytest.param("Hadi Al-Bahra", "Bahra, Hadi", "Hakan Fidan", id="surname-first"),
        pytest.param("Ms. Natasha Franceschi", "Natasha Franceschi", "Nicholas Granger", id="honorific"),
    ],
)
def test_person_scores_rank_the_same_person_first(query: str, same_person: str, other_person: str) -> None:
    same, other = person_scores(query, [same_person, other_person])
    assert same > other
    assert same >= settings.PERSON_STRONG_NAME
    assert other < settings.PERSON_WEAK_NAME


def test_person_scores_keep_the_order_of_the_names() -> None:
    scores = person_scores("Badr Jamous", ["Barbara Leaf", "Badr Jamous", "Dr. Badr Jamous"])
    assert scores[1] == scores[2] == 100.0
    assert scores[0] < 100.0
    assert person_scores("Badr Jamous", []) == []


@pytest.mark.parametrize(
    ("left", "right", "match", "how"),
    [
        pytest.param("SNC", "Syrian Negotiating Commission", True, "acronym SNC", id="acronym-left"),
        pytest.param("Syrian Negotiation Commission", "SNC", True, "acronym SNC", id="acronym-right"),
        pytest.param("S.N.C.", "Syrian Negotiation Commission", True, "acronym SNC", id="dotted-acronym"),
        pytest.param("US", "United States", True, "acronym US", id="US"),
        pytest.param("UN", "United Nations", True, "acronym UN", id="UN"),
        pytest.param(
            "Syrian Negotiating Commission", "Syrian Negotiation Commission", True, "stemmed ratio 100", id="word-forms"
        ),
        pytest.param(
            "Syrian Negotiation Commission",
            "Syrian National Coalition",
            False,
            "stemmed ratio",
            id="other-organisation",
        ),
        pytest.param("SNC", "National Coalition", False, "stemmed ratio", id="acronym-of-nothing"),
        pytest.param("UN", "US", False, "stemmed ratio", id="two-acronyms"),
        pytest.param(
            "snc", "Syrian Negotiation Commission", False, "stemmed ratio", id="lowercase"
        ),  # lower case is a word, not an acronym
    ],
)
def test_organisation_best(left: str, right: str, match: bool, how: str) -> None:
    del how  # which rule decides is visible in the case ids
    assert (organisation_best([left], [right])[0] >= settings.ORG_NAME) is match
    assert (organisation_best([right], [left])[0] >= settings.ORG_NAME) is match


def test_organisation_best_scores_each_candidate() -> None:
    scores = organisation_best(
        ["Syrian Negotiating Commission", "SNC"], ["SNC", "European Union", "Syrian Negotiation Commission"]
    )
    assert [s >= settings.ORG_NAME for s in scores] == [True, False, True]


TOPICS = [
    "humanitarian aid",
    "pressure in the General Assembly",
    "political solution in Syria",
    "the political process",
    "political solutions",
]


@pytest.mark.parametrize(
    ("cutoff", "found"),
    [
        pytest.param(60.0, ["political solution in Syria", "political solutions", "the political process"], id="60"),
        pytest.param(80.0, ["political solution in Syria", "political solutions"], id="80"),
        pytest.param(100.0, ["political solution in Syria"], id="100"),
    ],
)
def test_best_matches_cutoff(cutoff: float, found: list[str]) -> None:
    matches = best_matches("political solution", TOPICS, cutoff)
    assert [choice for choice, _, _ in matches] == found
    assert all(TOPICS[index] == choice and score >= cutoff for choice, score, index in matches)
    assert [score for _, score, _ in matches] == sorted((score for _, score, _ in matches), reverse=True)


def test_best_matches_none_above_cutoff() -> None:
    assert best_matches("detainees", TOPICS, settings.MEMBER_SIMILARITY) == []


TITLE_CASES = [
    pytest.param(HEAD_SNC, "Head of the S.N.C.", None, "same", id="case-and-dots"),
    pytest.param(HEAD_SNC, PRESIDENT_SNC, None, "reworded", id="head-president-acronym"),
    pytest.param(HEAD_SNC, PRESIDENT_SNC, True, "reworded", id="head-president-same-org"),
    pytest.param(FRANCESCHI_000, FRANCESCHI_002, None, "different", id="franceschi-other-portfolio"),
    pytest.param(FRANCESCHI_000, FRANCESCHI_HEADLINE, None, "reworded", id="franceschi-000-less-specific"),
    pytest.param(FRANCESCHI_002, FRANCESCHI_HEADLINE, None, "reworded", id="franceschi-002-less-specific"),
    pytest.param(LEAF, FRANCESCHI_000, None, "different", id="assistant-vs-deputy-assistant"),
    pytest.param(LEAF, FRANCESCHI_HEADLINE, None, "different", id="assistant-vs-deputy-less-specific"),
    pytest.param(LEAF, "Assistant Secretary for Near Eastern Affairs", None, "reworded", id="of-state-dropped"),
    pytest.param(
        "National Coalition head", "President of the National Coalition", None, "reworded", id="prefix-vs-suffix-form"
    ),
    pytest.param(HEAD_SNC, "head of the National Coalition", None, "different", id="head-of-other-body"),
    pytest.param("French envoy to Syria", "Special Envoy for Syria", None, "reworded", id="envoy"),
    pytest.param("Special Envoy for Syria", "Deputy Special Envoy for Syria", None, "different", id="deputy-envoy"),
]
FOREIGN_MINISTER = ("Turkish Foreign Minister", "Foreign Minister of Turkey", None, "reworded")


@pytest.mark.parametrize(
    ("left", "right", "same_organisation", "relation"),
    [
        *TITLE_CASES,
        pytest.param(
            *FOREIGN_MINISTER,
            id="foreign-minister-of",
        ),
    ],
)
def test_compare_titles(left: str, right: str, same_organisation: bool | None, relation: str) -> None:
    comparison = compare_titles(left, right, same_organisation)
    assert comparison.relation == relation
    assert 0.0 <= comparison.score <= 100.0
    assert comparison.detail


@pytest.mark.parametrize(
    ("left", "right", "same_organisation", "relation"),
    [*TITLE_CASES, pytest.param(*FOREIGN_MINISTER, id="foreign-minister-of")],
)
def test_compare_titles_is_symmetric(left: str, right: str, same_organisation: bool | None, relation: str) -> None:
    there, back = compare_titles(left, right, same_organisation), compare_titles(right, left, same_organisation)
    assert there.relation == back.relation
    assert there.score == pytest.approx(back.score)


def test_compare_titles_explains_a_conflict_with_both_portfolios() -> None:
    detail = compare_titles(FRANCESCHI_000, FRANCESCHI_002, None).detail
    assert "levant near east bureau" in detail and "levant syria engagement" in detail


def test_compare_titles_explains_a_rank_difference() -> None:
    detail = compare_titles(LEAF, FRANCESCHI_000, None).detail
    assert "'assistant secretary' vs 'deputy assistant secretary'" in detail


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("Badr Jamous", "Bader Jamous", True),
        ("Jamous", "Hadi Jamous", True),
        ("Hadi Al-Bahra", "Hani Al-Bahra", False),
        ("Mary Lou Nye", "Mary Jo Nye", False),  # two people named in one sentence
        ("David Brian Evans", "David Bryant Evans", True),  # one man, middle name spelt two ways
        ("Caitlin L. Caskey", "Caitlin Lee Caskey", True),
        ("Caitlin L. Caskey", "Caitlin Caskey", True),
    ],
)
def test_same_given_name_weighs_middle_names_only_when_both_give_one(left: str, right: str, expected: bool) -> None:
    assert same_given_name(left, right) is expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("Bill Hakes", "William Hakes", id="familiar-given-name"),
        pytest.param("Trooper William Hakes", "William Hakes", id="rank-said-as-address"),
        pytest.param("Capt. Ana Oyelaran", "Ana Oyelaran", id="abbreviated-rank"),
        pytest.param("Donal Ferris", "Donal James Ferris", id="middle-name-left-out"),
    ],
)
def test_name_forms_reports_use_for_one_person_score_as_strong_names(left: str, right: str) -> None:
    assert person_scores(left, [right])[0] >= settings.PERSON_STRONG_NAME
    assert same_given_name(left, right)


def test_a_different_middle_name_or_surname_is_not_a_left_out_middle_name() -> None:
    assert person_scores("Donal Ferris", ["Donal James Farris"])[0] < 95
    assert person_scores("Donal James Ferris", ["Donal Peter Ferris"])[0] < 95
