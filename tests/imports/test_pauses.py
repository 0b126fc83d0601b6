"""Pauses travel with the export: a fresh account gets the same adherence and streaks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import BERLIN, ME, today
from tests.conftest import ApiClient, register
from tests.dashboard.seeding import seed_days
from tests.imports.test_api import SUMMARY, csv_file, data_rows, upload
from tracker.models import CareSession, Checkin, Pause, User
from tracker.pauses.schemas import HORIZON_DAYS

PAUSES = "/api/v1/pauses"
EXPORTS = {
    "sessions": "/api/v1/export/sessions.csv",
    "checkins": "/api/v1/export/checkins.csv",
    "pauses": "/api/v1/export/pauses.csv",
}
PAUSE_HEADER = [f"start_date ({BERLIN})", f"end_date ({BERLIN})", "reason", "note"]


def horizon() -> str:
    return (date.today() + timedelta(days=HORIZON_DAYS)).isoformat()


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def pause(client: ApiClient, start: int, end: int, reason: str = "travel", note: str = "") -> None:
    body = {"start_date": day(start), "end_date": day(end), "reason": reason, "note": note}
    response = client.post(PAUSES, json=body)
    assert response.status_code == 201, response.json


def exported(client: ApiClient, *keys: str) -> dict[str, bytes]:
    files = {}
    for key in keys or tuple(EXPORTS):
        response = client.get(EXPORTS[key])
        assert response.status_code == 200
        files[key] = response.get_data()
    return files


def pauses_file(*rows: list[Any]) -> bytes:
    return csv_file(PAUSE_HEADER, [list(row) for row in rows])


def numbers(client: ApiClient) -> dict[str, Any]:
    """The summary without the plan history: a plan is a setting, not a row of any file,
    and the fresh account's plan starts on the day it was made."""
    summary = client.get(SUMMARY).json
    summary.pop("plan_changes")
    return summary


def test_round_trip_with_a_pause_gives_the_same_numbers(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 30)
    assert user.get(ME).json["plan"]["sessions_per_day"] == 2
    pause(user, -20, -14, "illness", note="=flu, +fever")
    pause(user, -5, -4, "travel")
    files = exported(user)
    fresh = register(app, timezone=BERLIN, feet="right")

    response = upload(fresh, **files)

    assert response.status_code == 200, response.json
    assert response.json["files"]["pauses"] == {"rows": 2, "created": 2, "skipped_existing": 0}
    assert "2 pauses" in response.json["message"]
    mine, theirs = numbers(fresh), numbers(user)
    assert theirs["totals"]["paused_days"] == 9
    for key in ("totals", "streaks", "progress", "headline"):
        assert mine[key] == theirs[key], key
    assert mine == theirs
    assert [p["note"] for p in fresh.get(PAUSES).json] == ["", "=flu, +fever"]
    # Without the pauses file the numbers differ: the test above checks something.
    without = register(app, timezone=BERLIN, feet="right")
    assert upload(without, **exported(user, "sessions", "checkins")).status_code == 200
    bare = numbers(without)
    assert bare["totals"]["paused_days"] == 0
    assert bare["totals"]["mean_adherence"] != theirs["totals"]["mean_adherence"]


