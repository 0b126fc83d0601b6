"""Your data on a phone: download everything, delete the account; and the reminder times."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import time
from pathlib import Path

import pytest
from flask import Flask
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import api_post, make_account, requires_chromium, shoot, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_chromium]


def _signed_in_with_a_morning(app: Flask, context: BrowserContext) -> str:
    email = make_account(app)
    csrf = sign_in(context, email)
    api_post(
        context,
        csrf,
        "/api/v1/checkins",
        {"client_id": str(uuid.uuid4()), "pain_right": 6, "notes": "first try"},
    )
    return email


def test_download_everything_then_delete_the_account(
    app: Flask, context: BrowserContext, page: Page, screenshots: Path
) -> None:
    email = _signed_in_with_a_morning(app, context)
    page.goto("/data")
    shoot(page, screenshots, "data", whole=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download everything (.zip)").click()
    download = info.value
    assert download.suggested_filename.startswith("firststep-data-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert "checkins.csv" in archive.namelist()
    assert "first try" in archive.read("checkins.csv").decode("utf-8-sig")

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Type DELETE to confirm").fill("delete")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator('[data-error-for="confirm"]')).to_contain_text("Type DELETE")

    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/signup")
    expect(page.get_by_role("status").first).to_contain_text(
        "Your account and all its data are deleted."
    )

    login = context.request.post("/api/v1/auth/login", data={"email": email, "password": PASSWORD})
    assert login.status == 401


def test_a_wrong_password_shows_beside_the_field_and_deletes_nothing(
    app: Flask, context: BrowserContext, page: Page, console_errors: list[str]
) -> None:
    _signed_in_with_a_morning(app, context)
    page.goto("/data")

    page.get_by_label("Your password").fill("not the password")
    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    page.get_by_role("button", name="Delete my account").click()

    expect(page.locator('[data-error-for="password"]')).to_contain_text("wrong")
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    ]
    console_errors.clear()  # the refused DELETE is what this test is about
    assert context.request.get("/api/v1/checkins").json()[0]["notes"] == "first try"


def test_reminder_times_saved_on_the_page_are_in_the_calendar_file(
    app: Flask, context: BrowserContext, page: Page, screenshots: Path
) -> None:
    sign_in(context, make_account(app))
    page.goto("/reminders")
    page.get_by_label("Morning check-in").fill("06:30")
    page.get_by_label("Self-care session").fill("21:15")

    with page.expect_download() as info:
        page.get_by_role("link", name="Add to my calendar").click()
    shoot(page, screenshots, "reminders")

    download = info.value
    assert download.suggested_filename == "firststep-reminders.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    starts = {str(e["SUMMARY"]): e.start.time() for e in calendar.walk("VEVENT")}
    assert starts == {
        "FirstStep: morning check-in": time(6, 30),
        "FirstStep: self-care session": time(21, 15),
    }
