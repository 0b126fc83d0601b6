"""One JSON line per request, with a request id the client also sees.

The access log is the app's, not gunicorn's: a raw request line carries query
strings and share-link tokens, so what is logged is the matched route
template (``/s/<token>``), never the path. No body, header or query value is
ever logged, so pain scores, notes, passwords and tokens cannot leak here.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, request

REQUEST_ID_HEADER = "X-Request-ID"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
"""A proxy's id is kept if it looks like one; anything else could be an injection."""

access_log = logging.getLogger("tracker.access")


class JsonFormatter(logging.Formatter):
    """Fields first-class, so a log pipeline can filter on status or latency."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, separators=(",", ":"))


def request_id() -> str:
    return getattr(g, "request_id", "")


def _start() -> None:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _CLIENT_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    if not request_id():  # answered before _start ran (the HTTPS redirect comes first)
        _start()
    response.headers[REQUEST_ID_HEADER] = request_id()
    started = getattr(g, "request_started", None)
    # The line is built only when it will be written (bench/load.py's servers log warnings
    # only): a tenth of a millisecond a request otherwise spent on a line nobody reads.
    if started is not None and access_log.isEnabledFor(logging.INFO):
        rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
        access_log.info(
            "request",
            extra={
                "fields": {
                    "method": request.method,
                    "route": rule,
                    "status": response.status_code,
                    "latency_ms": round((time.perf_counter() - started) * 1000, 2),
                    "request_id": request_id(),
                }
            },
        )
    return response


def init_logging(app: Flask) -> None:
    """Request ids always; JSON lines on stderr when LOG_FORMAT is "json" (production)."""
    app.before_request(_start)
    app.after_request(_finish)
    if app.config.get("LOG_FORMAT") == "json":
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
        # Alembic announces its plugins at import; that is start-up noise, not operations.
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
