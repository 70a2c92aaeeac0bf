"""Which kind of event each ECB+ report is about, as the extractor reads it, against the kind of its topic.

    python -m benchmarks.eval.kinds [--topics 1-35] [--data DIR] [--json OUT]

ECB+ groups its reports in topics, each about two similar seminal events (an earthquake and another
earthquake; one election and another). The topics whose events are of a kind reconcile names
(`reconcile/extract/kinds.py`, meetings and incidents) are listed below with that kind, read from the
reports' headlines; the others (a film sequel, a sports match, a rehab stay) are of no such kind. For each
kind the script counts the reports of its topics that the extractor gave an event of that kind (recall, at
report level: the seminal event is what a report is about) and the reports of the other topics that it
gave one (false kinds). Only development topics 1-35 are mapped; 36-45 stay for the final test.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.eval.ecbplus import DEFAULT_DATA, load_corpus, parse_topics, to_document  # noqa: E402
from reconcile.extract import Extractor  # noqa: E402

# ECB+ development topic -> the kind of both its seminal events.
TOPIC_KINDS = {
    2: "appointment",  # the Oscars' host named
    8: "incident",  # a bomb at a bank
    11: "election",  # parliamentary elections
    12: "incident",  # a pirate attack on a ship, foiled by a navy
    13: "disaster",  # a church on fire
    14: "disaster",  # a store on fire
    16: "incident",  # a shooting
    18: "incident",  # a killing at an office party
    20: "disaster",  # an earthquake
    21: "incident",  # a killing in a store
    22: "incident",  # a double murder
    24: "theft",  # a jewellery store robbed
    27: "announcement",  # a software patch released
    32: "incident",  # a stabbing
    33: "incident",  # a girl killed by a stray bullet
    34: "appointment",  # a nomination to a post
    35: "arrest",  # a player arrested for drunk driving
}


def kind_recall(topics: list[int], data: Path) -> dict[str, Any]:
    """Per kind: reports of its topics, those given an event of that kind, and reports of other topics given one."""
    extractor = Extractor()
    docs = load_corpus(data, topics, progress=False)
    found: dict[str, set[str]] = {}
    for doc, report in zip(docs, extractor.extract_many(to_document(d) for d in docs), strict=True):
        found[doc.id] = {e["kind"] for e in report["events"]}
    rows: dict[str, dict[str, int]] = {}
    for kind in sorted(set(TOPIC_KINDS.values())):
        mine = [d for d in docs if TOPIC_KINDS.get(d.topic) == kind]
        others = [d for d in docs if TOPIC_KINDS.get(d.topic) != kind]
        rows[kind] = {
            "reports": len(mine),
            "found": sum(kind in found[d.id] for d in mine),
            "other_reports": len(others),
            "false": sum(kind in found[d.id] for d in others),
        }
    kinds_made = Counter(k for kinds in found.values() for k in kinds)
    return {"topics": topics, "kinds": rows, "events_made": dict(kinds_made), "reports": len(docs)}


def render(result: dict[str, Any]) -> str:
    lines = [f"{'kind':<14} {'reports':>7} {'found':>6} {'recall':>7} | {'other reports':>13} {'given it':>8}"]
    for kind, row in result["kinds"].items():
        recall = row["found"] / row["reports"] if row["reports"] else 0.0
        lines.append(
            f"{kind:<14} {row['reports']:>7} {row['found']:>6} {recall:>7.3f} | {row['other_reports']:>13} "
            f"{row['false']:>8}"
        )
    made = ", ".join(f"{k} {n}" for k, n in sorted(result["events_made"].items()))
    lines.append(f"events made over {result['reports']} reports: {made}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--topics", default="1-35", help="development topics to read (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    topics = parse_topics(args.topics)
    if any(t > 35 for t in topics):
        parser.error("topics 36-45 are the test set: the kinds are mapped for 1-35 only")
    result = kind_recall(topics, args.data)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
