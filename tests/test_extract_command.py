"""`reconcile extract`: a plain report's claims as a file a person can read, correct and ingest, no database."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from reconcile import models
from reconcile.cli import app
from reconcile.validate import schema_problems

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seeds" / "000_644f3aaadc5aa323.txt"


def _claims_stored(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(models.Claim)).scalar_one())


def test_extracted_file_is_schema_valid_and_ingests_as_the_text_does(runner, cli, engine, tmp_path):
    out = tmp_path / "claims"
    result = runner.invoke(app, ["extract", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "000_644f3aaadc5aa323.claims.json"
    data = json.loads(written.read_text(encoding="utf-8"))
    assert schema_problems(data, "report") == []
    assert all(c["rule"] for c in data["claims"])
    assert cli("ingest", written).exit_code == 0
    stored = _claims_stored(engine)
    assert stored >= len(data["claims"])
    # The text itself gives the same report: ingesting it over the extracted file changes nothing.
    again = cli("ingest", SEED)
    assert again.exit_code == 0 and "1 unchanged" in again.stderr
    assert _claims_stored(engine) == stored


def test_one_report_goes_to_stdout_and_a_table_is_for_reading(runner):
    result = runner.invoke(app, ["extract", str(SEED)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "000_644f3aaadc5aa323"
    table = runner.invoke(app, ["extract", str(SEED), "-f", "table"])
    assert table.exit_code == 0 and "Claims" in table.stdout and "Badr Jamous" in table.stdout


def test_many_reports_need_a_folder(runner):
    result = runner.invoke(app, ["extract", str(SEED.parent)])
    assert result.exit_code == 1
    assert "give a folder" in result.stderr and "Traceback" not in result.output


def test_a_structured_report_is_refused_and_the_others_are_written(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "done.json").write_text("{}", encoding="utf-8")
    (folder / "plain.txt").write_text("The two ministers met in Oslo on Friday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "done.json" in result.stderr and "already a structured report" in result.stderr
    assert (tmp_path / "out" / "plain.claims.json").exists()
