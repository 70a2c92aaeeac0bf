"""The review web app: the queue, one item's evidence side by side, and a form that decides it.

It is another edge beside cli.py: every page reads through reconcile.review.queue and every decision goes
through reconcile.review.service.decide, so the browser and `reconcile review decide` obey the same rules and
write the same table. Templates autoescape everything, because report text, names and values come from outside.

A decision moves the reviewer on to the next open item, which says what was just decided and links back to it,
so a desk works down the queue without going back to the list; the item page takes the keys `review next` takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from reconcile import settings
from reconcile.db import session_scope
from reconcile.errors import LockTimeoutError
from reconcile.lock import Turns
from reconcile.models import Severity
from reconcile.report.build import KIND_ORDER
from reconcile.report.html import Segment, Span, highlight, report_texts
from reconcile.review.decisions import ACTIONS, WITHDRAW, ReviewError, Ruling, history
from reconcile.review.queue import KINDS, STATUSES, Evidence, Item, QueuePage, find, queue
from reconcile.review.queue import queue_page as read_queue
from reconcile.review.service import decide
from reconcile.review.sides import Account, Byline, bylines, link_accounts, outlets
from reconcile.review.walk import ENTITY_KEYS, FINDING_KEYS, LINK_KEYS
from reconcile.web.hosts import Hosts

router = APIRouter()
PAGE_SIZE = 50  # queue items per page: a long queue is read and sent a page at a time
SEVERITIES = tuple(s.value for s in reversed(Severity))  # the worst first, as the select lists them
# Highlights rank overlapping spans by kind of finding; one item's spans are all of its kind, so any rank does.
ANY_RANK = next(iter(KIND_ORDER))
PAGES = Environment(
    # The report's templates too: the pages share its pieces (the scroll-to-highlight script).
    loader=ChoiceLoader([PackageLoader("reconcile.web", "templates"), PackageLoader("reconcile.report", "templates")]),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# What each action does, beside its button, and what a live decision means for the record, in the reviewer's words.
ACTION_HELP = {
    "accept": "publish the chosen value",
    "dispute": "publish it as disputed",
    "reject": "the finding is wrong (e.g. an extraction error)",
    "same": "one event: merge the two accounts",
    "different": "two events: never merge them",
    "merge": "one entity: merge the two",
    "split": "two entities: keep them apart",
    WITHDRAW: "take the live decision back: the item is open again",
}
OUTCOMES = {
    "dispute": "Published as disputed: the reports' values stand side by side.",
    "reject": "Rejected: the finding is wrong; nothing is published from it.",
    "same": "One event: the two accounts are merged.",
    "different": "Two events: the accounts are never merged.",
    "merge": "One entity: the two are merged.",
    "split": "Two entities: kept apart.",
}


@dataclass(frozen=True)
class Column:
    """One report's side of an item: who published it, its values with their sentences (or, for a link, the event
    as this report names it), and its text with them highlighted."""

    byline: Byline
    evidence: list[Evidence]
    segments: list[Segment]
    account: str = ""


@dataclass(frozen=True)
class Decided:
    """What the reviewer just decided, said at the top of the page a decision sends them on to, with a way back."""

    label: str
    sentence: str


class HostCheck:
    """Refuses, before any page or decision runs, a request whose Host is not one the server answers to."""

    def __init__(self, app: ASGIApp, hosts: Hosts) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.hosts.allows(Headers(scope=scope).get("host")):
            message = "refused: this server does not answer to that host name (see `reconcile serve --allow-host`)"
            await PlainTextResponse(message, status_code=400)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(engine: Engine, hosts: Hosts) -> FastAPI:
    """The app over `engine`, whose schema the caller has already checked (db.open_database), answering
    requests addressed to `hosts` only."""
    app = FastAPI(title="reconcile review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    app.include_router(router)
    app.add_middleware(HostCheck, hosts=hosts)
    return app


@router.get("/", response_class=HTMLResponse)
def queue_page(
    request: Request,
    status: str = "open",
    kind: str = "",
    severity: str = "",
    source: str = "",
    page: str = "1",
    decided: str = "",
) -> HTMLResponse:
    """The queue, conflicts first, filtered as `reconcile review list --status --kind` filters it and by severity and
    outlet, a page of PAGE_SIZE items at a time; `decided` names the item a decision just closed, when none is left
    open to go on to."""
    if status not in (*STATUSES, "all") or kind not in ("", *KINDS) or severity not in ("", *SEVERITIES):
        message = (
            f"status must be one of {', '.join((*STATUSES, 'all'))}; kind one of {', '.join(KINDS)} or empty; "
            f"severity one of {', '.join(SEVERITIES)} or empty"
        )
        return _page("error.html", 400, message=message)
    if not (page.isascii() and page.isdigit() and int(page) >= 1):
        return _page("error.html", 400, message=f"page must be a whole number from 1, not {page!r}")
    number = int(page)
    filters = {"status": status, "kind": kind, "severity": severity, "source": source}
    with session_scope(_engine(request), writes=False) as session:
        sources = outlets(session)
        if source and source not in sources:
            return _page("error.html", 400, message=f"source must be an outlet in the store; {source!r} is none")
        found = read_queue(
            session,
            None if status == "all" else status,
            kind or None,
            PAGE_SIZE,
            (number - 1) * PAGE_SIZE,
            severity=severity or None,
            source=source or None,
        )
        choices = {"statuses": (*STATUSES, "all"), "kinds": KINDS, "severities": SEVERITIES, "sources": sources}
        return _page(
            "queue.html",
            200,
            found=found,
            pages=_pages(found, filters, number),
            filters=filters,
            decided=_decided(session, decided),
            **choices,
        )


def _pages(found: QueuePage, filters: dict[str, str], number: int) -> dict[str, str]:
    """Links to the previous and next pages, keeping the filters; none past either end."""
    links = {}
    if number > 1:
        links["previous"] = "/?" + urlencode({**filters, "page": number - 1})
    if found.offset + len(found.items) < found.total:
        links["next"] = "/?" + urlencode({**filters, "page": number + 1})
    return links


@router.get("/items/{label}", response_class=HTMLResponse)
def item_page(request: Request, label: str, decided: str = "") -> HTMLResponse:
    """One item: each report's evidence side by side, its live decision and trail, and the forms to decide;
    `decided` names the item decided just before, which the page confirms."""
    return _item_response(_engine(request), label, decided=decided)


@router.post("/items/{label}/decide")
def decide_item(
    request: Request,
    label: str,
    action: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    corrected: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    reviewer: Annotated[str | None, Form()] = None,
) -> Response:
    """Record the decision and go on to the next open item (the queue, when none is left), which confirms it;
    a refused one shows the item again with why, and nothing written."""
    if not _same_origin(request):
        return _page("error.html", 403, message="refused: this form was posted from another site")
    chosen = corrected.strip() or value
    who = reviewer if reviewer is not None else settings.default_reviewer()
    ruling = Ruling(action, chosen or None, source.strip() or None, note.strip(), who)
    engine = _engine(request)
    try:
        decide(engine, label, ruling, Turns(settings.WEB_LOCK_WAIT_SECONDS))
    except (ReviewError, LockTimeoutError) as exc:
        return _item_response(engine, label, error=str(exc), posted=ruling)
    with session_scope(engine, writes=False) as session:
        following = _next_open(session, label.strip())
    there = request.url_for("queue_page") if following is None else request.url_for("item_page", label=following)
    return RedirectResponse(there.include_query_params(decided=label.strip()), status_code=303)


def _next_open(session: Session, done: str) -> str | None:
    """The label of the first open item in queue order other than the one just decided (a withdrawal leaves it
    open): the reviewer goes on down the queue from its top, where the most serious items are."""
    return next((i.target.label for i in queue(session, status="open", limit=2) if i.target.label != done), None)


def _decided(session: Session, label: str) -> Decided | None:
    """The confirmation of the latest decision on `label`, read from the store rather than the query string, which
    is the reviewer's to edit: none for no label, an unknown one, or an item never decided."""
    if not label:
        return None
    try:
        item = find(session, label)
    except ReviewError:
        return None
    trail = history(session, item.target)
    if not trail:
        return None
    name, latest = item.target.label, trail[-1]
    if latest.action == WITHDRAW:
        return Decided(name, f"Withdrew the decision on {name}: it is open again.")
    value = f" “{latest.value}”" if latest.value else ""
    return Decided(name, f"Decided {name}: {latest.action}{value}.")


