"""Web Push subscriptions as a browser hands them over, and as Settings lists them."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from tracker.common.schemas import no_nul
from tracker.reminders.vapid import b64url_decode, is_p256_point

AUTH_SECRET_BYTES = 16
"""RFC 8291: the browser's authentication secret is 16 random bytes."""


def _p256dh(value: str) -> None:
    if not is_p256_point(value):
        raise ValidationError("Must be the browser's P-256 key (URL-safe base64, 65 bytes).")


def _ascii(value: str) -> None:
    """Push services hand out plain ASCII addresses; anything else is not one of theirs
    (and a long non-ASCII text could outgrow the unique index's entry size)."""
    if not value.isascii():
        raise ValidationError("Must be a push service's address (plain ASCII).")


def _auth(value: str) -> None:
    try:
        raw = b64url_decode(value)
    except ValueError:
        raw = b""
    if len(raw) != AUTH_SECRET_BYTES:
        raise ValidationError("Must be the browser's 16-byte secret in URL-safe base64.")


class PushKeysSchema(Schema):
    p256dh = fields.String(
        required=True,
        validate=[validate.Length(max=200), _p256dh],
        metadata={"description": "From PushSubscription.toJSON().keys.p256dh."},
    )
    auth = fields.String(
        required=True,
        validate=[validate.Length(max=100), _auth],
        metadata={"description": "From PushSubscription.toJSON().keys.auth."},
    )


class SubscriptionCreateSchema(Schema):
    endpoint = fields.Url(
        required=True,
        schemes={"https", "http"},
        require_tld=False,
        validate=[validate.Length(max=2048), _ascii, no_nul],
        metadata={
            "description": "The push service address from PushSubscription.endpoint (https).",
            "example": "https://fcm.googleapis.com/fcm/send/abc123",
        },
    )
    keys = fields.Nested(PushKeysSchema, required=True)
    device_name = fields.String(
        load_default="",
        validate=[validate.Length(max=80), no_nul],
        metadata={"description": "How Settings names this device.", "example": "Pixel 8"},
    )
    expiration_time = fields.Float(
        data_key="expirationTime",
        allow_none=True,
        load_only=True,
        metadata={"description": "As PushSubscription.toJSON() sends it; not used."},
    )


class SubscriptionSchema(Schema):
    id = fields.Integer(dump_only=True)
    device_name = fields.String(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    last_success_at = fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={"description": "When a push service last accepted a reminder for it."},
    )


class PublicKeySchema(Schema):
    public_key = fields.String(
        metadata={
            "description": "The server's VAPID key, an uncompressed P-256 point in URL-safe "
            "base64: PushManager.subscribe's applicationServerKey."
        }
    )
