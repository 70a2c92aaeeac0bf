"""Sentence boundaries: headlines and captions stand alone, abbreviations do not end a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.ingest.sentences import sentence_around, sentence_starts
from tests.timing import assert_as_fast_as_ordinary, repeated

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
ARTICLE = (SEEDS / "000_644f3aaadc5aa323.txt").read_text(encoding="utf-8")
RELEASE = (SEEDS / "002_c7978846b180afeb.txt").read_text(encoding="utf-8")


def sentences(text: str) -> list[str]:
    """The text cut at its sentence starts, each piece trimmed."""
    starts = sentence_starts(text)
    return [text[s:e].strip() for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]


def around(text: str, phrase: str, nth: int = 0) -> tuple[int, str]:
    """sentence_around for the nth occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return sentence_around(text, sentence_starts(text), start, start + len(phrase))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Dr. Badr Jamous met U.S. officials. They talked.",
            ["Dr. Badr Jamous met U.S. officials.", "They talked."],
            id="dr-and-us",
        ),
        pytest.param(
            "Ms. Natasha Franceschi met the U.S. Deputy Assistant Secretary. Talks followed.",
            ["Ms. Natasha Franceschi met the U.S. Deputy Assistant Secretary.", "Talks followed."],
            id="ms-and-us-before-capital",
        ),
        pytest.param("Met J. Smith today. Done.", ["Met J. Smith today.", "Done."], id="initial"),
        pytest.param("It ended in Sept. 2024 with a deal.", ["It ended in Sept. 2024 with a deal."], id="month"),
        pytest.param('He said: "Enough." Then he left.', ['He said: "Enough."', "Then he left."], id="closing-quote"),
        pytest.param("Really?! Yes.", ["Really?!", "Yes."], id="mixed-marks"),
        pytest.param(
            "The US backed it. Leaf said so.", ["The US backed it.", "Leaf said so."], id="US-without-dots-ends"
        ),
        pytest.param(
            "Jamous Meets Franceschi\n\nThe delegation met.",
            ["Jamous Meets Franceschi", "The delegation met."],
            id="headline-blank-line",
        ),
        pytest.param(
            "A caption (Media Office)\nSeptember 26, 2024",
            ["A caption (Media Office)", "September 26, 2024"],
            id="single-line-break",
        ),
        pytest.param("Trailing space. ", ["Trailing space."], id="trailing-space"),
    ],
)
def test_sentence_starts(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_release_headlines_caption_and_dateline_stand_alone() -> None:
    assert sentences(RELEASE)[:6] == [
        "Jamous Discusses Means of Pressure in the General Assembly with Franceschi",
        "Negotiation Commission Delegation Meets with U.S. Deputy Assistant Secretary of State",
        "Negotiation Commission Delegation Meets with U.S. Deputy Assistant Secretary of State",
        "The delegation of the Syrian Negotiation Commission, led by Dr. Bader Jamous, during their meeting with the "
        "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs, "
        "Ms. Natasha Franceschi, in New York (Media Office).",
        "September 26, 2024",
        "The President of the Syrian Negotiation Commission, Dr. Badr Jamous, discussed in New York with the U.S. "
        "Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs, "
        "Ms. Natasha Franceschi, ways to exert pressure in the United Nations General Assembly to move the political "
        "file forward and find binding mechanisms for the implementation of international resolutions related to "
        "the Syrian issue.",
    ]


def test_starts_are_increasing_and_begin_at_text() -> None:
    for text in (ARTICLE, RELEASE):
        starts = sentence_starts(text)
        assert starts[0] == 0
        assert starts == sorted(set(starts))
        assert all(not text[s].isspace() for s in starts[1:])


@pytest.mark.parametrize(
    ("text", "phrase", "nth", "sentence"),
    [
        pytest.param(
            ARTICLE,
            "Barbara Leaf",
            0,
            "During a consultative meeting with US officials, led by Assistant Secretary of State for Near Eastern "
            "Affairs Barbara Leaf, the SNC reiterated its demand for binding mechanisms to enforce international "
            "resolutions.",
            id="leaf",
        ),
        pytest.param(
            ARTICLE,
            "head of the SNC",
            0,
            "Badr Jamous, head of the SNC, underscored the importance of collective international pressure to advance "
            "the political solution during the upcoming United Nations General Assembly (UNGA).",
            id="head-of-snc",
        ),
        pytest.param(
            ARTICLE,
            "Resolution 2254",
            0,
            "“We need all active countries to support the political process and push for the implementation of "
            "international resolutions, especially the Geneva Statement and Resolution 2254,” said Jamous.",
            id="quote-2254",
        ),
        pytest.param(
            ARTICLE,
            "Deputy Assistant Secretary for the Levant and Near East Bureau",
            0,
            "The US delegation also included Natasha Franceschi, Deputy Assistant Secretary for the Levant and Near "
            "East Bureau, and Nicholas Granger, Director of the Syria Regional Platform at the US State Department.",
            id="franceschi-000",
        ),
        pytest.param(
            RELEASE,
            "Bader Jamous",
            0,
            "The delegation of the Syrian Negotiation Commission, led by Dr. Bader Jamous, during their meeting with "
            "the U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern "
            "Affairs, Ms. Natasha Franceschi, in New York (Media Office).",
            id="caption-bader",
        ),
        pytest.param(
            RELEASE,
            "U.S. Deputy Assistant Secretary of State",
            1,
            "Negotiation Commission Delegation Meets with U.S. Deputy Assistant Secretary of State",
            id="second-headline",
        ),
        pytest.param(RELEASE, "September 26, 2024", 0, "September 26, 2024", id="dateline"),
        pytest.param(
            RELEASE,
            "Ms. Franceschi",
            0,
            "For her part, Ms. Franceschi reaffirmed the United States’ continuous support for a political solution "
            "in accordance with UN Resolution 2254, considering it the only path that can guarantee sustainable "
            "security and stability and end the war.",
            id="ms-franceschi",
        ),
        pytest.param(RELEASE, "Media Office", 1, "Media Office", id="last-line"),
    ],
)
def test_sentence_around_seed_spans(text: str, phrase: str, nth: int, sentence: str) -> None:
    offset, found = around(text, phrase, nth)
    assert found == sentence
    assert text[offset : offset + len(found)] == found
    phrase_start = text.index(phrase, offset)
    assert offset <= phrase_start and phrase_start + len(phrase) <= offset + len(found)


def test_sentence_around_a_span_across_two_sentences_returns_both() -> None:
    start = ARTICLE.index("Leaf reaffirmed")
    end = ARTICLE.index("Leaf stated") + len("Leaf stated")
    offset, found = sentence_around(ARTICLE, sentence_starts(ARTICLE), start, end)
    assert offset == ARTICLE.index("Barbara Leaf reaffirmed")
    assert found.startswith("Barbara Leaf reaffirmed US commitment to Resolution 2254")
    assert found.endswith(
        "“The US supports the political process and is committed to achieving sustainable peace in "
        "Syria through the full implementation of Resolution 2254,” Leaf stated."
    )


def test_sentence_around_at_a_sentence_start_and_end() -> None:
    text = "Jamous met Franceschi. They discussed Resolution 2254."
    starts = sentence_starts(text)
    second = text.index("They")
    assert sentence_around(text, starts, second, second + 4) == (second, "They discussed Resolution 2254.")
    assert sentence_around(text, starts, 0, second - 1) == (0, "Jamous met Franceschi.")
    assert sentence_around(text, starts, 0, second) == (0, "Jamous met Franceschi.")


WRAPPED = """SNC meets US envoy

The President of the Syrian Negotiation Commission, Dr. Badr Jamous, met
in New York with the U.S. Special Envoy for Syria, Ms. Natasha Franceschi,
to discuss the political process. Both sides stressed the importance of
Resolution 2254.
Contact: Media Office
"""


def test_hard_wrapped_lines_join_into_sentences_but_short_lines_still_stand_alone():
    assert sentences(WRAPPED) == [
        "SNC meets US envoy",
        "The President of the Syrian Negotiation Commission, Dr. Badr Jamous, met\n"
        "in New York with the U.S. Special Envoy for Syria, Ms. Natasha Franceschi,\n"
        "to discuss the political process.",
        "Both sides stressed the importance of\nResolution 2254.",
        "Contact: Media Office",
    ]


def test_one_paragraph_per_line_is_not_taken_for_wrapped_text():
    paragraph = "A paragraph written on one line runs on well past the width anyone wraps text at, as here"
    text = f"Headline without a stop\n{paragraph}, twice over.\n{paragraph} again.\n{paragraph} and more.\n"
    assert sentences(text)[0] == "Headline without a stop"
    assert len(sentences(text)) == 4


@pytest.mark.parametrize("unit", [".", "…", "!?", "?.!"])
def test_a_run_of_sentence_marks_without_a_space_takes_linear_time(unit: str) -> None:
    """Each mark of the run once started a search that read to the run's end: 50,000 dots took 31 s."""
    assert_as_fast_as_ordinary(sentence_starts, repeated(unit, 5_000))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Wait.... Then.", ["Wait....", "Then."], id="dots-then-space"),
        pytest.param("A run......off. B.", ["A run......off.", "B."], id="dots-inside-a-word"),
        pytest.param("Really?!” He left.", ["Really?!”", "He left."], id="marks-then-quote"),
        pytest.param("End" + "." * 300 + " Next.", ["End" + "." * 300, "Next."], id="long-run"),
    ],
)
def test_runs_of_marks_end_a_sentence_only_before_a_space(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
