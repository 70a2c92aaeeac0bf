"""The review web app: the queue, one item's evidence side by side, and a form that decides it.

It is another edge beside cli.py: every page reads through reconcile.review.queue and every decision goes
through reconcile.review.service.decide, so the browser and `reconcile review decide` obey the same rules and
write the same table. Templates autoescape everything, because report text, names and values come from outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from sqlalchemy import Engine
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from reconcile import settings
from reconcile.db import session_scope
from reconcile.errors import LockTimeoutError
from reconcile.lock import Turns
from reconcile.report.html import Segment, Span, highlight, report_texts
from reconcile.review.decisions import ACTIONS, WITHDRAW, ReviewError, Ruling, history
from reconcile.review.queue import KINDS, STATUSES, Evidence, Item, QueuePage, find
from reconcile.review.queue import queue_page as read_queue
from reconcile.review.service import decide
from reconcile.web.hosts import Hosts

router = APIRouter()
PAGE_SIZE = 50  # queue items per page: a long queue is read and sent a page at a time
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
    "merge": "one entity: merge the two for good",
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
    """One report's side of an item: its values with their sentences, and its text with them highlighted."""

    report: str
    evidence: list[Evidence]
    segments: list[Segment]


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
def queue_page(request: Request, status: str = "open", kind: str = "", page: str = "1") -> HTMLResponse:
    """The queue, conflicts first, filtered as `reconcile review list --status --kind` filters it, a page of
    PAGE_SIZE items at a time."""
    if status not in (*STATUSES, "all") or kind not in ("", *KINDS):
        message = f"status must be one of {', '.join((*STATUSES, 'all'))}; kind one of {', '.join(KINDS)} or empty"
        return _page("error.html", 400, message=message)
    if not (page.isascii() and page.isdigit() and int(page) >= 1):
        return _page("error.html", 400, message=f"page must be a whole number from 1, not {page!r}")
    number = int(page)
    with session_scope(_engine(request), writes=False) as session:
        found = read_queue(
            session, None if status == "all" else status, kind or None, PAGE_SIZE, (number - 1) * PAGE_SIZE
        )
        context = {"status": status, "kind": kind, "statuses": (*STATUSES, "all"), "kinds": KINDS}
        return _page("queue.html", 200, found=found, pages=_pages(found, status, kind, number), **context)


def _pages(found: QueuePage, status: str, kind: str, number: int) -> dict[str, str]:
    """Links to the previous and next pages, keeping the filters; none past either end."""
    links = {}
    if number > 1:
        links["previous"] = "/?" + urlencode({"status": status, "kind": kind, "page": number - 1})
    if found.offset + len(found.items) < found.total:
        links["next"] = "/?" + urlencode({"status": status, "kind": kind, "page": number + 1})
    return links


@router.get("/items/{label}", response_class=HTMLResponse)
def item_page(request: Request, label: str) -> HTMLResponse:
    """One item: each report's evidence side by side, its live decision and trail, and the forms to decide."""
    return _item_response(_engine(request), label)


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
    """Record the decision and show the item again; a refused one shows why, with nothing written."""
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
    return RedirectResponse(request.url_for("item_page", label=label), status_code=303)


def _item_response(engine: Engine, label: str, error: str = "", posted: Ruling | None = None) -> HTMLResponse:
    """The item page; 404 for an unknown label, 400 when it carries a refused decision's message."""
    with session_scope(engine, writes=False) as session:
        try:
            item = find(session, label)
        except ReviewError as exc:
            return _page("error.html", 404, message=str(exc))
        texts = report_texts(session, {e.report for e in item.evidence})
        context: dict[str, Any] = {
            "item": item,
            "columns": _columns(item, texts),
            "trail": history(session, item.target),
            "error": error,
            "posted": posted or Ruling("", reviewer=settings.default_reviewer()),
            "accepts": "accept" in ACTIONS[item.target.kind],
            "buttons": _buttons(item),
            "help": ACTION_HELP,
            "outcomes": OUTCOMES,
        }
        return _page("item.html", 400 if error else 200, **context)


def _buttons(item: Item) -> list[str]:
    """The actions the item takes besides accept (which needs its value form); withdraw only when there is
    a live decision to take back."""
    return [a for a in ACTIONS[item.target.kind] if a != "accept" and (a != WITHDRAW or item.decision is not None)]


def _columns(item: Item, texts: dict[str, str]) -> list[Column]:
    """A column per report, in the order the evidence lists them, each value's span marked in the text."""
    by_report: dict[str, list[Evidence]] = {}
    for evidence in item.evidence:
        by_report.setdefault(evidence.report, []).append(evidence)
    return [
        Column(report, found, highlight(texts.get(report, ""), [_span(item, e) for e in found]))
        for report, found in by_report.items()
    ]


def _span(item: Item, evidence: Evidence) -> Span:
    start, end = evidence.span
    return Span(start, end, item.kind, evidence.value)


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
