"""The review queue, one item, and a decision trail, as terminal tables: what a reviewer reads before deciding.
Values from reports and reviewers are printed as text, never as rich markup (`[/]` in a title is no tag)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from reconcile.models import Decision
from reconcile.review.decisions import decision_data
from reconcile.review.queue import Item, QueuePage


def render_queue(page: QueuePage, console: Console) -> None:
    """One line per item, with the values in dispute, so the list alone says where to start."""
    if not page.items:
        console.print(f"No items here: the queue has {page.total}." if page.total else "Nothing to review.")
        return
    table = Table("id", "status", "kind", "subject", "property", "values", box=None, header_style="bold")
    for item in page.items:
        values = " | ".join(dict.fromkeys(e.value for e in item.evidence)) or item.explanation
        cells = (item.target.label, item.status, _kind(item), item.subject, item.property, values)
        table.add_row(*map(Text, cells))
    console.print(table)
    shown = len(page.items)
    count = (
        f"{shown} item(s)" if shown == page.total else f"Items {page.offset + 1}-{page.offset + shown} of {page.total}"
    )
    console.print(f"{count}. `reconcile review show ID` for the evidence.")


def render_item(item: Item, console: Console) -> None:
    """The item's values side by side with the sentence each report states it in, then its decision."""
    about = f"{_kind(item)}: {item.subject} — {item.property} ({item.status})"
    console.print(f"[bold]{item.target.label}[/bold] {escape(about)}")
    if item.replaced:
        console.print(item.replaced, markup=False)
    console.print(item.explanation, markup=False)
    if item.evidence:
        table = Table("report", "value", "evidence", show_lines=True)
        for evidence in item.evidence:
            table.add_row(Text(evidence.report), Text(evidence.value), Text(evidence.sentence))
        console.print(table)
    for reason in item.reasons:
        console.print(f"  {reason}", markup=False)
    if item.decision is not None:
        console.print(f"Live decision: {_decision(item.decision)}", markup=False)
    allowed = {"link": "same, different", "entities": "merge, split"}.get(item.kind, "accept VALUE, dispute, reject")
    console.print(f"Decide with: reconcile review decide {item.target.label} ({allowed}) --note ...")


def render_history(item: Item, decisions: list[Decision], console: Console) -> None:
    """Every decision on the item, oldest first; superseded ones stay, marked as such."""
    console.print(f"[bold]{item.target.label}[/bold] {escape(f'{item.subject} — {item.property}')}")
    if item.replaced:
        console.print(item.replaced, markup=False)
    if not decisions:
        console.print("No decisions yet.")
        return
    for decision in decisions:
        state = "live" if decision.live else f"superseded by {decision.superseded_by}"
        console.print(f"  {decision.id}  {_decision(decision)}  ({state})", markup=False)


def _decision(decision: Decision) -> str:
    value = f" {decision.value!r}" if decision.value else ""
    source = f" (source: {decision.value_source})" if decision.value_source else ""
    note = f" — {decision.note}" if decision.note else ""
    return f"{decision.decided_at:%Y-%m-%d %H:%M} {decision.reviewer}: {decision.action}{value}{source}{note}"


def _kind(item: Item) -> str:
    return {"link": "uncertain link", "entities": "entity pair"}.get(item.kind, f"{item.kind} ({item.severity})")


def queue_data(page: QueuePage) -> dict[str, Any]:
    """The queue page as plain data for `review list --json`: the same items, with their evidence."""
    return {"total": page.total, "offset": page.offset, "items": [item_data(item) for item in page.items]}


def item_data(item: Item) -> dict[str, Any]:
    """One item as plain data for `review show --json`, scripts and the web page alike."""
    return {
        "id": item.target.label,
        "kind": item.kind,
        "severity": item.severity,
        "status": item.status,
        "subject": item.subject,
        "property": item.property,
        "explanation": item.explanation,
        "values": list(item.target.values),
        "evidence": [
            {"report": e.report, "value": e.value, "sentence": e.sentence, "span": list(e.span)} for e in item.evidence
        ],
        "reasons": item.reasons,
        "replaced": item.replaced,
        "decision": None if item.decision is None else decision_data(item.decision),
    }
