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

from flask import abort, render_template
from flask_login import AnonymousUserMixin
from markupsafe import Markup
from marshmallow import ValidationError

from tracker.analysis.compare import signed
from tracker.catalog import DISCLAIMER, PAUSE_REASON_LABELS
from tracker.common.schemas import DateRangeArgs
from tracker.export.routes import EARLIEST, resolve_range
from tracker.models import User
from tracker.report.service import report_data, sign_labels
from tracker.report.svg import pain_chart_svg
from tracker.timeutil import local_today

MAX_DAYS = 366
"""A report is for one appointment; a year is already more than one page can show."""


def report_range(args: Mapping[str, str], timezone: str) -> tuple[date, date]:
    """``from``/``to`` as DateRangeArgs reads them, with the export's 8-week default.

    A bad value is a 422 page naming the field and the reason, never a 500.
    """
    try:
        loaded = DateRangeArgs().load({k: args[k] for k in ("from", "to") if args.get(k)})
    except ValidationError as error:
        problems = error.normalized_messages()
        reasons = "; ".join(
            f"{field}: {' '.join(map(str, why if isinstance(why, list) else [why]))}"
            for field, why in sorted(problems.items())
        )
        abort(422, description=f"Check the dates. {reasons}")
    today = local_today(timezone)
    start, end = loaded["date_from"], loaded["date_to"]
    if any(d is not None and d < EARLIEST for d in (start, end)):
        abort(422, description=f"from/to: dates must be on or after {EARLIEST.isoformat()}.")
    start, end = resolve_range(start, end, today)
    if start > today:
        abort(422, description="from: the report cannot start after today.")
    end = min(end, today)
    if (end - start).days >= MAX_DAYS:
        abort(422, description=f"from/to: a report covers at most {MAX_DAYS} days.")
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


def render_report(user: User, start: date, end: date, *, shared: bool = False) -> str:
    """The whole HTML page of the report for ``user`` over ``start``..``end``."""
    report = report_data(user, start, end)
    chart = pain_chart_svg(
        report.days, report.rolling, [change.start for change in report.plan_changes]
    )
    context: dict[str, Any] = {
        "report": report,
        "chart": Markup(chart),  # built by ElementTree, which escaped every value
        "shared": shared,
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
