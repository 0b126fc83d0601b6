"""Save on screen at 390×844 in every state of Today, the landing page, and choosing a foot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests.browser.support import PHONE, make_account, new_email, requires_chromium, shoot, sign_in
from tests.browser.test_log_page import on_screen
from tests.conftest import PASSWORD
from tracker.catalog import GLOBAL_CHANGE_MIN_CHECKINS
from tracker.extensions import db
from tracker.models import Checkin, User

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def phone(browser: Browser, live_server: str, scheme: str) -> Iterator[Page]:
    """A phone in the given colour scheme; any console error fails the test."""
    context = browser.new_context(base_url=live_server, color_scheme=scheme, **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == [], errors


def _weekly_question_due(app: Flask, email: str) -> None:
    """Today is the chosen weekday, with enough earlier mornings for the question."""
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == email))
        assert person is not None
        person.global_change_weekday = today.weekday()
        for n in range(1, GLOBAL_CHANGE_MIN_CHECKINS + 1):
            day = today - timedelta(days=n)
            db.session.add(Checkin(user_id=person.id, date=day, pain_left=5, pain_right=6))
        db.session.commit()


def test_sign_up_asks_for_a_foot_then_first_run_with_both_feet_keeps_save_on_screen(
    phone: Page, scheme: str, screenshots: Path
) -> None:
    page = phone
    page.goto("/")
    expect(page.get_by_role("heading", name="FirstStep")).to_be_visible()
    expect(page.get_by_text("Please log in")).to_have_count(0)
    on_screen(page, page.get_by_role("link", name="Create an account"))
    on_screen(page, page.get_by_role("link", name="Sign in"))
    shoot(page, screenshots, f"landing-{scheme}", whole=True)

    page.get_by_role("link", name="Create an account").tap()
    for foot in ("Left", "Right", "Both"):
        expect(page.get_by_role("radio", name=foot)).not_to_be_checked()
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").tap()
    expect(page.get_by_text("Choose which heel hurts: left, right or both.")).to_be_visible()
    page.errors.clear()  # type: ignore[attr-defined]  # the 422 of the refused form
    shoot(page, screenshots, f"signup-no-foot-{scheme}")
    page.get_by_label("Password").fill(PASSWORD)  # never sent back to the page
    page.get_by_text("Both", exact=True).tap()
    page.get_by_role("button", name="Create account").tap()

    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(page.get_by_role("group", name="Left heel")).to_be_visible()
    expect(page.get_by_role("group", name="Right heel")).to_be_visible()
    save = page.get_by_role("button", name="Save", exact=True)
    on_screen(page, save)
    shoot(page, screenshots, f"today-first-run-both-{scheme}")
    page.get_by_role("group", name="Right heel").get_by_text("7", exact=True).tap()
    on_screen(page, save)
    page.get_by_text("Anything unusual?", exact=True).tap()
    page.get_by_label("Note (optional)").scroll_into_view_if_needed()
    on_screen(page, save)


def test_the_weekly_question_with_both_feet_keeps_save_on_screen(
    phone: Page, scheme: str, app: Flask, screenshots: Path
) -> None:
    page = phone
    email = make_account(app, feet="both")
    _weekly_question_due(app, email)
    sign_in(page.context, email)
    page.goto("/")
    expect(page.get_by_text("Compared with when you started")).to_be_visible()
    save = page.get_by_role("button", name="Save", exact=True)
    on_screen(page, save)
    shoot(page, screenshots, f"today-weekly-{scheme}")
    page.get_by_role("button", name="Skip this question").scroll_into_view_if_needed()
    on_screen(page, save)
    shoot(page, screenshots, f"today-weekly-scrolled-{scheme}")
    page.get_by_role("group", name="Left heel").get_by_text("4", exact=True).tap()
    page.get_by_text("Much improved", exact=True).tap()
    save.tap()
    expect(page.locator("#summary-saved")).to_be_visible()


def test_log_keeps_start_and_save_on_screen(
    phone: Page, scheme: str, app: Flask, screenshots: Path
) -> None:
    page = phone
    sign_in(page.context, make_account(app))
    page.goto("/log")
    on_screen(page, page.get_by_role("button", name="Start"))
    save = page.get_by_role("button", name="Save session")
    on_screen(page, save)
    shoot(page, screenshots, f"log-{scheme}", whole=True)
    page.get_by_text("Tool and note (optional)").scroll_into_view_if_needed()
    page.get_by_text("Yesterday evening").tap()
    on_screen(page, save)
    shoot(page, screenshots, f"log-when-{scheme}")


def test_history_in_both_schemes(phone: Page, scheme: str, app: Flask, screenshots: Path) -> None:
    page = phone
    sign_in(page.context, make_account(app))
    page.goto("/history")
    expect(page.get_by_role("link", name="Add session")).to_be_visible()
    shoot(page, screenshots, f"history-empty-{scheme}", whole=True)
