"""The command line as users meet it: help, formats, the README, and errors without tracebacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reconcile import db
from reconcile.cli import app
from tests.factories import meeting_report

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    ["ingest"],
    ["extract"],
    ["match"],
    ["report"],
    ["run"],
    ["review", "list"],
    ["review", "show"],
    ["review", "decide"],
    ["review", "link"],
    ["review", "merge"],
    ["review", "split"],
    ["review", "strike"],
    ["review", "next"],
    ["review", "history"],
    ["export"],
    ["diff"],
    ["serve"],
    ["db", "upgrade"],
    ["db", "downgrade"],
    ["db", "current"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_is_in_the_readme(runner, command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) > 3
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"reconcile {' '.join(command)}" in readme


def test_no_arguments_shows_help(runner):
    result = runner.invoke(app, [])
    assert "Usage" in result.output and "run" in result.output


def two_reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25", place="Geneva").write(folder, "a")
    meeting_report("Bader Jamous", "President of the SNC", date="2024-09-25", place="Geneva").write(folder, "b")
    return folder


def test_markdown_report_shows_every_value_with_its_sentence(cli, tmp_path):
    result = cli("run", two_reports(tmp_path), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Reconciliation report")
    assert "### VARIANT [low] name" in text
    assert (
        "- **Test Wire, 2024-09-25 (a)**: Badr Jamous — “Badr Jamous, head of the SNC, met Ali Hassan in Geneva" in text
    )
    assert (
        "- **Test Wire, 2024-09-25 (b)**: Bader Jamous — “Bader Jamous, President of the SNC, met Ali Hassan in Geneva"
        in text
    )


def test_table_report_goes_to_a_file(cli, tmp_path):
    out = tmp_path / "report.txt"
    assert cli("run", two_reports(tmp_path), "-o", out).exit_code == 0
    table = out.read_text(encoding="utf-8")
    assert "VARIANT [low] title" in table and "President of the SNC" in table


def test_json_report_to_a_file_and_report_command_agree(cli, tmp_path):
    out = tmp_path / "report.json"
    assert cli("run", two_reports(tmp_path), "-f", "json", "-o", out).exit_code == 0
    again = cli("report", "-f", "json")
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(again.stdout)


def test_unknown_format_is_a_usage_error(cli, tmp_path):
    result = cli("report", "--format", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is not one of table, markdown, json" in result.stderr


def test_bad_alias_file_is_named_and_nothing_is_ingested(cli, tmp_path):
    aliases = tmp_path / "aliases.json"
    aliases.write_text('{"aliases": [{"type": "document", "names": ["Only one"]}]}', encoding="utf-8")
    result = cli("run", two_reports(tmp_path), "--aliases", aliases)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {aliases}: $.aliases[0].names: ['Only one'] is too short"
    assert json.loads(cli("report", "-f", "json").stdout)["summary"]["reports"] == 0


def test_unreachable_server_is_one_line(runner):
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = runner.invoke(app, ["--db", url, "report"])
    assert result.exit_code == 1
    assert re.fullmatch(
        r"Error: cannot open database postgresql\+psycopg://nobody@127\.0\.0\.1:1/none: .+\n", result.stderr
    )


def test_unknown_database_driver_is_one_line(runner):
    result = runner.invoke(app, ["--db", "nosuchdb://x", "report"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot use database URL 'nosuchdb://x': ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_database_url_from_the_environment(runner, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("RECONCILE_DATABASE_URL", url)
    assert runner.invoke(app, ["run", str(two_reports(tmp_path))]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_new_sqlite_file_is_created_and_migrated(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", str(two_reports(tmp_path)), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "reconcile.db").exists()
    assert runner.invoke(app, ["db", "current"]).stdout.strip() == db.head_revision()


def test_outdated_schema_asks_for_an_upgrade(bare_cli, engine):
    from reconcile import db

    db.downgrade(engine, "base")
    result = bare_cli("report")
    assert result.exit_code == 1
    assert result.stderr.endswith("is not initialised; run `reconcile db upgrade`\n")


def test_debug_shows_the_traceback(runner, tmp_path):
    result = runner.invoke(app, ["--db", "nosuchdb://x", "--debug", "report"])
    assert result.exit_code == 1
    assert result.exception is not None and type(result.exception).__name__ == "DatabaseError"


def test_ingest_match_report_one_step_at_a_time_equals_run(cli, tmp_path, runner):
    folder = two_reports(tmp_path)
    assert cli("ingest", folder).exit_code == 0
    before = json.loads(cli("report", "-f", "json").stdout)
    assert before["entities"] == [] and before["summary"]["reports"] == 2  # stored, not yet matched
    matched = cli("match")
    assert matched.exit_code == 0 and matched.stderr.startswith("Match: 6 new mentions -> 3 new entities;")
    stepwise = json.loads(cli("report", "-f", "json").stdout)
    other = runner.invoke(app, ["--db", f"sqlite:///{tmp_path / 'other.db'}", "run", str(folder), "-f", "json"])
    assert json.loads(other.stdout) == stepwise


def test_report_into_a_missing_folder_is_one_line_and_writes_nothing(cli, tmp_path):
    target = tmp_path / "no-such-folder" / "report.md"
    result = cli("run", two_reports(tmp_path), "-f", "markdown", "-o", target)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {target}: cannot write the report: folder {target.parent} does not exist"
    )
    assert not target.parent.exists()
    assert json.loads(cli("report", "-f", "json").stdout)["summary"]["reports"] == 0  # the run did not start


def test_markdown_lists_what_was_resolved(cli, fixtures_dir):
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "markdown")
    text = result.stdout
    assert "## Resolved across reports" in text
    assert "organisation: Syrian Negotiation Commission — written as Syrian Negotiating Commission, SNC," in text
    assert (
        "meeting: SNC delegation meeting with US Deputy Assistant Secretary Natasha Franceschi in New York"
        " — 2024-09-25; New York (002_c7978846b180afeb)"
    ) in text
