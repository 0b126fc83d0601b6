"""Logging an evening session with two techniques and the timer."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import api_get, make_account, requires_chromium, shoot, sign_in

pytestmark = [pytest.mark.browser, requires_chromium]

FIVE_MINUTES_EARLIER = """() => {
  const key = Object.keys(localStorage).find((k) => k.startsWith("fs.log."));
  const state = JSON.parse(localStorage.getItem(key));
  state.timer.start -= 300000;
  state.timer.first -= 300000;
  localStorage.setItem(key, JSON.stringify(state));
}"""


def test_session_with_two_techniques_and_the_timer(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    sign_in(context, make_account(app, feet="both"))
    page.goto("/log")
    page.locator(".chips").get_by_text("Ball roll", exact=True).tap()
    page.locator(".chips").get_by_text("Toe pull-back stretch", exact=True).tap()
    expect(page.locator("#guidance li")).to_have_count(2)
    expect(page.locator("#guidance")).to_contain_text("pin a spot and curl the toes")
    page.get_by_role("button", name="Start").tap()
    expect(page.get_by_role("button", name="Stop")).to_be_visible()

    # Five minutes pass with the screen locked and the page reloaded: the timer keeps
    # its start time, not a running count, so nothing is lost.
    page.evaluate(FIVE_MINUTES_EARLIER)
    page.reload()
    expect(page.locator("#timer-display")).to_have_text(re.compile(r"^5:0\d$"))
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    expect(page.locator("#guidance li")).to_have_count(2)  # the chips came back with it
    page.get_by_text("Left", exact=True).tap()
    page.get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#pressure-out")).to_have_text("5 · medium")
    page.get_by_role("button", name="Stop").tap()
    expect(page.get_by_label("Minutes")).to_have_value("5")
    shoot(page, screenshots, "log-session-filled")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    expect(page.locator("#timer-display")).to_have_text("0:00")

    sessions = api_get(context, "/api/v1/sessions")
    assert len(sessions) == 1
    session = sessions[0]
    assert session["techniques"] == ["ball-roll", "stretch"]
    assert 300 <= session["duration_s"] <= 315
    assert (session["foot"], session["pressure"]) == ("left", 5)
    started = datetime.fromisoformat(session["started_at"])
    expected = datetime.now(UTC) - timedelta(seconds=session["duration_s"])
    assert abs(started - expected) < timedelta(seconds=15)


def test_guided_timer_walks_a_contrast_bath_and_a_typed_duration_saves(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.goto("/log")
    page.get_by_text("More techniques").tap()
    page.locator(".chips").get_by_text("Contrast bath", exact=True).tap()
    page.get_by_role("button", name="Guided timer · 12:00").tap()
    expect(page.locator("#guided-phase")).to_have_text("Warm water · round 1 of 3")
    expect(page.get_by_role("button", name="Stop", exact=True)).to_be_visible()
    shoot(page, screenshots, "log-guided-timer")
    page.get_by_role("button", name="Stop guided timer").tap()
    page.get_by_role("button", name="Stop", exact=True).tap()
    page.get_by_label("Minutes").fill("12")
    page.get_by_label("Seconds").fill("0")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    (session,) = api_get(context, "/api/v1/sessions")
    assert (session["duration_s"], session["techniques"]) == (720, ["contrast-bath"])


def test_saving_without_a_technique_says_what_is_missing(page: Page, app: Flask) -> None:
    sign_in(page.context, make_account(app))
    page.goto("/log")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Choose at least one technique.")).to_be_visible()
    expect(page.get_by_text("Use the timer, or type how long it took.")).to_be_visible()
