"""Places said more or less precisely: within one another by the gazetteer, or with and without their kind."""

from __future__ import annotations

import pytest

from reconcile.places import bare_place, common_region, places_nested


@pytest.mark.parametrize(
    ("left", "right", "nested"),
    [
        ("Kuala Lumpur", "Malaysia", True),
        ("Qeshm Island", "Qeshm", True),  # one report adds the kind of place
        ("Hormozgan Province", "Hormozgan", True),
        ("southern Iran", "Bandar Abbas", True),  # a part of a country holds its towns
        ("in Southern Iran", "Iran", True),  # a preposition left on the name by an extraction rule
        ("Athens", "Thessaloniki", False),
        ("Qeshm Island", "Kish Island", False),
        ("northern Iran", "Iraq", False),
    ],
)
def test_places_nested(left: str, right: str, nested: bool) -> None:
    assert places_nested({left}, {right}) is nested
    assert places_nested({right}, {left}) is nested


@pytest.mark.parametrize(
    ("name", "bare"),
    [("Qeshm Island", "Qeshm"), ("South-West Province", "South-West"), ("Central", "Central"), ("Island", "Island")],
)
def test_bare_place_keeps_a_name(name: str, bare: str) -> None:
    assert bare_place(name) == bare


@pytest.mark.parametrize(
    ("names", "region"),
    [
        (["Warren", "Sterling Heights"], "Michigan"),  # Warren lies in Ohio too; both lie in Michigan
        (["Bloomington", "Burnsville", "Minneapolis"], "Minnesota"),
        (["Qeshm", "Bandar Abbas", "Iran"], "one province or state of Iran"),  # the country holds both
        (["Athens", "Thessaloniki"], None),
        (["Queens", "Schenectady"], "New York"),
        (["Minneapolis", "Linden Arena"], None),  # a venue the gazetteer does not know
        (["Iran"], None),
    ],
)
def test_common_region(names: list[str], region: str | None) -> None:
    assert common_region(names) == region
