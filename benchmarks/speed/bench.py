"""Speed and quality of the whole pipeline on synthetic report sets with ground truth.

    python -m benchmarks.speed.bench                      # 1k and 10k reports on SQLite
    python -m benchmarks.speed.bench --reports 100000     # one size
    python -m benchmarks.speed.bench --db postgresql+psycopg://postgres@127.0.0.1:5432/bench

Each size runs in a fresh process on a fresh database, so peak memory is that size's own. Timed:
ingest (read, validate and store the files), match (resolve entities and events, compute findings)
and one more report ingested and matched against the full store. Scored: the findings against the
generator's ground truth, and pairwise clustering of events and people. Targets: 100k reports
matched in under 5 minutes on 2 cores; one new report against 1M claims in under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.synth import GroundTruth, score_findings  # noqa: E402
from benchmarks.synth import write_reports as synth_reports  # noqa: E402
from reconcile import db  # noqa: E402
from reconcile.models import Claim  # noqa: E402
from reconcile.pipeline import ingest, match  # noqa: E402
from reconcile.report.build import build_report  # noqa: E402
from reconcile.resolve.aliases import AliasBook  # noqa: E402


def write_reports(n: int, folder: Path) -> tuple[list[Path], Path, dict[str, Any]]:
    """N reports for the store plus one held back to time alone; the truth covers all of them."""
    sink = GroundTruth()
    paths = synth_reports(folder, n + 1, sink=sink)
    return paths[:-1], paths[-1], sink.as_dict()


def fresh_engine(url: str | None, folder: Path) -> Any:
    if url is None:
        engine = db.make_engine(f"sqlite:///{folder / 'bench.db'}")
    else:
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    db.upgrade(engine)
    return engine


def timed(action: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def run_one(n: int, url: str | None) -> dict[str, Any]:
    """Measure one size end to end; returns the figures as a dict."""
    with tempfile.TemporaryDirectory(prefix="reconcile-bench-") as tmp:
        folder = Path(tmp)
        (paths, extra, truth), generate_s = timed(lambda: write_reports(n, folder))
        engine = fresh_engine(url, folder)
        summary, ingest_s = timed(lambda: ingest(engine, paths))
        assert not summary.failures, summary.failures[:3]
        with db.session_scope(engine) as session:
            _, match_s = timed(lambda: match(session, AliasBook()))
        with db.session_scope(engine) as session:
            claims = session.scalar(select(func.count()).select_from(Claim)) or 0

        def one_more() -> None:
            ingest(engine, [extra])
            with db.session_scope(engine) as session:
                match(session, AliasBook())

        _, incremental_s = timed(one_more)
        with db.session_scope(engine) as session:
            report, report_s = timed(lambda: build_report(session))
        scores = score_findings(report, truth)
        engine.dispose()
    return {
        "reports": n,
        "claims": claims,
        "generate_s": round(generate_s, 1),
        "ingest_s": round(ingest_s, 1),
        "ingest_per_s": round(n / ingest_s),
        "match_s": round(match_s, 1),
        "match_per_s": round(n / match_s),
        "incremental_ms": round(incremental_s * 1000),
        "report_s": round(report_s, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "scores": scores,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """Speed, then quality: findings overall, findings without the provisional link comparisons, clusters."""
    head = ("reports", "claims", "ingest s", "ingest/s", "match s", "match/s", "+1 report ms", "peak MB")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = (
            r["reports"], r["claims"], r["ingest_s"], r["ingest_per_s"], r["match_s"], r["match_per_s"],
            r["incremental_ms"], r["peak_rss_mb"],
        )  # fmt: skip
        print("| " + " | ".join(f"{c:,}" if isinstance(c, int) else str(c) for c in cells) + " |")
    print()
    print("| reports | findings P / R / F1 | confident findings P / R / F1 | event pairs P / R | person pairs P / R |")
    print("|---|---|---|---|---|")
    for r in rows:
        s = r["scores"]
        f, c, e, p = s["findings"], s["findings"]["confident"], s["events"], s["persons"]
        print(
            f"| {r['reports']:,} | {f['precision']:.3f} / {f['recall']:.3f} / {f['f1']:.3f} "
            f"| {c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f} "
            f"| {e['precision']:.3f} / {e['recall']:.3f} | {p['precision']:.3f} / {p['recall']:.3f} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, action="append", help="size to run (repeatable; default 1000, 10000)")
    parser.add_argument("--db", help="PostgreSQL URL to use instead of a fresh SQLite file (its schema is wiped)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process measuring one size
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.db)))
        return 0
    rows = []
    for n in args.reports or [1000, 10000]:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--db", args.db] if args.db else [])
        print(f"running {n:,} reports…", file=sys.stderr, flush=True)
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
