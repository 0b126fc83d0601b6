"""Rate limits on signing in and signing up, shared by the API and the web forms.

Per client address (as the trusted proxies report it, see ``TRUSTED_PROXIES``), and
for sign-in also per account, whatever the address: one counter per door would let an
attacker double the tries by switching doors, and an address alone would let a guesser
with many addresses (or lock out everyone behind one proxy) go on.
"""

from __future__ import annotations

import hashlib

from flask import Response, request

from tracker.auth.service import normalize_email
from tracker.extensions import limiter

AUTH_LIMIT = "10 per minute;100 per hour"
"""Per client address. Web and API share each counter (one scope for both sign-in forms,
one for both sign-up forms), so switching doors does not double the tries."""
login_limit = limiter.shared_limit(AUTH_LIMIT, scope="login", methods=["POST"])
signup_limit = limiter.shared_limit(AUTH_LIMIT, scope="signup", methods=["POST"])

ACCOUNT_LIMIT = "10 per 15 minutes"
"""Failed sign-ins per account, from any address: guessing one person's password from
many addresses (or behind one shared proxy address) stops after ten wrong tries."""


def _account_key() -> str:
    """The account a sign-in names, as a hash: the limiter's storage never holds an email."""
    body = request.get_json(silent=True) if request.is_json else request.form
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not email.strip():
        return "no-email"
    return hashlib.sha256(normalize_email(email).encode("utf-8", "surrogatepass")).hexdigest()


def _failed(response: Response) -> bool:
    return response.status_code == 401


account_login_limit = limiter.shared_limit(
    ACCOUNT_LIMIT,
    scope="login-account",
    key_func=_account_key,
    deduct_when=_failed,
    methods=["POST"],
    error_message="Too many wrong passwords for this account; try again in 15 minutes.",
)
