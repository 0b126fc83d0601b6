"""The analysis's sentences in German and Spanish, to the person and about them.

``every_sentence`` builds each kind of sentence the analysis writes (the headline's
verdicts and conclusions, the technique labels, progress and the weekly rating, every
warning, the self-experiment's results) from fixed inputs, so that each language and
each voice can be checked sentence by sentence: real German and Spanish with decimal
commas, never the English left over, and, in the pseudo-language, nothing a translation
would not reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel import Locale
from babel.support import Translations

from tests.i18n.support import PSEUDO, pseudo_translations, unmarked
from tracker.analysis import CheckinRecord, build_daily_series, summarize, warning_messages
from tracker.analysis.compare import (
    Association,
    _conclusion,
    _technique_label,
    _verdict,
    causation_note,
    signed,
)
from tracker.analysis.experiment import ConditionPlan, experiment_result, make_schedule
from tracker.analysis.model import Difference, Estimate, ModelFit, method_text
from tracker.analysis.progress import feeling_sentence, progress, progress_label
from tracker.analysis.voice import Voice, say
from tracker.analysis.words import percent, points
from tracker.catalog import GLOBAL_CHANGE, TECHNIQUES, WARNING_SIGNS
from tracker.demo import generate_demo
from tracker.i18n import text
from tracker.i18n.text import N_

START = date(2025, 4, 7)
VOICES: tuple[Voice, Voice] = ("you", "they")
FOREIGN = ("de", "es")
DAY = date(2026, 3, 5)


def _fit(
    n: int = 150,
    n_effective: float = 40.0,
    sd: float = 1.0,
    correlation: float | None = 0.2,
    estimate: Estimate | None = None,
) -> ModelFit:
    return ModelFit(
        n=n,
        n_effective=n_effective,
        consistency_sd=sd,
        intensity_sd=sd,
        correlation=correlation,
        consistency=estimate,
        intensity=estimate,
        first=START,
        last=START + timedelta(days=n - 1),
    )


LOWER = Estimate(-3.2, -4.8, -1.6)
HIGHER = Estimate(0.6, 0.2, 1.0)
UNSURE = Estimate(-0.4, -1.3, 0.5)

FITS: dict[str, tuple[ModelFit, Estimate | None]] = {
    "too little data": (_fit(n=12), None),
    "hardly varied": (_fit(sd=0.01), None),
    "cannot separate": (_fit(correlation=0.93, estimate=LOWER), LOWER),
    "claim, lower": (_fit(estimate=LOWER), LOWER),
    "claim, higher": (_fit(estimate=HIGHER), HIGHER),
    "no link, alike days": (_fit(n_effective=6.5, estimate=UNSURE), UNSURE),
    "no link, a week short": (_fit(n=400, n_effective=11.9, estimate=UNSURE), UNSURE),
    "no link": (_fit(estimate=UNSURE), UNSURE),
}


def _diary(pains: dict[int, int], signs: dict[int, set[str]] | None = None):  # type: ignore[no-untyped-def]
    signs = signs or {}
    checkins = [
        CheckinRecord(
            day=START + timedelta(days=n),
            pain_left=pains.get(n, 3),
            pain_right=None,
            warning_signs=frozenset(signs.get(n, ())),
        )
        for n in sorted(set(pains) | set(signs))
    ]
    return build_daily_series(checkins, [], [], [], START, checkins[-1].day)


def _warnings(voice: Voice) -> dict[str, str]:
    out: dict[str, str] = {}
    every_sign = {3: {sign.slug for sign in WARNING_SIGNS} | {"unknown-sign"}}
    signs = _diary({n: 3 for n in range(5)}, every_sign)
    for w in warning_messages(signs, START + timedelta(days=4), voice=voice):
        out[f"sign {w.sign}: reason"] = w.reason
        if w.sign == "unknown-sign":
            out["sign unknown: message"] = w.message
    severe = warning_messages(_diary({0: 8, 1: 9}), START + timedelta(days=1), voice=voice)
    out["severe pain: reason"] = severe[-1].reason
    out["severe pain: message"] = severe[-1].message
    rising = _diary(dict(enumerate([4] * 7 + [6] * 15)))
    for w in warning_messages(rising, START + timedelta(days=21), voice=voice):
        out[f"{w.rule}: reason"] = w.reason
        out[f"{w.rule}: message"] = w.message
    return out


PLANS = {
    "A": ConditionPlan("A", "daily and light", 14, 5, None, 4, ()),
    "B": ConditionPlan("B", "three harder sessions a week", 3, 10, 6, 7, ()),
}
EXPERIMENT_START = date(2026, 3, 2)
SCHEDULE = make_schedule(EXPERIMENT_START, 2, 42)
"""Weeks B, A, A, B (pinned in test_experiment_result.py)."""
AFTER = SCHEDULE[-1].end + timedelta(days=2)


def _mornings(pain: dict[str, int], skip: frozenset[int] = frozenset()) -> list[CheckinRecord]:
    """A morning after every day of each week, pain by the week's condition."""
    return [
        CheckinRecord(day + timedelta(days=1), pain_left=None, pain_right=pain[b.condition])
        for b in SCHEDULE
        if b.index not in skip
        for day in (b.start + timedelta(days=k) for k in range(7))
    ]


