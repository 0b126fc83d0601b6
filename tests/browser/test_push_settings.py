"""Turning reminders on, on a phone: the switch asks for permission (only then), subscribes
this device, registers it with the server, and lists it; Remove deletes it. And the states
where it cannot: a browser without push, notifications blocked, a server not set up, offline.

Headless Chromium has no push service to reach (no internet here), so the page's
``PushManager.subscribe`` and ``getSubscription`` are replaced by an init script with a fake
subscription: a real P-256 key and auth secret (the server checks both), an endpoint at a
fake push service. Everything after the browser's part, the API and the database, is real.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from tests.browser.support import make_account, requires_chromium, sign_in
from tests.browser.test_push import CLICK, _push, _shown, _worker
from tests.reminders.push_helpers import Browser, FakePushService, decrypt
from tracker.extensions import db
from tracker.models import Checkin, PushSubscription, User
from tracker.reminders.service import run_tick, vapid_from
from tracker.reminders.vapid import new_vapid_keys

pytestmark = [pytest.mark.browser, requires_chromium]

FAKE_PUSH = """
(() => {
  const STORE = "test-fake-push-subscription";
  const KEYS = %(keys)s;
  const ENDPOINT = %(endpoint)s;
  window.permissionAsked = 0;
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = (...args) => {
    window.permissionAsked += 1;
    return ask(...args);
  };
  const made = (saved) => saved && {
    endpoint: saved.endpoint,
    options: { userVisibleOnly: true, applicationServerKey: Uint8Array.from(saved.key).buffer },
    toJSON: () => ({ endpoint: saved.endpoint, expirationTime: null, keys: KEYS }),
    unsubscribe: async () => { localStorage.removeItem(STORE); return true; },
  };
  PushManager.prototype.getSubscription = async () => made(JSON.parse(localStorage.getItem(STORE)));
  PushManager.prototype.subscribe = async (options) => {
    const saved = {
      endpoint: ENDPOINT || `https://push.example.test/send/${crypto.randomUUID()}`,
      key: [...new Uint8Array(options.applicationServerKey)],
    };
    localStorage.setItem(STORE, JSON.stringify(saved));
    return made(saved);
  };
})();
"""
NOT_SET_UP = "Notifications are not set up on this server yet."
STORE = "test-fake-push-subscription"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def vapid(app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    """This server has keys (the live server shares this app object); the public one."""
    private, public = new_vapid_keys()
    monkeypatch.setitem(app.config, "VAPID_PRIVATE_KEY", private)
    monkeypatch.setitem(app.config, "VAPID_PUBLIC_KEY", public)
    monkeypatch.setitem(app.config, "VAPID_SUBJECT", "mailto:reminders@example.com")
    return public


@pytest.fixture
def no_vapid(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """This server has no keys: push reminders are off here."""
    for name in ("VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT"):
        monkeypatch.setitem(app.config, name, None)


def _fake_push(
    context: BrowserContext, keys: dict[str, str] | None = None, endpoint: str = ""
) -> None:
    """The page's PushManager answers with `keys` (else a fresh P-256 point and secret) and
    `endpoint` (else a new address at a push service that does not exist)."""
    if keys is None:
        keys = {"p256dh": new_vapid_keys()[1], "auth": _b64(os.urandom(16))}
    script = FAKE_PUSH % {"keys": json.dumps(keys), "endpoint": json.dumps(endpoint)}
    context.add_init_script(script)


def _rows(app: Flask, email: str) -> tuple[User, list[PushSubscription]]:
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        rows = db.session.scalars(
            select(PushSubscription).where(PushSubscription.user_id == user.id)
        ).all()
        db.session.expunge_all()
        return user, list(rows)


def _open(page: Page, context: BrowserContext, app: Flask) -> str:
    email = make_account(app)
    sign_in(context, email)
    page.goto("/reminders")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    return email


MORNING = "Send a notification each morning"
EVENING = "Send a notification each evening"


def _subscribed(
    page: Page,
    context: BrowserContext,
    app: Flask,
    switch: str,
    *,
    device: str = "",
    morning_at: str = "",
    keys: dict[str, str] | None = None,
    endpoint: str = "",
) -> str:
    """A new person on /reminders, notifications allowed, who turns `switch` on (after
    naming this device `device` and setting the morning time, when given): returns the
    email once the page lists this device, that is once the server has it."""
    context.grant_permissions(["notifications"])
    _fake_push(context, keys, endpoint)
    email = _open(page, context, app)
    if device:
        page.get_by_label("Name for this device").fill(device)
    if morning_at:
        page.get_by_label("Morning check-in", exact=True).fill(morning_at)
    page.get_by_role("switch", name=switch).check()
    expect(page.locator("#push-devices li")).to_contain_text(f"{device} (this device)".strip())
    return email


def test_the_morning_switch_asks_permission_then_lists_this_device_and_remove_deletes_it(
    page: Page, context: BrowserContext, app: Flask, vapid: str
) -> None:
    context.grant_permissions(["notifications"])
    _fake_push(context)
    email = _open(page, context, app)
    state = page.locator("#push-state")
    expect(state).to_have_text(
        "This device does not get notifications. Turn on a switch above to start."
    )
    expect(page.get_by_label("Name for this device")).to_have_value("Chrome on Pixel 8")
    assert page.evaluate("window.permissionAsked") == 0  # never on load

    page.get_by_label("Morning check-in", exact=True).fill("06:45")
    morning = page.get_by_role("switch", name="Send a notification each morning")
    morning.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("Morning check-in: notification on, at 06:45.")).to_be_visible()
    expect(morning).to_be_checked()
    expect(morning).to_be_focused()  # still where the keyboard left it
    expect(state).to_have_text("This device gets your reminders.")
    device = page.locator("#push-devices li")
    expect(device).to_have_count(1)
    expect(device).to_contain_text("Chrome on Pixel 8 (this device)")
    expect(device).to_contain_text("no reminder yet")
    assert page.evaluate("window.permissionAsked") == 1

    user, [row] = _rows(app, email)
    assert (user.morning_push, user.evening_push) == (True, False)
    assert user.morning_reminder.strftime("%H:%M") == "06:45"  # the time on screen went too
    assert row.device_name == "Chrome on Pixel 8"
    assert row.endpoint.startswith("https://push.example.test/send/")
    subscribed_with = page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}')).key")
    assert _b64(bytes(subscribed_with)) == vapid  # the server's key, as bytes

    page.reload()  # the switch and the list are the server's, not the page's memory
    expect(page.get_by_role("switch", name="Send a notification each morning")).to_be_checked()
    expect(state).to_have_text("This device gets your reminders.")

    page.get_by_role("button", name="Remove Chrome on Pixel 8").click()
    expect(page.get_by_text("Device removed: it gets no more reminders.")).to_be_visible()
    expect(device).to_have_count(0)
    expect(page.get_by_text("None yet.")).to_be_visible()
    expect(page.locator("#devices-title")).to_be_focused()
    assert _rows(app, email)[1] == []
    assert page.evaluate(f"localStorage.getItem('{STORE}')") is None  # unsubscribed here too
    expect(state).to_have_text(
        "This device does not get notifications. Turn on a switch above to start."
    )
    expect(page.get_by_role("button", name="Send my reminders to this device too")).to_be_visible()


def test_the_evening_switch_off_stops_the_reminder_and_keeps_the_device(
    page: Page, context: BrowserContext, app: Flask, vapid: str
) -> None:
    email = _subscribed(page, context, app, EVENING, device="Kitchen tablet")
    page.get_by_role("switch", name=EVENING).uncheck()
    expect(page.get_by_text("Self-care session: notification off.")).to_be_visible()
    user, [row] = _rows(app, email)
    assert (user.morning_push, user.evening_push) == (False, False)
    assert row.device_name == "Kitchen tablet"


def test_a_subscription_the_browser_renewed_is_registered_again_under_its_name(
    page: Page, context: BrowserContext, app: Flask, vapid: str
) -> None:
    email = _subscribed(page, context, app, MORNING, device="Bedside phone")
    [before] = _rows(app, email)[1]
    renewed = "https://push.example.test/send/renewed"
    page.evaluate(
        f"""() => {{
          const saved = JSON.parse(localStorage.getItem('{STORE}'));
          localStorage.setItem('{STORE}', JSON.stringify({{ ...saved, endpoint: '{renewed}' }}));
        }}"""
    )
    page.reload()
    expect(page.locator("#push-state")).to_have_text("This device gets your reminders.")
    expect(page.locator("#push-devices li")).to_have_count(1)
    [after] = _rows(app, email)[1]
    assert (after.endpoint, after.device_name) == (renewed, "Bedside phone")
    assert after.id != before.id


@pytest.mark.usefixtures("no_vapid")
def test_a_server_without_keys_says_so_and_asks_for_nothing(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    context.grant_permissions(["notifications"])
    _fake_push(context)
    email = _open(page, context, app)
    expect(page.locator("#push-state")).to_contain_text(NOT_SET_UP)
    switch = page.get_by_role("switch", name="Send a notification each morning")
    switch.click()  # it flips back: Playwright's check() would insist it stays on
    expect(page.locator("#push-error")).to_contain_text(NOT_SET_UP)
    expect(switch).not_to_be_checked()
    assert page.evaluate("window.permissionAsked") == 0
    user, rows = _rows(app, email)
    assert (user.morning_push, rows) == (False, [])
    expect(page.get_by_role("link", name="Add to my calendar (.ics)")).to_be_visible()


def test_blocked_notifications_say_how_to_allow_them(
    page: Page, context: BrowserContext, app: Flask, vapid: str, live_server: str
) -> None:
    """Playwright can only grant; CDP can deny, as a person's "Block" does."""
    cdp = context.new_cdp_session(page)
    target = cdp.send("Target.getTargetInfo")["targetInfo"]
    cdp.send(
        "Browser.setPermission",
        {
            "permission": {"name": "notifications"},
            "setting": "denied",
            "origin": live_server,
            "browserContextId": target["browserContextId"],
        },
    )
    email = _open(page, context, app)
    expect(page.locator("#push-state")).to_contain_text("Notifications are blocked for FirstStep")
    expect(page.locator("#push-state")).to_contain_text("set Notifications to Allow")
    switch = page.get_by_role("switch", name="Send a notification each evening")
    switch.click()
    expect(page.locator("#push-error")).to_contain_text("Notifications are blocked")
    expect(switch).not_to_be_checked()
    user, rows = _rows(app, email)
    assert (user.evening_push, rows) == (False, [])


