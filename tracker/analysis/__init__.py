"""FirstStep's analysis core: plain Python over a list of days.

Nothing here imports Flask, SQLAlchemy or the models: the routes convert rows
into the records of ``records.py``, call ``build_daily_series`` once, and hand
the days to the functions below. Results are frozen dataclasses; the dashboard's
schemas turn them into JSON.
"""

from .compare import (
    Association,
    Headline,
    Point,
    TechniqueEffect,
    consistency_vs_intensity,
    technique_comparison,
)
from .daily import ROUTINE_MULTIPLIER, Day, build_daily_series, pain_mean
from .progress import Progress, is_meaningful_drop, progress
from .records import CheckinRecord, PauseRecord, PlanPeriod, SessionRecord
from .safety import Warning, warning_messages
from .stats import Correlation, average_ranks, fisher_interval, spearman
from .streaks import Streaks, streaks
from .summary import Summary, Totals, summarize, totals
from .voice import Voice

__all__ = [
    "ROUTINE_MULTIPLIER",
    "Association",
    "CheckinRecord",
    "Correlation",
    "Day",
    "Headline",
    "PauseRecord",
    "PlanPeriod",
    "Point",
    "Progress",
    "SessionRecord",
    "Streaks",
    "Summary",
    "TechniqueEffect",
    "Totals",
    "Voice",
    "Warning",
    "average_ranks",
    "build_daily_series",
    "consistency_vs_intensity",
    "fisher_interval",
    "is_meaningful_drop",
    "pain_mean",
    "progress",
    "spearman",
    "streaks",
    "summarize",
    "technique_comparison",
    "totals",
    "warning_messages",
]
