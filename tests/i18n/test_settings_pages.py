"""Settings, reminders, experiments, import, your data and the share page in the reader's
language: no English left in the pseudo-language (with data on every page), and German and
Spanish where they write numbers, dates and the language choice."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from flask import Flask

from tests.api.helpers import CHECKINS, ME, TOKENS
from tests.conftest import ApiClient, register
from tests.experiments.support import EXPERIMENTS, ended_experiment
from tests.i18n.support import PSEUDO
from tests.i18n.support import untranslated as scan
from tests.reminders.push_helpers import SUBSCRIPTIONS, Browser
from tests.sharing.helpers import create_link
from tests.web.conftest import form_token
from tracker.extensions import db
from tracker.i18n.text import using
from tracker.models import PushSubscription
from tracker.reminders.service import reminder_language
from tracker.reminders.webpush import payload
from tracker.timeutil import local_today

PSEUDO_BROWSER = {"Accept-Language": PSEUDO}
NEW = "/experiment/new"
TEMPLATE = "template=consistency-vs-intensity"
CUSTOM = (
    "template=custom&a_label=Morgenrunde&a_sessions_per_week=7&a_minutes=5"
    "&b_label=Fussbad&b_sessions_per_week=3&b_minutes=10&b_pressure_min=2&b_pressure_max=5"
)
TYPED = frozenset({"Morgenrunde", "Fussbad", "Pixel", "Physio", "Mein", "Skript", "UTC"})
"""What the person typed (labels, names): shown as typed, never translated."""


INNERMOST = re.compile("⟦[^⟦⟧]*⟧")
CODE = re.compile(r"<code>[^<]*</code>")
"""Tokens' and links' prefixes, an API header: machine text, the same in every language."""


def untranslated(
    html: str, region: str | None = "main", allowed: frozenset[str] = frozenset()
) -> list[str]:
    """The scanner's findings, once each translated message is taken out whole, innermost
    first: a sentence holding another (a plan in words inside "…, at least 5 min each") or
    holding markup (``<strong>%(email)s</strong>``) then counts as translated, where the
    scanner alone would see its pieces."""
    html = CODE.sub(" ", html)
    while True:
        shorter = INNERMOST.sub(" ", html)
        if shorter == html:
            return scan(html, region=region, allowed=allowed)
        html = shorter


def test_the_flattening_still_finds_english() -> None:
    html = "<main><p>⟦⟦3 a week⟧, at least 5 min⟧</p><p>⟦Signed in as <b>a@b</b>.⟧ Hello</p></main>"
    assert untranslated(html) == ["Hello"]
    assert untranslated("<main><p>⟦x⟧ <code>fs_abc…</code> Revoke</p></main>") == ["Revoke"]


def html_of(person: ApiClient, path: str, headers: dict[str, str] | None = None) -> str:
    response = person.get(path, headers=headers or PSEUDO_BROWSER)
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return response.get_data(as_text=True)


def with_everything(app: Flask) -> ApiClient:
    """An account with a week of mornings, a token, a device, a share link, a pause ahead
    and a running experiment: every list and card of these pages has something in it."""
    person = register(app, timezone="UTC")
    today = local_today("UTC")
    for back in range(1, 8):
        day = (today - timedelta(days=back)).isoformat()
        assert person.post(CHECKINS, json={"date": day, "pain_right": 5}).status_code == 201
    assert person.post(TOKENS, json={"name": "Mein Skript"}).status_code == 201
    body = Browser.new().body("https://push.example.com/pseudo", device_name="Pixel 8")
    assert person.post(SUBSCRIPTIONS, json=body).status_code == 201
    create_link(person, label="Physio", expires_in_days=30)
    pause = {
        "start_date": (today + timedelta(days=30)).isoformat(),
        "end_date": (today + timedelta(days=32)).isoformat(),
        "reason": "travel",
    }
    assert person.post("/api/v1/pauses", json=pause).status_code == 201
    response = person.post(EXPERIMENTS, json={"template": "consistency-vs-intensity"})
    assert response.status_code == 201, response.json
    assert person.patch(ME, json={"morning_push": True}).status_code == 200
    return person


ZONES = re.compile(r'<select id="timezone".*?</select>', re.S)
"""The IANA timezone names (Europe/Berlin): identifiers, the same in every language."""


def test_the_settings_page_has_no_english_left(pseudo_app: Flask) -> None:
    person = with_everything(pseudo_app)
    html = html_of(person, "/settings")
    assert 'id="timezone"' in html
    assert untranslated(ZONES.sub("", html), region="main", allowed=TYPED) == []
    assert "⟦Browser language⟧" in html
    assert "⟦Change language⟧" in html


@pytest.mark.parametrize(
    "path",
    [
        "/reminders",
        "/data",
        "/import",
        "/share",
        "/experiment",
        NEW,
        f"{NEW}/weeks?{TEMPLATE}",
        f"{NEW}/weeks?{CUSTOM}",
    ],
)
def test_each_page_has_no_english_left(pseudo_app: Flask, path: str) -> None:
    person = with_everything(pseudo_app)
    html = html_of(person, path)
    assert untranslated(html, region="main", allowed=TYPED) == []


def test_the_experiment_pages_before_one_is_set_up_have_no_english_left(
    pseudo_app: Flask,
) -> None:
    person = register(pseudo_app, timezone="UTC")
    for path in ("/experiment", f"{NEW}/confirm?{TEMPLATE}&pairs=2", f"{NEW}/confirm?{CUSTOM}"):
        html = html_of(person, path)
        assert untranslated(html, region="main", allowed=TYPED) == [], path
    empty = html_of(person, "/share")
    assert untranslated(empty, region="main") == []


def test_the_set_up_screens_translate_the_reasons_they_show(pseudo_app: Flask) -> None:
    person = register(pseudo_app, timezone="UTC")
    bad = "template=custom&a_label=X&a_sessions_per_week=99&b_label=X&b_sessions_per_week=7"
    response = person.get(f"{NEW}/weeks?{bad}", headers=PSEUDO_BROWSER)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert untranslated(html, region="main", allowed=frozenset({"X"})) == []
    assert "⟦Must be greater than or equal to" in html


def test_a_running_experiment_in_german(app: Flask) -> None:
    person = register(app, timezone="UTC")
    assert person.patch(ME, json={"language": "de"}).status_code == 200
    assert person.post(EXPERIMENTS, json={"template": "ball-vs-bottle"}).status_code == 201
    html = html_of(person, "/experiment", headers={})
    assert "Ball oder gefrorene Flasche" in html
    assert "Woche 1 von 6" in html
    assert "7 Einheiten pro Woche (jeden Tag), jeweils mindestens 5 Min." in html
    assert "Auswaschphase" in html
    assert re.search(r"\d+\.–\d+\. \w+\.?|\d+\. \w+\.? – \d+\. \w+", html)  # 27.–28. Nov.


def test_the_set_up_sentence_writes_decimals_the_spanish_way(app: Flask) -> None:
    person = register(app, timezone="UTC")
    html = html_of(person, f"{NEW}/weeks?{TEMPLATE}", headers={"Accept-Language": "es"})
    assert "Con 3 pares de semanas, el autoexperimento" in html
    assert re.search(r"DE \d+,\d puntos", html)  # the assumed SD, "2,0"
    html = html_of(person, f"{NEW}/confirm?{TEMPLATE}", headers={"Accept-Language": "es"})
    assert "A diario y suave" in html and "Tres sesiones más intensas a la semana" in html


def test_settings_offer_the_languages_and_save_the_choice_on_the_account(app: Flask) -> None:
    person = register(app)
    html = html_of(person, "/settings", headers={"Accept-Language": "de"})
    assert '<option value="" selected>Sprache des Browsers</option>' in html
    assert '<option value="es" lang="es">Español</option>' in html
    assert ">Montag</option>" in html  # the weekly question's days, in German by Babel
    assert person.patch(ME, json={"language": "es"}).status_code == 200
    html = html_of(person, "/settings", headers={"Accept-Language": "de"})
    assert '<html lang="es"' in html
    assert '<option value="es" lang="es" selected>Español</option>' in html
    assert '<h2 id="routine-title">Tu rutina</h2>' in html


def test_browser_language_forgets_the_choice_kept_in_this_browser(app: Flask) -> None:
    """ "Browser language" on Settings: the account keeps none, and the cookie picked before
    signing in goes too, so the browser's own language rules again."""
    person = register(app)
    token = form_token(person.client, "/settings")
    person.client.post("/language", data={"csrf_token": token, "language": "es"})
    assert person.get(ME).json["language"] == "es"
    assert person.patch(ME, json={"language": None}).status_code == 200
    answer = person.client.post("/language", data={"csrf_token": token, "language": ""})
    assert answer.status_code == 302
    assert "lang=;" in answer.headers["Set-Cookie"] and "Max-Age=0" in answer.headers["Set-Cookie"]
    assert person.get(ME).json["language"] is None
    html = html_of(person, "/settings", headers={"Accept-Language": "de"})
    assert '<html lang="de"' in html


