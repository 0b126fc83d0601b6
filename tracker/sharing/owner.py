"""/api/v1/share-links (make, list and revoke links) and the owner's /share page.

Both are the signed-in owner's: the API blueprint is private by default, the page asks
for a sign-in. What a link opens, for whoever holds it, is in ``public.py``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from flask_login import current_user, login_required

from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.common.formats import full_date
from tracker.extensions import limiter
from tracker.sharing.schemas import NewShareLinkSchema, ShareLinkCreateSchema, ShareLinkSchema
from tracker.sharing.service import MAX_DAYS, issue_link, link_status, owned_links, revoke_link
from tracker.timeutil import local_date_of

blp = api_blueprint("sharing", "/share-links", "Read-only links for a physiotherapist.")
pages = Blueprint("sharing_owner", __name__, template_folder="templates")


@blp.route("")
class ShareLinks(MethodView):
    @blp.response(200, ShareLinkSchema(many=True))
    def get(self):
        """Your share links, newest first, with whether each still opens (never the tokens)."""
        return owned_links(current_user)

    @limiter.limit("20 per hour")
    @blp.arguments(ShareLinkCreateSchema())
    @blp.response(201, NewShareLinkSchema)
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, data: dict[str, Any]):
        """Create a read-only link; its URL and token are in this response only."""
        link, token = issue_link(current_user, data["label"], data["expires_in_days"])
        # Not columns, so not in the model: handed out once in this response, never stored.
        link.secret = token  # type: ignore[attr-defined]
        link.url = url_for("sharing_pages.landing", token=token, _external=True)  # type: ignore[attr-defined]
        return link


@blp.route(f"/<{ROW_ID}:link_id>")
class ShareLinkById(MethodView):
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, link_id: int):
        """Revoke a link at once; it then answers 410. Revoking twice changes nothing."""
        revoke_link(current_user, link_id)


@pages.get("/share")
@login_required
def manage() -> ResponseReturnValue:
    zone = current_user.timezone
    links = [
        {
            "link": link,
            "status": link_status(link),
            "expires": full_date(local_date_of(link.expires_at, zone)),
            "created": full_date(local_date_of(link.created_at, zone)),
            "revoked": link.revoked_at and full_date(local_date_of(link.revoked_at, zone)),
            "used": link.last_used_at and full_date(local_date_of(link.last_used_at, zone)),
        }
        for link in owned_links(current_user)
    ]
    return render_template("sharing/manage.html", links=links, max_days=MAX_DAYS)
