"""`reconcile review next` on the seeds: single-key answers, undo, skip, and Ctrl-C that keeps what was decided."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.cli import app
from reconcile.models import Decision
from reconcile.review.queue import queue


def _walk(cli, keys: str):
    """`review next` answered key by key, as a reviewer at a terminal would."""
    return cli.runner.invoke(app, ["--db", cli.url, "review", "next", "--reviewer", "ana"], input=keys)


def _decisions(engine) -> list[tuple[str, str | None, bool]]:
    with Session(engine) as session:
        return [(d.action, d.value, d.live) for d in session.scalars(select(Decision).order_by(Decision.id))]


def _first_open(engine):
    with Session(engine) as session:
        return queue(session, status="open")[0]


def test_accept_by_number_then_quit_records_one_decision(seeds, engine):
    first = _first_open(engine)
    assert first.kind == "conflict"  # conflicts come first
    result = _walk(seeds, "a1q")
    assert result.exit_code == 0, result.stderr
    assert "[a] accept" in result.stdout and "[u] undo" in result.stdout
    assert _decisions(engine) == [("accept", first.target.values[0], True)]
    assert "1 decision(s) recorded in this walk." in result.stderr


def test_undo_withdraws_the_last_decision_and_the_item_is_open_again(seeds, engine):
    first = _first_open(engine)
    result = _walk(seeds, "a1uq")
    assert result.exit_code == 0, result.stderr
    assert [(action, live) for action, _, live in _decisions(engine)] == [("accept", False), ("withdraw", True)]
    assert _first_open(engine).target.label == first.target.label


def test_skip_moves_on_and_a_link_takes_same_or_different(seeds, engine):
    first = _first_open(engine)
    result = _walk(seeds, "snq")
    assert result.exit_code == 0, result.stderr
    assert [action for action, _, _ in _decisions(engine)] == ["different"]
    assert _first_open(engine).target.label == first.target.label  # the skipped conflict is still open


def test_ctrl_c_stops_cleanly_and_keeps_what_was_decided(seeds, engine):
    result = _walk(seeds, "d\x03")
    assert result.exit_code == 130
    assert "Stopped: 1 decision(s) of this walk kept." in result.stderr
    assert "Traceback" not in result.stderr
    assert _decisions(engine) == [("dispute", None, True)]


def test_a_wrong_key_is_explained_and_nothing_is_decided(seeds, engine):
    result = _walk(seeds, "zq")
    assert result.exit_code == 0
    assert "'z' is not an answer here" in result.stdout
    assert _decisions(engine) == []
