"""Folding, name keys and title parts: the spellings the seed reports use must meet, strangers must not."""

from __future__ import annotations

import pytest

from reconcile.normalize import (
    TitleParts,
    acronym,
    document_number,
    entity_keys,
    fold,
    normalise_value,
    person_keys,
    person_name,
    skeleton,
    strip_honorifics,
    title_parts,
)


def shares_key(keys_of, left: str, right: str) -> bool:
    """Whether two names land in at least one common block."""
    return bool(keys_of(left) & keys_of(right))


def org_keys(name: str) -> set[str]:
    return entity_keys("organisation", name)


def doc_keys(name: str) -> set[str]:
    return entity_keys("document", name)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("U.S.", "us", id="dotted-US"),
        pytest.param("the U.S. Deputy Assistant Secretary", "the us deputy assistant secretary", id="dotted-in-title"),
        pytest.param("S.N.C.", "snc", id="dotted-SNC"),
        pytest.param("Jean-François Guillaume", "jean francois guillaume", id="accents"),
        pytest.param("Hadi Al-Bahra", "hadi al bahra", id="hyphen"),
        pytest.param("Syria’s revolution", "syria s revolution", id="curly-apostrophe"),
        pytest.param("  United   Nations\tGeneral Assembly ", "united nations general assembly", id="whitespace"),
        pytest.param("snake_case_name", "snake case name", id="underscore"),
        pytest.param("UNSCR 2254", "unscr 2254", id="digits-kept"),
        pytest.param("Dr. Badr Jamous", "dr badr jamous", id="honorific-kept"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


TRICKY = [
    "U.S.",
    "u.s.a.",
    "U.S.-backed",
    "A.B.C.D.",
    "Q.E.D.s",
    "Jean-François Guillaume",
    "Syria’s",
    "“quoted”",
    "İstanbul",
    "ẞtraße",
    "ﬁnance",
    "Ĳssel",
    "ǅemal",
    "ΟΔΟΣ",
    "x²",
    "Ⅻ",
    "e\u0301",
    "Dr.Badr",
    "snake_case",
    "...",
    "",
    "  spaced   out  ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@pytest.mark.parametrize(
    ("folded", "stripped"),
    [
        pytest.param("dr badr jamous", "badr jamous", id="dr"),
        pytest.param("ms natasha franceschi", "natasha franceschi", id="ms"),
        pytest.param("he hakan fidan", "hakan fidan", id="his-excellency"),
        pytest.param("dr prof badr jamous", "badr jamous", id="stacked"),
        pytest.param("badr jamous", "badr jamous", id="none"),
        pytest.param("dr", "dr", id="only-honorific"),  # a lone honorific is all there is to compare
        pytest.param("badr dr jamous", "badr dr jamous", id="not-leading"),  # only leading honorifics go
    ],
)
def test_strip_honorifics(folded: str, stripped: str) -> None:
    assert strip_honorifics(folded) == stripped


@pytest.mark.parametrize(
    ("name", "comparable"),
    [
        pytest.param("Dr. Badr Jamous", "badr jamous", id="dr"),
        pytest.param("Ms. Natasha Franceschi", "natasha franceschi", id="ms"),
        pytest.param("Hadi Al-Bahra", "hadi albahra", id="al-hyphen"),
        pytest.param("Hadi al Bahra", "hadi albahra", id="al-space"),
        pytest.param("H.E. Hakan Fidan", "hakan fidan", id="h.e."),
        pytest.param(
            "Abdul Rahman Mustafa", "abdul rahman mustafa", id="abdul-not-particle"
        ),  # 'abdul' is a name, not a particle
        pytest.param("Abu Mohammad al-Julani", "abumohammad aljulani", id="two-particles"),
    ],
)
def test_person_name(name: str, comparable: str) -> None:
    assert person_name(name) == comparable


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        pytest.param("badr", "bader", True, id="badr-bader"),
        pytest.param("jamous", "jamus", True, id="jamous-jamus"),
        pytest.param("bahra", "bahra", True, id="same-word"),
        pytest.param(
            "abdulrahman", "abdurrahman", False, id="abdul-abdur"
        ),  # close but not equal: the given-name key is not relied on
        pytest.param("jamous", "leaf", False, id="jamous-leaf"),
        pytest.param("badr", "barbara", False, id="badr-barbara"),
    ],
)
def test_skeleton(left: str, right: str, same: bool) -> None:
    assert (skeleton(left) == skeleton(right)) is same


