"""When to see a professional: the rules the app must surface, never a diagnosis.

Each warning names the rule that fired, the reason in the person's own data,
and the source article, so the person (and their physiotherapist) can see why
the app said it. The sources are the articles ``tracker.catalog.SOURCE_WORDS`` names: (001) for
nerve, bone, bruising and the three-week gait analysis, (002) for severe
pain, injury, weight bearing, swelling, redness, fever, numbness and a week
without improvement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from tracker.catalog import WARNING_SIGNS
from tracker.i18n import text
from tracker.i18n.text import N_

from .daily import Day
from .progress import progress
from .voice import Voice, say
from .words import day as day_text
from .words import decimal

RECENT_DAYS = 14
"""A sign logged within the last 14 days is still worth acting on; older ones are history."""
SEVERE_PAIN = 8
"""8-10 on a 0-10 scale is conventionally "severe" pain."""
HOME_CARE_DAYS = 7
"""'Pain that persists for more than a week despite rest and home care' (002)."""
EDGE_DAYS = 3
MIN_EDGE_MORNINGS = 2
GAIT_ANALYSIS_DAYS = 21
"""'If pain persists for more than three weeks despite home care, you need a gait
analysis' (001)."""

_SIGNS = {sign.slug: sign for sign in WARNING_SIGNS}
_SIGN_ORDER = {sign.slug: i for i, sign in enumerate(WARNING_SIGNS)}
_RULE_ORDER = (
    "warning-sign",
    "pressure-too-high",
    "severe-pain",
    "no-improvement",
    "gait-analysis",
)


@dataclass(frozen=True, slots=True)
class Warning:
    """One reason to see a professional (or to go lighter), with its evidence and source.

    ``rule`` is one of warning-sign, pressure-too-high, severe-pain,
    no-improvement, gait-analysis; ``source`` names the article (000/001/002).
    """

    rule: str
    message: str
    reason: str
    source: str
    day: date
    sign: str | None = None
    """The warning-sign slug, for the rules that come from one."""


def _when(day: date) -> str:
    """'12 April 2025' / '12. April 2025' / '12 de abril de 2025', whatever the server's
    locale."""
    return day_text(day, "long")


def _pain_max(day: Day | None) -> int | None:
    if day is None:
        return None
    rated = [p for p in (day.pain_left, day.pain_right) if p is not None]
    return max(rated) if rated else None


def _sign_warnings(by_day: dict[date, Day], today: date, voice: Voice) -> list[Warning]:
    """One warning per sign logged in the last 14 days, dated by its latest day."""
    latest: dict[str, date] = {}
    for d in (today - timedelta(days=k) for k in range(RECENT_DAYS)):
        day = by_day.get(d)
        for slug in day.warning_signs if day else ():
            latest.setdefault(slug, d)
    warnings = []
    for slug, d in latest.items():
        sign = _SIGNS.get(slug)
        label = text.gettext(sign.label) if sign else slug
        warnings.append(
            Warning(
                rule="pressure-too-high" if slug == "bruising" else "warning-sign",
                message=text.gettext(sign.advice)
                if sign
                else text.gettext("See a professional if this goes on."),
                reason=say(
                    voice,
                    N_('You logged "%(sign)s" on %(date)s.'),
                    N_('They logged "%(sign)s" on %(date)s.'),
                    sign=label,
                    date=_when(d),
                ),
                source=sign.source if sign else "002",
                day=d,
                sign=slug,
            )
        )
    return warnings


def _severe_pain_warning(by_day: dict[date, Day], today: date, voice: Voice) -> Warning | None:
    """The latest pair of consecutive mornings at 8 or more, if it is recent."""
    for k in range(RECENT_DAYS):
        d = today - timedelta(days=k)
        second, first = _pain_max(by_day.get(d)), _pain_max(by_day.get(d - timedelta(days=1)))
        if first is not None and second is not None and min(first, second) >= SEVERE_PAIN:
            return Warning(
                rule="severe-pain",
                message=text.gettext(_SIGNS["severe-pain"].advice),
                reason=say(
                    voice,
                    N_(
                        "Your first-step pain was %(first)s and then %(second)s out of 10 on "
                        "two mornings in a row (%(first_day)s and %(second_day)s)."
                    ),
                    N_(
                        "Their first-step pain was %(first)s and then %(second)s out of 10 on "
                        "two mornings in a row (%(first_day)s and %(second_day)s)."
                    ),
                    first=first,
                    second=second,
                    first_day=_when(d - timedelta(days=1)),
                    second_day=_when(d),
                ),
                source="002",
                day=d,
            )
    return None


