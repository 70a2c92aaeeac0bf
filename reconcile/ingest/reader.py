"""Turn one report file into a checked ReportInput, or raise an InputError listing every problem."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconcile import limits
from reconcile.errors import InputError, printable
from reconcile.validate import read_json, schema_problems

ENTITY_PROPERTIES = {
    "title": ("person", "organisation"),
    "affiliation": ("person",),
    "age": ("person",),
    "outcome": ("person",),
    "within": ("place",),  # a venue in the town a report places it in
}
# Numbers an event's claims can state, compared as intervals; an election's shares and votes are per candidate or
# party (the `holder` qualifier).
NUMBERS = frozenset(
    """killed injured missing arrested perpetrators passengers crew magnitude turnout amount duration vote_share
    votes""".split()
)
EVENT_PROPERTIES = (
    frozenset(
        {
            "date",
            "place",
            "attendee",
            "led_by",
            "cites",
            "topic",
            "stance",
            "quote",
            "victim",
            "perpetrator",
            "involves",
        }
    )
    | NUMBERS
)
OBJECT_TYPES = {
    "affiliation": ("organisation", "place"),
    "within": ("place",),
    "place": ("place",),
    "attendee": ("person", "organisation", "place"),  # a country can be a party to a meeting
    "led_by": ("person", "organisation"),
    "cites": ("document",),
    "victim": ("person",),
    "perpetrator": ("person",),
    "involves": ("person", "organisation"),  # the one appointed, arrested or sentenced; a deal's companies
}
QUALIFIER_REFERENCES = ("side", "organisation", "holder", "speaker")
JSON_SUFFIXES = (".json",)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class SubjectInput:
    """An entity or event as one report names it, with every place it is named."""

    local_id: str
    role: str  # "entity" or "event"
    type: str  # entity type or event kind
    name: str
    mentions: tuple[tuple[str, Span], ...]


@dataclass(frozen=True)
class ClaimInput:
    subject: str
    property: str
    value: str
    object: str | None
    span: Span
    evidence: Span | None
    qualifiers: dict[str, str] = field(default_factory=dict)
    rule: str | None = None


@dataclass(frozen=True)
class ReportInput:
    """A report that passed every check and can be stored as it is."""

    id: str
    path: str
    source: str
    title: str | None
    published: dt.date | None
    url: str | None
    language: str | None
    text: str
    content_hash: str
    subjects: tuple[SubjectInput, ...]
    claims: tuple[ClaimInput, ...]


def report_files(paths: Iterable[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Every report file named, with folders walked recursively in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        else:
            yield path


def read_report(path: Path) -> ReportInput:
    """Read, validate and check one report file; nothing about it is trusted until this returns."""
    parsed = read_json(path)
    return check_report(path, parsed.data, may_be_unstorable=parsed.may_be_unstorable)


def check_report(path: Path, data: Any, *, may_be_unstorable: bool = True) -> ReportInput:
    """Validate report data, written by hand or by the extractor, against the schema and its own text."""
    problems = schema_problems(data, "report", may_be_unstorable=may_be_unstorable)
    if not problems:
        problems = _identity_problems(path, data) + _consistency_problems(data)
    if problems:
        raise InputError(str(path), problems)
    return _build(path, data)


def report_id_for(path: Path, data: dict[str, Any]) -> str:
    """The report's own id, else the file name without its suffixes (seed.claims.json -> seed)."""
    return str(data.get("id") or path.name.split(".")[0])


def unique_in_batch(first_paths: dict[str, str], report: ReportInput) -> ReportInput | InputError:
    """The report, or an error when an earlier file of the batch has its id: two files with one id (one
    name in two folders, raw.txt beside raw.html) would otherwise replace each other without a word.
    `first_paths` maps each id seen so far to its file, and learns this one."""
    first = first_paths.setdefault(report.id, report.path)
    if first == report.path:
        return report
    return InputError(
        report.path,
        [
            f"$: report id {report.id!r} is already taken in this batch by {first}; "
            'rename one of the files or give it its own "id"'
        ],
    )


def _identity_problems(path: Path, data: dict[str, Any]) -> list[str]:
    """What the schema cannot see: an id taken from the file name, and the path, are stored too."""
    problems: list[str] = []
    if not data.get("id"):
        name_id = report_id_for(path, data)
        problem = limits.text_problem(name_id, limits.REPORT_ID)
        if printable(name_id) != name_id:
            problem = "is not UTF-8 text"
        if problem is not None:
            problems.append(f'$: the report id taken from the file name {problem}: rename the file or give an "id"')
    stored_path = printable(str(path))
    if len(stored_path) > limits.PATH:
        problems.append(
            f"$: the file's path is {len(stored_path):,} characters long; at most {limits.PATH:,} are stored"
        )
    return problems