@pytest.mark.parametrize(
    ("left", "right", "one_block"),
    [
        pytest.param("Badr Jamous", "Dr. Bader Jamous", True, id="badr-bader"),
        pytest.param("Abdulrahman Mustafa", "Abdul Rahman Mustafa", True, id="abdulrahman-abdul-rahman"),
        pytest.param("Abdulrahman Mustafa", "Abdurrahman Mustafa", True, id="abdulrahman-abdurrahman"),
        pytest.param("Hadi Al-Bahra", "Hadi al Bahra", True, id="al-bahra-spacing"),
        pytest.param("Hadi Al-Bahra", "Hadi Bahra", True, id="al-bahra-no-particle"),
        pytest.param("Natasha Franceschi", "Ms. Natasha Franceschi", True, id="honorific"),
        pytest.param(
            "Bashar al-Assad",
            "Bashar Assad",
            True,
            id="al-assad-assad",
        ),
        pytest.param("Badr Jamous", "Barbara Leaf", False, id="jamous-leaf"),
        pytest.param("Hadi Al-Bahra", "Hadi Jamous", False, id="same-given-name-other-surname"),
        pytest.param("Abdulrahman Mustafa", "Abdulrahman Jamous", False, id="abdulrahman-other-surname"),
        pytest.param("Natasha Franceschi", "Nicholas Granger", False, id="franceschi-granger"),
    ],
)
def test_person_keys_block_transliterations_together(left: str, right: str, one_block: bool) -> None:
    assert shares_key(person_keys, left, right) is one_block


def test_person_keys_of_a_single_word_is_the_surname_only() -> None:
    assert person_keys("Jamous") == {f"sn:{skeleton('jamous')}"}
    assert person_keys("") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("SNC", "snc", id="SNC"),
        pytest.param("S.N.C.", "snc", id="dotted"),
        pytest.param("UNGA", "unga", id="UNGA"),
        pytest.param("Syrian Negotiating Commission", "snc", id="negotiating"),
        pytest.param("Syrian Negotiation Commission", "snc", id="negotiation"),
        pytest.param("United States", "us", id="united-states"),
        pytest.param("U.S.", "us", id="U.S."),
        pytest.param("Government of the United States", "gus", id="stopwords"),  # stopwords do not count
        pytest.param("Jamous", None, id="word"),  # one ordinary word has no acronym
        pytest.param("Snc", None, id="mixed-case"),  # not written in capitals, so just a word
    ],
)
def test_acronym(text: str, expected: str | None) -> None:
    assert acronym(text) == expected


@pytest.mark.parametrize(
    ("name", "number"),
    [
        pytest.param("Resolution 2254", "2254", id="resolution"),
        pytest.param("UN Security Council Resolution 2254", "2254", id="unsc"),
        pytest.param("UNSCR 2254", "2254", id="unscr"),
        pytest.param("Resolution 2254 (2015)", "2254", id="with-year"),
        pytest.param("UN Resolutions 2254 and 2118", "2254", id="first-of-two"),
        pytest.param("Geneva Communique", None, id="unnumbered"),
        pytest.param("Resolution 7", None, id="one-digit"),  # a single digit is too short to be a document number
    ],
)
def test_document_number(name: str, number: str | None) -> None:
    assert document_number(name) == number


@pytest.mark.parametrize(
    ("keys_of", "left", "right", "one_block"),
    [
        pytest.param(doc_keys, "Resolution 2254", "UN Security Council Resolution 2254", True, id="doc-unsc"),
        pytest.param(doc_keys, "Resolution 2254", "UNSCR 2254", True, id="doc-unscr"),
        pytest.param(doc_keys, "Resolution 2254", "Resolution 2118", False, id="doc-other-number"),
        pytest.param(doc_keys, "Geneva Communique", "Geneva Communiqué", True, id="doc-accent"),
        pytest.param(doc_keys, "Geneva Communique", "Geneva Statement", False, id="doc-other-name"),
        pytest.param(org_keys, "SNC", "Syrian Negotiating Commission", True, id="org-acronym"),
        pytest.param(
            org_keys, "Syrian Negotiating Commission", "Syrian Negotiation Commission", True, id="org-word-forms"
        ),
        pytest.param(org_keys, "S.N.C.", "Syrian Negotiation Commission", True, id="org-dotted"),
        pytest.param(org_keys, "U.S.", "United States", True, id="org-U.S."),
        pytest.param(org_keys, "US", "United States", True, id="org-US"),
        pytest.param(org_keys, "United Nations", "United States", False, id="org-UN-US"),
        pytest.param(org_keys, "SNC", "National Coalition", False, id="org-other"),
        pytest.param(lambda n: entity_keys("person", n), "Dr. Badr Jamous", "Bader Jamous", True, id="person"),
        pytest.param(lambda n: entity_keys("place", n), "New York", "NY", True, id="place"),
    ],
)
def test_entity_keys(keys_of, left: str, right: str, one_block: bool) -> None:
    assert shares_key(keys_of, left, right) is one_block


