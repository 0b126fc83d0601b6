"""POST /api/v1/import: the export's files come back, all or nothing, never twice."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import BERLIN, CHECKINS, SESSIONS, checkin_body, session_body, today
from tests.conftest import ApiClient, register
from tests.dashboard.seeding import seed_days
from tracker.extensions import db
from tracker.imports import service
from tracker.models import CareSession, Checkin, User

IMPORT = "/api/v1/import"
SESSIONS_CSV = "/api/v1/export/sessions.csv"
CHECKINS_CSV = "/api/v1/export/checkins.csv"
DAILY_CSV = "/api/v1/export/daily.csv"
SUMMARY = "/api/v1/stats/summary"
BOM = "\ufeff"

SESSION_COLUMNS = ["started_at", "duration_s", "foot", "techniques", "pressure"]


BOUNDARY = "firststep-test-boundary-7f3c"


def upload(client: ApiClient | FlaskClient, **files: bytes) -> Any:
    """A multipart body built by hand: the test client spools a large one to a temporary
    file it never closes (a ResourceWarning, an error under filterwarnings=error)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{name}.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + body
        + b"\r\n"
        for name, body in files.items()
    ]
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    return client.post(IMPORT, data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def csv_file(header: list[str], rows: list[list[Any]], *, bom: bool = True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ((BOM if bom else "") + out.getvalue()).encode("utf-8")


def a_session_row(day_offset: int = 1, **overrides: Any) -> dict[str, Any]:
    started = f"{today() - timedelta(days=day_offset)}T20:00:00+01:00"
    return {
        "started_at": started,
        "duration_s": 600,
        "foot": "right",
        "techniques": "stretch;ball-roll",
        "pressure": 4,
        **overrides,
    }


def sessions_file(*rows: dict[str, Any]) -> bytes:
    header = list(rows[0])
    return csv_file(header, [[row[h] for h in header] for row in rows])


def exported(client: ApiClient) -> dict[str, bytes]:
    files = {}
    for key, path in (("sessions", SESSIONS_CSV), ("checkins", CHECKINS_CSV)):
        response = client.get(path)
        assert response.status_code == 200
        files[key] = response.get_data()
    return files


def data_rows(file: bytes) -> int:
    return len(list(csv.reader(io.StringIO(file.decode("utf-8-sig"), newline="")))) - 1


def ids_of(rows: Rows, model: type, email: str) -> list[Any]:
    user = rows.one(select(User).where(User.email == email))
    return rows.all(select(model).where(model.user_id == user.id))  # type: ignore[attr-defined]


# --- round trip ---------------------------------------------------------------


def test_round_trip_gives_the_same_dashboard_numbers(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 30)
    files = exported(user)
    fresh = register(app, timezone=BERLIN, feet="right")

    response = upload(fresh, **files)

    assert response.status_code == 200, response.json
    body = response.json
    assert body["lines"] == [] and body["more_lines"] == 0
    for key, file in files.items():
        rows = data_rows(file)
        assert rows > 10
        assert body["files"][key] == {"rows": rows, "created": rows, "skipped_existing": 0}
    mine, theirs = fresh.get(SUMMARY).json, user.get(SUMMARY).json
    # Plans are settings, not rows of these files: the fresh account's plan starts today,
    # and its older, imported days borrow it; no plan change, and every number the same.
    assert mine["plan_changes"] == theirs["plan_changes"] == []
    assert mine == theirs
    span = f"?from={today() - timedelta(days=29)}&to={today()}"
    assert fresh.get(DAILY_CSV + span).get_data() == user.get(DAILY_CSV + span).get_data()
    assert exported(fresh)["sessions"].count(b"\r\n") == files["sessions"].count(b"\r\n")


def test_importing_the_same_files_again_creates_nothing(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    seed_days(app, "alice@example.com", 10)
    files = exported(user)
    fresh = register(app, timezone=BERLIN)
    first = upload(fresh, **files).json["files"]

    again = upload(fresh, **files)

    assert again.status_code == 200
    for key, counts in again.json["files"].items():
        assert counts["created"] == 0
        assert counts["skipped_existing"] == counts["rows"] == first[key]["created"]
    assert again.json["message"].startswith("Imported 0 check-ins, 0 sessions;")
    assert rows.count(CareSession) == 2 * first["sessions"]["created"]


def test_importing_into_the_exporting_account_itself_is_a_no_op(
    user: ApiClient, rows: Rows
) -> None:
    user.post(CHECKINS, json=checkin_body(date=str(today() - timedelta(days=1))))
    user.post(SESSIONS, json=session_body(client_id=None))  # no client_id: matched by content
    user.post(SESSIONS, json=session_body())

    response = upload(user, **exported(user))

    assert response.status_code == 200, response.json
    assert response.json["files"]["sessions"] == {"rows": 2, "created": 0, "skipped_existing": 2}
    assert response.json["files"]["checkins"]["created"] == 0
    assert (rows.count(CareSession), rows.count(Checkin)) == (2, 1)


def test_another_timezone_keeps_the_local_dates_of_the_file(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 5)
    files = exported(user)
    tokyo = register(app, timezone="Asia/Tokyo")

    response = upload(tokyo, **files)

    assert response.status_code == 200, response.json
    mine = tokyo.get(SESSIONS + "?page_size=100").json
    theirs = user.get(SESSIONS + "?page_size=100").json
    assert sorted((s["started_at"], s["local_date"]) for s in mine) == sorted(
        (s["started_at"], s["local_date"]) for s in theirs
    )
    assert sorted(c["date"] for c in tokyo.get(CHECKINS).json) == sorted(
        c["date"] for c in user.get(CHECKINS).json
    )


def test_formula_guarded_text_comes_back_as_typed(app: Flask, user: ApiClient) -> None:
    day = str(today() - timedelta(days=1))
    user.post(CHECKINS, json=checkin_body(date=day, notes='=HYPERLINK("x")\nsecond line'))
    user.post(SESSIONS, json=session_body(tool="-lacrosse ball", notes="@home, +café"))
    user.post(SESSIONS, json=session_body(tool="'quoted", notes="\tindented"))
    fresh = register(app, timezone=BERLIN)

    assert upload(fresh, **exported(user)).status_code == 200

    assert fresh.get(CHECKINS).json[0]["notes"] == '=HYPERLINK("x")\nsecond line'
    texts = sorted((s["tool"], s["notes"]) for s in fresh.get(SESSIONS).json)
    assert texts == [("'quoted", "\tindented"), ("-lacrosse ball", "@home, +café")]


TYPED = ["'=1+1", " =1+1", "\n=1", '＝HYPERLINK("x")', "|calc", "-5 points", "it's fine"]
"""Notes as a person could type them: formula signs after whitespace, full-width signs,
a DDE pipe, a quote of their own, and ordinary text with a dash or an apostrophe."""
FORMULA_SIGNS = tuple("=+-@＝＋－＠|")


def test_typed_quotes_and_hidden_formula_signs_round_trip_byte_for_byte(
    app: Flask, user: ApiClient
) -> None:
    for offset, text in enumerate(TYPED, start=1):
        day = str(today() - timedelta(days=offset))
        assert user.post(CHECKINS, json=checkin_body(date=day, notes=text)).status_code == 201
        started = f"{day}T20:00:00+01:00"
        body = session_body(started_at=started, tool=text, notes=text)
        assert user.post(SESSIONS, json=body).status_code == 201
    files = exported(user)
    for key in ("checkins", "sessions"):
        reader = csv.DictReader(io.StringIO(files[key].decode("utf-8-sig"), newline=""))
        cells = [row[column] for row in reader for column in ("notes", "tool") if column in row]
        assert len(cells) == len(TYPED) * (2 if key == "sessions" else 1)
        for text in cells:  # no cell a spreadsheet would run, even after trimming spaces
            assert not text.startswith(("\t", "\r", "\n")), text
            assert not text.lstrip().startswith(FORMULA_SIGNS), text
    fresh = register(app, timezone=BERLIN)

    response = upload(fresh, **files)

    assert response.status_code == 200, response.json
    notes = {c["date"]: c["notes"] for c in fresh.get(CHECKINS).json}
    assert [notes[str(today() - timedelta(days=n))] for n in range(1, len(TYPED) + 1)] == TYPED
    sessions = {s["local_date"]: (s["tool"], s["notes"]) for s in fresh.get(SESSIONS).json}
    assert [sessions[str(today() - timedelta(days=n))] for n in range(1, len(TYPED) + 1)] == [
        (text, text) for text in TYPED
    ]


def test_a_hand_written_file_with_columns_in_any_order(user: ApiClient, rows: Rows) -> None:
    day = today() - timedelta(days=2)
    file = csv_file(
        ["Pressure", " foot ", "techniques", f"started_at ({BERLIN})", "duration_s", "notes"],
        [
            [3, "left", "thumb-walk", f"{day}T07:30:00", 300, "typed in a spreadsheet"],
            [5, "both", "heel-knead;stretch", f"{day}T21:00", 420, ""],
            ["", "", "", "", "", ""],
        ],
        bom=False,
    )

    first = upload(user, sessions=file)
    again = upload(user, sessions=file)

    assert first.status_code == 200, first.json
    assert first.json["files"]["sessions"] == {"rows": 2, "created": 2, "skipped_existing": 0}
    assert again.json["files"]["sessions"] == {"rows": 2, "created": 0, "skipped_existing": 2}
    stored = sorted(user.get(SESSIONS).json, key=lambda s: s["started_at"])
    berlin_morning = datetime.combine(day, time(7, 30), ZoneInfo(BERLIN))
    assert stored[0]["started_at"] == berlin_morning.astimezone(UTC).isoformat()
    assert stored[0]["local_date"] == str(day)
    assert stored[0]["client_id"] is not None
    assert stored[1]["techniques"] == ["heel-knead", "stretch"]


# --- all or nothing -----------------------------------------------------------


def test_one_bad_line_writes_nothing_and_is_named(user: ApiClient, rows: Rows) -> None:
    sessions = sessions_file(
        a_session_row(1), a_session_row(2, pressure=11), a_session_row(3, foot="elbow")
    )
    checkins = csv_file(["date", "pain_right"], [[str(today() - timedelta(days=1)), 4]])

    response = upload(user, sessions=sessions, checkins=checkins)

    assert response.status_code == 422
    body = response.json
    assert body["code"] == 422
    assert body["message"].startswith("Nothing was imported: 2 lines need fixing.")
    assert body["lines"] == [
        {
            "file": "sessions",
            "line": 3,
            "column": "pressure",
            "reason": "Must be a whole number from 1 (very light) to 10 (very hard).",
        },
        {
            "file": "sessions",
            "line": 4,
            "column": "foot",
            "reason": "Must be one of: left, right, both.",
        },
    ]
    assert body["errors"]["files"]["sessions"][0].startswith("Line 3, pressure: Must be")
    assert rows.count(CareSession) == rows.count(Checkin) == 0


def test_line_numbers_count_a_multiline_note_as_one_line(user: ApiClient) -> None:
    file = csv_file(
        ["date", "pain_right", "notes"],
        [
            [str(today() - timedelta(days=2)), 3, "first\nsecond\nthird"],
            [str(today() - timedelta(days=1)), "six", ""],
        ],
    )

    response = upload(user, checkins=file)

    assert response.json["lines"] == [
        {"file": "checkins", "line": 3, "column": "pain_right", "reason": "Not a valid integer."}
    ]


def test_every_bad_line_is_counted_and_a_hundred_are_listed(user: ApiClient) -> None:
    file = sessions_file(*[a_session_row(1, duration_s=0) for _ in range(150)])

    response = upload(user, sessions=file)

    assert response.status_code == 422
    assert len(response.json["lines"]) == 100
    assert response.json["more_lines"] == 50
    assert response.json["lines"][-1]["line"] == 101


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"techniques": "stretch;moon-walk"}, "techniques", "“moon-walk”: Not a technique"),
        ({"techniques": ""}, "techniques", "Choose at least one technique."),
        ({"duration_s": "10 min"}, "duration_s", "Not a valid integer."),
        ({"pressure": ""}, "pressure", "Missing data for required field."),
        (
            {"started_at": "yesterday"},
            "started_at",
            "Not a valid date and time: use YYYY-MM-DDTHH:MM",
        ),
        (
            {"local_date": "6/1/2026"},
            "local_date",
            "Not a valid date: use YYYY-MM-DD, e.g. 2026-06-01.",
        ),
        ({"started_at": "2999-01-01T08:00:00+00:00"}, "started_at", "Cannot be in the future."),
        ({"client_id": "not-a-uuid"}, "client_id", "Not a valid UUID."),
        ({"notes": "x" * 2001}, "notes", "Longer than maximum length 2000."),
        ({"notes": "a\x00b"}, None, "binary data"),
    ],
)
def test_session_rows_follow_the_api_rules(
    user: ApiClient, rows: Rows, row: dict[str, Any], column: str | None, reason: str
) -> None:
    response = upload(user, sessions=sessions_file(a_session_row(1, **{"notes": "", **row})))

    assert response.status_code == 422
    problem = response.json["lines"][0]
    assert problem["column"] == column
    assert reason in problem["reason"]
    assert rows.count(CareSession) == 0


