"""What the printed report shows, gathered from the dashboard's own numbers.

Nothing is computed here that the analysis already computes: the summary,
the daily series and the 7-day mean come from ``dashboard_data`` and
``rolling_pain``, so the page a physiotherapist holds and the dashboard the
person sees can never disagree. This module only picks and groups them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tracker.analysis import Day, Summary
from tracker.analysis.trends import rolling_pain
from tracker.analysis.voice import Voice
from tracker.catalog import PAUSE_REASON_LABELS, WARNING_SIGNS
from tracker.common.cache import cached, data_key
from tracker.dashboard.experiment import experiment_section
from tracker.dashboard.service import dashboard_data
from tracker.i18n.text import N_, gettext
from tracker.models import Plan, User
from tracker.timeutil import local_today

TABLE_DAYS = 14
_SIGN_LABELS = {w.slug: w.label for w in WARNING_SIGNS}
_SIGN_ORDER = tuple(w.slug for w in WARNING_SIGNS)
_SHORT_SIGN_WORDS = (N_("Cannot bear weight"), N_("Tingling"), N_("Pain on a bone"))
"""The table's short forms that are not a whole label of the catalogue (marked here, so
each is translated as a whole, never cut out of a translated label)."""


@dataclass(frozen=True, slots=True)
class PlanLine:
    start: date
    sessions_per_day: int
    minutes_min: int
    minutes_max: int


@dataclass(frozen=True, slots=True)
class SignDays:
    """One warning sign and every day it was logged: ten days of swelling read as one line."""

    label: str
    days: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class PausedRun:
    first: date
    last: date
    reason: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class ReportData:
    email: str
    timezone: str
    start: date
    end: date
    generated: datetime
    """The person's local time when the page was made: a printout is dated."""
    days: list[Day]
    rolling: list[float | None]
    summary: Summary
    plan: PlanLine
    plan_changes: tuple[PlanLine, ...]
    signs: tuple[SignDays, ...]
    paused: tuple[PausedRun, ...]
    table: tuple[Day, ...]
    experiment: dict[str, Any] | None = None
    """The current self-experiment, as the dashboard shows it (``experiment_section``)."""

    @property
    def has_data(self) -> bool:
        totals = self.summary.totals
        return bool(totals.days_logged or totals.sessions)

    @property
    def day_count(self) -> int:
        return (self.end - self.start).days + 1


def _line(plan: Plan) -> PlanLine:
    return PlanLine(plan.effective_from, plan.sessions_per_day, plan.minutes_min, plan.minutes_max)


def _plan_in_force(plans: list[Plan], on: date) -> PlanLine:
    """The plan lived on ``on``: a plan already set for a later day is not yet the plan."""
    current = [p for p in plans if p.effective_from <= on]
    return _line(current[-1] if current else plans[0])


def _plan_changes(plans: list[Plan], start: date, end: date) -> tuple[PlanLine, ...]:
    """Changes that took effect inside the range; the first plan is where things began,
    not a change."""
    return tuple(_line(p) for p in plans[1:] if start <= p.effective_from <= end)


def sign_labels(slugs: Iterable[str], *, short: bool = False) -> tuple[str, ...]:
    """Warning signs in the words the person ticked, in the catalogue's order.

    ``short`` keeps the words before any "or" or bracket ("Tingling", "Pain on a
    bone"), so that a day's signs fit one line of the 14-day table; the full
    words are in the report's warning-sign list above it.
    """
    wanted = set(slugs)
    labels = (str(_SIGN_LABELS[slug]) for slug in _SIGN_ORDER if slug in wanted)
    if short:
        return tuple(gettext(label.split(" (")[0].split(" or ")[0]) for label in labels)
    return tuple(gettext(label) for label in labels)


def pause_label(reason: str) -> str:
    """A pause's reason in the reader's words (an unknown slug as it is stored)."""
    return gettext(str(PAUSE_REASON_LABELS.get(reason, reason)))


def _signs(days: list[Day]) -> tuple[SignDays, ...]:
    return tuple(
        SignDays(gettext(str(_SIGN_LABELS[slug])), logged)
        for slug in _SIGN_ORDER
        if (logged := tuple(d.day for d in days if slug in d.warning_signs))
    )


def _paused_runs(days: list[Day]) -> tuple[PausedRun, ...]:
    """Consecutive days with one reason, as one line: "3-9 Nov, travel"."""
    runs: list[PausedRun] = []
    for d in days:
        if d.paused is None:
            continue
        reason = pause_label(d.paused)
        last = runs[-1] if runs else None
        if last and last.reason == reason and last.last + timedelta(days=1) == d.day:
            runs[-1] = PausedRun(last.first, d.day, reason)
        else:
            runs.append(PausedRun(d.day, d.day, reason))
    return tuple(runs)


def report_data(user: User, start: date, end: date, *, voice: Voice = "you") -> ReportData:
    """The report for ``start``..``end`` (local dates; ``end`` is clamped to today), computed
    once per data version, day and voice; only the time it is printed at is each page's own."""
    key = data_key("report", user, start, end, local_today(user.timezone), voice)
    report = cached(key, lambda: _report_data(user, start, end, voice))
    return replace(report, generated=datetime.now(ZoneInfo(user.timezone)))


def _report_data(user: User, start: date, end: date, voice: Voice) -> ReportData:
    data = dashboard_data(user, start, end, voice=voice)
    plans = sorted(user.plans, key=lambda p: p.effective_from)
    return ReportData(
        email=user.email,
        timezone=user.timezone,
        start=data.start,
        end=data.end,
        generated=datetime.now(ZoneInfo(user.timezone)),
        days=data.days,
        rolling=rolling_pain(data.days),
        summary=data.summary,
        plan=_plan_in_force(plans, data.end),
        plan_changes=_plan_changes(plans, data.start, data.end),
        signs=_signs(data.days),
        paused=_paused_runs(data.days),
        table=tuple(data.days[-TABLE_DAYS:]),
        experiment=experiment_section(user, voice=voice),
    )
