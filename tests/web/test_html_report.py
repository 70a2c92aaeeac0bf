"""The HTML report: one self-contained page, conflicts first, the evidence spans highlighted in each report's
text, and every piece of source text escaped."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile.cli import app
from reconcile.models import Report
from reconcile.report.html import Span, highlight
from tests.web.helpers import BOLD_TOPIC, SCRIPT, parse, script_reports

FRANCESCHI_000 = "Deputy Assistant Secretary for the Levant and Near East Bureau"
FRANCESCHI_002 = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)


@pytest.fixture
def seeds_page(cli, fixtures_dir, tmp_path) -> str:
    out = tmp_path / "report.html"
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "html", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return out.read_text(encoding="utf-8")


def test_the_page_is_self_contained(seeds_page):
    assert seeds_page.startswith("<!doctype html>")
    page = parse(seeds_page)
    for node in page.elements:
        assert node.tag not in ("link", "img", "iframe"), node
        assert "src" not in node.attrs, node
        assert not node.attrs.get("href", "#").startswith(("http", "//")), node
    assert "<style>" in seeds_page and "@import" not in seeds_page and "url(" not in seeds_page


def test_the_seeds_conflict_comes_first(seeds_page):
    page = parse(seeds_page)
    first = page.sections[0]
    assert first.attrs["class"] == "conflict"
    assert "Natasha Franceschi (E" in first.text[:300]
    assert "CONFLICT [medium] title" in " ".join(first.text.split())
    assert [s.attrs["class"] for s in page.sections].count("conflict") == 1


def test_the_conflicting_titles_are_highlighted_in_each_report_text(seeds_page):
    page = parse(seeds_page)
    assert {FRANCESCHI_000, FRANCESCHI_002} <= set(page.runs)
    conflict = [m for m in page.marks if m.attrs["class"] == "conflict"]
    notes = {note for m in conflict for note in m.attrs["title"].split("\n")}
    assert {f"conflict title: {FRANCESCHI_000}", f"conflict title: {FRANCESCHI_002}"} <= notes
    marked = next(m for m in conflict if m.text == FRANCESCHI_000)
    assert marked.attrs["id"].startswith("E")  # the evidence table links to it
    assert any(n.attrs.get("href") == f"#{marked.attrs['id']}" for n in page.elements)


def test_highlights_cover_exactly_the_claimed_characters(cli, seeds_page, engine, fixtures_dir):
    report = json.loads(cli("report", "-f", "json").stdout)
    with Session(engine) as session:
        texts = dict(session.execute(select(Report.id, Report.text)).all())
    page = parse(seeds_page)
    anchored = {m.attrs["id"]: m.text for m in page.marks if "id" in m.attrs}
    franceschi = next(e for e in report["entities"] if e["name"] == "Natasha Franceschi")
    [conflict] = [f for f in franceschi["findings"] if f["kind"] == "conflict"]
    for value in conflict["values"]:
        start, end = value["span"]
        [text] = [
            t for key, t in anchored.items() if key.startswith(f"{franceschi['id']}-") and key.endswith(f"-{start}")
        ]
        assert texts[value["report"]][start:end].startswith(text)


def test_markup_in_a_report_is_shown_as_text(cli, tmp_path):
    out = tmp_path / "report.html"
    result = cli("run", script_reports(tmp_path / "reports"), "-f", "html", "-o", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert SCRIPT not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = parse(html)
    assert all("alert" not in s.text for s in page.scripts)  # the one script is the page's own
    assert any(SCRIPT in n.text for n in page.elements if n.attrs.get("class") == "text")
    assert BOLD_TOPIC in {m.text for m in page.marks}  # a highlight over markup escapes it too
    assert "Wire <b>A</b>" in " ".join(n.text for n in page.elements if n.tag == "td")
    assert page.sections[0].attrs["class"] == "conflict"


@pytest.mark.parametrize("command", [["report"], ["run", "{gold}"]])
def test_html_without_a_file_is_one_line_and_does_no_work(cli, engine, fixtures_dir, command):
    result = cli(*[c.format(gold=fixtures_dir / "gold") for c in command], "-f", "html")
    assert result.exit_code == 1
    assert result.stderr == "Error: --format html writes a page to a file: give it with -o FILE\n"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0


def test_report_command_writes_the_same_page_as_run(cli, seeds_page, tmp_path):
    out = tmp_path / "again.html"
    result = cli("report", "--format", "html", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == seeds_page


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [("abcdef", None, None)]),
        ([Span(1, 3, "addition", "x")], [("a", None, None), ("bc", "addition", 1), ("def", None, None)]),
        (  # overlapping spans split; the worse kind wins where they overlap
            [Span(0, 4, "agreement", "x"), Span(2, 6, "conflict", "y")],
            [("ab", "agreement", 0), ("cd", "conflict", 2), ("ef", "conflict", None)],
        ),
        ([Span(4, 99, "conflict", "x"), Span(3, 3, "conflict", "y")], [("abcdef", None, None)]),  # out of range
    ],
)
def test_highlight_cuts_the_raw_text_at_span_boundaries(spans, expected):
    segments = highlight("abcdef", spans)
    assert [(s.text, s.kind, s.anchor) for s in segments] == expected
    assert "".join(s.text for s in segments) == "abcdef"


def test_overlapping_spans_keep_every_note():
    segments = highlight("abcdef", [Span(0, 4, "agreement", "name"), Span(2, 4, "variant", "title")])
    assert [(s.text, s.kind, s.notes) for s in segments] == [
        ("ab", "agreement", ("name",)),
        ("cd", "variant", ("name", "title")),
        ("ef", None, ()),
    ]


def test_html_is_a_listed_format(runner):
    result = runner.invoke(app, ["report", "--help"])
    assert "html" in result.stdout
