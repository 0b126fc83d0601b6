"""Share links as the owner creates and lists them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tracker.common.schemas import no_nul
from tracker.sharing.service import DEFAULT_DAYS, MAX_DAYS, STATUSES, link_status


class ShareLinkCreateSchema(Schema):
    label = fields.String(
        load_default="",
        validate=[validate.Length(max=100), no_nul],
        metadata={
            "description": "Your own note, to tell links apart; the recipient does not see it.",
            "example": "Physio, March review",
        },
    )
    expires_in_days = fields.Integer(
        strict=True,
        load_default=DEFAULT_DAYS,
        validate=validate.Range(1, MAX_DAYS),
        metadata={"description": "Days until the link stops working.", "example": DEFAULT_DAYS},
    )


class ShareLinkSchema(Schema):
    id = fields.Integer(dump_only=True)
    label = fields.String(dump_only=True)
    prefix = fields.String(
        dump_only=True,
        metadata={"description": "The token's first characters, to tell links apart."},
    )
    created_at = fields.AwareDateTime(dump_only=True)
    expires_at = fields.AwareDateTime(dump_only=True)
    revoked_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    last_used_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    status = fields.Function(
        link_status,
        dump_only=True,
        metadata={
            "type": "string",
            "enum": list(STATUSES),
            "description": "Whether the link opens now; expired and revoked links are refused.",
        },
    )


class NewShareLinkSchema(ShareLinkSchema):
    url = fields.String(
        dump_only=True,
        metadata={"description": "The link to send. Shown only this once: copy it now."},
    )
    token = fields.String(
        dump_only=True,
        attribute="secret",
        metadata={"description": "The token inside the URL. Shown only this once."},
    )
