"""An API blueprint that is private by default.

Every resource of a person's health data sits behind sign-in; making that the
default (not a decorator to remember) means a new route cannot forget it.
Cookie-authenticated unsafe requests must carry the CSRF token; bearer-token
requests cannot be forged by another site, so they need none.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from flask import g, request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import Schema, missing
from webargs.flaskparser import FlaskParser

from tracker.auth.service import bearer_user, uses_bearer_token
from tracker.common.errors import invalid
from tracker.extensions import csrf

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _has_lone_surrogate(value: Any) -> bool:
    """JSON may spell half of a UTF-16 pair ("\\ud800"); no database or file can store it."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


QUERY_LOCATIONS = frozenset({"query", "querystring"})
MEMO_SIZE = 1024


class _QueryMemo(FlaskParser):
    """A query string's arguments loaded once per schema and query, not on every request.

    What a query schema loads depends on the query string alone: the app's only one is
    ``DateRangeArgs`` (dates, their order, the earliest day) and flask-smorest's paging
    parameters (page, page size); neither reads the clock, the person or the language. So
    the answer for the same schema and the same query is the same, and loading it through
    webargs and marshmallow again was a tenth of a list request's CPU. A query that fails
    to load is never kept: it fails (with its message) every time. Each request gets a
    copy, so no view can change what the next one receives. A query schema that did read
    anything else must not be parsed through this parser."""

    def __init__(self) -> None:
        super().__init__()
        self._loaded: dict[tuple[Any, ...], dict[str, Any]] = {}

    def parse(self, argmap: Any, req: Any = None, *, location: Any = None, **options: Any) -> Any:
        if location not in QUERY_LOCATIONS or options.get("validate") is not None:
            return super().parse(argmap, req, location=location, **options)
        query = (req if req is not None else request).args
        key = (argmap, repr(options.get("unknown")), tuple(query.items(multi=True)))
        loaded = self._loaded.get(key)
        if loaded is None:
            loaded = super().parse(argmap, req, location=location, **options)
            if not isinstance(loaded, dict):
                return loaded
            if len(self._loaded) >= MEMO_SIZE:
                self._loaded.clear()  # many different queries: start again rather than grow
            self._loaded[key] = loaded
        return dict(loaded)


class JsonSafeParser(_QueryMemo):
    """webargs' parser, made to answer every body it cannot use with a 4xx, never a 500:

    - JSON nested deeper than Python's recursion limit, or a number longer than Python's
      4,300-digit limit for ``int()``, is a 400 "Invalid JSON body." like any unreadable body;
    - a string with a lone surrogate is a 422 naming its field;
    - a route whose body may be empty (every field optional) still wants one, ``{}`` at
      least (422), and a PATCH must change at least one field: a request with no body, or
      an empty PATCH, is more likely a client's bug than a wish.
    """

    def _raw_load_json(self, req: Any) -> Any:
        try:
            data = super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("Nested too deeply", "[", 0) from None
        except json.JSONDecodeError:
            raise
        except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
            raise json.JSONDecodeError("Number too long", "0", 0) from None
        if _has_lone_surrogate(data):
            fields = data.items() if isinstance(data, dict) else ()
            named = [
                key
                for key, value in fields
                if _has_lone_surrogate(value) and not _has_lone_surrogate(key)
            ]
            raise invalid(
                named[0] if named else "_schema",
                "Contains an invalid character (half of a UTF-16 surrogate pair).",
            )
        return data

    def load_json(self, req: Any, schema: Any) -> Any:
        data = super().load_json(req, schema)
        if req.method == "PATCH" and (data is missing or data == {}):
            abort(422, message="Send at least one field to change, as a JSON object.")
        if data is missing and not any(field.required for field in schema.fields.values()):
            abort(422, message="Send the body as JSON (an empty object {} if no field applies).")
        return data


class _OneSchemaParser(_QueryMemo):
    """flask-smorest's paging parser, with one schema object per schema class rather than
    a new one per request: making one deep-copies its fields, a tenth of a list request's
    time. A schema object keeps no state between loads."""

    def __init__(self) -> None:
        super().__init__()
        self._schemas: dict[type[Schema], Schema] = {}

    def _get_schema(self, argmap: Any, req: Any) -> Schema:
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            schema = self._schemas.get(argmap)
            if schema is None:
                schema = self._schemas[argmap] = argmap()
            return schema
        return super()._get_schema(argmap, req)


@lru_cache(maxsize=4096)
def _pagination_header(page: int, page_size: int, item_count: int) -> str:
    """The X-Pagination text depends on three numbers alone: flask-smorest's own metadata
    (with a new schema object each time), worked out once per combination."""
    return json.dumps(Blueprint._make_pagination_metadata(page, page_size, item_count))


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonSafeParser()
    PAGINATION_ARGUMENTS_PARSER = _OneSchemaParser()

    def _set_pagination_metadata(
        self, page_params: Any, result: Any, headers: Any
    ) -> tuple[Any, Any]:
        headers = {} if headers is None else headers
        headers[self.PAGINATION_HEADER_NAME] = _pagination_header(
            page_params.page, page_params.page_size, page_params.item_count
        )
        return result, headers

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
