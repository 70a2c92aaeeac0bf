"""Speed and quality of the whole pipeline on synthetic report sets with ground truth.

    python -m benchmarks.speed.bench                      # 1k and 10k reports on SQLite
    python -m benchmarks.speed.bench --reports 100000     # one size
    python -m benchmarks.speed.bench --db postgresql+psycopg://postgres@127.0.0.1:5432/bench

Each size runs in a fresh process on a fresh database, so peak memory is that size's own. Timed, in wall
and CPU seconds (benchmarks/speed/cost.py): ingest (read, validate and store the files), match (resolve
entities and events, compute findings, commit), one more report ingested and matched against the full
store, and the report built. Ingest and match are also divided by their raw-insert limit, measured on the
same rows right after match (benchmarks/speed/limit.py). Scored: the findings against the generator's
ground truth, and pairwise clustering of events and people. Targets: 100k reports matched in under 5
minutes on 2 cores; one new report against 1M claims in under 200 ms; ingest and match each within 3x
their limit in CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.speed.cost import Cost, measure  # noqa: E402
from benchmarks.speed.limit import Limit  # noqa: E402
from benchmarks.synth import GroundTruth, score_findings  # noqa: E402
from benchmarks.synth import write_reports as synth_reports  # noqa: E402
from reconcile import db  # noqa: E402
from reconcile.models import Claim  # noqa: E402
from reconcile.pipeline import MatchSummary, ingest, match  # noqa: E402
from reconcile.report.build import build_report  # noqa: E402
from reconcile.resolve.aliases import AliasBook  # noqa: E402

LIMIT = Path(__file__).resolve().with_name("limit.py")


def write_reports(n: int, folder: Path) -> tuple[list[Path], Path, dict[str, Any]]:
    """N reports for the store plus one held back to time alone; the truth covers all of them."""
    sink = GroundTruth()
    paths = synth_reports(folder, n + 1, sink=sink)
    return paths[:-1], paths[-1], sink.as_dict()


def fresh_engine(url: str | None, folder: Path) -> Engine:
    if url is None:
        engine = db.make_engine(f"sqlite:///{folder / 'bench.db'}")
    else:
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    db.upgrade(engine)
    return engine


def match_all(engine: Engine) -> MatchSummary:
    """Match every new mention and commit, as `reconcile match` does: the limit's writes count their commit too."""
    with db.session_scope(engine) as session:
        return match(session, AliasBook())


def one_more(engine: Engine, path: Path) -> None:
    """The daily-run case: one report ingested and matched against the full store."""
    ingest(engine, [path])
    match_all(engine)


def whole_report(engine: Engine) -> dict[str, Any]:
    """The report `reconcile report` prints, as data: what the scorer reads."""
    with db.session_scope(engine) as session:
        return build_report(session)


