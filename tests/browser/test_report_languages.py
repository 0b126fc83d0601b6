"""The report printed in German and in Spanish still fits one sheet of A4, long words and
all; a share link's pages, opened by a German or a Spanish browser, speak its language and
fit a phone."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from sqlalchemy import select

from tests.browser.support import PHONE, make_account, requires_chromium, sign_in
from tests.dashboard.seeding import seed_days
from tests.sharing.helpers import share_path
from tracker.extensions import db
from tracker.models import User

pytestmark = [pytest.mark.browser, requires_chromium]

TITLES = {"de": "Bericht zum Anlaufschmerz", "es": "Informe del dolor en los primeros pasos"}
A4_WIDTH = 703
"""A4's printed content width in CSS px: the paper less the 12 mm margins."""

OVERFLOWING = """() => [...document.querySelectorAll(
    ".figures > div, .report-block, .report-head, table, th, td, .btn")]
  .filter((box) => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1
    && !box.closest(".table-scroll"))
  .map((box) => box.className + ": " + box.innerText.slice(0, 60))"""
"""Every box whose content is wider than itself (the daily table may scroll on a phone)."""
TABLE_CLEARS_VERDICTS = """() => document.querySelector("table.headline")
  .getBoundingClientRect().right <= document.querySelector(".verdicts")
  .getBoundingClientRect().left"""
"""On paper the comparison table and its verdicts stand side by side, not on each other."""


def _diary_in(app: Flask, email: str, language: str) -> None:
    """Ten weeks of diary, as the English print test has them, the account's language set
    to ``language``. (On this much the English report fills its sheet to ~15 px: a weekly
    rating, a warning sign or a pause on top already takes it to a second one, in any
    language, which is the report layout's limit, not the translation's.)"""
    seed_days(app, email, 70)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        user.language = language
        db.session.commit()


def _pdf_pages(page: Page) -> list[str]:
    page.emulate_media(media="print")
    data = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="screen")
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_report_in_german_and_spanish_prints_on_one_a4_page(
    app: Flask, page: Page, live_server: str, language: str
) -> None:
    email = make_account(app)
    _diary_in(app, email, language)
    sign_in(page.context, email)
    page.set_viewport_size({"width": A4_WIDTH, "height": 1000})
    page.goto("/report")
    assert page.locator("html").get_attribute("lang") == language
    baseline = page.locator("#baseline").inner_text()
    assert "," in baseline, baseline

    page.emulate_media(media="print")
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate(TABLE_CLEARS_VERDICTS), "the comparison table runs into its verdicts"
    pages = _pdf_pages(page)

    assert len(pages) == 1, f"{language}: {len(pages)} pages"
    assert TITLES[language] in pages[0]
    assert baseline in pages[0]
    assert "FirstStep" in pages[0]


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_share_link_in_german_and_spanish_fits_a_phone(
    app: Flask, browser: Browser, page: Page, live_server: str, language: str
) -> None:
    email = make_account(app)
    _diary_in(app, email, "en")
    csrf = sign_in(page.context, email)
    made = page.context.request.post(
        "/api/v1/share-links", data={"label": "Physio"}, headers={"X-CSRF-Token": csrf}
    )
    assert made.status == 201, made.text()
    link = share_path(made.json())
    reader = browser.new_context(base_url=live_server, **{**PHONE, "locale": language})
    try:
        tab = reader.new_page()
        for path in (link, f"{link}/report"):
            tab.goto(path)
            assert tab.locator("html").get_attribute("lang") == language
            overflow = tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (path, overflow)
            assert tab.evaluate(OVERFLOWING) == [], path
        assert TITLES[language] in tab.locator("h1").inner_text()
    finally:
        reader.close()
