"""A reviewer in a real browser: Debian's chromium, driven headless by Playwright, against the app served by
uvicorn over a test database. Loads the queue, opens the Franceschi title conflict, accepts a value through
the form, goes on to the next open item and back, and sees the item decided with that value; decides and skips
with the keys; reads the uncertain link's two accounts side by side; filters the queue; and does all of it on a
phone's screen.

Skipped only where no chromium is installed and RECONCILE_REQUIRE_BROWSER is unset; CI sets it (.ci/run
installs chromium), so there a missing browser fails instead of skipping.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, FloatRect, Page, expect, sync_playwright
from sqlalchemy.orm import Session

from reconcile.review.queue import Item, queue, queue_page
from reconcile.web.app import create_app
from reconcile.web.hosts import Hosts

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER_ENV = "RECONCILE_REQUIRE_BROWSER"
FRANCESCHI_TITLE = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)
TIMEOUT_MS = 15_000
SNC = "Syrian Negotiation Commission Media Office"  # the outlet of the seed release, 002_…
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium (never a browser Playwright downloads), or a skip that says how to get one."""
    if not CHROMIUM.exists():
        message = f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the browser test"
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(f"{message}; {REQUIRE_BROWSER_ENV} is set, so it is required", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def server(cli, engine, fixtures_dir) -> Iterator[str]:
    """The app over the seeds' database, served by uvicorn in a background thread on a free port."""
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # the port is ours from here on: no race with other tests for a free one
    host, port = sock.getsockname()
    server = uvicorn.Server(uvicorn.Config(create_app(engine, Hosts.serving(host, port)), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_until_started(server, thread)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    for _ in range(200):
        if server.started:
            return
        assert thread.is_alive(), "uvicorn stopped before it started serving"
        threading.Event().wait(0.05)
    pytest.fail("uvicorn did not start serving within 10 s", pytrace=False)


def test_a_reviewer_accepts_a_value_and_sees_the_item_decided(browser, server):
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server + "/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Natasha Franceschi").filter(has_text="conflict")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()

    expect(page.locator("#status")).to_have_text("open")
    expect(page.locator(".source mark").first).to_be_visible()
    page.get_by_label(FRANCESCHI_TITLE, exact=True).check()
    page.get_by_label("note").first.fill("matches the State Department's own release")
    page.get_by_label("reviewer").first.fill("browser-reviewer")
    page.get_by_role("button", name="Accept").click()

    expect(page.locator("#decided")).to_contain_text("Decided F")
    page.get_by_role("link", name="← back to it").click()
    expect(page.locator("#status")).to_have_text("decided")
    expect(page.locator("#published")).to_have_text(FRANCESCHI_TITLE)
    expect(page.locator("#record")).to_contain_text("browser-reviewer")
    expect(page.get_by_role("table").last).to_contain_text("live")

    page.goto(server + "/?status=decided")
    expect(page.get_by_role("row").filter(has_text="Natasha Franceschi")).to_have_count(1)
    page.close()


def _page(browser: Browser) -> Page:
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _boxes(page: Page, selector: str) -> list[FloatRect]:
    """Where each element the selector matches is drawn, in document order."""
    return [box for element in page.locator(selector).all() if (box := element.bounding_box()) is not None]


def _open(engine) -> list[Item]:
    with Session(engine) as session:
        return queue(session, "open")


def test_a_decision_goes_on_to_the_next_open_item_which_links_back_to_it(browser, server, engine):
    first, second = (i.target.label for i in _open(engine)[:2])
    page = _page(browser)
    page.goto(f"{server}/items/{first}")
    page.get_by_role("button", name="Dispute").click()

    expect(page).to_have_url(f"{server}/items/{second}?decided={first}")
    expect(page.locator("#decided")).to_have_text(f"Decided {first}: dispute. ← back to it")
    expect(page.get_by_role("heading", level=1)).to_contain_text(second)
    page.get_by_role("link", name="← back to it").click()
    expect(page).to_have_url(f"{server}/items/{first}")
    expect(page.locator("#status")).to_have_text("decided")
    expect(page.locator("#outcome")).to_contain_text("Published as disputed")
    page.close()


def test_the_keys_decide_skip_and_stay_out_of_typing(browser, server, engine):
    first, second, third = (i.target.label for i in _open(engine)[:3])
    page = _page(browser)
    page.goto(f"{server}/items/{first}")
    legend = page.locator("#keys")
    expect(legend).to_contain_text("a accept")
    page.keyboard.press("?")
    expect(legend).to_be_hidden()
    page.keyboard.press("?")
    expect(legend).to_be_visible()

    note = page.get_by_label("note").last
    note.fill("")
    note.press_sequentially("drj")  # typed into the note, not taken as keys
    page.locator("body").click(position={"x": 1, "y": 1})
    page.keyboard.press("Alt+d")
    page.keyboard.press("Control+r")
    expect(note).to_have_value("drj")
    expect(page).to_have_url(f"{server}/items/{first}")
    expect(page.locator("#status")).to_have_text("open")

    page.keyboard.press("a")  # no value chosen yet: the first value takes the focus
    expect(page.get_by_role("radio").first).to_be_focused()
    page.keyboard.press("ArrowDown")  # a radio keeps no key of ours: `a` again accepts the one chosen
    page.keyboard.press("a")
    expect(page).to_have_url(f"{server}/items/{second}?decided={first}")
    expect(page.locator("#decided")).to_contain_text(f"Decided {first}: accept")

    expect(page.locator("#next")).to_have_attribute("href", f"/items/{third}")
    page.keyboard.press("j")
    expect(page).to_have_url(f"{server}/items/{third}")
    page.keyboard.press("r")
    expect(page.locator("#decided")).to_have_text(f"Decided {third}: reject. ← back to it")

    page.goto(f"{server}/items/{second}")
    expect(page.locator("#keys")).to_contain_text("n different")
    page.keyboard.press("n")
    expect(page.locator("#decided")).to_have_text(f"Decided {second}: different. ← back to it")
    page.close()


def test_the_next_link_skips_without_script(browser, server, engine):
    first, second = (i.target.label for i in _open(engine)[:2])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server}/items/{first}")
    page.locator("#next").click()
    expect(page).to_have_url(f"{server}/items/{second}")
    context.close()


def test_the_link_page_shows_both_reports_with_the_reasons_beside_them(browser, server, engine):
    [link] = [i for i in _open(engine) if i.kind == "link"]
    page = _page(browser)
    page.goto(f"{server}/items/{link.target.label}")
    expect(page.locator(".source h3")).to_have_text(
        ["Unattributed article 000_644f3aaadc5aa323", f"{SNC}, 2024-09-26 002_c7978846b180afeb"]
    )
    expect(page.locator(".source mark[title='attendee: Badr Jamous']")).to_have_count(2)
    expect(page.locator("#reasons")).to_contain_text(link.reasons[0])
    assert len(_boxes(page, ".source")) == 2
    left, right, reasons = _boxes(page, ".source, #reasons")
    assert left["x"] < right["x"] < reasons["x"] and left["y"] == right["y"] == reasons["y"]
    page.close()


def test_the_queue_filters_by_severity_and_outlet_and_keeps_them(browser, server, engine):
    page = _page(browser)
    page.goto(server + "/")
    page.get_by_label("severity").select_option("low")
    page.get_by_label("source").select_option(SNC)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(
        f"{server}/?status=open&kind=&severity=low&source=Syrian+Negotiation+Commission+Media+Office"
    )
    expect(page.get_by_label("severity")).to_have_value("low")
    expect(page.get_by_label("source")).to_have_value(SNC)
    with Session(engine) as session:
        low = [i.target.label for i in queue(session, "open") if i.severity == "low"]
        expected = [i.target.label for i in queue_page(session, "open", severity="low", source=SNC).items]
    expect(page.locator("table.queue td:first-child a")).to_have_text(expected)
    assert 0 < len(expected) < len(low)
    page.close()


@pytest.mark.parametrize(("path", "columns_shown"), [("/", 0), ("/items/{conflict}", 2), ("/items/{link}", 3)])
def test_a_phone_screen_needs_no_sideways_scrolling(browser, server, engine, path, columns_shown):
    labels = {i.kind: i.target.label for i in reversed(_open(engine))}
    page = _page(browser)
    page.set_viewport_size(PHONE)
    page.goto(server + path.format(**labels))
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    columns = _boxes(page, ".source, #reasons")
    assert len(columns) == columns_shown
    assert len({box["x"] for box in columns}) <= 1  # the columns stack
    assert all(box["x"] + box["width"] <= PHONE["width"] for box in columns)
    page.close()


def test_a_value_is_accepted_on_a_phone(browser, server, engine):
    first = _open(engine)[0].target.label
    page = _page(browser)
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/items/{first}")
    page.get_by_label(FRANCESCHI_TITLE, exact=True).check()
    accept = page.get_by_role("button", name="Accept")
    box = accept.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    for field in page.locator("form.decide input:not([type=hidden]):not([type=radio])").all():
        field_box = field.bounding_box()
        assert field_box and field_box["x"] + field_box["width"] <= PHONE["width"]
    accept.click()
    expect(page.locator("#decided")).to_contain_text(f"Decided {first}: accept")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()
