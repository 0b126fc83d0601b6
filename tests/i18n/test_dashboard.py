"""The dashboard in the reader's language: its page, its charts' words, dates and numbers.

The pseudo-language finds English nobody marked; German and Spanish check what the
reader actually sees: "27. Nov.", "1,6", "83 %", and plotly's locale from our origin.
The sentences of the analysis (the verdicts, the progress line, the experiment's result)
are another part's work: they are taken out of the check by their exact text, so every
other word on the page and in the charts must still be marked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask

from tests.conftest import ApiClient, register
from tests.dashboard.seeding import seed_days
from tests.experiments.support import ended_experiment
from tests.i18n.support import CLOSE, LATIN_WORD, OPEN, PSEUDO, untranslated
from tests.sharing.helpers import create_link, share_path
from tracker.charts import CHART_NAMES, figures
from tracker.charts.locale import first_weekday

DASHBOARD = "/api/v1/dashboard"
PSEUDO_BROWSER = {"Accept-Language": PSEUDO}
GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
SPANISH = {"Accept-Language": "es-ES,es;q=0.9"}
INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
TEMPLATE_TOKEN = re.compile(r"%\{[^}]*\}|<[^>]+>")
"""Plotly's ``%{y:.1f}`` and the tags in its texts (``<br>``, ``<extra>``): not words."""
EXPORT_CARD = re.compile(r'<section[^>]*aria-labelledby="export-title".*?</section>', re.S)
"""The files for the physiotherapist: the settings' part, included here as it is there."""
MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
"""``common.formats.full_date`` in the experiment's status: the date filters' part."""


def _seeded(app: Flask, days: int = 120) -> ApiClient:
    email = f"reader-{days}@example.com"
    person = register(app, email, feet="both", timezone="Europe/Berlin")
    seed_days(app, email, days)
    return person


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _analysis_texts(payload: dict[str, Any]) -> list[str]:
    """Everything the analysis wrote on this page (its own helper translates it), longest
    first so a sentence goes before a phrase inside it."""
    texts = list(_strings(payload["summary"]))
    experiment = payload.get("experiment") or {}
    for key in ("sentence", "method", "title"):
        texts += list(_strings(experiment.get(key)))
    for condition in experiment.get("conditions", []):
        texts += [condition["label"], condition["description"]]
    texts += [k["label"] for k in experiment.get("kept", [])]
    return sorted({t for t in texts if len(t) > 2}, key=len, reverse=True)


def _english(
    texts: list[str], others: list[str], allowed: frozenset[str] = frozenset()
) -> list[str]:
    """The texts with a Latin word left once marked messages, Plotly's tokens and the
    other parts' texts are taken out."""
    left = []
    for text in texts:
        rest = TEMPLATE_TOKEN.sub(" ", text)
        while INNERMOST.search(rest):  # a message inside a message: ⟦⟦3 mornings⟧; …⟧
            rest = INNERMOST.sub(" ", rest)
        for other in others:
            rest = rest.replace(other, " ")
        if [w for w in LATIN_WORD.findall(rest) if w not in allowed]:
            left.append(text)
    return left


def _figure_texts(chart: dict[str, Any]) -> list[str]:
    """Every word a chart shows: title, sentence, trace names, hover texts and templates,
    axis titles and tick labels, notes."""
    figure = chart["figure"]
    texts = [chart["title"], chart["summary"]]
    for trace in figure["data"]:
        texts.append(trace.get("name", ""))
        for key in ("text", "hovertext"):
            value = trace.get(key, [])
            texts += [value] if isinstance(value, str) else list(value)
        texts.append(trace.get("hovertemplate", ""))
        if trace.get("type") == "scatter" and trace.get("yaxis") is None:
            texts += [str(y) for y in trace.get("y", []) if isinstance(y, str)]  # weekday rows
    layout = figure["layout"]
    for key, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key):
            texts.append(axis.get("title", {}).get("text", ""))
            texts += axis.get("ticktext", [])
            texts += [c for c in axis.get("categoryarray", []) if isinstance(c, str)]
    texts += [note["text"] for note in layout.get("annotations", [])]
    return [t for t in texts if t]


