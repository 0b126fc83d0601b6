"""The dashboard's five charts, each a Plotly figure dict plus one sentence.

Figures are plain dicts in Plotly's JSON schema (the tests check them against
``plotly.graph_objects``): building them through the validating object layer
costs tens of milliseconds per chart, which a dashboard with years of data
cannot afford. The sentence under each chart says what it shows, for screen
readers and for people who would rather read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tracker.analysis import Day, Summary
from tracker.analysis.compare import (
    MIN_DAYS_PER_GROUP,
    MIN_MORNINGS_FOR_VERDICT,
    Association,
    signed,
)
from tracker.analysis.trends import rolling_pain, weekly
from tracker.catalog import GLOBAL_CHANGE, GLOBAL_CHANGE_SCALE, PAUSE_REASON_LABELS
from tracker.charts.style import (
    BLUE,
    GREEN,
    GREY,
    INK,
    ORANGE,
    PLAN_MET,
    PLAN_PART,
    PURPLE,
    SKY,
    VERMILLION,
    base_layout,
    pain_axis,
)

Figure = dict[str, Any]
DAY_MS = 24 * 60 * 60 * 1000


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    figure: Figure
    summary: str
    empty: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def date_axis(first: date, last: date, min_days: int = 14, **extra: Any) -> dict[str, Any]:
    """Whole days on the axis, never hours: a short history is padded to two weeks."""
    pad = max(1, (min_days - (last - first).days) // 2)
    return {
        "type": "date",
        "tickformat": "%b %d",
        "range": [
            (first - timedelta(days=pad)).isoformat(),
            (last + timedelta(days=pad)).isoformat(),
        ],
        "nticks": 6,
        **extra,
    }


def short_date(day: date) -> str:
    """'23 Nov': the pages' one date style, not ISO's 2026-11-23."""
    return f"{day.day} {day:%b}"


def _empty(name: str, title: str, message: str) -> Chart:
    """No axes and no fake zero line: only the honest sentence."""
    figure = {
        "data": [],
        "layout": base_layout(
            height=160,
            xaxis={"visible": False},
            yaxis={"visible": False},
            annotations=[{"text": _wrap(message, 36), "showarrow": False, "font": {"size": 14}}],
        ),
    }
    return Chart(name, title, figure, message, empty=True)


def _count(n: int, noun: str) -> str:
    """'1 morning', '2 mornings': the sentences are read aloud by screen readers."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _iso(days: Sequence[Day]) -> list[str]:
    return [d.day.isoformat() for d in days]


def pain_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = "First-step pain"
    logged = [d for d in days if d.pain_mean is not None]
    if not logged:
        return _empty("pain", title, "No mornings logged yet: log your first-step pain on Today.")
    x = _iso(days)
    traces: list[Figure] = []
    for foot, colour, symbol in (("left", BLUE, "circle"), ("right", ORANGE, "diamond")):
        values = [getattr(d, f"pain_{foot}") for d in days]
        if any(v is not None for v in values):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": f"{foot} foot",
                    "x": x,
                    "y": values,
                    "marker": {"color": colour, "symbol": symbol, "size": 6},
                }
            )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": "7-day mean",
            "x": x,
            "y": [None if v is None else round(v, 2) for v in rolling_pain(days)],
            "line": {"color": INK, "width": 2.5},
            "connectgaps": False,
        }
    )
    traces += _feeling_markers(days)
    shapes, notes = _plan_change_markers(summary)
    progress = summary.progress
    if progress.available and progress.baseline is not None:
        target = progress.baseline - min(2.0, 0.3 * progress.baseline)
        for y, colour, dash, label in (
            (progress.baseline, GREY, "dot", "first-week baseline"),
            (target, VERMILLION, "dash", "about meaningful (−2 or −30%)"),
        ):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": label,
                    "x": [x[0], x[-1]],
                    "y": [round(y, 2), round(y, 2)],
                    "line": {"color": colour, "dash": dash},
                    "hoverinfo": "skip",
                }
            )
    rows: dict[str, Any] = (
        {"yaxis": pain_axis(domain=[0, 0.72]), "yaxis2": RATING_AXIS}
        if any(t.get("yaxis") == "y2" for t in traces)
        else {"yaxis": pain_axis()}
    )
    layout = base_layout(
        height=380,
        xaxis=date_axis(days[0].day, days[-1].day),
        shapes=shapes,
        annotations=notes,
        legend={"orientation": "h", "x": 0, "y": -0.14, "yanchor": "top", "font": {"size": 11}},
        **rows,
    )
    # The progress sentence itself is the Progress card's: said once per page.
    sentence = (
        f"{_count(len(logged), 'morning')} logged; the dotted line is your first-week "
        "average, the dashed one a clinically meaningful drop from it."
        if progress.available
        else f"{_count(len(logged), 'morning')} logged; the trend needs "
        f"{progress.mornings_needed} more before it can be compared with your first week."
    )
    if summary.plan_changes:
        sentence += f" {_count(len(summary.plan_changes), 'plan change')} marked."
    if any(t.get("yaxis") == "y2" for t in traces):
        sentence += " The stars in the top row are your weekly answers to how it is going."
    return Chart("pain", title, {"data": traces, "layout": layout}, sentence)


