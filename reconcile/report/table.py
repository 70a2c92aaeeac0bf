"""The conflict report as rich tables in the terminal: one panel per event, link or entity, conflicts first.
What reports say goes in as rich Text, never as markup: `[/]` in a title is text, not a closing tag."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reconcile.report.render import finding_title, overview, report_labels, review_note, sections

STYLES = {"conflict": "bold red", "update": "magenta", "variant": "yellow", "addition": "cyan", "agreement": "green"}


def render_table(report: dict[str, Any], console: Console) -> None:
    """Every finding with each report's value and evidence sentence; agreements as one line each."""
    summary = report["summary"]
    counts = "  ".join(f"[{STYLES[k]}]{n} {k}[/]" for k, n in summary["findings"].items())
    console.print(
        f"[bold]{summary['reports']} reports[/], {summary['entities']} entities, {summary['events']} events, "
        f"{summary['uncertain_links']} uncertain event links   {counts}"
    )
    labels = report_labels(report)
    for heading, facts, findings in sections(report):
        parts: list[RenderableType] = [Text("\n".join(facts), style="dim")]
        parts += [_finding_table(f, labels) for f in findings if f["kind"] != "agreement"]
        agreed = [f for f in findings if f["kind"] == "agreement"]
        if agreed:
            listed = "; ".join(f"{f['property']}{': ' + f['member'] if f['member'] else ''}" for f in agreed)
            parts.append(Text(f"Agreed by every report: {listed}", style=STYLES["agreement"]))
        console.print(Panel(Group(*parts), title=Text(heading, style="bold"), title_align="left"))
    resolved = Text("\n".join(overview(report)))
    console.print(Panel(resolved, title="[bold]Resolved across reports[/]", title_align="left"))


def _finding_table(finding: dict[str, Any], labels: dict[str, str]) -> Table:
    """One finding: its verdict, id and review status as the title, the rule as the caption, a row per report
    (by outlet and date) and value."""
    title = Text(finding_title(finding), style=STYLES[finding["kind"]])
    title.append(f"  {review_note(finding)}", style="dim")
    table = Table(
        title=title,
        caption=Text(finding["explanation"]),
        title_justify="left",
        caption_justify="left",
        expand=True,
        show_edge=False,
    )
    table.add_column("report", ratio=1, min_width=12, overflow="fold", style="bold")  # wraps, never cut
    table.add_column("value", ratio=2)
    table.add_column("evidence", ratio=5)
    seen: set[tuple[str, str, str]] = set()
    for value in finding["values"]:
        row = (labels[value["report"]], value["value"], value["evidence"])
        if row not in seen:
            seen.add(row)
            table.add_row(*map(Text, row))
    for silent in finding["not_stated_by"]:
        table.add_row(Text(labels[silent]), Text("(not stated)", style="dim"), "")
    return table
