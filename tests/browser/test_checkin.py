"""Signing up on a phone, logging this morning's pain in at most three taps, and conflicts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from tests.browser.support import (
    api_get,
    make_account,
    new_email,
    requires_chromium,
    shoot,
    sign_in,
)
from tests.conftest import PASSWORD
from tracker.catalog import WARNING_SIGNS
from tracker.extensions import db
from tracker.models import Checkin, User

OFFLINE_NOISE = "net::ERR_INTERNET_DISCONNECTED"


def _berlin_today() -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date()


def _logged_elsewhere(app: Flask, email: str, pain: int) -> None:
    """This morning's check-in, as another device of the same person would have sent it."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        db.session.add(Checkin(user_id=user.id, date=_berlin_today(), pain_right=pain))
        db.session.commit()


pytestmark = [pytest.mark.browser, requires_chromium]


def test_sign_up_then_check_in_with_three_taps_at_most(
    page: Page, context: BrowserContext, screenshots: Path
) -> None:
    page.goto("/")
    expect(page.get_by_text("A diary for plantar heel pain")).to_be_visible()
    shoot(page, screenshots, "landing")
    page.get_by_role("link", name="Create an account").tap()
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_text("Right", exact=True).tap()
    shoot(page, screenshots, "signup")
    page.get_by_role("button", name="Create account").tap()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.get_by_text("FirstStep is a diary, not medical advice").first).to_be_visible()
    shoot(page, screenshots, "today-first-run")

    taps = 0
    page.get_by_role("group", name="Right heel").get_by_text("4", exact=True).tap()
    taps += 1
    page.get_by_role("button", name="Save", exact=True).tap()
    taps += 1
    expect(page.get_by_role("heading", name="This morning")).to_be_visible()
    expect(page.locator("#summary-saved")).to_be_visible()
    assert taps <= 3

    checkins = api_get(context, "/api/v1/checkins")
    me = api_get(context, "/api/v1/me")
    assert me["timezone"] == "Europe/Berlin"  # detected from the browser at sign-up
    assert me["feet"] == "right"
    assert len(checkins) == 1
    assert checkins[0]["pain_right"] == 4
    assert checkins[0]["pain_left"] is None
    assert checkins[0]["date"] == _berlin_today().isoformat()
    shoot(page, screenshots, "today-logged")

    page.get_by_role("button", name="Edit this morning").tap()
    page.get_by_role("group", name="Right heel").get_by_text("2", exact=True).tap()
    stiffness = page.get_by_role("group", name="Morning stiffness")
    stiffness.get_by_text("6", exact=True).tap()
    expect(stiffness.get_by_role("radio", name="6")).to_be_checked()
    stiffness.get_by_text("6", exact=True).tap()  # optional: a second tap clears it
    expect(stiffness.get_by_role("radio", name="6")).not_to_be_checked()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.locator('[data-slot="pain_right"]')).to_have_text("2")
    (checkin,) = api_get(context, "/api/v1/checkins")
    assert (checkin["pain_right"], checkin["stiffness"]) == (2, None)


def test_a_warning_sign_ticked_this_morning_is_summed_up_with_its_advice(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    sign_in(context, make_account(app))
    page.goto("/")
    page.get_by_role("group", name="Right heel").get_by_text("5", exact=True).tap()
    page.get_by_text("Anything unusual?").tap()
    (tingling,) = [sign for sign in WARNING_SIGNS if sign.slug == "tingling"]
    page.get_by_text(tingling.label).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_role("heading", name="Worth a professional’s look")).to_be_visible()
    expect(page.locator('[data-slot="warning_signs"] li')).to_have_text(
        [f"{tingling.label}. {tingling.advice}"]
    )
    (checkin,) = api_get(context, "/api/v1/checkins")
    assert checkin["warning_signs"] == ["tingling"]


def test_a_morning_logged_on_another_device_is_shown_not_overwritten(
    page: Page, context: BrowserContext, app: Flask, console_errors: list[str]
) -> None:
    email = make_account(app)
    sign_in(context, email)
    page.goto("/")
    _logged_elsewhere(app, email, pain=8)
    page.get_by_role("group", name="Right heel").get_by_text("3", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.get_by_text("This morning is already logged")).to_be_visible()
    assert [c["pain_right"] for c in api_get(context, "/api/v1/checkins")] == [8]
    console_errors.clear()  # the refused POST (409) is what this test is about
    page.get_by_role("button", name="Replace it with these values").tap()
    expect(page.locator('[data-slot="pain_right"]')).to_have_text("3")
    assert [c["pain_right"] for c in api_get(context, "/api/v1/checkins")] == [3]


def test_an_offline_check_in_that_conflicts_waits_for_a_decision(
    page: Page,
    context: BrowserContext,
    app: Flask,
    screenshots: Path,
    console_errors: list[str],
) -> None:
    email = make_account(app)
    sign_in(context, email)
    page.goto("/")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    context.set_offline(True)
    page.get_by_role("group", name="Right heel").get_by_text("4", exact=True).tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page.locator("#summary-pending")).to_be_visible()
    _logged_elsewhere(app, email, pain=7)

    context.set_offline(False)
    expect(page.get_by_text("Not saved: this morning was already logged")).to_be_visible()
    expect(page.get_by_role("heading", name="Needs your decision")).to_be_visible()
    shoot(page, screenshots, "today-conflict")
    page.reload()  # still there after a reload: a refusal is never dropped
    expect(page.get_by_role("button", name="Keep this one")).to_be_visible()
    assert [c["pain_right"] for c in api_get(context, "/api/v1/checkins")] == [7]
    page.get_by_role("button", name="Keep this one").tap()
    expect(page.get_by_text("Replaced the saved check-in.")).to_be_visible()
    expect(page.locator("#outbox")).to_be_hidden()
    assert [c["pain_right"] for c in api_get(context, "/api/v1/checkins")] == [4]
    console_errors[:] = [
        e for e in console_errors if OFFLINE_NOISE not in e and "409 (CONFLICT)" not in e
    ]
