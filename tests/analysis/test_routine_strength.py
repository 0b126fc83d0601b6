"""Routine strength, Loop Habit Tracker's score: s(d) = s(d-1)*m + adherence(d)*(1-m)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.analysis import (
    ROUTINE_MULTIPLIER,
    CheckinRecord,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
)

START = date(2024, 1, 1)
M = 0.5 ** (1 / 13)  # 0.948078, a half-life of 13 days


def d(n: int) -> date:
    return START + timedelta(days=n)


def sessions_on(*days: int) -> list[SessionRecord]:
    return [
        SessionRecord(day=d(n), duration_s=300, pressure=4, techniques=frozenset()) for n in days
    ]


def strengths(sessions, plans=(), pauses=(), checkins=(), first=0, last=2):
    days = build_daily_series(checkins, sessions, list(plans), pauses, d(first), d(last))
    return [x.routine_strength for x in days]


def test_multiplier_is_a_13_day_half_life():
    m = ROUTINE_MULTIPLIER
    assert m == pytest.approx(0.948078, abs=1e-6)
    assert m**13 == pytest.approx(0.5)


def test_three_days_by_hand():
    # plan 2 a day; day 0: 2 sessions (1.0), day 1: 1 session (0.5), day 2: none (0.0)
    # s0 = 0 * m + 1.0 * (1 - m)              = 0.051922
    # s1 = 0.051922 * m + 0.5 * (1 - m)       = 0.049226 + 0.025961 = 0.075188
    # s2 = 0.075188 * m + 0                   = 0.071284
    result = strengths(sessions_on(0, 0, 1))
    assert result == pytest.approx([0.051922, 0.075188, 0.071284], abs=1e-6)


def test_one_day_of_full_adherence_gives_one_minus_m():
    [strength] = strengths(sessions_on(0, 0), last=0)
    assert strength == pytest.approx(1 - M)
    assert strength == pytest.approx(0.05192, abs=1e-5)


def test_strength_starts_at_zero_on_the_first_day_of_use_even_from_a_checkin():
    checkins = [CheckinRecord(day=d(1), pain_left=4, pain_right=None)]
    assert strengths([], checkins=checkins, first=0, last=2) == [None, 0.0, 0.0]


def test_a_paused_day_leaves_strength_unchanged():
    pauses = [PauseRecord(start=d(1), end=d(1), reason="travel")]
    result = strengths(sessions_on(0, 0), pauses=pauses, last=2)
    assert result[1] == result[0]
    assert result[2] == pytest.approx(result[0] * M)


def test_a_sub_range_starts_from_the_strength_built_up_before_it():
    plans = [PlanPeriod(start=d(0), sessions_per_day=1)]
    sessions = sessions_on(*range(30))
    full = strengths(sessions, plans=plans, first=0, last=40)
    assert strengths(sessions, plans=plans, first=35, last=40) == full[35:]
    assert full[29] == pytest.approx(1 - M**30)


def test_thirteen_missed_days_halve_the_strength():
    plans = [PlanPeriod(start=d(0), sessions_per_day=1)]
    result = strengths(sessions_on(*range(20)), plans=plans, last=32)
    assert result[32] == pytest.approx(result[19] / 2)


def test_a_missed_day_costs_about_five_percent_of_the_current_value():
    """The README's sentence, checked against the formula."""
    [*_, before, after] = strengths(sessions_on(*[n for n in range(40) for _ in (0, 1)]), last=40)
    assert before is not None and after is not None
    assert 1 - after / before == pytest.approx(0.052, abs=0.001)
    assert 3 <= 100 * (before - after) <= 5  # at 60-100% that is 3 to 5 points


def _series(sessions, last, today):
    return build_daily_series([], sessions, [PlanPeriod(START, 2)], [], d(0), d(last), today=today)


def test_today_in_progress_is_not_a_missed_day():
    """One of two sessions done by the afternoon: yesterday's numbers stand."""
    sessions = sessions_on(*[n for n in range(10) for _ in (0, 1)], 10)
    *_, yesterday, today = _series(sessions, 10, today=d(10))
    assert today.adherence is None and not today.plan_met
    assert today.routine_strength == yesterday.routine_strength
    assert today.consistency_7d == yesterday.consistency_7d == 1.0
    # Once the day is over (it is no longer today), the half day counts.
    *_, over = _series(sessions, 10, today=d(11))
    assert over.adherence == 0.5
    assert over.routine_strength is not None and yesterday.routine_strength is not None
    assert over.routine_strength == pytest.approx(yesterday.routine_strength * M + 0.5 * (1 - M))


def test_today_with_the_plan_met_counts_at_once():
    sessions = sessions_on(0, 0, 1, 1)
    *_, today = _series(sessions, 1, today=d(1))
    assert today.adherence == 1.0 and today.plan_met
    assert today.routine_strength == pytest.approx(1 - M**2)
