"""The session, check-in and pause lists: one SQL statement a page, and the same answer as
the ORM objects dumped by their schemas, byte for byte, whatever the history holds."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask, jsonify
from marshmallow import Schema
from sqlalchemy import Select, func, select

from tests.api.helpers import CHECKINS, SESSIONS, checkin_body, days_ago, session_body
from tests.conftest import ApiClient, count_queries, register
from tracker.care_sessions.schemas import CareSessionSchema
from tracker.care_sessions.service import sessions_query
from tracker.catalog import GLOBAL_CHANGE, PAUSE_REASONS, TECHNIQUE_SLUGS, WARNING_SIGN_SLUGS
from tracker.checkins.schemas import CheckinSchema
from tracker.checkins.service import checkins_query
from tracker.extensions import db
from tracker.models import CareSession, Checkin, Pause, Technique, User
from tracker.pauses.schemas import PauseSchema
from tracker.pauses.service import pauses_query
from tracker.timeutil import local_date_of

PAUSES = "/api/v1/pauses"
LISTED = re.compile(r"\b(care_sessions|session_techniques|techniques|checkins|pauses)\b")
NOTES = (
    "",
    "Évening — after the walk ☺ 🦶🏽 «heel» 足底筋膜炎",
    'quotes " and \\ backslash, </script> & <b>tags</b>',
    "right-to-left: שלום, مرحبا; combining: e\u0301; line\nbreak\ttab",
)
MOMENTS = (
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # Berlin: the last second before summer time
    datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),  # ... and the first second of it
    datetime(2026, 10, 25, 0, 30, 0, 123456, tzinfo=UTC),  # Berlin: 02:30, the first time
    datetime(2026, 10, 25, 1, 30, 0, 654321, tzinfo=UTC),  # ... and 02:30 again
    datetime(2026, 3, 8, 7, 0, 0, tzinfo=UTC),  # New York: the hour that does not exist
    datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
    datetime(2000, 1, 1, 0, 0, tzinfo=UTC),
)
ZONES = ("Europe/Berlin", "America/New_York", "Pacific/Chatham", "Asia/Kolkata", "UTC")
QUERIES: dict[str, tuple[Callable[..., Select[Any]], type[Schema]]] = {
    SESSIONS: (sessions_query, CareSessionSchema),
    CHECKINS: (checkins_query, CheckinSchema),
    PAUSES: (pauses_query, PauseSchema),
}


def _user_id(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalars(select(User.id).where(User.email == email)).one()


def _varied_history(app: Flask, user_id: int) -> None:
    """Sessions with no technique, one, or all of them; each foot; text that JSON must
    escape; moments either side of summer-time changes, dated in several zones; check-ins
    with one foot or both and any warning signs; a pause of each reason."""
    with app.app_context():
        catalog = list(db.session.scalars(select(Technique).order_by(Technique.id.desc())))
        feet = ("left", "right", "both")
        for n, moment in enumerate(MOMENTS * 3):
            zone = ZONES[n % len(ZONES)]
            session = CareSession(
                user_id=user_id,
                client_id=None if n % 4 == 0 else uuid.uuid4(),
                started_at=moment + timedelta(days=n // len(MOMENTS)),
                local_date=local_date_of(moment + timedelta(days=n // len(MOMENTS)), zone),
                duration_s=1 + n * 577 % 14400,
                foot=feet[n % 3],
                pressure=1 + n % 10,
                discomfort=None if n % 3 == 0 else n % 11,
                tool=None if n % 2 else f"tool №{n} ⚽",
                notes=NOTES[n % len(NOTES)],
            )
            # none, ten or all of them (in the catalog's reverse order), or just one
            session.techniques = catalog[n % 19 : n % 19 + 1] if n % 2 else catalog[: n % 6 * 5]
            db.session.add(session)
        for n in range(14):
            signs = sorted(WARNING_SIGN_SLUGS)[: n % (len(WARNING_SIGN_SLUGS) + 1)]
            db.session.add(
                Checkin(
                    user_id=user_id,
                    client_id=None if n % 5 == 0 else uuid.uuid4(),
                    date=date(2026, 3, 20) + timedelta(days=n),
                    pain_left=None if n % 3 == 1 else n % 11,
                    pain_right=None if n % 3 == 2 else (n * 7) % 11,
                    stiffness=None if n % 2 else n % 11,
                    warning_signs=signs,
                    global_change=None if n % 4 else list(GLOBAL_CHANGE)[n % len(GLOBAL_CHANGE)],
                    notes=NOTES[n % len(NOTES)],
                )
            )
        for n, reason in enumerate(PAUSE_REASONS):
            start = date(2025, 1, 1) + timedelta(days=40 * n)
            db.session.add(
                Pause(
                    user_id=user_id,
                    start_date=start,
                    end_date=start + timedelta(days=n * 3),
                    reason=reason,
                    note=NOTES[n % len(NOTES)][:200],
                )
            )
        db.session.commit()


def _as_before(
    app: Flask, user_id: int, path: str, page: int, page_size: int, **dates: date | None
) -> tuple[bytes, int]:
    """The list as it was answered before: ORM objects, a separate COUNT, the schema's dump."""
    query, schema = QUERIES[path]
    with app.test_request_context():
        user = db.session.get(User, user_id)
        stmt = query(user, dates.get("start"), dates.get("end"))
        total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
        items = db.session.scalars(stmt.limit(page_size).offset((page - 1) * page_size)).all()
        body = jsonify(schema(many=True).dump(items)).get_data()
        db.session.remove()
    return body, total


