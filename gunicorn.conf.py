"""Production server settings: `gunicorn -c gunicorn.conf.py` (see README, "Production").

Threads per worker serve the many short, I/O-bound requests a diary app gets;
several processes use the cores. Each setting can be overridden from the
environment, so one file serves a laptop, a VM and a container.
"""

import os

from tracker.config import check_rate_limit_storage

wsgi_app = "tracker.wsgi:app"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
check_rate_limit_storage(os.environ, workers)
"""Production with several workers needs rate-limit counts they all share (redis)."""
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
"""A request stuck for 30 s (a lost database) is killed and its worker replaced."""
graceful_timeout = 20
keepalive = 5
max_requests = 10000
max_requests_jitter = 1000
"""Recycle workers now and then, so a slow leak can never grow without bound (at 2,000,
a busy worker was replaced every 9 s)."""
preload_app = True
"""Import the app once, in the master, and fork workers from it: a worker starts in
milliseconds instead of a second of imports, so replacing one does not stall the requests
queued on it (that was the PostgreSQL check-in p99 of 600-700 ms in bench/load.py).
Restart the master (not HUP) to load new code."""

# The app writes its own access log: one JSON line per request with the route
# template, never the raw request line (it could carry a share-link token).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
secure_scheme_headers: dict[str, str] = {}
"""The app decides what X-Forwarded-Proto is worth (TRUSTED_PROXIES, werkzeug's ProxyFix),
the same setting that decides whose X-Forwarded-For the rate limits believe; gunicorn
believing it too, from FORWARDED_ALLOW_IPS, would be a second door."""


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """A pooled database connection must never be shared by two processes."""
    app = server.app.wsgi()
    sqlalchemy = getattr(app, "extensions", {}).get("sqlalchemy")
    if sqlalchemy is not None:
        with app.app_context():
            for engine in sqlalchemy.engines.values():
                engine.dispose(close=False)
