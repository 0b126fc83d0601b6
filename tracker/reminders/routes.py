"""/reminders (choose the times) and /reminders.ics (the calendar file)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from tracker.reminders.calendar import reminders_calendar, reminders_for
from tracker.timeutil import local_date_of

pages = Blueprint("reminders", __name__, template_folder="templates")

ICS_NAME = "firststep-reminders.ics"


@pages.get("/reminders")
@login_required
def index() -> ResponseReturnValue:
    return render_template("reminders/reminders.html")


@pages.get("/reminders.ics")
@login_required
def calendar_file() -> Response:
    """The calendar for the signed-in person; the page's times are saved before it is fetched."""
    reminders = reminders_for(
        current_user,
        url_for("web.today", _external=True),
        url_for("web.log_session", _external=True),
    )
    first_day = local_date_of(current_user.created_at, current_user.timezone)
    body = reminders_calendar(current_user, reminders, first_day, datetime.now(UTC))
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{ICS_NAME}"'
    response.headers["Cache-Control"] = "no-store"
    return response
