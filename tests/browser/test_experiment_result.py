"""An ended self-experiment on a phone: its result on the dashboard, in the printed report
and on a share link's pages, its chart readable in both schemes, and axe clean."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from tests.browser.support import (
    PHONE,
    api_post,
    draw_charts,
    make_account,
    requires_chromium,
    shoot,
    sign_in,
)
from tests.browser.test_accessibility import (
    SCHEMES,
    audit,
    audit_both_schemes,
    settle,
    switch_scheme,
)
from tests.browser.test_chart_colours import READ_COLOURS, low_contrast

pytestmark = [pytest.mark.browser, requires_chromium]


def _seed_ended(app: Flask) -> str:
    email = make_account(app)
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--email", email, "--days", "120", "--experiment", "ended", "--replace"]
    )
    assert result.exit_code == 0, result.output
    return email


def _pdf_pages(page: Page, paper: str) -> list[str]:
    page.emulate_media(media="print")
    data = page.pdf(format=paper, print_background=True)
    page.emulate_media(media="screen")
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_the_result_reads_on_the_dashboard_the_report_and_the_share_view(
    app: Flask,
    browser: Browser,
    context: BrowserContext,
    page: Page,
    live_server: str,
    screenshots: Path,
) -> None:
    email = _seed_ended(app)
    csrf = sign_in(context, email)

    page.goto("/dashboard")
    section = page.locator("#experiment")
    expect(section.get_by_role("heading", name="Your self-experiment")).to_be_visible()
    expect(page.locator("#experiment-status")).to_contain_text("Ended on")
    expect(page.locator("#experiment-difference")).to_contain_text("B − A: ")
    expect(page.locator("#experiment-difference")).to_contain_text("95% interval")
    expect(page.locator("#experiment-kept li")).to_have_count(2)
    expect(page.locator("#experiment-draw")).to_contain_text("seed 7")
    expect(page.locator("#experiment-method")).to_contain_text("Student's t")
    draw_charts(page, "experiment")
    summary = page.locator("#chart-experiment-summary")
    expect(summary).to_contain_text(page.locator("#experiment-sentence").inner_text())
    section.scroll_into_view_if_needed()
    shoot(page, screenshots, "experiment-dashboard")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False, "the section must fit a 390 px phone"

    page.goto("/report")
    expect(page.locator("#report-experiment")).to_contain_text("Daily and light")
    difference = page.locator("#experiment-difference").inner_text()
    expect(page.locator("svg.weeks-chart")).to_be_visible()
    for paper in ("A4", "Letter"):  # the usual sheet with its daily table, then the experiment's
        pages = _pdf_pages(page, paper)
        assert len(pages) == 2, f"{paper}: {len(pages)} pages"
        assert "Last 14 days" in pages[0] and "Self-experiment" not in pages[0]
        assert "Self-experiment" in pages[1] and "seed 7" in pages[1]
    shoot(page, screenshots, "experiment-report", whole=True)

    link = api_post(context, csrf, "/api/v1/share-links", {})
    private = browser.new_context(base_url=live_server, **PHONE)
    try:
        visitor = private.new_page()
        seen: list[str] = []
        visitor.on("console", lambda m: m.type == "error" and seen.append(m.text))
        visitor.goto(link["url"] + "/dashboard")
        expect(visitor.get_by_role("heading", name="Their self-experiment")).to_be_visible()
        expect(visitor.locator("#experiment-sentence")).to_contain_text("In their experiment")
        draw_charts(visitor, "experiment")
        visitor.goto(link["url"] + "/report")
        expect(visitor.locator("#experiment-difference")).to_have_text(difference)
        expect(visitor.locator("#experiment-sentence")).to_contain_text("In their experiment")
        shoot(visitor, screenshots, "experiment-share-report", whole=True)
        assert seen == []
    finally:
        private.close()


def test_the_chart_meets_contrast_and_the_pages_are_axe_clean_in_both_schemes(
    app: Flask, axe_context: BrowserContext, live_server: str
) -> None:
    email = _seed_ended(app)
    csrf = sign_in(axe_context, email)
    page = axe_context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))

    page.goto("/dashboard")
    draw_charts(page)
    problems: list[str] = []
    for scheme in SCHEMES:
        switch_scheme(page, scheme)
        chart = next(c for c in page.evaluate(READ_COLOURS) if c["name"] == "experiment")
        assert chart["scheme"] == scheme
        assert chart["traces"] > 0 and chart["drawn"]
        assert low_contrast(chart) == []
        problems += audit(page, "/dashboard")
    settle(page, "/report")
    problems += audit_both_schemes(page, "/report")
    link = api_post(axe_context, csrf, "/api/v1/share-links", {})
    path = link["url"].split(live_server, 1)[1]
    page.goto(path + "/dashboard")
    draw_charts(page, "experiment")
    problems += audit_both_schemes(page, path + "/dashboard")
    assert problems == [], "\n".join(problems)
    assert errors == []
