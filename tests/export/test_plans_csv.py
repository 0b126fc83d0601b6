"""GET /api/v1/export/plans.csv: the plan each day was measured against."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.helpers import BERLIN, today
from tests.conftest import ApiClient
from tests.export.test_routes import filename, parse
from tracker.extensions import db
from tracker.models import Plan, User

PLANS_CSV = "/api/v1/export/plans.csv"
HEADER = [f"effective_from ({BERLIN})", "sessions_per_day", "minutes_min", "minutes_max"]


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def give_plans(app: Flask, email: str, *plans: tuple[int, int, int, int]) -> None:
    """Replace the person's plan history with (day offset, per day, min, max) rows."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        user.plans.clear()
        db.session.flush()
        for offset, per_day, low, high in plans:
            start = today() + timedelta(days=offset)
            user.plans.append(Plan(effective_from=start, sessions_per_day=per_day,
                                   minutes_min=low, minutes_max=high))  # fmt: skip
        db.session.commit()


def test_every_plan_earliest_first(app: Flask, user: ApiClient) -> None:
    give_plans(app, "alice@example.com", (-40, 2, 5, 10), (-25, 1, 8, 12), (-3, 3, 5, 5))

    response = user.get(PLANS_CSV)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.get_data().startswith("\ufeff".encode())
    rows = parse(response)
    assert list(rows[0]) == HEADER
    assert [list(r.values()) for r in rows] == [
        [day(-40), "2", "5", "10"],
        [day(-25), "1", "8", "12"],
        [day(-3), "3", "5", "5"],
    ]
    assert filename(response) == "firststep-plans-start_end.csv"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_plan_in_force_on_the_first_day_comes_with_the_range(
    app: Flask, user: ApiClient
) -> None:
    give_plans(app, "alice@example.com", (-40, 2, 5, 10), (-25, 1, 8, 12), (-3, 3, 5, 5))

    rows = parse(user.get(f"{PLANS_CSV}?from={day(-30)}&to={day(-10)}"))
    edge = parse(user.get(f"{PLANS_CSV}?from={day(-25)}&to={day(-25)}"))
    before = parse(user.get(f"{PLANS_CSV}?from={day(-60)}&to={day(-50)}"))

    assert [r[HEADER[0]] for r in rows] == [day(-40), day(-25)]
    assert [r[HEADER[0]] for r in edge] == [day(-25)]
    assert [r[HEADER[0]] for r in before] == [day(-40)]  # the plan days before it borrow


def test_only_your_own_plans(app: Flask, user: ApiClient, other_user: ApiClient) -> None:
    give_plans(app, "alice@example.com", (-40, 4, 5, 10))

    theirs = parse(other_user.get(PLANS_CSV))

    assert [r["sessions_per_day"] for r in theirs] == ["2"]


def test_signed_out_is_401_and_the_file_is_documented(client: FlaskClient) -> None:
    assert client.get(PLANS_CSV).status_code == 401
    spec = client.get("/api/openapi.json").json
    get = spec["paths"]["/api/v1/export/plans.csv"]["get"]
    assert "text/csv" in get["responses"]["200"]["content"]
    assert {p["name"] for p in get["parameters"]} >= {"from", "to"}
