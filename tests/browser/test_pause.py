"""Pausing on a phone: three days off for illness, logged through, resumed, streak intact."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import (
    api_get,
    api_post,
    draw_charts,
    make_account,
    requires_chromium,
    shoot,
    sign_in,
)
from tracker.charts.traces import hover_date

pytestmark = [pytest.mark.browser, requires_chromium]

BERLIN = ZoneInfo("Europe/Berlin")


def _day(n: int) -> date:
    return datetime.now(BERLIN).date() + timedelta(days=n)


def _session(context: BrowserContext, csrf: str, day: date, hour: int) -> None:
    api_post(
        context,
        csrf,
        "/api/v1/sessions",
        {
            "client_id": str(uuid.uuid4()),
            "started_at": datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN).isoformat(),
            "duration_s": 600,
            "foot": "right",
            "techniques": ["stretch"],
            "pressure": 4,
        },
    )


def test_pause_three_days_log_through_resume_and_keep_the_streak(
    app: Flask, page: Page, context: BrowserContext, screenshots: Path
) -> None:
    csrf = sign_in(context, make_account(app))
    for n in (-6, -5, -4):  # three days with the plan (2 a day) met
        _session(context, csrf, _day(n), 8)
        _session(context, csrf, _day(n), 19)

    page.goto("/pauses")
    page.get_by_label("From").fill(_day(-3).isoformat())
    page.get_by_label("To (last paused day)").fill(_day(2).isoformat())
    page.get_by_text("Illness", exact=True).tap()
    page.get_by_label("Note (optional)").fill("a cold")
    page.get_by_role("button", name="Pause", exact=True).tap()
    expect(page.locator(".pause-item")).to_have_count(1)
    expect(page.locator(".pause-item .badge")).to_have_text("Now")
    shoot(page, screenshots, "pauses")

    # Logging goes on through the pause: pain still counts.
    for n in (-3, -2, -1):
        api_post(
            context,
            csrf,
            "/api/v1/checkins",
            {"client_id": str(uuid.uuid4()), "date": _day(n).isoformat(), "pain_right": 5},
        )
    page.goto("/")
    expect(page.get_by_role("heading", name="Paused until")).to_be_visible()
    expect(page.get_by_text("No sessions planned today: your routine is paused.")).to_be_visible()
    page.get_by_role("group", name="Right heel").get_by_text("4", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.locator("#summary-saved")).to_be_visible()
    shoot(page, screenshots, "today-paused")

    page.get_by_role("button", name="Resume today").tap()
    expect(page.get_by_role("heading", name="Paused until")).to_have_count(0)
    expect(page.get_by_text("0 of 2")).to_be_visible()
    (pause,) = api_get(context, "/api/v1/pauses")
    assert (pause["start_date"], pause["end_date"]) == (_day(-3).isoformat(), _day(-1).isoformat())
    assert len(api_get(context, "/api/v1/checkins")) == 4

    summary = api_get(context, "/api/v1/stats/summary")
    assert summary["streaks"]["current"] == 3  # the pause neither broke nor grew it
    assert summary["totals"]["paused_days"] == 3

    checkins = api_get(context, "/api/v1/checkins")
    today = next(c for c in checkins if c["date"] == _day(0).isoformat())
    response = context.request.patch(
        f"/api/v1/checkins/{today['id']}",
        data={"global_change": "minimally-improved"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status == 200, response.text()

    page.goto("/dashboard")
    draw_charts(page, "calendar")
    expect(page.locator("#stat-streak")).to_have_text("3 days")
    expect(page.locator("#progress-feeling")).to_contain_text(
        "You rate it \u201cminimally improved\u201d"
    )
    paused = page.evaluate(
        "() => document.getElementById('chart-calendar').data"
        ".filter(t => t.name === 'paused').map(t => t.text).flat()"
    )
    assert paused == [f"{hover_date(_day(n))}: paused (Illness)" for n in (-3, -2, -1)]
    shoot(page, screenshots, "dashboard-after-pause", whole=True)