def test_a_local_date_far_from_started_at_is_refused(user: ApiClient) -> None:
    row = a_session_row(1, local_date=str(today() - timedelta(days=5)))

    response = upload(user, sessions=sessions_file(row))

    assert response.json["lines"][0]["column"] == "local_date"


def test_checkin_rows_follow_the_api_rules(user: ApiClient, rows: Rows) -> None:
    yesterday = str(today() - timedelta(days=1))
    file = csv_file(
        ["date", "pain_left", "pain_right", "warning_signs", "global_change"],
        [
            [yesterday, "", "", "", ""],
            [str(today() + timedelta(days=2)), 3, "", "", ""],
            ["", 3, "", "", ""],
            [yesterday, 3, "", "numbness;glitter", "much-better"],
        ],
    )

    response = upload(user, checkins=file)

    found = [(p["line"], p["column"]) for p in response.json["lines"]]
    assert found == [
        (2, "pain_left"),
        (3, "date"),
        (4, "date"),
        (5, "global_change"),
        (5, "warning_signs"),
    ]
    assert "Cannot be in the future" in response.json["lines"][1]["reason"]
    assert rows.count(Checkin) == 0


@pytest.mark.parametrize("written", ["6/1/2026", "01.06.2026", "2026-6-1", "1 June 2026"])
def test_a_date_in_another_format_is_told_the_format(user: ApiClient, written: str) -> None:
    checkins = csv_file(["date", "pain_right"], [[written, 4]])
    pauses = csv_file(["start_date", "end_date", "reason"], [["2026-01-01", written, "travel"]])

    response = upload(user, checkins=checkins, pauses=pauses)

    hint = "Not a valid date: use YYYY-MM-DD, e.g. 2026-06-01."
    assert [(p["file"], p["line"], p["column"], p["reason"]) for p in response.json["lines"]] == [
        ("checkins", 2, "date", hint),
        ("pauses", 2, "end_date", hint),
    ]


