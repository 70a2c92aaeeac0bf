"""From a finding in the report to its decision: every format names each finding and link by the id `review show`
takes and says where its review stands, and columns name reports by outlet and date."""

from __future__ import annotations

import json

from reconcile.validate import schema_problems

DATED = "Syrian Negotiation Commission Media Office, 2024-09-26"


def _report(cli, *args: str) -> dict:
    result = cli("report", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _findings(report: dict) -> list[dict]:
    return [f for group in ("entities", "events", "links") for s in report[group] for f in s["findings"]]


def test_every_finding_and_link_carries_the_id_review_takes_and_its_status(seeds):
    report = _report(seeds)
    assert schema_problems(report, "conflict-report") == []
    findings = _findings(report)
    assert {f["status"] for f in findings} == {"open", "agreed"}
    assert all((f["status"] == "agreed") == (f["kind"] == "agreement") for f in findings)
    queued = {item["id"] for item in json.loads(seeds("review", "list", "--json").stdout)["items"]}
    reviewable = {f["id"] for f in findings if f["kind"] != "agreement"} | {link["id"] for link in report["links"]}
    assert reviewable == queued
    [link] = report["links"]
    assert link["status"] == "open" and link["decision"] is None
    assert seeds("review", "show", link["id"]).exit_code == 0


def test_a_decision_shows_in_the_report_and_open_leaves_it_out(seeds):
    [conflict] = [f for f in _findings(_report(seeds)) if f["kind"] == "conflict"]
    assert seeds("review", "decide", conflict["id"], "dispute", "--reviewer", "ana").exit_code == 0
    report = _report(seeds)
    [decided] = [f for f in _findings(report) if f["id"] == conflict["id"]]
    assert decided["status"] == "decided"
    assert (decided["decision"]["action"], decided["decision"]["reviewer"]) == ("dispute", "ana")
    assert schema_problems(report, "conflict-report") == []

    still_open = _report(seeds, "--status", "open")
    assert {f["status"] for f in _findings(still_open)} == {"open"}
    assert conflict["id"] not in {f["id"] for f in _findings(still_open)}
    assert still_open["summary"]["findings"]["conflict"] == 0
    assert still_open["summary"]["findings"]["agreement"] == 0
    assert len(_findings(still_open)) == sum(still_open["summary"]["findings"].values())

    table = seeds("report", "--status", "decided").stdout
    assert f"{conflict['id']} decided: dispute by ana" in " ".join(table.split())


def test_columns_name_the_outlet_and_date_and_every_format_shows_ids(seeds, tmp_path):
    report = _report(seeds)
    assert [r["label"] for r in report["reports"]] == ["Unattributed article", DATED]
    some = next(f for f in _findings(report) if f["kind"] == "variant")
    markdown = seeds("report", "-f", "markdown").stdout
    assert f"`{some['id']}` open" in markdown
    assert f"- **{DATED}**: " in markdown
    page = tmp_path / "report.html"
    assert seeds("report", "-f", "html", "-o", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert f"<code>{some['id']}</code>" in html and '<span class="status open">open</span>' in html
    assert f">{DATED}</td>" in html


def test_an_unknown_status_is_a_usage_error(seeds):
    result = seeds("report", "--status", "pending")
    assert result.exit_code == 2
    assert "'pending' is not one of open, decided, reopened, agreed, all" in result.stderr
