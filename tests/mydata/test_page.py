"""The /data page: the download, the links to the other hand-off pages, the delete form."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import ApiClient
from tests.web.html_audit import read_page, unlabelled


def test_signed_out_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/data")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_page_offers_download_links_and_a_labelled_delete_form(user: ApiClient) -> None:
    response = user.get("/data")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    for href in (
        "/api/v1/my-data",
        "/api/v1/export/fhir",
        "/report",
        "/share",
        "/import",
        "/reminders",
    ):
        assert f'href="{href}"' in html, href
    assert 'formaction="/api/v1/export/daily.csv"' in html
    assert 'id="delete-account-form"' in html
    assert 'type="password"' in html and "Type DELETE to confirm" in html
    assert '<meta name="csrf-token" content="' in html


def test_page_has_no_inline_code_and_every_control_labelled(user: ApiClient) -> None:
    facts = read_page(user.get("/data").get_data(as_text=True))

    assert facts.inline_scripts == 0
    assert facts.style_attributes == []
    assert unlabelled(facts) == []
    assert any("js/mydata.js?v=" in src for src in facts.scripts)
