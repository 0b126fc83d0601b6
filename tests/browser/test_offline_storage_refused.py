"""Offline in a browser that will not store anything: the page must say "not saved".

Private browsing, a full disk or a broken database make IndexedDB refuse the outbox's
write. The entry then exists only on the screen: the page must say so, keep every value
in the form for a retry, and never claim "Saved on this device". Online, the same
broken storage must not stand in the way of a write the server can take.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.api.helpers import earlier_today
from tests.browser.support import (
    OUTBOX,
    api_get,
    api_post,
    make_account,
    requires_chromium,
    sign_in,
)

pytestmark = [pytest.mark.browser, requires_chromium]

NOISE = ("net::ERR_INTERNET_DISCONNECTED", "Failed to load resource")
STORE_TIMEOUT_MS = 5_000
"""outbox.js gives a silent IndexedDB this long before it counts as a refusal."""
NOT_SAVED = "Not saved: this browser would not store it offline"

# Firefox's private mode and a profile whose database cannot be opened: open() fails.
OPEN_FAILS = """(() => {
  IDBFactory.prototype.open = function () {
    const request = {
      result: undefined,
      error: new DOMException("The database could not be opened.", "UnknownError"),
    };
    setTimeout(() => request.onerror && request.onerror(new Event("error")), 0);
    return request;
  };
})();"""

# A full disk: the database opens, but the write is refused with QuotaExceededError.
PUT_REFUSED = """(() => {
  IDBObjectStore.prototype.put = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
})();"""

# A database held by something else: open() never answers at all.
OPEN_HANGS = """(() => {
  IDBFactory.prototype.open = function () { return {}; };
})();"""


def _quota_of_nothing(page: Page, context: BrowserContext) -> None:
    """A real full disk: Chromium's own quota for the site set to one byte (zero means "no
    override"), so the transaction aborts with QuotaExceededError, as on a full phone."""
    cdp = context.new_cdp_session(page)
    origin = page.evaluate("() => location.origin")
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 1})


BREAKERS: dict[str, Callable[[Page, BrowserContext], None]] = {
    "open-fails": lambda page, _context: page.add_init_script(OPEN_FAILS),
    "put-refused": lambda page, _context: page.add_init_script(PUT_REFUSED),
    "open-hangs": lambda page, _context: page.add_init_script(OPEN_HANGS),
    "quota-full": _quota_of_nothing,
}


@pytest.fixture(autouse=True)
def _offline_noise(page: Page, console_errors: list[str]) -> Iterator[None]:
    """Offline, Chromium reports each failed request on the console: the state under
    test, not a fault of the page. Left out before the page's own check of the console."""
    yield
    console_errors[:] = [e for e in console_errors if not any(n in e for n in NOISE)]


def _sync(page: Page, breaker: str) -> None:
    """One pass of the outbox. With a database that never answers, each of its reads waits
    the page's 5 s first: that clock is run forward while the pass is under way."""
    if breaker != "open-hangs":
        page.evaluate(f"async () => (await {OUTBOX}).sync()")
        return
    page.evaluate(f"() => {{ window.__sync = (async () => (await {OUTBOX}).sync())(); }}")
    page.clock.run_for(3 * STORE_TIMEOUT_MS)
    page.evaluate("() => window.__sync")


@pytest.mark.parametrize("breaker", sorted(BREAKERS))
def test_an_offline_check_in_the_browser_will_not_store_is_shown_as_not_saved(
    page: Page,
    context: BrowserContext,
    app: Flask,
    breaker: str,
) -> None:
    sign_in(context, make_account(app))
    page.goto("/")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    BREAKERS[breaker](page, context)
    if breaker == "open-hangs":  # the page's clock, so its 5 s waits are run, not waited out
        page.clock.install()
    page.reload()
    expect(page.locator("html[data-offline-ready]")).to_be_attached()

    context.set_offline(True)
    heel = page.get_by_role("group", name="Right heel")
    stiffness = page.get_by_role("group", name="Morning stiffness")
    heel.get_by_text("6", exact=True).tap()
    stiffness.get_by_text("3", exact=True).tap()
    page.get_by_text("Anything unusual?").tap()
    page.get_by_label("Note (optional)").fill("Stairs at work")
    save = page.get_by_role("button", name="Save", exact=True)
    save.tap()
    if breaker == "open-hangs":
        page.clock.run_for(STORE_TIMEOUT_MS)  # a silent database is given 5 s

    alert = page.locator('#checkin-form [data-error-for="_form"]')
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(NOT_SAVED)
    expect(alert).to_contain_text("Your entry is still here")
    expect(page.get_by_text("Saved on this device")).to_have_count(0)
    expect(page.locator("#checkin-summary")).to_be_hidden()
    expect(page.locator("#outbox")).to_be_hidden()  # nothing is waiting: nothing was kept
    expect(heel.get_by_role("radio", name="6")).to_be_checked()
    expect(stiffness.get_by_role("radio", name="3")).to_be_checked()
    expect(page.get_by_label("Note (optional)")).to_have_value("Stairs at work")
    expect(save).to_be_enabled()
    assert api_get(context, "/api/v1/checkins") == []

    context.set_offline(False)
    save.tap()
    expect(page.locator("#summary-saved")).to_be_visible()
    expect(page.locator('[data-slot="pain_right"]')).to_have_text("6")
    expect(alert).to_be_hidden()
    _sync(page, breaker)  # nothing left over to send a second time
    checkins = api_get(context, "/api/v1/checkins")
    assert [(c["pain_right"], c["stiffness"], c["notes"]) for c in checkins] == [
        (6, 3, "Stairs at work")
    ]