def _page_and_payload(person: ApiClient, headers: dict[str, str]) -> tuple[str, dict[str, Any]]:
    page = person.get("/dashboard", headers=headers)
    assert page.status_code == 200
    payload = person.get(DASHBOARD, headers=headers)
    assert payload.status_code == 200, payload.json
    return page.get_data(as_text=True), payload.json


def _technique_names(payload: dict[str, Any]) -> list[str]:
    """The techniques' own names: the catalogue's part (or typed by the person)."""
    return [t["name"] for t in payload["summary"]["techniques"]]


def test_a_full_dashboard_in_the_pseudo_language_has_no_english_left(pseudo_app: Flask) -> None:
    person = _seeded(pseudo_app)
    html, payload = _page_and_payload(person, PSEUDO_BROWSER)
    others = _analysis_texts(payload) + _technique_names(payload)

    assert '<html lang="el"' in html
    assert untranslated(html, region="main") == []
    assert "⟦Is it working?⟧" in html
    assert "⟦Current streak⟧" in html
    for chart in payload["charts"]:
        assert not chart["empty"], chart["name"]
        assert _english(_figure_texts(chart), others) == [], chart["name"]
    assert {c["name"] for c in payload["charts"]} == set(CHART_NAMES)


def test_an_empty_dashboard_in_the_pseudo_language_has_no_english_left(pseudo_app: Flask) -> None:
    person = register(pseudo_app)
    html, payload = _page_and_payload(person, PSEUDO_BROWSER)
    others = _analysis_texts(payload)

    assert _english(untranslated(EXPORT_CARD.sub("", html), region="main"), others) == []
    for chart in payload["charts"]:
        assert chart["empty"], chart["name"]
        assert _english(_figure_texts(chart), others) == [], chart["name"]


def test_an_ended_experiment_in_the_pseudo_language_has_no_english_left(pseudo_app: Flask) -> None:
    person = register(pseudo_app, "tester@example.com", timezone="Europe/Berlin")
    ended_experiment(pseudo_app, "tester@example.com", effect=3)
    html, payload = _page_and_payload(person, PSEUDO_BROWSER)
    others = _analysis_texts(payload)
    section = re.search(r'<section[^>]*id="experiment".*?</section>', html, re.S)
    assert section is not None

    assert _english(untranslated(section.group(0)), others, allowed=MONTHS) == []
    assert "⟦How well each condition was kept⟧" in section.group(0)
    chart = payload["experiment"]["chart"]
    assert _english(_figure_texts(chart), others) == []
    assert _english([payload["experiment"]["status_line"]], others, allowed=MONTHS) == []


def _chart(payload: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in payload["charts"] if c["name"] == name)


