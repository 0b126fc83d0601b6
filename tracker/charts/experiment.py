"""The self-experiment's weeks over time: what the result was computed from, drawn.

Each day under a condition is placed in its week and judged by the pain of the next
morning (the analysis's rule), so a point sits inside the shaded week it speaks for.
The weeks are shaded in their condition's colour and lettered A or B; the first 2
days of each week (the washout) have a grey strip along the bottom and open grey
points, since their mornings do not count; each week's line is the mean of its
counted mornings, the number the comparison pairs up. Built from the analysis's
result alone, like every chart; the sentence under it is the analysis's own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta

from babel.numbers import format_decimal

from tracker.analysis.experiment import (
    WASHOUT_DAYS,
    ConditionPlan,
    ExperimentResult,
)
from tracker.charts.figures import Chart
from tracker.charts.locale import pinned_language
from tracker.charts.style import BLUE, GREY, INK, ORANGE, base_layout, pain_axis
from tracker.charts.traces import Figure, date_axis, hover_date, line, markers, note
from tracker.i18n.text import N_, current_locale, number
from tracker.i18n.text import gettext as _

NAME = "experiment"
TITLE = N_("Self-experiment, week by week")
COLOURS = {"A": (BLUE, "circle"), "B": (ORANGE, "diamond")}
"""Colour and marker per condition: the points differ without colour too, and each week's
line sits in a week lettered A or B (a dashed line a few days long reads as points)."""
SHADE_OPACITY = 0.12
"""The weeks' shading is background, not data: the letters and points carry the meaning."""
KEY = N_(
    "The shaded weeks are lettered by condition; each line is a week's mean of its "
    "counted mornings; grey open points and the grey strip mark the %(washout)s washout days."
)
ONE_DAY = timedelta(days=1)


def _days(start: date, end: date, paused: frozenset[date]) -> list[date]:
    return [
        start + timedelta(days=k)
        for k in range((end - start).days + 1)
        if start + timedelta(days=k) not in paused
    ]


def experiment_chart(
    result: ExperimentResult,
    plans: Mapping[str, ConditionPlan],
    pains: Mapping[date, float],
    last_lived: date,
    paused: Collection[date] = (),
) -> Chart:
    """The weeks of ``result`` with each day's next-morning pain (``pains``: a morning's
    date to its pain, the analysis's ``pain_mean``), up to ``last_lived``."""
    with pinned_language():
        return _experiment_chart(result, plans, pains, last_lived, frozenset(paused))


