"""A VTIMEZONE that holds as long as the reminders repeat, which is forever.

icalendar's own ``Timezone.from_tzinfo`` lists each change of offset as a date
up to a last year (2038 by default), after which a calendar would keep the last
offset for good: a 07:00 reminder in Berlin would ring at 08:00 every summer
from 2038 on. Listing dates for longer only moves that year. A zone's rule,
though, is yearly ("the last Sunday of March at 02:00"), and RFC 5545 says it
that way: an RRULE in each STANDARD and DAYLIGHT part, as the published
VTIMEZONE files do.

The rule is read off the zone database through ``zoneinfo`` (no second copy of
the data): the changes of the years ahead are found, the yearly rule that
yields each is worked out from 28 years of them (a full cycle of weekdays and
leap years) and checked against every year it is to cover. Years before the
rule took hold (a country that stopped changing its clocks, or changed the
day) are listed as dates, from the year before the first day onwards.
"""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

HORIZON = 2130
"""The last year read from the database. Its explicit dates end by 2087 (Morocco's
Ramadan changes) and its rules repeat after that, so 28 years past that are ample."""
CYCLE = 28
"""Years after which dates fall on the same weekdays again."""
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STEP = timedelta(days=7)
"""How far apart the zone is looked at before a change is narrowed down. No zone changes
its clocks twice within a week (Ramadan pauses last a month), and a week at a time the
hundred-odd years read cost a tenth of a second, not half a second."""


@dataclass(frozen=True)
class State:
    offset: timedelta
    name: str
    daylight: bool


@dataclass(frozen=True)
class Change:
    """One change of offset: ``local`` is the wall-clock time it happens at, read in the
    offset before it (what DTSTART and RDATE mean in a VTIMEZONE)."""

    local: datetime
    before: State
    after: State

    def shape(self) -> tuple[object, ...]:
        """Everything a yearly rule keeps the same, i.e. all but the day of the month."""
        return (self.local.month, self.local.time(), self.before, self.after)


@dataclass(frozen=True)
class DayRule:
    """Which day of ``month`` a change falls on: the last ``weekday``, the first
    ``weekday`` on or after ``first``, or (``weekday`` None) the date ``first``."""

    month: int
    weekday: int | None
    first: int
    last: bool = False

    def day_in(self, year: int) -> int:
        length = months.monthrange(year, self.month)[1]
        if self.weekday is None:
            return self.first
        if self.last:
            end = date(year, self.month, length)
            return length - (end.weekday() - self.weekday) % 7
        start = date(year, self.month, self.first)
        return self.first + (self.weekday - start.weekday()) % 7

    def rrule(self) -> dict[str, object]:
        rule: dict[str, object] = {"freq": "yearly", "bymonth": self.month}
        if self.weekday is None:
            rule["bymonthday"] = self.first
        elif self.last:
            rule["byday"] = "-1" + WEEKDAYS[self.weekday]
        elif self.first % 7 == 1:  # the 1st, 8th, 15th or 22nd: "the second Sunday"
            rule["byday"] = f"{self.first // 7 + 1}{WEEKDAYS[self.weekday]}"
        else:  # "the first Saturday on or after the 24th"
            rule["byday"] = WEEKDAYS[self.weekday]
            rule["bymonthday"] = list(range(self.first, self.first + 7))
        return rule


def _state(zone: ZoneInfo, moment: datetime) -> State:
    local = moment.astimezone(zone)
    offset, dst = local.utcoffset(), local.dst()
    assert offset is not None
    return State(offset, local.tzname() or "", bool(dst))


def _changes_in(zone: ZoneInfo, year: int) -> list[Change]:
    """The changes whose instant falls in ``year`` (UTC): a look every STEP, then
    halving the span a change happened in down to the second."""
    found = []
    moment = datetime(year, 1, 1, 12, tzinfo=UTC)
    state = _state(zone, moment)
    while moment.year == year:
        later = min(moment + STEP, datetime(year + 1, 1, 1, 12, tzinfo=UTC))
        after = _state(zone, later)
        if after != state:
            low, high = 0, int((later - moment).total_seconds())  # whole seconds
            while high - low > 1:
                middle = (low + high) // 2
                if _state(zone, moment + timedelta(seconds=middle)) == state:
                    low = middle
                else:
                    high = middle
            instant = moment + timedelta(seconds=high)
            local = (instant + state.offset).replace(tzinfo=None)
            found.append(Change(local, state, _state(zone, instant)))
        moment, state = later, after
    return found


