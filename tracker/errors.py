"""One error shape for the API, and plain pages for the browser.

API errors are JSON ``{"code", "status", "message", "errors"}`` where ``errors``
maps a location ("json", "query") to fields and their reasons: the field and
the reason are what a client needs to fix its request.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from tracker.extensions import api, db

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.path == "/healthz"
        or (request.accept_mimetypes.best == "application/json")
    )


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    if wants_json():
        _ensure_message(error)
        return api.handle_http_exception(error)
    try:
        body = render_template("error.html", error=error)
    except Exception:  # the page templates may not exist in a bare API deployment
        body = f"<h1>{error.code} {error.name}</h1><p>{error.description}</p>"
    return body, error.code or 500


def _ensure_message(error: HTTPException) -> None:
    """Every API error carries a sentence; a validation error names its fields in it."""
    data = dict(getattr(error, "data", None) or {})
    if "message" in data:
        return
    problems = data.get("messages") or data.get("errors")
    if isinstance(problems, dict):
        fields = sorted(
            {name for where in problems.values() if isinstance(where, dict) for name in where}
            - {"_schema"}
        )
        # Whole-body problems ("Invalid JSON body.") are reasons without a field.
        reasons: list[str] = []
        for where in problems.values():
            found = where.get("_schema") if isinstance(where, dict) else where
            if isinstance(found, list):
                reasons += [reason for reason in found if isinstance(reason, str)]
        data["message"] = (
            "Check these fields: " + ", ".join(fields) + "."
            if fields
            else " ".join(reasons) or "The request is invalid."
        )
    else:
        data["message"] = error.description
    error.data = data


def _unexpected(error: Exception) -> Response | tuple[str, int]:
    log.exception("unhandled error", exc_info=error)
    db.session.rollback()
    return _http_error(InternalServerError())


RETRY_AFTER_S = 5


def _database_unavailable(error: Exception) -> Response | tuple[str, int]:
    """The database is down, restarting or locked past the busy timeout: a 503 the client
    may retry (the outbox does), not a 500. The pool's pre-ping reconnects by itself."""
    log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    try:
        db.session.rollback()
    except Exception:  # the rollback needs the connection that just failed
        db.session.remove()
    unavailable = ServiceUnavailable(
        "The database is unavailable right now. Nothing was saved; try again in a few seconds."
    )
    response = current_app.make_response(_http_error(unavailable))
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def json_error(code: int, message: str, **extra: object) -> Response:
    response = jsonify(code=code, status=HTTPException.__name__, message=message, **extra)
    response.status_code = code
    return response


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)
