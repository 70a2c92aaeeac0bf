"""A reconcile JSON report in a form that two stores holding the same reports share, whatever order they came in.

Entity, event, link and claim ids are numbered as rows are stored, so they are the one thing the order and batching
of the same reports may change: each is replaced by what it is made of (its mentions; a link, by its two events; a
claim, by its report and span), and every list of records is sorted. `tests/match/test_order.py` and
`benchmarks/store/probe_store.py` compare reports through it.
"""

from __future__ import annotations

import json
from typing import Any


def canonical(report: dict[str, Any]) -> Any:
    """The report with ids replaced by their content and lists of records sorted."""
    names: dict[str, str] = {}
    for kind in ("entities", "events"):
        for item in report[kind]:
            names[item["id"]] = json.dumps(sorted((m["report"], m["local_id"]) for m in item["mentions"]))
    for link in report["links"]:
        names[link["id"]] = json.dumps([names[e] for e in link["events"]])

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            if "claim" in value and "span" in value:  # a claim's row id, by what it is: its report and its span
                value = {**value, "claim": json.dumps([value["report"], value["span"]])}
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            items = [walk(v) for v in value]
            if all(isinstance(i, dict) for i in items):
                items.sort(key=lambda i: json.dumps(i, sort_keys=True))
            return items
        return names.get(value, value) if isinstance(value, str) else value

    return walk(report)