def _item_response(
    engine: Engine, label: str, error: str = "", posted: Ruling | None = None, decided: str = ""
) -> HTMLResponse:
    """The item page; 404 for an unknown label, 400 when it carries a refused decision's message."""
    with session_scope(engine, writes=False) as session:
        try:
            item = find(session, label)
        except ReviewError as exc:
            return _page("error.html", 404, message=str(exc))
        buttons = _buttons(item)
        accepts = "accept" in ACTIONS[item.target.kind]
        following = read_queue(session, "open", limit=1, after=item.target.label).items
        context: dict[str, Any] = {
            "item": item,
            "columns": _link_columns(session, item) if item.kind == "link" else _columns(session, item),
            "trail": history(session, item.target),
            "error": error,
            "posted": posted or Ruling("", reviewer=settings.default_reviewer()),
            "accepts": accepts,
            "buttons": buttons,
            "keys": _keys(item, accepts, buttons),
            "next": following[0].target.label if following else None,
            "decided": _decided(session, decided),
            "help": ACTION_HELP,
            "outcomes": OUTCOMES,
        }
        return _page("item.html", 400 if error else 200, **context)


def _buttons(item: Item) -> list[str]:
    """The actions the item takes besides accept (which needs its value form); withdraw only when there is
    a live decision to take back."""
    return [a for a in ACTIONS[item.target.kind] if a != "accept" and (a != WITHDRAW or item.decision is not None)]


