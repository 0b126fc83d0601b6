"""POST /api/v1/import and the /import page."""

from __future__ import annotations

from flask import Blueprint

from tracker.common.blueprint import api_blueprint

blp = api_blueprint("imports", "/import", "Import the sessions and check-ins CSV files.")
pages = Blueprint("imports_pages", __name__, template_folder="templates")
