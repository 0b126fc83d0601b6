"""The printable report in Chromium: one page of A4 and one of Letter, with the numbers in it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from tests.browser.support import make_account, requires_chromium, shoot, sign_in
from tests.dashboard.seeding import seed_days
from tracker.extensions import db
from tracker.models import Checkin, User

pytestmark = [pytest.mark.browser, requires_chromium]


def _pdf_pages(page: Page, paper: str) -> list[str]:
    """Print the page as Chromium's "Save as PDF" does, and read the text back."""
    page.emulate_media(media="print")
    data = page.pdf(format=paper, print_background=True)
    page.emulate_media(media="screen")
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_eight_weeks_print_on_one_page_with_the_key_numbers(
    app: Flask, page: Page, live_server: str, screenshots: Path, paper: str
) -> None:
    email = make_account(app)
    seed_days(app, email, 70)
    sign_in(page.context, email)
    page.goto("/report")
    expect(page.locator("#print-report")).to_be_visible()
    baseline = page.locator("#baseline").inner_text()
    now = page.locator("#now").inner_text()
    adherence = page.locator("#adherence").inner_text()
    effect = page.locator("#headline-consistency [data-field=effect]").inner_text()
    assert baseline[0].isdigit() and now[0].isdigit() and adherence.endswith("%")

    pages = _pdf_pages(page, paper)

    assert len(pages) == 1, f"{paper}: {len(pages)} pages"
    text = _flat(pages[0])
    for value in (baseline, now, adherence, effect, "First-step pain report", "by FirstStep"):
        assert value in text, f"{value!r} not in the {paper} PDF"
    assert "Print or save as PDF" not in text
    assert "Settings" not in text
    shoot(page, screenshots, f"report-phone-{paper.lower()}", whole=True)


def test_an_empty_report_also_prints_on_one_page(app: Flask, page: Page, live_server: str) -> None:
    sign_in(page.context, make_account(app))
    page.goto("/report")

    pages = _pdf_pages(page, "A4")

    assert len(pages) == 1
    assert "Not enough data yet" in _flat(pages[0])


def test_the_report_fits_a_phone_screen_and_the_button_prints(
    app: Flask, page: Page, live_server: str
) -> None:
    email = make_account(app)
    seed_days(app, email, 70)
    sign_in(page.context, email)
    page.goto("/report")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")

    page.locator("#print-report").click()

    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    box = page.locator("#print-report").bounding_box()
    assert box is not None and box["height"] >= 44
    chart = page.locator("svg.pain-chart").bounding_box()
    assert chart is not None and chart["width"] > 300


PRINT_WIDTH = {"A4": 703, "Letter": 725}
"""The printed page's content width in CSS px: the paper less the 12 mm margins."""
MIN_LABEL_PX = 11

LABEL_SIZES = """() => {
  const svg = document.querySelector("svg.pain-chart");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text.tick")].map(
    (t) => parseFloat(getComputedStyle(t).fontSize) * scale);
}"""

OVERFLOWING_TILES = """() => [...document.querySelectorAll(".figures > div")]
  .filter((tile) => [...tile.children].some((c) => c.scrollWidth > tile.clientWidth)
    || tile.scrollWidth > tile.clientWidth)
  .map((tile) => tile.innerText)"""


def _rated(app: Flask, email: str, slug: str) -> None:
    """The latest morning carries the weekly rating, as Today asks it."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        latest = db.session.scalar(
            select(Checkin).where(Checkin.user_id == user.id).order_by(Checkin.date.desc())
        )
        latest.global_change = slug
        db.session.commit()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_chart_labels_are_at_least_11_px_and_no_tile_overflows(
    app: Flask, page: Page, live_server: str, paper: str
) -> None:
    email = make_account(app)
    seed_days(app, email, 70)
    _rated(app, email, "minimally-improved")
    sign_in(page.context, email)
    page.set_viewport_size({"width": PRINT_WIDTH[paper], "height": 1000})
    page.goto("/report")
    page.emulate_media(media="print")

    sizes = page.evaluate(LABEL_SIZES)

    assert sizes and min(sizes) >= MIN_LABEL_PX, sizes
    assert "minimally improved" in page.locator("#global-change").inner_text()
    assert page.evaluate(OVERFLOWING_TILES) == []
    assert len(_pdf_pages(page, paper)) == 1


@pytest.mark.parametrize("rating", ["minimally-improved", "very-much-improved"])
def test_on_a_phone_the_longest_rating_stays_in_its_tile_and_labels_are_readable(
    app: Flask, page: Page, live_server: str, rating: str
) -> None:
    email = make_account(app)
    seed_days(app, email, 70)
    _rated(app, email, rating)
    sign_in(page.context, email)
    page.goto("/report")

    assert page.evaluate(OVERFLOWING_TILES) == []
    sizes = page.evaluate(LABEL_SIZES)
    assert sizes and min(sizes) >= MIN_LABEL_PX, sizes
