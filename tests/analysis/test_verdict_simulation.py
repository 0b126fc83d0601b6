"""The headline's verdict rule judged by simulation, with fixed seeds (see bench/verdicts.py).

A person whose pain falls with time while their routine steadies, with no
day-to-day link, must rarely be told there is one; a real 2-point difference
between whole and half routine must be found in most 90-day diaries.
"""

from __future__ import annotations

from bench.verdicts import shares
from tracker.analysis.model import METHOD


def test_a_shared_recovery_trend_rarely_reads_as_a_link() -> None:
    """Spearman claimed a link in every such history; 5% is the goal, 10% the alarm."""
    share = shares("shared trend", 60, 200, (METHOD,))[METHOD]
    assert share["c-lower"] + share["c-higher"] <= 0.10, share
    assert share["i-lower"] + share["i-higher"] <= 0.10, share


def test_a_two_point_consistency_effect_is_found_by_90_days() -> None:
    share = shares("2-point consistency effect", 90, 100, (METHOD,))[METHOD]
    assert share["c-lower"] >= 0.75, share
    assert share["c-higher"] == 0, share
