"""The third file picker: a pauses file imported on a phone, its line problems in the table."""

from __future__ import annotations

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


def _file(text: str) -> dict[str, object]:
    return {"name": "pauses.csv", "mimeType": "text/csv", "buffer": ("\ufeff" + text).encode()}


HEADER = "start_date (Europe/Berlin),end_date (Europe/Berlin),reason,note\r\n"


def test_import_a_pauses_file_and_see_an_overlap_named(
    app: Flask, context: BrowserContext, page: Page, console_errors: list[str], screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.goto("/import")
    picker = page.get_by_label("Pauses file")
    box = picker.bounding_box()
    assert box is not None and box["height"] >= 44

    good = HEADER + f"{_days_ago(9)},{_days_ago(7)},illness,'=flu\r\n"
    picker.set_input_files(_file(good))
    page.get_by_role("button", name="Import").tap()

    expect(page.get_by_role("status")).to_have_text("Imported 1 pause.")
    expect(page.get_by_text("Pauses: 1 new, 0 already there (1 row read).")).to_be_visible()
    pauses = api_get(context, "/api/v1/pauses")
    assert [(p["start_date"], p["note"]) for p in pauses] == [(_days_ago(9), "=flu")]

    overlap = HEADER + f"{_days_ago(8)},{_days_ago(2)},travel,\r\n"
    page.get_by_label("Pauses file").set_input_files(_file(overlap))
    page.get_by_role("button", name="Import").tap()

    row = page.locator("#import-lines tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Pauses")
    expect(row).to_contain_text(f"Overlaps your pause from {_days_ago(9)} to {_days_ago(7)}.")
    shoot(page, screenshots, "import-pause-overlap", whole=True)
    assert len(api_get(context, "/api/v1/pauses")) == 1
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    ]
    console_errors.clear()  # the refused import is what this test is about
