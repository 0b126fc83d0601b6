"""One look for every chart: colour-blind-safe colours, phone-sized layout.

Colours are Okabe & Ito's palette, distinguishable with the common forms of
colour blindness; every series also differs by line style or marker, so no
meaning rests on colour alone.
"""

from __future__ import annotations

from typing import Any

BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#8A8A8A"
INK = "#222222"

ADHERENCE_SCALE = [[0.0, "#F7FBFF"], [0.5, "#6BAED6"], [1.0, "#08306B"]]
"""Light to dark blue: reads as 'more' without relying on hue."""


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
    }
    layout.update(overrides)
    return layout


def pain_axis(**extra: Any) -> dict[str, Any]:
    return {"range": [-0.5, 10.5], "dtick": 2, "title": {"text": "pain (0-10)"}, **extra}