def _experiment(voice: Voice) -> dict[str, str]:
    def sentence(checkins: list[CheckinRecord], stopped_on: date | None = None) -> str:
        result = experiment_result(SCHEDULE, checkins, [], PLANS, AFTER, stopped_on, voice=voice)
        assert result.sentence is not None
        return result.sentence

    wobble = [
        CheckinRecord(c.day, None, (c.pain_right or 0) + (c.day.day % 3))
        for c in _mornings({"A": 4, "B": 4})
    ]
    return {
        "experiment: B lower": sentence(_mornings({"A": 5, "B": 2})),
        "experiment: A lower": sentence(_mornings({"A": 2, "B": 5})),
        "experiment: no clear difference": sentence(wobble),
        "experiment: too few pairs": sentence(_mornings({"A": 4, "B": 3}, frozenset({0}))),
        "experiment: stopped": sentence(_mornings({"A": 4, "B": 3}), SCHEDULE[1].end),
    }


def every_sentence(voice: Voice) -> dict[str, str]:
    """Each kind of sentence the analysis writes, by a name that says which."""
    out: dict[str, str] = {"causation note": causation_note(voice), "method": method_text()}
    associations: dict[str, tuple[Association, Association]] = {}
    for name, (fitted, estimate) in FITS.items():
        pair = tuple(_verdict(m, fitted, estimate, voice) for m in ("consistency", "intensity"))
        associations[name] = pair  # type: ignore[assignment]
        for a in pair:
            out[f"verdict {a.measure}, {name}"] = a.verdict
            out[f"contrast {a.measure}"] = a.contrast
    for name, (c, i) in associations.items():
        out[f"conclusion, {name}"] = _conclusion(c, i, voice)[1]
    mixed = (associations["claim, lower"][0], associations["hardly varied"][1])
    out["conclusion, a claim and a reason"] = _conclusion(*mixed, voice)[1]
    shy = (associations["no link"][0], associations["no link, alike days"][1])
    out["conclusion, two reasons"] = _conclusion(*shy, voice)[1]
    name = text.gettext(TECHNIQUES[0].name)
    techniques = {
        "few days": (4, 30, None, None),
        "no trend": (12, 30, None, None),
        "lower": (12, 30, Difference(-1.2, -2.0, -0.4, 0.001), 0.003),
        "higher": (12, 30, Difference(0.9, 0.3, 1.5, 0.004), 0.012),
        "no difference": (12, 30, Difference(0.25, -0.5, 1.0, 0.4), 0.8),
    }
    for label, (n_with, n_without, fitted_difference, p) in techniques.items():
        out[f"technique, {label}"] = _technique_label(
            name, n_with, n_without, fitted_difference, p, voice
        )
    out["progress: too little data"] = progress(_diary({0: 5, 1: 5}), voice=voice).label
    for label, (baseline, now, meaningful) in {
        "unchanged": (5.0, 5.0, False),
        "worse": (4.0, 5.6, False),
        "worse from none": (0.0, 1.0, False),
        "better, meaningfully": (6.0, 3.5, True),
        "better, not yet": (5.0, 4.0, False),
    }.items():
        out[f"progress: {label}"] = progress_label(baseline, now, meaningful, voice=voice)
    for label, (slug, change, meaningful) in {
        "agrees": ("much-improved", -2.5, True),
        "disagrees": ("no-change", -2.5, True),
        "unchanged": ("no-change", 0.0, False),
        "worse": ("much-worse", 1.5, False),
    }.items():
        out[f"feeling: {label}"] = feeling_sentence(slug, DAY, change, meaningful, 0, voice=voice)[
            0
        ]
    for needed in (1, 5):
        out[f"feeling: {needed} to go"] = feeling_sentence(
            "no-change", DAY, None, False, needed, voice=voice
        )[0]
    out |= _warnings(voice)
    out |= _experiment(voice)
    return out


CATALOGUE_WORDS = frozenset(
    re.sub(r"\W+", " ", words).strip()
    for words in (
        *(t.name for t in TECHNIQUES),
        *(s.label for s in WARNING_SIGNS),
        *(s.advice for s in WARNING_SIGNS),
        *GLOBAL_CHANGE.values(),
        *(p.label for p in PLANS.values()),
    )
)
"""Words from the catalogue (translated with the daily pages, which own it) and the test's
own experiment labels (typed by a person): allowed where a sentence quotes them."""


def _without_catalogue(sentence: str) -> str:
    rest = re.sub(r"\W+", " ", sentence)
    for words in sorted(CATALOGUE_WORDS, key=len, reverse=True):
        rest = rest.replace(words, " ")
    return rest


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
        if translated[name] == english[name] and _without_catalogue(english[name]).strip()
    ]
    assert same == []
    leftover = re.compile(r"\b(your|their|you|they|the|mornings?|points?|pain)\b", re.I)
    assert {n: s for n, s in translated.items() if leftover.search(_without_catalogue(s))} == {}


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


# --- the pseudo-language: nothing left outside a translation --------------------------


@contextmanager
def _pseudo(folder: Path) -> Iterator[None]:
    token = text._override.set((Translations.load(str(folder), [PSEUDO]), Locale.parse(PSEUDO)))
    try:
        yield
    finally:
        text._override.reset(token)


@pytest.fixture(scope="module")
def pseudo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pseudo_translations(tmp_path_factory.mktemp("pseudo"))


@pytest.mark.parametrize("voice", VOICES)
def test_every_sentence_passes_through_a_translation(pseudo_folder: Path, voice: Voice) -> None:
    with _pseudo(pseudo_folder):
        said = every_sentence(voice)
    left = {}
    for name, sentence in said.items():
        english = re.findall(r"[A-Za-z]{2,}", _without_catalogue(unmarked(sentence)))
        if english:
            left[name] = english
    assert left == {}
    assert len(said) > 60


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
