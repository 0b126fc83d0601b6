"""The bundle the API serializes: totals by hand, and what the API makes of it."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tracker.analysis import (
    ROUTINE_MULTIPLIER,
    CheckinRecord,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
    summarize,
)
from tracker.dashboard.schemas import SummarySchema

START = date(2025, 5, 5)


def d(n: int) -> date:
    return START + timedelta(days=n)


def small_history():
    checkins = [
        CheckinRecord(day=d(0), pain_left=6, pain_right=4, warning_signs=frozenset({"redness"})),
        CheckinRecord(day=d(2), pain_left=5, pain_right=None),
    ]
    sessions = [
        SessionRecord(day=d(0), duration_s=600, pressure=4, techniques=frozenset({"stretch"})),
        SessionRecord(day=d(0), duration_s=300, pressure=6, techniques=frozenset({"ball-roll"})),
        SessionRecord(day=d(1), duration_s=420, pressure=5, techniques=frozenset()),
        SessionRecord(day=d(4), duration_s=60, pressure=9, techniques=frozenset()),
    ]
    plans = [PlanPeriod(start=d(0), sessions_per_day=2)]
    pauses = [PauseRecord(start=d(3), end=d(3), reason="travel")]
    return build_daily_series(checkins, sessions, plans, pauses, d(0), d(4))


def test_totals_by_hand():
    summary = summarize(small_history(), today=d(3))
    totals = summary.totals
    assert (totals.days, totals.days_logged, totals.sessions) == (4, 2, 3)
    assert totals.minutes == 22.0  # (600 + 300 + 420) s / 60
    assert totals.paused_days == 1
    # non-paused days 0..2: adherence 1, 0.5, 0 -> mean 0.5
    assert totals.mean_adherence == 0.5
    assert (totals.first_day, totals.last_day) == (d(0), d(3))
    # s0 = 1-m, s1 = s0*m + 0.5(1-m), s2 = s1*m, s3 = s2 (paused)
    m = 0.5 ** (1 / 13)
    assert totals.routine_strength == pytest.approx(((1 - m) * m + 0.5 * (1 - m)) * m)


def test_days_after_today_are_left_out():
    summary = summarize(small_history(), today=d(3))
    assert summary.today == d(3)
    assert summary.totals.last_day == d(3)
    assert summary.totals.sessions == 3  # day 4's session is tomorrow's
    # day 0 met, day 1 half, day 2 missed, day 3 paused
    assert (summary.streaks.current, summary.streaks.longest) == (0, 1)


def test_everything_is_bundled():
    summary = summarize(small_history(), today=d(4))
    assert [w.sign for w in summary.warnings] == ["redness"]
    assert not summary.progress.available
    assert summary.headline.consistency.verdict.startswith("Not enough data yet")
    assert [t.slug for t in summary.techniques] == ["ball-roll", "stretch"]


def test_the_api_sends_iso_dates_and_rounded_floats():
    summary = summarize(small_history(), today=d(4))
    data = SummarySchema().dump(summary)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["today"] == "2025-05-09"
    assert data["totals"]["routine_strength"] == round(summary.totals.routine_strength or 0, 3)
    assert data["warnings"][0]["day"] == "2025-05-05"
    assert data["progress"]["baseline"] is None


def test_a_day_keeps_its_sets_and_its_unknowns():
    day = small_history()[0]
    assert day.day == d(0)
    assert day.techniques == frozenset({"ball-roll", "stretch"})
    assert day.warning_signs == frozenset({"redness"})
    assert day.global_change is None
    assert day.minutes == 15.0
    assert day.routine_strength == pytest.approx(1 - ROUTINE_MULTIPLIER)


def test_the_first_plan_is_never_a_change_even_when_history_is_older() -> None:
    days = small_history()
    first, last = days[0].day, days[-1].day
    opening = PlanPeriod(last, 2)  # an account made after the diary it imported
    change = PlanPeriod(first + timedelta(days=1), 1)

    assert summarize(days, last, [opening]).plan_changes == ()
    assert summarize(
        days, last, [PlanPeriod(first - timedelta(days=9), 2), change]
    ).plan_changes == (change,)
