"""Which reminders are due: pure functions, instants worked out by hand in each zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.reminders.due import WINDOW, Facts, Person, due_reminders

DAY = date(2026, 6, 15)


def person(zone: str, morning: str = "07:00", evening: str = "20:00", **switches: bool) -> Person:
    return Person(
        timezone=zone,
        morning_at=time.fromisoformat(morning),
        evening_at=time.fromisoformat(evening),
        morning_on=switches.get("morning_on", True),
        evening_on=switches.get("evening_on", True),
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def kinds(now: datetime, who: Person, facts: Facts | None = None) -> list[tuple[str, date]]:
    return [(d.kind, d.local_date) for d in due_reminders(now, who, facts or Facts())]


@pytest.mark.parametrize(
    ("zone", "rings"),
    [
        ("Pacific/Pago_Pago", "2026-06-15 18:00"),  # UTC−11
        ("Etc/GMT+11", "2026-06-15 18:00"),  # UTC−11 (POSIX signs are reversed)
        ("America/St_Johns", "2026-06-15 09:30"),  # UTC−2:30 in summer
        ("UTC", "2026-06-15 07:00"),
        ("Asia/Kathmandu", "2026-06-15 01:15"),  # UTC+5:45
        ("Pacific/Chatham", "2026-06-14 18:15"),  # UTC+12:45 in (its) winter
        ("Pacific/Kiritimati", "2026-06-14 17:00"),  # UTC+14
    ],
)
def test_the_morning_reminder_is_due_from_its_local_time_for_three_hours(
    zone: str, rings: str
) -> None:
    at = utc(rings)
    who = person(zone)

    assert kinds(at - timedelta(minutes=1), who) == []
    assert kinds(at, who) == [("morning", DAY)]
    assert kinds(at + WINDOW - timedelta(seconds=1), who) == [("morning", DAY)]
    assert kinds(at + WINDOW, who) == []


def test_one_instant_is_tomorrow_morning_in_kiritimati_and_yesterday_in_pago_pago() -> None:
    now = utc("2026-06-14 17:30")

    assert kinds(now, person("Pacific/Kiritimati")) == [("morning", DAY)]
    assert kinds(now, person("Pacific/Pago_Pago")) == []  # 06:30 on the 14th
    assert kinds(now, person("Pacific/Pago_Pago", morning="06:00")) == [
        ("morning", date(2026, 6, 14))
    ]


def test_a_late_evening_reminder_closes_at_midnight_never_for_a_day_already_past() -> None:
    who = person("Europe/Berlin", evening="23:00")  # 21:00 UTC in summer

    assert kinds(utc("2026-06-15 21:30"), who) == [("evening", DAY)]
    assert kinds(utc("2026-06-15 21:59:59"), who) == [("evening", DAY)]
    assert kinds(utc("2026-06-15 22:00"), who) == []  # local midnight: the 15th is past
    assert kinds(utc("2026-06-15 23:30"), who) == []


def test_berlin_spring_forward_a_skipped_time_rings_when_the_clock_would_have_shown_it() -> None:
    # 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist.
    day = date(2026, 3, 29)
    who = person("Europe/Berlin", morning="02:30")

    assert kinds(utc("2026-03-29 01:29"), who) == []
    assert kinds(utc("2026-03-29 01:30"), who) == [("morning", day)]  # 03:30 CEST


def test_berlin_the_usual_morning_moves_with_the_clock_change() -> None:
    who = person("Europe/Berlin")

    assert kinds(utc("2026-03-28 06:00"), who) == [("morning", date(2026, 3, 28))]  # CET
    assert kinds(utc("2026-03-29 04:59"), who) == []
    assert kinds(utc("2026-03-29 05:00"), who) == [("morning", date(2026, 3, 29))]  # CEST
    assert kinds(utc("2026-10-25 05:59"), who) == []
    assert kinds(utc("2026-10-25 06:00"), who) == [("morning", date(2026, 10, 25))]  # CET


def test_berlin_fall_back_a_repeated_time_rings_once_at_its_first_occurrence() -> None:
    # 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens twice.
    day = date(2026, 10, 25)
    who = person("Europe/Berlin", morning="02:30")

    assert kinds(utc("2026-10-25 00:29"), who) == []
    assert kinds(utc("2026-10-25 00:30"), who) == [("morning", day)]  # 02:30 CEST
    sent = Facts(sent={("morning", day)})
    assert kinds(utc("2026-10-25 01:30"), who, sent) == []  # 02:30 CET: already sent


@pytest.mark.parametrize(
    ("day", "rings"),
    [
        (date(2026, 3, 7), "2026-03-07 07:30"),  # EST, the day before
        (date(2026, 3, 8), "2026-03-08 07:30"),  # 02:30 skipped: 03:30 EDT
        (date(2026, 3, 9), "2026-03-09 06:30"),  # EDT
        (date(2026, 11, 1), "2026-11-01 07:30"),  # 02:30 EST, after the repeated hour
    ],
)
def test_new_york_clock_changes(day: date, rings: str) -> None:
    who = person("America/New_York", morning="02:30")

    assert kinds(utc(rings) - timedelta(seconds=1), who) == []
    assert kinds(utc(rings), who) == [("morning", day)]


def test_new_york_a_repeated_half_hour_rings_at_the_first() -> None:
    who = person("America/New_York", morning="01:30")  # 2026-11-01 01:30 EDT, then EST

    assert kinds(utc("2026-11-01 05:30"), who) == [("morning", date(2026, 11, 1))]


def test_a_paused_day_has_no_reminders() -> None:
    now = utc("2026-06-15 20:30")
    who = person("UTC")

    assert kinds(now, who) == [("evening", DAY)]
    assert kinds(now, who, Facts(pauses=[(date(2026, 6, 10), DAY)])) == []
    assert kinds(now, who, Facts(pauses=[(DAY, DAY + timedelta(days=3))])) == []
    ended = Facts(pauses=[(date(2026, 6, 10), date(2026, 6, 14))])
    assert kinds(now, who, ended) == [("evening", DAY)]


def test_a_logged_check_in_skips_the_morning_and_not_the_evening() -> None:
    who = person("UTC", morning="07:00", evening="08:00")
    now = utc("2026-06-15 08:30")

    assert kinds(now, who) == [("morning", DAY), ("evening", DAY)]
    assert kinds(now, who, Facts(checkins={DAY})) == [("evening", DAY)]
    assert kinds(now, who, Facts(checkins={DAY - timedelta(days=1)})) == [
        ("morning", DAY),
        ("evening", DAY),
    ]


def test_the_evening_is_skipped_once_the_days_planned_sessions_are_logged() -> None:
    who = person("UTC")
    now = utc("2026-06-15 20:30")

    assert kinds(now, who, Facts(sessions={DAY: 1}, sessions_per_day=1)) == []
    assert kinds(now, who, Facts(sessions={DAY: 1}, sessions_per_day=2)) == [("evening", DAY)]
    assert kinds(now, who, Facts(sessions={DAY: 2}, sessions_per_day=2)) == []


def test_turned_off_reminders_are_never_due() -> None:
    now = utc("2026-06-15 08:30")
    who = person("UTC", evening="08:00", morning_on=False)

    assert kinds(now, who) == [("evening", DAY)]
    assert kinds(now, person("UTC", evening="08:00", morning_on=False, evening_on=False)) == []


def test_a_sent_reminder_is_not_due_again_that_day() -> None:
    now = utc("2026-06-15 08:30")

    assert kinds(now, person("UTC"), Facts(sent={("morning", DAY)})) == []


def test_flying_west_after_the_morning_reminder_does_not_repeat_it() -> None:
    # Sent at 07:00 in Berlin (05:00 UTC); landing in New York, it is 07:00 there at 11:00 UTC.
    sent = Facts(sent={("morning", DAY)})

    assert kinds(utc("2026-06-15 11:00"), person("America/New_York"), sent) == []


def test_flying_east_reaches_the_next_days_reminder() -> None:
    # Sent on the 15th in New York; in Tokyo it is already the 16th, 07:00 at 22:00 UTC.
    sent = Facts(sent={("morning", DAY)})

    assert kinds(utc("2026-06-15 22:00"), person("Asia/Tokyo"), sent) == [
        ("morning", DAY + timedelta(days=1))
    ]


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_reminders(datetime(2026, 6, 15, 7), person("UTC"), Facts())


ZONES = [
    "Pacific/Pago_Pago",
    "America/New_York",
    "America/St_Johns",
    "Europe/Berlin",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
]


@given(
    zone=st.sampled_from(ZONES),
    now=st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31), timezones=st.just(UTC)),
    morning=st.times(),
    evening=st.times(),
)
def test_whatever_the_instant_a_due_reminder_is_for_today_and_inside_its_window(
    zone: str, now: datetime, morning: time, evening: time
) -> None:
    who = Person(zone, morning.replace(tzinfo=None), evening.replace(tzinfo=None), True, True)

    due = due_reminders(now, who, Facts())

    today = now.astimezone(ZoneInfo(zone)).date()
    assert len({d.kind for d in due}) == len(due)
    for reminder in due:
        assert reminder.local_date == today
        assert reminder.at <= now < reminder.closes
        assert reminder.closes - reminder.at <= WINDOW
        assert reminder.closes.astimezone(ZoneInfo(zone)).date() >= today
        assert reminder.at.astimezone(ZoneInfo(zone)).date() == today
