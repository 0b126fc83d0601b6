"""The sentences in two voices: to the person, or about them for a physiotherapist."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from tracker.analysis import CheckinRecord, PlanPeriod, SessionRecord, Voice, build_daily_series
from tracker.analysis import summarize as summarize_days
from tracker.analysis.progress import feeling_sentence, progress_label
from tracker.demo import generate_demo

TODAY = date(2026, 11, 25)
SECOND_PERSON = re.compile(r"\b[Yy]our?\b")


def _summaries(n_days: int = 120):  # type: ignore[no-untyped-def]
    demo = generate_demo(n_days, TODAY, seed=7)
    checkins = [
        CheckinRecord(d.day, d.pain_left, d.pain_right, d.stiffness, frozenset(d.warning_signs))
        for d in demo
    ]
    # Two red-flag signs and a bad fortnight at the end, so every kind of sentence is said.
    checkins[-1] = CheckinRecord(TODAY, 9, 9, None, frozenset({"swelling"}))
    checkins[-2] = CheckinRecord(TODAY - timedelta(days=1), 9, 8, None, frozenset())
    sessions = [
        SessionRecord(d.day, s["duration_s"], s["pressure"], frozenset(s["techniques"]))
        for d in demo
        for s in d.sessions
    ]
    start = TODAY - timedelta(days=n_days - 1)
    days = build_daily_series(checkins, sessions, [PlanPeriod(start, 2)], [], start, TODAY)
    return summarize_days(days, TODAY), summarize_days(days, TODAY, voice="they")


def _sentences(value: Any) -> list[str]:
    if is_dataclass(value) and not isinstance(value, type):
        return [s for f in fields(value) for s in _sentences(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [s for v in value for s in _sentences(v)]
    return [value] if isinstance(value, str) and " " in value else []


def test_they_speaks_of_the_person_and_leaves_every_number_alone() -> None:
    own, shared = _summaries()
    said = _sentences(own)
    assert sum(bool(SECOND_PERSON.search(s)) for s in said) >= 5
    assert [s for s in _sentences(shared) if SECOND_PERSON.search(s)] == []
    assert any("their" in s for s in _sentences(shared.headline))
    assert any(w.reason.startswith("They logged") for w in shared.warnings)
    assert shared.progress.change == own.progress.change
    assert shared.headline.consistency.kind == own.headline.consistency.kind
    assert shared.headline.consistency.effect == own.headline.consistency.effect


def test_you_is_the_default_voice() -> None:
    own, _ = _summaries(30)
    assert own.voice == "you"
    assert "your own diary" in own.headline.note


@pytest.mark.parametrize(("voice", "whose"), [("you", "your"), ("they", "their")])
def test_progress_and_feeling_sentences_in_each_voice(voice: Voice, whose: str) -> None:
    label = progress_label(6.0, 3.5, True, voice=voice)
    assert label == f"Pain down 2.5 points since {whose} first week (about 42%): " + (
        "a clinically meaningful change."
    )
    feeling, agrees = feeling_sentence(
        "no-change",
        TODAY,
        -2.5,
        True,
        0,
        voice=voice,
    )
    assert agrees is False
    assert f"{'you' if voice == 'you' else 'they'} rate it “no change”" in feeling
    assert ("physiotherapist" in feeling) == (voice == "you")
