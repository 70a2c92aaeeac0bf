"""Read a plain report (text, Markdown or HTML) into a Document: its text and what is known about it."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconcile import limits
from reconcile.errors import InputError, printable
from reconcile.validate import read_input

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
# `date`, `author` and `tags` are what Hugo and Jekyll write; any other key is ignored with a warning.
FRONT_MATTER_KEYS = ("id", "title", "source", "published", "date", "url", "language", "author", "tags")
ID_PATTERN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.:-]{{0,{limits.REPORT_ID - 1}}}")
# A dateline sits above the body: a date further down is an event in the story, not the publication date.
DATELINE_MAX_CHARS = 600
DATELINE_MAX_LINES = 12
# Fewer control bytes than this share of the opening bytes is still text (form feeds, a stray escape).
BINARY_CONTROL_SHARE = 0.05
BINARY_SAMPLE_BYTES = 8192

EMPTY = "$: empty report: no text"
BINARY = "$: binary file, not a text report"
NO_HTML_TEXT = "$: no main text found in the HTML"

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL_BYTES = frozenset(range(0x20)) - frozenset(b"\t\n\v\f\r") | {0x7F}

# The command line prints warnings as 'Warning: ...' lines on stderr.
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    """A report as read from disk, before extraction: every span the extractor makes points into `text`."""

    id: str
    path: str
    text: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    # From front matter only; no report field or column holds them, so they stay with the document.
    author: str | None = None
    tags: list[str] = field(default_factory=list)


def read_document(path: Path, source: str | None = None) -> Document:
    """Read one report file, or raise an InputError that says what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise InputError(str(path), [f"$: not a report file: the name must end in {', '.join(DOCUMENT_SUFFIXES)}"])
    text = _read_text(path)
    if suffix in HTML_SUFFIXES:
        return _html_document(path, text, source)
    return _plain_document(path, text, source, markdown=suffix == ".md")


