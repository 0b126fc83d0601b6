"""A running self-experiment on a phone: Today names the week's condition, and Log starts
a session with its techniques and shows its pressure range and minutes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import api_post, make_account, requires_chromium, shoot, sign_in
from tests.browser.test_log_page import on_screen

pytestmark = [pytest.mark.browser, requires_chromium]

MASSAGE = (
    "Thumb walking",
    "Heel pad kneading",
    "Ball roll",
    "Myofascial release / sustained pressure",
)


def test_today_and_log_follow_the_weeks_condition(
    page: Page, context: BrowserContext, app: Flask, screenshots: Path
) -> None:
    csrf = sign_in(context, make_account(app))
    experiment = api_post(
        context, csrf, "/api/v1/experiments", {"template": "consistency-vs-intensity", "pairs": 2}
    )
    first = experiment["schedule"][0]
    plan = next(c for c in experiment["conditions"] if c["key"] == first["condition"])

    page.goto("/")
    line = page.locator("#experiment-today")
    expect(line).to_be_visible()
    expect(line).to_contain_text(f"Week 1 of 4: {plan['label']}")
    expect(line).to_contain_text("washout day, not counted")
    shoot(page, screenshots, "today-experiment")

    page.get_by_role("link", name="Log", exact=True).tap()
    expect(page.locator(".page-head .date")).to_have_text(f"Week 1 of 4: {plan['label']}")
    on_screen(page, page.get_by_role("button", name="Start"))
    for name in MASSAGE:
        expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_checked()
    pressure = page.locator("#condition-pressure")
    expect(pressure).to_be_visible()
    words = "pressure up to 4" if plan["pressure_max"] == 4 else "pressure 6–7"
    expect(pressure).to_have_text(f"This week: {words}.")
    expect(page.locator("#condition-minutes")).to_have_text(
        f"This week: at least {plan['minutes']} minutes a session."
    )
    shoot(page, screenshots, "log-experiment")

    # A choice the person makes is kept across a reload, over the condition's.
    page.locator(".chips").get_by_text("Ball roll", exact=True).tap()
    page.reload()
    expect(page.get_by_role("checkbox", name="Ball roll", exact=True)).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Thumb walking", exact=True)).to_be_checked()
