"""The outbox against a flaky network: 100 sessions logged offline end as exactly 100 rows.

Once back online, every third request to the server is dropped before it arrives, and
every other third reaches the server, is stored, and then loses its answer (the client
gives up). The outbox must retry both kinds, and the server's client_id rule must turn
the second kind's retries into "already stored", never a duplicate.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser.support import OUTBOX, PHONE, make_account, requires_chromium, sign_in

pytestmark = [pytest.mark.browser, requires_chromium]

LOGS = 100
NOISE = ("net::ERR_", "Failed to load resource")


@pytest.fixture
def worker_free(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    """No service worker: Playwright's routing must see every request the outbox makes."""
    phone = browser.new_context(base_url=live_server, service_workers="block", **PHONE)
    phone.set_default_timeout(15_000)
    yield phone
    phone.close()


def test_a_hundred_offline_logs_reach_a_flaky_server_exactly_once(
    app: Flask, worker_free: BrowserContext, console_errors: list[str]
) -> None:
    sign_in(worker_free, make_account(app))
    page: Page = worker_free.new_page()
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    page.goto("/log")
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()

    worker_free.set_offline(True)
    queued = page.evaluate(
        """async (count) => {
          const outbox = await """
        + OUTBOX
        + """;
          const states = [];
          for (let n = 0; n < count; n++) {
            const started = new Date(Date.now() - (n + 1) * 60000).toISOString();
            const result = await outbox.submit({
              method: "POST", url: "/api/v1/sessions", kind: "session", label: `Session ${n}`,
              body: { client_id: outbox.uuid(), started_at: started, duration_s: 300,
                      foot: "right", techniques: ["stretch"], pressure: 3 },
            });
            states.push(result.state);
          }
          return states;
        }""",
        LOGS,
    )
    assert queued == ["queued"] * LOGS

    seen = {"posts": 0, "dropped": 0, "answer_lost": 0}

    def flaky(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        seen["posts"] += 1
        if seen["posts"] % 3 == 1:
            seen["dropped"] += 1
            route.abort("connectionreset")  # never reaches the server
        elif seen["posts"] % 3 == 2:
            route.fetch()  # the server stores it ...
            seen["answer_lost"] += 1
            route.abort("timedout")  # ... and the client never hears back
        else:
            route.continue_()

    page.route("**/api/v1/sessions", flaky)
    worker_free.set_offline(False)
    deadline = time.monotonic() + 90
    while page.evaluate(f"async () => (await (await {OUTBOX}).entries()).length") > 0:
        assert time.monotonic() < deadline, "the outbox did not drain"
        page.evaluate(
            f"async () => (await {OUTBOX}).sync()"
        )  # what the 30 s timer would do, sooner
    page.unroute("**/api/v1/sessions")

    response = worker_free.request.get("/api/v1/sessions?page_size=100&page=1")
    total = json.loads(response.headers["x-pagination"])["total"]
    assert total == LOGS
    assert seen["dropped"] >= 30 and seen["answer_lost"] >= 30
    assert page.evaluate(f"async () => (await (await {OUTBOX}).entries()).length") == 0
    console_errors[:] = [e for e in console_errors if not any(n in e for n in NOISE)]
    assert console_errors == []
