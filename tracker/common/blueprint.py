"""An API blueprint that is private by default.

Every resource of a person's health data sits behind sign-in; making that the
default (not a decorator to remember) means a new route cannot forget it.
Cookie-authenticated unsafe requests must carry the CSRF token; bearer-token
requests cannot be forged by another site, so they need none.
"""

from __future__ import annotations

import json
from typing import Any

from flask import g, request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from webargs.flaskparser import FlaskParser

from tracker.auth.service import bearer_user, uses_bearer_token
from tracker.extensions import csrf

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class JsonSafeParser(FlaskParser):
    """webargs' parser, but JSON nested deeper than Python's recursion limit is a 400
    "Invalid JSON body." like any other unreadable body, not a RecursionError (a 500)."""

    def _raw_load_json(self, req: Any) -> Any:
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("Nested too deeply", "[", 0) from None


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonSafeParser()

    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        """The header is one JSON text, so it is documented as a string (flask-smorest's
        object schema would tell clients to read it as comma-separated key/value pairs)."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "JSON: total, total_pages, first_page, last_page, page, "
            'previous_page, next_page, e.g. {"total": 42, "total_pages": 5, "page": 1}',
            "schema": {"type": "string"},
        }


ROW_ID = "int(max=2147483647)"
"""URL converter for a row id: a larger number cannot be an INTEGER key, so it is a 404
from routing rather than an overflow in the database driver (a 500)."""


def require_csrf_for_cookie_clients() -> None:
    """Only a bearer token that names someone exempts a request: any other site can send
    a junk `Authorization` header along with the victim's cookies."""
    if request.method in SAFE_METHODS:
        return
    if uses_bearer_token() and bearer_user() is not None:
        return
    csrf.protect()


def _json_only() -> None:
    """A form post or plain text is refused by name, not read as an empty object."""
    if (
        request.method in {"POST", "PUT", "PATCH"}
        and request.content_length
        and not request.is_json
    ):
        abort(415, message="Send the body as JSON with Content-Type: application/json.")


def require_sign_in() -> None:
    if uses_bearer_token():
        # The token alone decides, even beside a session cookie: a revoked token must
        # never be rescued by a cookie that happens to ride along.
        user = bearer_user()
        if user is None:
            abort(401, message="The bearer token is unknown or was revoked.")
        g._login_user = user  # what Flask-Login's current_user reads
        return
    if not current_user.is_authenticated:
        abort(401, message="Sign in (POST /api/v1/auth/login) or send a bearer token.")
    require_csrf_for_cookie_clients()


def api_blueprint(
    name: str, url_prefix: str, description: str, *, public: bool = False
) -> Blueprint:
    blp = ApiBlueprint(name, f"tracker.{name}", url_prefix=url_prefix, description=description)
    csrf.exempt(blp)
    blp.before_request(_json_only)
    if not public:
        blp.before_request(require_sign_in)
    return blp
