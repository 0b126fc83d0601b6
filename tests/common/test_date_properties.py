"""Any from/to from 0001-01-01 to 9999-12-31 on any range-taking route: 2xx or 4xx.

A route that takes a range used to crash (an ``OverflowError`` for year 1) or work for
seconds (year 2); these properties send every kind of date, with the edges of the rules
weighted in, to every route, the API's, the pages and a share link's alike.

One person, one history and one share link serve a whole route's examples: every
request is a GET (a share link's visit only updates its "last used" time), so examples
cannot disturb each other, which is why the function-scoped-fixture health check is
suppressed rather than the fixtures rebuilt per example.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.common.test_dates import RANGE_ROUTES
from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tests.sharing.helpers import create_link, share_path
from tracker.common.dates import EARLIEST, MAX_RANGE_DAYS
from tracker.timeutil import local_today

EXAMPLES = int(os.environ.get("DATE_EXAMPLES", "40"))
TODAY = local_today("Europe/Berlin")
EDGES = [
    date.min,
    date(1, 1, 7),
    date(2, 1, 1),
    EARLIEST - timedelta(days=1),
    EARLIEST,
    TODAY - timedelta(days=MAX_RANGE_DAYS),
    TODAY - timedelta(days=MAX_RANGE_DAYS - 1),
    TODAY - timedelta(days=365),
    TODAY,
    TODAY + timedelta(days=1),
    date.max,
]
API_ROUTES = [
    *RANGE_ROUTES,
    *(f"/api/v1/charts/{name}" for name in ("calendar", "headline", "weekly", "techniques")),
    "/dashboard",
    "/report",
]
SHARE_ROUTES = [
    "",
    "/report",
    "/dashboard",
    "/dashboard.json",
    "/daily.csv",
    "/sessions.csv",
    "/checkins.csv",
]

a_date = st.one_of(st.sampled_from(EDGES), st.dates())
a_value = st.one_of(
    st.none(),
    a_date.map(date.isoformat),
    st.sampled_from(["", "0000-01-01", "10000-01-01", "1970-02-30", "today"]),
)
DATE_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _query(start: str | None, end: str | None) -> str:
    pairs = {key: value for key, value in (("from", start), ("to", end)) if value is not None}
    return urlencode(pairs)


def _check(response, path: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, (path, response.status_code)
    assert 200 <= response.status_code < 300 or 400 <= response.status_code < 500
    if response.status_code == 422 and response.is_json:
        assert set(response.json["errors"]["query"]) <= {"from", "to"}, response.json


@pytest.fixture
def diarist(app: Flask, user: ApiClient) -> ApiClient:
    """Alice with a month of diary and a pause, so each range has something to analyse."""
    seed_days(app, "alice@example.com", 30)
    pause = {
        "start_date": (TODAY - timedelta(days=12)).isoformat(),
        "end_date": (TODAY - timedelta(days=10)).isoformat(),
        "reason": "travel",
    }
    assert user.post("/api/v1/pauses", json=pause).status_code == 201
    return user


def _any_dates_on(get: Callable[..., Any], path: str, headers: bool = False) -> None:
    """The property for one route, with its own examples (so every route gets its share)."""

    @DATE_SETTINGS
    @given(start=a_value, end=a_value, json=st.booleans() if headers else st.just(False))
    def run(start: str | None, end: str | None, json: bool) -> None:
        accept = {"Accept": "application/json"} if json else {}
        _check(get(f"{path}?{_query(start, end)}", headers=accept), path)

    run()


def test_any_dates_on_a_signed_in_route_are_2xx_or_4xx(diarist: ApiClient) -> None:
    for path in API_ROUTES:  # one history for all: seeding it is most of the cost
        _any_dates_on(diarist.get, path)


def test_any_dates_on_a_share_link_are_2xx_or_4xx(diarist: ApiClient, client: FlaskClient) -> None:
    base = share_path(create_link(diarist))
    for path in SHARE_ROUTES:
        _any_dates_on(client.get, f"{base}{path}", headers=True)


def test_any_pause_dates_are_stored_or_refused_never_a_crash(diarist: ApiClient) -> None:
    @DATE_SETTINGS
    @given(start=a_date, end=a_date)
    def run(start: date, end: date) -> None:
        body = {"start_date": start.isoformat(), "end_date": end.isoformat(), "reason": "other"}
        response = diarist.post("/api/v1/pauses", json=body)
        assert response.status_code in (201, 409, 422), response.json
        if response.status_code == 201:
            assert EARLIEST <= start <= end
            assert diarist.delete(f"/api/v1/pauses/{response.json['id']}").status_code == 204
        _check(diarist.get("/api/v1/my-data"), "/api/v1/my-data")

    run()