def run_limit(engine: Engine) -> Limit:
    """The raw-insert limit of the store as match left it, in a process of its own, so that none of what it reads
    back counts in this size's peak memory; its CPU is its own and counts in no phase."""
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, str(LIMIT), "--db", url], check=True, stdout=subprocess.PIPE, text=True)
    return Limit.from_dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_one(n: int, url: str | None) -> dict[str, Any]:
    """Measure one size end to end; returns the figures as a dict."""
    with tempfile.TemporaryDirectory(prefix="reconcile-bench-") as tmp:
        folder = Path(tmp)
        (paths, extra, truth), generate = measure(lambda: write_reports(n, folder))
        engine = fresh_engine(url, folder)
        summary, ingested = measure(lambda: ingest(engine, paths), engine)
        assert not summary.failures, summary.failures[:3]
        matched, matching = measure(lambda: match_all(engine), engine)
        peak_matched = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before the whole report is built
        limit = run_limit(engine)
        with db.session_scope(engine) as session:
            claims = session.scalar(select(func.count()).select_from(Claim)) or 0
        _, incremental = measure(lambda: one_more(engine, extra), engine)
        report, reporting = measure(lambda: whole_report(engine), engine)
        scores = score_findings(report, truth)
        engine.dispose()
    return {
        "reports": n,
        "claims": claims,
        "generate_s": round(generate.wall_s, 1),
        "ingest_s": round(ingested.wall_s, 1),
        "ingest_per_s": round(n / ingested.wall_s),
        "match_s": round(matching.wall_s, 1),
        "match_per_s": round(n / matching.wall_s),
        "incremental_ms": round(incremental.wall_s * 1000),
        "report_s": round(reporting.wall_s, 1),
        "phases": {
            "ingest": ingested.as_dict(),
            "match": matching.as_dict(),
            "incremental": incremental.as_dict(),
            "report": reporting.as_dict(),
        },
        "limit": limit.as_dict(),
        "ingest_x_limit": round(ingested.total_cpu_s / limit.ingest.total_cpu_s, 2),
        "match_x_limit": round(matching.total_cpu_s / limit.match_write.total_cpu_s, 2),
        "person_mentions": matched.entities.person_mentions,
        "names_compared": matched.entities.names_compared,
        "peak_matched_mb": round(peak_matched / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "scores": scores,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """Speed, then speed against the raw-insert limit, then quality: findings overall, findings without the
    provisional link comparisons, clusters."""
    print_speed(rows)
    print()
    print_limit(rows)
    print()
    print_quality(rows)


def print_speed(rows: list[dict[str, Any]]) -> None:
    """Wall and CPU seconds per phase: CPU is the figure a shared machine does not move."""
    head = (
        "reports", "claims", "ingest s", "ingest CPU s", "ingest/s", "match s", "match CPU s", "match/s",
        "+1 report ms", "+1 report CPU ms", "report s", "report CPU s", "peak MB to match", "peak MB",
    )  # fmt: skip
    print_head(head)
    for r in rows:
        ingested, matching, incremental, reporting = (
            Cost.from_dict(r["phases"][k]) for k in ("ingest", "match", "incremental", "report")
        )
        cells = (
            r["reports"], r["claims"], r["ingest_s"], cpu(ingested), r["ingest_per_s"], r["match_s"],
            cpu(matching), r["match_per_s"], r["incremental_ms"], cpu(incremental, 1000), r["report_s"],
            cpu(reporting), r.get("peak_matched_mb", "–"), r["peak_rss_mb"],
        )  # fmt: skip
        print_cells(cells)
    print(
        "CPU: this process and its worker processes (getrusage self + children), plus the PostgreSQL backends "
        "of the store (server) where the server runs on this machine. Peak MB to match: this process's peak "
        "resident memory up to the end of match; peak MB: to the end, the whole report built as data included."
    )


def print_limit(rows: list[dict[str, Any]]) -> None:
    """Ingest and match against the least CPU their rows take to parse and write (benchmarks/speed/limit.py)."""
    head = (
        "reports", "ingest CPU s", "limit: parse CPU s", "limit: write CPU s", "ingest x limit",
        "match CPU s", "limit: write CPU s", "match x limit", "names compared per person mention",
    )  # fmt: skip
    print_head(head)
    for r in rows:
        limit = Limit.from_dict(r["limit"])
        per_person = r["names_compared"] / r["person_mentions"] if r["person_mentions"] else None
        cells = (
            r["reports"], cpu(Cost.from_dict(r["phases"]["ingest"])), cpu(limit.parse), cpu(limit.ingest_write),
            f"{r['ingest_x_limit']:.1f}", cpu(Cost.from_dict(r["phases"]["match"])), cpu(limit.match_write),
            f"{r['match_x_limit']:.1f}", "n/a" if per_person is None else f"{per_person:.1f}",
        )  # fmt: skip
        print_cells(cells)
    print("Targets: ingest and match each within 3x their limit.")


def print_quality(rows: list[dict[str, Any]]) -> None:
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


def cpu(cost: Cost, scale: int = 1) -> str:
    """A phase's CPU for a cell: seconds (or `scale` units of them), the server's share in brackets when known."""
    total = f"{cost.total_cpu_s * scale:,.{1 if scale == 1 else 0}f}"
    if cost.server_cpu_s is None:
        return total
    return f"{total} ({cost.server_cpu_s * scale:,.{1 if scale == 1 else 0}f} server)"


def print_head(head: tuple[str, ...]) -> None:
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))


def print_cells(cells: tuple[Any, ...]) -> None:
    print("| " + " | ".join(f"{c:,}" if isinstance(c, int) else str(c) for c in cells) + " |")


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
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:  # the size's own error, which capturing its output would otherwise hide
            sys.stderr.write(done.stderr)
            return done.returncode
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
