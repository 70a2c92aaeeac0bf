"""Try to break the store the way daily use does, with real `reconcile` processes, and count what went wrong.

    python -m benchmarks.store.probe_store                        # SQLite, 5 trials of each scenario
    python -m benchmarks.store.probe_store --db postgresql+psycopg://postgres@127.0.0.1:5432/probe --trials 10

Scenarios (each against a reference: one `reconcile run` of the same files on a fresh SQLite database):
- concurrent: two or three `run`s (or a `run` and a `match`) of one synthetic batch started at once; counted:
  commands that failed or printed a traceback, entities and events lost or duplicated against the reference,
  and final reports that differ from it.
- killed: a `run` killed with SIGKILL at a random moment, then inspected (every stored report must have all its
  rows: counted as partial otherwise) and run again (its report must equal the reference).
- updated: the batch run, a few reports revised (text appended), run again; the report must equal a fresh run of
  the revised files.
- batches: the batch shuffled and dealt into 2 to 5 runs; the report must equal the reference.
- downgrade: a populated store taken down to each older revision without --force; every refusal must leave
  every row in place (counted as rows lost otherwise).

The database given with --db is wiped before each trial (its public schema on PostgreSQL). Prints one line per
scenario; every count but `trials` must be 0.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, func, inspect, select, text
from sqlalchemy.orm import Session

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.store.canonical import canonical  # noqa: E402
from benchmarks.synth import write_reports  # noqa: E402
from reconcile import db  # noqa: E402
from reconcile.review.queue import queue  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
REVISIONS = ("0004", "0003", "0002", "0001", "base")


class Store:
    """A database of the kind under test, made empty for each trial."""

    def __init__(self, url: str | None, folder: Path) -> None:
        self.server, self.folder, self.count = url, folder, 0

    def fresh(self) -> str:
        """An empty, upgraded database's URL."""
        self.count += 1
        if self.server is None:
            return f"sqlite:///{self.folder / f'probe{self.count}.db'}"
        engine = create_engine(self.server)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        migrated = db.make_engine(self.server)
        db.upgrade(migrated)
        migrated.dispose()
        return self.server


def reconcile(url: str, *args: str | Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "reconcile", "--db", url, *map(str, args)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=900)
    return process.returncode, out, err


def report_of(url: str, *paths: Path) -> dict[str, Any]:
    """`reconcile run PATHS -f json` (or `report` with no paths), which must succeed."""
    code, out, err = finished(reconcile(url, *(("run", *paths) if paths else ("report",)), "-f", "json"))
    if code != 0:
        raise RuntimeError(f"reconcile failed ({code}): {err[-2000:]}")
    return dict(json.loads(out))


def partition(report: dict[str, Any], kind: str) -> Counter[str]:
    """Each entity (or event) as the mentions it is made of, counted: a duplicate shows as a count of 2."""
    return Counter(json.dumps(sorted((m["report"], m["local_id"]) for m in i["mentions"])) for i in report[kind])


def concurrent(store: Store, batch: Path, reference: dict[str, Any], rng: random.Random) -> Counter[str]:
    counts: Counter[str] = Counter()
    url = store.fresh()
    if rng.random() < 0.5:
        commands: list[tuple[str | Path, ...]] = [("run", batch)] * rng.randint(2, 3)
    else:
        assert finished(reconcile(url, "ingest", batch))[0] == 0
        commands = [("match",), ("run", batch), ("match",)][: rng.randint(2, 3)]
    processes = [
        reconcile(url, *command, "-f", "json") if command[0] == "run" else reconcile(url, *command)
        for command in commands
    ]
    for code, _, err in map(finished, processes):
        counts["failed"] += code != 0
        counts["tracebacks"] += "Traceback" in err
    final = report_of(url)
    for kind in ("entities", "events"):
        mine, theirs = partition(final, kind), partition(reference, kind)
        counts[f"{kind} lost"] += sum((theirs - mine).values())
        counts[f"{kind} duplicated"] += sum((mine - theirs).values())
    counts["reports differ"] += canonical(final) != canonical(reference)
    return counts


def killed(store: Store, batch: Path, reference: dict[str, Any], rng: random.Random) -> Counter[str]:
    counts: Counter[str] = Counter()
    url = store.fresh()
    process = reconcile(url, "run", batch, "-f", "json")
    time.sleep(rng.uniform(0.5, 6.0))
    process.send_signal(signal.SIGKILL)
    process.communicate()
    counts["partial reports"] += partial_reports(url, batch)
    counts["reports differ after rerun"] += canonical(report_of(url, batch)) != canonical(reference)
    return counts