def test_german_charts_write_german_dates_decimal_commas_and_words(app: Flask) -> None:
    person = _seeded(app)
    html, payload = _page_and_payload(person, GERMAN)

    pain = _chart(payload, "pain")
    layout = pain["figure"]["layout"]
    assert pain["title"] == "Anlaufschmerz"
    assert layout["separators"] == ",."
    assert layout["xaxis"]["tickformat"] == "%-d. %b"  # 27. Nov.
    assert layout["xaxis"]["hoverformat"] == "%a, %-d. %b %Y"  # Fr., 27. Nov. 2026
    assert layout["yaxis"]["title"]["text"] == "Schmerz (0–10)"
    names = {trace["name"] for trace in pain["figure"]["data"]}
    assert "Mittelwert über 7 Tage" in names
    calendar = _chart(payload, "calendar")
    cells = [t for trace in calendar["figure"]["data"] for t in trace.get("text", [])]
    german_day = re.compile(r"^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. [A-ZÄ][a-zä]+\.? \d{4}: ")
    assert cells and all(german_day.match(text) for text in cells), cells[:3]
    rows = calendar["figure"]["layout"]["yaxis"]["categoryarray"]
    assert rows == ["So", "Sa", "Fr", "Do", "Mi", "Di", "Mo"]  # the week starts on Monday
    weekly = _chart(payload, "weekly")
    strength = next(t for t in weekly["figure"]["data"] if t.get("hovertemplate"))
    assert strength["hovertemplate"].startswith("%{x|%a, %-d. %b %Y}: %{y:.0%}")
    assert "<extra>Routinestärke</extra>" in strength["hovertemplate"]
    assert re.search(r"\d+ Wochen angezeigt\.", weekly["summary"]), weekly["summary"]
    assert re.search(r"\d+\u00a0% der geplanten Einheiten", weekly["summary"]), weekly["summary"]

    assert '<html lang="de"' in html
    assert "Wirkt es?" in html
    scripts = json.loads(re.search(r'id="i18n">(.*?)</script>', html).group(1))
    assert scripts["This chart could not be loaded. Check your connection and reload."] == (
        "Dieses Diagramm konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und laden Sie neu."
    )
    locale = json.loads(re.search(r'id="chart-locale">(.*?)</script>', html).group(1))
    assert locale["locale"] == "de"
    assert re.fullmatch(r"/static/vendor/plotly-locale-de-4\.1\.1\.js\?v=\w+", locale["file"])
    format_ = locale["definition"]["format"]
    assert format_["shortMonths"][10] == "Nov." and format_["shortDays"][5] == "Fr."
    assert format_["decimal"] == ","
    streak = re.search(r'id="stat-streak">([^<]*)<', html).group(1)
    assert re.fullmatch(r"\d+ Tage?", streak), streak
    adherence = re.search(r'id="stat-adherence">([^<]*)<', html).group(1)
    assert re.fullmatch(r"\d+\u00a0%", adherence), adherence


def test_spanish_charts_write_spanish_dates_and_decimal_commas(app: Flask) -> None:
    person = _seeded(app)
    html, payload = _page_and_payload(person, SPANISH)

    pain = _chart(payload, "pain")
    layout = pain["figure"]["layout"]
    assert pain["title"] == "Dolor en los primeros pasos"
    assert layout["separators"] == ",."
    assert layout["xaxis"]["hoverformat"] == "%a, %-d %b %Y"
    calendar = _chart(payload, "calendar")
    cells = [t for trace in calendar["figure"]["data"] for t in trace.get("text", [])]
    spanish_day = re.compile(r"^(lun|mar|mié|jue|vie|sáb|dom), \d{1,2} [a-z]+ \d{4}: ")
    assert cells and all(spanish_day.match(text) for text in cells), cells[:3]
    assert calendar["figure"]["layout"]["yaxis"]["categoryarray"][-1] == "lun"
    locale = json.loads(re.search(r'id="chart-locale">(.*?)</script>', html).group(1))
    assert locale["file"].startswith("/static/vendor/plotly-locale-es-4.1.1.js?v=")
    assert locale["definition"]["format"]["shortMonths"][10] == "nov"
    assert "¿Funciona?" in html


def test_an_experiment_in_german_writes_its_numbers_with_decimal_commas(app: Flask) -> None:
    person = register(app, "tester@example.com", timezone="Europe/Berlin")
    ended_experiment(app, "tester@example.com", effect=3)
    html, payload = _page_and_payload(person, GERMAN)

    difference = re.search(r'id="experiment-difference">(.*?)</p>', html, re.S).group(1)
    assert re.search(r"B − A: \d,\d Punkte", difference), difference
    assert re.search(r"95-%-Intervall \d,\d bis \d,\d", difference), difference
    kept = re.search(r'id="experiment-kept".*?</ul>', html, re.S).group(0)
    assert "14,0 Einheiten pro Woche" in kept, kept
    assert "100\u00a0% der geplanten Einheiten" in kept, kept
    chart = payload["experiment"]["chart"]
    assert chart["title"] == "Selbstversuch, Woche für Woche"
    assert chart["figure"]["layout"]["separators"] == ",."
    points = [t for trace in chart["figure"]["data"] for t in trace.get("text", [])]
    assert points and all("nächster Morgen" in text for text in points), points[:2]
    assert payload["experiment"]["order"][0]["order"] in ("A, dann B", "B, dann A")


