"""The five figures, built from the analysis alone: valid Plotly, honest when data is thin.

No database here: the demo diary is turned into the analysis's records directly,
so these tests stay in milliseconds and run the same on SQLite and PostgreSQL.
Figures are plain dicts for speed, so ``plotly.graph_objects.Figure`` is the
check that every property name and value is one Plotly accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from tests.charts.contrast import luminance, parse, ratio, saturation
from tracker.analysis import (
    CheckinRecord,
    Day,
    PauseRecord,
    PlanPeriod,
    SessionRecord,
    Summary,
    build_daily_series,
    summarize,
)
from tracker.analysis.compare import MIN_DAYS_PER_GROUP, MIN_MORNINGS_FOR_VERDICT, signed
from tracker.charts import CHART_NAMES, Chart, build_chart, figures, style
from tracker.charts.figures import (
    MEANINGFUL_LABEL,
    RATING_POSITION,
    TECHNIQUE_AXIS_TITLE,
    TECHNIQUE_COUNTS_NOTE,
)
from tracker.charts.traces import HOVER_DATE, hover_date
from tracker.demo import generate_demo

TODAY = date(2026, 11, 25)
PALETTE = set(style.DARK)
Analysed = tuple[list[Day], Summary]
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def build(
    n_days: int,
    seed: int = 7,
    extra: list[SessionRecord] | None = None,
    pauses: list[PauseRecord] | None = None,
) -> Analysed:
    """``n_days`` of the demo diary ending on TODAY, through the analysis as the app runs it."""
    demo = generate_demo(n_days, TODAY, seed=seed) if n_days else []
    checkins = [
        CheckinRecord(d.day, d.pain_left, d.pain_right, d.stiffness, frozenset(d.warning_signs))
        for d in demo
    ]
    sessions = [
        SessionRecord(d.day, s["duration_s"], s["pressure"], frozenset(s["techniques"]), s["foot"])
        for d in demo
        for s in d.sessions
    ] + list(extra or ())
    start = min([c.day for c in checkins] + [s.day for s in sessions], default=TODAY)
    plans = [PlanPeriod(start, 2)]
    days = build_daily_series(checkins, sessions, plans, pauses or [], start, TODAY)
    return days, summarize(days, TODAY)


@pytest.fixture(scope="module")
def demo() -> Analysed:
    """Four months: enough mornings for verdicts, techniques and a baseline."""
    return build(120)


def charts(data: Analysed) -> dict[str, Chart]:
    days, summary = data
    return {name: build_chart(name, days, summary) for name in CHART_NAMES}


def colours(value: Any) -> Iterator[str]:
    """Every #rrggbb string anywhere in a figure."""
    if isinstance(value, str):
        yield from HEX.findall(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from colours(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from colours(v)


@pytest.mark.parametrize("n_days", [0, 1, 2, 5, 120])
def test_every_figure_is_valid_plotly(n_days: int) -> None:
    for name, chart in charts(build(n_days)).items():
        go.Figure(chart.figure)  # raises ValueError on an unknown property or bad value
        assert chart.name == name
        assert chart.title


def test_with_data_every_chart_draws_and_says_one_sentence(demo: Analysed) -> None:
    for name, chart in charts(demo).items():
        assert not chart.empty, name
        assert chart.figure["data"], name
        assert chart.summary.strip() and "\n" not in chart.summary, name
        assert chart.summary.rstrip().endswith((".", ")")), name


def test_no_data_is_five_honest_empty_states() -> None:
    result = charts(build(0))
    for name, chart in result.items():
        assert chart.empty, name
        assert chart.figure["data"] == [], name  # no fake zero line, no empty axes
        shown_text = chart.figure["layout"]["annotations"][0]["text"].replace("<br>", " ")
        assert shown_text == chart.summary  # line breaks are only for a narrow screen
    assert result["pain"].summary.startswith("No mornings logged yet")
    assert result["headline"].summary.startswith("Not enough data yet")
    assert result["techniques"].summary.startswith("Not enough data yet")


def test_two_days_say_not_enough_data_instead_of_a_trend() -> None:
    days, summary = build(2)
    result = charts((days, summary))
    for name in ("headline", "techniques"):
        assert result[name].empty, name
        assert result[name].figure["data"] == []
        assert "Not enough data yet" in result[name].summary
    assert not summary.progress.available
    pain = result["pain"]
    assert "more before it can be compared" in pain.summary
    names = {t["name"] for t in pain.figure["data"]}
    assert "first-week baseline" not in names  # no baseline from two mornings


def test_headline_with_too_few_mornings_draws_no_trend_line() -> None:
    """Below the mornings a verdict needs, a line would suggest a link."""
    days, summary = build(MIN_MORNINGS_FOR_VERDICT)
    h = summary.headline
    assert h.consistency.n < MIN_MORNINGS_FOR_VERDICT
    chart = build_chart("headline", days, summary)
    assert chart.empty and chart.figure["data"] == []


def test_headline_annotations_carry_effect_interval_and_n_of_the_summary(demo: Analysed) -> None:
    days, summary = demo
    chart = build_chart("headline", days, summary)
    texts = [a["text"] for a in chart.figure["layout"]["annotations"]]
    assert len(texts) == 2
    for text, assoc in zip(
        texts, (summary.headline.consistency, summary.headline.intensity), strict=True
    ):
        assert assoc.effect is not None and assoc.ci_low is not None
        assert assoc.ci_high is not None
        assert f"{assoc.contrast}: {signed(assoc.effect, 1)}" in text
        assert f"95% CI {signed(assoc.ci_low, 1)} to {signed(assoc.ci_high, 1)}" in text
        assert f"n = {assoc.n}" in text
    assert summary.headline.consistency.verdict in chart.summary
    assert summary.headline.conclusion not in chart.summary  # the Progress card's sentence


def test_headline_plots_the_trend_adjusted_points_and_the_model_slope(demo: Analysed) -> None:
    """The panels show what the verdict is about: pain with the recovery taken out,
    and the model's own slope through it, not a raw-scatter line of its own."""
    days, summary = demo
    data = build_chart("headline", days, summary).figure["data"]
    lines = [t for t in data if t["mode"] == "lines"]
    assert len(lines) == 2
    c = summary.headline.consistency
    xs = [p.x for p in c.points]
    assert lines[0]["x"] == [min(xs), max(xs)]
    assert c.slope is not None
    rise = (lines[0]["y"][1] - lines[0]["y"][0]) / (lines[0]["x"][1] - lines[0]["x"][0])
    assert rise == pytest.approx(c.slope, abs=0.01)
    markers = [t for t in data if t["mode"] == "markers"]
    assert markers[0]["y"] == [round(p.adjusted, 3) for p in c.points if p.adjusted is not None]
    assert markers[0]["y"] != [p.y for p in c.points]
    assert lines[0]["line"]["dash"] == ("solid" if c.direction else "dot")
    assert "overall recovery and the other measure taken out" in (
        build_chart("headline", days, summary).summary
    )


def test_calendar_marks_the_streaks_of_the_analysis(demo: Analysed) -> None:
    days, summary = demo
    chart = build_chart("calendar", days, summary)
    s = summary.streaks
    assert chart.extra == {"current_streak": s.current, "longest_streak": s.longest}
    assert f"Current streak {s.current} day" in chart.summary
    assert f"longest {s.longest}." in chart.summary
    cells = [t for t in chart.figure["data"] if t["name"] != "paused"]
    assert sum(len(t["x"]) for t in cells) == sum(
        1 for d in days if d.day_of_use is not None and not d.paused
    )


def test_technique_chart_hides_techniques_with_fewer_than_five_mornings(demo: Analysed) -> None:
    days, summary = demo
    shown = {
        t.name
        for t in summary.techniques
        if min(t.n_with, t.n_without) >= MIN_DAYS_PER_GROUP and t.difference is not None
    }
    hidden = {t.name for t in summary.techniques} - shown
    bars = build_chart("techniques", days, summary).figure["data"]
    labels = {label.replace("<br>", " ") for trace in bars for label in trace["y"]}
    assert labels == shown
    assert not labels & hidden
    assert all(re.fullmatch(r"\d+ vs \d+", text) for trace in bars for text in trace["text"])


def test_technique_chart_with_a_rare_technique_leaves_it_out() -> None:
    """The fascia tool used on three days of 120: compared nowhere, drawn nowhere."""
    rare = [
        SessionRecord(TODAY - timedelta(days=k), 300, 5, frozenset({"fascia-tool"}))
        for k in (10, 20, 30)
    ]
    days, summary = build(120, extra=rare)
    fascia = next(t for t in summary.techniques if t.slug == "fascia-tool")
    assert fascia.n_with == 3 and not fascia.shown
    chart = build_chart("techniques", days, summary)
    labels = {label.replace("<br>", " ") for t in chart.figure["data"] for label in t["y"]}
    assert fascia.name not in labels
    assert len(labels) == sum(1 for t in summary.techniques if t.shown)


def test_colours_come_from_the_colour_blind_safe_palette(demo: Analysed) -> None:
    for name, chart in charts(demo).items():
        used = {c.upper() for c in colours(chart.figure)}
        assert used <= PALETTE, (name, used - PALETTE)


def test_pain_chart_has_both_reference_lines_once_a_baseline_exists(demo: Analysed) -> None:
    days, summary = demo
    assert summary.progress.available and summary.progress.baseline is not None
    traces = {t["name"]: t for t in build_chart("pain", days, summary).figure["data"]}
    assert traces["first-week baseline"]["y"][0] == round(summary.progress.baseline, 2)
    assert "about meaningful (−2 or −30%)" in traces
    # The progress sentence is the Progress card's; the chart says what its lines are.
    sentence = build_chart("pain", days, summary).summary
    assert summary.progress.label not in sentence
    assert "dotted line is your first-week average" in sentence


def test_plan_changes_and_ratings_are_marked_on_the_pain_chart() -> None:
    start = TODAY - timedelta(days=20)
    checkins = [
        CheckinRecord(
            start + timedelta(days=i),
            None,
            5,
            global_change="much-improved" if i in (7, 14) else None,
        )
        for i in range(21)
    ]
    change = PlanPeriod(TODAY - timedelta(days=5), 1, 8, 8)
    plans = [PlanPeriod(start - timedelta(days=30), 2), change]
    days = build_daily_series(checkins, [], plans, [], start, TODAY)
    summary = summarize(days, TODAY, plans)

    chart = build_chart("pain", days, summary)
    go.Figure(chart.figure)  # valid Plotly

    assert summary.plan_changes == (change,)
    shapes = chart.figure["layout"]["shapes"]
    assert [(s["x0"], s["line"]["dash"]) for s in shapes] == [(change.start.isoformat(), "dash")]
    assert chart.figure["layout"]["annotations"][0]["text"] == "plan: 1×/day, 8 min"
    stars = next(t for t in chart.figure["data"] if t["name"] == "how you rated it")
    assert stars["x"] == [(start + timedelta(days=n)).isoformat() for n in (7, 14)]
    assert stars["text"] == ["much improved", "much improved"]
    # On their own row above the pain axis: a star at pain 10 would read as a pain score.
    assert stars["yaxis"] == "y2"
    assert stars["y"] == [RATING_POSITION["much-improved"]] * 2 == [2, 2]
    layout = chart.figure["layout"]
    assert layout["yaxis2"]["ticktext"] == ["worse", "same", "better"]
    assert layout["yaxis"]["domain"][1] < layout["yaxis2"]["domain"][0]
    assert "1 plan change marked." in chart.summary
    assert "you rate it" not in chart.summary  # the Progress card says it
    assert "stars in the top row are your weekly answers" in chart.summary


def test_routine_strength_is_a_line_on_the_adherence_chart(demo: Analysed) -> None:
    days, summary = demo

    chart = build_chart("weekly", days, summary)

    line = next(t for t in chart.figure["data"] if t["name"] == "routine strength")
    assert line["yaxis"] == "y"  # the 0-100% adherence axis
    assert line["x"][-1] == TODAY.isoformat()
    assert line["y"][-1] == round(days[-1].routine_strength or 0, 3)
    assert all(0 <= y <= 1 for y in line["y"])
    assert f"Routine strength is {round(days[-1].routine_strength * 100)}%" in chart.summary
    assert not re.search(r"\d{4}-\d\d-\d\d", chart.summary)  # "23 Nov", one date style


def test_every_colour_meets_3_to_1_on_its_card_in_light_and_dark(demo: Analysed) -> None:
    """WCAG 2.1 non-text contrast: a line, marker or legend swatch under 3:1 is lost."""
    for light, dark in style.DARK.items():
        assert ratio(light, style.CARD_LIGHT) >= 3, light
        assert ratio(dark, style.CARD_DARK) >= 3, (light, dark)
    for name, chart in charts(demo).items():
        for trace in chart.figure["data"]:
            opacity = trace.get("marker", {}).get("opacity", 1.0)
            for colour in colours(trace):
                assert ratio(colour, style.CARD_LIGHT, opacity) >= 3, (name, trace["name"])
                assert ratio(style.DARK[colour], style.CARD_DARK, opacity) >= 3, name


def test_dark_mode_swaps_every_light_shade_the_page_sends() -> None:
    sent = style.dark_colours()
    assert set(sent["swap"]) | {c for c, d in style.DARK.items() if c == d} == set(style.DARK)
    assert sent["text"] == style.DARK[style.INK]
    assert "#222222" in sent["swap"]  # the old invisible ink in dark mode


def test_calendar_reads_the_same_way_in_both_schemes(demo: Analysed) -> None:
    """More done is more saturated in both; a missed day is never the brightest square."""
    days, summary = demo
    traces = {t["name"]: t for t in build_chart("calendar", days, summary).figure["data"]}
    met, part, missed = (
        traces[n]["marker"]["color"] for n in ("plan met", "part of the plan", "missed")
    )
    assert traces["missed"]["marker"]["symbol"] == "square-open"
    for shade in (lambda c: c, style.DARK.__getitem__):
        assert saturation(shade(met)) > saturation(shade(part)) > saturation(shade(missed))
    dark_brightness = {
        n: luminance(parse(style.DARK[c])[0]) for n, c in (("met", met), ("missed", missed))
    }
    assert dark_brightness["met"] > dark_brightness["missed"]
    assert "outlines are missed days" in build_chart("calendar", days, summary).summary


def test_week_by_week_shows_the_current_week_whole(demo: Analysed) -> None:
    days, summary = demo
    figure = build_chart("weekly", days, summary).figure
    bars = figure["data"][0]
    last_week = date.fromisoformat(bars["x"][-1])
    end = date.fromisoformat(figure["layout"]["xaxis"]["range"][1])
    assert end >= last_week + timedelta(days=7)  # the bar is 6 days wide from its start


def test_techniques_chart_has_a_legend_for_its_colours_and_explains_its_numbers(
    demo: Analysed,
) -> None:
    days, summary = demo
    chart = build_chart("techniques", days, summary)
    layout = chart.figure["layout"]
    assert layout.get("showlegend", True) is not False
    names = {t["name"] for t in chart.figure["data"]}
    assert names <= {"lower pain after it", "higher or the same after it"} and names
    notes = [a["text"] for a in layout["annotations"]]
    assert notes == [TECHNIQUE_COUNTS_NOTE, TECHNIQUE_AXIS_TITLE]
    assert "mornings after sessions with it and without it" in chart.summary
    # Each line fits a 390 px phone at 12 px (about 45 characters), anchored to the
    # right so it grows into the names' margin rather than off the screen.
    for note in layout["annotations"]:
        assert all(len(line) <= 45 for line in note["text"].split("<br>"))
        assert note["xanchor"] == "right" and note["x"] == 1


@pytest.mark.parametrize(("baseline", "dashed"), [(2.5, 0.5), (5.0, 3.5), (8.0, 6.0), (1.5, None)])
def test_the_dashed_line_is_the_progress_cards_own_rule(
    demo: Analysed, baseline: float, dashed: float | None
) -> None:
    """Under a baseline of 3 only a 2-point drop counts: the chart used to draw 30% under
    any baseline (1.75 under 2.5), a level the Progress card would not call meaningful."""
    days, summary = demo
    low = replace(summary, progress=replace(summary.progress, baseline=baseline))
    chart = build_chart("pain", days, low)
    traces = {t["name"]: t for t in chart.figure["data"]}
    if dashed is None:
        assert MEANINGFUL_LABEL not in traces
        assert "dashed" not in chart.summary
    else:
        assert traces[MEANINGFUL_LABEL]["y"] == [dashed, dashed]
        assert "the dashed one a clinically meaningful drop" in chart.summary


DAY_STYLE = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}"


def test_every_hover_names_a_day_in_one_style(demo: Analysed) -> None:
    """ "Mon 1 Jun 2026" in every hover label: never ISO beside "22 Nov"."""
    away = PauseRecord(TODAY - timedelta(days=30), TODAY - timedelta(days=25), "travel")
    paused = build_chart("calendar", *build(120, pauses=[away]))
    assert any(t["name"] == "paused" for t in paused.figure["data"])
    found = 0
    for chart in [*charts(demo).values(), paused]:
        layout = chart.figure["layout"]
        for axis in (v for k, v in layout.items() if k.startswith("xaxis")):
            if axis.get("type") == "date":
                assert axis["hoverformat"] == HOVER_DATE
        for trace in chart.figure["data"]:
            template = trace.get("hovertemplate", "")
            assert "%{x|" not in template or f"%{{x|{HOVER_DATE}}}" in template
            for text in trace.get("text", []) if trace.get("type") == "scatter" else []:
                if re.search(r"\d{4}", text):
                    assert re.match(DAY_STYLE, text), text
                    assert not re.search(r"\d{4}-\d\d-\d\d", text), text
                    found += 1
    assert found > 100  # the calendar's cells and the headline's points


def test_hover_date_matches_plotlys_format() -> None:
    """The labels written in Python look like the ones Plotly formats with HOVER_DATE."""
    assert hover_date(date(2026, 6, 1)) == "Mon 1 Jun 2026"
    assert hover_date(date(2026, 11, 22)) == "Sun 22 Nov 2026"
    assert HOVER_DATE == "%a %-d %b %Y"


def test_chart_code_writes_no_colour_of_its_own() -> None:
    """Colours come from style's palette, which the dashboard swaps in dark mode: a hex
    written anywhere else stays light-mode ink on the dark card."""
    package = Path(figures.__file__).parent
    for source in package.glob("*.py"):
        if source.name != "style.py":
            assert not HEX.search(source.read_text()), source.name
