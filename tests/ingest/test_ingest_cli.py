"""Ingest through the CLI: whole reports or nothing, unchanged skipped, changed replaced, every bad input named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile import db
from reconcile.models import Claim, Finding, Mention, Report
from tests.factories import meeting_report


def counts(url: str) -> dict[str, int]:
    engine = db.make_engine(url)
    with Session(engine) as session:
        result = {
            m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
            for m in (Report, Mention, Claim, Finding)
        }
    engine.dispose()
    return result


def good(tmp_path: Path, name: str = "good") -> Path:
    return meeting_report("Badr Jamous", "head of the SNC").write(tmp_path, name)


def test_ingest_stores_every_claim_with_its_sentence(cli, db_url, tmp_path):
    path = good(tmp_path)
    result = cli("ingest", path)
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stderr
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        report = session.get_one(Report, "good")
        claims = session.scalars(select(Claim).where(Claim.report_id == "good")).all()
        for claim in claims:
            assert report.text[claim.span_start : claim.span_end] == claim.raw_value
            assert claim.raw_value in claim.sentence
        titles = [c for c in claims if c.property == "title"]
        assert [(c.value, c.sentence) for c in titles] == [
            ("head of the SNC", "Badr Jamous, head of the SNC, met Ali Hassan to discuss the ceasefire.")
        ]
    engine.dispose()


def test_same_content_is_skipped_and_new_content_replaces(cli, db_url, tmp_path):
    path = good(tmp_path, "r1")
    assert cli("ingest", path).exit_code == 0
    before = counts(db_url)
    again = cli("ingest", path)
    assert "1 unchanged" in again.stderr and counts(db_url) == before
    meeting_report("Badr Jamous", "President of the SNC", place="Geneva").write(tmp_path, "r1")
    replaced = cli("ingest", path)
    assert replaced.exit_code == 0 and "1 replaced" in replaced.stderr
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        values = set(session.scalars(select(Claim.value).where(Claim.report_id == "r1", Claim.property == "title")))
        assert values == {"President of the SNC"}
        assert session.scalar(select(func.count()).select_from(Report)) == 1
    engine.dispose()


def test_report_id_comes_from_the_file_unless_given(cli, db_url, tmp_path):
    builder = meeting_report("Badr Jamous", "head of the SNC")
    builder.data["id"] = "wire-42"
    assert cli("ingest", builder.write(tmp_path, "some-file.claims")).exit_code == 0
    assert cli("ingest", good(tmp_path, "other.claims")).exit_code == 0
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        assert sorted(session.scalars(select(Report.id))) == ["other", "wire-42"]
    engine.dispose()


def bad_json(path: Path) -> None:
    path.write_text('{"source": "x",', encoding="utf-8")


def bad_encoding(path: Path) -> None:
    path.write_bytes(b'{"source": "caf\xe9"}')


def unknown_property(path: Path) -> None:
    data = meeting_report("Badr Jamous", "head of the SNC").data
    data["claims"][0]["property"] = "shoe_size"
    data["claims"][1]["colour"] = "red"
    path.write_text(json.dumps(data), encoding="utf-8")


def wrong_span(path: Path) -> None:
    data = meeting_report("Badr Jamous", "head of the SNC").data
    data["entities"][0]["mentions"][0]["span"] = [1, 12]
    data["claims"][0]["span"] = [10, 5000]
    path.write_text(json.dumps(data), encoding="utf-8")


def dangling_reference(path: Path) -> None:
    data = meeting_report("Badr Jamous", "head of the SNC").data
    data["claims"][1]["object"] = "p9"
    data["claims"][2]["subject"] = "m7"
    path.write_text(json.dumps(data), encoding="utf-8")


def wrong_subject_kind(path: Path) -> None:
    data = meeting_report("Badr Jamous", "head of the SNC").data
    data["claims"][0]["subject"] = "m1"
    path.write_text(json.dumps(data), encoding="utf-8")


def impossible_date(path: Path) -> None:
    data = meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25").data
    data["published"] = "2024-02-30"
    path.write_text(json.dumps(data), encoding="utf-8")


def magnitude_in_words(path: Path) -> None:
    """An earthquake's magnitude is a number as written; the words of a date are no magnitude."""
    data = meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25").data
    data["claims"][4]["property"] = "magnitude"
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "messages"),
    [
        (bad_json, ["$: invalid JSON: Expecting property name enclosed in double quotes (line 1, column 16)"]),
        (bad_encoding, ["$: not UTF-8 text (byte 0xe9 at offset 15)"]),
        (
            unknown_property,
            [
                "$.claims[0].property: 'shoe_size' is not allowed here; expected one of ['title', 'affiliation', "
                "'age', 'outcome', 'within', 'date', 'place', 'attendee', 'led_by', 'cites', 'topic', 'stance', "
                "'quote', 'victim', 'perpetrator', 'involves', 'killed', 'injured', 'missing', 'arrested', "
                "'perpetrators', 'passengers', 'crew', 'magnitude', 'turnout', 'amount', 'duration', 'vote_share', "
                "'votes']",
                "$.claims[1]: unknown field(s) ('colour' was unexpected)",
            ],
        ),
        (
            wrong_span,
            [
                "$.entities[0].mentions[0].span: the text there is 'adr Jamous,', not 'Badr Jamous'",
                "$.claims[0].span: [10, 5000] runs past the end of the text (length 70)",
            ],
        ),
        (
            dangling_reference,
            [
                "$.claims[1].object: no entity 'p9' in this report",
                "$.claims[2].subject: no entity or event 'm7' in this report",
            ],
        ),
        (
            wrong_subject_kind,
            ["$.claims[0].property: 'title' applies to a person or organisation, but 'm1' is a meeting"],
        ),
        (impossible_date, ["$.published: '2024-02-30' is not a calendar date"]),
        (magnitude_in_words, ["$.claims[4].value: '2024-09-25' does not match '^[0-9]{1,2}(\\\\.[0-9]{1,2})?$'"]),
    ],
    ids=[
        "invalid-json",
        "not-utf8",
        "unknown-property",
        "span-mismatch",
        "dangling-reference",
        "subject-kind",
        "calendar-date",
        "magnitude-not-a-number",
    ],
)
def test_bad_input_is_named_exactly_and_nothing_of_it_is_written(cli, db_url, tmp_path, make, messages):
    bad = tmp_path / "bad.json"
    make(bad)
    ok = good(tmp_path, "ok")
    result = cli("ingest", bad, ok)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {bad}: {message}" for message in messages]
    assert "Traceback" not in result.output + result.stderr
    assert "1 added" in result.stderr and "1 failed" in result.stderr
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        assert list(session.scalars(select(Report.id))) == ["ok"]
    engine.dispose()