def test_a_browser_without_push_points_to_the_home_screen_and_the_calendar(
    page: Page, context: BrowserContext, app: Flask, vapid: str
) -> None:
    context.add_init_script("delete window.PushManager;")
    _open(page, context, app)
    state = page.locator("#push-state")
    expect(state).to_contain_text("This browser cannot get notifications from FirstStep.")
    expect(state).to_contain_text("Add to Home Screen")


def test_offline_the_switch_says_it_needs_a_connection(
    page: Page, context: BrowserContext, app: Flask, vapid: str
) -> None:
    context.grant_permissions(["notifications"])
    _fake_push(context)
    email = _open(page, context, app)
    expect(page.locator("#push-state")).to_contain_text("does not get notifications")
    context.set_offline(True)
    expect(page.locator("#push-state")).to_contain_text("You are offline.")
    switch = page.get_by_role("switch", name="Send a notification each morning")
    switch.click()
    expect(page.locator("#push-error")).to_contain_text("You are offline.")
    expect(switch).not_to_be_checked()
    context.set_offline(False)
    assert _rows(app, email)[1] == []


def test_as_a_new_person_would_the_reminder_set_on_the_page_arrives_and_opens_today(
    page: Page, context: BrowserContext, app: Flask, live_server: str
) -> None:
    """The whole way: the switch on the page, the scheduler's tick, the push service (a fake
    one here that keeps the encrypted message), the browser's decryption (with the keys the
    fake subscription holds), the service worker's notification, a tap."""
    browser = Browser.new()
    with FakePushService() as push:
        keys = {"p256dh": browser.p256dh, "auth": browser.auth}
        email = _subscribed(
            page, context, app, MORNING, morning_at="07:00", keys=keys, endpoint=push.endpoint("me")
        )
        user, _ = _rows(app, email)
        with app.app_context():
            db.session.add(Checkin(user_id=user.id, date=date.today(), pain_right=8, notes="ouch"))
            db.session.commit()
        tomorrow = datetime.combine(
            date.today() + timedelta(days=1), time(7, 1), ZoneInfo("Europe/Berlin")
        )
        with app.app_context():
            vapid = vapid_from(app.config)
            assert vapid is not None
            report = run_tick(tomorrow.astimezone(UTC), vapid)
        assert report.sent >= 1
        [message] = push.to("me")
    reminder = decrypt(message, browser)
    assert reminder["url"] == "/"
    assert "8" not in json.dumps(reminder) and "ouch" not in json.dumps(reminder)
    assert _rows(app, email)[1][0].last_success_at is not None

    page.goto("/history")
    _push(page, context, live_server, json.dumps(reminder))
    [shown] = _shown(page)
    assert (shown["title"], shown["body"]) == ("FirstStep", "Time for your first-step check-in")
    _worker(context, live_server).evaluate(CLICK, shown["tag"])
    page.wait_for_url(f"{live_server}/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
