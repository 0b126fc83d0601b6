"""GET/PATCH /me and personal API tokens."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from tracker.account.schemas import MeSchema, NewTokenSchema, TokenCreateSchema, TokenSchema
from tracker.account.service import update_account
from tracker.auth.service import issue_token
from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.common.ownership import get_owned
from tracker.extensions import db, limiter
from tracker.models import ApiToken

blp = api_blueprint("account", "/me", "The signed-in person's account and plan.")
tokens_blp = api_blueprint("tokens", "/tokens", "Personal API tokens (sent as Bearer).")


@blp.route("")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):  # type: ignore[no-untyped-def]
        """The account; its X-CSRF-Token header is the token for unsafe requests."""
        return current_user, 200, {"X-CSRF-Token": generate_csrf()}

    @blp.arguments(MeSchema(partial=True))
    @blp.response(200, MeSchema)
    def patch(self, changes: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Change timezone, affected feet or plan; a plan change counts from today."""
        update_account(current_user, changes)
        db.session.commit()
        return current_user


@tokens_blp.route("")
class Tokens(MethodView):
    @tokens_blp.response(200, TokenSchema(many=True))
    def get(self):  # type: ignore[no-untyped-def]
        """Your tokens (never their secrets)."""
        return db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id)
        )

    @limiter.limit("20 per hour")
    @tokens_blp.arguments(TokenCreateSchema)
    @tokens_blp.response(201, NewTokenSchema)
    @tokens_blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Create a token; the secret is in this response only."""
        token, secret = issue_token(current_user, data["name"])
        db.session.commit()
        token.secret = secret  # not a column: handed out once, never stored
        return token


@tokens_blp.route(f"/<{ROW_ID}:token_id>")
class TokenById(MethodView):
    @tokens_blp.response(204)
    @tokens_blp.alt_response(404, response="NOT_FOUND")
    def delete(self, token_id: int):  # type: ignore[no-untyped-def]
        """Revoke a token at once."""
        token = get_owned(ApiToken, current_user.id, token_id, "token")
        db.session.delete(token)
        db.session.commit()