def test_the_notification_is_worded_in_the_persons_language() -> None:
    assert '"body":"Zeit für Ihren Morgeneintrag zum Anlaufschmerz"' in payload("morning", "de")
    assert '"body":"Es hora de la sesión de autocuidado de hoy"' in payload("evening", "es")
    assert '"body":"Time for your first-step check-in"' in payload("morning")
    assert '"title":"FirstStep"' in payload("morning", "de")


def test_which_language_a_reminder_speaks() -> None:
    assert reminder_language("de", "es") == "de"  # the account's choice first
    assert reminder_language(None, "es") == "es"  # else the subscribing browser's
    assert reminder_language(None, None) == "en"
    assert reminder_language("xx", None) == "en"


def test_a_subscription_keeps_the_browsers_language(app: Flask) -> None:
    person = register(app)
    for endpoint, header, expected in (
        ("a", "es-MX,es;q=0.9", "es"),
        ("b", "fr-FR", None),
    ):
        body = Browser.new().body(f"https://push.example.com/{endpoint}")
        answer = person.post(SUBSCRIPTIONS, json=body, headers={"Accept-Language": header})
        assert answer.status_code == 201
        with app.app_context():
            row = db.session.get(PushSubscription, answer.json["id"])
            assert row is not None and row.language == expected


