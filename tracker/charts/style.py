"""One look for every chart: colour-blind-safe colours, phone-sized layout, light and dark.

Colours follow Okabe & Ito's palette, distinguishable with the common forms of
colour blindness; every series also differs by line style or marker, so no
meaning rests on colour alone.

Each colour has a light and a dark shade, and each shade reaches 3:1 contrast
(WCAG 2.1, non-text content) against the card it is drawn on: white in light
mode, ``#18201d`` in dark mode (``--surface`` in static/css/app.css). Figures are
built with the light shades; the dashboard swaps them for :data:`DARK` when the
system asks for dark mode, so one payload serves both schemes.
"""

from __future__ import annotations

from typing import Any, Final

from tracker.charts.locale import separators
from tracker.i18n.text import current_language
from tracker.i18n.text import gettext as _

CARD_LIGHT: Final = "#FFFFFF"
CARD_DARK: Final = "#18201D"

# Light shades: what the figures are built with.
INK: Final = "#222222"
BLUE: Final = "#0072B2"
ORANGE: Final = "#A35C00"
SKY: Final = "#4A8BC2"
GREEN: Final = "#009E73"
VERMILLION: Final = "#D55E00"
PURPLE: Final = "#B0527F"
GREY: Final = "#8A8A8A"
PLAN_MET: Final = "#08306B"
PLAN_PART: Final = "#6F8AA3"

DARK: Final[dict[str, str]] = {
    INK: "#E6ECE9",
    BLUE: "#56B4E9",
    ORANGE: "#E69F00",
    SKY: "#3D8AC4",
    GREEN: "#009E73",
    VERMILLION: "#D55E00",
    PURPLE: "#CC79A7",
    GREY: "#8A8A8A",
    PLAN_MET: "#4FB3FF",
    PLAN_PART: "#6F8AA3",
}
"""Light shade to dark shade. The calendar keeps its meaning in both schemes: the
closer a day came to the plan, the more saturated its blue (navy on white, vivid
sky on near-black); a missed day is a grey outline, never the brightest square."""

AXIS_DARK: Final[dict[str, str]] = {"gridcolor": "#2E3935", "zerolinecolor": "#55605C"}
"""Grid and zero lines on the dark card (``--line`` and a step lighter)."""


def dark_colours() -> dict[str, Any]:
    """What the dashboard needs to redraw a figure for dark mode, sent with the page."""
    return {
        "swap": {light: dark for light, dark in DARK.items() if light != dark},
        "axis": AXIS_DARK,
        "text": DARK[INK],
    }


def base_layout(**overrides: Any) -> dict[str, Any]:
    """Readable at 390 px wide: small margins, legend below the plot, 12 px text."""
    layout: dict[str, Any] = {
        "autosize": True,
        "height": 320,
        "margin": {"l": 44, "r": 12, "t": 36, "b": 40},
        "font": {"size": 12, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"},
        "hovermode": "closest",
        # 1.6 / 1,6 wherever Plotly writes a number (ticks, hover labels).
        "separators": separators(current_language()),
    }
    layout.update(overrides)
    return layout


def pain_axis(**extra: Any) -> dict[str, Any]:
    return {"range": [-0.5, 10.5], "dtick": 2, "title": {"text": _("pain (0-10)")}, **extra}
