"""Seeding histories straight into the database, shared by the API and browser tests.

Through the models rather than the API: a year of sessions posted one by one
would cost seconds, and the tests are about reading a history, not writing one.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from tracker.cli import _write_demo
from tracker.demo import generate_demo
from tracker.extensions import db
from tracker.models import User
from tracker.timeutil import local_today


def seed_days(app: Flask, email: str, days: int, seed: int = 7) -> int:
    """Fills an existing account with ``days`` of demo diary ending today; returns sessions.

    The default plan starts on the day the account was made, so it is moved back
    to the first seeded day, as ``seed-demo`` does.
    """
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None, email
        end = local_today(user.timezone)
        written = _write_demo(user, generate_demo(days, end, seed=seed, feet=user.feet))
        first = end - timedelta(days=days - 1)
        user.plans[0].effective_from = min(user.plans[0].effective_from, first)
        db.session.commit()
        return written