def test_the_calendar_file_stays_standard_with_words_in_german(app: Flask) -> None:
    person = register(app)
    person.patch(ME, json={"language": "de"})
    text = person.get("/reminders.ics").get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:FirstStep: Morgeneintrag" in text
    assert "RRULE:FREQ=DAILY" in text


def test_an_import_with_problems_is_explained_in_spanish(app: Flask) -> None:
    person = register(app)
    csv = b"date,pain_right,colour\n2026-13-01,5,\n"
    answer = person.post(
        "/api/v1/import",
        data={"checkins": (io.BytesIO(csv), "checkins.csv")},
        headers={"Accept-Language": "es"},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    [line] = answer.json["lines"]
    assert answer.json["message"].startswith("No se importó nada. Columna desconocida.")
    assert line["reason"].startswith("Columna desconocida. Columnas de un archivo de registros")
    csv = b"date,pain_right\n2026-13-01,5\n"
    answer = person.post(
        "/api/v1/import",
        data={"checkins": (io.BytesIO(csv), "checkins.csv")},
        headers={"Accept-Language": "es"},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    [line] = answer.json["lines"]
    assert (line["line"], line["column"]) == (2, "date")
    assert line["reason"] == "No es una fecha válida: usa AAAA-MM-DD, p. ej. 2026-06-01."


def test_describe_speaks_german_with_german_numbers() -> None:
    from tracker.experiments.templates import BY_SLUG, describe

    plan = BY_SLUG["consistency-vs-intensity"].conditions[1]
    with using("de"):
        assert describe(plan) == "3 Einheiten pro Woche, jeweils mindestens 10 Min., Druck 6–7"
    with using("es"):
        assert describe(plan).startswith("3 sesiones a la semana, de al menos 10 min")


def test_a_file_that_cannot_be_read_is_explained_in_german(app: Flask) -> None:
    person = register(app)
    answer = person.post(
        "/api/v1/import",
        data={"sessions": (io.BytesIO("date\n".encode("utf-16")), "sessions.csv")},
        headers={"Accept-Language": "de"},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    [line] = answer.json["lines"]
    assert line["reason"].startswith("Diese Datei ist UTF-16-Text, nicht UTF-8. Speichern Sie")


def test_a_finished_experiment_writes_its_numbers_the_german_way(
    app: Flask, user: ApiClient
) -> None:
    experiment_id, _ = ended_experiment(app, "alice@example.com", effect=3)
    assert user.patch(ME, json={"language": "de"}).status_code == 200
    html = html_of(user, f"/experiment/{experiment_id}", headers={})
    assert "Das Ergebnis" in html
    interval = r"[+-]\d,\d Punkte \(95-%-Intervall -?\d,\d bis -?\d,\d\), über 3 Wochenpaare"
    assert re.search(interval, html)
    assert re.search(r"<td>\d,\d</td>\s*<td>\d+\s%</td>", html)  # next-morning pain, kept
