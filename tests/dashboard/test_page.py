"""The /dashboard page carries its numbers and sentences itself: a phone shows them with
the first paint, before any script runs; the script only draws the charts."""

from __future__ import annotations

import html
import re

from flask import Flask

from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tracker.charts import CHART_NAMES


def page_text(user: ApiClient) -> str:
    response = user.get("/dashboard")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_page_holds_the_numbers_and_every_charts_words(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 180)
    data = user.get("/api/v1/dashboard").json
    summary = data["summary"]

    page = page_text(user)

    assert summary["progress"]["label"] in page
    assert f"{summary['headline']['conclusion']} {summary['headline']['note']}" in page
    streak = summary["streaks"]["current"]
    assert re.search(rf'id="stat-streak">{streak} days?<', page)
    adherence = round(summary["totals"]["mean_adherence"] * 100)
    assert f'id="stat-adherence">{adherence}%<' in page
    for warning in summary["warnings"]:
        assert f"{warning['message']} ({warning['reason']})" in page
    assert [c["name"] for c in data["charts"]] == list(CHART_NAMES)
    for chart in data["charts"]:
        assert chart["title"] in page and chart["summary"] in page, chart["name"]
        # The chart's own height is kept before it is drawn: nothing below it moves then.
        height = chart["figure"]["layout"]["height"]
        assert re.search(rf'id="chart-{chart["name"]}"[^>]*>\s*<svg [^>]*height="{height}"', page)
    assert "Loading" not in page


def test_plotly_is_not_in_the_page_until_a_chart_asks_for_it(user: ApiClient) -> None:
    page = page_text(user)

    # Named for the script to load (the first chart near the screen), never a <script> or
    # a stylesheet <link> the browser would fetch, parse and run before the first paint.
    assert 'data-plotly="/assets/plotly.js?v=4.1.1"' in page
    assert not re.search(r"<script[^>]+plotly", page)
    assert not re.search(r"<link[^>]+plotly", page)


def test_a_new_account_reads_not_enough_data_and_a_dash_for_no_numbers(user: ApiClient) -> None:
    page = page_text(user)

    assert "Not enough data yet" in page
    assert 'id="stat-streak">0 days<' in page
    assert 'id="stat-adherence">–<' in page
