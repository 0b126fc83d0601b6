"""/api/v1/share-links (manage links) and /s/<token>/... (what a link opens).

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
from flask.views import MethodView
from flask_login import AnonymousUserMixin, current_user, login_required
from werkzeug.exceptions import HTTPException, abort

from tracker.charts import CHART_NAMES
from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.common.dates import query_dates
from tracker.dashboard.routes import bounded_range, dashboard_payload
from tracker.dashboard.schemas import DashboardSchema
from tracker.errors import json_error, wants_json
from tracker.export.routes import daily_file, record_file
from tracker.extensions import db, limiter
from tracker.models import ShareLink, User
from tracker.sharing.schemas import NewShareLinkSchema, ShareLinkCreateSchema, ShareLinkSchema
from tracker.sharing.service import (
    ACTIVE,
    EXPIRED,
    MAX_DAYS,
    find_link,
    issue_link,
    link_status,
    local_day,
    owned_links,
    revoke_link,
    touch,
)
from tracker.web.service import export_defaults, first_day_of_use

blp = api_blueprint("sharing", "/share-links", "Read-only links for a physiotherapist.")
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


def human_date(day: date) -> str:
    """'25 December 2026': the year matters for a link that may last up to a year."""
    return f"{day.day} {day:%B %Y}"


# ---- the owner's API ----


@blp.route("")
class ShareLinks(MethodView):
    @blp.response(200, ShareLinkSchema(many=True))
    def get(self):
        """Your share links, newest first, with whether each still opens (never the tokens)."""
        return owned_links(current_user)

    @limiter.limit("20 per hour")
    @blp.arguments(ShareLinkCreateSchema())
    @blp.response(201, NewShareLinkSchema)
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, data: dict[str, Any]):
        """Create a read-only link; its URL and token are in this response only."""
        link, token = issue_link(current_user, data["label"], data["expires_in_days"])
        # Not columns, so not in the model: handed out once in this response, never stored.
        link.secret = token  # type: ignore[attr-defined]
        link.url = url_for("sharing_pages.landing", token=token, _external=True)  # type: ignore[attr-defined]
        return link


@blp.route(f"/<{ROW_ID}:link_id>")
class ShareLinkById(MethodView):
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, link_id: int):
        """Revoke a link at once; it then answers 410. Revoking twice changes nothing."""
        revoke_link(current_user, link_id)


# ---- the owner's page ----


@pages.get("/share")
@login_required
def manage() -> ResponseReturnValue:
    zone = current_user.timezone
    links = [
        {
            "link": link,
            "status": link_status(link),
            "expires": human_date(local_day(link.expires_at, zone)),
            "created": human_date(local_day(link.created_at, zone)),
            "revoked": link.revoked_at and human_date(local_day(link.revoked_at, zone)),
            "used": link.last_used_at and human_date(local_day(link.last_used_at, zone)),
        }
        for link in owned_links(current_user)
    ]
    return render_template("sharing/manage.html", links=links, max_days=MAX_DAYS)


# ---- what a link opens ----


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
    link = find_link(token)
    if link is None:
        abort(
            _refusal(
                404,
                "Link not found",
                "This share link does not exist. Check that it was copied whole, "
                "or ask for a new one.",
            )
        )
    owner = db.session.get(User, link.user_id)
    assert owner is not None  # the foreign key cascades: no link outlives its owner
    status = link_status(link)
    if status != ACTIVE:
        when = link.expires_at if status == EXPIRED else link.revoked_at
        assert when is not None
        day = human_date(local_day(when, owner.timezone))
        verb = "expired" if status == EXPIRED else "was revoked"
        abort(
            _refusal(
                410,
                f"This link {verb}",
                f"This link {verb} on {day}; ask the person who sent it for a new one.",
            )
        )
    touch(link)
    return link, owner


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
        expires=human_date(local_day(link.expires_at, owner.timezone)),
        timezone=owner.timezone,
        export_from=export_from,
        export_to=export_to,
    )


@pages.get("/s/<token>/report")
@open_limit
def report(token: str) -> ResponseReturnValue:
    _, owner = _owner_of(token)
    from tracker.report.views import render_report, report_range

    start, end = report_range(request.args, owner.timezone, first_day_of_use(owner))
    return render_report(owner, start, end, shared=True, token=token)


@pages.get("/s/<token>/dashboard")
@open_limit
def dashboard(token: str) -> ResponseReturnValue:
    _owner_of(token)
    return _shared_page(
        "dashboard.html",
        token,
        chart_names=CHART_NAMES,
        shared=True,
        data_url=url_for(".dashboard_json", token=token),
        shared_home=url_for(".landing", token=token),
    )


@pages.get("/s/<token>/dashboard.json")
@open_limit
def dashboard_json(token: str) -> ResponseReturnValue:
    """The same body as /api/v1/dashboard, through the same function and schema."""
    _, owner = _owner_of(token)
    start, end = bounded_range(owner, *_dates())
    return DashboardSchema().dump(dashboard_payload(owner, start, end))


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
        title = "Too many tries"
        message = (
            "This address opened too many share pages in a short time. "
            "Wait a minute, then reload the page."
        )
    else:
        title = "Check the dates"
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
