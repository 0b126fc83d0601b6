"""Shared by the browser tests: where Chromium is, the phone, and a few user actions."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import PASSWORD
from tracker import PROJECT_ROOT
from tracker.auth.service import create_user
from tracker.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
# The page's own outbox module, for page.evaluate: the import map resolves this plain URL to
# the versioned one the page loaded, so it is the same module instance, not a second copy.
OUTBOX = 'import("/static/js/lib/outbox.js")'
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason=f"{CHROMIUM} not found: install Debian's Chromium (`apt-get install chromium`) "
    "to run the browser tests.",
)

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
    ),
    "locale": "en-GB",
    "timezone_id": "Europe/Berlin",
}


def new_email() -> str:
    return f"phone-{uuid.uuid4().hex[:8]}@example.com"


def make_account(app: Flask, feet: str = "right", timezone: str = "Europe/Berlin") -> str:
    """An account made straight in the database: faster than the sign-up page."""
    email = new_email()
    with app.app_context():
        create_user(email, PASSWORD, timezone, feet)
        db.session.commit()
    return email


def sign_in(context: BrowserContext, email: str) -> str:
    """Signs the browser context in through the API (its cookie is the pages' cookie).

    Returns the CSRF token, for a test that writes through ``context.request`` too.
    """
    response = context.request.post(
        "/api/v1/auth/login", data={"email": email, "password": PASSWORD}
    )
    assert response.status == 200, response.text()
    return response.headers["x-csrf-token"]


def api_post(context: BrowserContext, csrf: str, path: str, body: dict[str, Any]) -> Any:
    response = context.request.post(path, data=body, headers={"X-CSRF-Token": csrf})
    assert response.status == 201, response.text()
    return response.json()


def api_get(context: BrowserContext, path: str) -> Any:
    response = context.request.get(path)
    assert response.ok, response.text()
    return response.json()


def shoot(page: Page, folder: Path, name: str, *, whole: bool = False) -> None:
    """What the phone's screen shows; ``whole`` adds the full scrolled page beside it.

    Only with ``TEST_SCREENSHOTS=1``: no test asserts on a picture, and at twice the
    phone's pixels they cost seconds of every run for a person who may look at them."""
    if os.environ.get("TEST_SCREENSHOTS") != "1":
        return
    page.screenshot(path=str(folder / f"{name}.png"))
    if whole:
        page.screenshot(path=str(folder / f"{name}-whole.png"), full_page=True)


def draw_charts(page: Page, *names: str, timeout: float = 15_000) -> None:
    """The dashboard draws a chart only as it nears the screen: scroll to each (every one by
    default), as a reader would, and wait until it is drawn."""
    page.locator("[data-chart]").first.wait_for(state="attached")  # the page has opened
    cards = [page.locator(f"[data-chart={n}]") for n in names] or page.locator("[data-chart]").all()
    for card in cards:
        card.scroll_into_view_if_needed()
        expect(card.locator("[data-drawn=true]")).to_have_count(1, timeout=timeout)
    page.evaluate("window.scrollTo(0, 0)")
