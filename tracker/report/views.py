"""Rendering the report page, for the signed-in person and for a share link alike.

``render_report`` is the one seam both use: the /report route passes the
signed-in user, the share-link view passes the link's owner with
``shared=True``. A shared page is read-only: it is rendered as if nobody were
signed in (no nav, no app script, no link to settings or edit pages), even
when the viewer's browser happens to hold a FirstStep session of its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import render_template
from flask_login import AnonymousUserMixin
from markupsafe import Markup

from tracker.analysis.compare import signed
from tracker.catalog import DISCLAIMER, PAUSE_REASON_LABELS
from tracker.common.dates import RangeError, export_range, query_dates, refuse, refuse_range
from tracker.models import User
from tracker.report.service import report_data, sign_labels
from tracker.report.svg import pain_chart_svg
from tracker.timeutil import local_today

MAX_DAYS = 366
"""A report is for one appointment; a year is already more than one page can show."""


def report_range(
    args: Mapping[str, str], timezone: str, first_day: date | None = None
) -> tuple[date, date]:
    """``from``/``to`` by the common rules, with the export's 8-week default (from
    ``first_day`` of use, if later: "1 of 56 mornings logged" for a week-old account reads
    as 55 missed) and a cap of a year. A bad value is a 422 page naming the field and the
    reason, never a 500.
    """
    today = local_today(timezone)
    try:
        start, end = export_range(
            *query_dates(args),
            today,
            up_to_today=True,
            max_days=MAX_DAYS,
            first_day=first_day,
        )
    except RangeError as error:
        refuse_range(error)
    if start > today:  # also a default 8 weeks ending on a 'to' far ahead
        refuse({"from": ["The report cannot start after today."]})
    return start, end


def pain(value: float | None) -> str:
    """Pain means to one decimal, as the progress sentence words them."""
    return "–" if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    """Whole percentages exactly as the dashboard shows them: the API's 3 decimals, then
    JavaScript's Math.round (half up; Python's round() would send 62.5 to 62)."""
    return "–" if value is None else f"{math.floor(round(value, 3) * 100 + 0.5)}%"


def effect(value: float | None) -> str:
    """A difference in pain points, one decimal, with a true minus sign."""
    return "–" if value is None else signed(value, 1)


def short_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def render_report(
    user: User, start: date, end: date, *, shared: bool = False, token: str | None = None
) -> str:
    """The whole HTML page of the report for ``user`` over ``start``..``end``; a shared
    page passes its link's ``token``, so its file links stay within the link."""
    report = report_data(user, start, end, voice="they" if shared else "you")
    chart = pain_chart_svg(
        report.days, report.rolling, [change.start for change in report.plan_changes]
    )
    context: dict[str, Any] = {
        "report": report,
        "chart": Markup(chart),  # built by ElementTree, which escaped every value
        "shared": shared,
        "token": token,
        "report_disclaimer": DISCLAIMER,
        "fmt": {
            "pain": pain,
            "percent": percent,
            "effect": effect,
            "short": short_date,
            "long": long_date,
        },
        "pause_labels": PAUSE_REASON_LABELS,
        "sign_labels": lambda slugs: ", ".join(sign_labels(slugs, short=True)),
    }
    if shared:
        # Passed context wins over context processors: base.html then draws no nav.
        context["current_user"] = AnonymousUserMixin()
    return render_template("report/report.html", **context)
