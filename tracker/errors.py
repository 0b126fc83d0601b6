"""One error shape for the API, and plain pages for the browser.

API errors are JSON ``{"code", "status", "message", "errors"}`` where ``errors``
maps a location ("json", "query") to fields and their reasons: the field and
the reason are what a client needs to fix its request. Services raise
``DomainError`` (``tracker.common.errors``), never an HTTP error: its handler here
gives it that same shape, 422 for an invalid field, 409 for a conflict.

What reaches the log is the error's type and where it happened, never its
message: a database error's message can quote a stored row ("Failing row
contains ..."), and any exception's message may quote the input that caused it.
"""

from __future__ import annotations

import logging
import traceback

from flask import Flask, Response, current_app, jsonify, render_template, request
from sqlalchemy.exc import (
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import (
    Conflict,
    HTTPException,
    InternalServerError,
    NotFound,
    ServiceUnavailable,
    UnprocessableEntity,
)
from werkzeug.http import HTTP_STATUS_CODES

from tracker.common.errors import DomainError, Kind
from tracker.extensions import api, db
from tracker.i18n.text import N_, current_language
from tracker.i18n.text import gettext as _

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.path == "/healthz"
        or (request.accept_mimetypes.best == "application/json")
    )


ERROR_NAMES: dict[int, str] = {
    400: N_("Bad Request"),
    401: N_("Unauthorized"),
    403: N_("Forbidden"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    409: N_("Conflict"),
    413: N_("Request Entity Too Large"),
    415: N_("Unsupported Media Type"),
    422: N_("Unprocessable Entity"),
    429: N_("Too Many Requests"),
    500: N_("Internal Server Error"),
    503: N_("Service Unavailable"),
}
"""An error page's title, as werkzeug names the status in English."""
ERROR_TEXTS: dict[int, str] = {
    400: N_("The request could not be understood. Go back and try again."),
    401: N_("Sign in to see this page."),
    403: N_("This page is not yours to see, or the form has expired: reload and try again."),
    405: N_("This address does not take this kind of request."),
    409: N_("This change clashed with another one. Nothing was saved; reload and try again."),
    413: N_("What was sent is too large."),
    415: N_("What was sent is in a format this page does not take."),
    422: N_("Something in the form is not valid. Nothing was saved; go back and check it."),
    429: N_("Too many tries in a short time. Wait a minute and try again."),
}
"""A page's sentence when the error's own (werkzeug's, or a service's) is not translated."""


def page_words(error: HTTPException) -> tuple[str, str]:
    """The error page's title and sentence in the page's language: our own sentences are
    in the catalogue; werkzeug's English ones give way to a translated one per status."""
    code = error.code or 500
    title = _(ERROR_NAMES[code]) if code in ERROR_NAMES else error.name
    text = str(error.description or "")
    translated = _(text) if text else text
    if translated == text and current_language() != "en":
        translated = _(ERROR_TEXTS.get(code, N_("This request could not be completed.")))
    return title, translated


def _http_error(error: HTTPException) -> Response:
    if wants_json():
        _ensure_message(error)
        response = current_app.make_response(api.handle_http_exception(error))
    else:
        try:
            title, text = page_words(error)
            body = render_template("error.html", error=error, error_title=title, error_text=text)
        except Exception:  # the page templates may not exist in a bare API deployment
            body = f"<h1>{error.code} {error.name}</h1><p>{error.description}</p>"
        response = current_app.make_response((body, error.code or 500))
    # The error's own headers, such as a 405's Allow: the body is ours, the headers stay.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers.setdefault(name, value)
    return response


_DOMAIN_STATUS: dict[Kind, type[HTTPException]] = {
    "invalid": UnprocessableEntity,
    "conflict": Conflict,
    "not_found": NotFound,
}


def _domain_error(error: DomainError) -> Response:
    """A service's refusal, as the HTTP error it means: the body names the field and the
    reason under ``errors``; a page shows the sentence. Nothing the request changed is kept."""
    _rollback()
    http_error = _DOMAIN_STATUS[error.kind](description=error.message)
    data: dict[str, object] = {"message": error.message}
    if error.field is not None:
        data["errors"] = {error.location: {error.field: [error.reason]}}
    http_error.data = data  # type: ignore[attr-defined]  # read by flask-smorest's handler
    return _http_error(http_error)


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
    # flask-smorest takes an error's JSON body from ``data``, which werkzeug does not declare.
    error.data = data  # type: ignore[attr-defined]


def log_error_safely(message: str, error: BaseException, level: int = logging.ERROR) -> None:
    """The type, the database's error code and the code path of ``error``; not its text."""
    kind = type(error).__name__
    orig = getattr(error, "orig", None)
    if orig is not None:
        code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None) or ""
        kind = f"{kind} from {type(orig).__name__} {code}".rstrip()
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.log(level, "%s: %s\n%s", message, kind, frames)


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the rollback needs the connection that just failed
        db.session.remove()


def _unexpected(error: Exception) -> Response:
    log_error_safely("unhandled error", error)
    _rollback()
    return _http_error(InternalServerError())


def _conflict(error: IntegrityError) -> Response:
    """A constraint the request's own checks could not see coming: a row written or deleted
    by a racing request (a check-in posted while its account is being deleted). The client
    can do something about it (reload, retry), so a 409 rather than a 500."""
    log_error_safely("write refused by the database", error, logging.WARNING)
    _rollback()
    return _http_error(
        Conflict(
            N_(
                "This change clashed with another one made at the same moment (a record added "
                "or deleted meanwhile). Nothing was saved; reload and try again."
            )
        )
    )


def _bad_value(error: DataError) -> Response:
    """A value the database cannot store (a number out of its range): the request's fault."""
    log_error_safely("value refused by the database", error, logging.WARNING)
    _rollback()
    return _http_error(
        UnprocessableEntity(
            N_(
                "A value in this request is out of the range the database can store. "
                "Nothing was saved."
            )
        )
    )


RETRY_AFTER_S = 5


def _database_unavailable(error: Exception) -> Response | tuple[str, int]:
    """The database is down, restarting or locked past the busy timeout: a 503 the client
    may retry (the outbox does), not a 500. The pool's pre-ping reconnects by itself."""
    log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    _rollback()
    unavailable = ServiceUnavailable(
        N_("The database is unavailable right now. Nothing was saved; try again in a few seconds.")
    )
    response = current_app.make_response(_http_error(unavailable))
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def json_error(code: int, message: str, **extra: object) -> Response:
    """The API's error body for a response built by hand (a share link's refusal): its
    ``status`` is the phrase every other error gives, as werkzeug names it."""
    response = jsonify(code=code, status=HTTP_STATUS_CODES[code], message=message, **extra)
    response.status_code = code
    return response


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)
    app.register_error_handler(PoolTimeout, _database_unavailable)  # every connection busy
    app.register_error_handler(IntegrityError, _conflict)
    app.register_error_handler(DataError, _bad_value)
    app.register_error_handler(Exception, _unexpected)
