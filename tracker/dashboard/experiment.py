"""The self-experiment's section of the dashboard, the report and the share view.

One gathering for all three, so the page a physiotherapist prints and the dashboard the
person reads can never disagree: the status in a line, and once the last week has ended
(or the person stopped) the result, how well each condition was kept, the seed and the
order it drew (so a clinician can audit the draw) and the method in one line. A running
experiment shows where it stands and nothing of the result: no verdict before the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.analysis.daily import pain_mean
from tracker.analysis.experiment import Block, BlockResult, method_text, pair_orders
from tracker.analysis.experiment_kept import kept_by_condition
from tracker.analysis.voice import Voice
from tracker.catalog import TECHNIQUES
from tracker.charts.experiment import experiment_chart
from tracker.common.formats import full_date, short_date
from tracker.experiments.service import (
    current_experiment,
    evaluate,
    paused_days,
    plans_of,
    title_of,
)
from tracker.experiments.templates import describe
from tracker.history import load_history
from tracker.i18n.text import N_, number
from tracker.i18n.text import gettext as _
from tracker.models import Experiment, User
from tracker.timeutil import local_today


@dataclass(frozen=True, slots=True)
class Timeline:
    """What a chart of the weeks is drawn from: each week's result, next-morning pain by the
    morning's date, the last day lived, and the paused days within the weeks."""

    blocks: tuple[BlockResult, ...]
    pains: dict[date, float]
    last_lived: date
    paused: frozenset[date]


_TECHNIQUE_NAMES = {t.slug: t.name for t in TECHNIQUES}
SHOWN = ("complete", "stopped")
"""The statuses whose data are shown: a running experiment shows only where it stands."""
DRAW_RULE = N_(
    "Python's random.Random(seed).random() for pair 1, 2, ... in turn: below 0.5 is A first."
)


def _status_line(
    status: str, experiment: Experiment, schedule: Sequence[Block], today: date
) -> str:
    weeks = number(len(schedule), 0)
    end = full_date(schedule[-1].end)
    if status == "scheduled":
        return _(
            "Starts on %(start)s: %(weeks)s weeks, until %(end)s. No result before the last "
            "week ends.",
            start=full_date(schedule[0].start),
            weeks=weeks,
            end=end,
        )
    if status == "running":
        block = next(b for b in schedule if b.start <= today <= b.end)
        return _(
            "Week %(week)s of %(weeks)s. The result comes after the last week, which ends on "
            "%(end)s.",
            week=number(block.index + 1, 0),
            weeks=weeks,
            end=end,
        )
    if status == "stopped" and experiment.stopped_on is not None:
        return _(
            "Stopped early: no verdict (the last day counted was %(day)s).",
            day=full_date(experiment.stopped_on),
        )
    return _("Ended on %(end)s, after %(weeks)s weeks.", end=end, weeks=weeks)


def experiment_section(user: User, *, voice: Voice = "you") -> dict[str, Any] | None:
    """The person's current experiment as the pages show it; None when they have none."""
    experiment = current_experiment(user)
    if experiment is None:
        return None
    today = local_today(user.timezone)
    paused = paused_days(user, experiment.start_date)
    plans = plans_of(experiment)
    history = load_history(user, until=today)
    schedule, result = evaluate(user, experiment, today, paused, voice=voice, history=history)
    section: dict[str, Any] = {
        "id": experiment.id,
        "title": title_of(experiment),
        "status": result.status,
        "status_line": _status_line(result.status, experiment, schedule, today),
        "weeks": len(schedule),
        "start_date": schedule[0].start,
        "end_date": schedule[-1].end,
        "stopped_on": experiment.stopped_on,
        "conditions": [
            {
                "key": key,
                "label": plans[key].label,
                "description": describe(plans[key]),
                "techniques": [
                    _(_TECHNIQUE_NAMES[s]) if s in _TECHNIQUE_NAMES else s
                    for s in plans[key].techniques
                ],
            }
            for key in "AB"
        ],
        "shown": result.status in SHOWN,
        "sentence": None,
        "comparison": None,
        "kept": [],
        "blocks": [],
        "seed": None,
        "order": [],
        "draw_rule": None,
        "method": None,
        "chart": None,
        "timeline": None,
    }
    if result.status not in SHOWN:
        return section
    last_lived = today - timedelta(days=1)
    if experiment.stopped_on is not None:
        last_lived = min(last_lived, experiment.stopped_on)
    pains = {c.day: p for c in history.checkins if (p := pain_mean(c)) is not None}
    # Stopped before a morning was logged under it: nothing to draw, the sentence says so.
    chart = experiment_chart(result, plans, pains, last_lived, paused)
    first, last = schedule[0].start, schedule[-1].end + timedelta(days=1)
    section.update(
        sentence=result.sentence,
        comparison=result.comparison,
        kept=[
            {**vars(kept), "label": plans[kept.condition].label}
            for kept in kept_by_condition(result.blocks, today, experiment.stopped_on, paused)
        ],
        seed=experiment.seed,
        order=[
            {"pair": n + 1, "order": _("%(first)s then %(second)s", first=first, second=second)}
            for n, (first, second) in enumerate(pair_orders(experiment.pairs, experiment.seed))
        ],
        draw_rule=_(DRAW_RULE),
        method=method_text(),
        chart=chart if not chart.empty else None,
        # The printed report draws the weeks from these (``tracker.report.svg``); the API's
        # schema leaves them out.
        timeline=Timeline(
            blocks=tuple(result.blocks),
            pains={day: pain for day, pain in pains.items() if first <= day <= last},
            last_lived=last_lived,
            paused=frozenset(day for day in paused if first <= day <= last),
        )
        if not chart.empty
        else None,
        blocks=[
            {
                "week": b.block.index + 1,
                "condition": b.block.condition,
                "dates": f"{short_date(b.block.start)}–{short_date(b.block.end)}",
                "days_counted": b.days_counted,
                "mean_pain": b.mean_pain,
                "adherence": b.adherence,
            }
            for b in result.blocks
        ],
    )
    return section
