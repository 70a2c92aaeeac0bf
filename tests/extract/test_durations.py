"""Lengths read from the parse, on sentences written for these tests: a sentence's length, how long talks lasted,
and lengths that are distances in time."""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.extract import Extractor
from reconcile.extract.durations import duration_of
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _durations(extractor: Extractor, text: str) -> list[tuple[str, str, str]]:
    report = extractor.extract(Document("r", "r.txt", text, "test", published=dt.date(2025, 3, 14)))
    kinds = {e["id"]: e["kind"] for e in report["events"]}
    return [
        (kinds[c["subject"]], c["value"], text[c["span"][0] : c["span"][1]])
        for c in report["claims"]
        if c["property"] == "duration"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Smith jailed for fraud\n\nJohn Smith was sentenced to 10 years in prison on Monday. He was arrested "
            "two years ago.",
            [("ruling", "10 years", "10 years")],
        ),
        (
            "Ministers meet in Geneva\n\nForeign ministers Hakan Fidan and Ayman Safadi met in Geneva on Monday. "
            "The talks lasted three hours, officials said.",
            [("meeting", "3 hours", "three hours")],
        ),
        (
            "Ministers end talks\n\nHakan Fidan and Ayman Safadi ended five hours of talks in Geneva on Monday.",
            [("meeting", "5 hours", "five hours")],
        ),
        (
            "Ministers meet in Geneva\n\nHakan Fidan and Ayman Safadi held a two-hour meeting in Geneva on Monday.",
            [("meeting", "2 hours", "two-hour")],
        ),
        (
            "Court sentences Smith\n\nJohn Smith was sentenced on Monday to at least five years in prison.",
            [("ruling", "at least 5 years", "at least five years")],
        ),
        # distances in time, and lengths of something else, are not the event's length
        (
            "Ministers meet in Geneva\n\nHakan Fidan and Ayman Safadi met in Geneva on Monday, three days after "
            "the ceasefire. They will meet again in two weeks. Fidan has served for five years.",
            [],
        ),
    ],
)
def test_a_length_is_the_events_where_the_parse_ties_it_to_the_event(extractor, text, expected):
    assert _durations(extractor, text) == expected


def test_a_length_reads_back_from_its_own_words(extractor):
    assert duration_of(extractor.nlp("at least five years")) == "at least 5 years"
    assert duration_of(extractor.nlp("two years ago")) is None
