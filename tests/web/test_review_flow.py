"""Working down the queue in the web app, through FastAPI's TestClient: a decision goes on to the next open item and
says what it decided, every item links to the open item after it, the link page shows both accounts whole, and the
queue filters by severity and outlet."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reconcile.models import Claim, Mention, Report, Source
from reconcile.queries import pair_of
from reconcile.review.decisions import Ruling
from reconcile.review.queue import Item, queue, queue_page
from reconcile.review.service import decide
from tests.review.test_entity_rulings import STUDENT
from tests.web.helpers import SCRIPT, parse

FRANCESCHI_TITLE = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)
SNC = "Syrian Negotiation Commission Media Office"  # the outlet of the seed release, 002_…
UNATTRIBUTED = "Unattributed article"  # the outlet of the undated article, 000_…
CLOSING = {"conflict": "reject", "variant": "reject", "addition": "reject", "link": "different", "entities": "split"}


def _open(engine) -> list[Item]:
    with Session(engine) as session:
        return queue(session, "open")


def _labels(html: str) -> list[str]:
    return [n.text for n in parse(html).elements if n.tag == "a" and n.attrs.get("href", "").startswith("/items/")]


def test_a_decision_goes_on_to_the_first_open_item_and_says_what_it_decided(seeds, engine, client):
    first, second = _open(engine)[:2]
    form = {"action": "accept", "value": FRANCESCHI_TITLE, "reviewer": "ana"}
    response = client.post(f"/items/{first.target.label}/decide", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/items/{second.target.label}?decided={first.target.label}")
    page = parse(client.get(response.headers["location"]).text)
    decided = page.by_id("decided")
    assert " ".join(decided.text.split()) == f"Decided {first.target.label}: accept “{FRANCESCHI_TITLE}”. ← back to it"
    [back] = [n for n in page.elements if n.tag == "a" and n.text == "← back to it"]
    assert back.attrs["href"] == f"/items/{first.target.label}"
    assert page.by_id("status").text == "open"


def test_a_withdrawal_says_the_item_is_open_again_and_goes_on_past_it(seeds, engine, client):
    label = _open(engine)[0].target.label
    client.post(f"/items/{label}/decide", data={"action": "reject", "reviewer": "ana"})
    response = client.post(f"/items/{label}/decide", data={"action": "withdraw", "reviewer": "ana"})
    assert response.status_code == 200
    page = parse(response.text)
    assert page.by_id("decided").text.startswith(f"Withdrew the decision on {label}: it is open again.")
    assert page.by_id("status").text == "open"
    assert f"/items/{label}" not in str(response.url)


def test_the_last_open_item_decided_goes_to_the_queue_with_the_confirmation(seeds, engine, client):
    for _ in range(100):  # ruling on the link re-matches, so the queue is read again after each decision
        items = _open(engine)
        if len(items) == 1:
            break
        decide(engine, items[0].target.label, Ruling(CLOSING[items[0].kind], reviewer="ana"))
    [last] = _open(engine)
    form = {"action": CLOSING[last.kind], "reviewer": "ana"}
    response = client.post(f"/items/{last.target.label}/decide", data=form, follow_redirects=False)
    assert response.headers["location"].endswith(f"/?decided={last.target.label}")
    html = client.get(response.headers["location"]).text
    assert parse(html).by_id("decided").text.startswith(f"Decided {last.target.label}: {CLOSING[last.kind]}.")
    assert "Nothing to review." in html


def test_a_refused_decision_stays_on_the_item(seeds, engine, client):
    label = _open(engine)[0].target.label
    response = client.post(f"/items/{label}/decide", data={"action": "accept", "reviewer": "ana"})
    assert response.status_code == 400
    page = parse(response.text)
    assert page.alerts()[0].startswith(f"Not recorded: {label}: accept needs the value")
    assert [n for n in page.elements if n.attrs.get("id") == "decided"] == []


@pytest.mark.parametrize("decided", ["Fnothere", SCRIPT, "", "never decided"])
def test_a_confirmation_of_no_decision_is_left_out(seeds, engine, client, decided):
    label = _open(engine)[0].target.label
    for url in (f"/items/{label}", "/"):
        response = client.get(url, params={"decided": label if decided == "never decided" else decided})
        assert response.status_code == 200
        assert 'id="decided"' not in response.text and SCRIPT not in response.text


def test_each_item_links_to_the_open_item_after_it_coming_round_at_the_end(seeds, engine, client):
    labels = [i.target.label for i in _open(engine)]
    for label, following in zip(labels, labels[1:] + labels[:1], strict=True):
        assert parse(client.get(f"/items/{label}").text).by_id("next").attrs["href"] == f"/items/{following}"


def test_a_decided_item_links_to_the_open_item_after_its_place(seeds, engine, client):
    second, third, fourth = (i.target.label for i in _open(engine)[1:4])
    client.post(f"/items/{third}/decide", data={"action": "reject", "reviewer": "ana"})
    assert parse(client.get(f"/items/{third}").text).by_id("next").attrs["href"] == f"/items/{fourth}"
    assert parse(client.get(f"/items/{second}").text).by_id("next").attrs["href"] == f"/items/{fourth}"


def test_the_keys_offered_are_the_items_own(seeds, engine, client):
    finding, link = (i.target.label for i in _open(engine)[:2])
    legends = {label: parse(client.get(f"/items/{label}").text).by_id("keys").text.split() for label in (finding, link)}
    assert legends[finding][:6] == ["a", "accept", "d", "dispute", "r", "reject"]
    assert legends[link][:4] == ["y", "same", "n", "different"]
    assert "accept" not in legends[link]


def test_the_link_page_shows_both_accounts_whole_with_their_claims_marked(seeds, engine, client):
    [link] = [i for i in _open(engine) if i.kind == "link"]
    page = parse(client.get(f"/items/{link.target.label}").text)
    headings = [" ".join(n.text.split()) for n in page.elements if n.tag == "h3"]
    assert headings == [
        "Unattributed article 000_644f3aaadc5aa323",
        f"{SNC}, 2024-09-26 002_c7978846b180afeb",
        "Why the matcher is unsure",
    ]
    with Session(engine) as session:
        claims = session.scalars(select(Claim).where(Claim.mention_id.in_(pair_of(link.target.key)))).all()
        texts = {report: text for report, text in session.execute(select(Report.id, Report.text))}
    boxes = [n for n in page.elements if n.attrs.get("class") == "text"]
    assert [b.text for b in boxes] == [texts["000_644f3aaadc5aa323"], texts["002_c7978846b180afeb"]]
    titles = {line for m in page.marks for line in m.attrs["title"].split("\n")}
    assert titles == {f"{c.property}: {c.value}" for c in claims}
    assert {m.attrs["class"] for m in page.marks} == {"link"}
    reasons = " ".join(page.by_id("reasons").text.split())
    assert link.reasons and all(" ".join(r.split()) in reasons for r in link.reasons)


def test_the_link_page_shows_outlet_names_and_claims_as_text(seeds, engine, client):
    [link] = [i for i in _open(engine) if i.kind == "link"]
    low, _ = pair_of(link.target.key)
    with Session(engine) as session, session.begin():
        session.execute(update(Source).where(Source.name == UNATTRIBUTED).values(name=f"Wire {SCRIPT}"))
        session.execute(update(Mention).where(Mention.id == low).values(name=f"meeting {SCRIPT}"))
        session.execute(update(Claim).where(Claim.mention_id == low).values(value=f"<b>{SCRIPT}</b>"))
    html = client.get(f"/items/{link.target.label}").text
    assert SCRIPT not in html and "<b>" not in html
    page = parse(html)
    assert all("alert" not in s.text for s in page.scripts)
    assert f"Wire {SCRIPT}" in page.elements[[n.tag for n in page.elements].index("h3")].text
    assert any(f"<b>{SCRIPT}</b>" in m.attrs["title"] for m in page.marks)
    assert any(n.tag == "strong" and n.text == f"meeting {SCRIPT}" for n in page.elements)
    queue_html = client.get("/").text
    assert SCRIPT not in queue_html
    assert f"Wire {SCRIPT}" in [n.text for n in parse(queue_html).elements if n.tag == "option"]


def test_the_queue_offers_every_outlet_and_severity(seeds, client):
    options = [(n.attrs["value"], n.text) for n in parse(client.get("/").text).elements if n.tag == "option"]
    assert [v for v, _ in options if v in (SNC, UNATTRIBUTED)] == [SNC, UNATTRIBUTED]
    assert [v for v, _ in options if v in ("high", "medium", "low", "none")] == ["high", "medium", "low", "none"]


@pytest.mark.parametrize("severity", ["medium", "low"])
def test_the_queue_filters_by_severity(seeds, engine, client, severity):
    labels = _labels(client.get("/", params={"severity": severity, "status": "all"}).text)
    with Session(engine) as session:
        every = queue(session)
    assert labels == [i.target.label for i in every if i.severity == severity]
    assert labels


@pytest.mark.parametrize(("outlet", "report"), [(SNC, "002_c7978846b180afeb"), (UNATTRIBUTED, "000_644f3aaadc5aa323")])
def test_the_queue_filters_by_outlet_of_the_evidence(seeds, engine, client, outlet, report):
    labels = _labels(client.get("/", params={"source": outlet}).text)
    with Session(engine) as session:
        every = queue(session, "open")  # every item with its evidence read
        link = next(i for i in every if i.kind == "link")
        mentions = session.scalars(select(Mention.report_id).where(Mention.id.in_(pair_of(link.target.key)))).all()
    cited = [i.target.label for i in every if report in {e.report for e in i.evidence} or i.kind == "link"]
    assert labels == cited
    assert report in mentions and link.target.label in labels  # a link counts for the outlet of either report
    assert len(labels) < len(every)  # the other report's additions are left out


def test_the_outlet_filter_counts_before_paging(seeds, engine):
    with Session(engine) as session:
        whole = queue_page(session, "open", source=SNC)
        page = queue_page(session, "open", limit=5, offset=5, source=SNC)
        assert page.total == whole.total and [i.target.label for i in page.items] == [
            i.target.label for i in whole.items[5:10]
        ]
        assert queue_page(session, "open", source="No such outlet").total == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"severity": "urgent"}, "severity one of high, medium, low, none or empty"),
        ({"source": "No such outlet"}, "source must be an outlet in the store; 'No such outlet' is none"),
    ],
)
def test_the_queue_refuses_an_unknown_severity_or_outlet(seeds, client, query, message):
    response = client.get("/", params=query)
    assert response.status_code == 400
    assert message in parse(response.text).alerts()[0]


def test_an_entity_pair_shows_how_each_report_writes_the_names_and_counts_for_both_outlets(
    seeds, engine, client, tmp_path
):
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "003_student.txt").write_text(STUDENT, encoding="utf-8")
    assert seeds("run", folder).exit_code == 0
    [pair] = [i for i in _open(engine) if i.kind == "entities"]
    response = client.get(f"/items/{pair.target.label}")
    assert response.status_code == 200
    page = parse(response.text)
    assert "Campus Paper, 2024-09-28 003_student" in [" ".join(n.text.split()) for n in page.elements if n.tag == "h3"]
    assert "Hani Al-Bahra" in page.runs and {m.attrs["class"] for m in page.marks} == {"entities"}
    assert page.by_id("keys").text.split()[:4] == ["y", "merge", "n", "split"]
    for outlet in ("Campus Paper", UNATTRIBUTED):
        assert pair.target.label in _labels(client.get("/", params={"source": outlet}).text)
    assert pair.target.label not in _labels(client.get("/", params={"source": SNC}).text)


def test_a_struck_claim_has_its_page_with_its_trail_and_a_withdraw_button(seeds, client):
    report = json.loads(seeds("report", "-f", "json").stdout)
    claim = next(v["claim"] for e in report["entities"] for f in e["findings"] for v in f["values"] if "claim" in v)
    assert seeds("review", "strike", claim, "--reviewer", "ana").exit_code == 0
    response = client.get(f"/items/{claim}")
    assert response.status_code == 200
    page = parse(response.text)
    assert "struck out: the matcher leaves it out" in response.text
    buttons = {n.attrs.get("value") for n in page.elements if n.tag == "button"}
    assert "withdraw" in buttons and "strike" in buttons
    assert page.by_id("status").text == "decided"
