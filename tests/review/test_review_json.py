"""The review commands for scripts and pipes: JSON out, JSON Lines export, and `review next` fed by standard input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_review_list_show_and_diff_speak_json(seeds):
    listed = json.loads(seeds("review", "list", "--json").stdout)
    assert listed["total"] == len(listed["items"]) > 0
    first = listed["items"][0]
    assert first["status"] == "open" and first["evidence"], first
    shown = json.loads(seeds("review", "show", first["id"], "--json").stdout)
    assert shown == first
    seeds("review", "decide", first["id"], "dispute", "--reviewer", "ana")
    decided = json.loads(seeds("review", "show", first["id"], "--json").stdout)
    assert decided["status"] == "decided" and decided["decision"]["action"] == "dispute"
    assert decided["decision"]["reviewer"] == "ana"
    seeds("match")
    diff = json.loads(seeds("diff", "--json").stdout)
    assert set(diff) >= {"from", "to", "new", "resolved", "changed"}


def test_export_as_json_lines(seeds):
    whole = json.loads(seeds("export").stdout)["records"]
    lines = seeds("export", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == whole


def test_review_next_without_a_terminal_reads_standard_input(seeds):
    """A pipe and no controlling terminal, as under cron or CI: answers come from stdin, never a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "reconcile", "--db", seeds.url, "review", "next", "--reviewer", "ana"],
        input="z\nd\nq\n",
        capture_output=True,
        text=True,
        start_new_session=True,  # no /dev/tty to fall back on
        env={**os.environ, "COLUMNS": "200"},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "'z' is not an answer here: [a] accept  [d] dispute  [r] reject  [s] skip  [u] undo  [q] quit" in result.stdout
    )
    assert "1 decision(s) recorded in this walk." in result.stderr
