"""The pages' date styles: one formatter each, the same on every page that shows it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask

from tracker.common.formats import duration_words, full_date, local_time, long_date, short_date

CHRISTMAS = date(2026, 12, 25)


def test_each_style_says_the_day_its_own_way_with_no_zero_padding() -> None:
    assert long_date(CHRISTMAS) == "Friday 25 December"
    assert full_date(CHRISTMAS) == "25 December 2026"
    assert short_date(CHRISTMAS) == "25 Dec"
    assert full_date(date(2027, 1, 5)) == "5 January 2027"
    assert short_date(date(2027, 1, 5)) == "5 Jan"


def test_times_and_durations_are_said_as_a_person_reads_them() -> None:
    assert local_time(datetime(2026, 7, 1, 5, 45, tzinfo=UTC), "Europe/Berlin") == "07:45"
    assert duration_words(330) == "5 min 30 s"
    assert duration_words(300) == "5 min"
    assert duration_words(45) == "45 s"


def test_every_page_template_gets_the_same_filters(app: Flask) -> None:
    filters = app.jinja_env.filters
    assert filters["long_date"] is long_date
    assert filters["full_date"] is full_date
    assert filters["short_date"] is short_date
    assert filters["duration_words"] is duration_words
