"""Report values written into Markdown read as themselves once rendered: markup in them stays text, they cannot
add a heading, list, link or table cell, and plain words, numbers, dates and ids come out untouched. The
export's Markdown is tested the same way in tests/review/test_export.py."""

from __future__ import annotations

import html

import pytest

from reconcile.report.markdown import code, text
from tests.factories import HOSTILE, hostile_reports
from tests.rendered import RENDERER, render

# Everything the report's own layout renders to; a tag outside it came from a report value.
PAGE_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "code", "table", "thead", "tbody", "tr", "th", "td"}
MARKUP = [
    *HOSTILE.values(),
    "1. not a list",
    "12) not a list",
    "- not an item",
    "+ not an item",
    "* * *",
    "---",
    "-",
    "==",
    "_ _ _",
    "> not a quote",
    "# not a heading",
    "ends with a closing #",
    "<!-- comment -->",
    "<http://autolink.example>",
    "![image](x.png)",
    "[ref]: http://reference.example",
    "&copy; &#65; &#x42;",
    "back\\slash and trailing\\",
    "~one~ ~~two~~",
    "_a_ __b__ *c*",
    "tab\there  and\r\nwindows\u2028lines",
]
PLAIN = ["Badr Jamous", "2024-09-25", "1,197", "3.5%", "-5", "000_644f3aaadc5aa323", "U.S. Deputy Assistant Secretary"]
PLAIN += ["Jean-François Guillaume", "AT&T", "O'Brien (SNC)", "5 * 3 < 4", "A ~ B", "snake_case", "#1 in 2024", "C#"]


def _as_read(value: str) -> str:
    return " ".join(value.split())


@pytest.mark.parametrize("value", MARKUP)
@pytest.mark.parametrize(
    ("template", "tags"),
    [
        ("{}", ["p"]),
        ("a paragraph's line\n{}", ["p"]),
        ("- {}", ["ul", "li"]),
        ("## {}", ["h2"]),
        ("- **report**: {} — “{}”", ["ul", "li", "strong"]),
    ],
)
def test_a_value_reads_as_itself_wherever_it_stands(value, template, tags):
    page = render(template.format(text(value), text(value)))
    assert page.tags == tags
    expected = template.replace("- ", "", 1).replace("## ", "").replace("**", "").format(value, value)
    assert page.text == _as_read(expected)


@pytest.mark.parametrize("value", MARKUP)
def test_a_value_stays_in_its_table_cell(value):
    page = render(f"| value | next |\n|---|---|\n| {text(value)} | x |\n| y | z |")
    assert page.rows == [["value", "next"], [_as_read(value), "x"], ["y", "z"]]


@pytest.mark.parametrize("value", PLAIN)
def test_plain_words_numbers_dates_and_ids_are_left_as_they_are(value):
    assert text(value) == value


@pytest.mark.parametrize("value", ["`rm -rf` now", "``", "ends with `", "<script>alert(1)</script>", "  0 date: x"])
def test_a_code_span_shows_its_value_exactly(value):
    assert (
        RENDERER.render(f"- {code(value)}") == f"<ul>\n<li><code>{html.escape(value, quote=False)}</code></li>\n</ul>\n"
    )


def test_a_code_span_keeps_to_one_line():
    span = code("one\n# two")
    assert render(f"- {span}").tags == ["ul", "li", "code"]


def test_the_markdown_report_shows_hostile_values_as_text(cli, tmp_path):
    result = cli("run", hostile_reports(tmp_path / "reports"), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    page = render(result.stdout)
    assert set(page.tags) <= PAGE_TAGS
    for value in HOSTILE.values():
        assert _as_read(value) in page.text
    wire, code = "Wire <b>A</b> | x", HOSTILE["code"]
    assert page.rows[1:] == [
        [f"{wire}, 2024-09-25", wire, "2024-09-25", _as_read(HOSTILE["lines"]), "a<img src=x onerror=alert(1)>"],
        [f"{code}, 2024-09-25", code, "2024-09-25", HOSTILE["img"], "b[x](javascript:alert(1))"],
    ]
    assert f"topic: {HOSTILE['bold']}" in page.text


def test_the_seeds_markdown_report_needs_no_escapes(cli, fixtures_dir):
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "\\" not in result.stdout
