"""Consistency against intensity, and techniques: verdicts only where the data can carry them."""

from __future__ import annotations

import math
import random
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from tracker.analysis import Day, Point, consistency_vs_intensity, technique_comparison
from tracker.analysis.compare import MIN_MORNINGS_FOR_VERDICT

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
    assert tuple(replace(p, adjusted=None) for p in headline.consistency.points) == (
        Point(x=0.5, y=4.0, day=START),
        Point(x=1.0, y=2.5, day=START + timedelta(days=3)),
    )
    assert tuple(replace(p, adjusted=None) for p in headline.intensity.points) == (
        Point(x=6.0, y=2.5, day=START + timedelta(days=3)),
    )


def test_too_few_mornings_say_how_many_more():
    headline = consistency_vs_intensity(days_with(rising(10), rising(10), falling(10)))
    more = MIN_MORNINGS_FOR_VERDICT - 10
    assert headline.consistency.kind == "not-enough-data"
    assert headline.consistency.verdict == f"Not enough data yet: {more} more mornings."
    assert headline.consistency.effect is None
    assert headline.conclusion == (
        "Not enough data yet to say whether consistency or intensity goes with lower morning pain."
    )


def _noisy(n: int, seed: int, sd: float) -> list[float]:
    rng = random.Random(seed)
    return [rng.gauss(0, sd) for _ in range(n)]


def _weekly(n: int, seed: int, levels: tuple[float, ...]) -> list[float]:
    """A level held for a week, then another: routines change week by week."""
    rng = random.Random(seed)
    out: list[float] = []
    while len(out) < n:
        out += [rng.choice(levels)] * 7
    return out[:n]


def test_a_shared_recovery_trend_is_no_evidence():
    """Pain falls with time and the routine steadies with time, with no day-to-day
    link at all: Spearman said rho = -0.83 for such a person; the model says no link."""
    n = 90
    consistency = [
        min(1.0, 0.4 + 0.6 * k / n + w)
        for k, w in zip(range(n), _weekly(n, 1, (-0.1, 0.0, 0.1)), strict=True)
    ]
    intensity = _weekly(n, 2, (3.0, 5.0, 7.0))
    pain = [7 - 4 * k / n + e for k, e in zip(range(n), _noisy(n, 3, 0.8), strict=True)]
    headline = consistency_vs_intensity(days_with(consistency, intensity, pain))
    assert headline.consistency.kind == "no-clear-link", headline.consistency.verdict
    assert headline.consistency.direction is None
    assert headline.consistency.verdict.startswith(
        "No clear link between how consistently you kept to your routine and next-morning pain"
    )
    assert headline.intensity.direction is None


def test_a_real_effect_is_put_into_words_in_pain_points():
    n = 90
    consistency = _weekly(n, 4, (0.3, 0.6, 1.0))
    intensity = _weekly(n, 5, (3.0, 5.0, 7.0))
    pain = [
        6 - 2 * k / n - 4 * c + e
        for k, c, e in zip(range(n), consistency, _noisy(n, 6, 0.7), strict=True)
    ]
    headline = consistency_vs_intensity(days_with(consistency, intensity, pain))
    c = headline.consistency
    assert c.kind == c.direction == "lower"
    assert c.effect is not None and c.ci_low is not None and c.ci_high is not None
    assert c.effect == pytest.approx(-2.0, abs=0.4)  # whole vs half routine: -4 * 0.5
    assert c.ci_low < c.effect < c.ci_high < 0
    assert c.n == n and c.n_effective is not None and c.n_effective <= n
    assert c.verdict.startswith(
        f"In weeks when you did your whole routine, the next morning's pain was about "
        f"{abs(c.effect):.1f} points lower than in half-routine weeks (95% CI "
        f"{-c.ci_high:.1f} to {-c.ci_low:.1f}, n = {n} mornings"
    )
    assert headline.kind == "claim"
    assert headline.conclusion.startswith(
        "So far, after allowing for your overall recovery, consistency went with lower morning pain"
    )


def test_a_link_to_higher_pain_is_reported_too():
    n = 90
    consistency = _weekly(n, 7, (0.3, 0.6, 1.0))
    intensity = _weekly(n, 8, (3.0, 5.0, 7.0))
    pain = [4 + 0.5 * i + e for i, e in zip(intensity, _noisy(n, 9, 0.7), strict=True)]
    headline = consistency_vs_intensity(days_with(consistency, intensity, pain))
    i = headline.intensity
    assert i.kind == "higher"
    assert i.effect == pytest.approx(1.0, abs=0.3)  # per 2 pressure points
    assert i.verdict.startswith("In weeks when you pressed 2 points harder, the next morning")


def test_measures_that_moved_together_cannot_be_told_apart():
    n = 60
    consistency = _weekly(n, 10, (0.3, 0.6, 1.0))
    intensity = [9 - 5 * c + e for c, e in zip(consistency, _noisy(n, 11, 0.1), strict=True)]
    pain = [6 - 3 * c + e for c, e in zip(consistency, _noisy(n, 12, 0.5), strict=True)]
    headline = consistency_vs_intensity(days_with(consistency, intensity, pain))
    assert headline.correlation is not None and headline.correlation < -0.8
    assert headline.consistency.kind == headline.intensity.kind == "cannot-separate"
    assert headline.kind == "cannot-separate"
    assert "too closely" in headline.conclusion


def test_a_measure_that_never_varied_says_so():
    n = 40
    headline = consistency_vs_intensity(
        days_with([1.0] * n, _weekly(n, 13, (3.0, 6.0)), [4 + e for e in _noisy(n, 14, 1.0)])
    )
    assert headline.consistency.kind == "too-little-variation"
    assert headline.consistency.verdict.startswith("Nothing to compare yet")
    assert headline.consistency.effect is None


def test_strongly_autocorrelated_days_need_more_weeks():
    """Pain in slow waves and a routine held for two weeks at a time: 40 mornings
    are worth only a handful of independent ones, and the verdict says so."""
    n = 40
    consistency = ([0.3] * 14 + [1.0] * 14) * 2
    intensity = _weekly(n, 15, (3.0, 6.0))
    pain = [
        5 + 1.5 * math.sin(2 * math.pi * k / 12) + e
        for k, e in zip(range(n), _noisy(n, 16, 0.2), strict=True)
    ]
    headline = consistency_vs_intensity(days_with(consistency[:n], intensity, pain))
    c = headline.consistency
    assert c.n == n
    assert c.n_effective is not None and c.n_effective < 12
    assert c.kind == "not-enough-data"
    assert re.search(r"about \d+ more weeks? of diary would help", c.verdict), c.verdict


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
