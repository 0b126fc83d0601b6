"""Security headers, with flask-talisman: a strict Content-Security-Policy and friends;
which proxies to believe about the client's address and scheme; HTTPS in production.

The policy allows nothing inline (no <script> or <style> blocks, no style=""),
nothing from another origin, and no framing. The one exception is each page's
import map (tracker/web/assets.py), which is data and carries the response's
per-request nonce: the only inline script the browser will accept. Every page is built for it: the
phone app's scripts and styles are files, the dashboard loads plotly's own rules
as a stylesheet (static/vendor/plotly-*.css) instead of letting plotly inject a
<style>, and the API docs page starts Swagger UI from a file, not an inline script.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, redirect, request
from flask.typing import ResponseReturnValue
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

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


PLAIN_HTTP_PATHS = frozenset({"/healthz"})
"""Answered over plain HTTP too: a load balancer probes the app directly, not through TLS,
and must see 200 or 503 rather than a redirect it does not follow."""


class _Talisman(Talisman):
    """talisman with the work that gives the same result on every request done once.

    Its options, permissions policy and CSP text depend on the view alone (a view may carry
    its own options), not on the request; talisman worked them out three times a response,
    about a tenth of a short API request's CPU. The headers are the same (tested)."""

    _csp_parts: tuple[tuple[str, bool], ...] | None = None
    _permissions: str | None = None

    def __init__(self, app: Flask, **options: Any) -> None:
        self._view_options: dict[Any, dict[str, Any]] = {}
        super().__init__(app, **options)

    def _get_local_options(self) -> dict[str, Any]:
        """Talisman's own per-view options, worked out once per view: a view's options are
        set when it is declared (``@talisman(...)``) and never change afterwards."""
        view = current_app.view_functions.get(request.endpoint)  # type: ignore[arg-type]
        options = self._view_options.get(view)
        if options is None:
            options = self._view_options[view] = super()._get_local_options()
        return options

    def _force_https(self) -> ResponseReturnValue | None:
        """talisman's redirect runs only where a view asks for it (``_redirect_to_https``
        covers the app); its other effect, the session cookie's Secure flag, stays."""
        if self._get_local_options()["force_https"]:
            return super()._force_https()
        if self.session_cookie_secure and not self.app.debug:
            self.app.config["SESSION_COOKIE_SECURE"] = True
        return None

    def _set_permissions_policy_headers(self, headers: Any, options: dict[str, Any]) -> None:
        policy = options["permissions_policy"]
        if policy is not self.permissions_policy or not isinstance(policy, dict):
            super()._set_permissions_policy_headers(headers, options)
            return
        if self._permissions is None:
            self._permissions = self._parse_structured_header_policy(policy)
        headers["Permissions-Policy"] = self._permissions

    def _parse_policy(self, policy: Any) -> str:
        """The app's CSP as talisman writes it, with its directives joined once: only the
        nonce differs between requests, and rebuilding the text from the dict on every
        response was a tenth of a short API request's time."""
        if policy is not self.content_security_policy or not isinstance(policy, dict):
            return super()._parse_policy(policy)
        parts = self._csp_parts
        if parts is None:
            nonce_in = self.content_security_policy_nonce_in or ()
            parts = self._csp_parts = tuple(
                (
                    f"{section} {content if isinstance(content, str) else ' '.join(content)}",
                    section in nonce_in,
                )
                for section, content in policy.items()
            )
        nonce = getattr(request, "csp_nonce", None)
        if nonce is None:
            return "; ".join(part for part, _ in parts)
        mark = f" 'nonce-{nonce}'"
        return "; ".join(part + mark if with_nonce else part for part, with_nonce in parts)

    def _set_referrer_policy_headers(self, headers: Any) -> None:
        """A view that chose a stricter policy keeps it (talisman would overwrite it)."""
        headers.setdefault("Referrer-Policy", self.referrer_policy)

    def _set_hsts_headers(self, headers: Any) -> None:
        """Only over HTTPS as the trusted proxies report it (talisman would also believe a
        raw X-Forwarded-Proto header from anyone)."""
        if request.is_secure:
            super()._set_hsts_headers(headers)


def _redirect_to_https() -> ResponseReturnValue | None:
    """308, not talisman's 302: a POST stays a POST with its body, and clients may cache it.

    ``request.is_secure`` is what ProxyFix made of X-Forwarded-Proto, so only a trusted
    proxy can say a request came over HTTPS."""
    if request.is_secure or request.path in PLAIN_HTTP_PATHS:
        return None
    return redirect(request.url.replace("http://", "https://", 1), code=308)


def trust_proxies(app: Flask, count: int) -> None:
    """Read the client's address and scheme from X-Forwarded-For/-Proto set by the ``count``
    proxies nearest the app, and from nobody else: the rate limits key on that address, so
    a header any client can write must not choose it."""
    if count > 0:
        # Flask declares wsgi_app a method; replacing it with middleware is its documented way.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def init_security(app: Flask) -> None:
    production = app.config.get("ENV_NAME") == "production"
    trust_proxies(app, app.config.get("TRUSTED_PROXIES", 0))
    if app.config.get("FORCE_HTTPS", production):
        # First of all before-request functions: a plain-HTTP POST is redirected, not
        # refused by the CSRF check or counted by the rate limiter.
        app.before_request_funcs.setdefault(None, []).insert(0, _redirect_to_https)
    _Talisman(app, **talisman_options(production))


def talisman_options(production: bool) -> dict[str, Any]:
    """What talisman is told; a test hands the same to talisman's own class to compare."""
    return {
        "content_security_policy": CSP,
        "content_security_policy_nonce_in": ["script-src"],
        "force_https": False,  # _redirect_to_https instead
        "strict_transport_security": production,
        "strict_transport_security_max_age": 365 * 24 * 3600,
        "session_cookie_secure": production,
        "session_cookie_http_only": True,
        "frame_options": "DENY",
        "referrer_policy": REFERRER_POLICY,
        "permissions_policy": {"geolocation": "()", "camera": "()", "microphone": "()"},
    }
