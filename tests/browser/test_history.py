"""Correcting and deleting entries from History, with a few seconds to undo a delete."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.api.helpers import earlier_today
from tests.browser.support import (
    api_get,
    api_post,
    make_account,
    requires_chromium,
    shoot,
    sign_in,
)

pytestmark = [pytest.mark.browser, requires_chromium]


def _wait_for(check, seconds: float = 8.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the server never got the change"
        time.sleep(0.1)


def _seed(context: BrowserContext, csrf: str) -> tuple[dict, dict]:
    yesterday = datetime.now(ZoneInfo("Europe/Berlin")).date() - timedelta(days=1)
    checkin = api_post(
        context,
        csrf,
        "/api/v1/checkins",
        {"client_id": str(uuid.uuid4()), "date": yesterday.isoformat(), "pain_right": 6},
    )
    session = api_post(
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
    return checkin, session


def test_edit_a_check_in_from_history(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    checkin, _ = _seed(context, sign_in(context, make_account(app)))
    page.goto("/history")
    expect(page.get_by_text("After a long shift")).to_be_visible()
    shoot(page, screenshots, "history")
    page.get_by_role("link", name="Edit check-in").tap()
    expect(page.get_by_role("heading", name="Edit check-in")).to_be_visible()
    page.get_by_role("group", name="Right heel").get_by_text("3", exact=True).tap()
    page.get_by_role("group", name="Morning stiffness").get_by_text("2", exact=True).tap()
    shoot(page, screenshots, "checkin-edit")
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page).to_have_url(f"/history#day-{checkin['date']}")
    expect(page.locator(".entry-checkin")).to_contain_text("Right 3/10")
    stored = api_get(context, f"/api/v1/checkins/{checkin['id']}")
    assert (stored["pain_right"], stored["stiffness"]) == (3, 2)


def test_edit_a_session_from_history(page: Page, context: BrowserContext, app: Flask) -> None:
    _, session = _seed(context, sign_in(context, make_account(app)))
    page.goto("/history")
    page.get_by_role("link", name="Edit session").tap()
    page.locator(".chips").get_by_text("Calf release", exact=True).tap()
    page.get_by_label("Minutes").fill("10")
    page.get_by_role("button", name="Save session").tap()
    expect(page).to_have_url(f"/history#day-{session['local_date']}")
    stored = api_get(context, f"/api/v1/sessions/{session['id']}")
    assert stored["techniques"] == ["calf-release", "frozen-bottle"]
    assert stored["duration_s"] == 600
    assert stored["notes"] == "After a long shift"


def test_delete_can_be_undone_then_happens_when_the_undo_window_closes(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    checkin, session = _seed(context, sign_in(context, make_account(app)))
    page.clock.install()
    page.goto("/history")
    session_entry = page.locator("[data-entry]", has_text="After a long shift")

    page.get_by_role("button", name="Delete session").tap()
    expect(session_entry).to_be_hidden()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    shoot(page, screenshots, "history-undo")
    page.get_by_role("button", name="Undo").tap()
    expect(session_entry).to_be_visible()

    page.get_by_role("button", name="Delete check-in").tap()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    page.clock.run_for(7000)
    expect(page.get_by_role("button", name="Undo")).to_be_hidden()
    _wait_for(lambda: api_get(context, "/api/v1/checkins") == [])
    assert [s["id"] for s in api_get(context, "/api/v1/sessions")] == [session["id"]]
    assert checkin["id"]


def test_a_delete_whose_page_was_left_is_sent_by_the_next_page(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    _seed(context, sign_in(context, make_account(app)))
    page.goto("/history")
    page.get_by_role("button", name="Delete session").tap()
    page.get_by_role("link", name="Today", exact=True).tap()
    _wait_for(lambda: api_get(context, "/api/v1/sessions") == [])
