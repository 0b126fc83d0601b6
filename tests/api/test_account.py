"""GET/PATCH /me: the account, its settings, and a plan whose history is never rewritten."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from tests.api.conftest import Rows
from tests.api.helpers import ME, errors, today
from tests.conftest import ApiClient
from tracker.models import Plan, User


def _user_id(client: ApiClient) -> int:
    return client.get(ME).json["id"]


def _plans(rows: Rows) -> list[tuple[str, int, int, int]]:
    return [
        (p.effective_from.isoformat(), p.sessions_per_day, p.minutes_min, p.minutes_max)
        for p in rows.all(select(Plan).order_by(Plan.effective_from))
    ]


def _move_plan_to_yesterday(rows: Rows) -> str:
    yesterday = today() - timedelta(days=1)
    rows.execute(update(Plan).values(effective_from=yesterday))
    return yesterday.isoformat()


def test_me_shows_the_account_and_a_csrf_token(user: ApiClient) -> None:
    response = user.get(ME)

    assert response.status_code == 200
    assert response.json["email"] == "alice@example.com"
    assert response.json["timezone"] == "Europe/Berlin"
    assert response.json["feet"] == "right"
    assert response.json["plan"]["sessions_per_day"] == 2
    assert response.headers["X-CSRF-Token"]


def test_me_needs_sign_in(client: FlaskClient) -> None:
    response = client.get(ME)

    assert response.status_code == 401
    assert response.is_json
    assert "Sign in" in response.json["message"]


def test_patch_me_changes_timezone_and_feet(user: ApiClient, rows: Rows) -> None:
    response = user.patch(ME, json={"timezone": "America/New_York", "feet": "both"})

    assert response.status_code == 200
    assert (response.json["timezone"], response.json["feet"]) == ("America/New_York", "both")
    stored = rows.one(select(User))
    assert (stored.timezone, stored.feet) == ("America/New_York", "both")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"feet": "none"}, "feet"),
        ({"email": "mallory@example.com"}, "email"),
        ({"id": 99}, "id"),
        ({"nickname": "al"}, "nickname"),
    ],
)
def test_patch_me_with_a_bad_field_is_422_and_changes_nothing(
    user: ApiClient, rows: Rows, body: dict[str, object], field: str
) -> None:
    response = user.patch(ME, json=body)

    assert response.status_code == 422
    assert field in errors(response)
    stored = rows.one(select(User))
    assert (stored.email, stored.timezone, stored.feet) == (
        "alice@example.com",
        "Europe/Berlin",
        "right",
    )


def test_patch_me_by_cookie_without_csrf_token_is_400(user: ApiClient, rows: Rows) -> None:
    response = user.client.patch(ME, json={"feet": "left"})

    assert response.status_code == 400
    assert "CSRF token" in response.json["message"]
    assert rows.one(select(User)).feet == "right"


def test_patch_me_by_cookie_with_a_wrong_csrf_token_is_400(user: ApiClient, rows: Rows) -> None:
    response = user.patch(ME, json={"feet": "left"}, headers={"X-CSRF-Token": "forged"})

    assert response.status_code == 400
    assert rows.one(select(User)).feet == "right"


def test_patch_me_by_bearer_needs_no_csrf_token(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.patch(ME, json={"feet": "left"})

    assert response.status_code == 200
    assert rows.one(select(User)).feet == "left"


def test_plan_changes_made_today_update_todays_plan(user: ApiClient, rows: Rows) -> None:
    first = user.patch(ME, json={"plan": {"sessions_per_day": 1}})
    second = user.patch(ME, json={"plan": {"minutes_min": 8, "minutes_max": 12}})

    assert first.status_code == second.status_code == 200
    assert second.json["plan"] == {
        "sessions_per_day": 1,
        "minutes_min": 8,
        "minutes_max": 12,
        "effective_from": today().isoformat(),
    }
    assert _plans(rows) == [(today().isoformat(), 1, 8, 12)]


def test_plan_change_keeps_the_plan_of_earlier_days(user: ApiClient, rows: Rows) -> None:
    yesterday = _move_plan_to_yesterday(rows)

    response = user.patch(ME, json={"plan": {"sessions_per_day": 3}})

    assert response.status_code == 200
    assert response.json["plan"]["sessions_per_day"] == 3
    assert response.json["plan"]["effective_from"] == today().isoformat()
    assert _plans(rows) == [(yesterday, 2, 5, 10), (today().isoformat(), 3, 5, 10)]
    assert user.get(ME).json["plan"]["sessions_per_day"] == 3


def test_plan_changes_twice_today_after_an_earlier_plan_keep_two_rows(
    user: ApiClient, rows: Rows
) -> None:
    yesterday = _move_plan_to_yesterday(rows)

    user.patch(ME, json={"plan": {"sessions_per_day": 3}})
    user.patch(ME, json={"plan": {"sessions_per_day": 4, "minutes_max": 15}})

    assert _plans(rows) == [(yesterday, 2, 5, 10), (today().isoformat(), 4, 5, 15)]


def test_unchanged_plan_adds_no_row(user: ApiClient, rows: Rows) -> None:
    yesterday = _move_plan_to_yesterday(rows)

    response = user.patch(ME, json={"plan": {"sessions_per_day": 2, "minutes_min": 5}})

    assert response.status_code == 200
    assert _plans(rows) == [(yesterday, 2, 5, 10)]


def test_plan_with_minutes_min_above_minutes_max_is_422(user: ApiClient, rows: Rows) -> None:
    response = user.patch(ME, json={"plan": {"minutes_min": 9, "minutes_max": 3}})

    assert response.status_code == 422
    assert "minutes_max" in errors(response)["plan"]
    assert _plans(rows) == [(today().isoformat(), 2, 5, 10)]


def test_plan_minutes_min_above_the_current_maximum_is_422(user: ApiClient, rows: Rows) -> None:
    response = user.patch(ME, json={"plan": {"minutes_min": 20}})

    assert response.status_code == 422
    assert "minutes_max must be at least minutes_min" in errors(response)["plan"][0]
    assert _plans(rows) == [(today().isoformat(), 2, 5, 10)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sessions_per_day", 0),
        ("sessions_per_day", 7),
        ("sessions_per_day", "2"),
        ("minutes_min", 0),
        ("minutes_max", 61),
        ("minutes_max", 7.5),
        ("effective_from", "2020-01-01"),
    ],
)
def test_plan_with_a_value_out_of_range_is_422_naming_it(
    user: ApiClient, rows: Rows, field: str, value: object
) -> None:
    response = user.patch(ME, json={"plan": {field: value}})

    assert response.status_code == 422
    assert field in errors(response)["plan"]
    assert _plans(rows) == [(today().isoformat(), 2, 5, 10)]


def test_plan_change_and_timezone_in_one_request(user: ApiClient, rows: Rows) -> None:
    response = user.patch(ME, json={"timezone": "Pacific/Auckland", "plan": {"minutes_max": 20}})

    assert response.status_code == 200
    assert response.json["timezone"] == "Pacific/Auckland"
    assert response.json["plan"]["minutes_max"] == 20
    assert [p.minutes_max for p in rows.all(select(Plan).order_by(Plan.effective_from))][-1] == 20