def _consistency_problems(data: dict[str, Any]) -> list[str]:
    """What the schema cannot say: spans inside the text and matching it, references that resolve."""
    text: str = data["text"]
    problems: list[str] = []
    kinds: dict[str, tuple[str, str]] = {}
    for role, key in (("entity", "entities"), ("event", "events")):
        for i, subject in enumerate(data.get(key, [])):
            where = f"$.{key}[{i}]"
            if subject["id"] in kinds:
                problems.append(f"{where}.id: duplicate local id {subject['id']!r}")
            kinds[subject["id"]] = (role, subject.get("type") or subject["kind"])
            for j, mention in enumerate(subject["mentions"]):
                problems += _span_problems(text, mention["span"], f"{where}.mentions[{j}].span", mention["text"])
    for i, claim in enumerate(data["claims"]):
        problems += _claim_problems(text, claim, kinds, f"$.claims[{i}]")
    if data.get("published"):
        problems += _date_problems(data["published"], "$.published")
    return problems


def _claim_problems(text: str, claim: dict[str, Any], kinds: dict[str, tuple[str, str]], where: str) -> list[str]:
    """A claim's subject, object and qualifiers must exist in the report and fit its property."""
    problems = _span_problems(text, claim["span"], f"{where}.span", None)
    if "evidence" in claim:
        problems += _span_problems(text, claim["evidence"], f"{where}.evidence", None)
        start, end = claim["evidence"]
        if not (start <= claim["span"][0] and claim["span"][1] <= end):
            problems.append(f"{where}.evidence: does not contain the claim's span {limits.shown(claim['span'])}")
    prop = claim["property"]
    subject = kinds.get(claim["subject"])
    if subject is None:
        problems.append(f"{where}.subject: no entity or event {claim['subject']!r} in this report")
    elif prop in EVENT_PROPERTIES and subject[0] != "event":
        problems.append(
            f"{where}.property: {prop!r} is a property of events, but {claim['subject']!r} is a {subject[1]}"
        )
    elif prop in ENTITY_PROPERTIES and subject[1] not in ENTITY_PROPERTIES[prop]:
        allowed = " or ".join(ENTITY_PROPERTIES[prop])
        problems.append(
            f"{where}.property: {prop!r} applies to a {allowed}, but {claim['subject']!r} is a {subject[1]}"
        )
    if "object" in claim:
        target = kinds.get(claim["object"])
        if target is None or target[0] != "entity":
            problems.append(f"{where}.object: no entity {claim['object']!r} in this report")
        elif prop in OBJECT_TYPES and target[1] not in OBJECT_TYPES[prop]:
            allowed = " or ".join(OBJECT_TYPES[prop])
            problems.append(f"{where}.object: {prop!r} needs a {allowed}, but {claim['object']!r} is a {target[1]}")
    for name in QUALIFIER_REFERENCES:
        ref = claim.get("qualifiers", {}).get(name)
        if ref is not None and kinds.get(ref, ("", ""))[0] != "entity":
            problems.append(f"{where}.qualifiers.{name}: no entity {ref!r} in this report")
    if prop == "date":
        problems += _date_problems(claim["value"], f"{where}.value")
    if "anchor" in claim.get("qualifiers", {}):
        problems += _date_problems(claim["qualifiers"]["anchor"], f"{where}.qualifiers.anchor")
    return problems


def _span_problems(text: str, span: list[int], where: str, expected: str | None) -> list[str]:
    """A span must lie inside the text, be non-empty and, for a mention, slice to its exact words."""
    start, end = span
    if end <= start:
        return [f"{where}: end {limits.shown(end)} is not after start {limits.shown(start)}"]
    if end > len(text):
        return [
            f"{where}: [{limits.shown(start)}, {limits.shown(end)}] runs past the end of the text (length {len(text)})"
        ]
    if expected is not None and text[start:end] != expected:
        return [f"{where}: the text there is {limits.shown(text[start:end])}, not {limits.shown(expected)}"]
    return []


def _date_problems(value: str, where: str) -> list[str]:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return [f"{where}: {value!r} is not a calendar date"]
    return []


def _build(path: Path, data: dict[str, Any]) -> ReportInput:
    """The checked data as plain frozen records, with a content hash for change detection."""
    subjects = [
        SubjectInput(
            local_id=item["id"],
            role=role,
            type=item.get("type") or item["kind"],
            name=item["name"],
            mentions=tuple((m["text"], Span(*m["span"])) for m in item["mentions"]),
        )
        for role, key in (("entity", "entities"), ("event", "events"))
        for item in data.get(key, [])
    ]
    claims = [
        ClaimInput(
            subject=c["subject"],
            property=c["property"],
            value=c["value"],
            object=c.get("object"),
            span=Span(*c["span"]),
            evidence=Span(*c["evidence"]) if "evidence" in c else None,
            qualifiers=dict(c.get("qualifiers", {})),
            rule=c.get("rule"),
        )
        for c in data["claims"]
    ]
    published = data.get("published")
    return ReportInput(
        id=report_id_for(path, data),
        path=printable(str(path)),
        source=data["source"],
        title=data.get("title"),
        published=dt.date.fromisoformat(published) if published else None,
        url=data.get("url"),
        language=data.get("language"),
        text=data["text"],
        content_hash=hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest(),
        subjects=tuple(subjects),
        claims=tuple(claims),
    )
