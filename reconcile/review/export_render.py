"""Render merged records as JSON, CSV (one row per record property) or Markdown; export.py builds them."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from reconcile.review.export import STATUSES

FORMATS = ("json", "csv", "markdown")
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
    renderers = {"json": render_json, "csv": render_csv, "markdown": render_markdown}
    return renderers[fmt](export)


def render_json(export: dict[str, Any]) -> str:
    return json.dumps(export, indent=2, ensure_ascii=False) + "\n"


def render_csv(export: dict[str, Any]) -> str:
    """One row per property of each record, for a spreadsheet: every claim in its cell, one per line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in export["records"]:
        for prop in record["properties"]:
            decision = prop["decision"] or {}
            writer.writerow(
                {
                    "record": record["id"],
                    "record_type": record["type"],
                    "name": record["name"],
                    **{key: prop[key] for key in ("finding", "property", "member", "kind", "severity", "status")},
                    "value": prop["value"],
                    "values": " | ".join(prop["values"]),
                    **{key: "\n".join(map(_claim, prop[key])) for key in ("supporting", "contradicting", "competing")},
                    "not_stated_by": " ".join(prop["not_stated_by"]),
                    "reopened": "yes" if prop["reopened"] else "",
                    "decision": decision.get("action"),
                    "decided_value": decision.get("value"),
                    **{key: decision.get(key) for key in ("reviewer", "decided_at", "note", "source")},
                }
            )
    return out.getvalue()


def render_markdown(export: dict[str, Any]) -> str:
    """A page for a ticket or a desk: each record's properties, the value to publish, and the evidence."""
    counts = Counter(p["status"] for r in export["records"] for p in r["properties"])
    lines = [
        "# Merged records",
        "",
        f"{len(export['records'])} records; properties: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES) + ".",
    ]
    bare = []
    for record in export["records"]:
        if not record["properties"]:
            bare.append(f"{record['name']} ({record['id']})")
            continue
        lines += ["", f"## {record['name']} ({record['id']}, {record['type']}: {record['kind']})", ""]
        if record["provisional"]:
            lines += ["Provisional: whether these accounts describe one event is uncertain.", ""]
        lines.append(f"Reports: {', '.join(record['reports'])}")
        for prop in record["properties"]:
            lines += _markdown_property(prop)
    if bare:
        lines += ["", "## Without cross-report findings", "", ", ".join(bare)]
    return "\n".join(lines) + "\n"


def _markdown_property(prop: dict[str, Any]) -> list[str]:
    member = f": {prop['member']}" if prop["member"] else ""
    lines = ["", f"### {prop['property']}{member} — {prop['status']} ({prop['finding']}, {prop['kind']})", ""]
    if prop["value"] is not None:
        lines.append(f"- published: **{_cell(prop['value'])}**")
    else:
        lines.append(f"- values: {' | '.join(_cell(v) for v in prop['values'])}")
    if prop["decision"] is not None:
        reopened = " (reopened: a newer report says otherwise)" if prop["reopened"] else ""
        lines.append(f"- decision: {_decided(prop['decision'])}{reopened}")
    for key, verb in (("supporting", "supports"), ("contradicting", "contradicts"), ("competing", "states")):
        lines += [f"- {verb}: {_claim(claim)}" for claim in prop[key]]
    if prop["not_stated_by"]:
        lines.append(f"- not stated by: {', '.join(prop['not_stated_by'])}")
    return lines


def _claim(claim: dict[str, Any]) -> str:
    start, end = claim["span"]
    return f"{claim['report']} [{start}, {end}] “{_cell(claim['value'])}”: {_cell(claim['sentence'])}"


def _decided(decision: dict[str, Any]) -> str:
    value = f" “{_cell(decision['value'])}”" if decision["value"] else ""
    source = f" (source: {decision['source']})" if decision["source"] else ""
    note = f" — {_cell(decision['note'])}" if decision["note"] else ""
    return f"{decision['action']}{value}{source} by {decision['reviewer']}, {decision['decided_at']}{note}"


def _cell(text: str) -> str:
    """One line, and no stray table pipes, whatever the report's text holds."""
    return " ".join(text.replace("|", "\\|").split())
