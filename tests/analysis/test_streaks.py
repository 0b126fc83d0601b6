"""Streaks of plan-met days; pauses are skipped over, today is still in progress."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.analysis import (
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    Streaks,
    build_daily_series,
    streaks,
)

START = date(2025, 6, 2)


def history(pattern: str):
    """One character a day: M met the plan, . missed it, P paused."""
    sessions = [
        SessionRecord(
            day=START + timedelta(days=n), duration_s=300, pressure=4, techniques=frozenset()
        )
        for n, c in enumerate(pattern)
        if c == "M"
    ]
    pauses = [
        PauseRecord(start=START + timedelta(days=n), end=START + timedelta(days=n), reason="other")
        for n, c in enumerate(pattern)
        if c == "P"
    ]
    plans = [PlanPeriod(start=START, sessions_per_day=1)]
    end = START + timedelta(days=len(pattern) - 1)
    return build_daily_series([], sessions, plans, pauses, START, end)


def test_runs_of_met_days():
    assert streaks(history("MM.MMM")) == Streaks(current=3, longest=3)
    assert streaks(history("MMMM.MM")) == Streaks(current=2, longest=4)


def test_a_pause_neither_breaks_nor_grows_a_run():
    assert streaks(history("MMPPM")) == Streaks(current=3, longest=3)


def test_ending_on_a_pause_keeps_the_run_before_it():
    assert streaks(history("MMMP")) == Streaks(current=3, longest=3)
    assert streaks(history("MM.P")) == Streaks(current=0, longest=2)


def test_today_not_yet_met_keeps_yesterdays_run_as_current():
    assert streaks(history("MMM.")) == Streaks(current=3, longest=3)


def test_today_in_progress_after_a_pause_reaches_back_over_it():
    assert streaks(history("MMP.")) == Streaks(current=2, longest=2)


def test_two_missed_days_end_the_current_run():
    assert streaks(history("MMM..")) == Streaks(current=0, longest=3)


def test_input_order_does_not_matter():
    days = history("M.MMPM.")
    assert streaks(list(reversed(days))) == streaks(days) == Streaks(current=3, longest=3)


def test_empty_and_single_day():
    assert streaks([]) == Streaks(current=0, longest=0)
    assert streaks(history(".")) == Streaks(current=0, longest=0)
    assert streaks(history("M")) == Streaks(current=1, longest=1)


def test_a_date_missing_from_the_days_breaks_the_run():
    days = history("MMMMM")
    assert streaks(days[:2] + days[3:]) == Streaks(current=2, longest=2)
