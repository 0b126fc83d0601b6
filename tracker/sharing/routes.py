"""/api/v1/share-links (manage links) and /s/<token>/... (what a link opens)."""

from __future__ import annotations

from flask import Blueprint

from tracker.common.blueprint import api_blueprint

blp = api_blueprint("sharing", "/share-links", "Read-only links for a physiotherapist.")
pages = Blueprint("sharing_pages", __name__, template_folder="templates")
