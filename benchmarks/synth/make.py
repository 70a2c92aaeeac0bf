"""Write a synthetic benchmark corpus: DIR/reports/<id>.json (one report per file) and DIR/truth.json.

    python -m benchmarks.synth.make --reports 1000 --out DIR [--seed 7] [--check]

--check validates every report against schemas/report.schema.json (Draft 2020-12), asserts every
span and local-id reference, checks the truth against the reports, checks that generation is
deterministic, and checks that the scorer gives the oracle output a perfect score. With --check,
--out may be left out to validate without writing.

truth.json:
    {"format": "reconcile-synth-truth/1", "seed": 7, "n_reports": 1000, "counts": {...},
     "events":   {"T000001": {"date", "place", "sides": [{"organisation", "lead", "members", "organisation_attends"}],
                              "cites", "topics", "reports": [report ids], "mentions": [[report id, "m1"], ...]}},
     "entities": {"P0001": {"type": "person", "name", "title", "organisation", "names": [full names as written],
                            "mentions": [[report id, local id], ...]},
                  "O001": {"type": "organisation", "name", "acronym", "mentions"}, "L001": place, "D001": document},
     "findings": [{"kind": "variant"|"addition"|"conflict", "event": "T000001"|null, "person": "P0001"|null,
                   "property": "title"|"name"|"date"|"place"|"attendee"|"led_by"|"cites", "member": name|null}]}
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jsonschema import Draft202012Validator  # noqa: E402  (after the path fix above)

from benchmarks.synth import GroundTruth, generate, oracle_output, score_findings  # noqa: E402

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json"
PROGRESS_EVERY = 10_000
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENTITY_VALUED = frozenset({"affiliation", "place", "attendee", "led_by", "cites"})


def span_problems(report: dict[str, Any]) -> list[str]:
    """Everything wrong with a report's spans and local-id references (empty when all is well)."""
    text: str = report["text"]
    problems: list[str] = []

    def check(where: str, span: list[int], expected: str | None = None) -> None:
        start, end = span
        if not 0 <= start < end <= len(text):
            problems.append(f"{where}: span {span} outside text of length {len(text)}")
        elif expected is not None and text[start:end] != expected:
            problems.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, expected {expected!r}")

    ids: dict[str, str] = {}
    for kind, items in (("entity", report["entities"]), ("event", report.get("events", []))):
        for item in items:
            if item["id"] in ids:
                problems.append(f"local id {item['id']} used twice")
            ids[item["id"]] = kind
            for i, m in enumerate(item["mentions"]):
                check(f"{item['id']}.mentions[{i}]", m["span"], m["text"])
    for i, c in enumerate(report["claims"]):
        where = f"claims[{i}] ({c['property']})"
        check(where, c["span"], None if c["property"] == "date" else c["value"])
        if "evidence" in c:
            check(where + ".evidence", c["evidence"])
            if not (c["evidence"][0] <= c["span"][0] and c["span"][1] <= c["evidence"][1]):
                problems.append(f"{where}: evidence {c['evidence']} does not contain span {c['span']}")
        q = c.get("qualifiers", {})
        refs = [c["subject"], c.get("object"), *(q.get(k) for k in ("side", "organisation", "speaker"))]
        problems += [f"{where}: unknown local id {r}" for r in refs if r is not None and r not in ids]
        if c["property"] in ENTITY_VALUED and "object" not in c:
            problems.append(f"{where}: no object")
        if c["property"] == "date":
            day = dt.date.fromisoformat(c["value"])
            if "weekday" in q and WEEKDAYS[day.weekday()] != q["weekday"]:
                problems.append(f"{where}: weekday {q['weekday']} but {day} is a {WEEKDAYS[day.weekday()]}")
            if "anchor" in q and not 0 <= (dt.date.fromisoformat(q["anchor"]) - day).days <= 6:
                problems.append(f"{where}: anchor {q['anchor']} too far from {day}")
    return problems


def truth_problems(truth: dict[str, Any], local_ids: dict[str, set[str]]) -> list[str]:
    """Truth mentions must point at existing local ids, and every local id must be in the truth once."""
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    groups: Iterable[tuple[str, list[list[str]]]] = [
        *((tid, e["mentions"]) for tid, e in truth["entities"].items()),
        *((etid, e["mentions"]) for etid, e in truth["events"].items()),
    ]
    for tid, mentions in groups:
        for rid, lid in mentions:
            if lid not in local_ids.get(rid, set()):
                problems.append(f"{tid}: {rid}/{lid} is not a local id of that report")
            if (rid, lid) in seen:
                problems.append(f"{rid}/{lid} belongs to both {seen[(rid, lid)]} and {tid}")
            seen[(rid, lid)] = tid
    for rid, lids in local_ids.items():
        problems += [f"{rid}/{lid} missing from the truth" for lid in sorted(lids) if (rid, lid) not in seen]
    days: dict[str, set[str]] = {}
    for etid, event in truth["events"].items():
        for person in (m for side in event["sides"] for m in side["members"]):
            if event["date"] in days.setdefault(person, set()):
                problems.append(f"{person} attends two meetings on {event['date']} (one is {etid})")
            days[person].add(event["date"])
    names = [e["name"] for e in truth["entities"].values()]
    if len(names) != len(set(names)):
        problems.append("canonical names are not unique across truth entities")
    return problems


