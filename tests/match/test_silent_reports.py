"""An addition is checked against the text of the report said to be silent: words it plainly states are not news
that only the other report has. Reports are built with exactly the claims each test needs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories import meeting_report

QUOTE = "We will not sign anything that leaves our farmers without water"


def _run(cli, tmp_path: Path, a, b) -> dict:
    folder = tmp_path / "reports"
    folder.mkdir()
    a.write(folder, "a")
    b.write(folder, "b")
    out = tmp_path / "report.json"
    result = cli("run", folder, "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    (event,) = json.loads(out.read_text(encoding="utf-8"))["events"]
    return event


def _quoted(text_after: str):
    """A meeting report that quotes Ali Hassan, and one whose text gives his words differently (or not at all)."""
    a = meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25")
    a.data["text"] += f' "{QUOTE}," Ali Hassan said.'
    a.claim("m1", "quote", QUOTE, speaker="p2")
    b = meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25")
    b.data["text"] += " " + text_after
    return a, b


def test_a_quote_the_other_report_retells_without_quote_marks_is_agreed_with_its_words_as_evidence(cli, tmp_path):
    a, b = _quoted("Ali Hassan said they will not sign anything that leaves their farmers without water.")
    event = _run(cli, tmp_path, a, b)
    (quote,) = [f for f in event["findings"] if f["property"] == "quote"]
    assert quote["kind"] == "agreement"
    assert quote["explanation"].startswith("rule text-found: every report states quote")
    (found,) = [v for v in quote["values"] if v.get("found_in_text")]
    assert found["report"] == "b"
    assert found["raw"] == "they will not sign anything that leaves their farmers without water"
    assert found["evidence"] == "Ali Hassan said they will not sign anything that leaves their farmers without water."
    assert quote["not_stated_by"] == []


def test_a_quote_the_other_report_does_not_give_stays_an_addition(cli, tmp_path):
    a, b = _quoted("Ali Hassan said the talks would continue next month.")
    event = _run(cli, tmp_path, a, b)
    (quote,) = [f for f in event["findings"] if f["property"] == "quote"]
    assert (quote["kind"], quote["not_stated_by"]) == ("addition", ["b"])
    assert not any(v.get("found_in_text") for v in quote["values"])


def test_a_topic_is_looked_for_as_written(cli, tmp_path):
    a = meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25")
    a.data["text"] += " They spoke of the water supply."
    a.claim("m1", "topic", "water supply")
    b = meeting_report("Badr Jamous", "head of the SNC", date="2024-09-25")
    b.data["text"] += " Nobody mentioned the water supplies."  # one letter more: not the same words
    event = _run(cli, tmp_path, a, b)
    (topic,) = [f for f in event["findings"] if f["member"] == "water supply"]
    assert topic["kind"] == "addition"