def test_missing_file_is_an_error_not_a_traceback(cli, tmp_path):
    missing = tmp_path / "nope.json"
    result = cli("ingest", missing)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no such file or directory\n"


def test_folder_is_walked_and_files_that_are_not_reports_ignored(cli, db_url, tmp_path, fixtures_dir):
    folder = tmp_path / "batch"
    shutil.copytree(fixtures_dir / "gold", folder)
    (folder / "notes.csv").write_text("not,a,report", encoding="utf-8")
    result = cli("ingest", folder)
    assert result.exit_code == 0, result.stderr
    assert "2 files: 2 added" in result.stderr


def test_a_plain_report_with_nothing_to_extract_is_still_stored(cli, db_url, tmp_path):
    """A text that names no one is a report all the same: its text is evidence for later reviewers."""
    (tmp_path / "note.txt").write_text("nothing much happened today.", encoding="utf-8")
    result = cli("ingest", tmp_path / "note.txt")
    assert result.exit_code == 0, result.stderr
    assert "1 files: 1 added" in result.stderr


def test_a_crash_inside_one_report_keeps_the_reports_before_it_and_nothing_of_it(engine, tmp_path, monkeypatch):
    """Each report whole or not at all, on SQLite as on PostgreSQL: a bug that stops the batch half-way through a
    report's rows leaves the reports stored before it whole and nothing of the one it stopped in. Reports are written
    in batches, and a batch that fails is written again one transaction per report."""
    from reconcile import pipeline
    from reconcile.ingest import load

    real_insert = load.bulk_insert

    def insert_then_crash(session, model, rows):  # type: ignore[no-untyped-def]
        real_insert(session, model, rows)
        if model is Claim and any(row["report_id"] == "r2" for row in rows):
            raise RuntimeError("a bug after the report's rows went in")

    monkeypatch.setattr(load, "bulk_insert", insert_then_crash)
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(4):
        good(folder, f"r{i}")
    with pytest.raises(RuntimeError):
        pipeline.ingest(engine, [folder])
    with Session(engine) as session:
        assert sorted(session.scalars(select(Report.id))) == ["r0", "r1"]
        stored = session.execute(select(Claim.report_id, func.count()).group_by(Claim.report_id)).all()
        assert sorted(stored) == [("r0", 7), ("r1", 7)]  # every claim of each, names included
        assert session.scalar(select(func.count()).select_from(Mention).where(Mention.report_id == "r2")) == 0


def test_a_batch_is_stored_in_few_statements(engine, tmp_path):
    """Many reports cost a few statements per batch, not a few per report: what is stored already is looked up at
    once, and reports, mentions and claims go in as one bulk insert each."""
    from sqlalchemy import event

    from reconcile import pipeline

    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(40):
        good(folder, f"r{i:02}")
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        summary = pipeline.ingest(engine, [folder])
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert summary.count(pipeline.Outcome.added) == 40
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 4, selects
    assert len(statements) < 40, statements
    again = pipeline.ingest(engine, [folder])
    assert again.count(pipeline.Outcome.unchanged) == 40


def test_large_batches_are_read_in_worker_processes_with_errors_intact(cli, db_url, tmp_path, monkeypatch):
    from reconcile import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 4)
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(6):
        good(folder, f"r{i}")
    bad = folder / "r3.json"
    bad_json(bad)
    result = cli("ingest", folder)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: {bad}: $: invalid JSON: Expecting property name enclosed in double quotes (line 1, column 16)"
    ]
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        assert sorted(session.scalars(select(Report.id))) == ["r0", "r1", "r2", "r4", "r5"]
    engine.dispose()
