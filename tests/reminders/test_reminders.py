"""The reminders calendar, parsed back with icalendar as a phone's calendar would."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from flask.testing import FlaskClient
from icalendar import Calendar

from tests.api.helpers import ME, errors
from tests.conftest import ApiClient
from tests.web.html_audit import read_page, unlabelled

ICS = "/reminders.ics"


def _calendar(client: ApiClient) -> Calendar:
    response = client.get(ICS)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response.headers["Content-Disposition"] == 'attachment; filename="firststep-reminders.ics"'
    )
    return Calendar.from_ical(response.get_data())


def _events(calendar: Calendar) -> dict[str, Any]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_two_daily_events_at_the_default_times_in_the_users_zone(user: ApiClient) -> None:
    calendar = _calendar(user)

    events = _events(calendar)
    assert set(events) == {"FirstStep: morning check-in", "FirstStep: self-care session"}
    morning = events["FirstStep: morning check-in"]
    evening = events["FirstStep: self-care session"]
    assert morning.start.time() == time(7, 0)
    assert evening.start.time() == time(20, 0)
    for event in (morning, evening):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["RRULE"]["FREQ"] == ["DAILY"]
        assert event["DURATION"].dt == timedelta(minutes=10)
        alarm = event.walk("VALARM")[0]
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == timedelta(0)
        assert "http://localhost/" in str(event["DESCRIPTION"])


def test_the_calendar_carries_the_vtimezone_it_refers_to(user: ApiClient) -> None:
    calendar = _calendar(user)

    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]


def test_changing_the_times_changes_the_file_but_not_the_uids(user: ApiClient) -> None:
    before = _events(_calendar(user))
    changed = user.patch(ME, json={"morning_reminder": "06:15", "evening_reminder": "21:45"})
    assert changed.status_code == 200, changed.json

    after = _events(_calendar(user))

    assert after["FirstStep: morning check-in"].start.time() == time(6, 15)
    assert after["FirstStep: self-care session"].start.time() == time(21, 45)
    assert {k: str(v["UID"]) for k, v in after.items()} == {
        k: str(v["UID"]) for k, v in before.items()
    }


def test_uids_differ_between_people_and_between_the_two_events(
    user: ApiClient, other_user: ApiClient
) -> None:
    mine = {str(e["UID"]) for e in _events(_calendar(user)).values()}
    theirs = {str(e["UID"]) for e in _events(_calendar(other_user)).values()}

    assert len(mine) == len(theirs) == 2
    assert mine.isdisjoint(theirs)


def test_a_timezone_change_moves_the_events_to_the_new_zone(user: ApiClient) -> None:
    assert user.patch(ME, json={"timezone": "America/New_York"}).status_code == 200

    calendar = _calendar(user)

    morning = _events(calendar)["FirstStep: morning check-in"]
    assert morning["DTSTART"].params["TZID"] == "America/New_York"
    assert morning.start.time() == time(7, 0)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_a_bad_time_is_422_naming_the_field(user: ApiClient) -> None:
    response = user.patch(ME, json={"morning_reminder": "25:00"})

    assert response.status_code == 422
    assert "morning_reminder" in errors(response)


def test_signed_out_is_sent_to_sign_in(client: FlaskClient) -> None:
    for path in (ICS, "/reminders"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_page_has_labelled_times_the_download_and_no_inline_code(user: ApiClient) -> None:
    assert user.patch(ME, json={"morning_reminder": "06:30"}).status_code == 200

    html = user.get("/reminders").get_data(as_text=True)

    facts = read_page(html)
    assert facts.inline_scripts == 0
    assert facts.style_attributes == []
    assert unlabelled(facts) == []
    assert any("js/reminders.js" in src for src in facts.scripts)
    assert 'value="06:30"' in html
    assert 'href="/reminders.ics"' in html
    assert "iPhone" in html and "Android" in html
