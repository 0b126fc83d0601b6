"""The daily series, checked against numbers worked out by hand in each test."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest

from tracker.analysis import (
    CheckinRecord,
    Day,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    build_daily_series,
)
from tracker.analysis.daily import MIN_SESSION_SECONDS

START = date(2025, 3, 3)


def d(n: int) -> date:
    return START + timedelta(days=n)


def checkin(n: int, left: int | None = 5, right: int | None = None, **kw) -> CheckinRecord:
    return CheckinRecord(day=d(n), pain_left=left, pain_right=right, **kw)


def session(n: int, pressure: int = 5, seconds: int = 300, techniques=("stretch",)):
    return SessionRecord(
        day=d(n), duration_s=seconds, pressure=pressure, techniques=frozenset(techniques)
    )


ONE_A_DAY = [PlanPeriod(start=d(0), sessions_per_day=1)]


def series(checkins=(), sessions=(), plans=ONE_A_DAY, pauses=(), first=0, last=9):
    return build_daily_series(checkins, sessions, plans, pauses, d(first), d(last))


def test_one_row_per_date_inclusive_and_ascending():
    days = series(first=0, last=4)
    assert [x.day for x in days] == [d(0), d(1), d(2), d(3), d(4)]


def test_end_before_start_is_empty():
    assert series(first=3, last=2) == []


def test_pain_mean_is_the_mean_of_the_feet_logged_that_morning():
    days = series(checkins=[checkin(0, 6, 3), checkin(1, None, 7), checkin(2, 4, None)], last=3)
    assert [x.pain_mean for x in days] == [4.5, 7.0, 4.0, None]
    assert (days[0].pain_left, days[0].pain_right) == (6, 3)


def test_checkin_fields_are_carried_over():
    days = series(
        checkins=[
            checkin(0, stiffness=4, warning_signs=frozenset({"redness"}), global_change="no change")
        ],
        last=0,
    )
    assert days[0].stiffness == 4
    assert days[0].warning_signs == frozenset({"redness"})
    assert days[0].global_change == "no change"


def test_adherence_is_sessions_over_plan_capped_at_one():
    plans = [PlanPeriod(start=d(0), sessions_per_day=2)]
    sessions = [session(0), session(1), session(1), session(2), session(2), session(2)]
    days = series(checkins=[checkin(0)], sessions=sessions, plans=plans, last=3)
    # day 0: 1/2, day 1: 2/2, day 2: 3/2 capped to 1, day 3: 0/2
    assert [x.adherence for x in days] == [0.5, 1.0, 1.0, 0.0]
    assert [x.plan_met for x in days] == [False, True, True, False]
    assert [x.sessions for x in days] == [1, 2, 3, 0]


def test_no_plans_at_all_means_two_sessions_a_day():
    days = series(sessions=[session(0)], plans=[], last=0)
    assert days[0].planned_sessions == 2
    assert days[0].adherence == 0.5


def test_minutes_pressure_and_techniques_of_a_day():
    sessions = [
        session(0, pressure=4, seconds=300, techniques=("stretch", "ball-roll")),
        session(0, pressure=7, seconds=450, techniques=("heel-knead",)),
    ]
    day = series(sessions=sessions, last=1)[0]
    assert day.minutes == 12.5  # (300 + 450) s / 60
    assert day.mean_pressure == 5.5  # (4 + 7) / 2
    assert day.techniques == frozenset({"stretch", "ball-roll", "heel-knead"})
    empty = series(sessions=sessions, last=1)[1]
    assert (empty.minutes, empty.mean_pressure, empty.techniques) == (0.0, None, frozenset())


def test_consistency_is_the_mean_adherence_of_the_trailing_seven_days():
    done = [1, 0, 1, 1, 0, 0, 1, 1, 1, 0]
    sessions = [session(n) for n, did in enumerate(done) if did]
    days = series(checkins=[checkin(0)], sessions=sessions, last=9)
    # day 2: days 0..2 only (nothing before the first day of use) = 2/3
    assert days[2].consistency_7d == pytest.approx(2 / 3)
    # day 6: days 0..6 = 1+0+1+1+0+0+1 = 4 of 7
    assert days[6].consistency_7d == pytest.approx(4 / 7)
    # day 7: day 0 leaves the window, day 7 enters: 0+1+1+0+0+1+1 = 4 of 7
    assert days[7].consistency_7d == pytest.approx(4 / 7)
    # day 8: days 2..8 = 1+1+0+0+1+1+1 = 5 of 7
    assert days[8].consistency_7d == pytest.approx(5 / 7)
    # day 9: days 3..9 = 1+0+0+1+1+1+0 = 4 of 7
    assert days[9].consistency_7d == pytest.approx(4 / 7)


def test_intensity_weights_each_session_not_each_day():
    sessions = [session(0, pressure=2), session(0, pressure=4), session(1, pressure=9)]
    days = series(sessions=sessions, last=8)
    assert days[0].intensity_7d == 3.0
    # (2 + 4 + 9) / 3 sessions = 5, not the mean of the daily means (3 + 9) / 2 = 6
    assert days[1].intensity_7d == 5.0
    assert days[6].intensity_7d == 5.0
    # day 7: day 0 has left the window, only day 1's session remains
    assert days[7].intensity_7d == 9.0
    # day 8: window 2..8 has no session at all
    assert days[8].intensity_7d is None


def test_paused_days_are_left_out_of_adherence_consistency_and_intensity():
    sessions = [session(0, pressure=3), session(1, pressure=10)]
    pauses = [PauseRecord(start=d(1), end=d(1), reason="travel")]
    days = series(sessions=sessions, pauses=pauses, last=2)
    paused = days[1]
    assert (paused.paused, paused.planned_sessions, paused.adherence) == ("travel", 0, None)
    assert paused.plan_met is False
    assert paused.sessions == 1  # the session is still shown on its day
    # day 2: adherence of day 0 (1) and day 2 (0); the paused day is not a zero
    assert days[2].consistency_7d == 0.5
    # the paused day's pressure 10 does not count
    assert days[2].intensity_7d == 3.0


def test_a_window_of_only_paused_days_is_empty():
    pauses = [PauseRecord(start=d(0), end=d(20), reason="illness")]
    days = series(checkins=[checkin(0)], sessions=[session(3)], pauses=pauses, last=9)
    assert all(x.consistency_7d is None and x.intensity_7d is None for x in days)
    assert all(x.adherence is None for x in days)


def test_pain_on_a_paused_day_still_counts_as_pain_and_as_outcome():
    pauses = [PauseRecord(start=d(1), end=d(1), reason="flare-up")]
    days = series(checkins=[checkin(1, 8)], pauses=pauses, last=1)
    assert days[1].pain_mean == 8.0
    assert days[0].next_morning_pain == 8.0


def test_overlapping_pauses_the_later_one_names_the_day():
    pauses = [
        PauseRecord(start=d(2), end=d(4), reason="illness"),
        PauseRecord(start=d(0), end=d(3), reason="travel"),
    ]
    days = series(pauses=pauses, last=5)
    assert [x.paused for x in days] == ["travel", "travel", "illness", "illness", "illness", None]


def test_next_morning_pain_is_the_following_days_mean():
    checkins = [checkin(1, 6, 4), checkin(3, 2)]
    days = series(checkins=checkins, last=3)
    assert [x.next_morning_pain for x in days] == [5.0, None, 2.0, None]


def test_last_day_reads_the_morning_after_the_range_when_it_is_known():
    days = series(checkins=[checkin(0), checkin(4, 3, 4)], last=3)
    assert days[-1].next_morning_pain == 3.5


def test_a_plan_change_takes_effect_from_its_day_and_never_rewrites_the_past():
    plans = [
        PlanPeriod(start=d(3), sessions_per_day=1),
        PlanPeriod(start=d(0), sessions_per_day=2),
    ]
    sessions = [session(n) for n in range(5)]
    days = series(sessions=sessions, plans=plans, first=-2, last=4)
    # d(-2), d(-1) are before the first plan and borrow it
    assert [x.planned_sessions for x in days] == [2, 2, 2, 2, 2, 1, 1]
    assert [x.adherence for x in days[2:]] == [0.5, 0.5, 0.5, 1.0, 1.0]


def test_days_before_the_first_day_of_use_have_no_adherence_or_routine():
    days = series(sessions=[session(2)], first=0, last=3)
    assert [x.adherence for x in days] == [None, None, 1.0, 0.0]
    assert [x.routine_strength is None for x in days] == [True, True, False, False]
    assert [x.day_of_use for x in days] == [None, None, 1, 2]


def test_data_before_the_range_counts_in_the_first_windows():
    sessions = [session(n, pressure=n + 1) for n in range(0, 10, 2)]
    checkins = [checkin(n) for n in range(10)]
    full = series(checkins=checkins, sessions=sessions, first=0, last=9)
    part = series(checkins=checkins, sessions=sessions, first=5, last=9)
    assert part == full[5:]
    # day 5: days 0..5 hold sessions on 0, 2, 4: 3 of 6 days met, pressures 1, 3, 5
    assert part[0].consistency_7d == 0.5
    assert part[0].intensity_7d == 3.0


def test_two_checkins_on_one_morning_are_refused():
    with pytest.raises(ValueError, match="two check-ins"):
        series(checkins=[checkin(0, 3), checkin(0, 4)])


def test_two_plans_starting_the_same_day_are_refused():
    plans = [PlanPeriod(start=d(0), sessions_per_day=1), PlanPeriod(start=d(0), sessions_per_day=2)]
    with pytest.raises(ValueError, match="same day"):
        series(sessions=[session(0)], plans=plans)


def test_no_data_at_all_gives_empty_days():
    days = build_daily_series([], [], [], [], d(0), d(2))
    assert len(days) == 3
    day = days[0]
    assert (day.pain_mean, day.sessions, day.adherence, day.routine_strength) == (
        None,
        0,
        None,
        None,
    )
    assert (day.consistency_7d, day.intensity_7d, day.next_morning_pain) == (None, None, None)
    assert day.planned_sessions == 2


def test_days_are_ordinary_dataclasses():
    built = series(checkins=[checkin(0, 4, 6)], sessions=[session(0)], last=1)[0]
    same = Day(**{f.name: getattr(built, f.name) for f in fields(Day)})
    assert built == same
    assert repr(built) == repr(same)
    assert replace(built, sessions=3).sessions == 3
    assert not hasattr(built, "__dict__")  # slots: 1,825 rows stay small


def test_a_session_under_30_s_is_not_a_session_done():
    """A timer started by mistake: kept in the diary, but no part of any figure."""
    days = series(
        checkins=[checkin(0)],
        sessions=[session(0, seconds=MIN_SESSION_SECONDS - 10, techniques=("ball-roll",))],
        last=1,
    )
    assert (days[0].sessions, days[0].minutes, days[0].mean_pressure) == (0, 0.0, None)
    assert days[0].adherence == 0.0 and days[0].techniques == frozenset()
    days = series(sessions=[session(0, seconds=MIN_SESSION_SECONDS)], last=0)
    assert (days[0].sessions, days[0].adherence, days[0].minutes) == (1, 1.0, 0.5)


def test_a_day_with_only_a_too_short_session_does_not_start_the_diary():
    days = series(sessions=[session(0, seconds=5), session(2)], last=3)
    assert [x.day_of_use for x in days] == [None, None, 1, 2]
