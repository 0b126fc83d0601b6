"""Importing on a phone: choose the files, see the counts; a bad line is shown in a table."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import api_get, make_account, requires_chromium, shoot, sign_in

pytestmark = [pytest.mark.browser, requires_chromium]

BERLIN = ZoneInfo("Europe/Berlin")


def _days_ago(n: int) -> str:
    return (datetime.now(BERLIN).date() - timedelta(days=n)).isoformat()


def _file(name: str, text: str) -> dict[str, object]:
    return {"name": name, "mimeType": "text/csv", "buffer": ("\ufeff" + text).encode()}


CHECKINS = (
    f"date (Europe/Berlin),pain_right,notes\r\n"
    f"{_days_ago(2)},6,'=stiff after the drive\r\n"
    f"{_days_ago(1)},4,\r\n"
)
SESSIONS = (
    "started_at (Europe/Berlin),duration_s,foot,techniques,pressure\r\n"
    f"{_days_ago(1)}T20:15:00,600,right,ball-roll;stretch,4\r\n"
)


def test_import_both_files_and_see_the_counts(
    app: Flask, context: BrowserContext, page: Page, screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.goto("/import")

    page.get_by_label("Sessions file").set_input_files(_file("sessions.csv", SESSIONS))
    page.get_by_label("Check-ins file").set_input_files(_file("checkins.csv", CHECKINS))
    page.get_by_role("button", name="Import").tap()

    expect(page.get_by_role("status")).to_have_text("Imported 2 check-ins, 1 session.")
    expect(page.get_by_text("Check-ins: 2 new, 0 already there (2 rows read).")).to_be_visible()
    expect(page.get_by_text("Sessions: 1 new, 0 already there (1 row read).")).to_be_visible()
    shoot(page, screenshots, "import-done", whole=True)
    notes = sorted(c["notes"] for c in api_get(context, "/api/v1/checkins"))
    assert notes == ["", "=stiff after the drive"]
    box = page.get_by_role("button", name="Import").bounding_box()
    assert box is not None and box["height"] >= 44

    page.get_by_label("Check-ins file").set_input_files(_file("checkins.csv", CHECKINS))
    page.get_by_role("button", name="Import").tap()

    expect(page.get_by_role("status")).to_have_text(
        "Imported 0 check-ins; 2 rows were already there."
    )


def test_import_a_plan_history_and_see_it_counted(
    app: Flask, context: BrowserContext, page: Page
) -> None:
    sign_in(context, make_account(app))
    page.goto("/import")
    plans = (
        "effective_from (Europe/Berlin),sessions_per_day,minutes_min,minutes_max\r\n"
        f"{_days_ago(30)},1,5,10\r\n"
    )

    page.get_by_label("Plans file").set_input_files(_file("plans.csv", plans))
    page.get_by_role("button", name="Import").tap()

    expect(page.get_by_role("status")).to_have_text("Imported 1 plan.")
    expect(page.get_by_text("Plans: 1 new, 0 already there (1 row read).")).to_be_visible()
    assert api_get(context, "/api/v1/me")["plan"]["sessions_per_day"] == 1


def test_a_bad_line_is_shown_in_a_table_and_nothing_is_written(
    app: Flask, context: BrowserContext, page: Page, console_errors: list[str], screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.goto("/import")
    bad = CHECKINS.replace(",4,", ",eleven,")

    page.get_by_label("Check-ins file").set_input_files(_file("checkins.csv", bad))
    page.get_by_role("button", name="Import").focus()
    page.keyboard.press("Enter")  # by keyboard alone

    table = page.get_by_role("table", name="Lines to fix")
    expect(table).to_be_visible()
    expect(table.get_by_role("row").nth(1)).to_have_text("Check-ins3pain_rightNot a valid integer.")
    expect(page.get_by_role("status")).to_have_text("Nothing was imported. Not a valid integer.")
    shoot(page, screenshots, "import-bad-line", whole=True)
    assert api_get(context, "/api/v1/checkins") == []
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    ]
    console_errors.clear()  # the refused import is what this test is about


def test_the_report_reads_in_dark_mode(
    app: Flask, context: BrowserContext, page: Page, console_errors: list[str], screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.emulate_media(color_scheme="dark")
    page.goto("/import")

    page.get_by_label("Sessions file").set_input_files(_file("sessions.csv", CHECKINS))
    page.get_by_role("button", name="Import").tap()

    expect(page.get_by_role("status")).to_contain_text("looks like a check-ins file")
    shoot(page, screenshots, "import-dark")
    colours = page.evaluate(
        """() => {
          const cell = getComputedStyle(document.querySelector('#import-lines td'));
          const card = getComputedStyle(document.getElementById('import-result'));
          return [card.backgroundColor, cell.color];
        }"""
    )
    assert colours == ["rgb(24, 32, 29)", "rgb(230, 236, 233)"]  # dark --surface, --text
    console_errors.clear()  # the refused import (422) is what this test is about


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    app: Flask, context: BrowserContext, page: Page
) -> None:
    sign_in(context, make_account(app))
    page.goto("/import")
    sent: list[str] = []
    page.on("request", lambda request: "/api/v1/import" in request.url and sent.append(request.url))
    huge = CHECKINS + "x" * (2 * 1024 * 1024)

    page.get_by_label("Check-ins file").set_input_files(_file("checkins.csv", huge))
    page.get_by_role("button", name="Import").tap()

    expect(page.get_by_role("alert")).to_have_text(re.compile(r"larger than 2 MB together"))
    assert sent == []


def test_a_daily_summary_as_the_check_ins_file_says_what_it_left_out(
    app: Flask, context: BrowserContext, page: Page
) -> None:
    sign_in(context, make_account(app))
    page.goto("/import")
    daily = (
        "date (Europe/Berlin),pain_right,sessions,experiment_block,experiment_condition\r\n"
        f"{_days_ago(2)},5,2,1,A: Daily and light\r\n"
        f"{_days_ago(1)},,0,1,A: Daily and light\r\n"
    )

    page.get_by_label("Check-ins file").set_input_files(_file("daily.csv", daily))
    page.get_by_role("button", name="Import").tap()

    expect(page.get_by_role("status")).to_have_text("Imported 1 check-in.")
    notes = page.get_by_role("list", name="Read but not imported").get_by_role("listitem")
    expect(notes).to_have_count(2)
    expect(notes.first).to_contain_text("Check-ins: This is a daily summary")
    expect(notes.last).to_contain_text("a self-experiment cannot be re-created from a CSV file")
    assert [c["pain_right"] for c in api_get(context, "/api/v1/checkins")] == [5]