def write_json(path: Path, data: Any) -> None:
    """Compact UTF-8 JSON: 100k files add up, and readers do not need the whitespace."""
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def run(n_reports: int, seed: int, out: Path | None, check: bool) -> int:
    """Generate (and write and/or check) a corpus; return the process exit code."""
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))) if check else None
    reports_dir = out / "reports" if out else None
    if reports_dir:
        reports_dir.mkdir(parents=True, exist_ok=True)
    sink = GroundTruth()
    local_ids: dict[str, set[str]] = {}
    problems: list[str] = []
    started = time.perf_counter()
    for n, (rid, report) in enumerate(generate(n_reports, seed, sink), start=1):
        if reports_dir:
            write_json(reports_dir / f"{rid}.json", report)
        if validator is not None:
            problems += [f"{rid} {e.json_path}: {e.message}" for e in validator.iter_errors(report)]
            problems += [f"{rid} {p}" for p in span_problems(report)]
            local_ids[rid] = {e["id"] for e in report["entities"]} | {e["id"] for e in report.get("events", [])}
        if n % PROGRESS_EVERY == 0:
            print(f"{n}/{n_reports} reports ({time.perf_counter() - started:.1f}s)", file=sys.stderr)
    truth = sink.as_dict()
    if out:
        write_json(out / "truth.json", truth)
    print(
        f"{n_reports} reports, {truth['counts']['events']} events, {truth['counts']['findings']} expected findings"
        f" in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    if check:
        problems += truth_problems(truth, local_ids)
        problems += determinism_problems(n_reports, seed)
        problems += oracle_problems(truth)
        for p in problems[:50]:
            print(p, file=sys.stderr)
        print(f"check: {len(problems)} problems in {n_reports} reports", file=sys.stderr)
    return 1 if problems else 0


def determinism_problems(n_reports: int, seed: int) -> list[str]:
    """The same arguments must give the same reports (checked on the first 200)."""
    first = [json.dumps(r, sort_keys=True) for _, r in zip(range(200), generate(n_reports, seed), strict=False)]
    again = [json.dumps(r, sort_keys=True) for _, r in zip(range(200), generate(n_reports, seed), strict=False)]
    return [] if first == again else ["generation is not deterministic"]


def oracle_problems(truth: dict[str, Any]) -> list[str]:
    """A perfect tool output must score 1.0 everywhere; dropping findings must cost recall only."""
    score = score_findings(oracle_output(truth), truth)
    problems = [
        f"oracle {part} {metric} is {score[part][metric]}"
        for part in ("findings", "events", "persons")
        for metric in ("precision", "recall")
        if score[part][metric] != 1.0
    ]
    partial = oracle_output(truth)
    for ent in partial["entities"]:
        ent["findings"] = ent["findings"][: len(ent["findings"]) // 2]
    spelling = score_findings(oracle_output(truth), truth, name_variants="spelling")["findings"]
    if spelling["recall"] != 1.0:
        problems.append(f"scorer: name_variants='spelling' lost recall on the oracle ({spelling['recall']})")
    dropped = score_findings(partial, truth)["findings"]
    if dropped["precision"] != 1.0 or not dropped["recall"] < 1.0:
        problems.append(f"scorer: dropping person findings gave {dropped['precision']}/{dropped['recall']}")
    confident = score["findings"]["confident"]
    if confident["precision"] != 1.0 or confident["recall"] != 1.0:
        problems.append(f"scorer: oracle confident findings scored {confident['precision']}/{confident['recall']}")
    problems += link_problems(truth)
    return problems


def link_problems(truth: dict[str, Any]) -> list[str]:
    """Findings moved from events onto links (provisional) still count, but not as confident ones."""
    linked = oracle_output(truth)
    moved = 0
    for ev in linked["events"]:
        if ev["findings"]:
            linked["links"].append({"events": [ev["id"], ev["id"]], "findings": ev["findings"], "provisional": True})
            moved += len(ev["findings"])
            ev["findings"] = []
        if moved * 4 >= len(truth["findings"]):
            break
    score = score_findings(linked, truth)["findings"]
    problems = []
    if score["precision"] != 1.0 or score["recall"] != 1.0:
        problems.append(f"scorer: findings moved onto links scored {score['precision']}/{score['recall']}")
    confident = score["confident"]
    if moved and (confident["precision"] != 1.0 or not confident["recall"] < 1.0):
        problems.append(
            f"scorer: findings moved onto links gave confident {confident['precision']}/{confident['recall']}"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, required=True, help="number of reports to generate")
    parser.add_argument("--out", type=Path, help="output directory (reports/ and truth.json)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--check", action="store_true", help="validate reports, spans, truth and scorer")
    args = parser.parse_args(argv)
    if args.out is None and not args.check:
        parser.error("--out is required unless --check is given")
    return run(args.reports, args.seed, args.out, args.check)


if __name__ == "__main__":
    sys.exit(main())
