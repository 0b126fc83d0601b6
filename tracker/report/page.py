"""Rendering the report page, for the signed-in person and for a share link alike.

``render_report`` is the one seam both use: the /report route passes the
signed-in user, the share-link view passes the link's owner with
``shared=True``. A shared page is read-only: it is rendered as if nobody were
signed in (no nav, no app script, no link to settings or edit pages), even
when the viewer's browser happens to hold a FirstStep session of its own.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from babel.dates import format_time
from flask import render_template
from flask_login import AnonymousUserMixin
from markupsafe import Markup

from tracker.analysis.compare import signed
from tracker.catalog import DISCLAIMER
from tracker.i18n import text
from tracker.models import User
from tracker.report.service import pause_label, report_data, sign_labels
from tracker.report.svg import HEIGHT, SHORT_HEIGHT, experiment_weeks_svg, pain_chart_svg


def pain(value: float | None) -> str:
    """Pain means to one decimal, as the progress sentence words them (1,6 in German)."""
    return "–" if value is None else text.number(value, 1)


def percent(value: float | None) -> str:
    """Whole percentages exactly as the dashboard shows them: the API's 3 decimals, then
    JavaScript's Math.round (half up; Python's round() would send 62.5 to 62), written
    the reader's way (62 % in German)."""
    if value is None:
        return "–"
    return text.percent(math.floor(round(value, 3) * 100 + 0.5) / 100)


def whole(value: float) -> str:
    """Minutes and the like, rounded to a whole number: 1,234 / 1.234."""
    return text.number(value, 0)


def weekday(day: date) -> str:
    """The short weekday a table row starts with: Fri, Fr., vie."""
    return text.date(day, "EEE")


def clock(moment: datetime) -> str:
    """The 24-hour time of the person's clock (``moment`` carries their timezone)."""
    return format_time(moment, "HH:mm", locale=text.current_locale())


def effect(value: float | None) -> str:
    """A difference in pain points, one decimal, with a true minus sign."""
    return "–" if value is None else signed(value, 1)


def render_report(
    user: User, start: date, end: date, *, shared: bool = False, token: str | None = None
) -> str:
    """The whole HTML page of the report for ``user`` over ``start``..``end``; a shared
    page passes its link's ``token``, so its file links stay within the link."""
    report = report_data(user, start, end, voice="they" if shared else "you")
    running = report.experiment is not None and not report.experiment["shown"]
    chart = pain_chart_svg(
        report.days,
        report.rolling,
        [change.start for change in report.plan_changes],
        height=SHORT_HEIGHT if running else HEIGHT,
    )
    weeks = ""
    experiment = report.experiment or {}
    timeline = experiment.get("timeline")
    if timeline:
        labels = {c["key"]: c["label"] for c in experiment["conditions"]}
        weeks = experiment_weeks_svg(
            timeline.blocks, timeline.pains, timeline.last_lived, timeline.paused, labels
        )
    context: dict[str, Any] = {
        "report": report,
        "chart": Markup(chart),  # built by ElementTree, which escaped every value
        "weeks_chart": Markup(weeks),
        "shared": shared,
        "token": token,
        "report_disclaimer": text.gettext(str(DISCLAIMER)),
        "fmt": {
            "pain": pain,
            "percent": percent,
            "effect": effect,
            "whole": whole,
            "weekday": weekday,
            "clock": clock,
        },
        "measures": {
            "consistency": text.gettext("Consistency"),
            "intensity": text.gettext("Intensity"),
        },
        "pause_label": pause_label,
        "sign_labels": lambda slugs: ", ".join(sign_labels(slugs, short=True)),
    }
    if shared:
        # Passed context wins over context processors: base.html then draws no nav.
        context["current_user"] = AnonymousUserMixin()
    return render_template("report/report.html", **context)
