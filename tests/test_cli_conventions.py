"""What a new user trips on at the command line: where global options go, what help says, what completes, and
the one-line refusals of a database or an input that is not there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer.main

from reconcile import __version__
from reconcile.cli import app, hoist_global_options
from tests.test_cli import COMMANDS, two_reports

ROOT = Path(__file__).resolve().parent.parent
READ_COMMANDS = [
    ["report"],
    ["export"],
    ["review", "list"],
    ["review", "show", "F0000000000"],
    ["review", "history", "F0000000000"],
    ["review", "decide", "F0000000000", "dispute"],
    ["review", "next"],
    ["diff"],
    ["serve"],
]


def test_global_options_after_the_subcommand(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'late.db'}"
    result = runner.invoke(app, ["run", str(two_reports(tmp_path)), "-f", "json", "--db", url])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "late.db").exists()
    again = runner.invoke(app, ["report", f"--db={url}", "--debug", "-f", "json"])
    assert json.loads(again.stdout)["summary"]["reports"] == 2


def test_hoisting_keeps_values_and_stops_at_the_double_dash():
    assert hoist_global_options(["run", "a", "--db", "x", "--debug", "-f", "json"]) == [
        "--db",
        "x",
        "--debug",
        "run",
        "a",
        "-f",
        "json",
    ]
    assert hoist_global_options(["review", "list", "--wait=3", "--", "--db"]) == [
        "--wait=3",
        "review",
        "list",
        "--",
        "--db",
    ]


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"reconcile {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_values_for_people_not_python_types(runner, command):
    text = runner.invoke(app, [*command, "--help"]).stdout
    for python in ("<str>", "<int", "<path>", "<float", "list[", "{"):
        assert python not in text, f"{' '.join(command)} --help shows {python!r}"


def _completions(command: list[str], option: str, typed: str) -> list[str]:
    """What the shell completion offers for `option` of `command` after `typed`."""
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    target = group
    for name in command:
        target = target.commands[name]  # type: ignore[attr-defined]
    param = next(p for p in target.params if option in p.opts or p.name == option)
    return [item.value for item in param.shell_complete(ctx, typed)]


@pytest.mark.parametrize(
    ("command", "option", "typed", "offered"),
    [
        (["report"], "--format", "", ["table", "markdown", "json", "html"]),
        (["run"], "--format", "m", ["markdown"]),
        (["extract"], "--format", "", ["json", "table"]),
        (["export"], "--format", "j", ["json", "jsonl"]),
        (["diff"], "--format", "", ["text", "json"]),
        (["review", "list"], "--status", "", ["open", "decided", "reopened", "all"]),
        (["review", "list"], "--kind", "con", ["conflict"]),
        (["review", "decide"], "action", "s", ["same", "split", "strike"]),
    ],
)
def test_options_with_fixed_values_complete(command, option, typed, offered):
    assert _completions(command, option, typed) == offered


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_read_commands_refuse_a_database_that_does_not_exist(runner, tmp_path, command):
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, ["--db", f"sqlite:///{missing}", *command])
    assert result.exit_code == 1
    assert result.stderr == f"Error: no database at {missing}; run `reconcile run` first\n"
    assert not missing.exists()


def test_a_missing_input_is_named_and_nothing_is_written(runner, tmp_path):
    target = tmp_path / "new.db"
    result = runner.invoke(app, ["--db", f"sqlite:///{target}", "run", str(two_reports(tmp_path)), "/nonexistent"])
    assert result.exit_code == 1
    assert result.stderr == "Error: /nonexistent: no such file or directory\n"
    assert not target.exists()


def test_a_front_matter_key_not_read_is_a_warning_and_the_report_goes_in(runner, tmp_path):
    report = tmp_path / "hugo.md"
    report.write_text("---\nlayout: post\ndate: 2024-03-10T09:00:00Z\n---\nBadr Jamous met Ali Hassan.\n")
    result = runner.invoke(
        app, ["--db", f"sqlite:///{tmp_path / 'w.db'}", "ingest", str(report), "--nlp-model", "rules"]
    )
    assert result.exit_code == 0, result.stderr
    assert f"Warning: {report}: front matter key 'layout' (line 2) ignored\n" in result.stderr
    assert "1 added" in result.stderr
