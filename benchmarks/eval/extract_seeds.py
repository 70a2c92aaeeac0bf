"""Extracted claims against the hand-written gold files, per property, and extraction speed.

    python -m benchmarks.eval.extract_seeds [--speed N] [--json OUT]

A predicted claim matches a gold claim of the same property when their spans overlap and their
subjects are the same thing: for entity subjects, entities whose mentions overlap; for event
subjects, any event (one report's meetings are few, and which local event a quote hangs on is the
subject of the findings, not of extraction). Each gold claim is matched at most once. Overlap, not
exact spans, because where a title or topic phrase ends ('the political process' or 'the political
process forward') is a judgement the gold writer made, not a fact.

--speed N extracts N seed-sized reports (the two seeds, repeated) through nlp.pipe in one process
per core and prints reports per second after start-up, the figure the issue sets at 1,000 in 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reconcile.extract import Extractor  # noqa: E402
from reconcile.ingest.documents import Document, read_document  # noqa: E402

SEEDS = ROOT / "fixtures" / "seeds"
GOLD = ROOT / "fixtures" / "gold"


def seed_documents() -> list[Document]:
    """The raw seed texts, read the way `reconcile run` reads them."""
    return [read_document(path) for path in sorted(SEEDS.glob("*.txt"))]


def _mention_spans(report: dict[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """Local id -> every span that names it (entity mentions and event triggers)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for key in ("entities", "events"):
        for item in report.get(key, []):
            spans[item["id"]] = [tuple(m["span"]) for m in item["mentions"]]  # type: ignore[misc]
    return spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_subject(gold: dict[str, Any], pred: dict[str, Any], g: dict[str, Any], p: dict[str, Any]) -> bool:
    gold_event = any(e["id"] == g["subject"] for e in gold.get("events", []))
    pred_event = any(e["id"] == p["subject"] for e in pred.get("events", []))
    if gold_event or pred_event:
        return gold_event and pred_event
    gs, ps = _mention_spans(gold)[g["subject"]], _mention_spans(pred)[p["subject"]]
    return any(_overlap(a, b) for a in gs for b in ps)


def score_report(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Counter[str]]:
    """True positives, predictions and gold claims per property for one report."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    used: set[int] = set()
    for g in gold["claims"]:
        counts[g["property"]]["gold"] += 1
    for p in pred["claims"]:
        counts[p["property"]]["pred"] += 1
        for i, g in enumerate(gold["claims"]):
            if i in used or g["property"] != p["property"] or not _overlap(tuple(g["span"]), tuple(p["span"])):
                continue
            if _same_subject(gold, pred, g, p):
                used.add(i)
                counts[p["property"]]["tp"] += 1
                break
    return counts


def _prf(c: Counter[str]) -> tuple[float, float, float]:
    precision = c["tp"] / c["pred"] if c["pred"] else 0.0
    recall = c["tp"] / c["gold"] if c["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(extractor: Extractor) -> dict[str, Any]:
    """Per-property and overall precision, recall and F1 over both seeds."""
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for document in seed_documents():
        gold = json.loads((GOLD / f"{document.id}.claims.json").read_text(encoding="utf-8"))
        for prop, c in score_report(gold, extractor.extract(document)).items():
            totals[prop].update(c)
    overall: Counter[str] = Counter()
    for c in totals.values():
        overall.update(c)
    rows = {
        prop: dict(zip(("precision", "recall", "f1"), _prf(c), strict=True)) | dict(c) for prop, c in totals.items()
    }
    return {"properties": rows, "overall": dict(zip(("precision", "recall", "f1"), _prf(overall), strict=True))}


def _extract_batch(n: int) -> int:
    """Extract n seed-sized reports in this process; the extractor loads before the clock starts."""
    extractor = Extractor()
    documents = seed_documents()
    batch = [documents[i % len(documents)] for i in range(n)]
    extractor.extract(documents[0])  # warm: gazetteer and vocabulary
    start = time.perf_counter()
    for _ in extractor.extract_many(batch):
        pass
    return int((time.perf_counter() - start) * 1000)


def speed(n: int, workers: int) -> dict[str, Any]:
    """Wall time for n reports over `workers` processes, each timed after its own start-up."""
    shares = [n // workers + (i < n % workers) for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        times = list(pool.map(_extract_batch, shares))
    seconds = max(times) / 1000
    return {"reports": n, "workers": workers, "seconds": seconds, "reports_per_s": n / seconds if seconds else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speed", type=int, default=0, help="also time extraction of this many reports")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    result = evaluate(Extractor())
    print(f"Seeds: extracted claims vs fixtures/gold ({dt.date.today()})")
    print(f"{'property':<12} {'gold':>5} {'pred':>5} {'tp':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for prop, row in sorted(result["properties"].items()):
        print(
            f"{prop:<12} {row.get('gold', 0):>5} {row.get('pred', 0):>5} {row.get('tp', 0):>4} "
            f"{row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f}"
        )
    o = result["overall"]
    print(f"{'all':<12} {'':>5} {'':>5} {'':>4} {o['precision']:>6.3f} {o['recall']:>6.3f} {o['f1']:>6.3f}")
    if args.speed:
        result["speed"] = speed(args.speed, os.cpu_count() or 1)
        s = result["speed"]
        print(
            f"Speed: {s['reports']} reports on {s['workers']} cores in {s['seconds']:.2f} s "
            f"({s['reports_per_s']:.0f} reports/s, after start-up)"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
