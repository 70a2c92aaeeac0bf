"""A reviewer in a real browser: Debian's chromium, driven headless by Playwright, against the app served by
uvicorn over a test database. Loads the queue, opens the Franceschi title conflict, accepts a value through
the form, and sees the item decided with that value.

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
from playwright.sync_api import Browser, expect, sync_playwright

from reconcile.web.app import create_app
from reconcile.web.hosts import Hosts

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER_ENV = "RECONCILE_REQUIRE_BROWSER"
FRANCESCHI_TITLE = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)
TIMEOUT_MS = 15_000


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

    expect(page.locator("#status")).to_have_text("decided")
    expect(page.locator("#published")).to_have_text(FRANCESCHI_TITLE)
    expect(page.locator("#record")).to_contain_text("browser-reviewer")
    expect(page.get_by_role("table").last).to_contain_text("live")

    page.goto(server + "/?status=decided")
    expect(page.get_by_role("row").filter(has_text="Natasha Franceschi")).to_have_count(1)
    page.close()
