"""An experiment that has already run: stored as the API would have stored it, with a
diary whose next-morning pain is lower under condition A by a known amount."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import Flask
from sqlalchemy import select

from tracker.analysis.experiment import Block, make_schedule
from tracker.experiments.service import chosen_plans, stored_plans
from tracker.extensions import db
from tracker.models import CareSession, Checkin, Experiment, Technique, User
from tracker.timeutil import local_today

EXPERIMENTS = "/api/v1/experiments"
SEED = 20261127
NOISE = (0, 1, -1, 0, 1, 0, -1)
"""A small, fixed wobble on the mornings, so the pairs do not agree to the last digit."""


def stored_conditions(template: str = "consistency-vs-intensity") -> list[dict]:
    return stored_plans(chosen_plans({"template": template}))


def ended_experiment(
    app: Flask,
    email: str,
    *,
    pairs: int = 3,
    effect: int = 3,
    ended_days_ago: int = 2,
    seed: int = SEED,
    conditions: list[dict] | None = None,
) -> tuple[int, list[Block]]:
    """A consistency-vs-intensity experiment whose last block ended ``ended_days_ago`` days
    ago, with every next morning logged: pain 3 under A, 3 + ``effect`` under B, and the
    sessions each condition asks for. ``conditions``: a custom pair, as the API takes it,
    in place of the template. Returns its id and schedule."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        today = local_today(user.timezone)
        start = today - timedelta(days=pairs * 14 + ended_days_ago - 1)
        experiment = Experiment(
            user_id=user.id,
            template="custom" if conditions else "consistency-vs-intensity",
            conditions=stored_plans(chosen_plans({"template": "custom", "conditions": conditions}))
            if conditions
            else stored_conditions(),
            pairs=pairs,
            start_date=start,
            seed=seed,
            is_current=True,
        )
        db.session.add(experiment)
        thumb = db.session.scalar(select(Technique).where(Technique.slug == "thumb-walk"))
        schedule = make_schedule(start, pairs, seed)
        for block in schedule:
            for k in range(7):
                day = block.start + timedelta(days=k)
                pain = 3 + NOISE[(k + block.index) % 7] + (effect if block.condition == "B" else 0)
                db.session.add(
                    Checkin(user_id=user.id, date=day + timedelta(days=1), pain_right=pain)
                )
                _sessions(user.id, day, block.condition, k, thumb)
        db.session.commit()
        return experiment.id, schedule


def _sessions(user_id: int, day: date, condition: str, k: int, technique: Technique) -> None:
    if condition == "A":
        plan = [(7, 360, 3), (20, 360, 3)]
    else:
        plan = [(19, 720, 6)] if k in (0, 2, 4) else []
    for hour, seconds, pressure in plan:
        db.session.add(
            CareSession(
                user_id=user_id,
                started_at=datetime.combine(day, time(hour), UTC),
                local_date=day,
                duration_s=seconds,
                foot="right",
                pressure=pressure,
                techniques=[technique],
            )
        )
