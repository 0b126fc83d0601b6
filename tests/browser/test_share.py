"""A share link on a phone: made on /share, opened in a private window, then revoked."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.support import (
    PHONE,
    draw_charts,
    make_account,
    requires_chromium,
    shoot,
    sign_in,
)
from tests.dashboard.seeding import seed_days
from tracker.charts import CHART_NAMES

pytestmark = [pytest.mark.browser, requires_chromium]


def test_link_opens_in_a_private_window_until_it_is_revoked(
    app: Flask,
    browser: Browser,
    context: BrowserContext,
    page: Page,
    live_server: str,
    screenshots: Path,
) -> None:
    email = make_account(app)
    seed_days(app, email, 21)
    sign_in(context, email)
    page.goto("/share")
    expect(page.get_by_text("they cannot change anything")).to_be_visible()
    page.get_by_label("Label (only you see it)").fill("Physio")
    expect(page.get_by_label("Expires after (days)")).to_have_value("30")
    page.get_by_role("button", name="Create link").tap()
    shown = page.get_by_label("Your new link")
    expect(shown).to_be_visible()
    url = shown.input_value()
    assert url.startswith(f"{live_server}/s/")
    row = page.locator("#link-list li").first
    expect(row).to_contain_text("Physio")
    expect(row.locator("[data-slot=status]")).to_have_text("Active")
    shoot(page, screenshots, "share-created", whole=True)

    # A private window, in dark mode: the pages must read well there too.
    private = browser.new_context(base_url=live_server, color_scheme="dark", **PHONE)
    try:
        visitor = private.new_page()
        seen: list[str] = []
        visitor.on("console", lambda m: m.type == "error" and seen.append(m.text))
        visitor.on("pageerror", lambda error: seen.append(f"uncaught: {error}"))
        visitor.goto(url)
        expect(visitor.get_by_role("heading", name="FirstStep: a shared diary")).to_be_visible()
        expect(visitor.locator("#share-facts")).to_contain_text("read-only")
        expect(visitor.locator("nav.tabs")).to_have_count(0)
        shoot(visitor, screenshots, "share-landing", whole=True)
        visitor.get_by_role("link", name="Dashboard charts").tap()
        draw_charts(visitor)
        expect(visitor.locator("[data-drawn=true]")).to_have_count(len(CHART_NAMES))
        expect(visitor.locator("#stat-streak")).not_to_have_text("–")
        shoot(visitor, screenshots, "share-dashboard")
        assert private.cookies() == []  # opening a link signs nobody in
        assert seen == []

        page.get_by_role("button", name="Revoke").tap()
        page.get_by_role("button", name="Tap again to revoke").tap()
        expect(page.get_by_text("Link revoked")).to_be_visible()
        expect(row.locator("[data-slot=status]")).to_have_text("Revoked")

        visitor.goto(url)
        expect(visitor.get_by_role("heading", name="This link was revoked")).to_be_visible()
        expect(visitor.locator("#refused-message")).to_contain_text("ask the person")
        shoot(visitor, screenshots, "share-revoked")
        visitor.reload()
        expect(visitor.get_by_role("heading", name="This link was revoked")).to_be_visible()
        # The refusal itself is the only error the browser reports.
        assert seen and all("status of 410" in message for message in seen), seen
    finally:
        private.close()

    page.reload()
    expect(page.locator("#link-list li").first.locator("[data-slot=status]")).to_have_text(
        "Revoked"
    )