def _plan_words(sessions: int, low: int, high: int) -> str:
    minutes = f"{low}" if low == high else f"{low}–{high}"
    return f"plan: {sessions}×/day, {minutes} min"


def _plan_change_markers(summary: Summary) -> tuple[list[Figure], list[Figure]]:
    """A dashed line where each plan change took effect, labelled with the new plan."""
    shapes: list[Figure] = []
    notes: list[Figure] = []
    for change in summary.plan_changes:
        x = change.start.isoformat()
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": GREEN, "dash": "dash", "width": 1.5},
            }
        )
        notes.append(
            {
                "x": x,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 10, "color": INK},
                "text": _plan_words(
                    change.sessions_per_day, change.minutes_min, change.minutes_max
                ),
            }
        )
    return shapes, notes


RATING_POSITION = {
    label.replace(" ", "-"): 3 - rank for rank, label in enumerate(GLOBAL_CHANGE_SCALE)
}
"""The weekly answer on its own scale: +3 'very much improved' to -3 'very much worse'."""


def _feeling_markers(days: Sequence[Day]) -> list[Figure]:
    """The weekly "how is it going" answers, on their own axis above the pain axis:
    drawn on the pain scale they would read as pain scores."""
    rated = [d for d in days if d.global_change in RATING_POSITION]
    if not rated:
        return []
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "how you rated it",
            "x": _iso(rated),
            "y": [RATING_POSITION[d.global_change or ""] for d in rated],
            "yaxis": "y2",
            "text": [GLOBAL_CHANGE.get(d.global_change or "", "") for d in rated],
            "hovertemplate": "%{x|%b %d}: %{text}<extra></extra>",
            "marker": {"color": PURPLE, "symbol": "star", "size": 11},
        }
    ]


RATING_AXIS: Figure = {
    "domain": [0.8, 1],
    "range": [-3.8, 3.8],
    "tickvals": [-3, 0, 3],
    "ticktext": ["worse", "same", "better"],
    "zeroline": False,
    "title": {"text": ""},
    "fixedrange": True,
}
"""The ratings' own row: three words, no numbers, so nobody reads them as pain."""


def _reason(slug: str | None) -> str:
    return PAUSE_REASON_LABELS.get(slug or "", slug or "")


