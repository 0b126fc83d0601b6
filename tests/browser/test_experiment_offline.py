"""The self-experiment page offline, like Today and History: the last copy seen, kept up to
date when an experiment starts or stops; any other experiment address is the offline page."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import api_get, make_account, requires_chromium, sign_in

pytestmark = [pytest.mark.browser, requires_chromium]

OFFLINE_NOISE = "net::ERR_INTERNET_DISCONNECTED"


def _offline(context: BrowserContext, page: Page, path: str) -> None:
    context.set_offline(True)
    response = page.goto(path)
    assert response is not None and response.from_service_worker, path


def test_the_experiment_page_opens_offline_as_last_seen_after_start_and_stop(
    app: Flask, page: Page, context: BrowserContext, console_errors: list[str]
) -> None:
    sign_in(context, make_account(app))
    page.goto("/")
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    _offline(context, page, "/experiment")  # kept when the app first opened
    expect(page.get_by_role("heading", name="What is a self-experiment?")).to_be_visible()
    context.set_offline(False)

    page.goto("/experiment/new/weeks?template=consistency-vs-intensity")
    page.get_by_text("4 weeks").click()
    page.get_by_role("button", name="Next: the schedule").click()
    page.get_by_role("button", name="Start the experiment").click()
    expect(page).to_have_url(re.compile(r"/experiment/\d+\?started=1$"))
    created = api_get(context, "/api/v1/experiments")[0]
    week_one = f"Week 1 of 4: {created['schedule'][0]['label']}"

    # Never opened at /experiment since the start: the start itself refreshed the kept copy.
    _offline(context, page, "/experiment")
    expect(page.get_by_role("heading", name=week_one)).to_be_visible()
    expect(page.get_by_role("heading", name="What is a self-experiment?")).to_have_count(0)
    page.get_by_role("link", name="Today", exact=True).tap()
    expect(page.locator("#experiment-today")).to_contain_text(week_one)
    page.goto(f"/experiment/{created['id']}")  # an address not kept: the offline page
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()

    context.set_offline(False)
    page.goto(f"/experiment/{created['id']}")
    page.get_by_role("button", name="Stop the experiment").click()
    page.get_by_role("button", name="Yes, stop it").click()
    expect(page.get_by_role("heading", name="Stopped")).to_be_visible()

    _offline(context, page, "/experiment")
    expect(page.get_by_role("heading", name="Stopped")).to_be_visible()
    page.goto("/")
    expect(page.locator("#experiment-today")).to_have_count(0)
    context.set_offline(False)
    console_errors[:] = [e for e in console_errors if OFFLINE_NOISE not in e]
