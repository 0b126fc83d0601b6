"""/s/<token>/...: what a share link opens, for whoever holds it (the owner's side,
making and revoking links, is ``owner.py``).

A link opens one person's report, dashboard and CSV and Excel files with no sign-in and
nothing else: every /s/ view is a GET that reads through the same code as the
signed-in pages, and no share visit ever writes a session cookie, so a link
cannot sign its holder in. The token is the only credential, so opening links
is rate-limited per address (brute force would need ~2^255 tries anyway) and
the pages ask for no referrer, no caching and no indexing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import HTTPException, abort

from tracker.common.cache import json_response
from tracker.common.dates import query_dates, range_rules, report_range
from tracker.common.formats import full_date
from tracker.dashboard.service import dashboard_for, dashboard_page
from tracker.errors import json_error, wants_json
from tracker.export.files import daily_file, export_defaults, record_file
from tracker.extensions import limiter
from tracker.history import first_day_of_use
from tracker.i18n.text import gettext
from tracker.models import ShareLink, User
from tracker.report.page import render_report
from tracker.sharing.service import EXPIRED, LinkUnavailable, open_link
from tracker.timeutil import local_date_of

pages = Blueprint("sharing_pages", __name__, template_folder="templates")

OPEN_LIMIT = "30 per minute"
"""Per address, over all /s/ pages together: a physiotherapist's visit is a handful of
requests, a token guesser's is thousands."""
open_limit = limiter.shared_limit(OPEN_LIMIT, scope="share-link-open")

SHARE_PREFIX = "/s/"
SHARE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


def _refusal(code: int, title: str, message: str, errors: dict[str, Any] | None = None) -> Response:
    if wants_json():
        return json_error(code, message, **({"errors": errors} if errors else {}))
    body = render_template(
        "sharing/refused.html",
        code=code,
        title=title,
        message=message,
        current_user=AnonymousUserMixin(),
    )
    return current_app.response_class(body, status=code, mimetype="text/html")


def _owner_of(token: str) -> tuple[ShareLink, User]:
    """The live link and its owner, or a refusal page that says why (410) or nothing (404)."""
    try:
        return open_link(token)
    except LinkUnavailable as closed:
        if closed.day is None:
            refusal = _refusal(
                404,
                gettext("Link not found"),
                gettext(
                    "This share link does not exist. Check that it was copied whole, "
                    "or ask for a new one."
                ),
            )
        elif closed.status == EXPIRED:
            refusal = _refusal(
                410,
                gettext("This link expired"),
                gettext(
                    "This link expired on %(day)s; ask the person who sent it for a new one.",
                    day=full_date(closed.day),
                ),
            )
        else:
            refusal = _refusal(
                410,
                gettext("This link was revoked"),
                gettext(
                    "This link was revoked on %(day)s; ask the person who sent it for a new one.",
                    day=full_date(closed.day),
                ),
            )
    abort(refusal)


def _dates() -> tuple[date | None, date | None]:
    """``from``/``to`` as the API reads them; a bad value is a 422 naming the field."""
    return query_dates(request.args)


def _shared_page(template: str, token: str, **context: Any) -> str:
    """Rendered as if nobody were signed in: no nav, no app script, no owner's session."""
    return render_template(template, token=token, current_user=AnonymousUserMixin(), **context)


@pages.get("/s/<token>")
@open_limit
def landing(token: str) -> ResponseReturnValue:
    link, owner = _owner_of(token)
    export_from, export_to = export_defaults(owner)
    return _shared_page(
        "sharing/landing.html",
        token,
        expires=full_date(local_date_of(link.expires_at, owner.timezone)),
        timezone=owner.timezone,
        export_from=export_from,
        export_to=export_to,
    )


@pages.get("/s/<token>/report")
@open_limit
def report(token: str) -> ResponseReturnValue:
    _, owner = _owner_of(token)
    start, end = report_range(request.args, owner.timezone, first_day_of_use(owner))
    return render_report(owner, start, end, shared=True, token=token)


@pages.get("/s/<token>/dashboard")
@open_limit
def dashboard(token: str) -> ResponseReturnValue:
    _, owner = _owner_of(token)
    return _shared_page(
        "dashboard.html",
        token,
        dashboard=dashboard_page(owner, voice="they"),
        shared=True,
        data_url=url_for(".dashboard_json", token=token),
        shared_home=url_for(".landing", token=token),
    )


@pages.get("/s/<token>/dashboard.json")
@open_limit
def dashboard_json(token: str) -> ResponseReturnValue:
    """The numbers of /api/v1/dashboard, through the same function and schema, its
    sentences about the person rather than to them."""
    _, owner = _owner_of(token)
    with range_rules():
        return json_response(dashboard_for(owner, *_dates(), voice="they").value())


@pages.get("/s/<token>/daily.csv", defaults={"fmt": "csv"})
@pages.get("/s/<token>/daily.xlsx", defaults={"fmt": "xlsx"}, endpoint="daily_xlsx")
@open_limit
def daily(token: str, fmt: str) -> ResponseReturnValue:
    _, owner = _owner_of(token)
    return daily_file(owner, *_dates(), fmt)


@pages.get("/s/<token>/sessions.csv", defaults={"fmt": "csv"})
@pages.get("/s/<token>/sessions.xlsx", defaults={"fmt": "xlsx"}, endpoint="sessions_xlsx")
@open_limit
def sessions(token: str, fmt: str) -> ResponseReturnValue:
    _, owner = _owner_of(token)
    return record_file("sessions", owner, *_dates(), fmt)


@pages.get("/s/<token>/checkins.csv", defaults={"fmt": "csv"})
@pages.get("/s/<token>/checkins.xlsx", defaults={"fmt": "xlsx"}, endpoint="checkins_xlsx")
@open_limit
def checkins(token: str, fmt: str) -> ResponseReturnValue:
    _, owner = _owner_of(token)
    return record_file("checkins", owner, *_dates(), fmt)


@pages.errorhandler(422)
@pages.errorhandler(429)
def _refused(error: HTTPException) -> ResponseReturnValue:
    """Too many tries or bad dates on a share page: a page that says so, not a bare code."""
    data = getattr(error, "data", None) or {}
    message = data.get("message") or error.description or ""
    if error.code == 429:
        title = gettext("Too many tries")
        message = gettext(
            "This address opened too many share pages in a short time. "
            "Wait a minute, then reload the page."
        )
    else:
        title = gettext("Check the dates")
    return _refusal(error.code or 400, title, message, data.get("errors"))


@pages.after_app_request
def _private_headers(response: Response) -> Response:
    """No referrer (the token is in the URL), no cache, no search engine; no cookie.

    For every /s/ address, refusals and the app's own 404 and 405 pages included.
    A page's template asks for a CSRF token, which would start a session and so set
    a cookie: a visitor who came without one must leave without one, and a visitor
    who has a session of their own (the owner, testing the link) keeps it untouched.
    """
    if not request.path.startswith(SHARE_PREFIX):
        return response
    response.headers.update(SHARE_HEADERS)
    if current_app.config.get("SESSION_COOKIE_NAME", "session") not in request.cookies:
        session.clear()
        session.modified = False
    return response
