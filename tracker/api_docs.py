"""Swagger UI's files served from our own origin, so /api/docs works with no internet."""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("api_assets", __name__)

ASSETS_URL = "/api/docs/assets/"


@bp.get(f"{ASSETS_URL}<path:filename>")
def swagger_asset(filename: str) -> Response:
    return send_from_directory(swagger_ui_path, filename, max_age=7 * 24 * 3600)
