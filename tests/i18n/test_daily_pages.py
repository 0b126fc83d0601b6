"""The daily pages in every language: no English left in the pseudo-language, German and
Spanish dates, times, percentages and words where a person reads them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from flask import Flask

from tests.api.helpers import (
    BERLIN,
    CHECKINS,
    ME,
    SESSIONS,
    checkin_body,
    days_ago,
    session_body,
    today,
)
from tests.conftest import PASSWORD, ApiClient, register
from tests.i18n.support import PSEUDO, untranslated
from tracker.catalog import SOURCE_WORDS, TECHNIQUES
from tracker.common.formats import full_date, long_date, short_date
from tracker.i18n.text import using
from tracker.web.forms import ACCOUNT_REASONS

PSEUDO_BROWSER = {"Accept-Language": PSEUDO}
PAUSES = "/api/v1/pauses"
TYPED = frozenset({"Lisboa", "golfball", "stiff", "after", "run"})
"""Words the person typed (notes, a tool): theirs, never translated."""


def _person(app: Flask) -> tuple[ApiClient, dict[str, int]]:
    """A fortnight of use: mornings for both heels with warning signs and notes, sessions
    of several techniques, a past pause, one planned ahead, the weekly question due today."""
    person = register(app, feet="both", timezone=BERLIN)
    ids: dict[str, int] = {}
    for n in range(1, 10):
        body = checkin_body(
            date=days_ago(n).isoformat(),
            pain_left=5,
            pain_right=3,
            stiffness=4,
            warning_signs=["bruising", "tingling"] if n == 1 else [],
            notes="stiff after run" if n == 2 else "",
        )
        if n == 8:  # answered last week: asked again today
            body["global_change"] = "much-improved"
        response = person.post(CHECKINS, json=body)
        assert response.status_code == 201, response.json
        ids.setdefault("checkin", response.json["id"])
    for foot, techniques in (("left", ["calf-release", "gua-sha"]), ("both", ["contrast-bath"])):
        body = session_body(foot=foot, techniques=techniques, tool="golfball", notes="Lisboa")
        response = person.post(SESSIONS, json=body)
        assert response.status_code == 201, response.json
        ids["session"] = response.json["id"]
    for start, end, reason in ((30, 28, "illness"), (-5, -7, "travel")):
        body = {
            "start_date": days_ago(start).isoformat(),
            "end_date": days_ago(end).isoformat(),
            "reason": reason,
            "note": "Lisboa",
        }
        assert person.post(PAUSES, json=body).status_code == 201
    weekday = {"global_change_weekday": today().weekday()}
    assert person.patch(ME, json=weekday).status_code == 200
    return person, ids


def _page(person: ApiClient, path: str, status: int = 200) -> str:
    response = person.get(path, headers=PSEUDO_BROWSER)
    assert response.status_code == status, path
    html = response.get_data(as_text=True)
    assert '<html lang="el"' in html
    return html


def test_every_daily_page_is_translated(pseudo_app: Flask) -> None:
    person, ids = _person(pseudo_app)
    pages = [
        "/",
        f"/?date={days_ago(12).isoformat()}",
        "/log",
        f"/log?date={days_ago(1).isoformat()}",
        "/history",
        f"/checkins/{ids['checkin']}/edit",
        f"/sessions/{ids['session']}/edit",
        "/pauses",
        "/offline",
    ]
    for path in pages:
        html = _page(person, path)
        assert untranslated(html, region="main", allowed=TYPED) == [], path
        assert untranslated(html, region="footer") == [], path
        assert re.search(r"<title>⟦", html), path
    today_page = _page(person, "/")
    assert 'id="global-change"' in today_page  # the weekly question is on the page
    assert 'value="much-improved"><span>⟦much improved⟧</span>' in today_page
    history = _page(person, "/history")
    for words in ("⟦Calf release⟧", "⟦Gua sha⟧", "⟦Contrast bath⟧", "⟦Both feet⟧"):
        assert words in history
    assert "⟦Paused: %(reason)s⟧" not in history  # filled in, not left as a pattern
    assert "⟦Tingling or electric-shock feeling⟧" in history


def test_a_paused_today_and_the_empty_states_are_translated(pseudo_app: Flask) -> None:
    person = register(pseudo_app, feet="left", timezone=BERLIN)
    for path in ("/", "/history", "/pauses"):
        assert untranslated(_page(person, path), region="main") == [], path
    body = {
        "start_date": today().isoformat(),
        "end_date": (today() + timedelta(days=3)).isoformat(),
        "reason": "professional-rest",
    }
    assert person.post(PAUSES, json=body).status_code == 201
    person.post(SESSIONS, json=session_body())
    html = _page(person, "/")
    assert 'id="pause-card"' in html
    assert untranslated(html, region="main") == []
    assert "⟦Rest advised by a professional⟧" in html


def test_the_signed_out_pages_and_their_form_errors_are_translated(pseudo_app: Flask) -> None:
    client = pseudo_app.test_client()
    for path in ("/", "/login", "/signup"):
        html = client.get(path, headers=PSEUDO_BROWSER).get_data(as_text=True)
        assert untranslated(html, region="main") == [], path
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert csrf is not None
    refused = client.post(
        "/signup",
        data={"csrf_token": csrf.group(1), "email": "not-an-email", "password": "short"},
        headers=PSEUDO_BROWSER,
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert untranslated(page, region="main", allowed=frozenset({"not-an-email"})) == []
    assert "⟦Use at least %(num)s characters.⟧".replace("%(num)s", "10") in page
    assert "⟦Not a valid email address.⟧" in page
    assert "⟦Choose which heel hurts: left, right or both.⟧" in page
    wrong = client.post(
        "/login",
        data={"csrf_token": csrf.group(1), "email": "nobody@example.com", "password": "x" * 12},
        headers=PSEUDO_BROWSER,
    )
    assert wrong.status_code == 401
    assert "⟦Email or password is wrong.⟧" in wrong.get_data(as_text=True)
    assert untranslated(wrong.get_data(as_text=True), region="main") == []
    welcome = client.post(
        "/signup",
        data={
            "csrf_token": csrf.group(1),
            "email": "new@example.com",
            "password": PASSWORD,
            "feet": "both",
            "timezone": BERLIN,
        },
        headers=PSEUDO_BROWSER,
        follow_redirects=True,
    )
    first_run = welcome.get_data(as_text=True)
    assert 'id="first-run"' in first_run
    assert untranslated(first_run, region="main") == []


def test_error_pages_are_translated(pseudo_app: Flask) -> None:
    person = register(pseudo_app)
    for path, status in (("/no-such-page", 404), ("/checkins/999999/edit", 404)):
        html = _page(person, path, status)
        assert untranslated(html, region="main") == [], path
    not_allowed = person.client.delete("/history", headers=PSEUDO_BROWSER)
    assert not_allowed.status_code == 405
    html = not_allowed.get_data(as_text=True)
    assert untranslated(html, region="main") == []
    assert "⟦Method Not Allowed⟧" in html
    assert "⟦This address does not take this kind of request.⟧" in html


def test_the_export_buttons_are_translated(pseudo_app: Flask) -> None:
    person = register(pseudo_app)
    html = _page(person, "/settings")
    found = re.search(r'<section[^>]*aria-labelledby="export-title".*?</section>', html, re.S)
    assert found is not None
    section = f"<main>{found.group(0)}</main>"
    assert untranslated(section, region="main", allowed=frozenset({"UTC"})) == []


@pytest.mark.parametrize(
    ("language", "long", "full", "short"),
    [
        ("en", "Tuesday 24 November", "24 November 2026", "24 Nov"),
        ("de", "Dienstag, 24. November", "24. November 2026", "24. Nov."),
        ("es", "martes, 24 de noviembre", "24 de noviembre de 2026", "24 nov"),
    ],
)
def test_dates_are_written_the_reader_s_way(
    language: str, long: str, full: str, short: str
) -> None:
    day = date(2026, 11, 24)
    with using(language):
        assert long_date(day) == long
        assert full_date(day) == full
        assert short_date(day) == short
        assert long_date(day, year=True).startswith(long)
        assert long_date(day, year=True).endswith("2026")


def test_history_in_german_and_spanish(app: Flask) -> None:
    person, _ = _person(app)
    day = days_ago(1)
    for language, words in (
        ("de", ("Verlauf", "Erste Schritte", "Linker Fuß", "Wadenlockerung", "Reise")),
        ("es", ("Historial", "Primeros pasos", "Pie izquierdo", "Liberación de la pantorrilla")),
    ):
        html = person.get("/history", headers={"Accept-Language": language}).get_data(as_text=True)
        assert f'<html lang="{language}"' in html
        with using(language):
            assert long_date(day) in html
        for word in words:
            assert word in html, (language, word)
        assert "Session at" not in html and "First steps" not in html


def test_today_in_german(app: Flask) -> None:
    person, _ = _person(app)
    html = person.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert format_date(today(), "EEEE, d. MMMM", locale="de") in html
    assert "Wie haben sich Ihre ersten Schritte angefühlt?" in html
    assert "Verglichen mit Ihrem Beginn" in html
    assert "Sehr viel besser" in html  # the PGIC wording of the README
    assert re.search(r"Routinestärke <strong>(im Aufbau|\d+\xa0%)</strong>", html)
    assert "Linke Ferse" in html and "Rechte Ferse" in html
    assert "FirstStep ist ein Tagebuch, keine medizinische Beratung." in html
    assert 'id="i18n"' in html  # the scripts' words come with the page
    assert '"Saved. Have a good day.":"Gespeichert. Einen schönen Tag!"' in html


def test_log_in_spanish_names_techniques_and_sources(app: Flask) -> None:
    person = register(app, timezone=BERLIN)
    html = person.get("/log", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Registrar una sesión" in html
    assert "Baño de contraste" in html
    assert "(de el artículo" not in html and "(fuente: el artículo" in html
    with using("es"):
        two = next(t for t in TECHNIQUES if t.source == "001, 002")
        assert " y " in two.source_words
    assert SOURCE_WORDS["002"] not in html  # the English sentence, untranslated


def test_account_reasons_are_marked_in_the_words_the_api_uses() -> None:
    from tracker.auth.service import SIGNUP_REFUSED

    assert SIGNUP_REFUSED in ACCOUNT_REASONS


def test_a_german_sign_up_refusal_reads_german(app: Flask) -> None:
    client = app.test_client()
    german = {"Accept-Language": "de"}
    html = client.get("/signup", headers=german).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert csrf is not None
    data = {"csrf_token": csrf.group(1), "email": "a@example.com", "password": "short"}
    page = client.post("/signup", data=data, headers=german).get_data(as_text=True)
    assert "Verwenden Sie mindestens 10 Zeichen." in page
    assert "Wählen Sie, welche Ferse schmerzt" in page
    assert "Use at least" not in page
