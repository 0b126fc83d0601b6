"""No signal in the bedroom: log offline, reopen the app offline, sync exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import OUTBOX, api_get, make_account, requires_chromium, shoot, sign_in

pytestmark = [pytest.mark.browser, requires_chromium]

# While offline, Chromium reports each failed request on the console; those are the
# offline state being exercised, not a fault of the page.
OFFLINE_NOISE = "net::ERR_INTERNET_DISCONNECTED"


def test_offline_entries_wait_on_the_phone_then_reach_the_server_once(
    page: Page,
    context: BrowserContext,
    app: Flask,
    screenshots: Path,
    console_errors: list[str],
) -> None:
    sign_in(context, make_account(app))
    page.goto("/")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()

    context.set_offline(True)
    expect(page.get_by_text("Offline", exact=True)).to_be_visible()
    page.get_by_role("group", name="Right heel").get_by_text("5", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.locator("#summary-pending")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting to sync")).to_be_visible()

    page.get_by_role("link", name="Log", exact=True).tap()  # served by the service worker
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()
    # The panel comes in above the form once the outbox is read: a tap before it may land
    # on the row it pushes into place.
    expect(page.get_by_role("heading", name="Waiting to sync")).to_be_visible()
    page.locator(".chips").get_by_text("Frozen bottle roll", exact=True).tap()
    page.get_by_label("Minutes").fill("6")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Saved on this device.")).to_be_visible()
    expect(page.locator("#outbox-list li")).to_have_count(2)

    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()
    expect(page.locator("#outbox-list li")).to_have_count(2)
    page.get_by_role("link", name="Settings", exact=True).tap()  # not kept: needs a network
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    shoot(page, screenshots, "offline-page")
    page.get_by_role("link", name="Today", exact=True).tap()
    expect(page.locator("#summary-pending")).to_be_visible()
    expect(page.locator('[data-slot="pain_right"]')).to_have_text("5")
    shoot(page, screenshots, "today-offline-waiting")
    page.get_by_role("link", name="History", exact=True).tap()
    expect(page.get_by_role("heading", name="History")).to_be_visible()

    context.set_offline(False)
    expect(page.locator("#outbox")).to_be_hidden(timeout=15_000)
    page.evaluate(f"async () => (await {OUTBOX}).sync()")  # a late retry changes nothing
    page.reload()
    expect(page.locator(".entry")).to_have_count(2)

    checkins = api_get(context, "/api/v1/checkins")
    sessions = api_get(context, "/api/v1/sessions")
    assert [c["pain_right"] for c in checkins] == [5]
    assert [(s["techniques"], s["duration_s"]) for s in sessions] == [(["frozen-bottle"], 360)]
    console_errors[:] = [e for e in console_errors if OFFLINE_NOISE not in e]


def test_today_counts_the_sessions_waiting_to_sync(
    page: Page, context: BrowserContext, app: Flask, console_errors: list[str]
) -> None:
    """ "0 of 2" while a session waits on the phone read as nothing done: it says it waits,
    and once it syncs it joins the count without a reload."""
    sign_in(context, make_account(app))
    page.goto("/")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    context.set_offline(True)
    page.get_by_role("link", name="Log", exact=True).tap()
    page.locator(".chips").get_by_text("Frozen bottle roll", exact=True).tap()
    page.get_by_label("Minutes").fill("6")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Saved on this device.")).to_be_visible()

    page.get_by_role("link", name="Today", exact=True).tap()

    line = page.locator("#sessions-done")
    expect(line).to_contain_text("0 of 2 planned sessions done, 1 waiting to sync. Aim")
    icons = page.evaluate(
        """async () => {
            const link = document.querySelector("link[rel=manifest]");
            const manifest = await (await fetch(link.href)).json();
            return Promise.all(manifest.icons.map(async (icon) => (await fetch(icon.src)).ok));
        }"""
    )
    assert icons == [True, True, True, True]  # the installed app's icons, offline
    context.set_offline(False)
    expect(page.locator("#sessions-waiting")).to_be_hidden(timeout=15_000)
    expect(line.locator("strong")).to_have_text("1 of 2")
    page.reload()
    expect(line.locator("strong")).to_have_text("1 of 2")
    assert len(api_get(context, "/api/v1/sessions")) == 1
    console_errors[:] = [e for e in console_errors if OFFLINE_NOISE not in e]


def test_a_session_too_short_to_count_never_joins_todays_count(
    page: Page, context: BrowserContext, app: Flask, console_errors: list[str]
) -> None:
    """A 20 s session (a timer started by mistake) is kept, but the server does not count it
    as a session done: Today's count must not say otherwise while it waits or once it syncs."""
    sign_in(context, make_account(app))
    page.goto("/")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    context.set_offline(True)
    page.evaluate(
        f"""async () => (await {OUTBOX}).submit({{
            method: "POST", url: "/api/v1/sessions", kind: "session", label: "Session of 20 s",
            body: {{client_id: crypto.randomUUID(), started_at: new Date().toISOString(),
                    duration_s: 20, techniques: ["ball-roll"], foot: "right", pressure: 4}},
        }})"""
    )
    expect(page.locator("#outbox")).to_be_visible()  # it waits on the phone...
    line = page.locator("#sessions-done")
    expect(page.locator("#sessions-waiting")).to_be_hidden()  # ...but not toward the plan
    expect(line.locator("strong")).to_have_text("0 of 2")
    context.set_offline(False)
    page.evaluate(f"async () => (await {OUTBOX}).sync()")
    expect(page.locator("#outbox")).to_be_hidden(timeout=15_000)
    expect(line.locator("strong")).to_have_text("0 of 2")
    assert [s["duration_s"] for s in api_get(context, "/api/v1/sessions")] == [20]
    page.reload()
    expect(line.locator("strong")).to_have_text("0 of 2")
    console_errors[:] = [e for e in console_errors if OFFLINE_NOISE not in e]
