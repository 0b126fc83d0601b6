"""A self-experiment on a phone: set up in three screens, read its schedule, stop it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import (
    api_get,
    api_post,
    make_account,
    requires_chromium,
    shoot,
    sign_in,
)

pytestmark = [pytest.mark.browser, requires_chromium]

OFFLINE_NOISE = "net::ERR_INTERNET_DISCONNECTED"


def test_start_daily_and_light_vs_harder_in_three_screens_then_stop_it(
    app: Flask, page: Page, context: BrowserContext, screenshots: Path, console_errors: list[str]
) -> None:
    sign_in(context, make_account(app))
    page.goto("/settings")
    page.get_by_role("link", name="Your self-experiment").click()
    expect(page.get_by_role("heading", name="What is a self-experiment?")).to_be_visible()
    page.get_by_role("link", name="Set up an experiment").click()

    # 1: what to compare. The custom pair's boxes show only for "Your own pair".
    expect(page.get_by_text("Step 1 of 3: what to compare")).to_be_visible()
    expect(page.get_by_label("What you call it").first).to_be_hidden()
    page.get_by_role("radio", name=re.compile("^Your own pair")).check()
    expect(page.get_by_label("What you call it").first).to_be_visible()
    page.get_by_role("radio", name=re.compile("^Daily and light vs three harder")).check()
    shoot(page, screenshots, "experiment-step-1")
    page.get_by_role("button", name="Next: how long").click()

    # 2: how long. The sentence follows the number of pairs picked.
    expect(page.get_by_text("Step 2 of 3")).to_be_visible()
    expect(page.get_by_text("With 3 pairs of weeks")).to_be_visible()
    page.get_by_text("8 weeks").click()
    expect(page.get_by_text("With 4 pairs of weeks")).to_be_visible()
    expect(page.get_by_text("With 3 pairs of weeks")).to_be_hidden()
    page.go_back()  # the back button returns to the choice, still made
    expect(page.get_by_role("radio", name=re.compile("^Daily and light vs"))).to_be_checked()
    page.go_forward()
    expect(page.get_by_text("Step 2 of 3")).to_be_visible()
    page.get_by_text("8 weeks").click()
    expect(page.get_by_text("With 4 pairs of weeks")).to_be_visible()
    shoot(page, screenshots, "experiment-step-2")
    page.get_by_role("button", name="Next: the schedule").click()

    # 3: the schedule, which a reload keeps; the order is drawn only on start.
    expect(page.get_by_text("Step 3 of 3")).to_be_visible()
    page.reload()
    rows = page.locator("table.schedule tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.first).to_contain_text("Pair 1: drawn when you start")
    shoot(page, screenshots, "experiment-step-3", whole=True)
    page.get_by_role("button", name="Start the experiment").click()

    expect(page).to_have_url(re.compile(r"/experiment/\d+\?started=1$"))
    created = api_get(context, "/api/v1/experiments")[0]
    assert created["status"] == "running" and created["pairs"] == 4
    first = created["schedule"][0]["label"]
    expect(page.get_by_role("heading", name=f"Week 1 of 8: {first}")).to_be_visible()
    expect(page.get_by_text(f"seed {created['seed']}, kept so a clinician")).to_be_visible()
    for n, block in enumerate(created["schedule"]):
        expect(rows.nth(n)).to_contain_text(f"{block['condition']}: {block['label']}")
    page.reload()
    expect(page.get_by_role("heading", name=f"Week 1 of 8: {first}")).to_be_visible()
    shoot(page, screenshots, "experiment-running", whole=True)

    # Stopping asks first, and needs a connection.
    page.get_by_role("button", name="Stop the experiment").click()
    context.set_offline(True)
    page.get_by_role("button", name="Yes, stop it").click()
    expect(page.locator("#stop-error")).to_contain_text("You are offline.")
    context.set_offline(False)
    console_errors[:] = [e for e in console_errors if OFFLINE_NOISE not in e]  # the refused stop
    page.get_by_role("button", name="Yes, stop it").click()
    expect(page.get_by_role("heading", name="Stopped")).to_be_visible()
    expect(page.get_by_text("gives no verdict")).to_be_visible()
    expect(page.get_by_role("button", name="Stop the experiment")).to_have_count(0)
    assert api_get(context, "/api/v1/experiments")[0]["status"] == "stopped"


def test_a_second_experiment_is_refused_on_the_last_screen(
    app: Flask, page: Page, context: BrowserContext, console_errors: list[str]
) -> None:
    csrf = sign_in(context, make_account(app))
    page.goto("/experiment/new")
    page.get_by_role("radio", name=re.compile("^Ball roll vs frozen bottle")).check()
    page.get_by_role("button", name="Next: how long").click()
    expect(page).to_have_url(re.compile(r"/experiment/new/weeks\?template=ball-vs-bottle$"))
    page.get_by_role("button", name="Next: the schedule").click()
    api_post(context, csrf, "/api/v1/experiments", {"template": "calf-release", "pairs": 2})

    page.get_by_role("button", name="Start the experiment").click()

    box = page.locator('#start-form [data-error-for="_form"]')
    expect(box).to_contain_text("one experiment runs at a time")
    console_errors.clear()  # the refused start (409) is what this test is about
    assert len(api_get(context, "/api/v1/experiments")) == 1
