"""Sign-up, sign-in, sign-out for API clients (the phone app's pages use the same service)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import abort
from flask_wtf.csrf import generate_csrf

from tracker.account.schemas import MeSchema
from tracker.auth.limits import account_login_limit, login_limit, signup_limit
from tracker.auth.schemas import LoginSchema, RegisterSchema
from tracker.auth.service import (
    SIGNUP_REFUSED,
    authenticate,
    create_account,
    end_cookie_session,
    start_session,
)
from tracker.common.blueprint import api_blueprint, require_csrf_for_cookie_clients
from tracker.common.errors import invalid

blp = api_blueprint("auth", "/auth", "Create an account, sign in and out.", public=True)


@blp.route("/register", methods=["POST"])
@blp.doc(security=[])  # open to everyone: no sign-in needed for this one
@signup_limit
@blp.arguments(RegisterSchema())
@blp.response(201, MeSchema)
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def register(data: dict[str, Any]):
    """Create an account and sign in. A taken email is refused like any other unusable
    detail (422 on "email", the same wording, the same hashing work), never as "exists"."""
    user = create_account(data)
    if user is None:
        raise invalid("email", SIGNUP_REFUSED)
    start_session(user)
    return user, 201, {"X-CSRF-Token": generate_csrf()}


@blp.route("/login", methods=["POST"])
@blp.doc(security=[])  # open to everyone: no sign-in needed for this one
@login_limit
@account_login_limit
@blp.arguments(LoginSchema())
@blp.response(200, MeSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def login(data: dict[str, Any]):
    """Sign in; the response's X-CSRF-Token header is the token for unsafe requests."""
    user = authenticate(data["email"], data["password"])
    if user is None:
        abort(401, message="Email or password is wrong.")
    start_session(user, data["remember"])
    return user, 200, {"X-CSRF-Token": generate_csrf()}


@blp.route("/logout", methods=["POST"])
@blp.doc(security=[])  # open to everyone: no sign-in needed for this one
@blp.response(204)
@blp.alt_response(400, response="BAD_REQUEST")
def logout():
    """Sign out of this browser session; every copy of its cookies stops working too."""
    if current_user.is_authenticated:
        require_csrf_for_cookie_clients()
    end_cookie_session()
