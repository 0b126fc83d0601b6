"""A list's query arguments are loaded once per query, and still answer each query as
its own: a good query gives its rows, a bad one its 422 every time, and no request can
change what the next one receives."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.api.helpers import SESSIONS, days_ago, session_body
from tests.conftest import ApiClient
from tracker.common.blueprint import ApiBlueprint
from tracker.common.dates import DateRangeArgs


def test_each_query_gets_its_own_answer_however_often_it_is_asked(bearer: ApiClient) -> None:
    for days in (1, 3):
        started = f"{days_ago(days).isoformat()}T08:00:00+01:00"
        assert bearer.post(SESSIONS, json=session_body(started_at=started)).status_code == 201
    every = bearer.get(SESSIONS).json
    (newest, oldest) = every
    since = newest["local_date"]

    for _ in range(3):
        assert bearer.get(SESSIONS).json == every
        assert bearer.get(f"{SESSIONS}?from={since}").json == [newest]
        assert bearer.get(f"{SESSIONS}?to={oldest['local_date']}").json == [oldest]
        single = bearer.get(f"{SESSIONS}?page=2&page_size=1")
        assert single.json == [oldest]
        assert '"page": 2' in single.headers["X-Pagination"]


def test_a_bad_query_is_refused_every_time_with_its_reason(bearer: ApiClient) -> None:
    for _ in range(3):
        backwards = bearer.get(f"{SESSIONS}?from=2026-02-02&to=2026-02-01")
        not_a_date = bearer.get(f"{SESSIONS}?from=yesterday")
        too_big = bearer.get(f"{SESSIONS}?page_size=101")
        assert (backwards.status_code, not_a_date.status_code, too_big.status_code) == (
            422,
            422,
            422,
        )
        assert "'from' must be on or before 'to'." in str(backwards.json)
        assert "from" in str(not_a_date.json)
        assert "page_size" in str(too_big.json)


def test_a_view_that_changes_its_arguments_changes_no_later_request(app: Flask) -> None:
    parser = ApiBlueprint.ARGUMENTS_PARSER
    schema = DateRangeArgs()
    with app.test_request_context("/?from=2026-01-05"):
        first: dict[str, Any] = parser.parse(schema, location="query")
        first["date_from"] = "changed"
        first["extra"] = 1
    with app.test_request_context("/?from=2026-01-05"):
        again = parser.parse(schema, location="query")

    assert str(again["date_from"]) == "2026-01-05" and "extra" not in again
