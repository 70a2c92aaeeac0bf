"""Render the conflict report as JSON or Markdown; the terminal table lives in table.py, the HTML page in html.py."""

from __future__ import annotations

import json
from typing import Any

FORMATS = ("table", "markdown", "json", "html")  # html only to a file: it is a page, not terminal output


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def sections(report: dict[str, Any]) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """(heading, facts, findings) per event, per uncertain link and per entity with findings, worst first."""
    names = {e["id"]: e["name"] for e in report["events"]}
    out = []
    for link in report["links"]:
        a, b = link["events"]
        facts = [f"**Same event? {link['verdict']}** (score {link['score']:.2f}); this comparison is provisional"]
        facts += [f"`{reason}`" for reason in link["reasons"]]
        out.append((f"{names[a]} ~ {names[b]}", facts, link["findings"]))
    for event in report["events"]:
        facts = [f"reports: {', '.join(event['reports'])}"]
        if event["dates"]:
            facts.append(f"date: {', '.join(event['dates'])}")
        if event["locations"]:
            facts.append(f"place: {', '.join(event['locations'])}")
        if event["findings"] or len(event["reports"]) > 1:
            out.append((f"{event['name']} ({event['id']})", facts, event["findings"]))
    for entity in report["entities"]:
        if entity["findings"]:
            facts = [f"{entity['type']}, written as: {', '.join(entity['names'])}"]
            out.append((f"{entity['name']} ({entity['id']})", facts, entity["findings"]))
    rank = {"conflict": 0, "variant": 1, "addition": 2, "agreement": 3}
    return sorted(out, key=lambda s: min((rank[f["kind"]] for f in s[2]), default=9))


def overview(report: dict[str, Any]) -> list[str]:
    """What was resolved, with or without findings: every event with its reports, date and place, and
    every entity several reports name, with each form it is written in."""
    lines = []
    for event in report["events"]:
        when = ", ".join(event["dates"]) or "no date given"
        where = ", ".join(event["locations"]) or "no place given"
        lines.append(
            f"{event['id']} {event['kind']}: {event['name']} — {when}; {where} ({', '.join(event['reports'])})"
        )
    for entity in report["entities"]:
        if len(entity["reports"]) > 1:
            lines.append(f"{entity['id']} {entity['type']}: {entity['name']} — written as {', '.join(entity['names'])}")
    return lines


def finding_title(finding: dict[str, Any]) -> str:
    member = f": {finding['member']}" if finding["member"] else ""
    return f"{finding['kind'].upper()} [{finding['severity']}] {finding['property']}{member}"


def render_markdown(report: dict[str, Any]) -> str:
    """A page a fact-checker can paste into a ticket: every finding with each report's evidence sentence."""
    s = report["summary"]
    counts = ", ".join(f"{n} {kind}" for kind, n in s["findings"].items())
    lines = [
        "# Reconciliation report",
        "",
        f"{s['reports']} reports, {s['entities']} entities, {s['events']} events, "
        f"{s['uncertain_links']} uncertain event links; findings: {counts}.",
        "",
        "| report | source | published | title |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['id']} | {r['source']} | {r['published'] or '—'} | {_cell(r['title'] or '—')} |"
        for r in report["reports"]
    ]
    lines += ["", "## Resolved across reports", ""] + [f"- {_cell(line)}" for line in overview(report)]
    for heading, facts, findings in sections(report):
        lines += ["", f"## {heading}", ""] + [f"- {fact}" for fact in facts]
        for finding in findings:
            lines += ["", f"### {finding_title(finding)}", "", finding["explanation"], ""]
            for value in finding["values"]:
                lines.append(
                    f"- **{value['report']}**: {value['value']!s} — “{_cell(value['evidence'])}” "
                    f"(chars {value['span'][0]}–{value['span'][1]})"
                )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())
