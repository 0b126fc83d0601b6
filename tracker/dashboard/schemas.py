"""The summary and chart responses, documented field by field in the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields

from tracker.charts import CHART_NAMES
from tracker.experiments.schemas import ComparisonSchema


class Number(fields.Float):
    """Three decimals, the precision the CSV and the charts show too."""

    def _serialize(self, value, attr, obj, **kwargs):
        value = super()._serialize(value, attr, obj, **kwargs)
        return None if value is None else round(value, 3)


class TotalsSchema(Schema):
    days = fields.Integer()
    days_logged = fields.Integer(metadata={"description": "Mornings with a check-in."})
    sessions = fields.Integer()
    minutes = Number()
    paused_days = fields.Integer()
    mean_adherence = Number(allow_none=True)
    routine_strength = Number(
        allow_none=True,
        metadata={"description": "Smoothed adherence (13-day half-life), 0-1, on the last day."},
    )
    routine_building = fields.Boolean(
        metadata={
            "description": "True before 14 days of use: the strength is still building from 0 "
            "and is shown as 'building', not as a low score."
        }
    )
    first_day = fields.Date(allow_none=True)
    last_day = fields.Date(allow_none=True)


class StreaksSchema(Schema):
    current = fields.Integer()
    longest = fields.Integer()


class ProgressSchema(Schema):
    available = fields.Boolean()
    mornings_logged = fields.Integer()
    mornings_needed = fields.Integer()
    baseline = Number(
        allow_none=True,
        metadata={
            "description": "Mean first-step pain of your first 7 logged mornings ever, "
            "whatever range is shown."
        },
    )
    now = Number(
        allow_none=True,
        metadata={"description": "Mean first-step pain of the last 7 logged mornings."},
    )
    change = Number(allow_none=True)
    change_ci_low = Number(
        allow_none=True,
        metadata={"description": "95% interval of `change` (Welch's t over the two weeks)."},
    )
    change_ci_high = Number(allow_none=True)
    percent_change = Number(allow_none=True)
    meaningful = fields.Boolean(
        allow_none=True,
        metadata={"description": "A drop of at least about 2 points or 30% (Farrar 2001)."},
    )
    label = fields.String()
    baseline_until = fields.Date(allow_none=True)
    now_from = fields.Date(allow_none=True)
    global_change = fields.String(
        allow_none=True,
        metadata={"description": "The latest weekly global-change answer (a slug)."},
    )
    global_change_day = fields.Date(allow_none=True)
    global_change_label = fields.String(allow_none=True)
    feeling = fields.String(
        allow_none=True,
        metadata={"description": "The rating set beside the numeric change, in words."},
    )
    feeling_agrees = fields.Boolean(allow_none=True)


VERDICT_KINDS = (
    "lower",
    "higher",
    "no-clear-link",
    "not-enough-data",
    "too-little-variation",
    "cannot-separate",
)


class AssociationSchema(Schema):
    measure = fields.String(metadata={"enum": ["consistency", "intensity"]})
    kind = fields.String(
        metadata={
            "enum": list(VERDICT_KINDS),
            "description": "lower/higher: a link the data can carry (pain lower or higher "
            "with more of the measure); otherwise why there is no verdict.",
        }
    )
    effect = Number(
        allow_none=True,
        metadata={
            "description": "Difference in next-morning pain (0-10 points) for `contrast`, "
            "after the recovery trend and the other measure; negative means lower pain."
        },
    )
    ci_low = Number(allow_none=True, metadata={"description": "95% interval of `effect`."})
    ci_high = Number(allow_none=True)
    contrast = fields.String(
        metadata={"description": "What `effect` compares: 'whole vs half routine', "
        "'2 more pressure points'."}
    )  # fmt: skip
    slope = Number(allow_none=True, metadata={"description": "Pain points per unit."})
    n = fields.Integer(
        metadata={"description": "Mornings used: a rating after a day with both 7-day measures."}
    )
    n_effective = Number(
        allow_none=True,
        metadata={"description": "What those mornings are worth as independent ones."},
    )
    verdict = fields.String(metadata={"description": "The verdict in words."})


class HeadlineSchema(Schema):
    consistency = fields.Nested(AssociationSchema)
    intensity = fields.Nested(AssociationSchema)
    kind = fields.String(
        metadata={
            "enum": ["claim", *VERDICT_KINDS],
            "description": "claim when either measure has a verdict, else why neither has.",
        }
    )
    conclusion = fields.String()
    correlation = Number(
        allow_none=True,
        metadata={"description": "Pearson r between 7-day consistency and intensity."},
    )
    method = fields.String(metadata={"description": "The model, in one line."})
    note = fields.String()


class TechniqueEffectSchema(Schema):
    slug = fields.String()
    name = fields.String()
    n_with = fields.Integer()
    n_without = fields.Integer()
    mean_with = Number(allow_none=True)
    mean_without = Number(allow_none=True)
    difference = Number(
        allow_none=True,
        metadata={
            "description": "Next-morning pain after session days with the technique minus "
            "after other session days, trend-adjusted; negative means lower pain."
        },
    )
    ci_low = Number(allow_none=True, metadata={"description": "95% interval of `difference`."})
    ci_high = Number(allow_none=True)
    p_holm = Number(
        allow_none=True,
        metadata={"description": "p-value, Holm-adjusted across the techniques compared."},
    )
    shown = fields.Boolean(metadata={"description": "False while either n is below 10."})
    label = fields.String()


class WarningSchema(Schema):
    rule = fields.String()
    message = fields.String()
    reason = fields.String()
    source = fields.String(metadata={"description": "The source article(s) of the advice."})
    day = fields.Date(allow_none=True)
    sign = fields.String(allow_none=True)


class PlanChangeSchema(Schema):
    start = fields.Date(metadata={"description": "The local date the plan took effect."})
    sessions_per_day = fields.Integer()
    minutes_min = fields.Integer()
    minutes_max = fields.Integer()


class SummarySchema(Schema):
    start = fields.Date()
    end = fields.Date()
    today = fields.Date()
    totals = fields.Nested(TotalsSchema)
    streaks = fields.Nested(StreaksSchema)
    progress = fields.Nested(ProgressSchema)
    headline = fields.Nested(HeadlineSchema)
    techniques = fields.List(fields.Nested(TechniqueEffectSchema))
    warnings = fields.List(fields.Nested(WarningSchema))
    plan_changes = fields.List(
        fields.Nested(PlanChangeSchema),
        metadata={"description": "Plan changes within the range; earlier days keep their plan."},
    )


class ChartSchema(Schema):
    name = fields.String(metadata={"enum": [*CHART_NAMES, "experiment"]})
    title = fields.String()
    summary = fields.String(metadata={"description": "One sentence saying what the chart shows."})
    empty = fields.Boolean(metadata={"description": "True when there is not enough data to draw."})
    figure = fields.Dict(metadata={"description": "A Plotly figure: {data, layout}."})
    extra = fields.Dict()


class ExperimentConditionSchema(Schema):
    key = fields.String(metadata={"description": "'A' or 'B'."})
    label = fields.String()
    description = fields.String(metadata={"description": "The condition's plan in words."})


class ConditionKeptSchema(Schema):
    condition = fields.String(metadata={"description": "'A' or 'B'."})
    label = fields.String()
    weeks = fields.Integer()
    days = fields.Integer(metadata={"description": "Unpaused days lived under it."})
    adherence = Number(
        allow_none=True,
        metadata={"description": "As assigned: 0-1 of the condition's planned sessions."},
    )
    sessions_per_week = Number(allow_none=True, metadata={"description": "As done."})
    minutes_per_session = Number(allow_none=True, metadata={"description": "As done."})
    pressure = Number(allow_none=True, metadata={"description": "As done: mean, 0-10."})
    mornings = fields.Integer(metadata={"description": "Next mornings counted (after washout)."})
    mean_pain = Number(allow_none=True, metadata={"description": "Mean of the counted mornings."})


class ExperimentBlockSchema(Schema):
    week = fields.Integer()
    condition = fields.String()
    dates = fields.String(metadata={"description": "'2 Nov–8 Nov'."})
    days_counted = fields.Integer()
    mean_pain = Number(allow_none=True)
    adherence = Number(allow_none=True)


class PairOrderSchema(Schema):
    pair = fields.Integer()
    order = fields.String(metadata={"description": "'A then B' or 'B then A'."})


class ExperimentSectionSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    status = fields.String(metadata={"enum": ["scheduled", "running", "stopped", "complete"]})
    status_line = fields.String(metadata={"description": "Where it stands, in one line."})
    weeks = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date()
    stopped_on = fields.Date(allow_none=True)
    conditions = fields.List(fields.Nested(ExperimentConditionSchema))
    shown = fields.Boolean(
        metadata={"description": "False while scheduled or running: no result before the end."}
    )
    sentence = fields.String(allow_none=True, metadata={"description": "The result in words."})
    comparison = fields.Nested(
        ComparisonSchema,
        allow_none=True,
        metadata={"description": "B minus A with its 95% interval; null without a verdict."},
    )
    kept = fields.List(fields.Nested(ConditionKeptSchema))
    blocks = fields.List(fields.Nested(ExperimentBlockSchema))
    seed = fields.Integer(allow_none=True)
    order = fields.List(fields.Nested(PairOrderSchema))
    draw_rule = fields.String(
        allow_none=True, metadata={"description": "How the order follows from the seed."}
    )
    method = fields.String(allow_none=True, metadata={"description": "The comparison, in a line."})
    chart = fields.Nested(ChartSchema, allow_none=True)


class DashboardSchema(Schema):
    summary = fields.Nested(SummarySchema)
    charts = fields.List(fields.Nested(ChartSchema))
    experiment = fields.Nested(
        ExperimentSectionSchema,
        allow_none=True,
        metadata={"description": "The current self-experiment; null when there is none."},
    )