def _read_text(path: Path) -> str:
    """The file's text, refusing anything too large, binary or not UTF-8 rather than guessing."""
    raw = read_input(path)
    if not raw.startswith(_UTF16_BOMS) and _looks_binary(raw):
        raise InputError(str(path), [BINARY])
    start = len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0
    try:
        text = raw[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        raise InputError(str(path), [f"$: not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})"]) from None
    if not text.strip():
        raise InputError(str(path), [EMPTY])
    return text.replace("\r\n", "\n")


def _looks_binary(raw: bytes) -> bool:
    """Text never holds NUL and seldom control bytes; images, archives and PDFs hold plenty of both."""
    if b"\x00" in raw:
        return True
    sample = raw[:BINARY_SAMPLE_BYTES]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > BINARY_CONTROL_SHARE * len(sample)


def _plain_document(path: Path, text: str, source: str | None, *, markdown: bool) -> Document:
    """Text or Markdown, kept as written so that spans can point into it; front matter wins over guesses."""
    entries, body, problems = _split_front_matter(path, text)
    meta, value_problems = _check_front_matter(entries)
    problems += value_problems
    body = _drop_leading_blank_lines(body)
    if not body.strip():
        problems.append(EMPTY)
    if problems:
        raise InputError(str(path), problems)
    _warn_ignored(path, entries)
    return Document(
        id=meta.get("id") or _default_id(path),
        path=str(path),
        text=body,
        source=meta.get("source") or source or _folder_name(path),
        title=meta.get("title") or _first_line(body, markdown=markdown),
        published=_published(meta, body),
        url=meta.get("url"),
        language=meta.get("language"),
        author=meta.get("author"),
        tags=_tags(meta.get("tags", "")) or [],
    )


def _published(meta: dict[str, str], body: str) -> dt.date | None:
    """The front matter's `published`, else a site generator's `date`, else the dateline: what the author
    wrote down beats a guess from the text."""
    if "published" in meta:
        return dt.date.fromisoformat(meta["published"])
    if "date" in meta:
        return _generator_date(meta["date"])
    return find_dateline(body)


def _warn_ignored(path: Path, entries: dict[str, tuple[int, str]]) -> None:
    """Say which keys were not read: a site generator's `layout` or `draft` should not cost the report, but
    a misspelt `publised` must not pass unnoticed either."""
    for key, (number, _) in entries.items():
        if key not in FRONT_MATTER_KEYS:
            _log.warning("%s: front matter key %s (line %d) ignored", printable(str(path)), limits.shown(key), number)


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, tuple[int, str]], str, list[str]]:
    """Front matter entries (key -> line number and raw value, unknown keys included), the text after the
    block, and bad lines."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text, []
    end = next((index for index, line in enumerate(lines) if index and line.rstrip() == "---"), None)
    if end is None:
        raise InputError(str(path), ["$: front matter is not closed: no '---' line after the one on line 1"])
    problems: list[str] = []
    entries: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip():
            continue
        # The value is stripped apart: a lazy value before trailing spaces backtracks over every space.
        match = re.fullmatch(r"(?P<key>[A-Za-z_][\w-]*)\s*:(?P<value>.*)", line)
        if match is None:
            problems.append(f"$: front matter line {number} is not 'key: value': {limits.shown(line.strip())}")
            continue
        key, value = match["key"], match["value"].strip()
        if key in entries:
            problems.append(
                f"$.{limits.path_key(key)}: front matter key given twice (lines {entries[key][0]} and {number})"
            )
        else:
            entries[key] = (number, value)
    return entries, "\n".join(lines[end + 1 :]), problems


def _check_front_matter(entries: dict[str, tuple[int, str]]) -> tuple[dict[str, str], list[str]]:
    """Unquoted values of the keys read (tags as written), and every value that is unusable as it stands."""
    meta: dict[str, str] = {}
    problems: list[str] = []
    for key, (number, raw) in entries.items():
        if key not in FRONT_MATTER_KEYS:
            continue
        if key == "tags" and raw:  # each tag is quoted on its own: '"a", "b"' is two tags, not one quoted value
            if _tags(raw) is None:
                problems.append(
                    f"$.tags: not a list of tags (line {number}): {limits.shown(raw)}; expected [a, b] or a, b"
                )
            else:
                meta[key] = raw
            continue
        value = raw
        if raw[:1] in ("'", '"'):
            if len(raw) < 2 or raw[-1] != raw[0]:
                problems.append(f"$.{key}: unclosed quote (line {number}): {limits.shown(raw, quoted=False)}")
                continue
            value = raw[1:-1]
        if not value.strip():
            problems.append(f"$.{key}: empty value (line {number})")
        elif key == "published" and _iso_date(value) is None:
            problems.append(f"$.published: not a date (line {number}): {limits.shown(value)}; expected YYYY-MM-DD")
        elif key == "date" and _generator_date(value) is None:
            problems.append(
                f"$.date: not a date (line {number}): {limits.shown(value)}; expected YYYY-MM-DD, "
                "optionally followed by a time"
            )
        elif key == "id" and not ID_PATTERN.fullmatch(value):
            problems.append(
                f"$.id: not a valid report id (line {number}): {limits.shown(value)}; use up to {limits.REPORT_ID} "
                "letters, digits"
                " and _ . : -, starting with a letter or digit"
            )
        else:
            meta[key] = value
    return meta, problems


def _iso_date(value: str) -> dt.date | None:
    """A YYYY-MM-DD date that exists; fromisoformat alone also takes week dates and compact forms."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# A site generator's date: the day, then perhaps a time and an offset (Hugo's 2024-03-10T09:00:00Z, Jekyll's
# 2024-03-10 09:00:00 +0100).
_GENERATOR_DATE = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)?"
)


def _generator_date(value: str) -> dt.date | None:
    """The day a `date` value names, as written: the time is dropped, not moved to UTC, since the report was
    published on the day its outlet gives."""
    match = _GENERATOR_DATE.fullmatch(value)
    return _iso_date(match["day"]) if match else None


# One tag and the comma after it: quoted (and then free to hold commas) or bare. Possessive, so that a long run
# of spaces cannot make a failing match try every split of it.
_TAG = re.compile(r"""\s*+(?:"(?P<double>[^"]*+)"|'(?P<single>[^']*+)'|(?P<bare>[^,"'\[\]]*+))\s*+(?:,|$)""")


def _tags(raw: str) -> list[str] | None:
    """The tags of a list written `[a, "b c"]` or `a, b`, or None when a bracket or quote is left open."""
    inner = raw[1:-1] if raw.startswith("[") and raw.endswith("]") else raw
    tags: list[str] = []
    position = 0
    while position < len(inner):
        match = _TAG.match(inner, position)
        if match is None:
            return None
        tag = (match["double"] or match["single"] or match["bare"] or "").strip()
        if tag:
            tags.append(tag)
        position = match.end()
    return tags


