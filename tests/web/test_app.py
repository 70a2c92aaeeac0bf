"""The review web app through FastAPI's TestClient: the queue, the item page, deciding through the form into the
same decision table as the CLI, refusals that write nothing, and source text shown as text."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.models import Decision
from reconcile.review.queue import Item, queue
from reconcile.web.app import create_app
from tests.web.helpers import BOLD_TOPIC, SCRIPT, parse, script_reports

ROOT = Path(__file__).resolve().parents[2]
FRANCESCHI_TITLE = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)


@pytest.fixture
def seeds(cli, fixtures_dir):
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return cli


@pytest.fixture
def client(engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine)) as client:
        yield client


def _item(engine, kind: str, subject: str = "") -> Item:
    with Session(engine) as session:
        [item] = [i for i in queue(session, kind=kind) if subject in i.subject]
        return item


def _decisions(engine) -> list[tuple[str, str | None, str]]:
    with Session(engine) as session:
        return [(d.action, d.value, d.reviewer) for d in session.scalars(select(Decision).order_by(Decision.id))]


def test_the_queue_lists_the_open_items_conflicts_first(seeds, engine, client):
    response = client.get("/")
    assert response.status_code == 200
    conflict = _item(engine, "conflict", "Franceschi").target.label
    link = _item(engine, "link").target.label
    page = parse(response.text)
    labels = [n.text for n in page.elements if n.tag == "a" and n.attrs.get("href", "").startswith("/items/")]
    assert labels[0] == conflict
    assert link in labels
    with Session(engine) as session:
        assert len(labels) == len(queue(session, "open"))


@pytest.mark.parametrize(("query", "expected"), [("kind=link", "link"), ("kind=conflict", "conflict")])
def test_the_queue_filters_by_kind(seeds, engine, client, query, expected):
    page = parse(client.get(f"/?{query}").text)
    labels = [n.text for n in page.elements if n.tag == "a" and n.attrs.get("href", "").startswith("/items/")]
    assert labels == [_item(engine, expected).target.label]


def test_the_queue_refuses_an_unknown_status(seeds, client):
    response = client.get("/?status=pending")
    assert response.status_code == 400
    assert parse(response.text).alerts()[0].startswith("status must be one of open, decided, reopened, all")


def test_the_item_page_shows_each_reports_evidence_side_by_side(seeds, engine, client):
    item = _item(engine, "conflict", "Franceschi")
    response = client.get(f"/items/{item.target.label}")
    assert response.status_code == 200
    page = parse(response.text)
    sources = [n for n in page.elements if n.attrs.get("class") == "source"]
    assert [s.text.strip().splitlines()[0] for s in sources] == ["000_644f3aaadc5aa323", "002_c7978846b180afeb"]
    assert FRANCESCHI_TITLE in page.runs
    assert page.by_id("status").text == "open"
    radios = [n.attrs["value"] for n in page.elements if n.attrs.get("type") == "radio"]
    assert radios == list(item.target.values)


def test_an_unknown_item_is_404_with_the_reason(seeds, client):
    response = client.get("/items/Fnothere")
    assert response.status_code == 404
    assert parse(response.text).alerts() == [
        "Fnothere: no finding, event link or entity pair has this id (see `reconcile review list`)"
    ]


def test_accepting_through_the_form_records_a_decision_and_shows_it(seeds, engine, client):
    label = _item(engine, "conflict", "Franceschi").target.label
    form = {"action": "accept", "value": FRANCESCHI_TITLE, "note": "state.gov bio", "reviewer": "ana"}
    response = client.post(f"/items/{label}/decide", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/items/{label}")
    assert _decisions(engine) == [("accept", FRANCESCHI_TITLE, "ana")]
    page = parse(client.get(f"/items/{label}").text)
    assert page.by_id("status").text == "decided"
    assert page.by_id("published").text == FRANCESCHI_TITLE
    assert _item(engine, "conflict", "Franceschi").status == "decided"


def test_the_cli_sees_a_decision_taken_in_the_browser(seeds, engine, client):
    label = _item(engine, "conflict", "Franceschi").target.label
    client.post(f"/items/{label}/decide", data={"action": "dispute", "reviewer": "ana", "note": "both stand"})
    history = seeds("review", "history", label)
    assert history.exit_code == 0
    assert "ana: dispute — both stand" in history.stdout


def test_a_corrected_value_with_its_source(seeds, engine, client):
    label = _item(engine, "conflict", "Franceschi").target.label
    form = {"action": "accept", "corrected": "Deputy Assistant Secretary", "source": "state.gov", "reviewer": "ana"}
    assert client.post(f"/items/{label}/decide", data=form).status_code == 200
    assert _decisions(engine) == [("accept", "Deputy Assistant Secretary", "ana")]


def test_a_link_decided_same_merges_the_two_meetings(seeds, engine, client):
    label = _item(engine, "link").target.label
    response = client.post(f"/items/{label}/decide", data={"action": "same", "reviewer": "ana"})
    assert response.status_code == 200
    assert parse(response.text).by_id("outcome").text.strip() == "One event: the two accounts are merged."
    assert _decisions(engine) == [("same", None, "ana")]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"action": "same"},
            "{label}: action 'same' is not allowed for a finding; use one of: accept, dispute, reject",
        ),
        ({"action": "accept"}, "{label}: accept needs the value to publish: one of "),
        ({"action": "accept", "corrected": "Chief of Everything"}, "{label}: 'Chief of Everything' is not a value"),
        ({"action": "accept", "value": FRANCESCHI_TITLE, "reviewer": " "}, "{label}: no reviewer"),
    ],
)
def test_a_refused_decision_is_400_with_the_message_and_writes_nothing(seeds, engine, client, form, message):
    label = _item(engine, "conflict", "Franceschi").target.label
    response = client.post(f"/items/{label}/decide", data={"reviewer": "ana", **form})
    assert response.status_code == 400
    [alert] = parse(response.text).alerts()
    assert alert.startswith("Not recorded: " + message.format(label=label))
    assert _decisions(engine) == []


def test_the_reviewer_defaults_to_the_environment(seeds, engine, client, monkeypatch):
    monkeypatch.setenv("RECONCILE_REVIEWER", "desk-editor")
    label = _item(engine, "conflict", "Franceschi").target.label
    page = parse(client.get(f"/items/{label}").text)
    assert {n.attrs["value"] for n in page.elements if n.attrs.get("name") == "reviewer"} == {"desk-editor"}
    assert client.post(f"/items/{label}/decide", data={"action": "reject"}).status_code == 200
    assert _decisions(engine) == [("reject", None, "desk-editor")]


def test_a_form_posted_from_another_site_is_refused(seeds, engine, client):
    label = _item(engine, "conflict", "Franceschi").target.label
    form = {"action": "reject", "reviewer": "ana"}
    response = client.post(f"/items/{label}/decide", data=form, headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert _decisions(engine) == []
    same_site = client.post(f"/items/{label}/decide", data=form, headers={"origin": "http://testserver"})
    assert same_site.status_code == 200
    assert _decisions(engine) == [("reject", None, "ana")]


def test_source_text_is_escaped_on_every_page(cli, engine, client, tmp_path):
    assert cli("run", script_reports(tmp_path / "reports")).exit_code == 0
    label = _item(engine, "conflict", "Jamous").target.label
    pages = [client.get("/?status=all").text, client.get(f"/items/{label}").text]
    for html in pages:
        assert SCRIPT not in html and "<b>" not in html
        assert all("alert" not in s.text for s in parse(html).scripts)
    item = parse(pages[1])
    assert any(SCRIPT in n.text for n in item.elements if n.attrs.get("class") == "text")
    topic = _item(engine, "variant", "ceasefire").target.label  # the bold topic is its own variant
    assert BOLD_TOPIC in parse(client.get(f"/items/{topic}").text).runs


def test_serve_runs_the_app_on_the_given_port(seeds, db_url, tmp_path):
    """`reconcile serve` as a user starts it: a process listening on --port until it is stopped."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "reconcile", "--db", db_url, "serve", "--port", str(port)]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/", process)
        assert "Natasha Franceschi" in body
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
    assert f"Review queue at http://127.0.0.1:{port}/" in (tmp_path / "serve.log").read_text()


def _get_when_up(url: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "reconcile serve exited before serving"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    pytest.fail("reconcile serve did not answer within 60 s", pytrace=False)
