"""Size and time of the review queue page, and of reading the queue, on a store the caller built.

    python -m benchmarks.synth.make --reports 165 --out /tmp/q       # about 1,200 queue items once matched
    reconcile --db sqlite:////tmp/q.db run /tmp/q/reports -f json -o /dev/null
    python -m benchmarks.speed.queue_page --db sqlite:////tmp/q.db [--runs 21]

Pages are fetched through the app in process (FastAPI's TestClient: no network, no server), each path
`--runs` times after one warm-up; the p50 is the median. `queue(all)` reads the whole open queue, evidence
included, as `reconcile review list` does; `queue(page)` reads one page of it, as the web page does.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from reconcile import db  # noqa: E402
from reconcile.review.queue import queue, queue_page  # noqa: E402
from reconcile.web.app import PAGE_SIZE, create_app  # noqa: E402
from reconcile.web.hosts import Hosts  # noqa: E402

PATHS = ("/", "/?page=12", "/?status=all&kind=addition&page=3")


def p50_ms(action: Callable[[], object], runs: int) -> float:
    """The median wall time of `action` over `runs` calls, after one that warms caches up."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="URL of a store that `reconcile run` has filled")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    engine = db.open_database(args.db)
    with TestClient(create_app(engine, Hosts.serving("127.0.0.1", 8000)), base_url="http://127.0.0.1:8000") as client:
        for path in PATHS:
            size = len(client.get(path).content)
            took = p50_ms(lambda url=path: client.get(url), args.runs)
            print(f"GET {path:38} {size / 1024:6.1f} KB  p50 {took:5.0f} ms")
    with Session(engine) as session:
        total = len(queue(session, "open"))
        whole = p50_ms(lambda: queue(session, "open"), args.runs)
        page = p50_ms(lambda: queue_page(session, "open", None, PAGE_SIZE, 0), args.runs)
    print(f"queue(all), {total} open items: p50 {whole:.0f} ms; queue(page of {PAGE_SIZE}): p50 {page:.0f} ms")


if __name__ == "__main__":
    main()
