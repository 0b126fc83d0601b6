"""Consistency against intensity, and techniques: verdicts only where the data can carry them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tracker.analysis import Day, Point, consistency_vs_intensity, technique_comparison

START = date(2025, 2, 3)
BLANK = Day(
    day=START,
    pain_left=None,
    pain_right=None,
    pain_mean=None,
    stiffness=None,
    warning_signs=frozenset(),
    global_change=None,
    sessions=0,
    minutes=0.0,
    techniques=frozenset(),
    mean_pressure=None,
    planned_sessions=2,
    paused=None,
    adherence=None,
    plan_met=False,
    consistency_7d=None,
    intensity_7d=None,
    next_morning_pain=None,
    routine_strength=None,
)


def day(n: int, **fields) -> Day:
    return replace(BLANK, day=START + timedelta(days=n), **fields)


def days_with(consistency, intensity, pain):
    return [
        day(n, consistency_7d=c, intensity_7d=i, next_morning_pain=p)
        for n, (c, i, p) in enumerate(zip(consistency, intensity, pain, strict=True))
    ]


def falling(n: int) -> list[float]:
    return [float(n - k) for k in range(n)]


def rising(n: int) -> list[float]:
    return [float(k) for k in range(n)]


def zigzag(n: int) -> list[float]:
    return [float(k % 2) for k in range(n)]


def test_points_are_the_days_with_both_values():
    days = [
        day(0, consistency_7d=0.5, next_morning_pain=4.0),
        day(1, consistency_7d=0.75, next_morning_pain=None),
        day(2, consistency_7d=None, next_morning_pain=3.0),
        day(3, consistency_7d=1.0, intensity_7d=6.0, next_morning_pain=2.5),
    ]
    headline = consistency_vs_intensity(list(reversed(days)))
    assert headline.consistency.points == (
        Point(x=0.5, y=4.0, day=START),
        Point(x=1.0, y=2.5, day=START + timedelta(days=3)),
    )
    assert headline.intensity.points == (Point(x=6.0, y=2.5, day=START + timedelta(days=3)),)


def test_fewer_than_14_mornings_say_how_many_more():
    headline = consistency_vs_intensity(days_with(rising(10), rising(10), falling(10)))
    assert headline.consistency.verdict == "Not enough data yet: 4 more mornings."
    assert headline.consistency.correlation.rho == pytest.approx(-1.0)
    assert headline.conclusion == (
        "Not enough data yet to say whether consistency or intensity goes with lower morning pain."
    )


def test_a_clear_link_is_put_into_words_with_its_numbers():
    headline = consistency_vs_intensity(days_with(rising(20), zigzag(20), falling(20)))
    c = headline.consistency
    assert c.correlation.n == 20
    assert c.direction == "lower"
    assert c.verdict == (
        "Weeks when you kept to your routine more consistently were followed by lower "
        "morning pain (\u03c1 = \u22121.00, 95% CI \u22121.00 to \u22121.00, n = 20)."
    )
    assert headline.intensity.verdict == "No clear link yet (the interval includes zero)."
    assert headline.conclusion == (
        "So far, consistency went with lower morning pain, and intensity showed no clear link yet."
    )


def test_a_link_to_higher_pain_is_reported_too():
    headline = consistency_vs_intensity(days_with(zigzag(16), rising(16), rising(16)))
    assert headline.intensity.verdict.startswith(
        "Weeks when you pressed harder in your sessions were followed by higher morning pain"
    )
    assert headline.conclusion == (
        "So far, consistency showed no clear link yet, and intensity went with higher morning pain."
    )


def test_both_lower_names_the_closer_one():
    pain = falling(20)
    intensity = rising(20)
    intensity[0], intensity[19] = intensity[19], intensity[0]  # still clearly negative
    headline = consistency_vs_intensity(days_with(rising(20), intensity, pain))
    assert headline.intensity.direction == "lower"
    assert headline.conclusion.startswith(
        "So far both went with lower morning pain, consistency more closely"
    )


def test_a_measure_that_never_varied_says_so():
    headline = consistency_vs_intensity(days_with([1.0] * 15, zigzag(15), falling(15)))
    assert headline.consistency.correlation.rho is None
    assert headline.consistency.verdict == (
        "No clear link yet: your consistency has not varied enough to compare."
    )
    assert headline.conclusion == (
        "Neither consistency nor intensity has a clear link with your morning pain yet."
    )


def test_nothing_is_ever_said_to_cause_anything():
    for c, i in [(rising(20), zigzag(20)), (zigzag(20), rising(20))]:
        headline = consistency_vs_intensity(days_with(c, i, falling(20)))
        text = " ".join(
            [headline.consistency.verdict, headline.intensity.verdict, headline.conclusion]
        )
        assert "caus" not in text.lower()
    assert "not proof" in headline.note


def test_technique_means_with_and_without_by_hand():
    stretch = frozenset({"stretch"})
    days = [
        day(n, techniques=stretch, next_morning_pain=p)
        for n, p in enumerate([2.0, 3.0, 2.0, 3.0, 2.5])
    ]
    days += [day(10 + n, next_morning_pain=p) for n, p in enumerate([5.0, 4.0, 6.0, 5.0, 5.0])]
    days.append(day(20, techniques=stretch, next_morning_pain=None))
    [effect] = technique_comparison(days)
    # with: (2 + 3 + 2 + 3 + 2.5) / 5 = 2.5; without: (5 + 4 + 6 + 5 + 5) / 5 = 5.0
    assert (effect.slug, effect.name) == ("stretch", "Toe pull-back stretch")
    assert (effect.n_with, effect.n_without) == (5, 5)
    assert (effect.mean_with, effect.mean_without, effect.difference) == (2.5, 5.0, -2.5)
    assert effect.shown
    assert effect.label.startswith("Exploratory: mornings after days with Toe pull-back stretch")
    assert "(n = 5 vs 5)" in effect.label


def test_fewer_than_five_days_on_either_side_is_not_shown():
    days = [day(n, techniques=frozenset({"ball-roll"}), next_morning_pain=3.0) for n in range(4)]
    days += [day(10 + n, next_morning_pain=4.0) for n in range(9)]
    [effect] = technique_comparison(days)
    assert (effect.n_with, effect.n_without, effect.difference) == (4, 9, -1.0)
    assert not effect.shown
    assert effect.label.startswith("Exploratory: not enough days yet")


def test_techniques_sort_by_difference_with_unknown_ones_last():
    days = [
        day(0, techniques=frozenset({"ball-roll", "stretch"}), next_morning_pain=5.0),
        day(1, techniques=frozenset({"stretch"}), next_morning_pain=1.0),
        day(2, next_morning_pain=3.0),
        day(3, techniques=frozenset({"gua-sha"}), next_morning_pain=None),
    ]
    effects = technique_comparison(days)
    # stretch: 3 vs 3 = 0; ball-roll: 5 vs 2 = +3; gua-sha: never followed by a rating
    assert [e.slug for e in effects] == ["stretch", "ball-roll", "gua-sha"]
    assert effects[2].difference is None and effects[2].n_with == 0
    assert effects[0].difference == 0.0
