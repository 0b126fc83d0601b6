"""Experiment bodies: what a person sends to set one up, and what they read back."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tracker.analysis.experiment import MAX_PAIRS, MIN_PAIRS
from tracker.catalog import TECHNIQUE_SLUGS
from tracker.common.schemas import no_nul
from tracker.experiments.templates import CUSTOM, TEMPLATE_CHOICES, describe
from tracker.i18n.text import N_

MAX_START_AHEAD_DAYS = 90
"""An experiment is set up to start soon: a quarter ahead is already a plan, not a start."""
PRESSURE = validate.Range(min=1, max=10)
# The reasons below are English in the API; the set-up pages translate them
# (experiments/pages.py), so they are marked N_ for the catalogues.


class ConditionInSchema(Schema):
    """One arm of a custom experiment."""

    label = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=60), no_nul],
        metadata={"description": "What you call it, e.g. 'Daily and light'."},
    )
    sessions_per_week = fields.Integer(
        required=True,
        validate=validate.Range(min=0, max=14),
        metadata={"description": "14 = twice a day, 7 = daily, 3 = three a week, 0 = none."},
    )
    minutes = fields.Integer(
        required=True,
        validate=validate.Range(min=0, max=60),
        metadata={"description": "Least minutes a session must last to count; 0 for a 'none' arm."},
    )
    pressure_min = fields.Integer(
        load_default=None, allow_none=True, validate=PRESSURE, metadata={"description": "1-10."}
    )
    pressure_max = fields.Integer(
        load_default=None, allow_none=True, validate=PRESSURE, metadata={"description": "1-10."}
    )
    techniques = fields.List(
        fields.String(validate=validate.OneOf(sorted(TECHNIQUE_SLUGS))),
        load_default=list,
        validate=validate.Length(max=len(TECHNIQUE_SLUGS)),
        metadata={"description": "Technique slugs that count for this arm; empty: any."},
    )

    @validates_schema
    def _coherent(self, data: dict[str, Any], **_: Any) -> None:
        low, high = data.get("pressure_min"), data.get("pressure_max")
        if low is not None and high is not None and high < low:
            raise ValidationError(N_("Must be at least pressure_min."), "pressure_max")
        techniques = data.get("techniques") or []
        if len(set(techniques)) != len(techniques):
            raise ValidationError(N_("Name each technique once."), "techniques")
        if data.get("sessions_per_week") == 0:
            if data.get("minutes") or techniques or low is not None or high is not None:
                raise ValidationError(
                    N_("An arm with no sessions has no minutes, pressure or techniques."),
                    "sessions_per_week",
                )
        elif data.get("minutes") == 0:
            raise ValidationError(N_("A session must last at least 1 minute."), "minutes")


class SetupSchema(Schema):
    """What an experiment compares, for how long, from when: for a preview and a start."""

    template = fields.String(
        required=True,
        validate=validate.OneOf(TEMPLATE_CHOICES),
        metadata={
            "description": "A template's slug (GET /api/v1/experiments/templates) or 'custom'."
        },
    )
    conditions = fields.List(
        fields.Nested(ConditionInSchema),
        validate=validate.Length(equal=2),
        metadata={"description": "With template 'custom' only: condition A, then B."},
    )
    pairs = fields.Integer(
        load_default=3,
        validate=validate.Range(min=MIN_PAIRS, max=MAX_PAIRS),
        metadata={"description": f"Pairs of one-week blocks, {MIN_PAIRS}-{MAX_PAIRS}."},
    )
    start_date = fields.Date(
        metadata={
            "description": "First day, in your own calendar: today (the default) or up to "
            f"{MAX_START_AHEAD_DAYS} days ahead, never in the past."
        }
    )

    @validates_schema
    def _conditions_for_custom(self, data: dict[str, Any], **_: Any) -> None:
        conditions = data.get("conditions")
        if data.get("template") == CUSTOM:
            if conditions is None:
                raise ValidationError(
                    N_("A custom experiment needs its two conditions."), "conditions"
                )
            first, second = conditions
            if first["label"].strip().casefold() == second["label"].strip().casefold():
                raise ValidationError(N_("Give the two conditions different labels."), "conditions")
            if first["sessions_per_week"] == second["sessions_per_week"] == 0:
                raise ValidationError(
                    N_("At least one condition must have sessions."), "conditions"
                )
            if {k: v for k, v in first.items() if k != "label"} == {
                k: v for k, v in second.items() if k != "label"
            }:
                raise ValidationError(
                    N_("The two conditions ask for the same thing."), "conditions"
                )
        elif conditions is not None and data.get("template") is not None:
            raise ValidationError(
                "Only a 'custom' experiment takes conditions; a template brings its own.",
                "conditions",
            )


class ConditionSchema(Schema):
    key = fields.String(metadata={"description": "'A' or 'B'."})
    label = fields.String()
    sessions_per_week = fields.Integer()
    minutes = fields.Integer()
    pressure_min = fields.Integer(allow_none=True)
    pressure_max = fields.Integer(allow_none=True)
    techniques = fields.List(fields.String())
    description = fields.Function(
        describe, metadata={"description": "The plan in words.", "type": "string"}
    )


class TemplateSchema(Schema):
    slug = fields.String()
    title = fields.String()
    question = fields.String()
    conditions = fields.List(fields.Nested(ConditionSchema))


class BlockSchema(Schema):
    week = fields.Integer(metadata={"description": "1-based position in the schedule."})
    pair = fields.Integer(metadata={"description": "1-based pair of weeks."})
    condition = fields.String(
        allow_none=True,
        metadata={"description": "'A' or 'B'; null in a preview (drawn at the start)."},
    )
    label = fields.String(allow_none=True)
    start = fields.Date()
    end = fields.Date(metadata={"description": "Last day, inclusive; later for paused days."})


class TodaySchema(Schema):
    date = fields.Date(metadata={"description": "Today, in your timezone."})
    week = fields.Integer()
    weeks = fields.Integer()
    condition = fields.String()
    label = fields.String()
    description = fields.String(metadata={"description": "The condition's plan in words."})
    day_of_block = fields.Integer(metadata={"description": "1-based calendar day of the week."})
    washout = fields.Boolean(
        metadata={"description": "One of the block's first 2 days: their mornings do not count."}
    )


class AsDoneSchema(Schema):
    sessions_per_week = fields.Float()
    minutes_per_session = fields.Float(allow_none=True)
    pressure = fields.Float(allow_none=True)


class BlockResultSchema(Schema):
    week = fields.Integer()
    condition = fields.String()
    days_counted = fields.Integer(
        metadata={"description": "Mornings counted: after the washout, unpaused, logged."}
    )
    mean_pain = fields.Float(allow_none=True, metadata={"description": "Next-morning pain."})
    adherence = fields.Float(
        allow_none=True, metadata={"description": "As assigned: 0-1 of the condition's plan."}
    )
    as_done = fields.Nested(AsDoneSchema)


class ComparisonSchema(Schema):
    difference = fields.Float(
        metadata={"description": "B minus A in next-morning pain points; negative: B lower."}
    )
    ci_low = fields.Float(metadata={"description": "95% interval, lower end."})
    ci_high = fields.Float(metadata={"description": "95% interval, upper end."})
    pairs_used = fields.Integer()
    method = fields.String()


class ResultSchema(Schema):
    status = fields.String(metadata={"description": "scheduled, running, stopped or complete."})
    sentence = fields.String(
        allow_none=True,
        metadata={"description": "The result in words; null while scheduled or running."},
    )
    comparison = fields.Nested(
        ComparisonSchema,
        allow_none=True,
        metadata={"description": "Only once complete, with enough mornings to compare."},
    )
    blocks = fields.List(fields.Nested(BlockResultSchema))


class ExperimentSchema(Schema):
    id = fields.Integer()
    template = fields.String()
    title = fields.String(metadata={"description": "'A vs B' in words."})
    conditions = fields.List(fields.Nested(ConditionSchema))
    pairs = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date(metadata={"description": "Last day of the last block."})
    seed = fields.Integer(
        metadata={
            "description": "Seed of the randomized order: for pair 1, 2, ... Python's "
            "random.Random(seed).random() below 0.5 means A first, else B first."
        }
    )
    stopped_on = fields.Date(
        allow_none=True,
        metadata={"description": "When stopped early: the last day that counts."},
    )
    status = fields.String(metadata={"description": "scheduled, running, stopped or complete."})
    created_at = fields.AwareDateTime()
    schedule = fields.List(fields.Nested(BlockSchema))


class ExperimentDetailSchema(ExperimentSchema):
    today = fields.Nested(
        TodaySchema,
        allow_none=True,
        metadata={"description": "Today's block and condition; null outside the schedule."},
    )
    result = fields.Nested(ResultSchema)


class VariationSchema(Schema):
    sd = fields.Float(metadata={"description": "Day-to-day SD of morning pain, in points."})
    rho = fields.Float(metadata={"description": "How much one morning carries to the next."})
    mornings = fields.Integer(metadata={"description": "Your mornings it was measured on."})
    assumed = fields.Boolean(
        metadata={"description": "True: too few mornings of yours, a typical value is used."}
    )


class PreviewSchema(Schema):
    pairs = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date()
    conditions = fields.List(fields.Nested(ConditionSchema))
    schedule = fields.List(fields.Nested(BlockSchema))
    detectable_difference = fields.Float(
        metadata={
            "description": "The smallest true difference (points) it would likely detect "
            "(80% of the time) with this many pairs, given your day-to-day variation."
        }
    )
    variation = fields.Nested(VariationSchema)
    sentence = fields.String()
