"""Reminders that arrive: a push reaches the service worker, shows a notification, and a
tap brings the app forward on the right page.

The push is delivered through the Chrome DevTools Protocol
(``ServiceWorker.deliverPushMessage``), as a push service would hand it over, already
decrypted. CDP cannot tap a notification, so the worker's own ``notificationclick``
listener is run by dispatching a ``NotificationEvent`` built on the notification shown.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, CDPSession, Page, Worker, expect

from tests.browser.support import make_account, requires_chromium, sign_in
from tracker.reminders.webpush import payload

pytestmark = [pytest.mark.browser, requires_chromium]

# What the server sends (tracker/reminders/webpush.py), as the push service hands it over.
MORNING = json.loads(payload("morning"))
EVENING = json.loads(payload("evening"))

NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications()).map((n) => ({
    title: n.title, body: n.body, tag: n.tag, icon: n.icon, data: n.data,
  }));
}"""

CLICK = """async (tag) => {
  const [notification] = await self.registration.getNotifications({ tag });
  const event = new NotificationEvent("notificationclick", { notification });
  try {
    self.dispatchEvent(event);
  } catch {
    // waitUntil refuses an event the browser did not send; the listener ran all the same
  }
  return true;
}"""


def _app_open(page: Page, context: BrowserContext, app: Flask, path: str = "/") -> None:
    """Signed in, on `path`, with the service worker in control of the page."""
    context.grant_permissions(["notifications"])
    sign_in(context, make_account(app))
    page.goto(path)
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def _registration_id(page: Page, cdp: CDPSession, scope: str) -> str:
    """The id CDP knows the registration by: announced once the domain is enabled."""
    found: list[dict[str, Any]] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: found.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        live = [r for r in found if r["scopeURL"] == scope and not r["isDeleted"]]
        if live:
            return str(live[-1]["registrationId"])
        page.wait_for_timeout(50)  # lets Playwright hand over the events
    raise AssertionError(f"no service worker registration for {scope}: {found}")


def _push(page: Page, context: BrowserContext, live_server: str, payload: object) -> None:
    """Delivered once the page's service worker is active and in control: a push sent to a
    registration whose worker is still activating after a navigation can be dropped by the
    browser, which a test would read as the app showing nothing."""
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null"
        " && navigator.serviceWorker.controller.state === 'activated'"
    )
    cdp = context.new_cdp_session(page)
    registration = _registration_id(page, cdp, f"{live_server}/")
    data = payload if isinstance(payload, str) else json.dumps(payload)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server, "registrationId": registration, "data": data},
    )
    cdp.detach()


def _shown(page: Page, count: int = 1) -> list[dict[str, Any]]:
    """The notifications on screen, once there are `count` (showing one takes a moment)."""
    deadline = time.monotonic() + 10
    while len(shown := page.evaluate(NOTIFICATIONS)) != count:
        assert time.monotonic() < deadline, f"{len(shown)} notifications shown, not {count}"
        page.wait_for_timeout(50)
    return list(shown)


def _worker(context: BrowserContext, live_server: str) -> Worker:
    for worker in context.service_workers:
        if worker.url == f"{live_server}/sw.js":
            return worker
    return context.wait_for_event("serviceworker")


def test_a_pushed_morning_reminder_is_shown_with_our_icon_and_no_more(
    page: Page, context: BrowserContext, app: Flask, live_server: str
) -> None:
    _app_open(page, context, app)
    _push(page, context, live_server, {**MORNING, "pain": 7, "note": "sore"})
    [shown] = _shown(page)
    assert shown == {
        "title": "FirstStep",
        "body": "Time for your first-step check-in",
        "tag": "firststep-morning",
        "icon": f"{live_server}/static/icons/icon-192.png",
        "data": {"url": "/"},
    }


def test_a_second_reminder_with_the_same_tag_replaces_the_first(
    page: Page, context: BrowserContext, app: Flask, live_server: str
) -> None:
    _app_open(page, context, app)
    _push(page, context, live_server, MORNING)
    _shown(page)
    _push(page, context, live_server, {**MORNING, "body": "Still time for your check-in"})
    deadline = time.monotonic() + 10
    while [n["body"] for n in page.evaluate(NOTIFICATIONS)] != ["Still time for your check-in"]:
        assert time.monotonic() < deadline, page.evaluate(NOTIFICATIONS)
        page.wait_for_timeout(50)


def test_an_unreadable_push_still_shows_a_plain_reminder_that_opens_today(
    page: Page, context: BrowserContext, app: Flask, live_server: str
) -> None:
    """Browsers require a notification for every push; an odd payload must not show junk."""
    _app_open(page, context, app)
    _push(page, context, live_server, "not json")
    [shown] = _shown(page)
    assert shown["title"] == "FirstStep"
    assert shown["body"] == "Time for your check-in."
    assert shown["data"] == {"url": "/"}


def test_a_payload_cannot_send_a_tap_to_another_site(
    page: Page, context: BrowserContext, app: Flask, live_server: str
) -> None:
    _app_open(page, context, app)
    worker = _worker(context, live_server)
    targets = worker.evaluate(
        """[
          "/log", "/?from=push#top", "https://evil.example/log", "//evil.example/log",
          "/\\\\evil.example/log", "javascript:alert(1)", "log", "", null, 7,
        ].map(notificationUrl)"""
    )
    assert targets == ["/log", "/?from=push#top", "/", "/", "/", "/", "/", "/", "/", "/"]
    _push(page, context, live_server, {**EVENING, "url": "https://evil.example/log"})
    [shown] = _shown(page)
    assert shown["data"] == {"url": "/"}


def test_tapping_the_evening_reminder_moves_the_open_window_to_log(
    page: Page, context: BrowserContext, app: Flask, live_server: str
) -> None:
    _app_open(page, context, app, "/history")
    _push(page, context, live_server, EVENING)
    _shown(page)
    _worker(context, live_server).evaluate(CLICK, "firststep-evening")
    page.wait_for_url(f"{live_server}/log")
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()
    assert context.pages == [page]  # the same window, not a second one
    assert page.evaluate(NOTIFICATIONS) == []  # the tapped notification is gone


def test_tapping_the_morning_reminder_with_no_window_open_opens_today(
    page: Page, context: BrowserContext, app: Flask, live_server: str
) -> None:
    """With no window of the app, the worker opens one. Only a real tap may open a window,
    so the test records what the worker asks for instead."""
    _app_open(page, context, app, "/log")
    _push(page, context, live_server, MORNING)
    _shown(page)
    worker = _worker(context, live_server)
    page.goto("about:blank")
    opened = worker.evaluate(
        """async (click) => {
          const asked = [];
          self.clients.openWindow = async (url) => { asked.push(url); return null; };
          await eval(click)("firststep-morning");
          const tick = () => new Promise((resolve) => { setTimeout(resolve, 20); });
          for (let i = 0; i < 50 && !asked.length; i += 1) await tick();
          return asked;
        }""",
        CLICK,
    )
    assert opened == [f"{live_server}/"]
