"""/api/v1/stats/summary, /api/v1/charts/<name>, and the /dashboard page."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user, login_required
from flask_smorest import abort

from tracker.charts import CHART_NAMES
from tracker.charts.locale import PLOTLY_LOCALE_FILES, plotly_locale
from tracker.charts.style import dark_colours
from tracker.common.blueprint import api_blueprint
from tracker.common.cache import Cached, json_response, not_modified
from tracker.common.dates import DateRangeArgs, range_rules
from tracker.dashboard.schemas import ChartSchema, DashboardSchema, SummarySchema
from tracker.dashboard.service import chart_for, dashboard_for, dashboard_page, summary_for
from tracker.export.files import export_defaults
from tracker.i18n.text import current_language
from tracker.web.assets import asset_url

stats_blp = api_blueprint("stats", "/stats", "Your numbers: progress, adherence, the headline.")
charts_blp = api_blueprint("charts", "/charts", "Plotly figures for the dashboard, as JSON.")
dashboard_blp = api_blueprint(
    "dashboard_api", "/dashboard", "The summary and every chart in one response."
)
pages = Blueprint("dashboard", __name__, template_folder="templates")
# The charts' dark shades go with the page (a share link's too), not with every payload.
pages.add_app_template_global(dark_colours, "chart_dark_colours")


@pages.app_template_global("chart_locale")
def chart_locale() -> dict[str, Any]:
    """How plotly.js writes dates and numbers on this page: the page's language, Babel's day
    and month names for it, and plotly's own locale file for the words of its interface
    (served from our origin like plotly.js itself; none for English, plotly's own)."""
    language = current_language()
    file = PLOTLY_LOCALE_FILES.get(language)
    return {
        "locale": language,
        "file": asset_url(file) if file else None,
        "definition": plotly_locale(language),
    }


PLOTLY_FILE = "vendor/plotly-basic-4.1.1.min.js"


@stats_blp.route("/summary")
@stats_blp.arguments(DateRangeArgs(), location="query")
@stats_blp.response(200, SummarySchema)
def summary(args: dict[str, Any]):
    """Everything the dashboard says in numbers, for a range of local dates.

    Defaults: from the first day you logged to today. Correlations use
    Spearman's rho with a 95% interval by Fisher's z; a verdict is given in
    words only with at least 14 mornings and an interval that excludes zero.
    """
    return _conditional(summary_for(current_user, args["date_from"], args["date_to"]))


@dashboard_blp.route("")
@dashboard_blp.arguments(DateRangeArgs(), location="query")
@dashboard_blp.response(200, DashboardSchema)
def dashboard(args: dict[str, Any]):
    """What the /dashboard page draws: the summary and all five charts.

    One request, so the history is read and analysed once per page load
    rather than once per chart.
    """
    return _conditional(dashboard_for(current_user, args["date_from"], args["date_to"]))


@charts_blp.route("/<string:name>")
@charts_blp.arguments(DateRangeArgs(), location="query")
@charts_blp.response(200, ChartSchema)
@charts_blp.alt_response(404, response="NOT_FOUND")
def chart(args: dict[str, Any], name: str):
    """One chart: pain, calendar, headline, weekly or techniques."""
    if name not in CHART_NAMES:
        abort(404, message=f"No chart named {name!r}; try one of {', '.join(CHART_NAMES)}.")
    return _conditional(chart_for(current_user, name, args["date_from"], args["date_to"]))


def _conditional(result: Cached[Any]) -> Any:
    """304 when the phone holds this version already; else the (cached) body, with the
    ETag it sends back next time. Either way the answer is private and revalidated."""
    unchanged = not_modified(result.key)
    if unchanged is not None:
        return unchanged
    with range_rules():
        text = result.value()
    return json_response(text, result.key)


@pages.get("/dashboard")
@login_required
def index():
    export_from, export_to = export_defaults(current_user)
    return render_template(
        "dashboard.html",
        dashboard=dashboard_page(current_user),
        export_from=export_from,
        export_to=export_to,
    )


@cache
def _plotly_gzip(path: str) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


@pages.get("/assets/plotly.js")
def plotly_js() -> Response:
    """Our own copy of plotly.js (basic bundle: scatter and bar), gzipped once per process."""
    path = Path(current_app.static_folder or "static") / PLOTLY_FILE
    response = current_app.response_class(mimetype="text/javascript")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(_plotly_gzip(str(path)))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(path.read_bytes())
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
