"""Every chart readable in light and dark mode: each drawn colour at 3:1 on its card.

The colours are read from what Plotly actually drew (each graph div's
``_fullData``, after the dashboard's dark-mode swap), the legend swatches and the
text from the SVG, and the card's colour from its computed style: the same
checks a person with low vision makes by looking, in both schemes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
from tests.charts.contrast import ratio
from tests.dashboard.seeding import seed_days
from tracker.charts import CHART_NAMES

pytestmark = [pytest.mark.browser, requires_chromium]

SCHEMES = ("light", "dark")

# Everything Plotly drew in each chart: the colour, the opacity it is drawn with,
# and what it is (for the failure message).
READ_COLOURS = """
() => Array.from(document.querySelectorAll(".chart-card")).map((card) => {
  const graph = card.querySelector(".js-plotly-plot");
  const drawn = [];
  const add = (what, colour, opacity) => {
    if (typeof colour === "string" && colour !== "transparent" && colour !== "none") {
      drawn.push({ what, colour, opacity });
    }
  };
  (graph._fullData || []).filter((t) => t.visible === true).forEach((t) => {
    const traceOpacity = t.opacity === undefined ? 1 : t.opacity;
    const marker = t.marker || {};
    const markerOpacity = traceOpacity * (typeof marker.opacity === "number" ? marker.opacity : 1);
    const name = t.name + " (" + t.type + ")";
    // A numeric colour array is drawn through the colour scale: every stop is drawn.
    const colours = (c) => (Array.isArray(c)
      ? (c.some((v) => typeof v === "number") ? (marker.colorscale || []).map((s) => s[1]) : c)
      : [c]);
    if (t.type === "bar") {
      colours(marker.color).forEach((c) => add(name + " bar", c, markerOpacity));
      return;
    }
    const mode = t.mode || "";
    if (mode.includes("lines")) { add(name + " line", t.line.color, traceOpacity); }
    if (mode.includes("markers")) {
      colours(marker.color).forEach((c) => add(name + " marker", c, markerOpacity));
    }
  });
  const swatches = [];
  card.querySelectorAll(".legendpoints path, .legendlines path, .legendundefined path")
    .forEach((p) => {
      const style = getComputedStyle(p);
      [style.fill, style.stroke].forEach((c) => {
        if (c && c !== "none" && !c.startsWith("rgba(0, 0, 0, 0)")) {
          swatches.push({ what: "legend swatch", colour: c, opacity: Number(style.opacity) });
        }
      });
    });
  const texts = Array.from(card.querySelectorAll(".main-svg text"))
    .filter((t) => t.textContent.trim() !== "")
    .map((t) => ({
      what: "text " + t.textContent.trim().slice(0, 30),
      colour: getComputedStyle(t).fill,
    }));
  return {
    name: card.getAttribute("data-chart"),
    card: getComputedStyle(card).backgroundColor,
    scheme: graph.getAttribute("data-scheme"),
    traces: (graph._fullData || []).length,
    drawn: drawn.concat(swatches),
    texts,
  };
})
"""


@pytest.fixture(params=SCHEMES)
def scheme_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: str
) -> Iterator[tuple[str, Page]]:
    scheme = request.param
    context = browser.new_context(base_url=live_server, color_scheme=scheme, **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield scheme, page
    context.close()
    assert errors == [], errors


def low_contrast(chart: dict[str, Any]) -> list[str]:
    card = chart["card"]
    failures = []
    for item in chart["drawn"]:
        seen = ratio(item["colour"], card, item["opacity"])
        if seen < 3:
            failures.append(f"{chart['name']}: {item['what']} {item['colour']} {seen:.2f}:1")
    for item in chart["texts"]:
        seen = ratio(item["colour"], card)
        if seen < 4.5:
            failures.append(f"{chart['name']}: {item['what']!r} {item['colour']} {seen:.2f}:1")
    return failures


def test_every_trace_legend_and_label_meets_contrast_on_its_card_in_both_schemes(
    app: Flask, scheme_page: tuple[str, Page], live_server: str, screenshots: Path
) -> None:
    scheme, page = scheme_page
    email = make_account(app)
    # seed-demo's whole story: a pause, a plan change and weekly ratings, so every
    # kind of trace is drawn.
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--email", email, "--days", "180", "--replace"]
    )
    assert result.exit_code == 0, result.output
    sign_in(page.context, email)
    page.goto("/dashboard")
    draw_charts(page)
    expect(page.locator("[data-drawn=true]")).to_have_count(len(CHART_NAMES))

    charts = page.evaluate(READ_COLOURS)

    assert [c["name"] for c in charts] == list(CHART_NAMES)
    expected_card = "rgb(255, 255, 255)" if scheme == "light" else "rgb(24, 32, 29)"
    failures: list[str] = []
    for chart in charts:
        assert chart["scheme"] == scheme, chart["name"]
        assert chart["card"] == expected_card, chart
        assert chart["traces"] > 0 and chart["drawn"], chart["name"]
        failures += low_contrast(chart)
    assert failures == [], "\n".join(failures)

    shoot(page, screenshots, f"dashboard-{scheme}", whole=True)


def test_the_charts_follow_the_system_when_it_switches_to_dark(
    app: Flask, scheme_page: tuple[str, Page], live_server: str
) -> None:
    """Dusk on a phone switches the scheme of an open page: the lines must follow."""
    scheme, page = scheme_page
    email = make_account(app)
    seed_days(app, email, 30)
    sign_in(page.context, email)
    page.goto("/dashboard")
    draw_charts(page)
    expect(page.locator("[data-drawn=true]")).to_have_count(len(CHART_NAMES))
    other = "dark" if scheme == "light" else "light"

    page.emulate_media(color_scheme=other)

    expect(page.locator(f"#chart-pain[data-scheme={other}]")).to_have_count(1)
    charts = {c["name"]: c for c in page.evaluate(READ_COLOURS)}
    assert low_contrast(charts["pain"]) == []
