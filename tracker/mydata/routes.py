"""/api/v1/my-data (download everything) and the /data page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from flask import Blueprint, Response, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from tracker.common.blueprint import api_blueprint
from tracker.export.files import export_defaults
from tracker.mydata.service import SEND_CHUNK, write_archive
from tracker.timeutil import local_today

blp = api_blueprint("mydata", "/my-data", "Everything you stored, as one download.")
pages = Blueprint("mydata_pages", __name__, template_folder="templates")


@blp.route("")
@blp.response(
    200,
    {"type": "string", "format": "binary"},
    content_type="application/zip",
    description="A zip of daily.csv (from your first day, at most 7,320 days back, to today), "
    "sessions.csv, checkins.csv, pauses.csv and plans.csv in the export format (the import "
    "takes them back), and account.json with your "
    "settings, plan history, token names and share-link labels (never a secret).",
)
def download() -> ResponseReturnValue:
    """Everything you stored, as one zip file named for today's date."""
    today = local_today(current_user.timezone)
    archive = write_archive(current_user, today)
    size = archive.seek(0, 2)
    archive.seek(0)
    response = Response(_drain(archive), mimetype="application/zip", direct_passthrough=True)
    response.content_length = size
    name = f"firststep-data-{today.isoformat()}.zip"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    response.headers["Cache-Control"] = "no-store"
    return response


def _drain(archive: IO[bytes]) -> Iterator[bytes]:
    """Send the finished zip in pieces; the temporary file goes when the last is sent
    or the client hangs up (the server closes this generator either way)."""
    try:
        while chunk := archive.read(SEND_CHUNK):
            yield chunk
    finally:
        archive.close()


@pages.get("/data")
@login_required
def index() -> ResponseReturnValue:
    export_from, export_to = export_defaults(current_user)
    return render_template("mydata/data.html", export_from=export_from, export_to=export_to)