def _keys(item: Item, accepts: bool, buttons: list[str]) -> dict[str, str]:
    """The item page's keys: those `review next` takes for the actions this item offers, then skip and the legend."""
    walk = {"link": LINK_KEYS, "entities": ENTITY_KEYS}.get(item.kind, FINDING_KEYS)
    offered = {key: action for key, action in walk.items() if action in buttons or (action == "accept" and accepts)}
    return {**offered, "j": "next open item", "?": "hide or show these keys"}


def _columns(session: Session, item: Item) -> list[Column]:
    """A column per report, in the order the evidence lists them, each value's span marked in the text."""
    by_report: dict[str, list[Evidence]] = {}
    for evidence in item.evidence:
        by_report.setdefault(evidence.report, []).append(evidence)
    texts = report_texts(session, by_report)
    names = bylines(session, by_report)
    return [
        Column(names[report], found, _marked(texts[report], [(e.span, e.value) for e in found], item.kind))
        for report, found in by_report.items()
    ]


def _link_columns(session: Session, item: Item) -> list[Column]:
    """A column per account the link compares: its report's whole text with the claims of that event mention marked,
    each titled with its property and value, so a reviewer reads what each report says about its event in place."""
    accounts = link_accounts(session, item.target.key)
    reports = {a.report for a in accounts}
    texts = report_texts(session, reports)
    names = bylines(session, reports)
    return [Column(names[a.report], [], _marked(texts[a.report], _claim_notes(a), item.kind), a.name) for a in accounts]


def _claim_notes(account: Account) -> list[tuple[tuple[int, int], str]]:
    """Each claim's span with what it says, property and value, which its highlight shows as its title."""
    return [(c.span, f"{c.property}: {c.value}") for c in account.claims]


def _marked(text: str, notes: list[tuple[tuple[int, int], str]], kind: str) -> list[Segment]:
    """The text with each noted span marked, in the colour of the item's kind. `highlight` ranks overlapping spans
    by kind of finding, which a link or an entity pair is not; one item's spans are all of its kind: any rank does."""
    segments = highlight(text, [Span(start, end, ANY_RANK, note) for (start, end), note in notes])
    return [s._replace(kind=kind) if s.kind else s for s in segments]


def _same_origin(request: Request) -> bool:
    """A page on another site must not decide for the reviewer (cross-site request forgery): browsers send
    Origin with every form post, and ours names the host the app is served on."""
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _page(template: str, status_code: int, **context: Any) -> HTMLResponse:
    return HTMLResponse(PAGES.get_template(template).render(**context), status_code=status_code)
