"""Consistency against intensity, and techniques: verdicts only where the data can carry them."""

from __future__ import annotations

import math
import random
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from statsmodels.stats.multitest import multipletests

from tracker.analysis import Day, Point, consistency_vs_intensity, technique_comparison
from tracker.analysis.compare import MIN_MORNINGS_FOR_VERDICT, holm
from tracker.analysis.model import adjusted_difference

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


STRETCH = frozenset({"stretch"})
BALL = frozenset({"ball-roll"})


def test_techniques_are_compared_with_other_session_days_not_rest_days():
    """Rest days (no session) are out: a technique must not get the credit for practising."""
    noise = _noisy(40, 20, 0.3)
    days = [
        day(
            n,
            sessions=1,
            techniques=STRETCH if n % 2 else BALL,
            next_morning_pain=6 - 2 * (n % 2) - 0.05 * n + noise[n],
        )
        for n in range(40)
    ]
    days += [day(40 + n, next_morning_pain=9.0) for n in range(10)]  # rest days, pain 9
    effects = {e.slug: e for e in technique_comparison(days)}
    stretch = effects["stretch"]
    assert (stretch.n_with, stretch.n_without) == (20, 20)
    with_ = [6 - 2 - 0.05 * n + noise[n] for n in range(1, 40, 2)]
    assert stretch.mean_with == pytest.approx(sum(with_) / 20)
    assert stretch.difference == pytest.approx(-2.0, abs=0.3)
    assert stretch.ci_high is not None and stretch.ci_high < 0
    assert stretch.p_holm is not None and stretch.p_holm < 0.05
    assert stretch.shown
    assert stretch.label.startswith(
        "Exploratory: mornings after session days with Toe pull-back stretch had lower pain"
    )
    assert "adjusted for the number of techniques compared" in stretch.label
    assert effects["ball-roll"].difference == pytest.approx(2.0, abs=0.3)


def test_a_technique_taken_up_late_in_a_recovery_is_no_cure():
    """Pain falls with time; the technique starts halfway: raw means differ by 2 points,
    the trend-adjusted difference is no clear one."""
    noise = _noisy(40, 21, 0.5)
    days = [
        day(
            n,
            sessions=1,
            techniques=STRETCH if n >= 20 else BALL,
            next_morning_pain=7 - 0.1 * n + noise[n],
        )
        for n in range(40)
    ]
    stretch = {e.slug: e for e in technique_comparison(days)}["stretch"]
    assert stretch.mean_with is not None and stretch.mean_without is not None
    assert stretch.mean_with - stretch.mean_without < -1.5
    assert stretch.p_holm is not None and stretch.p_holm >= 0.05
    assert stretch.label.startswith("Exploratory: no clear difference")


def test_fewer_than_ten_days_on_either_side_is_not_shown():
    days = [day(n, sessions=1, techniques=BALL, next_morning_pain=3.0) for n in range(9)]
    days += [day(10 + n, sessions=1, next_morning_pain=4.0) for n in range(20)]
    [effect] = technique_comparison(days)
    assert (effect.n_with, effect.n_without, effect.difference) == (9, 20, None)
    assert not effect.shown
    assert effect.label.startswith("Exploratory: not enough days yet")


def test_holm_adjusts_across_the_techniques_compared():
    """With two techniques the smaller p-value is doubled (Holm): never below the raw one."""
    noise = _noisy(60, 22, 0.8)
    days = [
        day(
            n,
            sessions=1,
            techniques=frozenset({"stretch"} if n % 2 else {"ball-roll"})
            | (frozenset({"heel-knead"}) if n % 3 == 0 else frozenset()),
            next_morning_pain=5 + noise[n],
        )
        for n in range(60)
    ]
    effects = technique_comparison(days)
    assert {e.slug for e in effects} == {"ball-roll", "heel-knead", "stretch"}
    raw = {
        slug: adjusted_difference(
            [d.next_morning_pain or 0.0 for d in days],
            [slug in d.techniques for d in days],
            [d.day for d in days],
        )
        for slug in ("ball-roll", "heel-knead", "stretch")
    }
    p_raw = sorted((r.p_value, slug) for slug, r in raw.items() if r is not None)
    by_slug = {e.slug: e.p_holm for e in effects}
    smallest, slug = p_raw[0]
    assert by_slug[slug] == pytest.approx(min(1.0, 3 * smallest))
    assert all(by_slug[s] is not None and by_slug[s] >= p for p, s in p_raw)
    assert not any(e.label.startswith("Exploratory: mornings after") for e in effects)


@pytest.mark.parametrize(
    "p_values",
    [[0.01, 0.04, 0.03], [0.5], [0.001, 0.9, 0.02, 0.02], [0.2, 0.01, 0.6, 0.03, 0.04]],
)
def test_holm_matches_statsmodels(p_values: list[float]) -> None:
    _, expected, _, _ = multipletests(p_values, method="holm")
    assert holm(p_values) == pytest.approx(list(expected))