def _experiment_chart(
    result: ExperimentResult,
    plans: Mapping[str, ConditionPlan],
    pains: Mapping[date, float],
    last_lived: date,
    paused: Collection[date],
) -> Chart:
    paused_days = frozenset(paused)
    points: dict[str, tuple[list[str], list[float], list[str]]] = {
        key: ([], [], []) for key in ("A", "B", "washout")
    }
    means: dict[str, tuple[list[str | None], list[float | None]]] = {"A": ([], []), "B": ([], [])}
    shapes: list[Figure] = []
    notes: list[Figure] = []
    for block_result in result.blocks:
        block = block_result.block
        colour = COLOURS[block.condition][0]
        shapes.append(_shade(block.start, block.end, colour, SHADE_OPACITY, 0, 1))
        notes.append(
            note(
                block.condition,
                x=_middle(block.start, block.end),
                xref="x",
                y=1,
                yref="paper",
                yanchor="bottom",
                font={"size": 12, "color": INK},
            )
        )
        days = _days(block.start, block.end, paused_days)
        washout = days[:WASHOUT_DAYS]
        if washout:
            shapes.append(_shade(washout[0], washout[-1], GREY, 1, 0, 0.03))
        label = plans[block.condition].label
        for day in days:
            pain = pains.get(day + ONE_DAY)
            if day > last_lived or pain is None:
                continue
            key = "washout" if day in washout else block.condition
            xs, ys, texts = points[key]
            xs.append(_midday(day))
            ys.append(round(pain, 2))
            words = {
                "day": hover_date(day),
                "condition": block.condition,
                "label": label,
                "pain": _pain(pain),
            }
            texts.append(
                _("%(day)s (%(condition)s: %(label)s, washout): next morning %(pain)s", **words)
                if key == "washout"
                else _("%(day)s (%(condition)s: %(label)s): next morning %(pain)s", **words)
            )
        counted = [d for d in days[WASHOUT_DAYS:] if d <= last_lived]
        if block_result.mean_pain is not None and counted:
            xs_m, ys_m = means[block.condition]
            mean = round(block_result.mean_pain, 2)
            xs_m += [_midnight(counted[0]), _midnight(counted[-1] + ONE_DAY), None]
            ys_m += [mean, mean, None]
    traces = _traces(points, means, plans)
    first, last = result.blocks[0].block.start, result.blocks[-1].block.end
    layout = base_layout(
        height=340,
        # A day either side of the weeks: their first and last points are whole.
        xaxis=date_axis(first - ONE_DAY, last + 2 * ONE_DAY, min_days=14, showgrid=False),
        yaxis=pain_axis(title={"text": _("next-morning pain (0-10)")}),
        shapes=shapes,
        annotations=notes,
        margin={"l": 44, "r": 12, "t": 28, "b": 40},
        legend={"orientation": "h", "x": 0, "y": -0.14, "yanchor": "top", "font": {"size": 11}},
    )
    explained = _(KEY, washout=number(WASHOUT_DAYS, 0))
    summary = f"{result.sentence} {explained}" if result.sentence else explained
    empty = not any(points[key][0] for key in points)
    figure = {"data": traces, "layout": layout}
    return Chart(NAME, _(TITLE), figure, summary, empty=empty)


def _pain(pain: float) -> str:
    """A morning's pain as logged: "6", "6.5" / "6,5" (no trailing zero, like ``:g``)."""
    return format_decimal(pain, locale=current_locale())


def _middle(start: date, end: date) -> str:
    """The middle of a week, from its first day's start to its last day's end."""
    days = (end - start).days + 1
    return f"{start + timedelta(days=days // 2)} {'12:00' if days % 2 else '00:00'}"


def _midday(day: date) -> str:
    """A day's point in the middle of its day, so it sits inside its shaded week."""
    return f"{day.isoformat()} 12:00"


def _midnight(day: date) -> str:
    return f"{day.isoformat()} 00:00"


def _shade(start: date, end: date, colour: str, opacity: float, y0: float, y1: float) -> Figure:
    """A band over whole days: from the first day's start to the last day's end."""
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": _midnight(start),
        "x1": _midnight(end + ONE_DAY),
        "y0": y0,
        "y1": y1,
        "fillcolor": colour,
        "opacity": opacity,
        "line": {"width": 0},
        "layer": "below",
    }


def _traces(
    points: dict[str, tuple[list[str], list[float], list[str]]],
    means: dict[str, tuple[list[str | None], list[float | None]]],
    plans: Mapping[str, ConditionPlan],
) -> list[Figure]:
    traces: list[Figure] = []
    for key in ("A", "B"):
        colour, symbol = COLOURS[key]
        xs, ys, texts = points[key]
        name = f"{key}: {plans[key].label}"
        traces.append(
            markers(
                name,
                xs,
                ys,
                colour,
                symbol=symbol,
                size=8,
                legendgroup=key,
                text=texts,
                hoverinfo="text",
            )
        )
        mx, my = means[key]
        traces.append(
            line(
                _("%(condition)s week mean", condition=key),
                mx,
                my,
                colour,
                width=3,
                legendgroup=key,
                showlegend=False,
                hovertemplate=_("week mean %(value)s", value="%{y:.1f}") + f"<extra>{key}</extra>",
            )
        )
    xs, ys, texts = points["washout"]
    traces.append(
        markers(
            _("washout (not counted)"),
            xs,
            ys,
            GREY,
            symbol="circle-open",
            size=8,
            text=texts,
            hoverinfo="text",
        )
    )
    return traces
