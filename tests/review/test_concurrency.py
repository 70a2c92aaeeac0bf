"""Eight reviewers deciding on one finding at the same moment: no decision is lost, and exactly one is live,
with every other superseded by another in one unbroken chain. Runs on PostgreSQL when configured."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.models import Decision
from reconcile.review.decisions import Ruling
from reconcile.review.queue import queue
from reconcile.review.service import decide

WRITERS = 8


def test_parallel_writers_keep_every_decision_and_one_live_one(cli, engine, fixtures_dir):
    assert cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json").exit_code == 0
    with Session(engine) as session:
        [title] = [i for i in queue(session, kind="conflict") if "Franceschi" in i.subject]
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        start.wait()
        try:
            decide(
                engine,
                title.target.label,
                Ruling("dispute" if n % 2 else "reject", note=f"writer {n}", reviewer=f"r{n}"),
            )
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below, with the thread's context
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with Session(engine) as session:
        decisions = list(session.scalars(select(Decision).where(Decision.target_key == title.target.key)))
    assert sorted(d.reviewer for d in decisions) == sorted(f"r{n}" for n in range(WRITERS))
    live = [d for d in decisions if d.live]
    assert len(live) == 1
    successor = {d.id: d.superseded_by for d in decisions}
    assert all((successor[d.id] is None) == d.live for d in decisions)
    assert len({s for s in successor.values() if s is not None}) == WRITERS - 1  # no decision superseded twice
    # following superseded_by from the first decision walks through all eight and ends at the live one
    first = next(d.id for d in decisions if d.id not in successor.values())
    seen = [first]
    while successor[seen[-1]] is not None:
        seen.append(successor[seen[-1]])
    assert len(seen) == WRITERS and seen[-1] == live[0].id
