"""The report's date range and number formats, without a request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.exceptions import UnprocessableEntity

from tracker.common.dates import report_range
from tracker.report.page import percent
from tracker.timeutil import local_today

ZONE = "Pacific/Kiritimati"
"""UTC+14: a zone where "today" differs from the server's date for much of the day."""


def test_no_dates_mean_the_last_eight_weeks_ending_today_in_the_persons_zone() -> None:
    today = local_today(ZONE)

    assert report_range({}, ZONE) == (today - timedelta(days=55), today)


def test_empty_fields_from_the_form_count_as_not_given() -> None:
    today = local_today(ZONE)

    assert report_range({"from": "", "to": ""}, ZONE) == (today - timedelta(days=55), today)


def test_only_to_gives_the_eight_weeks_before_it() -> None:
    end = local_today(ZONE) - timedelta(days=100)

    assert report_range({"to": end.isoformat()}, ZONE) == (end - timedelta(days=55), end)


def test_only_from_runs_to_today_and_a_future_to_is_cut_at_today() -> None:
    today = local_today(ZONE)
    start = today - timedelta(days=10)

    assert report_range({"from": start.isoformat()}, ZONE) == (start, today)
    future = (today + timedelta(days=30)).isoformat()
    assert report_range({"from": start.isoformat(), "to": future}, ZONE) == (start, today)


def test_a_year_is_the_longest_report() -> None:
    today = local_today(ZONE)
    year = {"from": (today - timedelta(days=365)).isoformat(), "to": today.isoformat()}
    longer = {"from": (today - timedelta(days=366)).isoformat(), "to": today.isoformat()}

    assert report_range(year, ZONE)[0] == today - timedelta(days=365)
    with pytest.raises(UnprocessableEntity, match="at most 366 days"):
        report_range(longer, ZONE)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "–"), (0.0, "0%"), (1.0, "100%"), (0.625, "63%"), (0.6249999, "63%"), (0.6244, "62%")],
)
def test_percentages_round_half_up_from_three_decimals_like_the_dashboard(
    value: float | None, shown: str
) -> None:
    assert percent(value) == shown


def test_a_default_start_after_today_is_refused() -> None:
    """Eight weeks ending in 9999 start after today: the report has nothing to show."""
    with pytest.raises(UnprocessableEntity, match="cannot start after today"):
        report_range({"to": "9999-12-31"}, ZONE)
