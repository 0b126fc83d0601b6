"""GET /api/v1/my-data: one zip holding everything, parsed back member by member."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from tests.api.helpers import BERLIN, days_ago, today
from tests.conftest import ApiClient
from tests.mydata.conftest import Person
from tracker.common.dates import MAX_RANGE_DAYS
from tracker.extensions import db
from tracker.models import Pause, Plan

MY_DATA = "/api/v1/my-data"
MEMBERS = [
    "daily.csv",
    "sessions.csv",
    "checkins.csv",
    "pauses.csv",
    "plans.csv",
    "account.json",
]


def _download(client: ApiClient, timezone: str = BERLIN) -> zipfile.ZipFile:
    response = client.get(MY_DATA)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=firststep-data-{today(timezone)}.zip"
    )
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _account(archive: zipfile.ZipFile) -> dict[str, Any]:
    return json.loads(archive.read("account.json"))


def test_zip_holds_the_csvs_and_the_account(alice: Person) -> None:
    archive = _download(alice.client)

    assert archive.namelist() == MEMBERS
    assert archive.testzip() is None
    checkins = _csv(archive, "checkins.csv")
    assert [(r[f"date ({BERLIN})"], r["pain_right"]) for r in checkins] == [
        (days_ago(3).isoformat(), "7"),
        (days_ago(1).isoformat(), "5"),
    ]
    sessions = _csv(archive, "sessions.csv")
    assert len(sessions) == 1
    assert sessions[0]["techniques"] == "ball-roll;stretch;thumb-walk"
    pauses = _csv(archive, "pauses.csv")
    assert pauses == [
        {
            f"start_date ({BERLIN})": days_ago(10).isoformat(),
            f"end_date ({BERLIN})": days_ago(8).isoformat(),
            "reason": "travel",
            "note": "alice",
        }
    ]


def test_daily_runs_from_the_first_recorded_day_to_today(alice: Person) -> None:
    daily = _csv(_download(alice.client), "daily.csv")

    dates = [row[f"date ({BERLIN})"] for row in daily]
    assert dates[0] == days_ago(10).isoformat()  # the pause, before sign-up
    assert dates[-1] == today().isoformat()
    assert len(dates) == 11
    paused = {row[f"date ({BERLIN})"] for row in daily if row["paused"]}
    assert paused == {days_ago(n).isoformat() for n in (10, 9, 8)}


def test_a_pause_stored_in_year_one_still_downloads(app: Flask, alice: Person) -> None:
    """Pauses were unbounded before 1970 was the floor: such a row made this a 500."""
    with app.app_context():
        db.session.add(
            Pause(
                user_id=alice.user_id,
                start_date=date(1, 1, 1),
                end_date=date(1, 1, 7),
                reason="other",
            )
        )
        db.session.commit()

    archive = _download(alice.client)

    daily = _csv(archive, "daily.csv")
    first = today() - timedelta(days=MAX_RANGE_DAYS - 1)
    assert daily[0][f"date ({BERLIN})"] == first.isoformat()
    assert daily[-1][f"date ({BERLIN})"] == today().isoformat()
    assert _csv(archive, "pauses.csv")[0][f"start_date ({BERLIN})"] == "0001-01-01"


def test_the_csv_members_are_the_export_files(alice: Person) -> None:
    archive = _download(alice.client)

    exported = alice.client.get("/api/v1/export/checkins.csv?from=2000-01-01").get_data()
    assert archive.read("checkins.csv") == exported
    plans = alice.client.get("/api/v1/export/plans.csv?from=2000-01-01").get_data()
    assert archive.read("plans.csv") == plans


def test_the_plan_history_is_in_the_zip(app: Flask, alice: Person) -> None:
    with app.app_context():
        db.session.execute(
            update(Plan).where(Plan.user_id == alice.user_id).values(effective_from=days_ago(20))
        )
        db.session.commit()
    response = alice.client.patch("/api/v1/me", json={"plan": {"sessions_per_day": 1}})
    assert response.status_code == 200, response.json

    plans = _csv(_download(alice.client), "plans.csv")

    assert plans == [
        {
            f"effective_from ({BERLIN})": days_ago(20).isoformat(),
            "sessions_per_day": "2",
            "minutes_min": "5",
            "minutes_max": "10",
        },
        {
            f"effective_from ({BERLIN})": today().isoformat(),
            "sessions_per_day": "1",
            "minutes_min": "5",
            "minutes_max": "10",
        },
    ]


def test_account_json_has_the_settings_and_no_secret(alice: Person) -> None:
    alice.client.patch("/api/v1/me", json={"morning_reminder": "06:45"})

    account = _account(_download(alice.client))

    assert account["email"] == "alice@example.com"
    assert account["timezone"] == BERLIN
    assert account["feet"] == "right"
    assert account["morning_reminder"] == "06:45"
    assert account["evening_reminder"] == "20:00"
    assert account["global_change_weekday"] == 6
    assert account["created_at"]
    assert [p["sessions_per_day"] for p in account["plans"]] == [2]
    assert [(t["name"], len(t["prefix"])) for t in account["api_tokens"]] == [("alice token", 8)]
    assert [s["label"] for s in account["share_links"]] == ["alice physio"]
    assert account["share_links"][0]["expires_at"]
    text = json.dumps(account)
    assert "hash" not in text
    assert "f" * 64 not in text
    assert "argon2" not in text


def test_nothing_of_another_person_is_in_the_zip(alice: Person, bob: Person) -> None:
    archive = _download(alice.client)

    for name in MEMBERS:
        content = archive.read(name).decode("utf-8-sig")
        assert "bob" not in content, name
    assert _account(_download(bob.client, "UTC"))["email"] == "bob@example.com"


def test_a_new_account_downloads_empty_files_with_headers(user: ApiClient) -> None:
    archive = _download(user)

    assert _csv(archive, "checkins.csv") == []
    assert archive.read("pauses.csv").decode("utf-8-sig").startswith("start_date")
    assert [r[f"date ({BERLIN})"] for r in _csv(archive, "daily.csv")] == [today().isoformat()]


def test_bearer_token_downloads_and_signed_out_is_401(
    alice: Person, bearer: ApiClient, client: FlaskClient
) -> None:
    assert _download(bearer).namelist() == MEMBERS
    assert client.get(MY_DATA).status_code == 401


def test_openapi_documents_the_zip(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json

    assert "application/zip" in spec["paths"][MY_DATA]["get"]["responses"]["200"]["content"]
