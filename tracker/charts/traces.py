"""The pieces every chart is made of: traces, reference lines and notes.

Plain dicts in Plotly's JSON schema (see ``figures.py`` for why not Plotly's
objects). Every colour passed in is one of ``style``'s palette constants, which
the dashboard swaps for their dark shades; a colour written anywhere else would
stay light-mode ink on a dark card.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from tracker.charts.locale import DATE_STYLES, date_style
from tracker.charts.locale import hover_date as hover_date
from tracker.charts.locale import hover_dates as hover_dates

Figure = dict[str, Any]

HOVER_DATE = DATE_STYLES["en"].hover
"""The one date style of every hover label, e.g. "Mon 1 Jun 2026" (d3's time format), in
English; :func:`hover_format` in the reader's language. ``hover_date`` writes a date the
same way in Python, remembered per day and language: the charts label the same days again
and again (about 16,000 labels for a 5-year dashboard)."""


def hover_format() -> str:
    """The hover labels' date style in the reader's language ("Fr., 27. Nov. 2026")."""
    return date_style().hover


def iso(days: Sequence[date]) -> list[str]:
    """Plotly reads dates as ISO strings; the hover shows them as :data:`HOVER_DATE`."""
    return [d.isoformat() for d in days]


def date_axis(first: date, last: date, min_days: int = 14, **extra: Any) -> Figure:
    """Whole days on the axis, never hours: a short history is padded to two weeks."""
    pad = max(1, (min_days - (last - first).days) // 2)
    style = date_style()
    return {
        "type": "date",
        "tickformat": style.tick,
        "hoverformat": style.hover,
        "range": [
            (first - timedelta(days=pad)).isoformat(),
            (last + timedelta(days=pad)).isoformat(),
        ],
        "nticks": 6,
        **extra,
    }


def markers(
    name: str,
    x: Sequence[Any],
    y: Sequence[Any],
    colour: str,
    *,
    symbol: str | None = None,
    size: int = 6,
    opacity: float | None = None,
    **extra: Any,
) -> Figure:
    """Points of one series; the symbol also tells series apart without colour."""
    marker: Figure = {"color": colour, "size": size}
    if symbol is not None:
        marker["symbol"] = symbol
    if opacity is not None:
        marker["opacity"] = opacity
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": list(x),
        "y": list(y),
        "marker": marker,
        **extra,
    }


def line(
    name: str,
    x: Sequence[Any],
    y: Sequence[Any],
    colour: str,
    *,
    dash: str | None = None,
    width: float | None = None,
    **extra: Any,
) -> Figure:
    """A line of one series; the dash also tells lines apart without colour."""
    style: Figure = {"color": colour}
    if dash is not None:
        style["dash"] = dash
    if width is not None:
        style["width"] = width
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": list(x),
        "y": list(y),
        "line": style,
        **extra,
    }


def level(name: str, first: str, last: str, y: float, colour: str, dash: str) -> Figure:
    """A horizontal reference across the chart (a baseline, a target): no hover of its own."""
    return line(name, [first, last], [round(y, 2)] * 2, colour, dash=dash, hoverinfo="skip")


def vertical(x: str, colour: str) -> Figure:
    """A dashed vertical across the whole plot height, e.g. where the plan changed."""
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "dash": "dash", "width": 1.5},
    }


def note(text: str, **place: Any) -> Figure:
    """Text on the chart without an arrow, placed by Plotly's annotation keys."""
    return {"text": text, "showarrow": False, **place}
