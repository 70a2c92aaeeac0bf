"""A report's extracted claims for a person to read before ingesting them: one row per claim, with its evidence."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text


def render_extracted(report: dict[str, Any], console: Console) -> None:
    """Entities with how they are written, then every claim: subject, property, value, rule and the words cited."""
    text: str = report["text"]
    names = {item["id"]: item["name"] for key in ("entities", "events") for item in report[key]}
    console.print(Text(f"{report['id']} ({report['source']}, {report.get('published') or 'no date'})", style="bold"))
    entities = Table("id", "type", "name", "written as", title="Entities", title_justify="left", expand=True)
    for entity in report["entities"]:
        written = ", ".join(dict.fromkeys(m["text"] for m in entity["mentions"]))
        entities.add_row(Text(entity["id"]), Text(entity["type"]), Text(entity["name"]), Text(written))
    console.print(entities)
    claims = Table(
        "subject", "property", "value", "evidence", "rule", title="Claims", title_justify="left", expand=True
    )
    for claim in report["claims"]:
        start, end = claim["span"]
        claims.add_row(
            Text(names.get(claim["subject"], claim["subject"])),
            Text(claim["property"]),
            Text(str(claim["value"])),
            Text(text[start:end]),
            Text(claim.get("rule", ""), style="dim"),
        )
    console.print(claims)
