"""Catching up from History: last night's forgotten session and a missed morning count."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from tests.browser.support import (
    OUTBOX,
    api_get,
    api_post,
    make_account,
    requires_chromium,
    shoot,
    sign_in,
)
from tracker.extensions import db
from tracker.models import User

pytestmark = [pytest.mark.browser, requires_chromium]

BERLIN = ZoneInfo("Europe/Berlin")
OFFLINE_NOISE = "net::ERR_INTERNET_DISCONNECTED"


def _today() -> date:
    return datetime.now(BERLIN).date()


def _account_in_use_since(app: Flask, days: int) -> str:
    """An account made ``days`` ago, its plan (2 sessions a day) in force since then."""
    email = make_account(app)
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == email))
        assert person is not None
        person.created_at -= timedelta(days=days)
        for plan in person.plans:
            plan.effective_from -= timedelta(days=days)
        db.session.commit()
    return email


def _session_at(context: BrowserContext, csrf: str, day: date, hour: int) -> None:
    started = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)
    api_post(
        context,
        csrf,
        "/api/v1/sessions",
        {
            "client_id": str(uuid.uuid4()),
            "started_at": started.isoformat(),
            "duration_s": 600,
            "foot": "right",
            "techniques": ["ball-roll"],
            "pressure": 4,
        },
    )


def test_a_forgotten_session_and_a_missed_morning_are_added_from_history_and_count(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    csrf = sign_in(context, _account_in_use_since(app, 3))
    today = _today()
    yesterday, before = today - timedelta(days=1), today - timedelta(days=2)
    _session_at(context, csrf, before, 8)
    _session_at(context, csrf, before, 19)
    _session_at(context, csrf, yesterday, 8)  # the evening one was forgotten
    assert api_get(context, "/api/v1/stats/summary")["streaks"]["current"] == 0

    page.goto("/history")
    days = page.locator("section.day")
    expect(days).to_have_count(4)  # today back to the day the account was made, no earlier
    expect(days.last).to_have_id(f"day-{(today - timedelta(days=3)).isoformat()}")
    shoot(page, screenshots, "history-catch-up", whole=True)
    day = page.locator(f"#day-{yesterday.isoformat()}")
    day.get_by_role("link", name="Add session").tap()
    expect(page.get_by_label("Yesterday evening")).to_be_checked()
    expect(page.get_by_label("Start time")).to_have_value("20:00")
    page.locator(".chips").get_by_text("Ball roll", exact=True).tap()
    page.get_by_label("Minutes").fill("10")
    shoot(page, screenshots, "log-yesterday-evening")
    page.get_by_role("button", name="Save session").tap()
    expect(page).to_have_url(f"/history#day-{yesterday.isoformat()}")
    expect(day.locator(".entry")).to_have_count(2)
    expect(day).to_contain_text("Session at 20:00")

    day.get_by_role("link", name="Add check-in").tap()
    expect(page.get_by_role("heading", name="How did your first steps feel on")).to_be_visible()
    page.get_by_role("group", name="Right heel").get_by_text("3", exact=True).tap()
    shoot(page, screenshots, "today-earlier-morning")
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page).to_have_url(f"/history#day-{yesterday.isoformat()}")
    expect(day.locator(".entry-checkin")).to_contain_text("Right 3/10")
    expect(day.get_by_role("link", name="Add check-in")).to_have_count(0)

    (checkin,) = api_get(context, "/api/v1/checkins")
    assert (checkin["date"], checkin["pain_right"]) == (yesterday.isoformat(), 3)
    evening = [s for s in api_get(context, "/api/v1/sessions") if s["local_date"] == str(yesterday)]
    starts = sorted(datetime.fromisoformat(s["started_at"]).astimezone(BERLIN) for s in evening)
    assert [(s.date(), s.hour, s.minute) for s in starts] == [(yesterday, 8, 0), (yesterday, 20, 0)]
    # Yesterday's plan is now met: the streak runs through it, as if logged on time.
    assert api_get(context, "/api/v1/stats/summary")["streaks"]["current"] == 2
    page.goto("/")
    expect(page.get_by_role("heading", name="How did your first steps feel?")).to_be_visible()


def test_a_morning_in_the_future_is_refused_with_the_reason(
    page: Page, context: BrowserContext, app: Flask, console_errors: list[str]
) -> None:
    sign_in(context, make_account(app))
    page.goto("/")
    page.get_by_text("Logging another morning?").tap()
    page.get_by_label("Which morning").fill((_today() + timedelta(days=2)).isoformat())
    page.get_by_role("group", name="Right heel").get_by_text("4", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_text("Cannot be in the future")).to_be_visible()
    console_errors.clear()  # the 422 is the point of this step
    assert api_get(context, "/api/v1/checkins") == []

    page.goto("/log")
    page.get_by_text("Another day", exact=True).tap()
    page.get_by_label("Day", exact=True).fill((_today() + timedelta(days=1)).isoformat())
    page.locator(".chips").get_by_text("Ball roll", exact=True).tap()
    page.get_by_label("Minutes").fill("5")
    page.get_by_role("button", name="Save session").tap()
    expect(page.locator('[data-error-for="started_at"]')).to_have_text("Cannot be in the future.")
    console_errors.clear()
    assert api_get(context, "/api/v1/sessions") == []


def test_a_session_and_a_morning_logged_for_another_day_offline_arrive_once(
    page: Page, context: BrowserContext, app: Flask, console_errors: list[str]
) -> None:
    sign_in(context, _account_in_use_since(app, 5))
    day = _today() - timedelta(days=4)
    page.goto("/history")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    page.goto("/log")  # kept for offline use
    page.goto("/")
    page.goto("/history")

    context.set_offline(True)
    page.locator(f"#day-{day.isoformat()}").get_by_role("link", name="Add session").tap()
    expect(page.get_by_label("Another day")).to_be_checked()
    expect(page.get_by_label("Day", exact=True)).to_have_value(day.isoformat())
    page.get_by_label("Start time").fill("18:30")
    page.locator(".chips").get_by_text("Frozen bottle roll", exact=True).tap()
    page.get_by_label("Minutes").fill("7")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Saved on this device.")).to_be_visible()

    page.get_by_role("link", name="History", exact=True).tap()  # the copy kept on the phone
    page.locator(f"#day-{day.isoformat()}").get_by_role("link", name="Add check-in").tap()
    title = f"How did your first steps feel on {day:%A} {day.day} {day:%B}?"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.get_by_role("group", name="Right heel").get_by_text("6", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_text("Saved on this device.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=f"Morning of {day:%A} {day.day} {day:%B}")
    ).to_be_visible()
    expect(page.locator("#summary-pending")).to_be_visible()
    expect(page.locator("#outbox-list li")).to_have_count(2)

    context.set_offline(False)
    expect(page.locator("#outbox")).to_be_hidden(timeout=15_000)
    page.evaluate(f"async () => (await {OUTBOX}).sync()")  # a late retry changes nothing
    (session,) = api_get(context, "/api/v1/sessions")
    started = datetime.fromisoformat(session["started_at"]).astimezone(BERLIN)
    assert (session["local_date"], started.hour, started.minute) == (day.isoformat(), 18, 30)
    (checkin,) = api_get(context, "/api/v1/checkins")
    assert (checkin["date"], checkin["pain_right"]) == (day.isoformat(), 6)
    console_errors[:] = [e for e in console_errors if OFFLINE_NOISE not in e]


def test_a_link_with_a_day_that_does_not_exist_asks_about_today(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    sign_in(context, make_account(app))
    page.goto("/?date=2026-02-30")
    expect(page.get_by_role("heading", name="How did your first steps feel?")).to_be_visible()
    expect(page.locator("#checkin-card")).to_have_attribute("data-date", _today().isoformat())
    page.goto("/log?date=2026-13-01")
    expect(page.get_by_label("Just now")).to_be_checked()
