"""The terminal report prints report values as they are: rich's markup in them (`[bold]`, `[/]`) is text,
neither a style nor an error."""

from __future__ import annotations

from tests.factories import titled_meeting

RICH_MARKUP = "head [/] of the [bold red]SNC[/bold red]"


def test_the_table_report_prints_rich_markup_in_values_as_text(cli, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    titled_meeting(RICH_MARKUP, source="Wire [link=http://evil.example]A[/link]").write(folder, "[red]a")
    titled_meeting("Minister of Finance").write(folder, "b")
    result = cli("run", folder)
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "CONFLICT [medium] title" in flat
    assert RICH_MARKUP in flat
    assert "[red]a" in flat and "[link=http://evil.example]A[/link]" not in flat  # the source is not shown
