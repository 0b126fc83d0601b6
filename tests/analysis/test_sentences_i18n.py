"""The analysis's sentences in German and Spanish, to the person and about them: real
German ("Sie") and Spanish ("tú"; the third person on a shared view) with decimal commas
and true minus signs, never the English left over (``sentences.every_sentence`` builds
each kind; the pseudo-language check is in ``tests/i18n/test_analysis.py``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.analysis.sentences import VOICES, every_sentence, without_catalogue
from tracker.analysis import CheckinRecord, build_daily_series, summarize
from tracker.analysis.compare import signed
from tracker.analysis.voice import Voice, say
from tracker.analysis.words import percent, points
from tracker.demo import generate_demo
from tracker.i18n import text
from tracker.i18n.text import N_

FOREIGN = ("de", "es")


# --- German and Spanish ---------------------------------------------------------------


@pytest.mark.parametrize("voice", VOICES)
@pytest.mark.parametrize("language", FOREIGN)
def test_no_sentence_is_left_in_english(language: str, voice: Voice) -> None:
    english = every_sentence(voice)
    with text.using(language):
        translated = every_sentence(voice)
    assert translated.keys() == english.keys()
    same = [
        name
        for name in english
        if translated[name] == english[name] and without_catalogue(english[name]).strip()
    ]
    assert same == []
    leftover = re.compile(r"\b(your|their|you|they|the|mornings?|points?|pain)\b", re.I)
    assert {n: s for n, s in translated.items() if leftover.search(without_catalogue(s))} == {}


@pytest.mark.parametrize("language", FOREIGN)
def test_the_two_voices_differ_wherever_english_does(language: str) -> None:
    you, they = every_sentence("you"), every_sentence("they")
    with text.using(language):
        you_here, they_here = every_sentence("you"), every_sentence("they")
    for name in you:
        assert (you_here[name] == they_here[name]) == (you[name] == they[name]), name


def test_german_speaks_formally_and_of_the_person() -> None:
    with text.using("de"):
        you, they = every_sentence("you"), every_sentence("they")
    assert you["progress: better, meaningfully"] == (
        "Schmerz seit Ihrer ersten Woche um 2,5 Punkte gesunken (etwa 42\u00a0%): "
        "eine klinisch bedeutsame Veränderung."
    )
    assert they["progress: better, meaningfully"] == (
        "Schmerz seit der ersten Woche der Person um 2,5 Punkte gesunken (etwa 42\u00a0%): "
        "eine klinisch bedeutsame Veränderung."
    )
    assert you["severe pain: reason"] == (
        "Ihr Anlaufschmerz lag an zwei Morgen hintereinander bei 8 und dann 9 von 10 "
        "(7. April 2025 und 8. April 2025)."
    )
    assert they["severe pain: reason"].startswith("Der Anlaufschmerz der Person lag")
    assert "Ganganalyse" in you["gait-analysis: message"]
    assert "ärztlich" in you["no-improvement: message"]
    assert "Sprechen Sie das bei Ihrer Physiotherapie an." in you["feeling: disagrees"]
    assert "5. März" in you["feeling: agrees"]
    assert "Sie " in you["verdict consistency, claim, lower"]
    assert "die Person" in they["verdict consistency, claim, lower"]
    assert re.search(r"Ihr|Sie\b", " ".join(they.values())) is None


def test_spanish_says_tu_and_su() -> None:
    with text.using("es"):
        you, they = every_sentence("you"), every_sentence("they")
    assert you["progress: better, not yet"] == (
        "El dolor ha bajado 1,0 puntos desde tu primera semana (alrededor del 20\u00a0%): "
        "aún no es un cambio clínicamente relevante (unos 2 puntos o un 30\u00a0%)."
    )
    assert "desde su primera semana" in they["progress: better, not yet"]
    assert you["sign swelling: reason"].startswith("Registraste «")
    assert you["sign swelling: reason"].endswith("el 10 de abril de 2025.")
    assert they["sign swelling: reason"].startswith("Registró «")
    assert "análisis de la marcha" in you["gait-analysis: message"]
    assert re.search(r"\b(tu|tus)\b", " ".join(they.values())) is None


@pytest.mark.parametrize("language", FOREIGN)
def test_numbers_have_decimal_commas_and_true_minus_signs(language: str) -> None:
    with text.using(language):
        said = every_sentence("you")
    numbers = " ".join(said.values())
    assert re.search(r"\d\.\d", re.sub(r"\d\d\.\d\d\.\d{4}", "", numbers)) is None  # 15.03.2026
    assert "2,5" in said["progress: better, meaningfully"]
    assert "\u22120,2" in said["verdict consistency, no link"]
    assert re.search(r"(?<![\w-])-\d", numbers) is None


def test_english_keeps_its_own_numbers_and_dates() -> None:
    said = every_sentence("you")
    assert said["verdict consistency, no link"] == (
        "No clear link between how consistently you kept to your routine and next-morning "
        "pain, after allowing for your overall recovery (whole vs half routine: \u22120.2 "
        "points, 95% CI \u22120.7 to 0.2, n = 150 mornings)."
    )
    assert said["severe pain: reason"].endswith("(7 April 2025 and 8 April 2025).")
    assert "(5 Mar)" in said["feeling: agrees"]
    assert said["experiment: stopped"].startswith("Stopped on 2026-03-15: your data")


def test_a_whole_summary_reads_in_german() -> None:
    """The demo diary through ``summarize``: every sentence of the dashboard in German."""
    today = date(2026, 11, 25)
    demo = generate_demo(120, today, seed=7)
    checkins = [
        CheckinRecord(d.day, d.pain_left, d.pain_right, d.stiffness, frozenset(d.warning_signs))
        for d in demo
    ]
    start = today - timedelta(days=119)
    days = build_daily_series(checkins, [], [], [], start, today)
    english = summarize(days, today, voice="they")
    with text.using("de"):
        german = summarize(days, today, voice="they")
    assert german.progress.label != english.progress.label
    assert german.headline.conclusion != english.headline.conclusion
    assert german.headline.note.startswith("Ein Zusammenhang im eigenen Tagebuch der Person")
    assert german.headline.method.startswith("Eine Regression")
    assert german.progress.change == english.progress.change


def test_say_refuses_a_voice_it_does_not_know() -> None:
    with pytest.raises(KeyError):
        say("we", N_("A link in your own diary"), N_("A link in their own diary"))  # type: ignore[arg-type]


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("en", "0.3"), ("de", "0,3"), ("es", "0,3")])
def test_numbers_round_as_the_english_sentences_always_did(language: str, expected: str) -> None:
    """0.35 is 0.34999… in binary: f"{0.35:.1f}" says 0.3, and so must every language (Babel
    alone rounds the text "0.35" up to 0.4)."""
    assert f"{0.35:.1f}" == "0.3"
    with text.using(language):
        assert text.number(0.35, 1) == expected
        assert signed(-0.35, 1) == f"\u2212{expected}"
        assert signed(-0.04, 1) == expected.replace("3", "0")  # no minus on a zero


@pytest.mark.parametrize(
    ("language", "expected", "one"),
    [
        ("en", "1900%", "1.0 point"),
        ("de", "1900\u00a0%", "1,0 Punkte"),
        ("es", "1900\u00a0%", "1,0 puntos"),
    ],
)
def test_large_percentages_are_not_grouped(language: str, expected: str, one: str) -> None:
    with text.using(language):
        assert percent(1900) == expected
        assert points(-1.0) == one
