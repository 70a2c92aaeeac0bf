"""Dates as reports write them, resolved against the report's own date."""

import datetime as dt

import pytest

from reconcile.extract.dates import find_dates

ANCHOR = dt.date(2024, 9, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "anchor", "value", "weekday_check"),
    [
        ("on September 25, 2024 in New York", None, dt.date(2024, 9, 25), None),
        ("arrested February 1,2009, police said", None, dt.date(2009, 2, 1), None),
        ("met on 25 September 2024", None, dt.date(2024, 9, 25), None),
        ("dated 2024-09-25", None, dt.date(2024, 9, 25), None),
        ("on Sept. 25 the delegation", ANCHOR, dt.date(2024, 9, 25), None),
        ("the meeting held yesterday, Wednesday", ANCHOR, dt.date(2024, 9, 25), "matches"),
        ("the meeting held yesterday, Tuesday", ANCHOR, dt.date(2024, 9, 25), "mismatch"),
        ("they met on Monday", ANCHOR, dt.date(2024, 9, 23), None),
        ("they met yesterday", None, None, None),
        ("on 31 September 2024", None, None, None),
    ],
)
def test_a_date_resolves_to_a_day_and_a_stated_weekday_is_checked(text, anchor, value, weekday_check):
    (date,) = find_dates(text, anchor)
    assert date.value == value
    assert date.weekday_check == weekday_check


def test_a_month_without_a_year_is_not_put_in_the_future():
    (date,) = find_dates("the talks of December 20 failed", dt.date(2024, 1, 5))
    assert date.value == dt.date(2023, 12, 20)


@pytest.mark.parametrize("text", ["Resolution 2254 of 2015 and 2118", "UN Resolutions 2254 and 2118", "in 2024"])
def test_a_bare_number_is_never_a_date(text):
    assert find_dates(text, ANCHOR) == []


def test_every_date_span_slices_to_its_words():
    text = "On September 25, 2024, and again yesterday, Wednesday, they met."
    assert [text[d.start : d.end] for d in find_dates(text, ANCHOR)] == ["September 25, 2024", "yesterday, Wednesday"]
