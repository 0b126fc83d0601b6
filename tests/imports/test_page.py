"""The /import page: signed in only, labelled, no inline code, served with its script."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import ApiClient
from tests.web.html_audit import read_page, unlabelled


def test_the_page_sends_a_stranger_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/import")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_the_page_has_labelled_file_pickers_and_no_inline_code(user: ApiClient) -> None:
    response = user.get("/import")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', html)
    facts = read_page(html)
    assert facts.inline_scripts == 0
    assert facts.style_attributes == []
    assert unlabelled(facts) == []
    pickers = [c for c in facts.controls if c.get("type") == "file"]
    assert [(c["name"], c["accept"]) for c in pickers] == [
        ("sessions", ".csv,text/csv"),
        ("checkins", ".csv,text/csv"),
        ("pauses", ".csv,text/csv"),
        ("plans", ".csv,text/csv"),
    ]
    assert any(src.startswith("/static/js/import.js?v=") for src in facts.scripts)
    assert 'aria-live="polite"' in html
    assert "Up to 2 MB and 20,000 rows per file" in html


def test_the_pages_script_and_styles_are_served(user: ApiClient) -> None:
    facts = read_page(user.get("/import").get_data(as_text=True))
    (styles,) = [href for href in facts.stylesheets if "/css/import.css" in href]
    with user.client.get("/static/js/import.js") as script, user.client.get(styles) as css:
        assert script.status_code == css.status_code == 200
        assert "/api/v1/import" in script.get_data(as_text=True)
        assert ".import-lines-table" in css.get_data(as_text=True)