@pytest.mark.parametrize("path", list(QUERIES))
def test_each_page_is_the_orm_answer_byte_for_byte(app: Flask, user: ApiClient, path: str) -> None:
    user_id = _user_id(app, "alice@example.com")
    _varied_history(app, user_id)

    for page_size in (1, 7, 100):
        for page in range(1, 30 // page_size + 3):
            response = user.get(path, query_string={"page": page, "page_size": page_size})
            body, total = _as_before(app, user_id, path, page, page_size)

            assert response.status_code == 200
            assert response.get_data() == body, (page, page_size)
            assert json.loads(response.headers["X-Pagination"])["total"] == total


@pytest.mark.parametrize(
    ("path", "start", "end"),
    [
        (SESSIONS, date(2026, 3, 29), date(2026, 3, 30)),
        (SESSIONS, date(2026, 10, 25), None),
        (SESSIONS, None, date(2000, 1, 1)),
        (CHECKINS, date(2026, 3, 25), date(2026, 3, 28)),
        (PAUSES, date(2025, 2, 10), date(2025, 5, 1)),
        (PAUSES, None, date(2025, 1, 1)),
    ],
)
def test_a_date_range_is_the_orm_answer_byte_for_byte(
    app: Flask, user: ApiClient, path: str, start: date | None, end: date | None
) -> None:
    user_id = _user_id(app, "alice@example.com")
    _varied_history(app, user_id)
    dates = {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None}

    response = user.get(path, query_string={k: v for k, v in dates.items() if v})
    body, total = _as_before(app, user_id, path, 1, 10, start=start, end=end)

    assert response.status_code == 200
    assert response.get_data() == body
    assert 0 < json.loads(response.headers["X-Pagination"])["total"] == total


def _listed(statements: list[str]) -> list[str]:
    return [s for s in statements if LISTED.search(s)]


@pytest.mark.parametrize("path", list(QUERIES))
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"page": 2, "page_size": 3},
        {"page_size": 100},
        {"from": "2025-01-01", "to": "2026-12-31"},
        {"from": "2025-01-01", "page": 3, "page_size": 2},
    ],
)
def test_a_page_and_its_total_are_one_statement(
    app: Flask, bearer: ApiClient, path: str, query: dict[str, Any]
) -> None:
    _varied_history(app, _user_id(app, "alice@example.com"))

    with count_queries(app) as statements:
        response = bearer.get(path, query_string=query)

    assert response.status_code == 200 and response.json
    assert len(_listed(statements)) == 1, statements
    assert "(SELECT count(*) AS count_1" in _listed(statements)[0]
    assert " OVER " not in _listed(statements)[0]  # a window sorts every row for a page
    others = [s for s in statements if not LISTED.search(s)]
    assert all(re.search(r"\b(api_tokens|users)\b", s) for s in others), others  # sign-in


