"""The terminal report prints report values as they are: rich's markup in them (`[bold]`, `[/]`) is text,
neither a style nor an error."""

from __future__ import annotations

from tests.factories import titled_meeting

RICH_MARKUP = "head [/] of the [bold red]SNC[/bold red]"


def test_the_table_report_prints_rich_markup_in_values_as_text(cli, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    titled_meeting(RICH_MARKUP, source="[red]W[/]").write(folder, "[red]a")
    titled_meeting("Minister of Finance").write(folder, "b")
    result = cli("run", folder)
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "CONFLICT [medium] title" in flat
    assert RICH_MARKUP in flat
    wide = tmp_path / "report.txt"  # 160 columns: the outlet's column is wide enough to hold it on one line
    assert cli("report", "-o", wide).exit_code == 0
    assert "│  [red]W[/] " in wide.read_text(encoding="utf-8")  # the outlet names its column, as text
