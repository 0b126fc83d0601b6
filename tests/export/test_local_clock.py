"""``LocalClock``, the export's fast local time, writes what ``astimezone().isoformat()``
writes, for every instant, in zones with every kind of offset and change (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tracker.export.service import SPAN_DAYS, LocalClock, _local

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Apia",  # skipped a whole day in 2011
    "Africa/Casablanca",  # clocks change around Ramadan, weeks apart
    "Africa/Freetown",  # the shortest gap between two changes in the database (1939)
    "Europe/Amsterdam",  # an offset with seconds until 1937
    "America/Sao_Paulo",
    "UTC",
]


def _instants(first: datetime, last: datetime, step: timedelta) -> list[datetime]:
    moments = []
    moment = first
    while moment < last:
        moments.append(moment)
        moment += step
    return moments


@pytest.mark.parametrize("zone_name", ZONES)
def test_every_instant_reads_as_astimezone_writes_it(zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    clock = LocalClock(zone)
    step = timedelta(hours=3, minutes=7, seconds=11, microseconds=1)  # wanders through the day
    moments = _instants(datetime(1920, 1, 1), datetime(1945, 1, 1), step * 11)
    moments += _instants(datetime(2009, 1, 1), datetime(2031, 1, 1), step * 3)
    moments += [datetime(2026, 3, 29, 0, 59, 59, 999999), datetime(2026, 3, 29, 1)]  # Berlin's
    for moment in moments:
        assert clock.text(moment) == _local(moment.replace(tzinfo=UTC), zone), moment


def test_a_span_with_a_change_is_never_taken_whole() -> None:
    """Berlin's clocks go forward on 29 March 2026 at 01:00 UTC: the span holding that
    instant has two offsets, so each instant in it is looked up alone."""
    clock = LocalClock(ZoneInfo("Europe/Berlin"))

    before = clock.text(datetime(2026, 3, 29, 0, 59, 59))
    after = clock.text(datetime(2026, 3, 29, 1, 0, 0))

    assert (before, after) == ("2026-03-29T01:59:59+01:00", "2026-03-29T03:00:00+02:00")
    span = (datetime(2026, 3, 29).toordinal() - 1) // SPAN_DAYS
    assert clock.spans[span] is None


def test_none_is_an_empty_cell() -> None:
    assert LocalClock(ZoneInfo("UTC")).text(None) == ""
