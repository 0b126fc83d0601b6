"""From a person's rows to the numbers and charts the dashboard shows.

``dashboard_payload`` is the body of /api/v1/dashboard and of a share link's
dashboard.json alike; ``dashboard_data`` is what the report reads too.

The summary, the payload and each chart are computed (and serialised) once per person,
data version, range and local today (``tracker/common/cache.py``); ``*_for`` return them
with their key, so a view can answer ``304 Not Modified`` without reading anything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.analysis import (
    CheckinRecord,
    Day,
    Summary,
    build_daily_series,
    pain_mean,
    summarize,
)
from tracker.analysis.progress import WINDOW_MORNINGS
from tracker.analysis.voice import Voice
from tracker.charts import CHART_NAMES, build_chart
from tracker.charts.locale import pinned_language
from tracker.common.cache import Cached, data_key, json_text
from tracker.common.dates import capped_start, dashboard_range
from tracker.dashboard.experiment import experiment_section
from tracker.dashboard.schemas import ChartSchema, DashboardSchema, SummarySchema
from tracker.history import load_history
from tracker.models import User
from tracker.timeutil import local_today


@dataclass(frozen=True)
class DashboardData:
    start: date
    end: date
    days: list[Day]
    summary: Summary


def dashboard_data(
    user: User, start: date | None, end: date | None, *, voice: Voice = "you"
) -> DashboardData:
    """The range defaults to everything from the first day of use to today (local).

    Days after today are never shown: there is no tomorrow's pain to chart. An open
    start goes back no further than the common cap on a range's length. A range that
    breaks the common rules raises ``RangeError`` (a view answers it with the 422).
    """
    today = local_today(user.timezone)
    given_start, end = dashboard_range(start, end, today)
    history = load_history(user, until=end)
    start = given_start or capped_start(history.first_day or end, end)
    start = min(start, end)
    days = build_daily_series(
        history.checkins,
        history.sessions,
        history.plans,
        history.pauses,
        start,
        end,
        today=today,
        condition_planned=history.condition_planned(),
        condition_done=history.condition_done(),
    )
    first = first_mornings(history.checkins)
    with pinned_language():  # its sentences ask for words and numbers a few hundred times
        summary = summarize(days, today, history.plans, first, voice=voice)
    return DashboardData(start, end, days, summary)


def first_mornings(checkins: Sequence[CheckinRecord]) -> list[tuple[date, float]]:
    """The person's first 7 rated mornings: the progress baseline on every page."""
    rated = ((c.day, pain_mean(c)) for c in sorted(checkins, key=lambda c: c.day))
    return [(day, pain) for day, pain in rated if pain is not None][:WINDOW_MORNINGS]


def dashboard_payload(
    user: User, start: date | None, end: date | None, *, voice: Voice = "you"
) -> dict[str, Any]:
    """The summary and every chart: one history read and one analysis per page load.
    A share link's dashboard.json sends the same numbers, its sentences about the person
    ("their first week") rather than to them."""
    with pinned_language():
        data = dashboard_data(user, start, end, voice=voice)
        return {
            "summary": summary_payload(data),
            "charts": [build_chart(name, data.days, data.summary) for name in CHART_NAMES],
            "experiment": experiment_section(user, voice=voice),
        }


def _key_parts(user: User, start: date | None, end: date | None) -> tuple[object, ...]:
    """The range as asked (an open end follows today) and the person's local today."""
    return (start, end, local_today(user.timezone))


def dashboard_for(
    user: User, start: date | None, end: date | None, *, voice: Voice = "you"
) -> Cached[str]:
    """``dashboard_payload`` as its JSON text, once per data version and voice: a cached read
    costs no analysis and no serialisation (dumping five charts' points was most of a hit)."""
    return Cached(
        data_key("dashboard", user, *_key_parts(user, start, end), voice),
        lambda: json_text(DashboardSchema(), dashboard_payload(user, start, end, voice=voice)),
    )


def dashboard_page(user: User, *, voice: Voice = "you") -> dict[str, Any]:
    """What /api/v1/dashboard sends for the default range (the same cached text), as Python
    for the page itself: the numbers and sentences are in the first paint, and the page's
    own fetch of the figures is then a cache hit."""
    page: dict[str, Any] = json.loads(dashboard_for(user, None, None, voice=voice).value())
    return page


def summary_for(user: User, start: date | None, end: date | None) -> Cached[str]:
    """The person's own summary (their own voice: the API is theirs alone)."""
    return Cached(
        data_key("summary", user, *_key_parts(user, start, end), "you"),
        lambda: json_text(SummarySchema(), summary_payload(dashboard_data(user, start, end))),
    )


def chart_for(user: User, name: str, start: date | None, end: date | None) -> Cached[str]:
    def compute() -> str:
        data = dashboard_data(user, start, end)
        return json_text(ChartSchema(), build_chart(name, data.days, data.summary))

    return Cached(data_key(f"chart-{name}", user, *_key_parts(user, start, end), "you"), compute)


def summary_payload(data: DashboardData) -> dict[str, Any]:
    """What ``SummarySchema`` dumps: the range and the summary's parts."""
    s = data.summary
    return {
        "start": data.start,
        "end": data.end,
        "today": s.today,
        "totals": s.totals,
        "streaks": s.streaks,
        "progress": s.progress,
        "headline": s.headline,
        "techniques": s.techniques,
        "warnings": s.warnings,
        "plan_changes": s.plan_changes,
    }
