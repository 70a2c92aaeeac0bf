"""Render a run-to-run diff as plain text or JSON; runs.py builds it."""

from __future__ import annotations

import json
from typing import Any

FORMATS = ("text", "json")
SECTIONS = ("new", "resolved", "changed")


def render_diff(diff: dict[str, Any], fmt: str) -> str:
    """The diff in `fmt`, one of FORMATS."""
    return json.dumps(diff, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else render_text(diff)


def render_text(diff: dict[str, Any]) -> str:
    """A headline with the counts, then one line per finding, grouped as new, resolved and changed."""
    counts = ", ".join(f"{len(diff[s])} {s}" for s in SECTIONS)
    lines = [f"From {_run(diff['from'])}", f"  to {_run(diff['to'])}: {counts}."]
    if not any(diff[s] for s in SECTIONS):
        lines.append("No differences.")
    for section in SECTIONS:
        if diff[section]:
            lines += ["", f"{section.capitalize()}:"] + [_line(entry) for entry in diff[section]]
    return "\n".join(lines) + "\n"


def _run(run: dict[str, Any]) -> str:
    files = f"; {', '.join(run['files'])}" if run["files"] else ""
    return f"run {run['id']} ({run['command']}, {run['started_at']}{files})"


def _line(entry: dict[str, Any]) -> str:
    line = f"  {entry['finding']}  {entry['kind']} [{entry['severity']}]  {entry['subject']} — {entry['property']}"
    if "changes" in entry:
        was = entry["was"]
        said = [f"{key} {was[key]} -> {entry[key]}" for key in ("kind", "severity") if key in entry["changes"]]
        said += ["values changed"] if "values" in entry["changes"] else []
        said += ["reopened: a newer report contradicts the accepted value"] if entry.get("review") == "reopened" else []
        line += f"  ({'; '.join(said)})"
    return line
