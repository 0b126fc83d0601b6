"""The CSV downloads, parsed back the way a spreadsheet would read them."""

from __future__ import annotations

import csv
import io
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from tests.api.helpers import BERLIN, CHECKINS, SESSIONS, checkin_body, session_body, today
from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tests.report.test_first_day_ranges import backdate_account
from tracker.dashboard.service import dashboard_data
from tracker.extensions import db
from tracker.models import CareSession, Technique, User, session_techniques

DAILY = "/api/v1/export/daily.csv"
SESSIONS_CSV = "/api/v1/export/sessions.csv"
CHECKINS_CSV = "/api/v1/export/checkins.csv"
BOM = b"\xef\xbb\xbf"

DAILY_HEADER = [
    f"date ({BERLIN})",
    "pain_left",
    "pain_right",
    "stiffness",
    "sessions",
    "total_minutes",
    "techniques",
    "mean_intensity",
    "adherence",
    "consistency_7d",
    "planned_sessions",
    "paused",
    "experiment_block",
    "experiment_condition",
    "routine_strength",
    "global_change",
    "warning_signs",
    "notes",
]


def parse(response: Any, *, multiline_notes: bool = False) -> list[dict[str, str]]:
    """Bytes -> rows, checking the file-level promises on the way."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    data = response.get_data()
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    if not multiline_notes:  # every line ends CRLF; only a quoted note may hold a bare LF
        assert text.count("\n") == text.count("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def filename(response: Any) -> str:
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    return disposition.split("filename=")[1].strip('"')


def _rounded(value: Any) -> Any:
    """The CSV's three decimals, as the dashboard shows them."""
    return round(value, 3) if isinstance(value, float) else value


def started(day: date, hour: int = 20) -> str:
    return datetime.combine(day, time(hour), ZoneInfo(BERLIN)).isoformat()


def test_daily_default_is_eight_weeks_ending_today(app: Flask, user: ApiClient) -> None:
    backdate_account(app, 100)  # a newer account's default starts on its first day

    response = user.get(DAILY)

    rows = parse(response)
    end = today()
    start = end - timedelta(days=55)
    assert list(rows[0]) == DAILY_HEADER
    assert [r[DAILY_HEADER[0]] for r in rows] == [
        (start + timedelta(days=i)).isoformat() for i in range(56)
    ]
    assert filename(response) == f"firststep-daily-{start}_{end}.csv"
    assert all(r["sessions"] == "0" and r["pain_right"] == "" for r in rows)


def test_daily_rows_agree_with_the_dashboard(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 40)
    start, end = today() - timedelta(days=20), today()

    response = user.get(f"{DAILY}?from={start}&to={end}")

    rows = parse(response)
    assert filename(response) == f"firststep-daily-{start}_{end}.csv"
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "alice@example.com"))
        days = dashboard_data(person, start, end).days
    assert len(rows) == len(days) == 21
    for row, day in zip(rows, days, strict=True):
        expected = {f.name: _rounded(getattr(day, f.name)) for f in fields(day)}
        assert row[DAILY_HEADER[0]] == day.day.isoformat()
        for column, key in [
            ("pain_left", "pain_left"),
            ("pain_right", "pain_right"),
            ("stiffness", "stiffness"),
            ("sessions", "sessions"),
            ("total_minutes", "minutes"),
            ("mean_intensity", "mean_pressure"),
            ("adherence", "adherence"),
            ("consistency_7d", "consistency_7d"),
            ("planned_sessions", "planned_sessions"),
            ("routine_strength", "routine_strength"),
        ]:
            value = expected[key]
            assert row[column] == ("" if value is None else str(value)), (column, row)
        assert row["techniques"] == ";".join(sorted(day.techniques))
        assert row["warning_signs"] == ";".join(sorted(day.warning_signs))
    assert any(float(r["consistency_7d"] or 0) > 0 for r in rows)


