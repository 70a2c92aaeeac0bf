"""Dates as reports write them: absolute ("September 25, 2024"), relative ("yesterday, Wednesday").

Relative dates only mean something against the report's own date, so every resolved date keeps the
anchor it was resolved against, and a weekday the report states is checked against the result: a
mismatch is a fact-checker's lead, not something to correct silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reconcile.extract.lookup import Claimed
from reconcile.extract.vocab import MONTHS, WEEKDAYS

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = "|".join(WEEKDAYS)
ABSOLUTE = re.compile(
    rf"\b(?:(?P<month>{_MONTH})\.?\s+{_DAY.format('day')}(?:(?:,\s*|\s+){_YEAR})?"
    rf"|{_DAY.format('day2')}\s+(?P<month2>{_MONTH})\.?(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
    rf"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d))\b"
)
RELATIVE = re.compile(
    rf"\b(?P<word>yesterday|today|tonight|last night|this morning|this evening)"
    rf"(?:,?\s+(?P<stated>{_WEEKDAY}))?\b"
    rf"|\b(?:on|last|this|late|early)\s+(?P<weekday>{_WEEKDAY})\b",
    re.IGNORECASE,
)
_OFFSETS = {"yesterday": -1, "last night": -1}


@dataclass(frozen=True)
class DateMention:
    """A date written in the text, resolved to a calendar day when the text and anchor allow it."""

    start: int
    end: int
    value: dt.date | None
    anchor: dt.date | None = None
    weekday: str | None = None
    weekday_check: str | None = None
    rule: str = "date.absolute"


def find_dates(text: str, anchor: dt.date | None) -> list[DateMention]:
    """Every date expression in `text`, in order; absolute ones win where both patterns overlap."""
    found = [_absolute(m, anchor) for m in ABSOLUTE.finditer(text)]
    taken = Claimed((d.start, d.end) for d in found)
    for m in RELATIVE.finditer(text):
        if not taken.overlaps(m.start(), m.end()):
            found.append(_relative(m, anchor))
    return sorted(found, key=lambda d: d.start)


def _absolute(m: re.Match[str], anchor: dt.date | None) -> DateMention:
    """A written date; without a year it takes the anchor's year, or the year before if that is in the future."""
    if m["iso"]:
        return DateMention(m.start(), m.end(), _safe_date(*map(int, m["iso"].split("-"))))
    month = MONTHS[m["month"] or m["month2"]]
    day = int(m["day"] or m["day2"])
    year_text = m["year"] or m["year2"]
    if year_text:
        return DateMention(m.start(), m.end(), _safe_date(int(year_text), month, day))
    if anchor is None:
        return DateMention(m.start(), m.end(), None, rule="date.absolute.no-year")
    value = _safe_date(anchor.year, month, day)
    if value is not None and value > anchor + dt.timedelta(days=7):
        value = _safe_date(anchor.year - 1, month, day)
    return DateMention(m.start(), m.end(), value, anchor=anchor, rule="date.absolute.anchor-year")


def _relative(m: re.Match[str], anchor: dt.date | None) -> DateMention:
    """'yesterday' moves the anchor; 'on Tuesday' is the latest such weekday on or before it."""
    word = (m["word"] or "").lower()
    stated = (m["stated"] or "").capitalize() or None
    if word:
        value = anchor + dt.timedelta(days=_OFFSETS.get(word, 0)) if anchor else None
        check = None
        if value is not None and stated is not None:
            check = "matches" if WEEKDAYS[value.weekday()] == stated else "mismatch"
        return DateMention(m.start(), m.end(), value, anchor, stated, check, f"date.relative.{word.replace(' ', '-')}")
    weekday = m["weekday"].capitalize()
    value = latest_weekday(anchor, weekday) if anchor is not None else None
    return DateMention(m.start(), m.end(), value, anchor, weekday, None, "date.relative.weekday")


def latest_weekday(anchor: dt.date, weekday: str) -> dt.date:
    """'On Tuesday' in a report means the latest Tuesday on or before the report's date."""
    return anchor - dt.timedelta(days=(anchor.weekday() - WEEKDAYS.index(weekday)) % 7)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date only if it exists: '31 September' in a report is noise, not a day to compare."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
