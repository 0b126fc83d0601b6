"""The frame around every page is translated: skip link, tabs, offline notice, outbox."""

from __future__ import annotations

from flask import Flask

from tests.conftest import register
from tests.i18n.support import PSEUDO, untranslated

PSEUDO_BROWSER = {"Accept-Language": PSEUDO}


def test_the_signed_in_frame_has_no_english_left(pseudo_app: Flask) -> None:
    person = register(pseudo_app)
    html = person.get("/", headers=PSEUDO_BROWSER).get_data(as_text=True)
    assert '<html lang="el"' in html
    assert untranslated(html, region="header") == []
    assert untranslated(html, region="outbox") == []
    assert "⟦Skip to content⟧" in html


def test_the_scanner_finds_english_nobody_marked(pseudo_app: Flask) -> None:
    """The check itself can fail: an unmarked word, attribute or English date is caught."""
    html = (
        '<main><p>⟦Saved⟧</p><p>Saved</p><button aria-label="Close">⟦x⟧</button>'
        "<p>27 November</p><p>27 Νοεμβρίου 2026</p><script>const x = 'English';</script></main>"
    )
    assert untranslated(html) == ["Saved", "Close", "27 November"]


def test_signed_out_pages_offer_the_language_picker(pseudo_app: Flask) -> None:
    client = pseudo_app.test_client()
    html = client.get("/login", headers=PSEUDO_BROWSER).get_data(as_text=True)
    assert untranslated(html, region="language") == []
    for name in ("English", "Deutsch", "Español"):
        assert f">{name}</option>" in html
