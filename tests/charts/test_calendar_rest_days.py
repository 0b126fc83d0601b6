"""The routine calendar during a self-experiment: a rest day is its own square, never a
missed day or one "not counted yet"."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.analysis import PlanPeriod, SessionRecord, build_daily_series, summarize
from tracker.analysis.experiment import ConditionPlan, ExperimentRecord, planned_by_condition
from tracker.charts import build_chart

START = date(2026, 11, 2)
TODAY = START + timedelta(days=13)
HARD = ConditionPlan("B", "Three harder sessions a week", 3, 10, 6, 7)
PLANS = {"A": HARD, "B": HARD}


def test_rest_days_are_marked_as_rest_days() -> None:
    sessions = [
        SessionRecord(START + timedelta(days=k), 600, 6, frozenset({"ball-roll"}))
        for k in (0, 2, 4, 7, 9, 11)
    ]
    planned = planned_by_condition([ExperimentRecord(START, 2, 1, PLANS)])
    days = build_daily_series(
        [], sessions, [PlanPeriod(START, 2)], [], START, TODAY, TODAY, condition_planned=planned
    )
    traces = {
        t["name"]: t for t in build_chart("calendar", days, summarize(days, TODAY)).figure["data"]
    }
    rest = traces["rest day"]
    assert len(rest["x"]) == 8  # days 2, 4, 6, 7 of each week
    assert all(": rest day, 0 sessions" in text for text in rest["text"])
    assert "missed" not in traces and "not counted yet" not in traces
    assert len(traces["plan met"]["x"]) == 6
