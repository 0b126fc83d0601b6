"""GET/PATCH/DELETE /me and personal API tokens."""

from __future__ import annotations

from typing import Any

from flask import flash, session
from flask.views import MethodView
from flask_login import current_user, logout_user
from flask_wtf.csrf import generate_csrf

from tracker.account.schemas import (
    DeleteAccountSchema,
    MeSchema,
    NewTokenSchema,
    PasswordChangedSchema,
    PasswordChangeSchema,
    TokenCreateSchema,
    TokenSchema,
)
from tracker.account.service import (
    change_password,
    create_token,
    delete_account,
    delete_token,
    owned_tokens,
    update_account,
)
from tracker.auth.limits import AUTH_LIMIT
from tracker.auth.service import start_session, uses_bearer_token
from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.extensions import limiter
from tracker.i18n.text import gettext as _

blp = api_blueprint("account", "/me", "The signed-in person's account and plan.")
tokens_blp = api_blueprint("tokens", "/tokens", "Personal API tokens (sent as Bearer).")


@blp.route("")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):
        """The account; its X-CSRF-Token header is the token for unsafe requests."""
        return current_user, 200, {"X-CSRF-Token": generate_csrf()}

    @blp.arguments(MeSchema(partial=True))
    @blp.response(200, MeSchema)
    def patch(self, changes: dict[str, Any]):
        """Change timezone, affected feet or plan; a plan change counts from today."""
        update_account(current_user, changes)
        return current_user

    @limiter.limit(AUTH_LIMIT)
    @blp.arguments(DeleteAccountSchema())
    @blp.response(204)
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def delete(self, data: dict[str, Any]):
        """Delete the account and everything in it, at once and for good.

        Asks for the password even with a bearer token: a leaked token must not be
        enough to erase someone's diary. A wrong password is a 422 on "password",
        rate-limited like sign-in so it cannot be used to guess the password.
        """
        delete_account(current_user, data["password"])
        if not uses_bearer_token():
            session.clear()  # first, as in sign-out, so the remember-me cookie is dropped too
            logout_user()
            flash(_("Your account and all its data are deleted."))


@blp.route("/password", methods=["POST"])
@limiter.limit(AUTH_LIMIT)
@blp.arguments(PasswordChangeSchema())
@blp.response(200, PasswordChangedSchema)
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def password(data: dict[str, Any]):
    """Change the password: every other signed-in browser is signed out; API tokens and
    share links are revoked too when `revoke_tokens` is true. This browser stays signed
    in, on a new session id."""
    user = current_user._get_current_object()
    changed = change_password(
        user, data["current_password"], data["new_password"], data["revoke_tokens"]
    )
    if not uses_bearer_token():
        start_session(user)  # the new session id, in a fresh session
    return changed, 200, {"X-CSRF-Token": generate_csrf()}


@tokens_blp.route("")
class Tokens(MethodView):
    @tokens_blp.response(200, TokenSchema(many=True))
    def get(self):
        """Your tokens (never their secrets)."""
        return owned_tokens(current_user)

    @limiter.limit("20 per hour")
    @tokens_blp.arguments(TokenCreateSchema())
    @tokens_blp.response(201, NewTokenSchema)
    @tokens_blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, data: dict[str, Any]):
        """Create a token; the secret is in this response only."""
        token, secret = create_token(current_user, data["name"])
        # Not a column, so not in the model: handed out once in this response, never stored.
        token.secret = secret  # type: ignore[attr-defined]
        return token


@tokens_blp.route(f"/<{ROW_ID}:token_id>")
class TokenById(MethodView):
    @tokens_blp.response(204)
    @tokens_blp.alt_response(404, response="NOT_FOUND")
    def delete(self, token_id: int):
        """Revoke a token at once."""
        delete_token(current_user, token_id)