def test_importing_the_pauses_again_creates_nothing(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    seed_days(app, "alice@example.com", 10)
    pause(user, -6, -3, "illness")
    files = exported(user)
    fresh = register(app, timezone=BERLIN)
    first = upload(fresh, **files)
    assert first.status_code == 200, first.json

    again = upload(fresh, **files)

    assert again.status_code == 200, again.json
    for key, counts in again.json["files"].items():
        assert counts["created"] == 0
        assert counts["skipped_existing"] == counts["rows"] == data_rows(files[key])
    assert again.json["message"].startswith("Imported 0 check-ins, 0 sessions, 0 pauses;")
    assert rows.count(Pause) == 2


def test_a_pause_with_only_another_note_is_already_there(user: ApiClient, rows: Rows) -> None:
    pause(user, -6, -3, "illness", note="flu")

    response = upload(user, pauses=pauses_file([day(-6), day(-3), "illness", "a cold really"]))

    assert response.status_code == 200, response.json
    assert response.json["files"]["pauses"] == {"rows": 1, "created": 0, "skipped_existing": 1}
    assert rows.count(Pause) == 1


def test_an_overlapping_pause_is_named_and_nothing_is_written(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    seed_days(app, "alice@example.com", 10)
    files = exported(user, "sessions", "checkins")
    fresh = register(app, timezone=BERLIN)
    pause(fresh, -8, -6, "travel")
    files["pauses"] = pauses_file(
        [day(-2), day(-1), "illness", ""],  # new and fine
        [day(-7), day(-4), "illness", ""],  # overlaps the stored travel pause
    )

    response = upload(fresh, **files)

    assert response.status_code == 422
    assert response.json["lines"] == [
        {
            "file": "pauses",
            "line": 3,
            "column": None,
            "reason": f"Overlaps your pause from {day(-8)} to {day(-6)}. "
            "Edit or delete that pause in the app, or change this line.",
        }
    ]
    assert response.json["message"].startswith("Nothing was imported.")
    owner = rows.one(select_user(fresh))
    assert rows.count(Pause, Pause.user_id == owner) == 1
    assert rows.count(CareSession, CareSession.user_id == owner) == 0
    assert rows.count(Checkin, Checkin.user_id == owner) == 0


def select_user(client: ApiClient) -> Any:
    return select(User.id).where(User.email == client.get(ME).json["email"])


def test_two_lines_of_one_file_that_overlap_conflict(user: ApiClient, rows: Rows) -> None:
    file = pauses_file(
        [day(-9), day(-5), "travel", ""],
        [day(-9), day(-5), "travel", "same again"],  # identical: skipped, not a conflict
        [day(-5), day(-2), "illness", ""],
    )

    response = upload(user, pauses=file)

    assert response.status_code == 422
    assert [(p["line"], p["reason"]) for p in response.json["lines"]] == [
        (
            4,
            f"Overlaps the pause from {day(-9)} to {day(-5)} on line 2; pauses cannot overlap.",
        )
    ]
    assert rows.count(Pause) == 0


def test_pause_rows_follow_the_api_rules(user: ApiClient, rows: Rows) -> None:
    file = pauses_file(
        [day(-3), day(-5), "travel", ""],
        [day(-1), day(400), "travel", ""],
        [day(-1), day(1), "bored", ""],
        ["", day(1), "travel", ""],
        [day(-1), "soon", "travel", ""],
        [day(-1), day(1), "travel", "x" * 201],
    )

    response = upload(user, pauses=file)

    assert response.status_code == 422
    found = [(p["line"], p["column"]) for p in response.json["lines"]]
    assert found == [
        (2, f"end_date ({BERLIN})"),
        (3, f"end_date ({BERLIN})"),
        (4, "reason"),
        (5, f"start_date ({BERLIN})"),
        (6, f"end_date ({BERLIN})"),
        (7, "note"),
    ]
    reasons = [p["reason"] for p in response.json["lines"]]
    assert reasons[0] == "Must be on or after start_date."
    assert reasons[1] == "A pause can last at most 366 days."
    assert reasons[3] == "A pause needs its first day."
    assert rows.count(Pause) == 0


def test_a_pause_in_year_one_or_past_the_horizon_is_a_line_problem(
    user: ApiClient, rows: Rows
) -> None:
    file = pauses_file(
        ["0001-01-01", "0001-01-07", "travel", ""],
        [day(800), day(801), "travel", ""],
    )

    response = upload(user, pauses=file)

    assert response.status_code == 422
    assert [(p["line"], p["column"], p["reason"]) for p in response.json["lines"]] == [
        (2, f"end_date ({BERLIN})", "Must be on or after 1970-01-01."),
        (2, f"start_date ({BERLIN})", "Must be on or after 1970-01-01."),
        (3, f"end_date ({BERLIN})", f"Must be on or before {horizon()} (two years ahead)."),
        (3, f"start_date ({BERLIN})", f"Must be on or before {horizon()} (two years ahead)."),
    ]
    assert rows.count(Pause) == 0


def test_a_pause_line_fails_the_whole_import(user: ApiClient, rows: Rows) -> None:
    good_sessions = exported(user, "sessions")  # header only
    file = pauses_file([day(-1), day(1), "bored", ""])

    response = upload(user, pauses=file, **good_sessions)

    assert response.status_code == 422
    assert rows.count(Pause) == 0


def test_a_pauses_file_in_the_checkins_field_is_named(user: ApiClient) -> None:
    response = upload(user, checkins=pauses_file([day(-3), day(-1), "travel", ""]))

    assert response.status_code == 422
    assert response.json["lines"][0]["reason"] == (
        "This looks like a pauses file; choose it as the pauses file."
    )


def test_another_persons_pauses_never_leave_or_enter(
    app: Flask, user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    pause(other_user, -10, -8, "illness", note="bob's flu")
    pause(user, -3, -1, "travel")

    file = user.get(EXPORTS["pauses"]).get_data().decode("utf-8-sig")

    assert "bob" not in file and day(-10) not in file
    assert day(-3) in file
    assert upload(user, pauses=file.encode()).json["files"]["pauses"]["skipped_existing"] == 1
    assert len(other_user.get(PAUSES).json) == 1
    assert rows.count(Pause) == 2


def test_openapi_documents_the_pauses_field(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    post = spec["paths"]["/api/v1/import"]["post"]

    assert post["requestBody"]["content"]["multipart/form-data"]["schema"] == {
        "$ref": "#/components/schemas/ImportFiles"
    }
    fields = spec["components"]["schemas"]["ImportFiles"]["properties"]
    assert set(fields) == {"sessions", "checkins", "pauses", "plans"}
    assert fields["pauses"]["format"] == "binary"
    assert "`pauses`" in post["description"]
    assert "overlaps another pause" in post["description"]


def test_a_file_of_twenty_thousand_pauses_is_checked_and_written(
    user: ApiClient, rows: Rows
) -> None:
    count = 19_999  # and one more line: the most one file may have
    # One-day pauses side by side: 20,000 days reach back to 1972, inside the bounds.
    lines = [[day(-i - 2), day(-i - 2), "other", ""] for i in range(count)]
    lines.append([day(-2), day(-2), "travel", ""])  # overlaps the first line's day

    refused = upload(user, pauses=pauses_file(*lines))

    assert refused.status_code == 422
    assert [(p["line"], p["reason"]) for p in refused.json["lines"]] == [
        (
            count + 2,
            f"Overlaps the pause from {day(-2)} to {day(-2)} on line 2; pauses cannot overlap.",
        )
    ]
    assert rows.count(Pause) == 0

    response = upload(user, pauses=pauses_file(*lines[:-1]))

    assert response.status_code == 200, response.json
    assert response.json["files"]["pauses"]["created"] == count
    assert rows.count(Pause) == count
