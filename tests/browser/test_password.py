"""Changing the password on the phone signs out the other browser and keeps this one."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.support import PHONE, api_get, make_account, requires_chromium, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_chromium]


def test_change_password_signs_out_elsewhere(
    app: Flask, browser: Browser, live_server: str, context: BrowserContext, page: Page
) -> None:
    email = make_account(app)
    sign_in(context, email)
    laptop = browser.new_context(base_url=live_server, **PHONE)
    sign_in(laptop, email)
    try:
        page.goto("/settings")
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password").fill("walking barefoot on sand 7")
        page.get_by_role("button", name="Change password").tap()
        expect(page.get_by_text("Password changed. Other browsers are signed out.")).to_be_visible()

        assert api_get(context, "/api/v1/me")["email"] == email  # still signed in here
        assert laptop.request.get("/api/v1/me").status == 401
        page.reload()
        expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    finally:
        laptop.close()


def test_the_page_checks_the_server_s_password_minimum_before_sending(
    app: Flask, context: BrowserContext, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortest password allowed is rendered from the server's rule, and the page's own
    check reads it from there: a rule changed on the server changes the page with it."""
    monkeypatch.setattr("tracker.web.routes.MIN_LENGTH", 14)
    sign_in(context, make_account(app))
    sent: list[str] = []
    page.on("request", lambda r: r.url.endswith("/api/v1/me/password") and sent.append(r.url))
    page.goto("/settings")
    expect(page.get_by_text("At least 14 characters")).to_be_visible()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("thirteen char")
    page.get_by_role("button", name="Change password").tap()
    expect(page.get_by_text("Use at least 14 characters.")).to_be_visible()
    assert sent == []