def test_a_checkin_for_a_logged_morning_is_skipped_if_same_else_a_conflict(
    user: ApiClient, rows: Rows
) -> None:
    day = str(today() - timedelta(days=1))
    user.post(CHECKINS, json=checkin_body(date=day, pain_right=6, client_id=None))
    same = csv_file(["date", "pain_right"], [[day, 6]])
    other = csv_file(["date", "pain_right"], [[day, 2]])

    skipped = upload(user, checkins=same)
    conflict = upload(user, checkins=other)

    assert skipped.json["files"]["checkins"] == {"rows": 1, "created": 0, "skipped_existing": 1}
    assert conflict.status_code == 422
    assert conflict.json["lines"][0]["line"] == 2
    assert f"already have a check-in for {day}" in conflict.json["lines"][0]["reason"]
    assert [c["pain_right"] for c in user.get(CHECKINS).json] == [6]


def test_two_different_checkins_for_one_date_in_a_file_conflict(user: ApiClient) -> None:
    day = str(today() - timedelta(days=1))
    file = csv_file(["date", "pain_right"], [[day, 6], [day, 6], [day, 3]])

    response = upload(user, checkins=file)

    assert response.json["lines"] == [
        {
            "file": "checkins",
            "line": 4,
            "column": "date",
            "reason": "Has the same date as line 2 but other values.",
        }
    ]


