"""A new person with a German phone: sign up, log a morning and a session (one of them
offline), read History; every word on the way German, every date written the German way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.support import PHONE, api_get, new_email, requires_chromium, shoot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_chromium]

OFFLINE_NOISE = "net::ERR_INTERNET_DISCONNECTED"
ENGLISH = re.compile(
    r"\b(the|and|your|you|with|of|Save|Saved|Today|History|Log|Session|session|morning|"
    r"pain|heel|foot|feet|minutes|Waiting|sync|Edit|Delete|Add|Pressure|First steps|"
    r"Check-in|Right|Left|Both|Stop|Resume|Discard|Undo)\b"
)
"""Words of FirstStep's English pages that German never writes (not "Start" or "Timer":
German writes those too)."""


@pytest.fixture
def german(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    phone = browser.new_context(base_url=live_server, **{**PHONE, "locale": "de-DE"})
    phone.set_default_timeout(10_000)
    yield phone
    phone.close()


@pytest.fixture
def page_de(german: BrowserContext, console_errors: list[str]) -> Iterator[Page]:
    tab = german.new_page()
    tab.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    tab.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    yield tab
    errors = [e for e in console_errors if OFFLINE_NOISE not in e]
    assert errors == [], f"console errors on {tab.url}: {errors}"


def _reads_german(page: Page) -> str:
    """The visible text of ``main``: no English word, no decimal point, nothing too wide."""
    text = page.locator("main").inner_text()
    assert ENGLISH.findall(text) == [], text
    assert not re.search(r"\d\.\d", text), text  # 1,6 in German, never 1.6
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], f"{page.url} is {width}px wide"
    if page.locator(".tabs").count():  # the long German tab names never run into each other
        edges = page.eval_on_selector_all(
            ".tabs a span",
            "spans => spans.map(s => { const box = s.getBoundingClientRect(); "
            "return [box.left, box.right]; })",
        )
        assert all(left[1] < right[0] for left, right in pairwise(edges)), edges
    return text


def test_a_german_phone_signs_up_logs_and_reads_history_and_dashboard_in_german(
    page_de: Page, german: BrowserContext, screenshots: Path, console_errors: list[str]
) -> None:
    page = page_de
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="Konto erstellen")).to_be_visible()
    _reads_german(page)

    page.get_by_role("link", name="Konto erstellen").tap()
    page.get_by_label("E-Mail").fill(new_email())
    page.get_by_label("Passwort").fill("short")
    page.get_by_role("button", name="Konto erstellen").tap()
    expect(page.get_by_text("Wählen Sie, welche Ferse schmerzt")).to_be_visible()
    expect(page.get_by_text("Verwenden Sie mindestens 10 Zeichen.")).to_be_visible()
    console_errors.clear()  # the 422 of the refused form
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_text("Beide", exact=True).tap()
    page.get_by_role("button", name="Konto erstellen").tap()

    expect(page.get_by_role("heading", name="Bevor Sie beginnen")).to_be_visible()
    expect(page.locator("#today-date")).to_have_text(format_date(today, "EEEE, d. MMMM", "de"))
    _reads_german(page)
    page.get_by_role("group", name="Rechte Ferse").get_by_text("4", exact=True).tap()
    page.get_by_role("group", name="Linke Ferse").get_by_text("2", exact=True).tap()
    page.get_by_role("button", name="Speichern", exact=True).tap()
    expect(page.get_by_text("Gespeichert. Einen schönen Tag!")).to_be_visible()
    expect(page.get_by_role("heading", name="Heute Morgen")).to_be_visible()
    shoot(page, screenshots, "de-today-saved")
    _reads_german(page)

    page.get_by_role("link", name="Eintragen", exact=True).tap()
    expect(page.get_by_role("heading", name="Einheit eintragen")).to_be_visible()
    expect(page.locator("html[data-offline-ready]")).to_be_attached()
    _reads_german(page)
    page.locator(".chips").get_by_text("Ballrollen", exact=True).tap()
    expect(page.locator("#guidance")).to_contain_text("Tennis- oder Golfball")
    page.get_by_label("Minuten").fill("6")
    page.get_by_role("button", name="Einheit speichern").tap()
    expect(page.get_by_text("Einheit gespeichert.")).to_be_visible()

    german.set_offline(True)  # no signal: the next session waits on the phone, in German
    page.locator(".chips").get_by_text("Rollen mit gefrorener Flasche", exact=True).tap()
    page.get_by_label("Minuten").fill("3")
    page.get_by_role("button", name="Einheit speichern").tap()
    expect(page.get_by_text("Auf diesem Gerät gespeichert.")).to_be_visible()
    expect(page.get_by_role("heading", name="Wartet auf Synchronisierung")).to_be_visible()
    expect(page.locator("#outbox-list")).to_contain_text("Einheit von 3 Min.")
    shoot(page, screenshots, "de-log-offline")
    german.set_offline(False)
    expect(page.locator("#outbox")).to_be_hidden(timeout=15_000)

    page.get_by_role("link", name="Verlauf", exact=True).tap()
    expect(page.get_by_role("heading", name="Verlauf", exact=True)).to_be_visible()
    day = page.locator(f"#day-{today.isoformat()}")
    expect(day).to_contain_text(f"Heute · {format_date(today, 'EEEE, d. MMMM', 'de')}")
    expect(day).to_contain_text("Erste Schritte")
    expect(day).to_contain_text("Links 2/10")
    expect(day).to_contain_text("Ballrollen")
    expect(day).to_contain_text("6 Min.")
    titles = day.locator(".entry-title", has_text=re.compile(r"^Einheit um \d\d:\d\d"))
    expect(titles).to_have_count(2)
    shoot(page, screenshots, "de-history", whole=True)
    _reads_german(page)
    sessions = api_get(german, "/api/v1/sessions")
    assert sorted(s["duration_s"] for s in sessions) == [180, 360]

    page.get_by_role("link", name="Auswertung", exact=True).tap()
    expect(page.get_by_role("heading", name="Wirkt es?", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Anlaufschmerz")
    shoot(page, screenshots, "de-dashboard", whole=True)
    _reads_german(page)
