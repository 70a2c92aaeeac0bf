"""The report depends on the reports stored, not on the order or the batches they came in, and a report updated
in place is matched again as if it had always read so. On SQLite and on PostgreSQL when configured."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from benchmarks.store.canonical import canonical
from benchmarks.synth import write_reports
from reconcile import db
from reconcile.review.queue import queue
from tests.conftest import Cli, _reset_postgres
from tests.factories import ReportBuilder

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "fixtures" / "gold"


def run_json(cli, *paths: Path) -> dict[str, Any]:
    result = cli("run", *paths, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def batches(paths: list[Path], folder: Path, seed: int) -> list[Path]:
    """The files shuffled and dealt into 2 to 5 folders of random sizes."""
    rng = random.Random(seed)
    shuffled = rng.sample(paths, len(paths))
    cuts = sorted(rng.sample(range(1, len(paths)), rng.randint(1, 4)))
    folders = []
    for number, (start, end) in enumerate(zip([0, *cuts], [*cuts, len(paths)], strict=True)):
        batch = folder / f"batch{number}"
        batch.mkdir(parents=True)
        for path in shuffled[start:end]:
            shutil.copy(path, batch)
        folders.append(batch)
    return folders


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A synthetic batch with transliterated names, titles in other words, shared and disjoint attendees, dated
    and undated accounts of the same meetings (benchmarks/synth/), small enough for a test."""
    return write_reports(tmp_path_factory.mktemp("world") / "reports", 70, seed=5)


def fresh_database(db_url: str, tmp_path: Path, name: str) -> str:
    """An empty database of the backend under test, with its schema: a new SQLite file, or the wiped server."""
    if not db_url.startswith("postgresql"):
        return f"sqlite:///{tmp_path / f'{name}.db'}"
    _reset_postgres(db_url)
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    engine.dispose()
    return db_url


def test_one_batch_or_many_in_any_order_give_one_report(db_url, runner, tmp_path, world):
    everything = canonical(run_json(Cli(runner, f"sqlite:///{tmp_path / 'all.db'}"), *world))
    for seed in (1, 2, 3):
        split = Cli(runner, fresh_database(db_url, tmp_path, f"split{seed}"))
        folders = batches(world, tmp_path / f"split{seed}", seed)
        for folder in folders[:-1]:
            run_json(split, folder)
        sizes = [len(list(folder.iterdir())) for folder in folders]
        assert canonical(run_json(split, folders[-1])) == everything, f"batches of {sizes} (seed {seed})"


def test_a_mention_that_matches_two_entities_makes_them_one(cli, tmp_path):
    """'Hadi Bahri' (a head) and 'Hani Bahri' (a minister) are near in spelling with no role in common: two people.
    A third report names Hani Bahri as head and minister, which matches both: one person, as in one batch."""

    def person(name: str, *titles: str) -> ReportBuilder:
        text = f"{name}, {' and '.join(titles)}, met Ali Hassan."
        builder = ReportBuilder(text).entity("p1", "person", name)
        for title in titles:
            builder.claim("p1", "title", title)
        return builder

    first = tmp_path / "first"
    first.mkdir()
    person("Hadi Bahri", "head of the National Coalition").write(first, "r0")
    person("Hani Bahri", "Minister of Health").write(first, "r1")
    before = run_json(cli, first)
    assert sorted(e["name"] for e in before["entities"]) == ["Hadi Bahri", "Hani Bahri"]
    later = tmp_path / "later"
    later.mkdir()
    person("Hani Bahri", "head of the National Coalition", "Minister of Health").write(later, "r2")
    after = run_json(cli, later)
    [bahri] = after["entities"]
    assert bahri["id"] == "E1" and bahri["reports"] == ["r0", "r1", "r2"]  # the older entity keeps its id
    assert bahri["name"] == "Hani Bahri"  # as two of its three mentions write it


def test_an_updated_report_is_matched_again_and_keeps_its_decisions(cli, db_url, engine, tmp_path):
    """A source revises an article: the new version replaces the old, its claims are matched again, the findings
    about what it says are rebuilt, and a decision taken on a finding that still holds stays attached to it."""
    folder = tmp_path / "in"
    shutil.copytree(GOLD, folder)
    first = run_json(cli, folder)
    conflict = next(f for e in first["entities"] for f in e["findings"] if f["kind"] == "conflict")
    with Session(engine) as session:
        [item] = [i for i in queue(session, kind="conflict") if i.subject == conflict["subject"]]
    label = item.target.label
    assert cli("review", "decide", label, "dispute", "--reviewer", "ana").exit_code == 0
    first = json.loads(cli("report", "-f", "json").stdout)  # the conflict's status is now decided

    revised = folder / "000_644f3aaadc5aa323.claims.json"
    data = json.loads(revised.read_text(encoding="utf-8"))
    data["text"] += " Updated."
    revised.write_text(json.dumps(data), encoding="utf-8")
    result = cli("run", folder, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "1 replaced" in result.stderr
    updated = json.loads(result.stdout)
    assert updated["summary"] == first["summary"]
    assert canonical(updated)["entities"] == canonical(first)["entities"]
    shown = cli("review", "show", label)
    assert shown.exit_code == 0, shown.stderr
    assert "dispute" in shown.stdout and "ana" in shown.stdout
    assert cli("match").exit_code == 0  # and every later run goes on as before

    alone = Cli(cli.runner, f"sqlite:///{tmp_path / 'fresh.db'}")
    assert canonical(run_json(alone, folder)) == canonical(_without_review(updated))


def _without_review(report: dict[str, Any]) -> dict[str, Any]:
    """The report as a store without decisions shows it: every finding and link open (agreements agreed)."""
    for item in [
        *report["links"],
        *(f for g in ("entities", "events", "links") for s in report[g] for f in s["findings"]),
    ]:
        if item.get("kind") != "agreement":
            item["status"], item["decision"] = "open", None
    return report
