"""The dashboard on a phone whose browser asks for German: Plotly writes "27. Nov." on its
axes and "4,6" in its hover labels, with its locale file from our own origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    PHONE,
    draw_charts,
    make_account,
    requires_chromium,
    shoot,
    sign_in,
)
from tests.dashboard.seeding import seed_days

pytestmark = [pytest.mark.browser, requires_chromium]

GERMAN_MONTH = re.compile(r"\b\d{1,2}\. (Jan|Feb|März|Apr|Mai|Juni|Juli|Aug|Sept|Okt|Nov|Dez)\.?")
HOVER_MEAN = """() => {
  const chart = document.getElementById('chart-pain');
  const curve = chart.data.findIndex((trace) => trace.name === 'Mittelwert über 7 Tage');
  const ys = chart.data[curve].y;
  let point = ys.length - 1;
  while (ys[point] === null || Number.isInteger(ys[point])) point -= 1;
  window.Plotly.Fx.hover(chart, [{ curveNumber: curve, pointNumber: point }]);
  return chart.querySelector('.hoverlayer').textContent;
}"""


@pytest.fixture
def german_page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A phone whose browser speaks German (its Accept-Language says so)."""
    phone = browser.new_context(base_url=live_server, **{**PHONE, "locale": "de-DE"})
    phone.set_default_timeout(10_000)
    tab = phone.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    tab.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield tab
    phone.close()
    assert errors == [], errors


def test_a_german_phone_reads_german_dates_and_decimal_commas_on_the_charts(
    app: Flask, german_page: Page, live_server: str, screenshots: Path
) -> None:
    page = german_page
    email = make_account(app)
    seed_days(app, email, 90)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page.context, email)
    page.goto("/dashboard")
    assert page.evaluate("navigator.language") == "de-DE"

    draw_charts(page, "pain", "weekly")
    expect(page.locator("h1")).to_have_text("Wirkt es?")
    expect(page.locator("#chart-pain-title")).to_have_text("Anlaufschmerz")
    ticks = page.locator("#chart-pain .xtick").all_text_contents()
    assert ticks and all(GERMAN_MONTH.fullmatch(tick) for tick in ticks), ticks
    assert page.evaluate("document.getElementById('chart-pain')._context.locale") == "de"
    hover = page.evaluate(HOVER_MEAN)
    assert re.search(r"(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \w+\.? \d{4}", hover), hover
    assert re.search(r"\d,\d", hover) and not re.search(r"\d\.\d", hover), hover

    draw_charts(page)  # every chart, German words and all, fits the phone's width
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    origin = urlsplit(live_server).netloc
    locale_files = [url for url in requests if "plotly-locale" in url]
    assert [urlsplit(url).path for url in locale_files] == [
        "/static/vendor/plotly-locale-de-4.1.1.js"
    ]
    assert all(urlsplit(url).netloc == origin for url in locale_files)
    shoot(page, screenshots, "dashboard-german", whole=True)
