"""Plotly figures, built from the analysis's results only (never from the database)."""

from tracker.charts.figures import CHART_NAMES, Chart, build_chart

__all__ = ["CHART_NAMES", "Chart", "build_chart"]