def test_daily_lists_and_notes_with_injection_neutralised(user: ApiClient) -> None:
    day = today() - timedelta(days=1)
    user.post(
        CHECKINS,
        json=checkin_body(
            date=day.isoformat(),
            pain_right=7,
            stiffness=3,
            warning_signs=["swelling", "severe-pain"],
            notes='=HYPERLINK("http://x"), then "ouch"\nsecond line',
        ),
    )
    for techniques in (["stretch", "ball-roll"], ["heel-knead"]):
        user.post(SESSIONS, json=session_body(started_at=started(day), techniques=techniques))

    rows = parse(user.get(f"{DAILY}?from={day}&to={day}"), multiline_notes=True)

    assert len(rows) == 1
    row = rows[0]
    assert row["techniques"] == "ball-roll;heel-knead;stretch"
    assert row["warning_signs"] == "severe-pain;swelling"
    assert row["notes"] == '\'=HYPERLINK("http://x"), then "ouch"\nsecond line'
    assert (row["pain_right"], row["stiffness"], row["sessions"]) == ("7", "3", "2")
    assert (row["total_minutes"], row["mean_intensity"], row["adherence"]) == ("20.0", "4.0", "1.0")


def test_daily_from_after_to_is_422(user: ApiClient) -> None:
    response = user.get(f"{DAILY}?from=2026-11-30&to=2026-09-01")

    assert response.status_code == 422


def test_sessions_export_every_field(user: ApiClient) -> None:
    day = today() - timedelta(days=2)
    created = user.post(
        SESSIONS,
        json=session_body(
            started_at=started(day, 21),
            techniques=["stretch", "ball-roll"],
            pressure=5,
            discomfort=2,
            tool="-lacrosse ball",
            notes="@home, café",
        ),
    ).json

    response = user.get(SESSIONS_CSV)

    rows = parse(response)
    assert filename(response) == "firststep-sessions-start_end.csv"
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == [
        "id",
        "client_id",
        f"local_date ({BERLIN})",
        f"started_at ({BERLIN})",
        "duration_s",
        "foot",
        "techniques",
        "pressure",
        "discomfort",
        "tool",
        "notes",
        f"created_at ({BERLIN})",
        f"updated_at ({BERLIN})",
    ]
    assert row["id"] == str(created["id"])
    assert row["client_id"] == created["client_id"]
    assert row[f"local_date ({BERLIN})"] == day.isoformat()
    moment = datetime.fromisoformat(row[f"started_at ({BERLIN})"])
    assert moment == datetime.fromisoformat(created["started_at"])
    assert moment.utcoffset() == ZoneInfo(BERLIN).utcoffset(moment.replace(tzinfo=None))
    assert (row["duration_s"], row["foot"], row["pressure"], row["discomfort"]) == (
        "600",
        "right",
        "5",
        "2",
    )
    assert row["techniques"] == "ball-roll;stretch"
    assert row["tool"] == "'-lacrosse ball"
    assert row["notes"] == "'@home, café"
    assert datetime.fromisoformat(row[f"created_at ({BERLIN})"]).tzinfo is not None


def test_checkins_export_every_field_and_range(user: ApiClient) -> None:
    old, recent = today() - timedelta(days=10), today() - timedelta(days=1)
    user.post(CHECKINS, json=checkin_body(date=old.isoformat(), pain_left=2, pain_right=None))
    made = user.post(
        CHECKINS,
        json=checkin_body(
            date=recent.isoformat(),
            pain_right=4,
            stiffness=1,
            warning_signs=["swelling"],
            global_change="much-improved",
            notes="+better",
        ),
    ).json

    every = parse(user.get(CHECKINS_CSV))
    response = user.get(f"{CHECKINS_CSV}?from={recent}&to={recent}")
    ranged = parse(response)

    assert [r[f"date ({BERLIN})"] for r in every] == [old.isoformat(), recent.isoformat()]
    assert filename(response) == f"firststep-checkins-{recent}_{recent}.csv"
    assert len(ranged) == 1
    row = ranged[0]
    assert list(row)[:9] == [
        "id",
        "client_id",
        f"date ({BERLIN})",
        "pain_left",
        "pain_right",
        "stiffness",
        "warning_signs",
        "global_change",
        "notes",
    ]
    assert row["id"] == str(made["id"])
    assert (row["pain_left"], row["pain_right"], row["stiffness"]) == ("", "4", "1")
    assert (row["warning_signs"], row["notes"]) == ("swelling", "'+better")
    assert row["global_change"] == "much-improved"
    assert datetime.fromisoformat(row[f"updated_at ({BERLIN})"]) == datetime.fromisoformat(
        made["updated_at"]
    )