def test_an_offline_session_the_browser_will_not_store_is_shown_as_not_saved(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    sign_in(context, make_account(app))
    page.add_init_script(OPEN_FAILS)
    page.goto("/log")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()

    context.set_offline(True)
    page.locator(".chips").get_by_text("Frozen bottle roll", exact=True).tap()
    page.get_by_label("Minutes").fill("7")
    page.get_by_text("Tool and note (optional)").tap()
    page.get_by_label("Tool", exact=True).fill("Bottle from the freezer")
    save = page.get_by_role("button", name="Save session")
    save.tap()

    alert = page.locator('#session-form [data-error-for="_form"]')
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(NOT_SAVED)
    expect(page.get_by_text("Saved on this device")).to_have_count(0)
    expect(page.locator("#outbox")).to_be_hidden()
    expect(page.get_by_role("checkbox", name="Frozen bottle roll")).to_be_checked()
    expect(page.get_by_label("Minutes")).to_have_value("7")
    expect(page.get_by_label("Tool", exact=True)).to_have_value("Bottle from the freezer")
    expect(save).to_be_enabled()
    assert api_get(context, "/api/v1/sessions") == []

    context.set_offline(False)
    save.tap()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    expect(alert).to_be_hidden()
    expect(page.get_by_label("Minutes")).to_have_value("")  # a fresh form for the next one
    page.evaluate(f"async () => (await {OUTBOX}).sync()")
    sessions = api_get(context, "/api/v1/sessions")
    assert [(s["techniques"], s["duration_s"], s["tool"]) for s in sessions] == [
        (["frozen-bottle"], 420, "Bottle from the freezer")
    ]


@pytest.mark.parametrize("script", [OPEN_FAILS, OPEN_HANGS], ids=["open-fails", "open-hangs"])
def test_online_a_broken_indexeddb_does_not_stop_a_save(
    page: Page, context: BrowserContext, app: Flask, script: str
) -> None:
    sign_in(context, make_account(app))
    page.add_init_script(script)
    page.goto("/")
    page.get_by_role("group", name="Right heel").get_by_text("2", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.locator("#summary-saved")).to_be_visible(timeout=3000)
    expect(page.get_by_text("Saved. Have a good day.")).to_be_visible()
    assert [c["pain_right"] for c in api_get(context, "/api/v1/checkins")] == [2]

    page.goto("/log")
    page.locator(".chips").get_by_text("Frozen bottle roll", exact=True).tap()
    page.get_by_label("Minutes").fill("5")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Session saved.")).to_be_visible(timeout=3000)
    assert [s["duration_s"] for s in api_get(context, "/api/v1/sessions")] == [300]


def test_an_offline_delete_the_browser_will_not_keep_comes_back_with_a_reason(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    csrf = sign_in(context, make_account(app))
    api_post(
        context,
        csrf,
        "/api/v1/sessions",
        {
            "client_id": str(uuid.uuid4()),
            "started_at": earlier_today(),
            "duration_s": 480,
            "foot": "right",
            "techniques": ["frozen-bottle"],
            "pressure": 3,
            "notes": "After a long shift",
        },
    )
    page.add_init_script(OPEN_FAILS)
    page.clock.install()
    page.goto("/history")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    entry = page.locator("[data-entry]", has_text="After a long shift")

    context.set_offline(True)
    page.get_by_role("button", name="Delete session").tap()
    expect(entry).to_be_hidden()
    page.clock.run_for(7000)  # the undo window closes: the delete would be sent now
    expect(entry).to_be_visible()
    expect(page.get_by_text("Not deleted: this browser would not keep it offline")).to_be_visible()
    expect(page.locator("#outbox")).to_be_hidden()
    assert len(api_get(context, "/api/v1/sessions")) == 1

    context.set_offline(False)
    page.get_by_role("button", name="Delete session").tap()
    expect(entry).to_be_hidden()
    page.clock.run_for(7000)
    expect(page.get_by_role("button", name="Undo")).to_be_hidden()
    deadline = time.monotonic() + 8
    while api_get(context, "/api/v1/sessions"):
        assert time.monotonic() < deadline, "the delete never reached the server"
        time.sleep(0.1)
    expect(entry).to_have_count(0)


def test_a_waiting_check_in_is_not_called_saved_when_the_outbox_cannot_be_read(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    sign_in(context, make_account(app))
    page.goto("/")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    context.set_offline(True)
    page.get_by_role("group", name="Right heel").get_by_text("5", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.locator("#summary-pending")).to_be_visible()

    page.evaluate(
        """() => {
          IDBObjectStore.prototype.getAll = function () {
            throw new DOMException("The database could not be read.", "UnknownError");
          };
        }"""
    )
    page.evaluate(
        f"async () => (await {OUTBOX}).sync()"
    )  # a sync pass that cannot read what it holds
    page.wait_for_timeout(500)
    expect(page.locator("#summary-pending")).to_be_visible()
    expect(page.locator("#summary-saved")).to_be_hidden()
    assert api_get(context, "/api/v1/checkins") == []
