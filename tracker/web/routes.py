"""Page routes. Placeholder until the phone app lands: the start page is the API docs."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for

bp = Blueprint("web", __name__, template_folder="templates")


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    return redirect(url_for("api-docs.openapi_swagger_ui"))
