"""Render the conflict report as JSON or Markdown; the terminal table lives in table.py, the HTML page in html.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reconcile.report import markdown
from reconcile.report.build import KIND_ORDER

FORMATS = ("table", "markdown", "json", "html")  # html only to a file: it is a page, not terminal output


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Style:
    """How the shared pieces write what reports say (`text`), their own emphasis, and scoring terms."""

    text: Callable[[str], str] = str
    strong: Callable[[str], str] = str
    code: Callable[[str], str] = str


PLAIN = Style()  # the terminal: rich renders these as Text, never as markup
MARKDOWN = Style(markdown.text, lambda s: f"**{s}**", markdown.code)


def sections(report: dict[str, Any], style: Style = PLAIN) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """(heading, facts, findings) per event, per uncertain link and per entity with findings, worst first."""
    t = style.text
    names = {e["id"]: e["name"] for e in report["events"]}
    out = []
    for link in report["links"]:
        a, b = link["events"]
        verdict = style.strong(f"Same event? {link['verdict']}")
        provisional = "this comparison is provisional; " if link["findings"] else ""
        facts = [f"{verdict} (score {link['score']:.2f}); {provisional}{review_note(link, style)}"]
        facts += [style.code(reason) for reason in link["reasons"]]
        out.append((f"{t(names[a])} ~ {t(names[b])}", facts, link["findings"]))
    for event in report["events"]:
        facts = [f"reports: {_listed(event['reports'], t)}"]
        if event["dates"]:
            facts.append(f"date: {_listed(event['dates'], t)}")
        if event["locations"]:
            facts.append(f"place: {_listed(event['locations'], t)}")
        if event["findings"] or len(event["reports"]) > 1:
            out.append((f"{t(event['name'])} ({t(event['id'])})", facts, event["findings"]))
    for entity in report["entities"]:
        if entity["findings"]:
            facts = [f"{t(entity['type'])}, written as: {_listed(entity['names'], t)}"]
            out.append((f"{t(entity['name'])} ({t(entity['id'])})", facts, entity["findings"]))
    return sorted(out, key=lambda s: min((KIND_ORDER[f["kind"]] for f in s[2]), default=9))


def overview(report: dict[str, Any], style: Style = PLAIN) -> list[str]:
    """What was resolved, with or without findings: every event with its reports, date and place, and
    every entity several reports name, with each form it is written in."""
    t = style.text
    lines = []
    for event in report["events"]:
        when = _listed(event["dates"], t) or "no date given"
        where = _listed(event["locations"], t) or "no place given"
        lines.append(
            f"{t(event['id'])} {t(event['kind'])}: {t(event['name'])} — {when}; {where} "
            f"({_listed(event['reports'], t)})"
        )
    for entity in report["entities"]:
        if len(entity["reports"]) > 1:
            lines.append(
                f"{t(entity['id'])} {t(entity['type'])}: {t(entity['name'])} — written as {_listed(entity['names'], t)}"
            )
    return lines


def finding_title(finding: dict[str, Any], style: Style = PLAIN) -> str:
    member = f": {style.text(finding['member'])}" if finding["member"] else ""
    return f"{finding['kind'].upper()} [{finding['severity']}] {style.text(finding['property'])}{member}"


def review_note(item: dict[str, Any], style: Style = PLAIN) -> str:
    """Where a finding's or link's review stands, after the id to give `reconcile review show`:
    `F1a2b3c4d5e open`, `L12-40 decided: same by ana, 2026-12-02`."""
    note = f"{style.code(item['id'])} {item['status']}"
    if (decision := item["decision"]) is None:
        return note
    return (
        f"{note}: {style.text(decision['action'])} by {style.text(decision['reviewer'])}, {decision['decided_at'][:10]}"
    )


def _claim(value: dict[str, Any]) -> str:
    """', claim C12' after a value the reviewer may strike out with `reconcile review strike`."""
    return f", claim {value['claim']}" if "claim" in value else ""


def report_labels(report: dict[str, Any]) -> dict[str, str]:
    """Each report's id -> the outlet and date readers know it by."""
    return {r["id"]: r["label"] for r in report["reports"]}


def _listed(values: list[str], text: Callable[[str], str]) -> str:
    return ", ".join(map(text, values))


def render_markdown(report: dict[str, Any]) -> str:
    """A page a fact-checker can paste into a ticket: every finding with each report's evidence sentence.
    Whatever the reports hold is written as text (markdown.text), so it can neither add markup nor break
    the page's structure."""
    t = MARKDOWN.text
    s = report["summary"]
    counts = ", ".join(f"{n} {kind}" for kind, n in s["findings"].items())
    lines = [
        "# Reconciliation report",
        "",
        f"{s['reports']} reports, {s['entities']} entities, {s['events']} events, "
        f"{s['uncertain_links']} uncertain event links; findings: {counts}.",
        "",
        "| report | source | published | title | file id |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {t(r['label'])} | {t(r['source'])} | {t(r['published'] or '—')} | {t(r['title'] or '—')} | {t(r['id'])} |"
        for r in report["reports"]
    ]
    labels = report_labels(report)
    lines += ["", "## Resolved across reports", ""] + [f"- {line}" for line in overview(report, MARKDOWN)]
    for heading, facts, findings in sections(report, MARKDOWN):
        lines += ["", f"## {heading}", ""] + [f"- {fact}" for fact in facts]
        for finding in findings:
            lines += ["", f"### {finding_title(finding, MARKDOWN)}", "", review_note(finding, MARKDOWN), ""]
            lines += [t(finding["explanation"]), ""]
            for value in finding["values"]:
                lines.append(
                    f"- **{t(labels[value['report']])}**: {t(value['value'])} — “{t(value['evidence'])}” "
                    f"(chars {value['span'][0]}–{value['span'][1]}{_claim(value)})"
                )
    return "\n".join(lines) + "\n"
