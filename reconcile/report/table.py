"""The conflict report as rich tables in the terminal, one per event, link or entity, conflicts first."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reconcile.report.render import finding_title, sections

STYLES = {"conflict": "bold red", "variant": "yellow", "addition": "cyan", "agreement": "green"}


def render_table(report: dict[str, Any], console: Console) -> None:
    s = report["summary"]
    counts = "  ".join(f"[{STYLES[k]}]{n} {k}[/]" for k, n in s["findings"].items())
    console.print(
        f"[bold]{s['reports']} reports[/], {s['entities']} entities, {s['events']} events, "
        f"{s['uncertain_links']} uncertain event links   {counts}"
    )
    for heading, facts, findings in sections(report):
        table = Table(show_lines=True, expand=True)
        table.add_column("finding", ratio=2)
        table.add_column("report", ratio=2)
        table.add_column("value", ratio=3)
        table.add_column("evidence", ratio=6)
        for finding in findings:
            title = Text(finding_title(finding), style=STYLES[finding["kind"]])
            title.append("\n" + finding["explanation"], style="dim")
            for i, value in enumerate(finding["values"]):
                table.add_row(title if i == 0 else "", value["report"], value["value"], value["evidence"])
        body = Group(Text("\n".join(facts).replace("**", "").replace("`", "")), table)
        console.print(Panel(body, title=f"[bold]{heading}[/]", title_align="left"))