def test_english_stays_as_it_was(app: Flask) -> None:
    """No Accept-Language: English, plotly's own locale, no locale file."""
    person = _seeded(app, 30)
    html, payload = _page_and_payload(person, {})

    layout = _chart(payload, "pain")["figure"]["layout"]
    assert layout["separators"] == ".,"
    assert layout["xaxis"]["hoverformat"] == "%a %-d %b %Y"
    locale = json.loads(re.search(r'id="chart-locale">(.*?)</script>', html).group(1))
    assert locale == {"locale": "en", "file": None, "definition": None}
    assert 'id="i18n"' not in html


@pytest.mark.parametrize("language", ["de", "es"])
def test_plotlys_locale_file_is_served_from_our_origin(app: Flask, language: str) -> None:
    person = register(app)
    html = person.get("/dashboard", headers={"Accept-Language": language}).get_data(as_text=True)
    url = json.loads(re.search(r'id="chart-locale">(.*?)</script>', html).group(1))["file"]

    response = person.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    body = response.get_data(as_text=True)
    assert f'name:"{language}"' in body and "Plotly.register(locale)" in body
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_the_lang_cookie_chooses_the_charts_language(app: Flask) -> None:
    person = _seeded(app, 30)
    person.client.set_cookie("lang", "es")
    payload = person.get(DASHBOARD).json

    assert _chart(payload, "weekly")["title"] == "Semana a semana"
    assert _chart(payload, "weekly")["figure"]["layout"]["separators"] == ",."


def test_a_shared_dashboard_speaks_about_the_person_in_the_readers_language(
    pseudo_app: Flask,
) -> None:
    """A physiotherapist's browser: its language, the sentences about the person ("they")."""
    owner = _seeded(pseudo_app, 60)
    owner.patch("/api/v1/me", json={"language": "de"})
    path = share_path(create_link(owner))
    reader = pseudo_app.test_client()

    page = reader.get(f"{path}/dashboard", headers=PSEUDO_BROWSER)
    payload = reader.get(f"{path}/dashboard.json", headers=PSEUDO_BROWSER).json
    html = page.get_data(as_text=True)
    others = _analysis_texts(payload) + _technique_names(payload)

    assert page.status_code == 200 and '<html lang="el"' in html
    assert _english(untranslated(html, region="main"), others) == []
    assert "⟦A diary shared with you, read-only. Correlation is not proof of cause.⟧" in html
    for chart in payload["charts"]:
        assert _english(_figure_texts(chart), others) == [], chart["name"]
    pain = _chart(payload, "pain")["summary"]
    assert "their first-week average" in pain and "your" not in pain, pain

    german = reader.get(f"{path}/dashboard.json", headers=GERMAN).json
    sentence = _chart(german, "pain")["summary"]
    assert "Durchschnitt der ersten Woche" in sentence and "Ihr" not in sentence, sentence


def test_the_calendar_starts_its_weeks_on_the_locales_first_day(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English, German and Spanish all start on Monday in CLDR; a Sunday-first locale would
    move the columns and the rows with it."""
    assert {first_weekday(language) for language in ("en", "de", "es")} == {0}
    monkeypatch.setattr(figures, "first_weekday", lambda language: 6)
    person = _seeded(app, 30)

    calendar = _chart(person.get(DASHBOARD).json, "calendar")["figure"]
    rows = calendar["layout"]["yaxis"]["categoryarray"]
    assert rows == ["Sat", "Fri", "Thu", "Wed", "Tue", "Mon", "Sun"]
    columns = {x for trace in calendar["data"] for x in trace["x"]}
    assert columns and {date.fromisoformat(x).weekday() for x in columns} == {6}
