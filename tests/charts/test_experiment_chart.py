"""The self-experiment's chart: the weeks shaded and lettered by condition, each morning in
the week it judges, washout mornings apart, each week's mean of its counted mornings; valid
Plotly in the palette; the analysis's sentence under it. No database: plain records."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import pytest

from tests.charts.contrast import ratio
from tracker.analysis.experiment import (
    ConditionPlan,
    ExperimentResult,
    experiment_result,
    make_schedule,
)
from tracker.analysis.experiment_kept import kept_by_condition
from tracker.analysis.records import CheckinRecord
from tracker.charts import style
from tracker.charts.experiment import experiment_chart

START = date(2026, 3, 2)
PLANS = {
    "A": ConditionPlan("A", "Daily and light", 14, 5, None, 4),
    "B": ConditionPlan("B", "Three harder sessions a week", 3, 10, 6, 7),
}
SCHEDULE = make_schedule(START, 2, 42)
ENDED = SCHEDULE[-1].end + timedelta(days=2)


def _pains(skip: frozenset[date] = frozenset()) -> dict[date, float]:
    """Every next morning: 3 under A, 5 under B, washout mornings 9 (the previous condition
    still acting), so the means show whether the washout was left out."""
    pains = {}
    for block in SCHEDULE:
        for k in range(7):
            day = block.start + timedelta(days=k)
            if day in skip:
                continue
            pains[day + timedelta(days=1)] = (
                9.0 if k < 2 else (3.0 if block.condition == "A" else 5.0)
            )
    return pains


def _result(
    pains: dict[date, float], today: date = ENDED, stopped: date | None = None
) -> ExperimentResult:
    checkins = [CheckinRecord(d, None, int(p)) for d, p in pains.items()]
    return experiment_result(SCHEDULE, checkins, [], PLANS, today, stopped)


def _trace(figure: dict, name: str) -> dict:
    return next(t for t in figure["data"] if t["name"] == name)


def test_an_ended_experiment_draws_its_weeks_mornings_washout_and_week_means() -> None:
    pains = _pains()
    result = _result(pains)

    chart = experiment_chart(result, PLANS, pains, ENDED - timedelta(days=1))

    go.Figure(chart.figure)  # every property is one Plotly accepts
    figure = chart.figure
    a = _trace(figure, "A: Daily and light")
    b = _trace(figure, "B: Three harder sessions a week")
    washout = _trace(figure, "washout (not counted)")
    assert len(a["x"]) == len(b["x"]) == 2 * 5 and len(washout["x"]) == 4 * 2
    assert set(a["y"]) == {3.0} and set(b["y"]) == {5.0} and set(washout["y"]) == {9.0}
    first_a = next(block for block in SCHEDULE if block.condition == "A")
    assert f"{first_a.start + timedelta(days=2)} 12:00" in a["x"]
    assert f"{first_a.start} 12:00" in washout["x"], "a day sits inside its own week"
    means = _trace(figure, "A week mean")
    assert [y for y in means["y"] if y is not None] == [3.0] * 4, "washout left out of the mean"
    assert _trace(figure, "B week mean")["y"][:2] == [5.0, 5.0]
    letters = [n["text"] for n in figure["layout"]["annotations"]]
    assert letters == [block.condition for block in SCHEDULE]
    weeks = [s for s in figure["layout"]["shapes"] if s["y1"] == 1]
    assert [s["fillcolor"] for s in weeks] == [
        style.BLUE if block.condition == "A" else style.ORANGE for block in SCHEDULE
    ]
    strips = [s for s in figure["layout"]["shapes"] if s["y1"] < 1]
    assert len(strips) == len(SCHEDULE) and {s["fillcolor"] for s in strips} == {style.GREY}
    assert result.sentence is not None and chart.summary.startswith(result.sentence)
    assert chart.name == "experiment" and not chart.empty


def test_a_stopped_experiment_draws_only_the_days_lived_before_it_stopped() -> None:
    pains = _pains()
    stopped = SCHEDULE[1].start + timedelta(days=3)
    result = _result(pains, today=stopped + timedelta(days=5), stopped=stopped)

    chart = experiment_chart(result, PLANS, pains, stopped)

    points = [t for t in chart.figure["data"] if t["mode"] == "markers"]
    assert max(x for t in points for x in t["x"]) == f"{stopped} 12:00"
    assert result.sentence is not None and "gives no verdict" in chart.summary
    assert len(chart.figure["layout"]["shapes"]) == 2 * len(SCHEDULE), "every week is shown"


def test_a_missing_morning_is_a_gap_never_a_made_up_point() -> None:
    missing = SCHEDULE[0].start + timedelta(days=4)
    pains = _pains(frozenset({missing}))

    chart = experiment_chart(_result(pains), PLANS, pains, ENDED - timedelta(days=1))

    condition = SCHEDULE[0].condition
    xs = _trace(chart.figure, f"{condition}: {PLANS[condition].label}")["x"]
    assert f"{missing} 12:00" not in xs and len(xs) == 9


def test_a_paused_day_is_skipped_and_lengthens_its_week() -> None:
    paused = {SCHEDULE[0].start + timedelta(days=3)}
    schedule = make_schedule(START, 2, 42, paused)
    assert schedule[0].end == SCHEDULE[0].end + timedelta(days=1)
    pains = {d + timedelta(days=1): 4.0 for b in schedule for d in _span(b.start, b.end)}
    checkins = [CheckinRecord(d, None, 4) for d in pains]
    today = schedule[-1].end + timedelta(days=2)
    result = experiment_result(schedule, checkins, [], PLANS, today, None, paused=paused)

    chart = experiment_chart(result, PLANS, pains, today - timedelta(days=1), paused)

    drawn = {x for t in chart.figure["data"] for x in t["x"] if x is not None}
    assert not any(x.startswith(next(iter(paused)).isoformat()) for x in drawn)
    assert result.blocks[0].days_counted == 5


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_is_the_palettes_and_meets_3_to_1_on_its_card(scheme: str) -> None:
    pains = _pains()
    chart = experiment_chart(_result(pains), PLANS, pains, ENDED - timedelta(days=1))
    card = style.CARD_LIGHT if scheme == "light" else style.CARD_DARK
    colours = [t.get("marker", t.get("line", {}))["color"] for t in chart.figure["data"]]
    colours += [t["line"]["color"] for t in chart.figure["data"] if "line" in t]
    assert set(colours) <= set(style.DARK)
    for colour in colours:
        shade = colour if scheme == "light" else style.DARK[colour]
        assert ratio(shade, card) >= 3, (scheme, colour)


def test_each_condition_is_kept_weighted_by_its_lived_days() -> None:
    pains = _pains()
    stopped = SCHEDULE[1].start + timedelta(days=3)
    result = _result(pains, today=stopped + timedelta(days=5), stopped=stopped)

    kept = kept_by_condition(result.blocks, stopped + timedelta(days=5), stopped)

    first, second = SCHEDULE[0].condition, SCHEDULE[1].condition
    by = {k.condition: k for k in kept}
    assert by[first].days == 7 and by[second].days == 4
    assert by[first].weeks == 1 and by[second].weeks == 1
    assert by[first].mornings == 5 and by[second].mornings == 2
    assert by[first].sessions_per_week == 0.0 and by[first].minutes_per_session is None