def calendar_chart(days: Sequence[Day], summary: Summary) -> Chart:
    """One square per day, a week per column, like a contributions calendar."""
    title = "Routine calendar"
    used = [d for d in days if d.day_of_use is not None]
    if not used:
        return _empty(
            "calendar",
            title,
            "Nothing logged yet: your calendar starts with your first session or check-in.",
        )
    first_monday = used[0].day - timedelta(days=used[0].day.weekday())
    weekday_names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    active = [d for d in used if d.paused is None]
    paused = [d for d in used if d.paused is not None]

    def coords(rows: Sequence[Day]) -> tuple[list[str], list[str]]:
        return (
            [(d.day - timedelta(days=d.day.weekday())).isoformat() for d in rows],
            [weekday_names[d.day.weekday()] for d in rows],
        )

    def cell_text(d: Day) -> str:
        in_progress = " (today, in progress)" if d.adherence is None else ""
        return f"{d.day.isoformat()}: {d.sessions} of {d.planned_sessions} sessions{in_progress}"

    # Discrete groups rather than a continuous scale: each has a legend entry and a
    # shade that meets 3:1 on the card in both schemes, and "more done" is "more
    # saturated" in both (see style.DARK).
    groups = (
        ("plan met", lambda a: a is not None and a >= 1, PLAN_MET, "square"),
        ("part of the plan", lambda a: a is not None and 0 < a < 1, PLAN_PART, "square"),
        ("missed", lambda a: a == 0, GREY, "square-open"),
        ("not counted yet", lambda a: a is None, PLAN_PART, "square-open-dot"),
    )
    traces: list[Figure] = []
    for label, member, colour, symbol in groups:
        rows = [d for d in active if member(d.adherence)]
        if not rows:
            continue
        if label == "not counted yet" and [d.day for d in rows] == [summary.today]:
            label = "today, in progress"
        gx, gy = coords(rows)
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": label,
                "x": gx,
                "y": gy,
                "marker": {"symbol": symbol, "size": 11, "color": colour},
                "text": [cell_text(d) for d in rows],
                "hoverinfo": "text",
            }
        )
    if paused:
        px, py = coords(paused)
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "paused",
                "x": px,
                "y": py,
                "marker": {"symbol": "square-x-open", "size": 11, "color": GREY},
                "text": [f"{d.day.isoformat()}: paused ({_reason(d.paused)})" for d in paused],
                "hoverinfo": "text",
            }
        )
    weeks = (used[-1].day - first_monday).days // 7 + 1
    layout = base_layout(
        height=260,
        xaxis=date_axis(first_monday, used[-1].day, min_days=56, showgrid=False),
        yaxis={
            "categoryorder": "array",
            "categoryarray": weekday_names[::-1],
            "range": [-0.5, 6.5],
            "showgrid": False,
        },
        margin={"l": 40, "r": 8, "t": 24, "b": 36},
    )
    s = summary.streaks
    sentence = (
        f"Current streak {s.current} day{'s' if s.current != 1 else ''} with the plan met; "
        f"longest {s.longest}. Over {_count(weeks, 'week')}, solid squares are days "
        "with sessions (the stronger the blue, the closer to the plan) and outlines are "
        "missed days."
    )
    return Chart(
        "calendar",
        title,
        {"data": traces, "layout": layout},
        sentence,
        extra={"current_streak": s.current, "longest_streak": s.longest},
    )


def _trend_line(assoc: Association) -> tuple[list[float], list[float]]:
    """The model's slope through the trend-adjusted points: the line the verdict is about."""
    points = [p for p in assoc.points if p.adjusted is not None]
    if assoc.slope is None or len(points) < 2:
        return [], []
    xs = [p.x for p in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(p.adjusted or 0.0 for p in points) / len(points)
    lo, hi = min(xs), max(xs)
    if lo == hi:
        return [], []
    return [lo, hi], [
        round(mean_y + assoc.slope * (lo - mean_x), 3),
        round(mean_y + assoc.slope * (hi - mean_x), 3),
    ]


def _stat_text(assoc: Association) -> str:
    """Three short lines, so the two panels' labels fit side by side at 390 px."""
    if assoc.effect is None or assoc.ci_low is None or assoc.ci_high is None:
        return f"n = {assoc.n}"
    return (
        f"{assoc.contrast}: {signed(assoc.effect, 1)}<br>"
        f"95% CI {signed(assoc.ci_low, 1)} to {signed(assoc.ci_high, 1)}<br>n = {assoc.n}"
    )


def headline_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = "Consistency or intensity?"
    h = summary.headline
    panels = (
        (h.consistency, "x", "y", BLUE, "consistency (7-day adherence)"),
        (h.intensity, "x2", "y2", ORANGE, "intensity (7-day mean pressure)"),
    )
    if h.consistency.n < MIN_MORNINGS_FOR_VERDICT:
        # A trend line through a handful of points would suggest a link the
        # analysis refuses to state: show only the honest sentence.
        return _empty("headline", title, h.consistency.verdict)
    traces: list[Figure] = []
    annotations: list[Figure] = []
    # The left panel's label reaches over its tick labels, the right one's ends at the
    # right edge: side by side they fit a 390 px phone without clipping.
    anchors = {"x": ("left", 0, -20), "x2": ("right", 1, 0)}
    for assoc, xa, ya, colour, label in panels:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": label,
                "xaxis": xa,
                "yaxis": ya,
                "x": [p.x for p in assoc.points if p.adjusted is not None],
                "y": [round(p.adjusted, 3) for p in assoc.points if p.adjusted is not None],
                # Opacity above 0.8 keeps 3:1 against the card where points do not overlap.
                "marker": {"color": colour, "size": 6, "opacity": 0.85},
                "text": [p.day.isoformat() for p in assoc.points if p.adjusted is not None],
                "showlegend": False,
            }
        )
        lx, ly = _trend_line(assoc)
        if lx:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": "model",
                    "xaxis": xa,
                    "yaxis": ya,
                    "x": lx,
                    "y": ly,
                    # Solid only where the verdict is put into words.
                    "line": {"color": INK, "dash": "solid" if assoc.direction else "dot"},
                    "hoverinfo": "skip",
                    "showlegend": False,
                }
            )
        annotations.append(
            {
                "text": _stat_text(assoc),
                "xref": f"{xa} domain",
                "yref": f"{ya} domain",
                "x": anchors[xa][1],
                "xshift": anchors[xa][2],
                "y": 1.02,
                "yanchor": "bottom",
                "xanchor": anchors[xa][0],
                "align": anchors[xa][0],
                "showarrow": False,
                "font": {"size": 10},
            }
        )
    layout = base_layout(
        height=340,
        grid={"rows": 1, "columns": 2, "pattern": "independent"},
        xaxis={"title": {"text": "consistency"}, "range": [-0.05, 1.05], "tickformat": ".0%"},
        xaxis2={"title": {"text": "pressure (1-10)"}, "range": [0.5, 10.5]},
        yaxis=pain_axis(title={"text": "next-morning pain, recovery taken out"}),
        yaxis2=pain_axis(title={"text": ""}),
        annotations=annotations,
        margin={"l": 44, "r": 10, "t": 64, "b": 44},
    )
    sentence = (
        # The conclusion is the Progress card's: said once per page.
        f"{h.consistency.verdict} {h.intensity.verdict} The points are "
        "next-morning pain with your overall recovery and the other measure taken out; "
        "the line is the model's slope (dotted: no verdict)."
    )
    return Chart("headline", title, {"data": traces, "layout": layout}, sentence)


