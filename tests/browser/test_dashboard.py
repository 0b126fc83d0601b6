"""The dashboard on a phone: five charts drawn from our own origin, and honest empty states."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.support import draw_charts, make_account, requires_chromium, shoot, sign_in
from tests.dashboard.seeding import seed_days
from tracker.charts import CHART_NAMES

pytestmark = [pytest.mark.browser, requires_chromium]

DRAWN = "[data-drawn=true]"


def open_dashboard(page: Page, live_server: str, email: str) -> list[str]:
    """Signs in, opens /dashboard, waits for every chart; returns every URL requested."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page.context, email)
    page.goto("/dashboard")
    draw_charts(page)
    expect(page.locator(DRAWN)).to_have_count(len(CHART_NAMES))
    expect(page.locator("#summary")).to_have_attribute("aria-busy", "false")
    return requests


def assert_own_origin_only(requests: list[str], live_server: str) -> None:
    origin = urlsplit(live_server).netloc
    foreign = [url for url in requests if urlsplit(url).netloc not in (origin, "")]
    assert foreign == [], foreign
    assert any(urlsplit(url).path == "/assets/plotly.js" for url in requests)


def test_half_a_year_of_diary_draw_five_charts_and_a_headline_with_numbers(
    app: Flask, page: Page, live_server: str, screenshots: Path
) -> None:
    email = make_account(app)
    seed_days(app, email, 180)  # seed-demo's default
    requests = open_dashboard(page, live_server, email)
    assert_own_origin_only(requests, live_server)

    for name in CHART_NAMES:
        card = page.locator(f"[data-chart={name}]")
        expect(card.locator(".main-svg").first).to_be_attached()
        expect(card.locator("[data-slot=summary]")).not_to_have_text("Loading…")
        assert "chart-empty" not in (card.get_attribute("class") or "")
    # The panel's own labels always carry the numbers; the sentence carries them
    # whenever it states a link (which way depends on this person's diary).
    svg_text = page.locator("#chart-headline").inner_text()
    for part in ("whole vs half routine: ", "95% CI", "n = "):
        assert part in svg_text, svg_text
    headline = page.locator("#chart-headline-summary").inner_text()
    assert "routine" in headline.lower(), headline  # the consistency verdict
    if "In weeks when you did your whole routine" in headline:
        assert re.search(r"about \d\.\d points? lower .+95% CI \d\.\d to \d\.\d", headline)
    expect(page.locator("#headline-conclusion")).to_contain_text("consistency")
    # Each fact once per page: the Progress card's sentences are not repeated under charts,
    # and a chart's screen-reader name is its title (its sentence is its description).
    progress = page.locator("#progress-label").inner_text()
    conclusion = page.locator("#headline-conclusion").inner_text()
    for name in CHART_NAMES:
        sentence = page.locator(f"#chart-{name}-summary").inner_text()
        assert progress not in sentence and conclusion not in sentence, name
        title = page.locator(f"#chart-{name}-title").inner_text()
        expect(page.locator(f"#chart-{name}")).to_have_attribute("aria-label", title)
    expect(page.locator("#stat-streak")).to_have_text(re.compile(r"^\d+ days?$"))
    expect(page.locator("#stat-adherence")).to_have_text(re.compile(r"^\d+%$"))
    shoot(page, screenshots, "dashboard", whole=True)


def test_a_fresh_account_with_two_days_sees_not_enough_data(
    app: Flask, page: Page, live_server: str, screenshots: Path
) -> None:
    email = make_account(app)
    seed_days(app, email, 2)
    requests = open_dashboard(page, live_server, email)
    assert_own_origin_only(requests, live_server)
    expect(page.locator("#progress-label")).to_contain_text("Not enough data yet")
    expect(page.locator("#headline-conclusion")).to_contain_text("Not enough data yet")
    for name in ("headline", "techniques"):
        card = page.locator(f"[data-chart={name}]")
        expect(card).to_have_class(re.compile(r"\bchart-empty\b"))
        expect(card.locator("[data-slot=summary]")).to_contain_text("Not enough data yet")
    shoot(page, screenshots, "dashboard-two-days", whole=True)


def test_plotly_is_served_gzipped_and_cached_long(page: Page, live_server: str) -> None:
    response = page.request.get("/assets/plotly.js", headers={"Accept-Encoding": "gzip"})
    assert response.ok
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["content-encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["cache-control"]


def test_numbers_come_with_the_page_and_charts_only_as_they_near_the_screen(
    app: Flask, page: Page, live_server: str
) -> None:
    """A phone paints the numbers at once; plotly.js (1.2 MB to run) and the figures are
    fetched for the first chart that nears the screen, and each chart is drawn then."""
    email = make_account(app)
    seed_days(app, email, 180)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    sign_in(page.context, email)
    # A short screen: the first chart starts below it and its 200 px margin.
    page.set_viewport_size({"width": 390, "height": 400})
    page.goto("/dashboard")
    page.wait_for_load_state("networkidle")

    expect(page.locator("#stat-streak")).to_have_text(re.compile(r"^\d+ days?$"))
    first = page.locator("[data-chart]").first
    box = first.bounding_box()
    assert box is not None and box["y"] > 400 + 200  # below the screen and the 200 px margin
    expect(page.locator(DRAWN)).to_have_count(0)
    assert "/assets/plotly.js" not in requests and "/api/v1/dashboard" not in requests

    first.scroll_into_view_if_needed()
    expect(first.locator(DRAWN)).to_have_count(1, timeout=15_000)
    assert requests.count("/assets/plotly.js") == 1 and requests.count("/api/v1/dashboard") == 1
    assert first.locator(".chart-space").count() == 0
    last = page.locator("[data-chart]").last
    expect(last.locator(DRAWN)).to_have_count(0)
    last.scroll_into_view_if_needed()
    expect(last.locator(DRAWN)).to_have_count(1, timeout=15_000)
    assert requests.count("/assets/plotly.js") == 1 and requests.count("/api/v1/dashboard") == 1
