"""/api/v1/my-data (download everything) and the /data page."""

from __future__ import annotations

from flask import Blueprint

from tracker.common.blueprint import api_blueprint

blp = api_blueprint("mydata", "/my-data", "Everything you stored, as one download.")
pages = Blueprint("mydata_pages", __name__, template_folder="templates")