def _first_use(days: Sequence[Day]) -> date | None:
    for day in days:
        if day.day_of_use is not None:
            return day.day - timedelta(days=day.day_of_use - 1)
    return None


def _mean_pain(by_day: dict[date, Day], first: date) -> tuple[float | None, int]:
    """Mean first-step pain over the 3 days from ``first``, and how many were logged."""
    edge = [by_day.get(first + timedelta(days=k)) for k in range(EDGE_DAYS)]
    pains = [day.pain_mean for day in edge if day is not None and day.pain_mean is not None]
    return (math.fsum(pains) / len(pains) if pains else None), len(pains)


def _no_improvement_warning(
    by_day: dict[date, Day], first_use: date, today: date, voice: Voice
) -> Warning | None:
    """After a week of home care, the last 3 days are no better than the first 3.

    Two logged mornings at each end are required: one morning is too easily
    an outlier to tell someone to see a professional, or that all is well.
    """
    if (today - first_use).days < HOME_CARE_DAYS:
        return None
    start, start_n = _mean_pain(by_day, first_use)
    recent, recent_n = _mean_pain(by_day, today - timedelta(days=EDGE_DAYS - 1))
    if start is None or recent is None or min(start_n, recent_n) < MIN_EDGE_MORNINGS:
        return None
    if recent < start:
        return None
    return Warning(
        rule="no-improvement",
        message=text.gettext(
            "Heel pain that has not improved after a week of rest and home care is a reason "
            "to see a professional, such as a doctor or physiotherapist."
        ),
        reason=say(
            voice,
            N_(
                "Your first-step pain averaged %(start)s over your first %(days)s days and "
                "%(recent)s over the last %(days)s."
            ),
            N_(
                "Their first-step pain averaged %(start)s over their first %(days)s days and "
                "%(recent)s over the last %(days)s."
            ),
            start=decimal(start),
            recent=decimal(recent),
            days=EDGE_DAYS,
        ),
        source="002",
        day=today,
    )


def _gait_warning(
    days: Sequence[Day], first_use: date, today: date, voice: Voice
) -> Warning | None:
    """After three weeks, pain not meaningfully lower: the source advises a gait analysis.

    Silent while progress cannot be measured (fewer than 14 logged mornings):
    the one-week rule already covers pain that is plainly not improving.
    """
    if (today - first_use).days < GAIT_ANALYSIS_DAYS:
        return None
    result = progress(days)
    if not result.available or result.meaningful:
        return None
    return Warning(
        rule="gait-analysis",
        message=text.gettext(
            "Pain that persists for more than three weeks despite home care is a reason to "
            "ask a professional, such as a physiotherapist or podiatrist, for a gait analysis."
        ),
        # A reason is why the rule fired: the pain still there after three weeks, not
        # the progress sentence, which can read as good news ("Pain down 1.6 points").
        # At least 3 weeks: the plural is the only form it needs.
        reason=say(
            voice,
            N_(
                "After %(weeks)s weeks your first-step pain averages %(now)s, against "
                "%(baseline)s in your first week: not yet the drop of about 2 points or 30%% "
                "that counts as clearly better."
            ),
            N_(
                "After %(weeks)s weeks their first-step pain averages %(now)s, against "
                "%(baseline)s in their first week: not yet the drop of about 2 points or 30%% "
                "that counts as clearly better."
            ),
            weeks=(today - first_use).days // 7,
            now=decimal(result.now or 0.0),
            baseline=decimal(result.baseline or 0.0),
        ),
        source="001",
        day=today,
    )


def warning_messages(days: Sequence[Day], today: date, *, voice: Voice = "you") -> list[Warning]:
    """Every rule that fires as of ``today``, most urgent rule first.

    Days after ``today`` are ignored, so that a report for a past date shows
    what the app would have said then.
    """
    past = sorted((d for d in days if d.day <= today), key=attrgetter("day"))
    by_day = {d.day: d for d in past}
    warnings = _sign_warnings(by_day, today, voice)
    severe = _severe_pain_warning(by_day, today, voice)
    first_use = _first_use(past)
    extra = [severe]
    if first_use is not None:
        extra += [
            _no_improvement_warning(by_day, first_use, today, voice),
            _gait_warning(past, first_use, today, voice),
        ]
    warnings += [w for w in extra if w is not None]
    return sorted(
        warnings,
        key=lambda w: (_RULE_ORDER.index(w.rule), _SIGN_ORDER.get(w.sign or "", 99), w.sign or ""),
    )
