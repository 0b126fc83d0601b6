"""/reminders (choose the times), /reminders.ics (the calendar file), and the Web Push API:
/api/v1/push/key and /api/v1/push/subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import abort

from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.i18n import text
from tracker.i18n.web import COOKIE, supported
from tracker.reminders.calendar import reminders_calendar, reminders_for
from tracker.reminders.schemas import PublicKeySchema, SubscriptionCreateSchema, SubscriptionSchema
from tracker.reminders.service import owned_subscriptions, subscribe, unsubscribe, vapid_from
from tracker.timeutil import local_date_of

pages = Blueprint("reminders", __name__, template_folder="templates")
blp = api_blueprint(
    "push",
    "/push",
    "Web Push reminders: the server's public key, and your subscribed devices. Turn the "
    "morning and evening reminders on with morning_push / evening_push on /me.",
)
NOT_SET_UP = "Push reminders are not set up on this server."

ICS_NAME = "firststep-reminders.ics"


def browser_language() -> str | None:
    """What this browser reads pages in when the account says nothing: the language picked
    on it (the cookie), else the best of its Accept-Language; None if it names none of ours."""
    return supported(request.cookies.get(COOKIE)) or request.accept_languages.best_match(
        text.LANGUAGES
    )


@pages.get("/reminders")
@login_required
def index() -> ResponseReturnValue:
    """The server's push key is in the page, so no request is needed to know whether this
    server sends notifications at all."""
    vapid = vapid_from(current_app.config)
    return render_template("reminders/reminders.html", push_key=vapid.public_key if vapid else "")


@pages.get("/reminders.ics")
@login_required
def calendar_file() -> Response:
    """The calendar for the signed-in person; the page's times are saved before it is fetched."""
    reminders = reminders_for(
        current_user,
        url_for("web.today", _external=True),
        url_for("web.log_session", _external=True),
    )
    first_day = local_date_of(current_user.created_at, current_user.timezone)
    body = reminders_calendar(current_user, reminders, first_day, datetime.now(UTC))
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{ICS_NAME}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/key", methods=["GET"])
@blp.response(200, PublicKeySchema)
@blp.alt_response(503, response="SERVICE_UNAVAILABLE", description=NOT_SET_UP)
def push_key():
    """The key a browser subscribes with (PushManager.subscribe's applicationServerKey)."""
    vapid = vapid_from(current_app.config)
    if vapid is not None:
        return {"public_key": vapid.public_key}
    abort(503, message=NOT_SET_UP)


@blp.route("/subscriptions")
class Subscriptions(MethodView):
    @blp.response(200, SubscriptionSchema(many=True))
    def get(self):
        """Your devices that receive reminders."""
        return owned_subscriptions(current_user)

    @blp.arguments(SubscriptionCreateSchema())
    @blp.response(201, SubscriptionSchema)
    @blp.alt_response(
        200,
        schema=SubscriptionSchema,
        success=True,
        description="This endpoint was already stored: its keys and name are updated.",
    )
    def post(self, data: dict[str, Any]):
        """Store this browser's push subscription (PushSubscription.toJSON() and a name)."""
        row, created = subscribe(
            current_user,
            data["endpoint"],
            data["keys"]["p256dh"],
            data["keys"]["auth"],
            data["device_name"],
            language=browser_language(),
            allow_loopback_http=current_app.testing
            or current_app.config.get("ENV_NAME") == "testing",
        )
        return row, 201 if created else 200


@blp.route(f"/subscriptions/<{ROW_ID}:subscription_id>")
class SubscriptionById(MethodView):
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, subscription_id: int):
        """Stop sending reminders to this device."""
        unsubscribe(current_user, subscription_id)
