"""On the days of a self-experiment, adherence means one thing wherever it is read: sessions
meeting the condition (minutes, pressure, techniques) against the sessions its rest-day rule
plans that day. Today's count, the daily series (dashboard, report, daily file) and the
result's "as assigned" agree; a session that does not meet the condition counts in none."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import delete, select, update

from tests.api.helpers import SESSIONS, session_body, today
from tests.conftest import ApiClient
from tests.experiments.support import EXPERIMENTS, ended_experiment
from tracker.extensions import db
from tracker.models import CareSession, Technique, User

DAILY = "/api/v1/export/daily.csv"


def _user_id(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == "alice@example.com"))


def _off_plan(app: Flask, first_a: date, first_b: date) -> None:
    """In the first A week (2 a day, 5 min, pressure up to 4) the morning session of days
    3-6 is pressed at 8; in the first B week (3 a week: days 1, 3, 5) day 3's session
    moves to day 4, a rest day."""
    user_id = _user_id(app)
    with app.app_context():
        for k in range(3, 7):
            day = first_a + timedelta(days=k)
            db.session.execute(
                update(CareSession)
                .where(
                    CareSession.user_id == user_id,
                    CareSession.started_at == datetime.combine(day, time(7), UTC),
                )
                .values(pressure=8)
            )
        moved = first_b + timedelta(days=2)
        db.session.execute(
            delete(CareSession).where(
                CareSession.user_id == user_id, CareSession.local_date == moved
            )
        )
        thumb = db.session.scalar(select(Technique).where(Technique.slug == "thumb-walk"))
        rest = moved + timedelta(days=1)
        db.session.add(
            CareSession(
                user_id=user_id,
                started_at=datetime.combine(rest, time(19), UTC),
                local_date=rest,
                duration_s=720,
                foot="right",
                pressure=6,
                techniques=[thumb],
            )
        )
        db.session.commit()


def _daily(user: ApiClient, first: date, last: date) -> dict[date, dict[str, str]]:
    text = user.get(f"{DAILY}?from={first}&to={last}").get_data().decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return {date.fromisoformat(next(iter(row.values()))): row for row in rows}


def test_every_week_as_assigned_is_the_mean_of_its_days_adherence(
    app: Flask, user: ApiClient
) -> None:
    experiment_id, schedule = ended_experiment(app, "alice@example.com", pairs=2)
    first_a = next(b for b in schedule if b.condition == "A").start
    first_b = next(b for b in schedule if b.condition == "B").start
    _off_plan(app, first_a, first_b)

    blocks = user.get(f"{EXPERIMENTS}/{experiment_id}").json["result"]["blocks"]
    days = _daily(user, schedule[0].start, schedule[-1].end)

    by_week = {}
    for block in schedule:
        shares = [
            float(row["adherence"])
            for day, row in days.items()
            if block.start <= day <= block.end and row["adherence"]
        ]
        by_week[block.index + 1] = sum(shares) / len(shares)
    assert by_week == pytest.approx({b["week"]: b["adherence"] for b in blocks}, abs=1e-3)
    first_a_week = next(b for b in blocks if b["condition"] == "A")
    assert first_a_week["adherence"] == pytest.approx((3 + 4 * 0.5) / 7)
    assert next(b for b in blocks if b["condition"] == "B")["adherence"] == pytest.approx(2 / 3)
    # The daily file keeps every session in "sessions"; adherence counts the ones that fit.
    pressed = days[first_a + timedelta(days=3)]
    assert (pressed["sessions"], pressed["planned_sessions"], pressed["adherence"]) == (
        "2",
        "2",
        "0.5",
    )
    report = user.get(f"/report?from={first_a}&to={first_a + timedelta(days=13)}")
    row = re.search(
        rf'<tr data-day="{first_a + timedelta(days=3)}">.*?</tr>',
        report.get_data(as_text=True),
        re.S,
    )
    assert row and '<td class="num">1/2</td>' in row.group(0)
    assert '<td class="num">50%</td>' in row.group(0)


def test_today_counts_only_sessions_meeting_the_weeks_condition(
    app: Flask, user: ApiClient
) -> None:
    _, schedule = ended_experiment(app, "alice@example.com", ended_days_ago=-10)
    block = next(b for b in schedule if b.start <= today() <= b.end)
    assert block.condition == "A", "the fixed seed puts A (2 a day, pressure up to 4) on today"
    user_id = _user_id(app)
    with app.app_context():
        db.session.execute(
            delete(CareSession).where(
                CareSession.user_id == user_id, CareSession.local_date == today()
            )
        )
        db.session.commit()
    hard = session_body(pressure=8)
    assert user.post(SESSIONS, json=hard).status_code == 201

    page = user.get("/").get_data(as_text=True)

    assert "<strong>0 of 2</strong> planned sessions done" in page
    assert "1 more logged that does not meet this week's plan." in page
    light = session_body(pressure=3)
    assert user.post(SESSIONS, json=light).status_code == 201
    page = user.get("/").get_data(as_text=True)
    assert "<strong>1 of 2</strong> planned sessions done" in page
