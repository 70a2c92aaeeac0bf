"""Render merged records as JSON, CSV (one row per record property) or Markdown; export.py builds them."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from reconcile.report.markdown import text
from reconcile.review.export import STATUSES

FORMATS = ("json", "jsonl", "csv", "markdown")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "record",
    "record_type",
    "name",
    "finding",
    "property",
    "member",
    "kind",
    "severity",
    "status",
    "value",
    "values",
    "supporting",
    "contradicting",
    "competing",
    "not_stated_by",
    "reopened",
    "decision",
    "decided_value",
    "reviewer",
    "decided_at",
    "note",
    "source",
)


def render_export(export: dict[str, Any], fmt: str) -> str:
    """The records in `fmt`, one of FORMATS."""
    renderers = {"json": render_json, "jsonl": render_jsonl, "csv": render_csv, "markdown": render_markdown}
    return renderers[fmt](export)


def render_json(export: dict[str, Any]) -> str:
    return json.dumps(export, indent=2, ensure_ascii=False) + "\n"


def render_jsonl(export: dict[str, Any]) -> str:
    """JSON Lines: one record per line, for tools that stream a large export (jq -c, a warehouse loader)."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in export["records"])


def render_csv(export: dict[str, Any]) -> str:
    """One row per property of each record, for a spreadsheet: every claim in its cell, one per line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in export["records"]:
        for prop in record["properties"]:
            decision = prop["decision"] or {}
            row = {
                "record": record["id"],
                "record_type": record["type"],
                "name": record["name"],
                **{key: prop[key] for key in ("finding", "property", "member", "kind", "severity", "status")},
                "value": prop["value"],
                "values": " | ".join(prop["values"]),
                **{
                    key: "\n".join(_claim(c, _one_line) for c in prop[key])
                    for key in ("supporting", "contradicting", "competing")
                },
                "not_stated_by": " ".join(prop["not_stated_by"]),
                "reopened": "yes" if prop["reopened"] else "",
                "decision": decision.get("action"),
                "decided_value": decision.get("value"),
                **{key: decision.get(key) for key in ("reviewer", "decided_at", "note", "source")},
            }
            writer.writerow({column: _inert(value) for column, value in row.items()})
    return out.getvalue()


def _inert(value: object) -> object:
    """A cell a spreadsheet shows as the text it is. Excel, LibreOffice and Google Sheets run a cell that
    starts with =, +, -, @ (or a tab or carriage return) as a formula, and report text can be written to
    exfiltrate data or launch a command that way; a leading apostrophe keeps it text (OWASP's advice)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def render_markdown(export: dict[str, Any]) -> str:
    """A page for a ticket or a desk: each record's properties, the value to publish, and the evidence.
    Everything from reports and reviewers is written as text (markdown.text): it adds no markup."""
    counts = Counter(p["status"] for r in export["records"] for p in r["properties"])
    lines = [
        "# Merged records",
        "",
        f"{len(export['records'])} records; properties: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES) + ".",
    ]
    bare = []
    for record in export["records"]:
        name, key = text(record["name"]), text(record["id"])
        if not record["properties"]:
            bare.append(f"{name} ({key})")
            continue
        lines += ["", f"## {name} ({key}, {text(record['type'])}: {text(record['kind'])})", ""]
        if record["provisional"]:
            lines += ["Provisional: whether these accounts describe one event is uncertain.", ""]
        lines.append(f"Reports: {', '.join(map(text, record['reports']))}")
        for prop in record["properties"]:
            lines += _markdown_property(prop)
    if bare:
        lines += ["", "## Without cross-report findings", "", ", ".join(bare)]
    return "\n".join(lines) + "\n"


def _markdown_property(prop: dict[str, Any]) -> list[str]:
    member = f": {text(prop['member'])}" if prop["member"] else ""
    heading = f"{text(prop['property'])}{member} — {prop['status']} ({text(prop['finding'])}, {prop['kind']})"
    lines = ["", f"### {heading}", ""]
    if prop["value"] is not None:
        lines.append(f"- published: **{text(prop['value'])}**")
    else:
        lines.append(f"- values: {' | '.join(map(text, prop['values']))}")
    if prop["decision"] is not None:
        reopened = " (reopened: a newer report says otherwise)" if prop["reopened"] else ""
        lines.append(f"- decision: {_decided(prop['decision'])}{reopened}")
    for key, verb in (("supporting", "supports"), ("contradicting", "contradicts"), ("competing", "states")):
        lines += [f"- {verb}: {_claim(claim, text)}" for claim in prop[key]]
    if prop["not_stated_by"]:
        lines.append(f"- not stated by: {', '.join(map(text, prop['not_stated_by']))}")
    return lines


def _claim(claim: dict[str, Any], write: Callable[[str], str]) -> str:
    """Which report states the value, where, and in which sentence; `write` escapes what the report says."""
    start, end = claim["span"]
    return f"{write(claim['report'])} [{start}, {end}] “{write(claim['value'])}”: {write(claim['sentence'])}"


def _one_line(value: str) -> str:
    """Whitespace runs as one space: a CSV cell holds one claim per line."""
    return " ".join(value.split())


def _decided(decision: dict[str, Any]) -> str:
    value = f" “{text(decision['value'])}”" if decision["value"] else ""
    source = f" (source: {text(decision['source'])})" if decision["source"] else ""
    note = f" — {text(decision['note'])}" if decision["note"] else ""
    return f"{decision['action']}{value}{source} by {text(decision['reviewer'])}, {decision['decided_at']}{note}"