def test_another_persons_rows_never_appear(user: ApiClient, other_user: ApiClient) -> None:
    day = today() - timedelta(days=1)
    user.post(CHECKINS, json=checkin_body(date=day.isoformat(), notes="alice"))
    user.post(SESSIONS, json=session_body(notes="alice"))

    for path in (DAILY, SESSIONS_CSV, CHECKINS_CSV):
        text = other_user.get(path).get_data(as_text=True)
        assert "alice" not in text
    assert parse(other_user.get(SESSIONS_CSV)) == []
    assert parse(other_user.get(CHECKINS_CSV)) == []


def test_bearer_token_can_export(bearer: ApiClient) -> None:
    assert bearer.get(DAILY).status_code == 200


def test_exports_need_sign_in(client: FlaskClient) -> None:
    for path in (DAILY, SESSIONS_CSV, CHECKINS_CSV):
        response = client.get(path)
        assert response.status_code == 401
        assert response.is_json


def insert_sessions(app: Flask, count: int, note: str) -> None:
    """``count`` sessions for alice (the ``user`` fixture), four a day up to today, in two
    bulk inserts: a large export's rows without 2,000 requests. Session ``i`` has the note
    ``note.format(i)``, the duration 300 + i and the catalog's techniques in turn."""
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "alice@example.com"))
        technique_ids = list(db.session.scalars(select(Technique.id).order_by(Technique.slug)))
        now = datetime.now(UTC)
        first = today() - timedelta(days=count // 4)
        db.session.execute(
            insert(CareSession),
            [
                {
                    "user_id": person.id,
                    "started_at": now - timedelta(hours=count - i),
                    "local_date": first + timedelta(days=i // 4),
                    "duration_s": 300 + i,
                    "foot": "both",
                    "pressure": 1 + i % 10,
                    "notes": note.format(i),
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(count)
            ],
        )
        mine = select(CareSession.id).where(CareSession.user_id == person.id)
        ids = list(db.session.scalars(mine.order_by(CareSession.id)))
        db.session.execute(
            insert(session_techniques),
            [
                {"session_id": sid, "technique_id": technique_ids[n % len(technique_ids)]}
                for n, sid in enumerate(ids)
            ],
        )
        db.session.commit()


def test_a_large_export_streams_every_row(app: Flask, user: ApiClient) -> None:
    count = 2_000
    insert_sessions(app, count, "-{}")

    response = user.get(SESSIONS_CSV)

    assert response.is_streamed
    rows = parse(response)
    assert len(rows) == count
    assert all(r["techniques"] for r in rows)
    assert {r["notes"] for r in rows} == {f"'-{i}" for i in range(count)}
    assert rows[0]["duration_s"] == "300"


def test_openapi_documents_the_exports(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").json["paths"]

    for path in (DAILY, SESSIONS_CSV, CHECKINS_CSV):
        operation = paths[path]["get"]
        assert "text/csv" in operation["responses"]["200"]["content"]
        assert {p["name"] for p in operation["parameters"]} >= {"from", "to"}


def test_settings_offer_the_export_with_an_eight_week_range(app: Flask, user: ApiClient) -> None:
    backdate_account(app, 100)
    html = user.get("/settings").get_data(as_text=True)

    start = today() - timedelta(days=55)
    assert "Export for your physiotherapist" in html
    assert f'value="{start.isoformat()}"' in html
    assert f'value="{today().isoformat()}"' in html
    for path in (DAILY, SESSIONS_CSV, CHECKINS_CSV):
        assert f'formaction="{path}"' in html


def test_daily_stops_at_today_and_refuses_absurd_ranges(user: ApiClient) -> None:
    start = today() - timedelta(days=2)
    future = today() + timedelta(days=30)

    response = user.get(f"{DAILY}?from={start}&to={future}")
    too_early = user.get(f"{DAILY}?from=0001-01-01&to=0001-01-02")
    early_end = user.get(f"{DAILY}?to=0001-01-05")
    too_long = user.get(f"{DAILY}?from=1971-01-01")

    assert len(parse(response)) == 3
    assert filename(response) == f"firststep-daily-{start}_{today()}.csv"
    assert [r.status_code for r in (too_early, early_end, too_long)] == [422, 422, 422]
