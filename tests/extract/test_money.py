"""Amounts of money read from the parse, on sentences written for these tests: the value, its currency, and
whether the amount is the event's."""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.extract import Extractor
from reconcile.extract.money import amounts, money_of
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Google acquired YouTube for $1.65 billion in stock.", [("1650000000 USD", "$1.65 billion")]),
        ("Donors pledged US$50 million in aid.", [("50000000 USD", "US$50 million")]),
        (
            "The EU will provide €40m and Britain £12.5 million.",
            [("40000000 EUR", "€40m"), ("12500000 GBP", "£12.5 million")],
        ),
        ("Thieves stole jewels worth 85 million euros.", [("85000000 EUR", "85 million euros")]),
        ("The court fined the bank 2.3bn dollars.", [("2300000000 USD", "2.3bn dollars")]),
        ("Fifty million dollars were stolen.", [("50000000 USD", "Fifty million dollars")]),
        (
            "Britain pledged more than 12 million pounds sterling.",
            [("at least 12000001 GBP", "more than 12 million pounds sterling")],
        ),
        ("He paid 300,000 Hong Kong dollars.", [("300000 HKD", "300,000 Hong Kong dollars")]),
        ("Japan offered up to 20 billion yen.", [("up to 20000000000 JPY", "up to 20 billion yen")]),
        # a hyphen written close between the number and its scale, as some outlets print amounts
        ("Robbers made off with $137-million of diamonds.", [("137000000 USD", "$137-million")]),
        ("The fund lost C$2.5-billion last year.", [("2500000000 CAD", "C$2.5-billion")]),
        # weights, ages and years are no money
        ("The 250-pound man carried 40 pounds of explosives in 2012.", []),
        ("He won 3 races over 40 years.", []),
    ],
)
def test_amounts_are_read_with_their_currency(extractor, sentence, expected):
    doc = extractor.nlp(sentence)
    found = [(a.value, sentence[a.start : a.end]) for s in doc.sents for a in amounts(s)]
    assert found == expected


def test_an_amount_reads_back_from_its_own_words(extractor):
    assert money_of(extractor.nlp("more than €40m")) == "at least 40000001 EUR"
    assert money_of(extractor.nlp("40 people")) is None


def _amounts(extractor: Extractor, text: str) -> list[tuple[str, str]]:
    report = extractor.extract(Document("r", "r.txt", text, "test", published=dt.date(2025, 3, 14)))
    kinds = {e["id"]: e["kind"] for e in report["events"]}
    return [(kinds[c["subject"]], c["value"]) for c in report["claims"] if c["property"] == "amount"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Google buys YouTube\n\nGoogle acquired YouTube for $1.65 billion in stock on Monday, the companies said.",
            [("deal", "1650000000 USD")],
        ),
        (
            "Samsung acquires Harman\n\nSamsung announced the $8bn acquisition of Harman on Monday.",
            [("deal", "8000000000 USD")],
        ),
        (
            "Donors pledge aid\n\nForeign ministers met in Geneva on Monday and pledged $50 million in aid, officials "
            "said. Last year they gave $30 million.",
            [("meeting", "50000000 USD")],
        ),
        (
            "Thieves rob Paris jeweller\n\nArmed thieves stole jewels worth 85 million euros from a store in Paris on "
            "Thursday.",
            [("theft", "85000000 EUR")],
        ),
        # an amount the event does not hang on is not its own: a salary, a price of another thing
        (
            "Minister resigns\n\nThe finance minister resigned on Monday. He earned $200,000 a year, records show.",
            [],
        ),
    ],
)
def test_the_events_amount_is_the_one_its_lead_hangs_on_it(extractor, text, expected):
    assert _amounts(extractor, text) == expected
