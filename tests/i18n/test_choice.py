"""Which language a page speaks: account, then cookie, then browser, then English."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ApiClient, register
from tests.sharing.helpers import create_link, share_path
from tests.web.conftest import form_token

ME = "/api/v1/me"


def lang_of(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found, html[:200]
    return found.group(1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9,en;q=0.5", "de"),
        ("es-MX", "es"),
        ("fr-FR, es;q=0.8, de;q=0.5", "es"),
        ("fr-FR, it", "en"),
        ("", "en"),
    ],
)
def test_the_browser_language_is_the_first_choice_of_a_visitor(
    client: FlaskClient, header: str, expected: str
) -> None:
    html = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert lang_of(html) == expected


def test_a_german_visitor_reads_german(client: FlaskClient) -> None:
    html = client.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Zum Inhalt springen" in html
    assert "Skip to content" not in html


def test_the_picker_keeps_the_choice_in_a_cookie(client: FlaskClient) -> None:
    token = form_token(client, "/login")
    answer = client.post(
        "/language", data={"csrf_token": token, "language": "es", "next": "/login"}
    )
    assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("lang=es;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    html = client.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert lang_of(html) == "es"


def test_the_picker_refuses_a_language_it_does_not_speak(client: FlaskClient) -> None:
    token = form_token(client, "/login")
    answer = client.post(
        "/language", data={"csrf_token": token, "language": "fr", "next": "/login"}
    )
    assert answer.status_code == 302
    assert "lang=" not in answer.headers.get("Set-Cookie", "")
    html = client.get("/login").get_data(as_text=True)
    assert "Choose English, Deutsch or Español." in html


def test_the_picker_needs_its_csrf_token_and_stays_on_this_site(client: FlaskClient) -> None:
    assert client.post("/language", data={"language": "de"}).status_code == 400
    token = form_token(client, "/login")
    answer = client.post(
        "/language", data={"csrf_token": token, "language": "de", "next": "//evil.example/"}
    )
    assert answer.headers["Location"] == "/"


def test_the_account_language_beats_cookie_and_browser(app: Flask, user: ApiClient) -> None:
    assert user.patch(ME, json={"language": "de"}).json["language"] == "de"
    user.client.set_cookie("lang", "es")
    html = user.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert lang_of(html) == "de"
    assert user.patch(ME, json={"language": None}).json["language"] is None
    assert lang_of(user.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "es"


def test_choosing_while_signed_in_saves_it_on_the_account(app: Flask) -> None:
    person = register(app)
    token = form_token(person.client, "/settings")
    answer = person.client.post("/language", data={"csrf_token": token, "language": "es"})
    assert answer.status_code == 302
    assert person.get(ME).json["language"] == "es"


@pytest.mark.parametrize("bad", ["fr", "DE", "", 3])
def test_an_unknown_language_is_a_422_naming_the_field(user: ApiClient, bad: object) -> None:
    answer = user.patch(ME, json={"language": bad})
    assert answer.status_code == 422
    assert "language" in answer.json["errors"]["json"]
    assert user.get(ME).json["language"] is None


def test_a_shared_view_speaks_the_readers_language_not_the_patients(
    app: Flask, user: ApiClient
) -> None:
    user.patch(ME, json={"language": "de"})
    link = create_link(user, label="physio")
    reader = app.test_client()
    html = reader.get(share_path(link), headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert lang_of(html) == "en"
    html = user.get(share_path(link), headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert lang_of(html) == "es"  # the patient opening their own link reads it as shared


def test_pages_and_json_say_they_vary_by_language(client: FlaskClient, user: ApiClient) -> None:
    assert "Accept-Language" in client.get("/login").headers["Vary"]
    assert "Accept-Language" in user.get("/api/v1/stats/summary").headers["Vary"]


def test_the_cached_analysis_is_kept_apart_per_language(user: ApiClient) -> None:
    """Sentences are worded in the reader's language: an English body must never be the
    German reader's cache hit (a different key, so a different ETag too)."""
    english = user.get("/api/v1/stats/summary", headers={"Accept-Language": "en"})
    german = user.get("/api/v1/stats/summary", headers={"Accept-Language": "de"})
    assert english.status_code == german.status_code == 200
    assert english.headers["ETag"] != german.headers["ETag"]
    again = user.get(
        "/api/v1/stats/summary",
        headers={"Accept-Language": "de", "If-None-Match": english.headers["ETag"]},
    )
    assert again.status_code == 200