def _drop_leading_blank_lines(text: str) -> str:
    """The text from its first line that holds anything but whitespace."""
    match = re.match(r"(?:[^\S\n]*\n)+", text)
    return text[match.end() :] if match else text


def _first_line(text: str, *, markdown: bool = False) -> str | None:
    """The first non-empty line, which in a plain report is nearly always its headline."""
    for line in text.split("\n"):
        title = line.strip()
        if markdown:
            title = re.sub(r"^#{1,6}\s+", "", title).strip()
        if title:
            return title[: limits.TITLE]
    return None


def _default_id(path: Path) -> str:
    """The file name up to its first dot, made into a valid id: report ids come from file names by default."""
    stem = path.name.split(".", 1)[0]
    cleaned = re.sub(r"[^A-Za-z0-9_.:-]", "_", stem).lstrip("_.:-")[: limits.REPORT_ID]
    if ID_PATTERN.fullmatch(cleaned):
        return cleaned
    # Nothing usable is left (a name in another script): a stable id derived from the name itself.
    return "report_" + hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:12]


def _folder_name(path: Path) -> str:
    """The folder a report sits in names its source when nothing else does."""
    return path.resolve().parent.name or "unknown"


def _html_document(path: Path, html: str, source: str | None) -> Document:
    """The page's main text without navigation, footer or comments, with the metadata the page declares."""
    # Imported here: trafilatura takes a while to import and only HTML reports need it.
    import trafilatura
    from trafilatura.settings import Document as Page
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    tree = load_html(html)  # parsed as trafilatura parses it, and handed to it as it is
    if tree is None:
        raise InputError(str(path), [NO_HTML_TEXT])
    crowded = _most_in_a_paragraph(tree)
    if crowded > limits.MAX_PARAGRAPH_ELEMENTS:
        raise InputError(
            str(path),
            [
                f"$: a paragraph of the page holds {crowded:,} elements; pages with more than "
                f"{limits.MAX_PARAGRAPH_ELEMENTS:,} in one paragraph are not read"
            ],
        )
    try:
        page = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Without it, a page with no article falls back to its menu links as the "main text".
            favor_precision=True,
            output_format="python",
            # Dates from markup only: the extensive search takes "© 2024" in a footer for January 1.
            date_extraction_params=set_date_params(extensive=False),
        )
    except ValueError:
        page = None
    if not isinstance(page, Page) or not page.text or not page.text.strip():
        raise InputError(str(path), [NO_HTML_TEXT])
    text = page.text
    published = _iso_date(page.date[:10]) if page.date else None
    return Document(
        id=_default_id(path),
        path=str(path),
        text=text,
        source=source or page.sitename or _folder_name(path),
        title=page.title or _first_line(text),
        published=published or find_dateline(text),
        url=page.url,
        language=page.language or _html_lang(html),
    )


def _most_in_a_paragraph(tree: Any) -> int:  # an lxml tree: lxml has no type information
    """The most elements any one paragraph (`<p>`) of the page holds, at any depth.

    trafilatura collects the text of every paragraph through lxml's XPath, whose time grows with the square
    of the number of pieces of text inside one paragraph: 16,000 links or bold words in a <p> took seconds,
    and a 5 MB page of them would take most of an hour. Paragraphs of real pages hold a few dozen.
    """
    return max((sum(1 for _ in paragraph.iterdescendants()) for paragraph in tree.iter("p")), default=0)


def _html_lang(html: str) -> str | None:
    """The page's declared language (`<html lang="en">`), which trafilatura leaves out.

    Each `<html` tag is read up to its `>` once: a search from every `<html` to the first `lang` after it
    read the rest of a page that has many `<html` and no `>` once per `<html`.
    """
    for tag in _HTML_TAG.finditer(html):
        match = _LANG.search(tag[0])
        if match:
            return match[1]
    return None


