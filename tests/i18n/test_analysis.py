"""The analysis's sentences through the app: the summary API, the dashboard and the shared
view word them in the reader's language (the person's, or the physiotherapist's about the
person), and in the pseudo-language nothing of them is left unmarked.

The sentences themselves, every kind and both voices, are checked in German and Spanish in
``tests/analysis/test_sentences_i18n.py``; here, that the request's language reaches them,
and that every kind of sentence passes through a translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from babel import Locale
from babel.support import Translations
from flask import Flask

from tests.analysis.sentences import VOICES, every_sentence, without_catalogue
from tests.conftest import ApiClient, register
from tests.dashboard.seeding import seed_days
from tests.i18n.support import PSEUDO, untranslated
from tests.sharing.helpers import create_link, share_path
from tracker.analysis.voice import Voice
from tracker.i18n import text

SUMMARY = "/api/v1/stats/summary"
ALICE = "alice@example.com"


class _ById(HTMLParser):
    """The text of each element with an id, for the sentences the pages carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str | None] = []
        self.texts: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("id")
        self.open.append(found)
        if found:
            self.texts[found] = ""

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for name in self.open:
            if name:
                self.texts[name] += data


def _texts(html: str) -> dict[str, str]:
    parser = _ById()
    parser.feed(html)
    return {k: " ".join(v.split()) for k, v in parser.texts.items()}


def test_the_summary_speaks_the_readers_language(app: Flask, user: ApiClient) -> None:
    seed_days(app, ALICE, 60)
    said = {
        language: user.get(SUMMARY, headers={"Accept-Language": language}).json
        for language in ("en", "de", "es")
    }
    assert said["en"]["headline"]["note"] == (
        "A link in your own diary is not proof that one thing caused the other."
    )
    assert said["de"]["headline"]["note"] == (
        "Ein Zusammenhang in Ihrem eigenen Tagebuch beweist nicht, dass das eine das andere "
        "verursacht hat."
    )
    assert "tu propio diario" in said["es"]["headline"]["note"]
    assert said["de"]["progress"]["label"].startswith("Schmerz")
    assert said["es"]["progress"]["label"].startswith("El dolor")
    assert said["de"]["headline"]["method"].startswith("Eine Regression")
    for language in ("de", "es"):
        for part in ("consistency", "intensity"):
            verdict = said[language]["headline"][part]["verdict"]
            assert verdict != said["en"]["headline"][part]["verdict"]
            assert re.search(r"\d\.\d", verdict) is None, verdict
    assert said["de"]["progress"]["change"] == said["en"]["progress"]["change"]


def test_the_dashboard_reads_in_german(app: Flask, user: ApiClient) -> None:
    seed_days(app, ALICE, 60)
    texts = _texts(user.get("/dashboard", headers={"Accept-Language": "de"}).get_data(as_text=True))
    assert re.match(r"Schmerz seit Ihrer ersten Woche um \d+,\d Punkte", texts["progress-label"])
    assert "Ihrem eigenen Tagebuch" in texts["headline-conclusion"]


def test_a_shared_view_speaks_of_the_person_in_the_readers_language(
    app: Flask, user: ApiClient
) -> None:
    seed_days(app, ALICE, 60)
    user.patch("/api/v1/me", json={"language": "es"})
    path = share_path(create_link(user, label="physio")) + "/dashboard"
    reader = app.test_client()

    german = _texts(reader.get(path, headers={"Accept-Language": "de"}).get_data(as_text=True))
    english = _texts(reader.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True))

    assert "seit der ersten Woche der Person" in german["progress-label"]
    assert "im eigenen Tagebuch der Person" in german["headline-conclusion"]
    assert "Ihr" not in german["progress-label"] + german["headline-conclusion"]
    assert "since their first week" in english["progress-label"]
    assert "their own diary" in english["headline-conclusion"]


def test_the_dashboards_sentences_are_all_marked(pseudo_app: Flask) -> None:
    person = register(pseudo_app, "pseudo@example.com")
    seed_days(pseudo_app, "pseudo@example.com", 60)
    html = person.get("/dashboard", headers={"Accept-Language": PSEUDO}).get_data(as_text=True)
    for region in ("progress-label", "headline-conclusion"):
        assert untranslated(html, region=region) == [], region
    assert "⟦Pain down" in html or "⟦Pain up" in html


PLACEHOLDER = re.compile(r"(%\([a-z_]+\)s|%%)")


def _disguised(message: str) -> str:
    """``message`` in fullwidth letters (Ｐａｉｎ), its placeholders left as they are."""
    return "".join(
        part if PLACEHOLDER.fullmatch(part) else re.sub(r"[A-Za-z]", _wide, part)
        for part in PLACEHOLDER.split(message)
    )


def _wide(letter: re.Match[str]) -> str:
    return chr(ord(letter.group()) + 0xFEE0)


@contextmanager
def _pseudo(folder: str) -> Iterator[None]:
    """The pseudo-language with every message in fullwidth letters: plain-ASCII English
    left in a sentence, even inside another message (a number's "points"), was never
    translated."""
    translations = Translations.load(folder, [PSEUDO])
    catalog = translations._catalog  # type: ignore[attr-defined]
    for key, message in catalog.items():
        if key:
            catalog[key] = _disguised(message)
    token = text._override.set((translations, Locale.parse(PSEUDO)))
    try:
        yield
    finally:
        text._override.reset(token)


@pytest.mark.parametrize("voice", VOICES)
def test_every_sentence_passes_through_a_translation(pseudo_folder: str, voice: Voice) -> None:
    """Each kind of sentence, not only those a page happens to show."""
    with _pseudo(pseudo_folder):
        said = every_sentence(voice)
    left = {}
    for name, sentence in said.items():
        english = re.findall(r"[A-Za-z]{2,}", without_catalogue(sentence))
        if english:
            left[name] = english
    assert left == {}
    assert len(said) > 60
