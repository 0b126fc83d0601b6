"""Security headers, with flask-talisman: a strict Content-Security-Policy and friends.

The policy allows nothing inline (no <script> or <style> blocks, no style=""),
nothing from another origin, and no framing. Every page is built for it: the
phone app's scripts and styles are files, the dashboard loads plotly's own rules
as a stylesheet (static/vendor/plotly-*.css) instead of letting plotly inject a
<style>, and the API docs page starts Swagger UI from a file, not an inline script.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_talisman import Talisman

CSP: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

REFERRER_POLICY = "same-origin"
"""Our own pages still send a Referer to us (Flask-WTF checks it on HTTPS form posts);
no other site ever learns a URL of ours. Share pages tighten it to no-referrer."""


class _Talisman(Talisman):  # type: ignore[misc]
    def _set_referrer_policy_headers(self, headers: Any) -> None:
        """A view that chose a stricter policy keeps it (talisman would overwrite it)."""
        headers.setdefault("Referrer-Policy", self.referrer_policy)


def init_security(app: Flask) -> None:
    production = app.config.get("ENV_NAME") == "production"
    _Talisman(
        app,
        content_security_policy=CSP,
        force_https=app.config.get("FORCE_HTTPS", production),
        strict_transport_security=production,
        strict_transport_security_max_age=365 * 24 * 3600,
        session_cookie_secure=production,
        session_cookie_http_only=True,
        frame_options="DENY",
        referrer_policy=REFERRER_POLICY,
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
