"""The real app on a local port, driven by Debian's Chromium at a phone's size.

One server and one browser per test run (starting Chromium costs a second); a
fresh browser context per test, so cookies, storage, caches and the service
worker never leak from one test into the next. Every page a test opens is
watched for console errors and uncaught exceptions: any of them fails the test.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

from tests.browser.support import CHROMIUM, PHONE, SCREENSHOTS
from tracker.analysis.model import load_statistics
from tracker.extensions import limiter

LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _rate_limits_as_configured(app: Flask) -> None:
    """Flask-Limiter keeps ``enabled`` on the one shared extension object, so the last app
    built in this process decides for all; tests/test_factory.py builds one with limits on.
    These tests sign up many people from one address: put this app's setting back."""
    limiter.enabled = app.config["RATELIMIT_ENABLED"]


def closed_when_done(app: Flask) -> Callable[..., Iterable[bytes]]:
    """The app with each response closed as soon as its last byte is handed over.

    werkzeug's development server closes a response (a static file's handle) only after
    draining the socket, and a browser that drops the connection first (a page left
    mid-load, a closed context) makes that drain raise before the close: the open file
    was then found by the garbage collector in a later test, as an unraisable
    ResourceWarning. gunicorn, which production runs, closes it either way."""

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        response = app(environ, start_response)
        try:
            yield from response
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    # As production's wsgi.py does: the statistics libraries are loaded before the first
    # request, not by the first dashboard page (3 s of CPU, more on a busy machine).
    load_statistics()
    server = make_server("127.0.0.1", 0, closed_when_done(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, and CI={os.environ.get('CI')!r} says the browser tests "
            "must run: install it with `apt-get install chromium` (.ci/run does)."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    phone = browser.new_context(base_url=live_server, **PHONE)
    phone.set_default_timeout(10_000)
    yield phone
    phone.close()


@pytest.fixture
def axe_context(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    """A phone that lets axe-core in: our CSP forbids a script that is not ours, so only
    this context bypasses it (every other test keeps it). Its pages open in light mode;
    a test switches one to dark with the page open (test_accessibility.switch_scheme), so
    both schemes are checked on one load."""
    context = browser.new_context(
        base_url=live_server, color_scheme="light", bypass_csp=True, **PHONE
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def page(context: BrowserContext, console_errors: list[str]) -> Iterator[Page]:
    tab = context.new_page()
    tab.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    tab.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    yield tab
    assert console_errors == [], f"console errors on {tab.url}: {console_errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