def partial_reports(url: str, batch: Path) -> int:
    """Stored reports whose mentions or claims are not all there (a report is stored whole or not at all)."""
    engine = db.make_engine(url)
    if not {"report", "mention", "claim"} <= set(inspect(engine).get_table_names()):
        engine.dispose()
        return 0  # killed while a new SQLite file's schema was being made: nothing stored, nothing half-made
    tables = MetaData()
    tables.reflect(engine, only=["report", "mention", "claim"])
    report, mention, claim = (tables.tables[name] for name in ("report", "mention", "claim"))
    with engine.connect() as connection:
        stored = set(connection.scalars(select(report.c.id)))
        mentions = dict(
            connection.execute(select(mention.c.report_id, func.count()).group_by(mention.c.report_id)).all()
        )
        claims = dict(connection.execute(select(claim.c.report_id, func.count()).group_by(claim.c.report_id)).all())
    engine.dispose()
    partial = 0
    for report_id in stored:
        data = json.loads((batch / f"{report_id}.json").read_text(encoding="utf-8"))
        subjects = data["entities"] + data.get("events", [])
        names = sum(len(s["mentions"]) for s in subjects)
        partial += (mentions.get(report_id, 0), claims.get(report_id, 0)) != (
            len(subjects),
            names + len(data["claims"]),
        )
    return partial


def updated(store: Store, batch: Path, _reference: dict[str, Any], rng: random.Random) -> Counter[str]:
    url = store.fresh()
    report_of(url, batch)
    revised = batch.parent / f"revised-{rng.random():.9f}"
    shutil.copytree(batch, revised)
    for path in rng.sample(sorted(revised.iterdir()), 5):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["text"] += " (Updated.)"
        path.write_text(json.dumps(data), encoding="utf-8")
    after = report_of(url, revised)
    fresh = report_of(f"sqlite:///{batch.parent / f'{revised.name}.db'}", revised)
    return Counter({"reports differ": int(canonical(after) != canonical(fresh))})


def batches(store: Store, batch: Path, reference: dict[str, Any], rng: random.Random) -> Counter[str]:
    url = store.fresh()
    files = sorted(batch.iterdir())
    rng.shuffle(files)
    cuts = sorted(rng.sample(range(1, len(files)), rng.randint(1, 4)))
    parts = []
    for number, (start, end) in enumerate(zip([0, *cuts], [*cuts, len(files)], strict=True)):
        part = batch.parent / f"part-{rng.random():.9f}-{number}"
        part.mkdir()
        for path in files[start:end]:
            shutil.copy(path, part)
        parts.append(part)
    for part in parts[:-1]:
        report_of(url, part)
    return Counter({"reports differ": int(canonical(report_of(url, parts[-1])) != canonical(reference))})


def downgrade(store: Store, batch: Path, _reference: dict[str, Any], rng: random.Random) -> Counter[str]:
    counts: Counter[str] = Counter()
    url = store.fresh()
    report_of(url, batch)
    engine = db.make_engine(url)
    with Session(engine) as session:
        labels = [item.target.label for item in queue(session, kind="conflict", limit=3)]
    for label in labels:
        finished(reconcile(url, "review", "decide", label, "reject", "--reviewer", "probe"))
    before = row_counts(engine)
    target = rng.choice(REVISIONS)
    code, _, err = finished(reconcile(url, "db", "downgrade", target))
    counts["downgrades not refused"] += code == 0 and "Deleted" in err
    counts["tracebacks"] += "Traceback" in err
    counts["rows lost"] += sum((Counter(before) - Counter(row_counts(engine))).values())
    engine.dispose()
    return counts


def row_counts(engine: Engine) -> dict[str, int]:
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(t)) or 0 for name, t in tables.tables.items()}


SCENARIOS: dict[str, Callable[[Store, Path, dict[str, Any], random.Random], Counter[str]]] = {
    "concurrent": concurrent,
    "killed": killed,
    "updated": updated,
    "batches": batches,
    "downgrade": downgrade,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="PostgreSQL URL to probe (wiped before each trial); default: SQLite files")
    parser.add_argument("--trials", type=int, default=5, help="trials of each scenario (default 5)")
    parser.add_argument("--reports", type=int, default=120, help="reports in the synthetic batch (default 120)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=sorted(SCENARIOS), action="append", help="run only these scenarios")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="reconcile-probe-") as tmp:
        folder = Path(tmp)
        batch = folder / "batch"
        write_reports(batch, args.reports, args.seed)
        reference = report_of(f"sqlite:///{folder / 'reference.db'}", batch)
        store = Store(args.db, folder)
        for name in args.only or list(SCENARIOS):
            totals: Counter[str] = Counter()
            started = time.perf_counter()
            for _ in range(args.trials):
                totals.update(SCENARIOS[name](store, batch, reference, rng))
            counts = ", ".join(f"{key} {value}" for key, value in sorted(totals.items())) or "nothing went wrong"
            print(f"{name}: {args.trials} trials in {time.perf_counter() - started:.0f} s: {counts}", flush=True)
            bad += sum(totals.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
