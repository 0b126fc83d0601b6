"""``dashboard_data``: the range rules every endpoint shares, checked once at the source."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from tests.api.helpers import days_ago, today
from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tracker.dashboard.service import dashboard_data
from tracker.extensions import db
from tracker.models import User

ALICE = "alice@example.com"


def _alice() -> User:
    person = db.session.scalar(select(User).where(User.email == ALICE))
    assert person is not None
    return person


def test_the_range_defaults_to_first_day_of_use_until_today(app: Flask, user: ApiClient) -> None:
    seed_days(app, ALICE, 30)
    with app.app_context():
        data = dashboard_data(_alice(), None, None)
    assert (data.start, data.end) == (days_ago(29), today())
    assert [d.day for d in data.days] == [days_ago(29) + timedelta(days=k) for k in range(30)]
    assert data.summary.today == today()


def test_the_future_is_never_shown(app: Flask, user: ApiClient) -> None:
    seed_days(app, ALICE, 10)
    with app.app_context():
        data = dashboard_data(_alice(), today() + timedelta(days=3), today() + timedelta(days=9))
    assert data.start == data.end == today()


def test_a_narrow_range_keeps_the_numbers_of_the_whole_history(app: Flask, user: ApiClient) -> None:
    """Trailing 7-day windows at the start of a range still see the days before it."""
    seed_days(app, ALICE, 40)
    with app.app_context():
        whole = {d.day: d for d in dashboard_data(_alice(), None, None).days}
        part = dashboard_data(_alice(), days_ago(9), days_ago(3)).days
    assert len(part) == 7
    for day in part:
        assert day.consistency_7d == whole[day.day].consistency_7d
        assert day.routine_strength == whole[day.day].routine_strength


def test_no_history_is_one_empty_day_not_an_error(app: Flask, user: ApiClient) -> None:
    with app.app_context():
        data = dashboard_data(_alice(), None, None)
    assert data.start == data.end == today()
    assert data.summary.totals.sessions == 0
    assert data.summary.streaks.longest == 0
