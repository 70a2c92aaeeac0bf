"""Synthetic source reports with ground truth, for benchmarking `reconcile`, and the scorer for its output.

Public API:

    generate(n_reports, seed=7, sink=None) -> Iterator[(report_id, report_dict)]
        Streams schema-valid reports ("syn-000001", ...). Pass a `GroundTruth()` as `sink` to
        collect the ground truth on the way; read it with `sink.as_dict()` after the iterator is
        exhausted. Memory stays flat in the number of reports apart from the truth itself.
    truth(n_reports, seed=7) -> dict
        The same ground truth without keeping the reports (generates them and drops them).
    score_findings(report_json, truth) -> dict
        Precision/recall of the tool's findings and pairwise P/R/F1 of its event and person clusters.
    oracle_output(truth) -> dict
        A perfect tool output built from the truth, to test the scorer and the lead's adapters.

The same (n_reports, seed) always gives the same reports, byte for byte. The world's size depends
on n_reports, so the first reports of a 1,000-report run differ from those of a 100,000-report run.

How a run is built: the world (people with transliterated names, organisations with acronyms and
name variants, cities, UN resolutions) comes from the seed. Meetings (about n_reports / 4) are
planned in date order, each covered by 2-6 reports from distinct outlets; each report states a
subset of the meeting's facts with perturbations (see perturb.py for the rates). Reports of a
block of meetings are shuffled together, so a meeting's reports are near each other in id order
but not adjacent. Ground truth is derived from what the reports state (see truth.py).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .perturb import plan_report
from .score import oracle_output, score_findings
from .text import Renderer
from .truth import GroundTruth
from .world import EventPlan, World, build_world, plan_events

__all__ = ["GroundTruth", "generate", "oracle_output", "report_id", "score_findings", "truth"]

BLOCK_EVENTS = 64  # meetings whose reports are interleaved; bounds memory and keeps ids roughly by date


def report_id(n: int) -> str:
    """The id of the n-th report (1-based)."""
    return f"syn-{n:06d}"


def generate(n_reports: int, seed: int = 7, sink: GroundTruth | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (report_id, report) for `n_reports` reports; fill `sink` with the ground truth if given."""
    if n_reports < 1:
        raise ValueError("n_reports must be at least 1")
    world = build_world(max(1, round(n_reports / 4)), seed)
    if sink is not None:
        sink.start(world, n_reports, seed)
    counter = 0
    block: list[EventPlan] = []
    for event in plan_events(world, n_reports, seed):
        block.append(event)
        if len(block) == BLOCK_EVENTS:
            yield from _emit_block(world, block, seed, counter, sink)
            counter += sum(e.n_reports for e in block)
            block = []
    yield from _emit_block(world, block, seed, counter, sink)
    if sink is not None:
        sink.finish()


def _emit_block(
    world: World, block: list[EventPlan], seed: int, counter: int, sink: GroundTruth | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Render a block's reports in a shuffled order, numbering them after `counter`."""
    if not block:
        return
    slots = [(event, j) for event in block for j in range(event.n_reports)]
    random.Random(f"order/{seed}/{block[0].index}").shuffle(slots)
    if sink is not None:
        for event in block:
            sink.add_event(event)
    for n, (event, j) in enumerate(slots, start=counter + 1):
        rid = report_id(n)
        rng = random.Random(f"report/{seed}/{event.index}/{j}")
        plan = plan_report(world, event, j, rid, rng)
        report, meta = Renderer(world, event, plan, rng).render()
        if sink is not None:
            sink.observe(meta)
        yield rid, report


def write_reports(folder: Path, n_reports: int, seed: int = 7, sink: GroundTruth | None = None) -> list[Path]:
    """Generate `n_reports` reports and write each to FOLDER/<report id>.json (the folder is made); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for report_id, report in generate(n_reports, seed, sink):
        path = folder / f"{report_id}.json"
        path.write_text(json.dumps(report), encoding="utf-8")
        paths.append(path)
    return paths


def truth(n_reports: int, seed: int = 7) -> dict[str, Any]:
    """Ground truth for `generate(n_reports, seed)`, without keeping the reports."""
    sink = GroundTruth()
    for _ in generate(n_reports, seed, sink):
        pass
    return sink.as_dict()
