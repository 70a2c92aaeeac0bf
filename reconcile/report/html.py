"""Render the conflict report as one self-contained HTML page: per event, link or entity, the sources side by side
with the spans its findings rest on highlighted in each report's text, conflicts first.

Source text is never trusted: highlighting cuts the raw text at span boundaries and the template escapes every
piece (Jinja2 autoescape), so no report can put markup of its own into the page.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.db import chunked
from reconcile.models import Report
from reconcile.report.build import KIND_ORDER
from reconcile.report.render import report_labels, review_note

NO_FINDINGS = len(KIND_ORDER)


class Span(NamedTuple):
    """A claim's characters in its report's text, the kind of finding it supports, and what it says."""

    start: int
    end: int
    kind: str
    note: str


class Segment(NamedTuple):
    """A run of raw text with one highlight: the worst kind of the spans covering it (None: plain text)."""

    text: str
    kind: str | None
    notes: tuple[str, ...]
    anchor: int | None  # the offset a span starts at, so evidence tables can link to it


def highlight(text: str, spans: Collection[Span]) -> list[Segment]:
    """The text cut at every span boundary, each piece with the spans covering it.

    Overlapping spans (a title inside an attendee's sentence) split into pieces rather than nesting tags, and
    spans outside the text are dropped: a report replaced under a stale finding must not break the page.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    starts = {s.start for s in valid}
    segments = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in valid if s.start <= begin and end <= s.end]
        kind = min((s.kind for s in covering), key=KIND_ORDER.__getitem__) if covering else None
        notes = tuple(dict.fromkeys(s.note for s in covering))
        segments.append(Segment(text[begin:end], kind, notes, begin if begin in starts else None))
    return segments


@dataclass
class Column:
    """One report in a section, its text highlighted with the section's evidence."""

    index: int
    report: dict[str, Any]
    segments: list[Segment]


@dataclass
class Section:
    """What the page shows about one event, uncertain link or entity."""

    anchor: str
    label: str  # event, uncertain link or entity (with its type)
    heading: str
    facts: list[str]
    findings: list[dict[str, Any]]
    columns: list[Column] = field(default_factory=list)

    def anchor_of(self, value: dict[str, Any]) -> str | None:
        """The id of the highlight a finding's value points to, when its report is shown in a column."""
        index = next((c.index for c in self.columns if c.report["id"] == value["report"]), None)
        return None if index is None else f"{self.anchor}-r{index}-{value['span'][0]}"

    @property
    def worst(self) -> str | None:
        """The kind of the section's most serious finding, which orders the page."""
        kinds = [f["kind"] for f in self.findings]
        return min(kinds, key=KIND_ORDER.__getitem__) if kinds else None


def report_texts(session: Session, report_ids: Collection[str]) -> dict[str, str]:
    """The stored text of each report, which the findings' spans point into."""
    ids = sorted(report_ids)
    return {
        report_id: text
        for chunk in chunked(ids)
        for report_id, text in session.execute(select(Report.id, Report.text).where(Report.id.in_(chunk)))
    }


def html_report(session: Session, report: dict[str, Any]) -> str:
    """The page for `report` (as build_report gives it), with the texts its findings point into read from the store."""
    cited = {
        value["report"]
        for group in ("entities", "events", "links")
        for subject in report[group]
        for finding in subject["findings"]
        for value in finding["values"]
    }
    return render_html(report, report_texts(session, cited))


def render_html(report: dict[str, Any], texts: dict[str, str]) -> str:
    """One HTML file with everything inline (CSS included): it can be mailed, archived or opened offline."""
    sections = _sections(report)
    reports = {r["id"]: r for r in report["reports"]}
    for section in sections:
        section.columns = _columns(section, reports, texts)
    template = _environment().get_template("report.html")
    return template.render(
        summary=report["summary"],
        reports=report["reports"],
        labels=report_labels(report),
        sections=sections,
        kinds=KIND_ORDER,
    )


def _environment() -> Environment:
    """Autoescape on for every template: report text, names and values all come from outside."""
    return Environment(
        loader=PackageLoader("reconcile.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _sections(report: dict[str, Any]) -> list[Section]:
    """Uncertain links, events and entities with findings (or several reports), the worst findings first."""
    events = {e["id"]: e for e in report["events"]}
    out = []
    for link in report["links"]:
        a, b = (events[e] for e in link["events"])
        provisional = "; this comparison is provisional" if link["findings"] else ""
        facts = [f"Same event? {link['verdict']} (score {link['score']:.2f}){provisional}"]
        facts += [review_note(link)]
        facts += link["reasons"]
        out.append(Section(link["id"], "uncertain link", f"{a['name']} ~ {b['name']}", facts, link["findings"]))
    for event in report["events"]:
        if event["findings"] or len(event["reports"]) > 1:
            facts = [f"reports: {', '.join(event['reports'])}"]
            facts += [f"date: {', '.join(event['dates'])}"] if event["dates"] else []
            facts += [f"place: {', '.join(event['locations'])}"] if event["locations"] else []
            out.append(Section(event["id"], event["kind"], event["name"], facts, event["findings"]))
    for entity in report["entities"]:
        if entity["findings"]:
            facts = [f"written as: {', '.join(entity['names'])}"]
            out.append(Section(entity["id"], entity["type"], entity["name"], facts, entity["findings"]))
    return sorted(out, key=lambda s: KIND_ORDER[s.worst] if s.worst else NO_FINDINGS)


def _columns(section: Section, reports: dict[str, dict[str, Any]], texts: dict[str, str]) -> list[Column]:
    """A column per report the section's evidence comes from, in report order."""
    spans: dict[str, list[Span]] = {}
    for finding in section.findings:
        member = f": {finding['member']}" if finding["member"] else ""
        for value in finding["values"]:
            start, end = value["span"]
            note = f"{finding['kind']} {finding['property']}{member}: {value['value']}"
            spans.setdefault(value["report"], []).append(Span(start, end, finding["kind"], note))
    return [
        Column(index, reports[report_id], highlight(texts.get(report_id, ""), spans[report_id]))
        for index, report_id in enumerate(sorted(spans))
        if report_id in reports
    ]