# --- the file itself ----------------------------------------------------------


def test_latin1_bytes_are_refused_with_save_as_utf8(user: ApiClient, rows: Rows) -> None:
    text = (
        "date,pain_right,notes\r\n"
        f'{today() - timedelta(days=2)},5,"a note\r\nof three\r\nlines"\r\n'
        f"{today() - timedelta(days=1)},4,café au lait\r\n"
    )

    response = upload(user, checkins=text.encode("latin-1"))

    assert response.status_code == 422
    problem = response.json["lines"][0]
    assert problem["line"] == 3  # the row a spreadsheet shows; physical line 5
    assert "not UTF-8" in problem["reason"] and "Save it as UTF-8" in problem["reason"]
    assert response.json["message"] == "Nothing was imported. " + problem["reason"]
    assert rows.count(Checkin) == 0


def test_a_png_is_not_a_csv(user: ApiClient) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(64)

    response = upload(user, sessions=png)

    assert response.status_code == 422
    assert "not a CSV file" in response.json["message"]


def test_utf16_is_refused_by_name(user: ApiClient) -> None:
    response = upload(user, checkins="date,pain_right\r\n".encode("utf-16"))

    assert "UTF-16" in response.json["message"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "The file is empty"),
        (b"\xef\xbb\xbf", "The file is empty"),
        (b"date;pain_right\r\n2026-01-01;4\r\n", "separated by semicolons"),
        (b"date,pain_right\r\n2026-01-01,4,extra\r\n", "Has 3 cells; the header has 2."),
        (b'date,pain_right\r\n"2026-01-01"x,4\r\n', "Line 2 cannot be read as CSV"),
    ],
)
def test_unreadable_files_get_a_reason(user: ApiClient, body: bytes, reason: str) -> None:
    response = upload(user, checkins=body)

    assert response.status_code == 422
    assert reason in response.json["lines"][0]["reason"]


