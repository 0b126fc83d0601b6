"""account.json in the download: the settings a person chose, never a secret's hash."""

from __future__ import annotations

from marshmallow import Schema, fields

from tracker.experiments.schemas import ExperimentSchema


class PlanHistorySchema(Schema):
    effective_from = fields.Date()
    sessions_per_day = fields.Integer()
    minutes_min = fields.Integer()
    minutes_max = fields.Integer()


class TokenSummarySchema(Schema):
    name = fields.String()
    prefix = fields.String(metadata={"description": "The first characters, never the secret."})
    created_at = fields.AwareDateTime()
    last_used_at = fields.AwareDateTime(allow_none=True)


class ShareLinkSummarySchema(Schema):
    label = fields.String()
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)


class AccountExportSchema(Schema):
    email = fields.String()
    timezone = fields.String()
    feet = fields.String()
    created_at = fields.AwareDateTime()
    global_change_weekday = fields.Integer(allow_none=True)
    morning_reminder = fields.Time(format="%H:%M")
    evening_reminder = fields.Time(format="%H:%M")
    plans = fields.List(fields.Nested(PlanHistorySchema))
    api_tokens = fields.List(fields.Nested(TokenSummarySchema))
    share_links = fields.List(fields.Nested(ShareLinkSummarySchema))
    experiments = fields.List(
        fields.Nested(ExperimentSchema),
        metadata={"description": "Self-experiments, as GET /api/v1/experiments lists them."},
    )
