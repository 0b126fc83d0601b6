"""The demo's experiment is lived by the rest-day rule the daily series measures it by."""

from __future__ import annotations

from collections import Counter

from flask import Flask
from sqlalchemy import select

from tracker.extensions import db
from tracker.history import load_history
from tracker.models import User


def test_the_demo_rests_on_the_rest_days_and_reads_back_through_the_history(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--days", "120", "--experiment", "ended"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        history = load_history(user)
        planned = history.condition_planned()
    assert len(planned) == 42  # 3 pairs of weeks, no pause inside
    done = Counter(s.day for s in history.sessions)
    rest = [day for day, n in planned.items() if n == 0]
    assert len(rest) == 3 * 4  # three a week: 4 rest days in each of 3 weeks
    assert all(done[day] == 0 for day in rest)
    kept = sum(min(done[day], n) for day, n in planned.items() if n) / sum(planned.values())
    assert 0.75 < kept < 1, "lived as assigned 9 times in 10"
