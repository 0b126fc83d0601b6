"""Words and numbers for code with no Flask: English by default, any language on request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask

from tracker.i18n import text
from tracker.i18n.web import js_catalog


def test_outside_a_request_the_words_are_english() -> None:
    assert text.gettext("Today") == "Today"
    assert text.number(1.6) == "1.6"
    assert text.current_language() == "en"


def test_using_a_language_changes_words_and_numbers_in_the_block_only() -> None:
    with text.using("de"):
        assert text.gettext("Today") == "Heute"
        assert text.number(1.6) == "1,6"
        assert text.number(1234.5, 1) == "1.234,5"
        assert text.percent(0.83) == "83\xa0%"  # a non-breaking space
        assert text.date(dt.date(2026, 11, 27), "d. MMMM y") == "27. November 2026"
        with text.using("es"):
            assert text.gettext("Today") == "Hoy"
            assert text.number(-0.5) == "-0,5"
        assert text.gettext("Today") == "Heute"
    assert text.gettext("Today") == "Today"


def test_plural_forms_write_the_count_the_readers_way() -> None:
    assert text.ngettext("%(num)s widget", "%(num)s widgets", 1) == "1 widget"
    with text.using("de"):
        assert (
            text.ngettext("%(num)s widget", "%(num)s widgets", 1200) == "1.200 widgets"
        )  # unknown: English forms, German digits


def test_inside_a_request_the_words_follow_the_request(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert text.gettext("Today") == "Hoy"
        assert text.number(2.25, 2) == "2,25"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert text.gettext("Today") == "Today"


def test_a_page_carries_only_the_script_messages_its_language_changes(
    app: Flask, tmp_path: Path
) -> None:
    script = tmp_path / "page.js"
    script.write_text(
        'import { t, tn } from "./lib/i18n.js";\n'
        't("Today"); t("A message nobody translated");\n'
        'tn("%(num)s widget", "%(num)s widgets", n);\n',
        encoding="utf-8",
    )
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert js_catalog([str(script)]) == {"Today": "Heute"}
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert js_catalog([str(script)]) == {}
