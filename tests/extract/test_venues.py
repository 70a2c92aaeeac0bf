"""Venues placed in their town, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.extract import Extractor
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen opened fire at Crocus City Hall in Krasnogorsk on Friday.", [("Crocus City Hall", "Krasnogorsk")]),
        # the parser hangs 'in Riyadh' on the verb; next to the venue it still says where the venue is
        ("Ministers met at the Diriyah Palace in Riyadh on Monday.", [("Diriyah Palace", "Riyadh")]),
        # a town told apart from the venue says nothing of where the venue is
        ("Ministers met at the Diriyah Palace on Monday. Protesters gathered in Riyadh.", []),
    ],
)
def test_a_venue_is_placed_in_the_town_its_phrase_names(extractor, text, expected):
    report = extractor.extract(Document("r", "r.txt", f"Report\n\n{text}", "test", published=dt.date(2025, 3, 14)))
    names = {e["id"]: e["name"] for e in report["entities"]}
    assert [(names[c["subject"]], c["value"]) for c in report["claims"] if c["property"] == "within"] == expected
