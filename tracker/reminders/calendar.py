"""The reminders as an RFC 5545 calendar: two daily events any phone calendar imports.

No push server: the phone's own calendar rings. Each event keeps one UID per
account and kind, so importing a newer file (after changing a time) lets a
calendar update the reminder rather than add a second one. The file is standard
iCalendar in any language; only its words (summaries, descriptions, the calendar's
name) are the reader's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from tracker.i18n.text import gettext as _
from tracker.models import User
from tracker.reminders.vtimezone import vtimezone

NAMESPACE = uuid.UUID("6a0b7f2e-93c4-4f55-8d1e-2b9e4c7a1f30")
"""FirstStep's UUIDv5 namespace for reminder UIDs: fixed forever, or every import duplicates."""

DURATION = timedelta(minutes=10)
"""A calendar block as long as a short self-care session; the check-in itself takes a minute."""

PRODID = "-//FirstStep//Reminders//EN"


@dataclass(frozen=True)
class Reminder:
    kind: str
    summary: str
    at: time
    description: str


def reminder_uid(user: User, kind: str) -> str:
    """Stable per account and kind; the creation instant keeps it from being guessed."""
    name = f"reminder/{user.id}/{user.created_at.isoformat()}/{kind}"
    return f"{uuid.uuid5(NAMESPACE, name)}@firststep"


def reminders_for(user: User, today_url: str, log_url: str) -> list[Reminder]:
    return [
        Reminder(
            "morning-checkin",
            _("FirstStep: morning check-in"),
            user.morning_reminder,
            _(
                "Before you stand up: a minute of morning release, then rate your first "
                "steps. Open FirstStep: %(url)s",
                url=today_url,
            ),
        ),
        Reminder(
            "self-care-session",
            _("FirstStep: self-care session"),
            user.evening_reminder,
            _("Time for today's self-care session, then log it: %(url)s", url=log_url),
        ),
    ]


def reminders_calendar(
    user: User, reminders: list[Reminder], first_day: date, now: datetime
) -> bytes:
    """Daily events from ``first_day`` on, at wall-clock times in the person's timezone.

    ``first_day`` is fixed (the account's first local day) rather than today, so
    two downloads differ only in DTSTAMP. The VTIMEZONE states the zone's yearly
    rules as RRULEs (``vtimezone``), so the times follow daylight saving in every
    calendar for as long as the reminders repeat, not only until a last listed year.
    """
    zone = ZoneInfo(user.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("FirstStep reminders"))
    calendar.add("x-wr-timezone", user.timezone)
    for reminder in reminders:
        event = Event()
        event.add("uid", reminder_uid(user, reminder.kind))
        event.add("dtstamp", now.astimezone(UTC))
        event.add("summary", reminder.summary)
        event.add("description", reminder.description)
        event.add("dtstart", datetime.combine(first_day, reminder.at, zone))
        event.add("duration", DURATION)
        event.add("rrule", {"freq": "daily"})
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.summary)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    for tzid in calendar.get_missing_tzids():  # none for UTC: its times end in Z
        calendar.subcomponents.insert(0, vtimezone(tzid, first_day))
    return calendar.to_ical()
