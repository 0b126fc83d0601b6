"""Every page works under the strict Content-Security-Policy: no violation anywhere.

A listener installed before any page script records each `securitypolicyviolation`
event; the page fixture already fails a test on any console error, which is where
Chromium also reports a refused inline script or style.
"""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import api_post, draw_charts, make_account, requires_chromium, sign_in
from tests.dashboard.seeding import seed_days

pytestmark = [pytest.mark.browser, requires_chromium]

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
SIGNED_IN_PAGES = [
    "/",
    "/log",
    "/history",
    "/settings",
    "/pauses",
    "/dashboard",
    "/report",
    "/share",
    "/data",
    "/reminders",
    "/import",
]
PUBLIC_PAGES = ["/login", "/signup", "/offline", "/api/docs"]


def _visit(page: Page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if path.endswith("dashboard"):
        draw_charts(page)
    if path == "/api/docs":
        expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    return page.evaluate("window.__csp")


def test_public_pages_and_the_api_docs_raise_no_violation(
    context: BrowserContext, page: Page
) -> None:
    context.add_init_script(WATCH)
    header = page.goto("/login").headers["content-security-policy"]  # type: ignore[union-attr]
    assert "script-src 'self'" in header and "frame-ancestors 'none'" in header

    for path in PUBLIC_PAGES:
        assert _visit(page, path) == [], path


def test_every_signed_in_page_raises_no_violation(
    app: Flask, context: BrowserContext, page: Page
) -> None:
    email = make_account(app)
    seed_days(app, email, 60)
    csrf = sign_in(context, email)
    context.add_init_script(WATCH)

    for path in SIGNED_IN_PAGES:
        assert _visit(page, path) == [], path

    link = api_post(context, csrf, "/api/v1/share-links", {"label": "physio"})
    for suffix in ("", "/report", "/dashboard"):
        assert _visit(page, f"{link['url']}{suffix}") == [], suffix