def test_an_empty_list_is_one_statement_too(app: Flask, bearer: ApiClient) -> None:
    with count_queries(app) as statements:
        response = bearer.get(SESSIONS)

    assert (response.status_code, response.json) == (200, [])
    assert json.loads(response.headers["X-Pagination"]) == {"total": 0, "total_pages": 0}
    assert len(_listed(statements)) == 1, statements


def test_only_a_page_past_the_end_counts_on_its_own(app: Flask, bearer: ApiClient) -> None:
    for n in range(3):
        bearer.post(CHECKINS, json=checkin_body(date=days_ago(n).isoformat()))

    with count_queries(app) as statements:
        response = bearer.get(CHECKINS, query_string={"page": 3, "page_size": 2})

    assert (response.status_code, response.json) == (200, [])
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 3,
        "total_pages": 2,
        "first_page": 1,
        "last_page": 2,
    }
    assert len(_listed(statements)) == 2, statements


def test_a_page_beyond_any_offset_is_counted_without_asking_for_it(
    app: Flask, bearer: ApiClient
) -> None:
    bearer.post(SESSIONS, json=session_body())

    with count_queries(app) as statements:
        response = bearer.get(SESSIONS, query_string={"page": 2**40, "page_size": 100})

    assert (response.status_code, response.json) == (200, [])
    assert json.loads(response.headers["X-Pagination"])["total"] == 1
    assert [s for s in _listed(statements) if "OFFSET" in s.upper()] == []


def test_the_largest_page_holds_100_and_the_next_the_rest(app: Flask, user: ApiClient) -> None:
    user_id = _user_id(app, "alice@example.com")
    with app.app_context():
        db.session.add_all(
            Checkin(user_id=user_id, date=date(2026, 1, 1) + timedelta(days=n), pain_left=n % 11)
            for n in range(101)
        )
        db.session.commit()

    first = user.get(CHECKINS, query_string={"page_size": 100})
    second = user.get(CHECKINS, query_string={"page_size": 100, "page": 2})
    too_large = user.get(CHECKINS, query_string={"page_size": 101})

    assert [len(first.json), len(second.json)] == [100, 1]
    assert first.json[0]["date"] == "2026-04-11" and second.json[0]["date"] == "2026-01-01"
    assert json.loads(second.headers["X-Pagination"]) == {
        "total": 101,
        "total_pages": 2,
        "first_page": 1,
        "last_page": 2,
        "page": 2,
        "previous_page": 1,
    }
    assert too_large.status_code == 422
    assert "page_size" in too_large.json["errors"]["query"]


@pytest.mark.parametrize("path", list(QUERIES))
def test_another_persons_rows_never_appear_nor_count(
    app: Flask, user: ApiClient, path: str
) -> None:
    _varied_history(app, _user_id(app, "alice@example.com"))
    bob = register(app, "bob@example.com")
    bob.post(SESSIONS, json=session_body())
    bob.post(CHECKINS, json=checkin_body())
    paused = (date.today() + timedelta(days=30)).isoformat()
    bob.post(PAUSES, json={"start_date": paused, "end_date": paused, "reason": "travel"})

    theirs = bob.get(path, query_string={"page_size": 100})
    mine = user.get(path, query_string={"page_size": 100})
    mine_filtered = user.get(path, query_string={"from": "1970-01-01", "to": "2099-12-31"})

    assert len(theirs.json) == 1
    assert json.loads(theirs.headers["X-Pagination"])["total"] == 1
    assert theirs.json[0]["id"] not in {row["id"] for row in mine.json}
    assert json.loads(mine.headers["X-Pagination"])["total"] == len(mine.json) > 1
    assert json.loads(mine_filtered.headers["X-Pagination"])["total"] == len(mine.json)


def test_the_database_orders_technique_slugs_as_python_does(app: Flask) -> None:
    """The list sorts a session's aggregated slugs in Python, as the ORM relationship had
    the database order them: the two agree on the catalog's slugs, on this database."""
    with app.app_context():
        ordered = list(db.session.scalars(select(Technique.slug).order_by(Technique.slug)))

    assert ordered == sorted(TECHNIQUE_SLUGS)
