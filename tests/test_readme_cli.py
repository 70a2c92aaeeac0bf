"""The README's CLI reference is the `--help` of every command, word for word: a README that drifts from the
program misleads exactly the new user who reads it first. Regenerate it with `pytest --update-golden`."""

from __future__ import annotations

from pathlib import Path

from reconcile.cli import app
from tests.test_cli import COMMANDS

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- cli-reference: start -->", "<!-- cli-reference: end -->"


def _reference(runner) -> str:
    """Each command's help as the terminal shows it at 80 columns, under a heading of its name."""
    parts = []
    for command in [[], *COMMANDS]:
        result = runner.invoke(app, [*command, "--help"], prog_name="reconcile", terminal_width=80)
        assert result.exit_code == 0, result.output
        name = " ".join(["reconcile", *command])
        parts.append(f"#### `{name}`\n\n```\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(parts)


def test_the_readme_cli_reference_is_the_help_of_every_command(runner, request):
    readme = README.read_text(encoding="utf-8")
    before, rest = readme.split(START)
    _, after = rest.split(END)
    expected = f"{before}{START}\n{_reference(runner)}{END}{after}"
    if request.config.getoption("--update-golden"):
        README.write_text(expected, encoding="utf-8")
        readme = expected
    assert readme == expected, "README's CLI reference differs from --help; run pytest --update-golden"
