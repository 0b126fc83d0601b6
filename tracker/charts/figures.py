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
from functools import lru_cache
from typing import Any

from tracker.analysis import Day, Progress, Summary
from tracker.analysis.compare import (
    MIN_DAYS_PER_GROUP,
    MIN_MORNINGS_FOR_VERDICT,
    Association,
    TechniqueEffect,
    model_line,
    signed,
)
from tracker.analysis.progress import meaningful_level
from tracker.analysis.trends import Week, rolling_pain, weekly
from tracker.analysis.voice import Voice
from tracker.catalog import GLOBAL_CHANGE, GLOBAL_CHANGE_SCALE, PAUSE_REASON_LABELS
from tracker.charts.locale import first_weekday, pinned_language, weekday_names
from tracker.charts.locale import short_date as short_date
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
from tracker.charts.traces import (
    Figure,
    date_axis,
    hover_dates,
    hover_format,
    iso,
    level,
    line,
    markers,
    note,
    vertical,
)
from tracker.i18n.text import DEFAULT_LANGUAGE, N_, current_language, ngettext, number, percent
from tracker.i18n.text import gettext as _

DAY_MS = 24 * 60 * 60 * 1000


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    figure: Figure
    summary: str
    empty: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


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


def _voiced(voice: Voice, you: str, they: str) -> str:
    """One of two whole sentences: German and Spanish change more than the pronoun when a
    physiotherapist reads about the person (see tracker/translations/README.md)."""
    return you if voice == "you" else they


