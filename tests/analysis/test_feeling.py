"""The weekly global-change rating set beside the numbers, and said plainly when they disagree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.analysis import build_daily_series
from tracker.analysis.progress import progress, rating_agrees
from tracker.analysis.records import CheckinRecord

START = date(2026, 3, 2)


def _progress(pains: list[int], ratings: dict[int, str]):  # type: ignore[no-untyped-def]
    checkins = [
        CheckinRecord(START + timedelta(days=i), None, pain, global_change=ratings.get(i))
        for i, pain in enumerate(pains)
    ]
    days = build_daily_series(checkins, [], [], [], START, START + timedelta(days=len(pains) - 1))
    return progress(days)


@pytest.mark.parametrize(
    ("slug", "change", "meaningful", "agrees"),
    [
        ("much-improved", -2.4, True, True),
        ("minimally-improved", -0.5, False, True),  # a little better, scores about the same
        ("much-improved", -0.5, False, False),  # a strong rating needs the scores to move
        ("much-improved", 1.5, False, False),  # opposite directions
        ("no-change", 0.4, False, True),
        ("no-change", -2.5, True, False),  # a meaningful drop a person would feel
        ("minimally-worse", 1.2, False, True),
        ("much-worse", -1.5, False, False),
        ("very-much-worse", 0.2, False, False),
    ],
)
def test_agreement_rules(slug: str, change: float, meaningful: bool, agrees: bool) -> None:
    assert rating_agrees(slug, change, meaningful) is agrees


def test_the_sentence_sets_the_rating_beside_the_drop() -> None:
    # baseline 6, now 25/7 = 3.57 (7 mornings of 6, then 4, 4, 3, 3, 4, 3, 4): down 2.4 points
    result = _progress([6] * 7 + [4, 4, 3, 3, 4, 3, 4], {13: "much-improved"})

    assert result.change == pytest.approx(25 / 7 - 6)
    assert result.global_change == "much-improved"
    assert result.global_change_label == "much improved"
    assert result.feeling == (
        "Pain down 2.4 points; you rate it \u201cmuch improved\u201d (15 Mar): "
        "the numbers and how you feel agree."
    )
    assert result.feeling_agrees is True


def test_a_disagreement_is_said_plainly() -> None:
    result = _progress([3] * 7 + [5] * 7, {6: "very-much-improved", 12: "much-improved"})

    assert result.global_change_day == START + timedelta(days=12)  # the latest answer counts
    assert result.feeling is not None
    rated = "you rate it \u201cmuch improved\u201d"
    assert result.feeling.startswith(f"Pain up 2.0 points, but {rated}")
    assert "disagree" in result.feeling
    assert result.feeling_agrees is False


def test_before_enough_mornings_the_rating_is_shown_without_a_verdict() -> None:
    result = _progress([5, 4, 4], {2: "minimally-improved"})

    assert result.feeling == (
        "You rate it \u201cminimally improved\u201d; the scores need 11 more mornings to compare."
    )
    assert result.feeling_agrees is None


def test_no_rating_no_sentence() -> None:
    result = _progress([5] * 14, {})

    assert (result.feeling, result.feeling_agrees, result.global_change_label) == (None, None, None)
