"""`reconcile run` on the raw seed texts: the comparison the gold files give, from the text alone."""

import json

from sqlalchemy import func, select

from reconcile.models import Report


def test_run_on_the_raw_seeds_links_the_meetings_as_uncertain_and_finds_the_title_conflict(cli, fixtures_dir, tmp_path):
    out = tmp_path / "report.json"
    result = cli("run", fixtures_dir / "seeds", "--aliases", fixtures_dir / "aliases.json", "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {r["id"] for r in report["reports"]} == {"000_644f3aaadc5aa323", "002_c7978846b180afeb"}
    (link,) = report["links"]
    assert link["verdict"] == "uncertain"
    jamous = next(e for e in report["entities"] if e["type"] == "person" and "Jamous" in e["name"])
    assert {"Badr Jamous", "Bader Jamous"} <= set(jamous["names"])
    titles = {(f["subject"], f["kind"]) for e in report["entities"] for f in e["findings"] if f["property"] == "title"}
    assert ("Natasha Franceschi", "conflict") in titles
    assert any(s.endswith("Jamous") and kind == "variant" for s, kind in titles)
    provisional = {f["property"]: f for f in link["findings"]}
    assert [v["value"] for v in provisional["date"]["values"]] == ["2024-09-25"]
    assert provisional["date"]["kind"] == "addition"
    assert any("2118" in (f.get("member") or "") for f in link["findings"])


def test_a_bad_plain_report_is_named_and_nothing_of_it_is_stored(cli, engine, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    result = cli("ingest", tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {tmp_path / 'binary.txt'}: $: binary file, not a text report",
        f"Error: {tmp_path / 'empty.txt'}: $: empty report: no text",
    ]
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Report)) == 0
