"""An uncertain link gets a provisional comparison only when it is the best candidate of both its events; the other
links of those events are listed with the likelier pair named, and which links lead depends on the store, not on
the order reports came in. On SQLite and on PostgreSQL when configured."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.models import Event, Finding
from tests.conftest import Cli
from tests.factories import meeting_report

# Badr Jamous meets Ali Hassan in Geneva on 10 March (a) and 9 March (b): one meeting, held for a reviewer as the
# dates conflict. c, undated and placeless, says 8 March: a weaker candidate for either.
ACCOUNTS = {"a": ("2025-03-10", "Geneva"), "b": ("2025-03-09", "Geneva"), "c": ("2025-03-08", None)}


def _write(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        date, place = ACCOUNTS[name]
        meeting_report("Badr Jamous", "head of the SNC", date=date, place=place).write(folder, name)
    return folder


def _links(cli, *args: Any) -> dict[tuple[str, ...], dict[str, Any]]:
    """The report's links by the reports of their two events."""
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    reports = {e["id"]: tuple(e["reports"]) for e in report["events"]}
    return {tuple(sorted(r for e in link["events"] for r in reports[e])): link for link in report["links"]}


def test_only_the_pair_each_others_best_candidate_is_compared(cli, tmp_path):
    links = _links(cli, "run", _write(tmp_path / "r", "a", "b", "c"))
    assert set(links) == {("a", "b"), ("a", "c"), ("b", "c")}
    best = links[("a", "b")]
    assert {f["property"] for f in best["findings"]} >= {"date"}
    assert all(f["provisional"] for f in best["findings"])
    for pair in (("a", "c"), ("b", "c")):
        assert links[pair]["findings"] == []
        assert links[pair]["score"] < best["score"]
    assert links[("a", "c")]["reasons"][-1] == (
        f"  0 not compared: the event a tells is likelier the one b tells (score {best['score']:.3f})"
    )


def test_a_likelier_candidate_arriving_later_takes_the_comparison(cli, engine, tmp_path):
    first = _links(cli, "run", _write(tmp_path / "first", "b", "c"))
    assert first[("b", "c")]["findings"]  # alone, b and c are each other's best candidate
    later = _links(cli, "run", _write(tmp_path / "later", "a"))
    assert later[("b", "c")]["findings"] == []
    assert later[("a", "b")]["findings"]
    with Session(engine) as session:  # the comparison is gone from the store, not only from the report
        stored = session.scalars(select(Finding.link_id).where(Finding.link_id.is_not(None)).distinct()).all()
        assert len(stored) == 1


def test_the_same_links_lead_whatever_the_order(cli, runner, tmp_path):
    together = _links(cli, "run", _write(tmp_path / "all", "a", "b", "c"))
    for order in (("c", "a", "b"), ("a", "c", "b"), ("b", "a", "c")):
        other = Cli(runner, f"sqlite:///{tmp_path / ''.join(order)}.db")
        for name in order:
            links = _links(other, "run", _write(tmp_path / f"{''.join(order)}-{name}", name))
        assert {pair: (bool(link["findings"]), link["reasons"]) for pair, link in links.items()} == {
            pair: (bool(link["findings"]), link["reasons"]) for pair, link in together.items()
        }


def test_upgrading_a_store_marks_the_events_of_compared_links_stale(cli, engine, tmp_path):
    """A store matched before leading links kept a comparison for every link: the next match settles them."""
    _links(cli, "run", _write(tmp_path / "r", "a", "b", "c"))
    db.downgrade(engine, "0009")
    db.upgrade(engine)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event).where(Event.stale)) == 2
    assert cli("match").exit_code == 0
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Event).where(Event.stale)) == 0
