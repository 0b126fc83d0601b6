"""/report: a printable page built from the dashboard's analysis."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user, login_required

from tracker.common.dates import report_range
from tracker.history import first_day_of_use
from tracker.report.page import render_report

pages = Blueprint("report", __name__, template_folder="templates")


@pages.get("/report")
@login_required
def report() -> str:
    """One page for the physiotherapist; ``?from=&to=`` default to the last 8 weeks, from
    the first day of use if later."""
    start, end = report_range(request.args, current_user.timezone, first_day_of_use(current_user))
    return render_report(current_user, start, end)
