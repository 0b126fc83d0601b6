"""Plans travel with the export: a fresh account measures every day against the same plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import BERLIN, ME, SESSIONS, session_body, today
from tests.conftest import ApiClient, register
from tests.export.test_plans_csv import give_plans
from tests.imports.test_api import SUMMARY, csv_file, upload
from tracker.models import CareSession, Plan, User

EXPORTS = {
    "sessions": "/api/v1/export/sessions.csv",
    "checkins": "/api/v1/export/checkins.csv",
    "pauses": "/api/v1/export/pauses.csv",
    "plans": "/api/v1/export/plans.csv",
}
HEADER = [f"effective_from ({BERLIN})", "sessions_per_day", "minutes_min", "minutes_max"]
DAILY_CSV = "/api/v1/export/daily.csv"


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def plans_file(*rows: list[Any]) -> bytes:
    return csv_file(HEADER, [list(row) for row in rows])


def exported(client: ApiClient, *keys: str) -> dict[str, bytes]:
    files = {}
    for key in keys or tuple(EXPORTS):
        response = client.get(f"{EXPORTS[key]}?from=2000-01-01")
        assert response.status_code == 200
        files[key] = response.get_data()
    return files


def one_session_a_day(client: ApiClient, days: int) -> None:
    """A session every morning for ``days`` days up to yesterday."""
    for offset in range(-days, 0):
        moment = datetime.combine(today() + timedelta(days=offset), time(8), ZoneInfo(BERLIN))
        body = session_body(started_at=moment.isoformat(), duration_s=600)
        assert client.post(SESSIONS, json=body).status_code == 201


def plans_of(rows: Rows, email: str) -> list[tuple[str, int, int, int]]:
    user = rows.one(select(User).where(User.email == email))
    found = rows.all(select(Plan).where(Plan.user_id == user.id).order_by(Plan.effective_from))
    return [
        (p.effective_from.isoformat(), p.sessions_per_day, p.minutes_min, p.minutes_max)
        for p in found
    ]


def test_round_trip_with_a_plan_change_gives_the_same_numbers_and_daily_file(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    """The bug this fixes: without the plans, a one-session-a-day person who had changed
    to one session a day came back against the sign-up plan of two (adherence 0.8 to
    0.57, streak 20 to 1)."""
    give_plans(app, "alice@example.com", (-30, 2, 5, 10), (-24, 1, 5, 10))
    one_session_a_day(user, 30)
    files = exported(user)
    daily = f"{DAILY_CSV}?from={day(-35)}&to={day(0)}"
    fresh = register(app, timezone=BERLIN, feet="right")

    response = upload(fresh, **files)

    assert response.status_code == 200, response.json
    assert response.json["files"]["plans"] == {"rows": 2, "created": 2, "skipped_existing": 0}
    assert response.json["message"] == "Imported 0 check-ins, 30 sessions, 0 pauses, 2 plans."
    mine, theirs = fresh.get(SUMMARY).json, user.get(SUMMARY).json
    assert theirs["totals"]["mean_adherence"] > 0.8
    assert theirs["streaks"]["current"] >= 20
    for key in ("totals", "streaks", "progress", "headline", "plan_changes"):
        assert mine[key] == theirs[key], key
    assert mine == theirs
    assert fresh.get(daily).get_data() == user.get(daily).get_data()
    assert fresh.get(ME).json["plan"] == user.get(ME).json["plan"]
    assert plans_of(rows, fresh_email(fresh)) == [(day(-30), 2, 5, 10), (day(-24), 1, 5, 10)]
    # Without the plans file the numbers differ: the test above checks something.
    without = register(app, timezone=BERLIN, feet="right")
    assert upload(without, **exported(user, "sessions")).status_code == 200
    bare = without.get(SUMMARY).json
    assert bare["totals"]["mean_adherence"] < 0.6
    assert bare["streaks"]["current"] < theirs["streaks"]["current"]


def fresh_email(client: ApiClient) -> str:
    return str(client.get(ME).json["email"])


def test_importing_the_plans_again_creates_nothing(app: Flask, user: ApiClient, rows: Rows) -> None:
    give_plans(app, "alice@example.com", (-30, 2, 5, 10), (-24, 1, 5, 10))
    files = exported(user, "plans")
    fresh = register(app, timezone=BERLIN)
    assert upload(fresh, **files).status_code == 200

    again = upload(fresh, **files)
    itself = upload(user, **files)

    assert again.status_code == itself.status_code == 200, (again.json, itself.json)
    assert again.json["files"]["plans"] == {"rows": 2, "created": 0, "skipped_existing": 2}
    assert again.json["message"] == "Imported 0 plans; 2 rows were already there."
    assert itself.json["files"]["plans"]["skipped_existing"] == 2
    assert plans_of(rows, fresh_email(fresh)) == plans_of(rows, "alice@example.com")


def test_a_history_merges_by_day_and_a_plan_with_other_values_is_a_conflict(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    give_plans(app, "alice@example.com", (-30, 2, 5, 10), (-10, 1, 5, 10))
    older = plans_file([day(-60), 3, 5, 10], [day(-30), 2, 5, 10], [day(-20), 2, 8, 12])
    clash = plans_file([day(-5), 2, 5, 10], [day(-10), 4, 5, 10])

    merged = upload(user, plans=older)
    refused = upload(user, plans=clash)

    assert merged.status_code == 200, merged.json
    assert merged.json["files"]["plans"] == {"rows": 3, "created": 2, "skipped_existing": 1}
    assert merged.json["message"] == "Imported 2 plans; 1 row was already there."
    assert refused.status_code == 422
    assert refused.json["lines"] == [
        {
            "file": "plans",
            "line": 3,
            "column": None,
            "reason": f"You already have a plan from {day(-10)} with other values. "
            "Remove this line, or change that plan in Settings on another day.",
        }
    ]
    assert plans_of(rows, "alice@example.com") == [
        (day(-60), 3, 5, 10),
        (day(-30), 2, 5, 10),
        (day(-20), 2, 8, 12),
        (day(-10), 1, 5, 10),
    ]


def test_the_sign_up_plan_stays_once_something_was_logged_under_it(app: Flask, rows: Rows) -> None:
    client = register(app, "carol@example.com", timezone=BERLIN)
    body = session_body(started_at=datetime.now(ZoneInfo(BERLIN)).isoformat())
    assert client.post(SESSIONS, json=body).status_code == 201

    response = upload(client, plans=plans_file([day(-30), 1, 5, 10]))

    assert response.status_code == 200, response.json
    assert plans_of(rows, "carol@example.com") == [(day(-30), 1, 5, 10), (day(0), 2, 5, 10)]


def test_a_fresh_accounts_plan_gives_way_even_to_a_plan_of_the_same_day(
    app: Flask, rows: Rows
) -> None:
    client = register(app, "dan@example.com", timezone=BERLIN)

    response = upload(client, plans=plans_file([day(0), 1, 7, 9]))

    assert response.status_code == 200, response.json
    assert plans_of(rows, "dan@example.com") == [(day(0), 1, 7, 9)]
    assert client.get(ME).json["plan"]["sessions_per_day"] == 1


def test_a_bad_plans_file_keeps_the_sign_up_plan_and_writes_nothing(app: Flask, rows: Rows) -> None:
    client = register(app, "erin@example.com", timezone=BERLIN)
    file = plans_file([day(-30), 1, 5, 10], [day(-20), 9, 5, 10])
    sessions = csv_file(
        ["started_at", "duration_s", "foot", "techniques", "pressure"],
        [[f"{day(-2)}T08:00:00+01:00", 600, "right", "stretch", 4]],
    )

    response = upload(client, plans=file, sessions=sessions)

    assert response.status_code == 422
    assert plans_of(rows, "erin@example.com") == [(day(0), 2, 5, 10)]
    assert rows.count(CareSession) == 0


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ([day(-3), 7, 5, 10], "sessions_per_day", "Must be greater than or equal to 1"),
        ([day(-3), 2, 12, 10], "minutes_max", "Must be at least minutes_min."),
        ([day(-3), 2, "", 10], "minutes_min", "A plan needs its minutes_min."),
        ([day(-3), "two", 5, 10], "sessions_per_day", "Not a valid integer."),
        ([day(2), 2, 5, 10], HEADER[0], "Cannot be in the future"),
        (["1999-12-31", 2, 5, 10], HEADER[0], "Must be on or after 2000-01-01."),
        (["6/1/2026", 2, 5, 10], HEADER[0], "Not a valid date: use YYYY-MM-DD, e.g. 2026-06-01."),
        (["01.06.2026", 2, 5, 10], HEADER[0], "Not a valid date: use YYYY-MM-DD"),
        (["", 2, 5, 10], HEADER[0], "A plan needs its effective_from."),
    ],
)
def test_plan_rows_follow_the_settings_rules(
    user: ApiClient, rows: Rows, row: list[Any], column: str, reason: str
) -> None:
    response = upload(user, plans=plans_file([day(-40), 2, 5, 10], row))

    assert response.status_code == 422, response.json
    problem = response.json["lines"][0]
    assert (problem["line"], problem["column"]) == (3, column)
    assert reason in problem["reason"]
    assert response.json["message"] == f"Nothing was imported. {problem['reason']}"
    assert len(plans_of(rows, "alice@example.com")) == 1


def test_two_plans_for_one_day_in_a_file_conflict(user: ApiClient) -> None:
    file = plans_file([day(-9), 2, 5, 10], [day(-9), 2, 5, 10], [day(-9), 1, 5, 10])

    response = upload(user, plans=file)

    assert response.json["lines"] == [
        {
            "file": "plans",
            "line": 4,
            "column": "effective_from",
            "reason": "Has the same effective_from as line 2 but other values.",
        }
    ]


def test_a_plans_file_in_the_pauses_field_is_named(user: ApiClient) -> None:
    response = upload(user, pauses=plans_file([day(-9), 2, 5, 10]))

    assert response.status_code == 422
    assert response.json["lines"][0]["reason"] == (
        "This looks like a plans file; choose it as the plans file."
    )


def test_openapi_documents_the_plans_field(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    post = spec["paths"]["/api/v1/import"]["post"]

    fields = spec["components"]["schemas"]["ImportFiles"]["properties"]
    assert fields["plans"]["format"] == "binary"
    assert "`plans`" in post["description"]
