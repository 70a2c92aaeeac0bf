"""The review web app through FastAPI's TestClient: the queue, the item page, deciding through the form into the
same decision table as the CLI, refusals that write nothing, and source text shown as text."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.models import Decision
from reconcile.review.queue import Item, queue, queue_page
from reconcile.web.app import create_app
from reconcile.web.hosts import Hosts
from tests.web.helpers import BOLD_TOPIC, SCRIPT, SERVED, parse, script_reports

ROOT = Path(__file__).resolve().parents[2]
FRANCESCHI_TITLE = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)
SNC = "Syrian Negotiation Commission Media Office"  # the outlet of the seed release, 002_…; 000_… is unattributed


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


def _labels(html: str) -> list[str]:
    return [n.text for n in parse(html).elements if n.tag == "a" and n.attrs.get("href", "").startswith("/items/")]


def _pager(html: str) -> dict[str, str]:
    return {n.attrs["rel"]: n.attrs["href"] for n in parse(html).elements if n.tag == "a" and "rel" in n.attrs}


@pytest.mark.parametrize(
    ("status", "kind", "severity", "source"),
    [("all", "", "", ""), ("open", "addition", "", ""), ("open", "", "low", ""), ("all", "", "", SNC)],
)
def test_the_queue_pages_keep_the_filters_and_cover_the_queue_once(
    seeds, engine, client, monkeypatch, status, kind, severity, source
):
    monkeypatch.setattr("reconcile.web.app.PAGE_SIZE", 4)
    filters = urlencode({"status": status, "kind": kind, "severity": severity, "source": source})
    with Session(engine) as session:
        found = queue_page(
            session, None if status == "all" else status, kind or None, severity=severity or None, source=source or None
        )
        expected = [i.target.label for i in found.items]
    assert len(expected) > 8
    seen: list[str] = []
    url = f"/?{filters}"
    while True:
        html = client.get(url).text
        page = _labels(html)
        assert 1 <= len(page) <= 4
        shown = f"Items {len(seen) + 1}–{len(seen) + len(page)} of {len(expected)}."
        assert parse(html).by_id("count").text == shown
        links = _pager(html)
        assert ("prev" in links) == bool(seen)
        seen += page
        if "next" not in links:
            break
        assert links["next"] == f"/?{filters}&page={len(seen) // 4 + 1}"
        url = links["next"]
    assert seen == expected
    assert _labels(client.get(links["prev"]).text) == expected[len(seen) - len(page) - 4 : len(seen) - len(page)]


def test_a_page_past_the_end_says_how_long_the_queue_is(seeds, engine, client):
    with Session(engine) as session:
        total = len(queue(session, "open"))
    response = client.get("/?page=99")
    assert response.status_code == 200
    assert parse(response.text).by_id("count").text == f"No items on this page: the queue has {total}."
    assert _pager(response.text) == {"prev": "/?status=open&kind=&severity=&source=&page=98"}


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "١"])
def test_the_queue_refuses_a_page_that_is_not_a_whole_number(seeds, client, page):
    response = client.get("/", params={"page": page})
    assert response.status_code == 400
    assert parse(response.text).alerts() == [f"page must be a whole number from 1, not {page!r}"]


def test_the_queue_refuses_an_unknown_status(seeds, client):
    response = client.get("/?status=pending")
    assert response.status_code == 400
    assert parse(response.text).alerts()[0].startswith("status must be one of open, decided, reopened, all")


def test_the_item_page_shows_each_reports_evidence_side_by_side(seeds, engine, client):
    item = _item(engine, "conflict", "Franceschi")
    response = client.get(f"/items/{item.target.label}")
    assert response.status_code == 200
    page = parse(response.text)
    headings = [" ".join(n.text.split()) for n in page.elements if n.tag == "h3"]
    assert headings == [
        "Unattributed article 000_644f3aaadc5aa323",
        f"{SNC}, 2024-09-26 002_c7978846b180afeb",
    ]
    assert FRANCESCHI_TITLE in page.runs
    assert page.by_id("status").text == "open"
    radios = [n.attrs["value"] for n in page.elements if n.attrs.get("type") == "radio"]
    assert radios == list(item.target.values)


def test_an_unknown_item_is_404_with_the_reason(seeds, client):
    response = client.get("/items/Fnothere")
    assert response.status_code == 404
    assert parse(response.text).alerts() == [
        "Fnothere: no finding, event link, entity pair or claim has this id (see `reconcile review list`)"
    ]


def test_accepting_through_the_form_records_a_decision_and_shows_it(seeds, engine, client):
    label = _item(engine, "conflict", "Franceschi").target.label
    form = {"action": "accept", "value": FRANCESCHI_TITLE, "note": "state.gov bio", "reviewer": "ana"}
    response = client.post(f"/items/{label}/decide", data=form, follow_redirects=False)
    assert response.status_code == 303
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
    assert parse(response.text).by_id("decided").text.startswith(f"Decided {label}: same.")
    page = parse(client.get(f"/items/{label}").text)
    assert page.by_id("outcome").text.strip() == "One event: the two accounts are merged."
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
    same_site = client.post(f"/items/{label}/decide", data=form, headers={"origin": SERVED})
    assert same_site.status_code == 200
    assert _decisions(engine) == [("reject", None, "ana")]


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1.evil.example:8000", "localhost:8001"])
def test_a_request_for_another_host_is_refused_and_writes_nothing(seeds, engine, client, host):
    """DNS rebinding: a site that points its name at this machine sends its own Host and a matching Origin."""
    label = _item(engine, "conflict", "Franceschi").target.label
    headers = {"host": host, "origin": f"http://{host}"}
    form = {"action": "reject", "reviewer": "mallory"}
    responses = [
        client.get("/", headers=headers),
        client.get(f"/items/{label}", headers=headers),
        client.post(f"/items/{label}/decide", data=form, headers=headers, follow_redirects=False),
    ]
    for response in responses:
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text.startswith("refused: this server does not answer to that host name")
    assert _decisions(engine) == []


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"])
def test_the_loopback_names_of_the_served_port_are_answered(seeds, engine, client, host):
    label = _item(engine, "conflict", "Franceschi").target.label
    headers = {"host": host, "origin": f"http://{host}"}
    assert client.get("/", headers=headers).status_code == 200
    response = client.post(f"/items/{label}/decide", data={"action": "reject", "reviewer": "ana"}, headers=headers)
    assert response.status_code == 200
    assert _decisions(engine) == [("reject", None, "ana")]


def test_an_ipv6_server_answers_to_its_literal(seeds, engine):
    app = create_app(engine, Hosts.serving("::1", 8000))
    with TestClient(app, base_url="http://[::1]:8000") as client:
        assert client.get("/").status_code == 200
        assert client.get("/", headers={"host": "[::2]:8000"}).status_code == 400


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
    command += ["--allow-host", "review.example.org"]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/", process)
        assert "Natasha Franceschi" in body
        assert _status(port, f"localhost:{port}") == 200
        assert _status(port, "review.example.org") == 200
        assert _status(port, f"evil.example:{port}") == 400
        assert _status(port, None) == 400  # HTTP/1.0 lets a client leave Host out
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
    assert f"Review queue at http://127.0.0.1:{port}/" in (tmp_path / "serve.log").read_text()


def test_serve_refuses_an_allowed_host_that_is_not_a_host(cli):
    result = cli("serve", "--allow-host", "https://review.example.org")
    assert result.exit_code == 2
    assert "'https://review.example.org' is not a host" in result.stderr


def _status(port: int, host: str | None) -> int:
    """The status of a GET / sent by hand, with exactly this Host header (or none, over HTTP/1.0)."""
    request = f"GET / HTTP/1.1\r\nHost: {host}\r\n" if host is not None else "GET / HTTP/1.0\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(f"{request}Connection: close\r\n\r\n".encode())
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


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