def weekly_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = "Week by week"
    weeks = [w for w in weekly(days) if w.adherence is not None or w.mean_pain is not None]
    if not weeks:
        return _empty("weekly", title, "No complete data yet: weeks appear once you log.")
    x = [w.start.isoformat() for w in weeks]
    traces = [
        {
            "type": "bar",
            "name": "adherence",
            "x": x,
            # A date axis sizes bars from their spacing; one week alone would be a hairline.
            "width": 6 * DAY_MS,
            "offset": 0,
            "y": [None if w.adherence is None else round(w.adherence, 3) for w in weeks],
            "marker": {"color": SKY},
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "mean first-step pain",
            "x": x,
            "y": [None if w.mean_pain is None else round(w.mean_pain, 2) for w in weeks],
            "line": {"color": VERMILLION, "width": 2},
            "marker": {"symbol": "diamond"},
            "yaxis": "y2",
        },
    ]
    strength = [d for d in days if d.routine_strength is not None]
    if strength:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "routine strength",
                "x": _iso(strength),
                "y": [round(d.routine_strength or 0.0, 3) for d in strength],
                # Ink, not blue: a blue line over the blue bars would disappear.
                "line": {"color": INK, "dash": "dot", "width": 2},
                "hovertemplate": "%{x|%b %d}: %{y:.0%}<extra>routine strength</extra>",
                "yaxis": "y",
            }
        )
    layout = base_layout(
        # To the end of the last week, so the current week's bar is drawn whole.
        xaxis=date_axis(weeks[0].start, weeks[-1].start + timedelta(days=7), min_days=42),
        yaxis={"range": [0, 1.05], "tickformat": ".0%", "title": {"text": "adherence"}},
        yaxis2=pain_axis(overlaying="y", side="right", title={"text": "pain"}),
        margin={"l": 48, "r": 40, "t": 24, "b": 40},
        bargap=0.25,
    )
    rated = [w for w in weeks if w.adherence is not None]
    best = max(rated, key=lambda w: w.adherence or 0.0) if rated else None
    sentence = f"{_count(len(weeks), 'week')} shown." + (
        f" Your most consistent week began {short_date(best.start)} "
        f"({round((best.adherence or 0) * 100)}% of planned sessions)."
        if best
        else ""
    )
    if strength:
        latest = strength[-1].routine_strength or 0.0
        sentence += f" Routine strength is {round(latest * 100)}% (the dotted line)."
    return Chart("weekly", title, {"data": traces, "layout": layout}, sentence)