def test_entity_keys_shapes() -> None:
    assert doc_keys("UNSCR 2254") == {"num:2254"}
    assert doc_keys("Geneva Communique") == {"name:geneva communiqu"}  # stemmed, like every name key
    assert org_keys("Syrian Negotiating Commission") == {"name:syrian negoti commiss", "acr:snc"}
    assert entity_keys("person", "Badr Jamous") == person_keys("Badr Jamous")


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        pytest.param("head of the SNC", TitleParts("head", "snc", ""), id="head-of"),
        pytest.param(
            "President of the Syrian Negotiation Commission",
            TitleParts("head", "syrian negoti commiss", ""),
            id="president-of",
        ),
        pytest.param(
            "The President of the Syrian Negotiation Commission",
            TitleParts("head", "syrian negoti commiss", ""),
            id="the-president",
        ),
        pytest.param(
            "Deputy Assistant Secretary for the Levant and Near East Bureau",
            TitleParts("deputy assistant secretary", "levant near east bureau", ""),
            id="franceschi-000",
        ),
        pytest.param(
            "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs",
            TitleParts("deputy assistant secretary", "levant syria engagement", "bureau near east affair", ("us",)),
            id="franceschi-002",
        ),
        pytest.param(
            "U.S. Deputy Assistant Secretary of State",
            TitleParts("deputy assistant secretary", "", "", ("us",)),
            id="less-specific",
        ),
        pytest.param(
            "Assistant Secretary of State for Near Eastern Affairs",
            TitleParts("assistant secretary", "near east", ""),
            id="leaf",
        ),
        pytest.param(
            "Director of the Syria Regional Platform at the US State Department",
            TitleParts("head", "syria regional platform", "us stat department"),
            id="within-at",
        ),
        pytest.param("French envoy to Syria", TitleParts("envoy", "syria", "", ("french",)), id="to"),
        pytest.param("National Coalition head", TitleParts("head", "national coalit", ""), id="prefix-head"),
        pytest.param("interim government leader", TitleParts("head", "interim government", ""), id="prefix-leader"),
        pytest.param(
            "Turkish Foreign Minister", TitleParts("minister", "foreign", "", ("turkish",)), id="prefix-nationality"
        ),
        pytest.param("Deputy Foreign Minister", TitleParts("deputy minister", "foreign", ""), id="rank-modifier"),
        pytest.param("Foreign Minister of Turkey", TitleParts("minister", "foreign turkey", ""), id="suffix-country"),
    ],
)
def test_title_parts(title: str, parts: TitleParts) -> None:
    assert title_parts(title) == parts


@pytest.mark.parametrize(
    ("prop", "value", "normalised"),
    [
        pytest.param("date", "2024-09-25", "2024-09-25", id="date-untouched"),
        pytest.param("name", "Dr. Bader Jamous", "bader jamous", id="name-honorific"),
        pytest.param("name", "Hadi Al-Bahra", "hadi albahra", id="name-particle"),
        pytest.param("topic", "Implementation of Resolution 2254", "implement resolut 2254", id="topic-stemmed"),
        pytest.param(
            "stance",
            "Binding mechanisms to enforce international resolutions",
            "bind mechanism enforc international resolut",
            id="stance-stemmed",
        ),
        pytest.param(
            "quote",
            "It’s time to move the political process forward.",
            "it s time move political proces forward",
            id="quote-stemmed",
        ),
        pytest.param("title", "U.S. Deputy Assistant Secretary", "us deputy assistant secretary", id="title-folded"),
        pytest.param("place", "New York", "new york", id="place-folded"),
        pytest.param(
            "led_by", "Dr. Badr Jamous", "dr badr jamous", id="led-by-folded"
        ),  # entity-valued: compared by entity, only folded
    ],
)
def test_normalise_value(prop: str, value: str, normalised: str) -> None:
    assert normalise_value(prop, value) == normalised
