"""Choosing the language on Settings, at phone size: the page comes back in it at once,
every page follows, and "Browser language" hands the choice back to the browser."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import api_get, make_account, requires_chromium, sign_in

pytestmark = [pytest.mark.browser, requires_chromium]


def test_switching_to_spanish_on_settings(app: Flask, context: BrowserContext, page: Page) -> None:
    email = make_account(app)
    sign_in(context, email)
    page.goto("/settings")
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()

    page.get_by_label("Language of pages and reminders").select_option("es")
    page.get_by_role("button", name="Change language").tap()

    expect(page.get_by_role("heading", name="Ajustes", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label("Idioma de las páginas y los recordatorios")).to_have_value("es")
    assert api_get(context, "/api/v1/me")["language"] == "es"

    page.goto("/reminders")
    expect(page.get_by_role("heading", name="Recordatorios", exact=True)).to_be_visible()
    page.goto("/experiment")
    expect(page.get_by_role("heading", name="Descúbrelo por ti mismo")).to_be_visible()
    expect(page.get_by_role("link", name="Hoy")).to_be_visible()

    page.goto("/settings")
    page.get_by_label("Idioma de las páginas y los recordatorios").select_option("")
    page.get_by_role("button", name="Cambiar idioma").tap()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    assert api_get(context, "/api/v1/me")["language"] is None
