"""Hostile and broken input files: each gets one `Error:` line per problem naming the file (and the JSON path),
never a traceback; the batch goes on and the good files are stored, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile import db, limits
from reconcile.models import Entity, EntityAlias, Finding, Report, Source
from reconcile.review.queue import queue
from tests.factories import ReportBuilder, meeting_report


def report() -> ReportBuilder:
    return meeting_report("Badr Jamous", "head of the SNC")


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def stored_ids(db_url: str) -> list[str]:
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        ids = sorted(session.scalars(select(Report.id)))
    engine.dispose()
    return ids


def errors_of(result: Any) -> list[str]:
    assert "Traceback" not in result.output + result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging the suite when a read blocks."""

    def expire(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets one field, given as a dotted path with list indexes (claims.0.span)."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _float_spans(data: dict[str, Any]) -> None:
    data["claims"][0]["span"] = [float(x) for x in data["claims"][0]["span"]]


def _key_with_nul(data: dict[str, Any]) -> None:
    data["claims"][0]["qualifiers"] = {"side\x00": "p1"}


HOSTILE_JSON = [
    (
        "surrogate",
        _set("title", "x\ud800"),
        ["$.title: holds a lone surrogate (U+D800) at character 1, which is not Unicode text"],
    ),
    (
        "float-spans",
        _float_spans,
        ["$.claims[0].span[0]: 13.0 is not of type 'integer'", "$.claims[0].span[1]: 28.0 is not of type 'integer'"],
    ),
    (
        "nul-title",
        _set("title", "a\x00b"),
        ["$.title: holds a NUL character (U+0000) at character 1, which text cannot hold"],
    ),
    (
        "nul-text",
        _set("text", "Badr Jamous, head of the SNC, met Ali Hassan to discuss the ceasefire.\x00"),
        ["$.text: holds a NUL character (U+0000) at character 70, which text cannot hold"],
    ),
    (
        "nul-key",
        _key_with_nul,
        [
            "$.claims[0].qualifiers: a field name holds a NUL character (U+0000) at character 4, "
            "which text cannot hold",
            "$.claims[0].qualifiers: unknown field(s) ('side\\x00' was unexpected)",
        ],
    ),
    (
        "name-301",
        _set("entities.0.name", "B" * 301),
        [f"$.entities[0].name: {'B' * 60!r}… (301 characters) is too long"],
    ),
    (
        "event-name-301",
        _set("events.0.name", "m" * 301),
        [f"$.events[0].name: {'m' * 60!r}… (301 characters) is too long"],
    ),
    ("source-201", _set("source", "s" * 201), [f"$.source: {'s' * 60!r}… (201 characters) is too long"]),
    ("title-501", _set("title", "t" * 501), [f"$.title: {'t' * 60!r}… (501 characters) is too long"]),
    ("url-2001", _set("url", "u" * 2001), [f"$.url: {'u' * 60!r}… (2,001 characters) is too long"]),
    (
        "id-121",
        _set("id", "i" * 121),
        [f"$.id: {'i' * 60!r}… (121 characters) does not match '^[A-Za-z0-9][A-Za-z0-9_.:-]{{0,119}}$'"],
    ),
    (
        "local-id-61",
        _set("entities.0.id", "p" * 61),
        [f"$.entities[0].id: {'p' * 60!r}… (61 characters) does not match '^[A-Za-z0-9_.-]{{1,60}}$'"],
    ),
    (
        "rule-81",
        _set("claims.0.rule", "r" * 81),
        [f"$.claims[0].rule: {'r' * 60!r}… (81 characters) does not match '^[a-z0-9_.:-]{{1,80}}$'"],
    ),
    ("language-4", _set("language", "engl"), ["$.language: 'engl' does not match '^[a-z]{2,3}$'"]),
    (
        "negative-span",
        _set("claims.0.span", [-1, 5]),
        ["$.claims[0].span[0]: -1 is less than the minimum of 0"],
    ),
    (
        "huge-span",
        _set("claims.0.span", [0, 10**70]),
        [f"$.claims[0].span: [0, {str(10**70)[:60]}… (71 characters)] runs past the end of the text (length 70)"],
    ),
]


@pytest.mark.parametrize(("name", "mutate", "messages"), HOSTILE_JSON, ids=[case[0] for case in HOSTILE_JSON])
def test_hostile_json_is_one_error_per_problem_and_the_batch_goes_on(cli, db_url, tmp_path, name, mutate, messages):
    data = report().data
    mutate(data)
    bad = write_json(tmp_path / f"{name}.json", data)
    ok = report().write(tmp_path, "ok")
    result = cli("run", bad, ok)
    assert result.exit_code == 1
    assert errors_of(result) == [f"Error: {bad}: {message}" for message in messages]
    assert "1 added" in result.stderr and "1 failed" in result.stderr
    assert stored_ids(db_url) == ["ok"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep", '{"source": "x", "title": ' + "[" * 1000 + "]" * 1000 + "}", "$: nested deeper than 32 levels"),
        ("digits", '{"source": "x", "title": ' + "9" * 5000 + "}", "$: invalid JSON: a number has too many digits"),
    ],
)
def test_json_the_parser_cannot_take_is_refused_before_parsing(cli, db_url, tmp_path, name, content, message):
    bad = tmp_path / f"{name}.json"
    bad.write_text(content, encoding="utf-8")
    result = cli("run", bad, report().write(tmp_path, "ok"))
    assert result.exit_code == 1
    [error] = errors_of(result)
    assert error.startswith(f"Error: {bad}: {message}")
    assert stored_ids(db_url) == ["ok"]