_HTML_TAG = re.compile(r"<html\b[^>]*+", re.IGNORECASE)
_LANG = re.compile(r"\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)", re.IGNORECASE)


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    # September 26, 2024; Sept. 26 2024; September 26,2024 (web pages that drop the space)
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR}(?!\d)", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)", re.IGNORECASE),  # 26 September 2024
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)"),  # 2024-09-26
    # 09/14/2013, 14/09/2013, 11/28/05: read only when the order is plain (see _date_of)
    re.compile(r"(?<![\d/])(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)(?![\d/])"),
)
# "GENEVA, March 12 (Reuters) - ": a place in capitals, a month and day, an optional credit, then a dash.
_WIRE_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Za-z .'-]{{1,40}}(?:,\s*[A-Z][\w .'-]{{1,30}})?),\s+(?i:{_MONTH})\s+{_DAY}\s*"
    r"(?:\([^)\n]{1,30}\)\s*)?(?:-{1,2}|–|—)\s+"
)
# Lower-case words a dateline may have before its date ("Posted on", "Last updated:", "by", "12:17 am, Monday").
_DATELINE_WORDS = frozenset(
    {"on", "at", "by", "published", "posted", "updated", "modified", "issued", "released", "am", "pm", "a.m", "p.m"}
)
_DATELINE_PREFIX_CHARS = 60


def find_dateline(text: str) -> dt.date | None:
    """The date a report gives for itself near its top, such as "ANKARA, August 24, 2022"."""
    found = locate_dateline(text)
    return found[0] if found else None


def locate_dateline(text: str, published: dt.date | None = None) -> tuple[dt.date | None, int] | None:
    """The dateline's date and the offset where the body begins: above it stand headlines and captions.

    Only a date that opens a line, or follows a short prefix of capitalised words (a place, a weekday,
    "Published:"), counts: a date inside a sentence ("Resolution 2254 of 18 December 2015") is about
    something the report tells, not about the report. A wire dateline ("GENEVA, March 12 - Envoys met")
    shares its line with the first sentence and gives no year: the body begins after its dash, and the
    date is the last March 12 on or before `published` (None when the report gives no publication date).
    """
    offset = 0
    for line in text[:DATELINE_MAX_CHARS].split("\n")[:DATELINE_MAX_LINES]:
        matches = sorted((m for pattern in _DATE_PATTERNS for m in pattern.finditer(line)), key=lambda m: m.start())
        for match in matches:
            if not _is_dateline_prefix(line[: match.start()]):
                break  # a later date on the same line has this prefix too
            date = _date_of(match)
            if date is not None:
                return date, offset + len(line)
        wire = _WIRE_DATELINE.match(line)
        if wire and _is_dateline_prefix(wire["place"]):
            return _year_before(wire, published), offset + wire.end()
        offset += len(line) + 1
    return None


def _year_before(match: re.Match[str], published: dt.date | None) -> dt.date | None:
    """The month and day of a year-less dateline in the year that puts them on or before publication."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            date = dt.date(year, _MONTHS[match["month"].casefold()], int(match["day"]))
        except ValueError:
            continue
        if date <= published:
            return date
    return None


def _is_dateline_prefix(prefix: str) -> bool:
    """Whether the words before a date read like a dateline's place, weekday or label rather than prose."""
    if len(prefix) > _DATELINE_PREFIX_CHARS:
        return False
    for token in prefix.split():
        word = token.strip(".,:;()[]{}|/\\*_#'\"-–—")
        if word and not (word[0].isupper() or word[0].isdigit() or word.casefold() in _DATELINE_WORDS):
            return False
    return True


def _date_of(match: re.Match[str]) -> dt.date | None:
    """The date a pattern matched, or None when no such day exists (February 30) or the order is not plain."""
    if "first" in match.re.groupindex:
        return _numeric_date(int(match["first"]), int(match["second"]), match["year"])
    month = match["month"]
    number = int(month) if month.isdigit() else _MONTHS[month.casefold()]
    try:
        return dt.date(int(match["year"]), number, int(match["day"]))
    except ValueError:
        return None


def _numeric_date(first: int, second: int, year: str) -> dt.date | None:
    """An all-number date when only one reading exists: '09/14/2013' (no 14th month) or '05/05/2010'.

    '4/9/2007' is April 9 to an American outlet and 4 September to a British one; a wrong anchor would
    move every relative date of the report, so such a line dates nothing. A two-digit year is of this century.
    """
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    readings = {(m, d) for m, d in ((first, second), (second, first)) if m <= 12}
    if len(readings) != 1:
        return None
    ((month, day),) = readings
    try:
        return dt.date(full_year, month, day)
    except ValueError:
        return None