def test_header_problems_are_all_listed_on_line_one(user: ApiClient) -> None:
    file = csv_file(
        ["date (Mars/Olympus)", "pain_right", "mood", "pain_right", "stiffness (UTC)", "(x)"], []
    )

    response = upload(user, checkins=file)

    found = [(p["line"], p["column"], p["reason"].split(".")[0]) for p in response.json["lines"]]
    assert found == [
        (
            1,
            "date (Mars/Olympus)",
            "Unknown timezone “Mars/Olympus”: use an IANA name such as Europe/Berlin",
        ),
        (1, "mood", "Unknown column"),
        (1, "pain_right", "This column appears twice"),
        (1, "stiffness (UTC)", "This column takes no timezone"),
        (1, "(x)", "Not a column name: a name, then optionally a timezone in brackets"),
        (1, "date", "This column is missing; it is required"),
    ]


def test_missing_required_columns_are_named(user: ApiClient) -> None:
    response = upload(user, sessions=csv_file(["started_at", "foot", "notes"], []))

    missing = {p["column"] for p in response.json["lines"]}
    assert missing == {"duration_s", "techniques", "pressure"}


def test_a_checkins_file_in_the_sessions_field_is_named(user: ApiClient) -> None:
    response = upload(user, sessions=csv_file(["date", "pain_right"], []))

    assert response.json["message"] == (
        "Nothing was imported. This looks like a check-ins file; choose it as the check-ins file."
    )


def test_a_million_columns_is_a_clear_422(user: ApiClient, rows: Rows) -> None:
    response = upload(user, checkins=b"," * 1_000_000 + b"\r\n")

    assert response.status_code == 422
    assert "1,000,001 columns" in response.json["message"]


def test_a_giant_cell_is_a_clear_422(user: ApiClient, rows: Rows) -> None:
    body = f"date,pain_right,notes\r\n{today()},4,{'x' * 1_500_000}\r\n".encode()

    response = upload(user, checkins=body)

    assert response.status_code == 422
    assert response.json["lines"][0]["line"] == 2
    assert "field larger than field limit" in response.json["lines"][0]["reason"]
    assert rows.count(Checkin) == 0


def test_more_than_the_row_limit_is_refused(user: ApiClient) -> None:
    day = str(today() - timedelta(days=1))
    body = ("date,pain_right\r\n" + f"{day},4\r\n" * 20_001).encode()

    response = upload(user, checkins=body)

    assert response.status_code == 422
    assert "more than 20,000 rows" in response.json["message"]


def test_an_upload_over_two_megabytes_is_413_with_the_limit(user: ApiClient, rows: Rows) -> None:
    response = upload(user, checkins=b"date,pain_right\r\n" + b"x" * (2 * 1024 * 1024))

    assert response.status_code == 413
    assert response.json["code"] == 413
    assert "larger than 2 MB" in response.json["message"]
    assert "20,000 rows" in response.json["message"]


# --- the request --------------------------------------------------------------


def test_no_file_is_422(user: ApiClient) -> None:
    empty_input = {"sessions": (io.BytesIO(b""), "")}  # a file input left empty

    response = user.post(IMPORT, data=empty_input, content_type="multipart/form-data")

    assert response.status_code == 422
    assert response.json["errors"]["files"]["_schema"] == [
        "Choose a sessions, check-ins, pauses or plans file, or several."
    ]


def test_an_unknown_file_field_is_422(user: ApiClient) -> None:
    response = upload(user, daily=b"date\r\n")

    assert response.status_code == 422
    assert "daily" in response.json["errors"]["files"]


def test_a_json_body_is_415(bearer: ApiClient) -> None:
    response = bearer.post(IMPORT, json={"sessions": "started_at,foot"})

    assert response.status_code == 415
    assert "multipart/form-data" in response.json["message"]


