"""Every kind of sentence the analysis writes, built from fixed inputs.

``every_sentence(voice)`` gives the headline's verdicts and conclusions, the technique
labels, progress and the weekly rating, every warning and the self-experiment's results,
each by a name that says which, in the language ``tracker.i18n.text`` is using: the
German, Spanish and pseudo-language tests check them sentence by sentence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.analysis import CheckinRecord, Day, build_daily_series, warning_messages
from tracker.analysis.compare import (
    Association,
    _conclusion,
    _technique_label,
    _verdict,
    causation_note,
)
from tracker.analysis.experiment import ConditionPlan, experiment_result, make_schedule
from tracker.analysis.model import Difference, Estimate, ModelFit, method_text
from tracker.analysis.progress import feeling_sentence, progress, progress_label
from tracker.analysis.voice import Voice
from tracker.catalog import GLOBAL_CHANGE, TECHNIQUES, WARNING_SIGNS
from tracker.i18n import text

START = date(2025, 4, 7)
VOICES: tuple[Voice, Voice] = ("you", "they")
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


def _diary(pains: dict[int, int], signs: dict[int, set[str]] | None = None) -> list[Day]:
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
        "unknown-sign",
    )
)
"""Words from the catalogue (translated with the daily pages, which own it), the test's
own experiment labels (typed by a person) and a sign slug the catalogue does not know
(quoted as it was stored): allowed where a sentence quotes them."""


def without_catalogue(sentence: str) -> str:
    rest = re.sub(r"\W+", " ", sentence)
    for words in sorted(CATALOGUE_WORDS, key=len, reverse=True):
        rest = rest.replace(words, " ")
    return rest