def _wrap(name: str, width: int = 20) -> str:
    """Break long technique names onto lines, so the bars keep their width on a phone."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


TECHNIQUE_COUNTS_NOTE = "Beside each bar: mornings after sessions<br>with it vs without it"
TECHNIQUE_AXIS_TITLE = (
    "next-morning pain, with it minus without<br>(trend-adjusted; below 0 = lower)"
)


def techniques_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = "Techniques (exploratory)"
    shown = [t for t in summary.techniques if t.shown and t.difference is not None]
    if not shown:
        return _empty(
            "techniques",
            title,
            "Not enough data yet: a technique is compared once there are at least "
            f"{MIN_DAYS_PER_GROUP} mornings after session days with it and "
            f"{MIN_DAYS_PER_GROUP} after other session days.",
        )
    shown = sorted(shown, key=lambda t: t.difference or 0.0, reverse=True)
    span = max(abs(t.difference or 0.0) for t in shown) * 2.2 + 0.1
    traces: list[Figure] = []
    for label, member, colour in (
        ("lower pain after it", lambda d: d < 0, BLUE),
        ("higher or the same after it", lambda d: d >= 0, ORANGE),
    ):
        rows = [t for t in shown if member(t.difference or 0.0)]
        if not rows:
            continue
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "y": [_wrap(t.name) for t in rows],
                "x": [round(t.difference or 0.0, 2) for t in rows],
                "text": [f"{t.n_with} vs {t.n_without}" for t in rows],
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"size": 11, "color": INK},
                "marker": {"color": colour},
                "hovertext": [t.label for t in rows],
                "hoverinfo": "text",
            }
        )
    # The long technique names take the left half of a phone; the notes are anchored
    # to the plot's right edge so they grow leftwards into that margin, never off-screen.
    notes = [
        {
            "text": TECHNIQUE_COUNTS_NOTE,
            "xref": "paper",
            "yref": "paper",
            "x": 1,
            "y": 1,
            "yanchor": "bottom",
            "xanchor": "right",
            "align": "right",
            "yshift": 6,
            "showarrow": False,
            "font": {"size": 11},
        },
        {
            "text": TECHNIQUE_AXIS_TITLE,
            "xref": "paper",
            "yref": "paper",
            "x": 1,
            "y": 0,
            "yanchor": "top",
            "xanchor": "right",
            "align": "right",
            "yshift": -26,
            "showarrow": False,
        },
    ]
    height = max(300, 170 + 46 * len(shown))
    margin = {"l": 8, "r": 16, "t": 44, "b": 110}
    layout = base_layout(
        height=height,
        barmode="relative",
        xaxis={"zeroline": True, "range": [-span, span]},
        yaxis={
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": [_wrap(t.name) for t in shown],
        },
        margin=margin,
        # Below the axis title: 70 px under the plot, in the plot's own height units.
        legend={
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": -70 / (height - margin["t"] - margin["b"]),
            "yanchor": "top",
        },
        annotations=notes,
    )
    clear = [t for t in shown if t.p_holm is not None and t.p_holm < 0.05]
    compared = f"Exploratory, not proof: {len(shown)} technique{'s' if len(shown) != 1 else ''} "
    if clear:
        best = min(clear, key=lambda t: t.difference or 0.0)
        sentence = (
            f"{compared}compared with other session days, after your overall recovery; "
            f"mornings after {best.name} were about {abs(best.difference or 0):.1f} points "
            f"{'lower' if (best.difference or 0) < 0 else 'higher'} (adjusted for the number "
            "compared)."
        )
    else:
        sentence = (
            f"{compared}compared with other session days, after your overall recovery: "
            "no clear difference for any of them yet."
        )
    sentence += (
        " The numbers beside each bar count the mornings after sessions with it and without it."
    )
    return Chart("techniques", title, {"data": traces, "layout": layout}, sentence)


BUILDERS: dict[str, Callable[[Sequence[Day], Summary], Chart]] = {
    "pain": pain_chart,
    "calendar": calendar_chart,
    "headline": headline_chart,
    "weekly": weekly_chart,
    "techniques": techniques_chart,
}
CHART_NAMES = tuple(BUILDERS)


def build_chart(name: str, days: Sequence[Day], summary: Summary) -> Chart:
    return BUILDERS[name](days, summary)