def test_sign_in_is_needed(client: FlaskClient) -> None:
    response = upload(client, checkins=b"date,pain_right\r\n")

    assert response.status_code == 401
    assert "Sign in" in response.json["message"]


def test_a_cookie_without_csrf_token_is_400_and_writes_nothing(user: ApiClient, rows: Rows) -> None:
    file = csv_file(["date", "pain_right"], [[str(today() - timedelta(days=1)), 4]])

    response = upload(user.client, checkins=file)  # the raw client sends no X-CSRF-Token

    assert response.status_code == 400
    assert response.json["message"] == "The CSRF token is missing."
    assert rows.count(Checkin) == 0


def test_a_bearer_token_can_import(bearer: ApiClient, rows: Rows) -> None:
    file = csv_file(["date", "pain_right"], [[str(today() - timedelta(days=1)), 4]])

    response = upload(bearer, checkins=file)

    assert response.status_code == 200
    assert response.json["message"] == "Imported 1 check-in."
    assert rows.count(Checkin) == 1


def test_another_persons_ids_in_the_file_never_touch_them(
    user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    theirs = other_user.post(SESSIONS, json=session_body(notes="bob's")).json
    their_checkin = other_user.post(CHECKINS, json=checkin_body(pain_right=2)).json
    day = str(today() - timedelta(days=1))
    sessions = sessions_file(
        {**a_session_row(1), "id": theirs["id"], "client_id": theirs["client_id"], "notes": "mine"}
    )
    checkins = csv_file(
        ["id", "client_id", "date", "pain_right"],
        [[their_checkin["id"], their_checkin["client_id"], day, 7]],
    )

    response = upload(user, sessions=sessions, checkins=checkins)

    assert response.status_code == 200, response.json
    assert [s["notes"] for s in other_user.get(SESSIONS).json] == ["bob's"]
    assert [c["pain_right"] for c in other_user.get(CHECKINS).json] == [2]
    mine = user.get(SESSIONS).json
    assert [(s["notes"], s["client_id"]) for s in mine] == [("mine", theirs["client_id"])]
    assert mine[0]["id"] != theirs["id"]
    assert [c["pain_right"] for c in user.get(CHECKINS).json] == [7]
    assert rows.count(CareSession) == 2


def test_openapi_documents_the_import(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    post = spec["paths"]["/api/v1/import"]["post"]

    assert "multipart/form-data" in post["requestBody"]["content"]
    assert {"200", "409", "413", "415", "422"} <= set(post["responses"])
    assert "All or nothing" in post["description"]


def test_a_client_id_repeated_with_other_values_is_a_conflict(user: ApiClient) -> None:
    client_id = str(uuid.uuid4())
    file = sessions_file(
        a_session_row(1, client_id=client_id), a_session_row(2, client_id=client_id)
    )

    response = upload(user, sessions=file)

    assert response.json["lines"][0]["line"] == 3
    assert response.json["lines"][0]["column"] == "client_id"


def test_a_morning_logged_during_the_import_is_409_and_nothing_is_written(
    user: ApiClient, rows: Rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = today() - timedelta(days=1)
    sort_checkins = service._sort_checkins

    def phone_logs_meanwhile(person: User, found: list[Any]) -> Any:
        sorted_rows = sort_checkins(person, found)
        db.session.add(Checkin(user_id=person.id, date=day, pain_right=1))
        db.session.commit()
        return sorted_rows

    monkeypatch.setattr(service, "_sort_checkins", phone_logs_meanwhile)
    checkins = csv_file(["date", "pain_right"], [[str(day), 5]])

    response = upload(user, checkins=checkins, sessions=sessions_file(a_session_row(1)))

    assert response.status_code == 409
    assert "nothing was imported" in response.json["message"]
    assert [c["pain_right"] for c in user.get(CHECKINS).json] == [1]
    assert rows.count(CareSession) == 0


def test_sign_in_and_csrf_are_checked_before_the_body_type(
    client: FlaskClient, user: ApiClient
) -> None:
    """So the import answers like every private endpoint (tests/api/test_errors.py)."""
    stranger = client.post(IMPORT, json={})
    revoked = client.post(IMPORT, json={}, headers={"Authorization": "Bearer fs_revoked"})
    forged = user.client.post(IMPORT, json={})

    assert (stranger.status_code, revoked.status_code, forged.status_code) == (401, 401, 400)
    assert revoked.json["message"] == "The bearer token is unknown or was revoked."
    assert forged.json["message"] == "The CSRF token is missing."
