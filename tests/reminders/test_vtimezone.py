"""The calendar's VTIMEZONE, read back as a calendar app would, against the zone database.

The reminders repeat forever, so the zone they are in must hold forever too:
the times a calendar computes from the file are checked in 2040 and 2100, long
after the year (2038) where a list of dates used to end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from icalendar import Calendar, Timezone
from sqlalchemy import update

from tests.conftest import ApiClient, register
from tracker.extensions import db
from tracker.models import User
from tracker.reminders.vtimezone import vtimezone

ZONES = [
    ("Europe/Berlin", date(2026, 3, 1)),  # the last Sundays of March and October
    ("America/New_York", date(2026, 11, 27)),  # the second Sunday of March, first of November
    ("Australia/Sydney", date(2025, 6, 1)),  # summer time across the new year
    ("Asia/Jerusalem", date(2026, 1, 1)),  # the Friday before the last Sunday of March
    ("Australia/Lord_Howe", date(2026, 1, 1)),  # a half-hour change
    ("Asia/Kolkata", date(2026, 1, 1)),  # no clock changes at all
    ("America/Sao_Paulo", date(2017, 5, 1)),  # summer time until 2019, then none
]


def instants(zone: ZoneInfo, year: int) -> list[datetime]:
    """Every noon (UTC) of the year, and every half hour of the days the zone changes on
    (a calendar's own time zone object is slow: hourly all year would take a minute)."""
    noons = [datetime(year, 1, 1, 12, tzinfo=UTC) + timedelta(days=n) for n in range(366)]
    found = list(noons)
    for noon, next_noon in pairwise(noons):
        if noon.astimezone(zone).utcoffset() != next_noon.astimezone(zone).utcoffset():
            found += [noon + timedelta(minutes=30 * n) for n in range(48)]
    return found


def read_back(component: Timezone) -> Calendar:
    calendar = Calendar()
    calendar.add_component(component)
    return Calendar.from_ical(calendar.to_ical())


@pytest.mark.parametrize(("key", "first_day"), ZONES, ids=[key for key, _ in ZONES])
def test_the_vtimezone_gives_the_zones_offsets_every_hour_far_ahead(
    key: str, first_day: date
) -> None:
    parsed = read_back(vtimezone(key, first_day)).walk("VTIMEZONE")[0]
    as_read = parsed.to_tz(lookup_tzid=False)  # only the file, not the zone database
    zone = ZoneInfo(key)

    for year in (first_day.year, first_day.year + 1, 2038, 2040, 2100):
        for moment in instants(zone, year):
            assert moment.astimezone(as_read).utcoffset() == moment.astimezone(zone).utcoffset(), (
                key,
                moment,
            )


def test_a_zone_with_summer_time_is_two_yearly_rules_not_a_list_of_dates() -> None:
    text = vtimezone("Europe/Berlin", date(2026, 3, 1)).to_ical().decode()

    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text
    assert "UNTIL" not in text
    assert "2038" not in text


def test_a_zone_without_changes_is_one_offset_from_the_start() -> None:
    parts = vtimezone("Asia/Kolkata", date(2026, 1, 1)).walk("STANDARD")

    assert len(parts) == 1
    assert parts[0]["TZOFFSETFROM"].td == parts[0]["TZOFFSETTO"].td == timedelta(hours=5.5)
    assert "RRULE" not in parts[0] and "RDATE" not in parts[0]


@pytest.mark.parametrize("key", ["Europe/Berlin", "Asia/Tokyo"])
def test_the_downloaded_reminder_rings_at_its_local_time_in_2040_and_2100(
    app: Flask, key: str
) -> None:
    client: ApiClient = register(app, timezone=key)
    with app.app_context():  # an account of 2026, so the file starts then
        db.session.execute(update(User).values(created_at=datetime(2026, 3, 1, tzinfo=UTC)))
        db.session.commit()

    response = client.get("/reminders.ics")

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.get_data())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [key]
    as_read = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    morning = next(e for e in calendar.walk("VEVENT") if "morning" in str(e["SUMMARY"]))
    assert morning["DTSTART"].params["TZID"] == key
    assert morning.start.date() == date(2026, 3, 1)
    for day in (date(2040, 1, 15), date(2040, 7, 15), date(2100, 1, 15), date(2100, 7, 15)):
        wall = datetime.combine(day, time(7, 0))
        expected = wall.replace(tzinfo=ZoneInfo(key)).astimezone(UTC)
        assert wall.replace(tzinfo=as_read).astimezone(UTC) == expected, day