def test_every_bad_file_of_a_batch_is_named(cli, db_url, tmp_path):
    """Before, the first crashing file ended the batch and the errors of the others were never printed."""
    bad = []
    for name, mutate, _ in HOSTILE_JSON:
        data = report().data
        mutate(data)
        bad.append(write_json(tmp_path / f"{name}.json", data))
    report().write(tmp_path, "zz-ok")
    result = cli("ingest", tmp_path)
    assert result.exit_code == 1
    named = {line.split(": $", 1)[0].removeprefix("Error: ") for line in errors_of(result)}
    assert named == {str(path) for path in bad}
    assert stored_ids(db_url) == ["zz-ok"]


def test_a_file_name_that_is_not_utf8(cli, db_url, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    name = os.fsdecode(os.fsencode(folder) + b"/caf\xe9")
    write_json(Path(name + ".json"), report().data)
    Path(name + ".txt").write_text("Badr Jamous met Ali Hassan in Geneva.\n", encoding="utf-8")
    result = cli("ingest", folder)
    assert result.exit_code == 1
    assert errors_of(result) == [
        f"Error: {folder}/caf\\xe9.json: $: the report id taken from the file name is not UTF-8 text: "
        'rename the file or give an "id"'
    ]
    engine = db.make_engine(db_url)
    with Session(engine) as session:  # the plain report's id is made from its name; its path is kept readable
        assert session.execute(select(Report.id, Report.path)).all() == [("caf_", f"{folder}/caf\\xe9.txt")]
    engine.dispose()


def test_a_file_name_too_long_for_an_id_is_refused_and_one_at_the_limit_is_stored(cli, db_url, tmp_path):
    too_long = report().write(tmp_path, "i" * (limits.REPORT_ID + 1))
    at_limit = report().write(tmp_path, "é" * limits.REPORT_ID)
    result = cli("ingest", too_long, at_limit)
    assert errors_of(result) == [
        f"Error: {too_long}: $: the report id taken from the file name is 121 characters long; at most 120 are "
        'allowed: rename the file or give an "id"'
    ]
    assert stored_ids(db_url) == ["é" * limits.REPORT_ID]


def test_values_at_every_limit_are_stored_and_matched(cli, db_url, tmp_path):
    """Lengths count characters, as PostgreSQL's VARCHAR does: multi-byte text at the limit fits. Folding can
    lengthen a name (ß -> ss) and a long quote is a finding's member: neither may overflow its column."""
    topic, person = "q" * 400, "p" * limits.LOCAL_ID
    for name in ("a", "b"):
        builder = ReportBuilder(
            f"Badr Jamous, head of the SNC, met Ali Hassan and the Straße group to discuss {topic}.",
            source="ś" * limits.SOURCE,
            title="ť" * limits.TITLE,
            url="ú" * limits.URL,
            published="2024-09-04",
            id=name * limits.REPORT_ID,
        )
        builder.entity(person, "person", "Badr Jamous").entity("p2", "person", "Ali Hassan")
        builder.entity("o1", "organisation", "ß" * limits.NAME, "Straße group")
        builder.event("m1", "é" * limits.NAME, "met")
        builder.claim(person, "title", "head of the SNC").claim("m1", "topic", topic)
        builder.claim("m1", "attendee", "Badr Jamous", obj=person).claim("m1", "attendee", "Ali Hassan", obj="p2")
        builder.data["claims"][0]["rule"] = "r" * limits.RULE
        builder.write(tmp_path, name)
    result = cli("run", tmp_path)
    assert result.exit_code == 0, result.stderr
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 2
        assert session.scalar(select(Source.name)) == "ś" * limits.SOURCE
        assert "ß" * limits.NAME in session.scalars(select(Entity.name))
        assert max(len(key) for key in session.scalars(select(EntityAlias.key))) == limits.NAME
        members = session.scalars(select(Finding.member).where(Finding.property == "topic")).all()
        assert members == ["q" * limits.NAME]
    engine.dispose()


def test_same_stem_in_two_folders_is_an_error_naming_both(cli, db_url, tmp_path):
    reuters, afp = tmp_path / "outlets" / "afp", tmp_path / "outlets" / "reuters"
    for folder in (reuters, afp):
        folder.mkdir(parents=True)
        (folder / "2024-09-04.txt").write_text("Badr Jamous met Ali Hassan in Geneva.\n", encoding="utf-8")
    first, later = reuters / "2024-09-04.txt", afp / "2024-09-04.txt"
    result = cli("ingest", tmp_path / "outlets")
    assert result.exit_code == 1
    assert errors_of(result) == [
        f"Error: {later}: $: report id '2024-09-04' is already taken in this batch by {first}; "
        'rename one of the files or give it its own "id"'
    ]
    assert "1 added, 0 replaced" in result.stderr
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        assert session.execute(select(Report.id, Report.path)).all() == [("2024-09-04", str(first))]
    engine.dispose()


def test_raw_txt_and_raw_html_collide_and_a_daily_rerun_stays_unchanged(cli, db_url, tmp_path):
    (tmp_path / "raw.html").write_text(
        "<html><body><article><p>Badr Jamous met Ali Hassan in Geneva to discuss the ceasefire and the "
        "prisoners.</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "raw.txt").write_text("Badr Jamous met Ali Hassan in Geneva.\n", encoding="utf-8")
    result = cli("ingest", tmp_path)
    assert errors_of(result) == [
        f"Error: {tmp_path / 'raw.txt'}: $: report id 'raw' is already taken in this batch by "
        f'{tmp_path / "raw.html"}; rename one of the files or give it its own "id"'
    ]
    again = cli("ingest", tmp_path / "raw.html")
    assert again.exit_code == 0 and "1 unchanged" in again.stderr
    assert stored_ids(db_url) == ["raw"]


@pytest.mark.parametrize("suffix", [".json", ".txt"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(cli, db_url, tmp_path, suffix):
    pipe = tmp_path / f"pipe{suffix}"
    os.mkfifo(pipe)
    with time_limit(20):
        result = cli("ingest", pipe, report().write(tmp_path, "ok"))
    assert errors_of(result) == [f"Error: {pipe}: $: not a regular file (a named pipe); only files are read"]
    assert stored_ids(db_url) == ["ok"]


def test_a_device_behind_a_report_name_is_refused_unread(cli, db_url, tmp_path):
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    result = cli("ingest", zero, report().write(tmp_path, "ok"))
    assert errors_of(result) == [f"Error: {zero}: $: not a regular file (a device); only files are read"]
    assert stored_ids(db_url) == ["ok"]


def test_json_has_the_size_limit_of_plain_reports(cli, db_url, tmp_path):
    big = tmp_path / "big.json"
    data = report().data
    data["padding"] = " " * limits.MAX_FILE_BYTES
    write_json(big, data)
    result = cli("ingest", big)
    assert errors_of(result) == [f"Error: {big}: $: file is 5,000,886 bytes; reports over 5 MB are not read"]
    assert stored_ids(db_url) == []


def test_a_huge_bad_value_is_named_not_printed(cli, db_url, tmp_path):
    bad = tmp_path / "huge.json"
    data = report().data
    data["title"] = "x" * 4_000_000
    data["colour" * 100_000] = 1
    write_json(bad, data)
    result = cli("ingest", bad)
    errors = errors_of(result)
    assert errors == [
        f"Error: {bad}: $: unknown field(s) ({'colour' * 10!r}… (600,000 characters) was unexpected)",
        f"Error: {bad}: $.title: {'x' * 60!r}… (4,000,000 characters) is too long",
    ]


def test_long_front_matter_values_are_refused_or_cut_and_named_briefly(cli, db_url, tmp_path):
    source = tmp_path / "source.md"
    source.write_text(f"---\nsource: {'s' * 201}\n---\nBadr Jamous met Ali Hassan.\n", encoding="utf-8")
    line = tmp_path / "line.md"
    line.write_text(f"---\n{'?' * 10_000}\n---\nBadr Jamous met Ali Hassan.\n", encoding="utf-8")
    title = tmp_path / "title.md"
    title.write_text(f"---\ntitle: {'t' * 501}\n---\nBadr Jamous met Ali Hassan.\n", encoding="utf-8")
    result = cli("ingest", source, line, title)
    assert errors_of(result) == [
        f"Error: {source}: $.source: {'s' * 60!r}… (201 characters) is too long",
        f"Error: {line}: $: front matter line 2 is not 'key: value': {'?' * 60!r}… (10,000 characters)",
    ]
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        assert session.scalar(select(Report.title)) == "t" * limits.TITLE
    engine.dispose()


def test_review_texts_over_their_column_or_not_storable_are_refused(cli, db_url, tmp_path, fixtures_dir):
    assert cli("run", fixtures_dir / "gold").exit_code == 0
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        label = queue(session, kind="conflict")[0].target.label
    engine.dispose()

    def refused(*options: str) -> str:
        result = cli("review", "decide", label, "accept", "a value no report gives", *options)
        assert result.exit_code == 1
        [error] = errors_of(result)
        return error

    assert refused("--source", "s" * 501, "--reviewer", "ana") == (
        f"Error: {label}: --source is 501 characters long; at most 500 are allowed"
    )
    assert refused("--source", "x", "--reviewer", "r" * 121) == (
        f"Error: {label}: --reviewer is 121 characters long; at most 120 are allowed"
    )
    assert refused("--source", "x", "--reviewer", "ana", "--note", "a\x00b") == (
        f"Error: {label}: --note holds a NUL character (U+0000) at character 1, which text cannot hold"
    )
    assert refused("--source", "x", "--reviewer", os.fsdecode(b"an\xe9")) == (
        f"Error: {label}: --reviewer holds a lone surrogate (U+DCE9) at character 2, which is not Unicode text"
    )
    accepted = cli("review", "decide", label, "accept", "v", "--source", "s" * 500, "--reviewer", "r" * 120)
    assert accepted.exit_code == 0, accepted.stderr


@pytest.mark.parametrize("label", ["F\x00", "F" + "0" * 5000, os.fsdecode(b"F\xff")])
def test_an_item_label_no_item_can_have_is_not_found(cli, label):
    result = cli("review", "show", label)
    assert result.exit_code == 1
    [error] = errors_of(result)
    assert error.endswith("no finding, event link, entity pair or claim has this id (see `reconcile review list`)")
    assert len(error) < 200
