"""The Log page on a phone: what was chosen survives a reload, Start and Save are on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.support import PHONE, api_get, make_account, requires_chromium, shoot, sign_in

pytestmark = [pytest.mark.browser, requires_chromium]


def on_screen(page: Page, target: Locator) -> None:
    """Inside the 390×844 screen and above the bottom tab bar, without scrolling."""
    box = target.bounding_box()
    nav = page.get_by_role("navigation", name="Main")
    tabs = nav.bounding_box() if nav.count() else None  # signed out: no tab bar
    bottom = tabs["y"] if tabs else PHONE["viewport"]["height"]
    assert box is not None
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= bottom, (box, tabs)


def chip(page: Page, name: str) -> Locator:
    return page.get_by_role("checkbox", name=name, exact=True)


def test_two_techniques_and_the_timer_survive_a_reload_and_a_visit_to_today(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.goto("/log")
    on_screen(page, page.get_by_role("button", name="Start"))
    on_screen(page, page.get_by_role("button", name="Save session"))
    shoot(page, screenshots, "log-first-screen")
    page.locator(".chips").get_by_text("Ball roll", exact=True).tap()
    page.locator(".chips").get_by_text("Toe pull-back stretch", exact=True).tap()
    page.get_by_role("button", name="Start").tap()
    expect(page.get_by_role("button", name="Stop")).to_be_visible()

    page.reload()
    expect(chip(page, "Ball roll")).to_be_checked()
    expect(chip(page, "Toe pull-back stretch")).to_be_checked()
    expect(page.locator("#guidance li")).to_have_count(2)
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    on_screen(page, page.get_by_role("button", name="Stop"))

    page.get_by_role("link", name="Today", exact=True).tap()
    running = page.locator("#timer-running")
    expect(running).to_contain_text("Session timer running")
    expect(running).to_contain_text("0:0")
    shoot(page, screenshots, "today-timer-running")
    running.tap()
    expect(page).to_have_url("/log")
    expect(chip(page, "Ball roll")).to_be_checked()
    expect(chip(page, "Toe pull-back stretch")).to_be_checked()
    page.get_by_role("button", name="Stop").tap()
    page.get_by_label("Minutes").fill("6")
    page.get_by_role("button", name="Save session").tap()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    (session,) = api_get(context, "/api/v1/sessions")
    assert session["techniques"] == ["ball-roll", "stretch"]

    # Saved: the next session starts afresh, and Today shows no timer.
    page.reload()
    expect(chip(page, "Ball roll")).not_to_be_checked()
    page.goto("/")
    expect(page.locator("#timer-running")).to_be_hidden()


def test_a_guided_contrast_bath_keeps_its_round_and_its_chip_after_a_reload(
    page: Page, context: BrowserContext, app: Flask
) -> None:
    sign_in(context, make_account(app))
    page.goto("/log")
    expect(chip(page, "Contrast bath")).to_be_hidden()  # behind "More techniques"
    page.get_by_text("More techniques").tap()
    page.locator(".chips").get_by_text("Contrast bath", exact=True).tap()
    page.get_by_role("button", name="Guided timer · 12:00").tap()
    expect(page.locator("#guided-phase")).to_have_text("Warm water · round 1 of 3")

    page.reload()
    expect(page.locator("#guided-phase")).to_have_text("Warm water · round 1 of 3")
    expect(chip(page, "Contrast bath")).to_be_checked()
    expect(chip(page, "Contrast bath")).to_be_attached()
    # It came forward, out of the closed "More techniques", so it shows without a tap.
    expect(page.locator("#chips-first").get_by_text("Contrast bath")).to_be_visible()


def test_a_session_under_a_minute_asks_before_it_is_saved(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.goto("/log")
    page.locator(".chips").get_by_text("Ball roll", exact=True).tap()
    page.get_by_label("Seconds").fill("20")
    page.get_by_role("button", name="Save session").tap()
    confirm = page.locator("#short-confirm")
    expect(confirm).to_contain_text("Under a minute (20 s)")
    on_screen(page, page.get_by_role("button", name="Save anyway"))
    shoot(page, screenshots, "log-short-confirm")
    assert api_get(context, "/api/v1/sessions") == []
    page.get_by_role("button", name="Save anyway").tap()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    (session,) = api_get(context, "/api/v1/sessions")
    assert session["duration_s"] == 20


FIVE_MINUTES_INTO_THE_GUIDED_TIMER = """() => {
  const key = Object.keys(localStorage).find((k) => k.startsWith("fs.log."));
  const state = JSON.parse(localStorage.getItem(key));
  state.guided.start -= 301000;
  localStorage.setItem(key, JSON.stringify(state));
}"""


def test_calf_release_is_timed_per_calf(page: Page, context: BrowserContext, app: Flask) -> None:
    sign_in(context, make_account(app, feet="both"))
    page.goto("/log")
    page.locator(".chips").get_by_text("Calf release", exact=True).tap()
    page.get_by_role("button", name="Guided timer · 10:00").tap()  # 5 min per calf, two calves
    expect(page.locator("#guided-phase")).to_have_text("Calf release · left calf")
    page.evaluate(FIVE_MINUTES_INTO_THE_GUIDED_TIMER)
    page.reload()
    expect(page.locator("#guided-phase")).to_have_text("Calf release · right calf")
    page.get_by_role("button", name="Stop guided timer").tap()
    page.get_by_text("Right", exact=True).tap()  # one foot treated: one calf
    expect(page.get_by_role("button", name="Guided timer · 5:00")).to_be_visible()
