"""The report's server-drawn pain chart: valid SVG, honest gaps, no styles for the CSP."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest

from tracker.analysis import CheckinRecord, PauseRecord, PlanPeriod, build_daily_series
from tracker.analysis.trends import rolling_pain
from tracker.report.svg import HEIGHT, pain_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 3, 2)


def _days(pains: list[int | None], pauses: tuple[PauseRecord, ...] = ()):  # type: ignore[no-untyped-def]
    checkins = [
        CheckinRecord(START + timedelta(days=k), None, pain)
        for k, pain in enumerate(pains)
        if pain is not None
    ]
    end = START + timedelta(days=len(pains) - 1)
    plans = [PlanPeriod(START, 2)]
    return build_daily_series(checkins, [], plans, list(pauses), START, end)


def _chart(days, changes=()):  # type: ignore[no-untyped-def]
    return ET.fromstring(pain_chart_svg(days, rolling_pain(days), list(changes)))


def _points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in polyline.get("points", "").split()]  # type: ignore[misc]


def test_the_chart_is_well_formed_svg_with_a_title_a_description_and_no_style() -> None:
    text = pain_chart_svg(_days([6, 5, 5, 4]), rolling_pain(_days([6, 5, 5, 4])))

    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    assert "4 mornings logged" in (root.findtext(f"{SVG}desc") or "")
    assert "style" not in text


def test_a_missing_morning_breaks_the_daily_line_instead_of_bridging_it() -> None:
    days = _days([6, 5, None, 4, 3])

    root = _chart(days)

    daily = root.findall(f"{SVG}polyline[@class='pain-daily']")
    assert [len(_points(line)) for line in daily] == [2, 2]
    assert len(root.findall(f".//{SVG}circle")) == 4


def test_pain_maps_onto_a_0_to_10_axis_with_10_at_the_top() -> None:
    root = _chart(_days([0, 10]))

    (line,) = root.findall(f"{SVG}polyline[@class='pain-daily']")
    (x0, y0), (x1, y1) = _points(line)
    assert x0 < x1
    assert y1 < y0
    assert y0 < HEIGHT and y1 >= 0
    ticks = [t.text for t in root.iter(f"{SVG}text")]
    assert {"0", "2", "4", "6", "8", "10"} <= set(ticks)


def test_the_seven_day_mean_follows_the_analysis() -> None:
    days = _days([8, 6, 4, 2])

    root = _chart(days)

    (mean,) = root.findall(f"{SVG}polyline[@class='pain-mean']")
    ys = [y for _, y in _points(mean)]
    assert ys == sorted(ys)  # falling pain: each point lower on the page than before
    assert len(ys) == 4


def test_paused_days_are_one_shaded_band_per_run() -> None:
    pauses = (
        PauseRecord(START + timedelta(days=2), START + timedelta(days=4), "travel"),
        PauseRecord(START + timedelta(days=8), START + timedelta(days=8), "illness"),
    )
    days = _days([5] * 12, pauses)

    root = _chart(days)

    assert len(root.findall(f".//{SVG}g[@class='paused']/{SVG}rect")) == 2


def test_plan_changes_inside_the_range_are_dashed_lines_and_outside_ones_are_left_out() -> None:
    days = _days([5] * 10)
    inside, outside = START + timedelta(days=4), START - timedelta(days=3)

    root = _chart(days, [inside, outside])

    lines = root.findall(f".//{SVG}g[@class='plan-change']/{SVG}line")
    assert len(lines) == 1
    assert lines[0].get("stroke-dasharray")


def test_a_long_range_gets_few_enough_date_labels_to_read() -> None:
    days = _days([5] * 366)

    root = _chart(days)

    dates = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert 2 <= len(dates) <= 9


def test_date_labels_stay_on_the_chart_and_a_phone_can_drop_every_other_one() -> None:
    """The first label starts at the axis, one at the right end ends there: at a phone's
    larger type a centred one ran off the chart. Every other one is "alt", hidden on a phone."""
    root = _chart(_days([5] * 57))

    labels = [t for t in root.iter(f"{SVG}text") if t.get("y") == str(HEIGHT - 6)]

    assert [t.text for t in labels][:2] == ["2 Mar", "9 Mar"]
    assert labels[0].get("text-anchor") == "start"
    assert labels[-1].get("text-anchor") == "end"  # 27 Apr, the last day
    assert {t.get("text-anchor") for t in labels[1:-1]} == {"middle"}
    assert [t.get("class") for t in labels] == ["tick", "tick alt"] * (len(labels) // 2) + [
        "tick"
    ] * (len(labels) % 2)


def test_no_days_draw_nothing_and_misaligned_input_is_refused() -> None:
    assert pain_chart_svg([], []) == ""
    days = _days([5, 5])
    with pytest.raises(ValueError, match="one value per day"):
        pain_chart_svg(days, [5.0])