def _day_rule(changes: list[Change]) -> DayRule | None:
    """The one yearly rule that gives each of these changes (one per year), if any."""
    month = changes[0].local.month
    days = [c.local.day for c in changes]
    weekdays = {c.local.weekday() for c in changes}
    if len(weekdays) == 1:
        weekday = weekdays.pop()
        if all(c.local.day + 7 > months.monthrange(c.local.year, month)[1] for c in changes):
            return DayRule(month, weekday, 0, last=True)
        if max(days) - min(days) <= 6:
            return DayRule(month, weekday, min(days))
    if len(set(days)) == 1:
        return DayRule(month, None, days[0])
    return None


@dataclass(frozen=True)
class Plan:
    """The zone from ``since`` on: its state then, and a rule per change of a year."""

    since: int
    start: State
    rules: tuple[tuple[DayRule, Change], ...]


def _yearly(by_year: dict[int, list[Change]], start: dict[int, State]) -> Plan | None:
    """The rule of the last CYCLE years, stretched back over every earlier year it fits."""
    last = max(by_year)
    recent = [by_year[year] for year in range(last - CYCLE + 1, last + 1)]
    if len({tuple(c.shape() for c in year) for year in recent}) != 1:
        return None
    rules = [_day_rule([year[index] for year in recent]) for index in range(len(recent[0]))]
    if None in rules:
        return None
    found = [rule for rule in rules if rule is not None]
    since = last - CYCLE + 1
    while since - 1 in by_year and _fits(
        by_year[since - 1], recent[0], found, start[since - 1] == start[last]
    ):
        since -= 1
    changes = by_year[since]
    return Plan(since, start[since], tuple(zip(found, changes, strict=True)))


def _fits(changes: list[Change], model: list[Change], rules: list[DayRule], same: bool) -> bool:
    """Does a year follow the rules: the same changes, each on the day its rule says?"""
    if not same or len(changes) != len(model):
        return False
    return all(
        change.shape() == like.shape() and change.local.day == rule.day_in(change.local.year)
        for change, like, rule in zip(changes, model, rules, strict=True)
    )


def _part(before: State, after: State, onset: datetime) -> TimezoneStandard | TimezoneDaylight:
    part = TimezoneDaylight() if after.daylight else TimezoneStandard()
    part.add("tzname", after.name)
    part.add("tzoffsetfrom", before.offset)
    part.add("tzoffsetto", after.offset)
    part.add("dtstart", onset)
    return part


@dataclass(frozen=True)
class Layout:
    """What the VTIMEZONE says: where it starts, the changes listed by date (until the
    yearly rules take over) and the rules."""

    first_year: int
    start: State
    listed: tuple[tuple[State, State, tuple[datetime, ...]], ...]
    plan: Plan | None


@lru_cache(maxsize=256)
def _layout(key: str, first_year: int) -> Layout:
    """Per zone and year, not per person: reading the zone is the costly part."""
    zone = ZoneInfo(key)
    by_year = {year: _changes_in(zone, year) for year in range(first_year, HORIZON + 1)}
    start = {year: _state(zone, datetime(year, 1, 1, tzinfo=UTC)) for year in by_year}
    plan = _yearly(by_year, start)
    grouped: dict[tuple[State, State], list[datetime]] = {}
    for year in range(first_year, plan.since if plan else HORIZON + 1):
        for change in by_year[year]:
            grouped.setdefault((change.before, change.after), []).append(change.local)
    listed = tuple((before, after, tuple(onsets)) for (before, after), onsets in grouped.items())
    return Layout(first_year, start[first_year], listed, plan)


def vtimezone(key: str, first_day: date) -> Timezone:
    """The VTIMEZONE of ``key`` from the year before ``first_day`` on, for good."""
    layout = _layout(key, first_day.year - 1)
    plan = layout.plan
    timezone = Timezone()
    timezone.add("tzid", key)
    if plan is None or plan.since > layout.first_year:  # the years before the rule
        onset = datetime(layout.first_year, 1, 1)
        timezone.add_component(_part(layout.start, layout.start, onset))
        for before, after, onsets in layout.listed:
            part = _part(before, after, onsets[0])
            if onsets[1:]:
                part.add("rdate", list(onsets[1:]))
            timezone.add_component(part)
    if plan is None:
        return timezone
    if not plan.rules:  # no clock changes: one offset from then on
        timezone.add_component(_part(plan.start, plan.start, datetime(plan.since, 1, 1)))
    for rule, change in plan.rules:
        part = _part(change.before, change.after, change.local)
        part.add("rrule", rule.rrule())
        timezone.add_component(part)
    return timezone