def pain_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = _("First-step pain")
    logged = sum(1 for d in days if d.pain_mean is not None)
    if not logged:
        return _empty("pain", title, _(_NO_MORNINGS[summary.voice]))
    x = iso([d.day for d in days])
    ratings = _feeling_markers(days, summary.voice)
    traces = [*_foot_markers(days, x), _rolling_mean(days, x), *ratings]
    traces += _progress_levels(summary.progress, x)
    shapes, notes = _plan_change_markers(summary)
    rows = (
        {"yaxis": pain_axis(domain=[0, 0.72]), "yaxis2": rating_axis()}
        if ratings
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
    sentence = _pain_sentence(logged, summary, rated=bool(ratings))
    return Chart("pain", title, {"data": traces, "layout": layout}, sentence)


_NO_MORNINGS = {
    "you": N_("No mornings logged yet: log your first-step pain on Today."),
    "they": N_("No mornings logged yet."),
}


def _foot_markers(days: Sequence[Day], x: list[str]) -> list[Figure]:
    """Each foot's morning score, where that foot was ever rated."""
    traces: list[Figure] = []
    for foot, name, colour, symbol in (
        ("left", N_("left foot"), BLUE, "circle"),
        ("right", N_("right foot"), ORANGE, "diamond"),
    ):
        values = [getattr(d, f"pain_{foot}") for d in days]
        if any(v is not None for v in values):
            traces.append(markers(_(name), x, values, colour, symbol=symbol))
    return traces


def _rolling_mean(days: Sequence[Day], x: list[str]) -> Figure:
    """The analysis's 7-day mean: the trend a person should read, not the daily noise."""
    y = [None if v is None else round(v, 2) for v in rolling_pain(days)]
    return line(_("7-day mean"), x, y, INK, width=2.5, connectgaps=False)


def _progress_levels(progress: Progress, x: list[str]) -> list[Figure]:
    """The first-week baseline, and the level a drop must reach to be meaningful: the
    Progress card's own rule (:func:`meaningful_level`), drawn rather than restated."""
    if not progress.available or progress.baseline is None:
        return []
    baseline = _("first-week baseline")
    levels = [level(baseline, x[0], x[-1], progress.baseline, GREY, "dot")]
    target = meaningful_level(progress.baseline)
    if target is not None:
        levels.append(level(_(MEANINGFUL_LABEL), x[0], x[-1], target, VERMILLION, "dash"))
    return levels


MEANINGFUL_LABEL = N_("about meaningful (−2 or −30%)")


def _pain_sentence(logged: int, summary: Summary, *, rated: bool) -> str:
    """What the chart shows; the progress sentence itself is the Progress card's, said once."""
    progress = summary.progress
    voice = summary.voice
    mornings = ngettext("%(num)s morning logged", "%(num)s mornings logged", logged)
    if not progress.available:
        needed = progress.mornings_needed
        sentence = _voiced(
            voice,
            ngettext(
                "%(mornings)s; the trend needs %(num)s more before it can be compared with "
                "your first week.",
                "%(mornings)s; the trend needs %(num)s more before it can be compared with "
                "your first week.",
                needed,
                mornings=mornings,
            ),
            ngettext(
                "%(mornings)s; the trend needs %(num)s more before it can be compared with "
                "their first week.",
                "%(mornings)s; the trend needs %(num)s more before it can be compared with "
                "their first week.",
                needed,
                mornings=mornings,
            ),
        )
    elif progress.baseline is not None and meaningful_level(progress.baseline) is not None:
        sentence = _voiced(
            voice,
            _(
                "%(mornings)s; the dotted line is your first-week average, the dashed one a "
                "clinically meaningful drop from it.",
                mornings=mornings,
            ),
            _(
                "%(mornings)s; the dotted line is their first-week average, the dashed one a "
                "clinically meaningful drop from it.",
                mornings=mornings,
            ),
        )
    else:
        sentence = _voiced(
            voice,
            _("%(mornings)s; the dotted line is your first-week average.", mornings=mornings),
            _("%(mornings)s; the dotted line is their first-week average.", mornings=mornings),
        )
    if summary.plan_changes:
        changes = len(summary.plan_changes)
        sentence += " " + ngettext(
            "%(num)s plan change marked.", "%(num)s plan changes marked.", changes
        )
    if rated:
        sentence += " " + _voiced(
            voice,
            _("The stars in the top row are your weekly answers to how it is going."),
            _("The stars in the top row are their weekly answers to how it is going."),
        )
    return sentence


def _plan_words(sessions: int, low: int, high: int) -> str:
    minutes = number(low, 0) if low == high else f"{number(low, 0)}–{number(high, 0)}"
    return _(
        "plan: %(sessions)s×/day, %(minutes)s min", sessions=number(sessions, 0), minutes=minutes
    )


def _plan_change_markers(summary: Summary) -> tuple[list[Figure], list[Figure]]:
    """A dashed line where each plan change took effect, labelled with the new plan."""
    shapes: list[Figure] = []
    notes: list[Figure] = []
    for change in summary.plan_changes:
        x = change.start.isoformat()
        shapes.append(vertical(x, GREEN))
        words = _plan_words(change.sessions_per_day, change.minutes_min, change.minutes_max)
        notes.append(
            note(
                words,
                x=x,
                xref="x",
                y=1,
                yref="paper",
                yanchor="bottom",
                font={"size": 10, "color": INK},
            )
        )
    return shapes, notes


RATING_POSITION = {
    label.replace(" ", "-"): 3 - rank for rank, label in enumerate(GLOBAL_CHANGE_SCALE)
}
"""The weekly answer on its own scale: +3 'very much improved' to -3 'very much worse'."""


def _feeling_markers(days: Sequence[Day], voice: Voice) -> list[Figure]:
    """The weekly "how is it going" answers, on their own axis above the pain axis:
    drawn on the pain scale they would read as pain scores."""
    rated = [d for d in days if d.global_change in RATING_POSITION]
    if not rated:
        return []
    return [
        markers(
            _voiced(voice, _("how you rated it"), _("how they rated it")),
            iso([d.day for d in rated]),
            [RATING_POSITION[d.global_change or ""] for d in rated],
            PURPLE,
            symbol="star",
            size=11,
            yaxis="y2",
            text=[_label(GLOBAL_CHANGE.get(d.global_change or "", "")) for d in rated],
            hovertemplate=f"%{{x|{hover_format()}}}: %{{text}}<extra></extra>",
        )
    ]


def _label(words: str) -> str:
    """A label of the catalogue (a weekly answer, a pause's reason), translated where shown."""
    return _(words) if words else words


def rating_axis() -> Figure:
    """The ratings' own row: three words, no numbers, so nobody reads them as pain."""
    return {
        "domain": [0.8, 1],
        "range": [-3.8, 3.8],
        "tickvals": [-3, 0, 3],
        "ticktext": [_("worse"), _("same"), _("better")],
        "zeroline": False,
        "title": {"text": ""},
        "fixedrange": True,
    }


def _reason(slug: str | None) -> str:
    return _label(PAUSE_REASON_LABELS.get(slug or "", slug or ""))


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""The calendar's rows in English; :func:`weekdays` in the reader's language."""


def weekdays() -> tuple[str, ...]:
    """Monday to Sunday, each as the calendar's row label."""
    language = current_language()
    return WEEKDAYS if language == DEFAULT_LANGUAGE else weekday_names(language)


def _week_of(day: date) -> date:
    """The first day of ``day``'s week, on the reader's calendar (Monday for all three
    languages, as Babel's CLDR data says: the columns move only for a locale that differs)."""
    return day - timedelta(days=(day.weekday() - first_weekday(current_language())) % 7)


def _week_rows() -> tuple[str, ...]:
    """The row labels from the week's first day on, top to bottom."""
    names, first = weekdays(), first_weekday(current_language())
    return names[first:] + names[:first]


CALENDAR_GROUPS: tuple[tuple[str, Callable[[float | None], bool], str, str], ...] = (
    (N_("plan met"), lambda a: a is not None and a >= 1, PLAN_MET, "square"),
    (N_("part of the plan"), lambda a: a is not None and 0 < a < 1, PLAN_PART, "square"),
    (N_("missed"), lambda a: a == 0, GREY, "square-open"),
    (N_("not counted yet"), lambda a: a is None, PLAN_PART, "square-open-dot"),
)
"""Discrete groups rather than a continuous scale: each has a legend entry and a shade
that meets 3:1 on the card in both schemes, and "more done" is "more saturated" in both
(see style.DARK)."""


def calendar_chart(days: Sequence[Day], summary: Summary) -> Chart:
    """One square per day, a week per column, like a contributions calendar."""
    title = _("Routine calendar")
    used = [d for d in days if d.day_of_use is not None]
    if not used:
        return _empty(
            "calendar",
            title,
            _voiced(
                summary.voice,
                _("Nothing logged yet: your calendar starts with your first session or check-in."),
                _(
                    "Nothing logged yet: their calendar starts with their first session or "
                    "check-in."
                ),
            ),
        )
    first_monday = _week_of(used[0].day)
    planned = [d for d in used if d.paused is None and d.planned_sessions]
    traces = _calendar_cells(planned, summary.today)
    paused = [d for d in used if d.paused is not None]
    if paused:
        texts = [
            _("%(day)s: paused (%(reason)s)", day=day, reason=_reason(d.paused))
            for d, day in zip(paused, hover_dates(d.day for d in paused), strict=True)
        ]
        traces.append(_calendar_trace(_("paused"), paused, GREY, "square-x-open", texts))
    # A self-experiment's rest day plans nothing: neither kept nor missed, like a pause.
    rest = [d for d in used if d.paused is None and not d.planned_sessions]
    if rest:
        texts = [
            ngettext(
                "%(day)s: rest day, %(num)s session",
                "%(day)s: rest day, %(num)s sessions",
                d.sessions,
                day=day,
            )
            for d, day in zip(rest, hover_dates(d.day for d in rest), strict=True)
        ]
        traces.append(_calendar_trace(_("rest day"), rest, GREY, "line-ew-open", texts))
    layout = base_layout(
        height=260,
        xaxis=date_axis(first_monday, used[-1].day, min_days=56, showgrid=False),
        yaxis={
            "categoryorder": "array",
            "categoryarray": _week_rows()[::-1],
            "range": [-0.5, 6.5],
            "showgrid": False,
        },
        margin={"l": 40, "r": 8, "t": 24, "b": 36},
    )
    s = summary.streaks
    weeks = (used[-1].day - first_monday).days // 7 + 1
    sentence = (
        ngettext(
            "Current streak %(num)s day with the plan met; longest %(longest)s.",
            "Current streak %(num)s days with the plan met; longest %(longest)s.",
            s.current,
            longest=number(s.longest, 0),
        )
        + " "
        + ngettext(
            "Over %(num)s week, solid squares are days with sessions (the stronger the blue, "
            "the closer to the plan) and outlines are missed days.",
            "Over %(num)s weeks, solid squares are days with sessions (the stronger the blue, "
            "the closer to the plan) and outlines are missed days.",
            weeks,
        )
    )
    extra = {"current_streak": s.current, "longest_streak": s.longest}
    return Chart("calendar", title, {"data": traces, "layout": layout}, sentence, extra=extra)


def _calendar_cells(active: Sequence[Day], today: date) -> list[Figure]:
    """The days with a plan, one trace per group of :data:`CALENDAR_GROUPS`."""
    traces: list[Figure] = []
    for label, member, colour, symbol in CALENDAR_GROUPS:
        rows = [d for d in active if member(d.adherence)]
        if not rows:
            continue
        name = _(label)
        if label == "not counted yet" and [d.day for d in rows] == [today]:
            name = _("today, in progress")
        traces.append(_calendar_trace(name, rows, colour, symbol, _cell_texts(rows)))
    return traces


def _cell_texts(rows: Sequence[Day]) -> list[str]:
    """Each cell's remembered sentence with its date; the language looked up once."""
    language = current_language()
    return [
        _cell_template(d.sessions, d.planned_sessions, d.adherence is None, language).replace(
            DAY_SLOT, day
        )
        for d, day in zip(rows, hover_dates(d.day for d in rows), strict=True)
    ]


DAY_SLOT = "\x00"
"""Where a cell's date goes in its remembered sentence."""


@lru_cache(maxsize=1024)
def _cell_template(done: int, planned: int, in_progress: bool, language: str) -> str:
    """A calendar cell's words, once per count and language: a 5-year calendar has 1,800
    cells but only a handful of different sentences."""
    words = {"day": DAY_SLOT, "done": number(done, 0)}
    if in_progress:
        return ngettext(
            "%(day)s: %(done)s of %(num)s session (today, in progress)",
            "%(day)s: %(done)s of %(num)s sessions (today, in progress)",
            planned,
            **words,
        )
    return ngettext(
        "%(day)s: %(done)s of %(num)s session",
        "%(day)s: %(done)s of %(num)s sessions",
        planned,
        **words,
    )


def _calendar_trace(
    name: str, rows: Sequence[Day], colour: str, symbol: str, texts: list[str]
) -> Figure:
    """Squares at (the week's Monday, the weekday); the hover names the day itself."""
    first = first_weekday(current_language())
    weeks = iso([d.day - timedelta(days=(d.day.weekday() - first) % 7) for d in rows])
    names = weekdays()
    rows_of = [names[d.day.weekday()] for d in rows]
    return markers(
        name, weeks, rows_of, colour, symbol=symbol, size=11, text=texts, hoverinfo="text"
    )


def _stat_note(assoc: Association, xa: str, ya: str, anchor: tuple[str, int, int]) -> Figure:
    """The effect, its interval and n above one panel."""
    align, x, shift = anchor
    return note(
        _stat_text(assoc),
        xref=f"{xa} domain",
        yref=f"{ya} domain",
        x=x,
        xshift=shift,
        y=1.02,
        yanchor="bottom",
        xanchor=align,
        align=align,
        font={"size": 10},
    )


def _stat_text(assoc: Association) -> str:
    """Three short lines, so the two panels' labels fit side by side at 390 px."""
    n = f"n = {number(assoc.n, 0)}"  # the statistical symbol, in every language
    if assoc.effect is None or assoc.ci_low is None or assoc.ci_high is None:
        return n
    interval = _(
        "95%% CI %(low)s to %(high)s", low=signed(assoc.ci_low, 1), high=signed(assoc.ci_high, 1)
    )
    return f"{assoc.contrast}: {signed(assoc.effect, 1)}<br>{interval}<br>{n}"


HEADLINE_PANELS = (
    ("consistency", "x", "y", BLUE, N_("consistency (7-day adherence)"), ("left", 0, -20)),
    ("intensity", "x2", "y2", ORANGE, N_("intensity (7-day mean pressure)"), ("right", 1, 0)),
)
"""The left panel's label reaches over its tick labels, the right one's ends at the
right edge: side by side they fit a 390 px phone without clipping."""


def headline_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = _("Consistency or intensity?")
    h = summary.headline
    if h.consistency.n < MIN_MORNINGS_FOR_VERDICT:
        # A trend line through a handful of points would suggest a link the
        # analysis refuses to state: show only the honest sentence.
        return _empty("headline", title, h.consistency.verdict)
    traces: list[Figure] = []
    annotations: list[Figure] = []
    for measure, xa, ya, colour, label, anchor in HEADLINE_PANELS:
        assoc: Association = getattr(h, measure)
        traces += _headline_panel(assoc, xa, ya, colour, _(label))
        annotations.append(_stat_note(assoc, xa, ya, anchor))
    layout = base_layout(
        height=340,
        grid={"rows": 1, "columns": 2, "pattern": "independent"},
        xaxis={
            "title": {"text": _("consistency")},
            "range": [-0.05, 1.05],
            "tickformat": ".0%",
        },
        xaxis2={"title": {"text": _("pressure (1-10)")}, "range": [0.5, 10.5]},
        yaxis=pain_axis(title={"text": _("next-morning pain, recovery taken out")}),
        yaxis2=pain_axis(title={"text": ""}),
        annotations=annotations,
        margin={"l": 44, "r": 10, "t": 64, "b": 44},
    )
    key = _voiced(
        summary.voice,
        _(
            "The points are next-morning pain with your overall recovery and the other measure "
            "taken out; the line is the model's slope (dotted: no verdict)."
        ),
        _(
            "The points are next-morning pain with their overall recovery and the other "
            "measure taken out; the line is the model's slope (dotted: no verdict)."
        ),
    )
    # The conclusion is the Progress card's: said once per page.
    sentence = f"{h.consistency.verdict} {h.intensity.verdict} {key}"
    return Chart("headline", title, {"data": traces, "layout": layout}, sentence)


SILENT: Figure = {"hoverinfo": "skip", "showlegend": False}
"""The model's line explains the points; it has no hover or legend entry of its own."""


def _headline_panel(assoc: Association, xa: str, ya: str, colour: str, label: str) -> list[Figure]:
    """One measure's trend-adjusted points and the model's line through them
    (:func:`model_line`), solid only where the verdict is put into words."""
    shown = [p for p in assoc.points if p.adjusted is not None]
    panel = [
        markers(
            label,
            [p.x for p in shown],
            [round(p.adjusted or 0.0, 3) for p in shown],
            colour,
            # Opacity above 0.8 keeps 3:1 against the card where points do not overlap.
            opacity=0.85,
            xaxis=xa,
            yaxis=ya,
            text=hover_dates(p.day for p in shown),
            showlegend=False,
        )
    ]
    lx, ly = model_line(assoc)
    if lx:
        dash = "solid" if assoc.direction else "dot"
        y = [round(v, 3) for v in ly]
        panel.append(line(_("model"), lx, y, INK, dash=dash, xaxis=xa, yaxis=ya, **SILENT))
    return panel


def weekly_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = _("Week by week")
    weeks = [w for w in weekly(days) if w.adherence is not None or w.mean_pain is not None]
    if not weeks:
        message = _voiced(
            summary.voice,
            _("No complete data yet: weeks appear once you log."),
            _("No complete data yet: weeks appear once they log."),
        )
        return _empty("weekly", title, message)
    strength = [d for d in days if d.routine_strength is not None]
    traces = _weekly_traces(weeks)
    if strength:
        traces.append(_strength_line(strength))
    layout = base_layout(
        # To the end of the last week, so the current week's bar is drawn whole.
        xaxis=date_axis(weeks[0].start, weeks[-1].start + timedelta(days=7), min_days=42),
        yaxis={"range": [0, 1.05], "tickformat": ".0%", "title": {"text": _("adherence")}},
        yaxis2=pain_axis(overlaying="y", side="right", title={"text": _("pain")}),
        margin={"l": 48, "r": 40, "t": 24, "b": 40},
        bargap=0.25,
    )
    latest = strength[-1].routine_strength if strength else None
    sentence = _weekly_sentence(weeks, latest, summary.voice)
    return Chart("weekly", title, {"data": traces, "layout": layout}, sentence)


def _weekly_traces(weeks: Sequence[Week]) -> list[Figure]:
    """Adherence bars (left axis) and mean first-step pain (right axis), per week."""
    x = iso([w.start for w in weeks])
    bars = {
        "type": "bar",
        "name": _("adherence"),
        "x": x,
        # A date axis sizes bars from their spacing; one week alone would be a hairline.
        "width": 6 * DAY_MS,
        "offset": 0,
        "y": [None if w.adherence is None else round(w.adherence, 3) for w in weeks],
        "marker": {"color": SKY},
        "yaxis": "y",
    }
    pain = [None if w.mean_pain is None else round(w.mean_pain, 2) for w in weeks]
    mean = line(
        _("mean first-step pain"),
        x,
        pain,
        VERMILLION,
        width=2,
        mode="lines+markers",
        marker={"symbol": "diamond"},
        yaxis="y2",
    )
    return [bars, mean]


def _strength_line(strength: Sequence[Day]) -> Figure:
    """Ink, not blue: a blue line over the blue bars would disappear."""
    name = _("routine strength")
    return line(
        name,
        iso([d.day for d in strength]),
        [round(d.routine_strength or 0.0, 3) for d in strength],
        INK,
        dash="dot",
        width=2,
        hovertemplate=f"%{{x|{hover_format()}}}: %{{y:.0%}}<extra>{name}</extra>",
        yaxis="y",
    )


def _weekly_sentence(weeks: Sequence[Week], strength: float | None, voice: Voice) -> str:
    rated = [w for w in weeks if w.adherence is not None]
    best = max(rated, key=lambda w: w.adherence or 0.0) if rated else None
    sentence = ngettext("%(num)s week shown.", "%(num)s weeks shown.", len(weeks))
    if best:
        words = {"day": short_date(best.start), "share": percent(best.adherence or 0)}
        sentence += " " + _voiced(
            voice,
            _("Your most consistent week began %(day)s (%(share)s of planned sessions).", **words),
            _(
                "Their most consistent week began %(day)s (%(share)s of planned sessions).",
                **words,
            ),
        )
    if strength is not None:
        sentence += " " + _(
            "Routine strength is %(share)s (the dotted line).", share=percent(strength)
        )
    return sentence


def _wrap(name: str, width: int = 20) -> str:
    """Break long technique names onto lines, so the bars keep their width on a phone."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


TECHNIQUE_COUNTS_NOTE = N_("Beside each bar: mornings after sessions<br>with it vs without it")
TECHNIQUE_AXIS_TITLE = N_(
    "next-morning pain, with it minus without<br>(trend-adjusted; below 0 = lower)"
)
TECHNIQUE_MARGIN = {"l": 8, "r": 16, "t": 44, "b": 110}


def techniques_chart(days: Sequence[Day], summary: Summary) -> Chart:
    title = _("Techniques (exploratory)")
    shown = [t for t in summary.techniques if t.shown and t.difference is not None]
    if not shown:
        return _empty(
            "techniques",
            title,
            _(
                "Not enough data yet: a technique is compared once there are at least "
                "%(n)s mornings after session days with it and %(n)s after other session days.",
                n=number(MIN_DAYS_PER_GROUP, 0),
            ),
        )
    shown = sorted(shown, key=lambda t: t.difference or 0.0, reverse=True)
    span = max(abs(t.difference or 0.0) for t in shown) * 2.2 + 0.1
    height = max(300, 170 + 46 * len(shown))
    plot_height = height - TECHNIQUE_MARGIN["t"] - TECHNIQUE_MARGIN["b"]
    layout = base_layout(
        height=height,
        barmode="relative",
        xaxis={"zeroline": True, "range": [-span, span]},
        yaxis={
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": [_wrap(_label(t.name)) for t in shown],
        },
        margin=TECHNIQUE_MARGIN,
        # Below the axis title: 70 px under the plot, in the plot's own height units.
        legend={
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": -70 / plot_height,
            "yanchor": "top",
        },
        annotations=_technique_notes(),
    )
    figure = {"data": _technique_bars(shown), "layout": layout}
    return Chart("techniques", title, figure, _techniques_sentence(shown, summary.voice))


def _technique_bars(shown: Sequence[TechniqueEffect]) -> list[Figure]:
    """Horizontal bars, one trace per direction so the legend explains the two colours."""
    traces: list[Figure] = []
    for label, lower, colour in (
        (N_("lower pain after it"), True, BLUE),
        (N_("higher or the same after it"), False, ORANGE),
    ):
        rows = [t for t in shown if ((t.difference or 0.0) < 0) == lower]
        if not rows:
            continue
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": _(label),
                "y": [_wrap(_label(t.name)) for t in rows],
                "x": [round(t.difference or 0.0, 2) for t in rows],
                "text": [
                    _(
                        "%(with_it)s vs %(without_it)s",
                        with_it=number(t.n_with, 0),
                        without_it=number(t.n_without, 0),
                    )
                    for t in rows
                ],
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"size": 11, "color": INK},
                "marker": {"color": colour},
                "hovertext": [t.label for t in rows],
                "hoverinfo": "text",
            }
        )
    return traces


def _technique_notes() -> list[Figure]:
    """The long technique names take the left half of a phone; the notes are anchored
    to the plot's right edge so they grow leftwards into that margin, never off-screen."""
    corner = {"xref": "paper", "yref": "paper", "x": 1, "xanchor": "right", "align": "right"}
    return [
        note(
            _(TECHNIQUE_COUNTS_NOTE), y=1, yanchor="bottom", yshift=6, font={"size": 11}, **corner
        ),
        note(_(TECHNIQUE_AXIS_TITLE), y=0, yanchor="top", yshift=-26, **corner),
    ]


def _techniques_sentence(shown: Sequence[TechniqueEffect], voice: Voice) -> str:
    clear = [t for t in shown if t.p_holm is not None and t.p_holm < 0.05]
    n = len(shown)
    compared = _voiced(
        voice,
        ngettext(
            "Exploratory, not proof: %(num)s technique compared with other session days, after "
            "your overall recovery",
            "Exploratory, not proof: %(num)s techniques compared with other session days, after "
            "your overall recovery",
            n,
        ),
        ngettext(
            "Exploratory, not proof: %(num)s technique compared with other session days, after "
            "their overall recovery",
            "Exploratory, not proof: %(num)s techniques compared with other session days, after "
            "their overall recovery",
            n,
        ),
    )
    if clear:
        best = min(clear, key=lambda t: t.difference or 0.0)
        words = {
            "compared": compared,
            "technique": _label(best.name),
            "points": number(abs(best.difference or 0), 1),
        }
        if (best.difference or 0) < 0:
            sentence = _(
                "%(compared)s; mornings after %(technique)s were about %(points)s points lower "
                "(adjusted for the number compared).",
                **words,
            )
        else:
            sentence = _(
                "%(compared)s; mornings after %(technique)s were about %(points)s points higher "
                "(adjusted for the number compared).",
                **words,
            )
    else:
        sentence = _("%(compared)s: no clear difference for any of them yet.", compared=compared)
    return (
        sentence
        + " "
        + _("The numbers beside each bar count the mornings after sessions with it and without it.")
    )


BUILDERS: dict[str, Callable[[Sequence[Day], Summary], Chart]] = {
    "pain": pain_chart,
    "calendar": calendar_chart,
    "headline": headline_chart,
    "weekly": weekly_chart,
    "techniques": techniques_chart,
}
CHART_NAMES = tuple(BUILDERS)


def build_chart(name: str, days: Sequence[Day], summary: Summary) -> Chart:
    with pinned_language():
        return BUILDERS[name](days, summary)
