"""A self-experiment's result on paper: a sheet of its own with the chart of its weeks, after
a first sheet that keeps the daily table, with the longest condition names the API takes
and the longest technique names, on A4 and Letter, nothing clipped or overflowing."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.support import make_account, requires_chromium, shoot, sign_in
from tests.experiments.support import ended_experiment
from tracker.catalog import TECHNIQUES
from tracker.experiments.schemas import ConditionInSchema

pytestmark = [pytest.mark.browser, requires_chromium]

LABEL_MAX = next(
    v.max for v in ConditionInSchema().fields["label"].validators if getattr(v, "max", None)
)
LONG_A = "Light and often: two short rounds a day, morning and evening"
LONG_B = "Fewer and harder: three long sessions a week, firm pressure!"
LONGEST_TECHNIQUES = sorted(TECHNIQUES, key=lambda t: -len(t.name))[:2]
TECHNIQUES_OF = ["thumb-walk", *(t.slug for t in LONGEST_TECHNIQUES)]

CONTENT = {"A4": (703, 1032), "Letter": (725, 965)}
"""The printed page's content box in CSS px: the paper less the 12 mm margins."""
MIN_LABEL_PX = 11

BOXES = """(width) => {
  const section = document.getElementById("report-experiment");
  const out = [];
  for (const el of [section, ...section.querySelectorAll("*")]) {
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    const name = el.id || el.getAttribute("class") || el.tagName;
    if (box.left < -0.5 || box.right > width + 0.5) out.push(`${name} runs off the page`);
    if (!(el instanceof SVGElement) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth)
      out.push(`${name} is clipped: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  return { problems: out, height: section.getBoundingClientRect().height };
}"""

CHART_TEXT = """() => {
  const svg = document.querySelector("svg.weeks-chart");
  const frame = svg.getBoundingClientRect();
  const scale = frame.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll("text")]
    .filter((t) => getComputedStyle(t).display !== "none");
  const boxes = texts.map((t) => t.getBoundingClientRect());
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5
        && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
      overlaps.push(`${texts[i].textContent} / ${texts[i + 1 + j].textContent}`);
  }));
  const outside = boxes.filter((b) => b.left < frame.left - 0.5 || b.right > frame.right + 0.5
    || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5).length;
  return {
    sizes: texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale),
    overlaps, outside, letters: texts.filter((t) => t.classList.contains("letter")).length,
  };
}"""


def _long_conditions() -> list[dict[str, Any]]:
    return [
        {
            "label": LONG_A,
            "sessions_per_week": 14,
            "minutes": 5,
            "pressure_max": 4,
            "techniques": TECHNIQUES_OF,
        },
        {
            "label": LONG_B,
            "sessions_per_week": 3,
            "minutes": 10,
            "pressure_min": 6,
            "pressure_max": 7,
            "techniques": TECHNIQUES_OF,
        },
    ]


def _pdf_pages(page: Page, paper: str) -> list[str]:
    page.emulate_media(media="print")
    data = page.pdf(format=paper, print_background=True)
    # NFKC: the PDF's text has the font's ligatures ("ﬁ" for "fi").
    pages = PdfReader(io.BytesIO(data)).pages
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pages]


def test_the_labels_are_the_longest_the_api_takes() -> None:
    assert len(LONG_A) == len(LONG_B) == LABEL_MAX == 60
    assert [len(t.name) for t in LONGEST_TECHNIQUES] == [
        max(len(t.name) for t in TECHNIQUES),
        sorted((len(t.name) for t in TECHNIQUES), reverse=True)[1],
    ]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_experiment_prints_on_its_own_sheet_with_its_weeks_and_the_longest_names(
    app: Flask, page: Page, live_server: str, screenshots: Any, paper: str
) -> None:
    email = make_account(app)
    ended_experiment(app, email, pairs=4, conditions=_long_conditions())
    sign_in(page.context, email)
    width, height = CONTENT[paper]
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/report")
    expect(page.locator("svg.weeks-chart")).to_be_visible()
    expect(page.locator("#experiment-weeks .legend")).to_contain_text(f"A: {LONG_A}")
    page.emulate_media(media="print")

    boxes = page.evaluate(BOXES, width)
    chart = page.evaluate(CHART_TEXT)
    pages = _pdf_pages(page, paper)

    assert boxes["problems"] == []
    assert boxes["height"] <= height, f"the experiment needs {boxes['height']} of {height} px"
    assert chart["letters"] == 8 and chart["outside"] == 0 and chart["overlaps"] == []
    assert min(chart["sizes"]) >= MIN_LABEL_PX, chart["sizes"]
    assert len(pages) == 2, f"{paper}: {len(pages)} pages"
    first, second = pages
    assert "Last 14 days" in first and "Self-experiment" not in first
    assert "by FirstStep" not in first  # the footer closes the second sheet
    assert "First-step pain report, continued" in second and "by FirstStep" in second
    for text in (LONG_A, LONG_B, *(t.name for t in LONGEST_TECHNIQUES), "B − A:", "seed"):
        assert text in second, f"{text!r} not on the {paper} experiment sheet"
    page.emulate_media(media="screen")
    shoot(page, screenshots, f"report-experiment-long-{paper.lower()}", whole=True)


def test_a_running_experiment_keeps_the_report_on_one_sheet_with_its_table(
    app: Flask, page: Page, live_server: str
) -> None:
    email = make_account(app)
    ended_experiment(app, email, ended_days_ago=-10, conditions=_long_conditions())
    sign_in(page.context, email)
    page.goto("/report")
    expect(page.locator("#experiment-status")).to_contain_text("Week 5 of 6")

    for paper in ("A4", "Letter"):
        pages = _pdf_pages(page, paper)
        assert len(pages) == 1, f"{paper}: {len(pages)} pages"
        assert "Week 5 of 6" in pages[0] and "Last 14 days" in pages[0]
    assert page.locator("svg.weeks-chart").count() == 0


def test_on_a_phone_the_weeks_chart_and_long_names_fit_the_screen(
    app: Flask, page: Page, live_server: str
) -> None:
    email = make_account(app)
    ended_experiment(app, email, pairs=4, conditions=_long_conditions())
    sign_in(page.context, email)
    page.goto("/report")
    expect(page.locator("svg.weeks-chart")).to_be_visible()

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    chart = page.evaluate(CHART_TEXT)

    assert overflow <= 0
    assert chart["overlaps"] == [] and chart["outside"] == 0
    assert min(chart["sizes"]) >= MIN_LABEL_PX, chart["sizes"]
