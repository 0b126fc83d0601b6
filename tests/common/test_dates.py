"""The range rules of tracker/common/dates.py, and every range-taking route keeping them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import UnprocessableEntity

from tests.api.helpers import errors, today
from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tests.sharing.helpers import create_link, share_path
from tracker.common.dates import (
    EARLIEST,
    MAX_RANGE_DAYS,
    RangeError,
    capped_start,
    dashboard_range,
    default_range,
    export_range,
    range_rules,
    record_range,
)

TODAY = date(2026, 6, 15)
RANGE_ROUTES = (
    "/api/v1/stats/summary",
    "/api/v1/dashboard",
    "/api/v1/charts/pain",
    "/api/v1/export/daily.csv",
    "/api/v1/export/sessions.csv",
    "/api/v1/export/checkins.csv",
    "/api/v1/export/pauses.csv",
    "/api/v1/export/fhir",
    "/api/v1/checkins",
    "/api/v1/sessions",
    "/api/v1/pauses",
)


def test_the_export_default_is_eight_weeks_and_an_open_end_is_today() -> None:
    assert export_range(None, None, TODAY) == (TODAY - timedelta(days=55), TODAY)
    assert export_range(date(2026, 1, 1), None, TODAY) == (date(2026, 1, 1), TODAY)


def test_an_open_start_is_no_earlier_than_the_first_day_of_use() -> None:
    first = TODAY - timedelta(days=6)
    assert export_range(None, None, TODAY, first_day=first) == (first, TODAY)
    old = TODAY - timedelta(days=400)
    assert export_range(None, None, TODAY, first_day=old) == (TODAY - timedelta(days=55), TODAY)
    # an explicit 'from' before it is kept; a 'to' before it is one day, not an inverted range
    assert export_range(old, None, TODAY, first_day=first) == (old, TODAY)
    early = TODAY - timedelta(days=30)
    assert export_range(None, early, TODAY, first_day=first) == (early, early)
    assert default_range(TODAY, first) == (first, TODAY)
    assert default_range(TODAY, TODAY + timedelta(days=3)) == (TODAY, TODAY)


def test_an_eight_week_default_before_1970_starts_on_1970_01_01() -> None:
    assert export_range(None, date(1970, 1, 5), TODAY) == (EARLIEST, date(1970, 1, 5))


def test_the_cap_counts_days_both_ends_included() -> None:
    end = TODAY
    longest = end - timedelta(days=MAX_RANGE_DAYS - 1)

    assert export_range(longest, end, TODAY) == (longest, end)
    with pytest.raises(RangeError) as refused:
        export_range(longest - timedelta(days=1), end, TODAY)
    assert refused.value.fields == ("from", "to")
    assert f"at most {MAX_RANGE_DAYS:,} days" in refused.value.reason


def test_a_range_before_1970_names_the_field() -> None:
    with pytest.raises(RangeError) as refused:
        record_range(None, date(1, 1, 7))
    assert refused.value.fields == ("to",)
    assert "1970-01-01" in refused.value.reason


def test_the_dashboard_stops_at_today_and_leaves_an_open_start_to_the_history() -> None:
    assert dashboard_range(None, date(9999, 12, 31), TODAY) == (None, TODAY)
    assert dashboard_range(date(9999, 1, 1), None, TODAY) == (TODAY, TODAY)
    with pytest.raises(RangeError):
        dashboard_range(date(1980, 1, 1), None, TODAY)


def test_an_open_start_goes_back_at_most_the_cap() -> None:
    assert capped_start(date(2026, 1, 1), TODAY) == date(2026, 1, 1)
    assert capped_start(date(1, 1, 1), TODAY) == TODAY - timedelta(days=MAX_RANGE_DAYS - 1)


def test_every_broken_rule_leaves_range_rules_as_the_one_422() -> None:
    with pytest.raises(UnprocessableEntity) as refused, range_rules():
        record_range(date(2026, 2, 1), date(2026, 1, 1))
    reason = "'from' must be on or before 'to'."
    assert vars(refused.value)["data"] == {
        "message": f"Check the dates. from: {reason}",
        "errors": {"query": {"from": [reason]}},
    }


def test_a_range_that_keeps_the_rules_passes_range_rules_untouched() -> None:
    with range_rules():
        resolved = record_range(date(2026, 1, 1), date(2026, 2, 1))
    assert resolved == (date(2026, 1, 1), date(2026, 2, 1))


@pytest.mark.parametrize("path", RANGE_ROUTES)
def test_year_one_is_a_422_naming_the_field_not_a_crash(user: ApiClient, path: str) -> None:
    response = user.get(f"{path}?from=0001-01-01&to=0001-01-07")

    assert response.status_code == 422
    assert errors(response, "query") == {
        "from": ["Must be on or after 1970-01-01."],
        "to": ["Must be on or after 1970-01-01."],
    }


@pytest.mark.parametrize("path", (*RANGE_ROUTES[:4], "/api/v1/export/fhir"))
def test_a_range_longer_than_the_cap_is_422(user: ApiClient, path: str) -> None:
    start = today() - timedelta(days=MAX_RANGE_DAYS)

    response = user.get(f"{path}?from={start}")

    assert response.status_code == 422
    assert "at most" in errors(response, "query")["from"][0]


def test_year_two_on_the_dashboard_is_refused_at_once(user: ApiClient) -> None:
    """It used to build 740,000 days of analysis: 5 to 7 s of CPU and 26 MB."""
    response = user.get("/api/v1/dashboard?from=0002-01-01")

    assert response.status_code == 422
    assert "from" in errors(response, "query")


def test_the_longest_range_is_answered(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 20)
    start = today() - timedelta(days=MAX_RANGE_DAYS - 1)

    response = user.get(f"/api/v1/stats/summary?from={start}&to=9999-12-31")

    assert response.status_code == 200
    assert response.json["start"] == start.isoformat()
    assert response.json["end"] == today().isoformat()


def test_the_default_dashboard_of_a_long_history_is_the_last_twenty_years(
    app: Flask, user: ApiClient
) -> None:
    old = (today() - timedelta(days=MAX_RANGE_DAYS + 400)).isoformat()
    assert user.post("/api/v1/checkins", json={"date": old, "pain_right": 5}).status_code == 201

    response = user.get("/api/v1/stats/summary")

    assert response.status_code == 200
    assert response.json["start"] == (today() - timedelta(days=MAX_RANGE_DAYS - 1)).isoformat()


@pytest.mark.parametrize("name", ["dashboard.json", "daily.csv", "sessions.csv", "checkins.csv"])
def test_a_share_link_refuses_year_one_with_a_422(
    user: ApiClient, client: FlaskClient, name: str
) -> None:
    path = share_path(create_link(user))

    response = client.get(
        f"{path}/{name}?from=0001-01-01&to=0001-01-07", headers={"Accept": "application/json"}
    )

    assert response.status_code == 422
    assert set(response.json["errors"]["query"]) == {"from", "to"}


def test_a_share_link_page_says_why_the_range_is_too_long(
    user: ApiClient, client: FlaskClient
) -> None:
    path = share_path(create_link(user))

    response = client.get(f"{path}/daily.csv?from=1980-01-01")

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "a range covers at most 7,320 days" in response.get_data(as_text=True)


def test_the_report_page_refuses_year_one(user: ApiClient) -> None:
    response = user.get("/report?from=0001-01-01&to=0001-01-07")

    assert response.status_code == 422
    assert "Must be on or after 1970-01-01." in response.get_data(as_text=True)


def test_the_openapi_document_states_the_range_rules(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    params = {p["name"]: p for p in spec["paths"]["/api/v1/dashboard"]["get"]["parameters"]}

    assert params["from"]["schema"]["format"] == "date"
    assert "on or after 1970-01-01" in params["from"]["description"]
    assert "on or before 'to'" in params["from"]["description"]
    assert "at most 7,320 days" in params["to"]["description"]
