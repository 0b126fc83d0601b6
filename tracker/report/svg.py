"""The report's first-step pain chart as a static SVG, drawn on the server.

A printed page cannot wait for JavaScript, and a PDF made offline cannot
fetch plotly.js: so the chart is plain SVG built with the standard library's
ElementTree (which escapes every text node and attribute). Colours come from
classes styled in ``static/css/report.css``, never ``style=``, as the strict CSP
(``tracker/security.py``: no inline style) requires. The numbers drawn are the
analysis's own daily series and 7-day mean (``tracker.analysis.trends.rolling_pain``),
as on the dashboard.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.etree import ElementTree as ET

from tracker.analysis import Day
from tracker.analysis.experiment import WASHOUT_DAYS, BlockResult
from tracker.common.formats import short_date
from tracker.i18n.text import gettext, ngettext, number

WIDTH = 680
HEIGHT = 112
SHORT_HEIGHT = 104
"""The chart on a first sheet that also carries a running self-experiment's line."""
LEFT, RIGHT, TOP, BOTTOM = 36, 10, 14, 30
"""Room for the 0-10 labels on the left (at a phone's larger type too) and the date
labels underneath."""
PAIN_MAX = 10
PAIN_TICKS = (0, 2, 4, 6, 8, 10)
TICK_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364)
"""Days between date labels: whole weeks once the range is longer than a fortnight."""
MAX_DATE_TICKS = 9
EDGE = 40
"""A date label this close to the plot's right end is right-aligned, and the first one
left-aligned, so neither runs off the chart at any type size."""


@dataclass(frozen=True, slots=True)
class _Frame:
    first: date
    last: date
    height: int = HEIGHT

    @property
    def span(self) -> int:
        return max(1, (self.last - self.first).days)

    def x(self, day: date) -> float:
        inner = WIDTH - LEFT - RIGHT
        return round(LEFT + inner * (day - self.first).days / self.span, 1)

    def day_width(self) -> float:
        return (WIDTH - LEFT - RIGHT) / self.span

    def y(self, pain: float) -> float:
        inner = self.height - TOP - BOTTOM
        return round(TOP + inner * (1 - pain / PAIN_MAX), 1)


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Index ranges (inclusive) where ``flags`` is True, in order."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


def _segments(
    days: Sequence[Day], values: Sequence[float | None], frame: _Frame
) -> list[list[tuple[float, float]]]:
    """Polylines broken wherever a value is missing, so no line invents a morning."""
    lines: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for day, value in zip(days, values, strict=True):
        if value is None:
            if current:
                lines.append(current)
            current = []
            continue
        current.append((frame.x(day.day), frame.y(value)))
    if current:
        lines.append(current)
    return lines


def _points(line: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in line)


def _date_ticks(frame: _Frame) -> list[date]:
    step = next((s for s in TICK_STEPS if frame.span / s < MAX_DATE_TICKS), TICK_STEPS[-1])
    return [frame.first + timedelta(days=k) for k in range(0, frame.span + 1, step)]


def _axes(svg: ET.Element, frame: _Frame) -> None:
    axes = ET.SubElement(svg, "g", {"class": "axes"})
    for pain in PAIN_TICKS:
        y = str(frame.y(pain))
        ET.SubElement(
            axes,
            "line",
            {"class": "grid", "x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": y, "y2": y},
        )
        label = ET.SubElement(
            axes,
            "text",
            {
                "class": "tick",
                "x": str(LEFT - 5),
                "y": y,
                "text-anchor": "end",
                "dominant-baseline": "middle",
            },
        )
        label.text = str(pain)
    bottom = str(frame.height - BOTTOM)
    for n, day in enumerate(_date_ticks(frame)):
        x = str(frame.x(day))
        ET.SubElement(
            axes,
            "line",
            {"class": "axis", "x1": x, "x2": x, "y1": bottom, "y2": str(frame.height - BOTTOM + 4)},
        )
        anchor = "start" if n == 0 else "end" if frame.x(day) > WIDTH - RIGHT - EDGE else "middle"
        # Every other date label is "alt": a phone's larger type shows only the rest.
        kind = "tick alt" if n % 2 else "tick"
        label = ET.SubElement(
            axes, "text", {"class": kind, "x": x, "y": str(frame.height - 6), "text-anchor": anchor}
        )
        label.text = short_date(day)


def _paused(svg: ET.Element, days: Sequence[Day], frame: _Frame) -> None:
    group = ET.SubElement(svg, "g", {"class": "paused"})
    half = frame.day_width() / 2
    for first, last in _runs([d.paused is not None for d in days]):
        x0 = max(LEFT, frame.x(days[first].day) - half)
        x1 = min(WIDTH - RIGHT, frame.x(days[last].day) + half)
        rect = ET.SubElement(
            group,
            "rect",
            {
                "x": f"{x0:g}",
                "y": str(TOP),
                "width": f"{x1 - x0:g}",
                "height": str(frame.height - TOP - BOTTOM),
            },
        )
        title = ET.SubElement(rect, "title")
        title.text = gettext(
            "Paused %(first)s–%(last)s",
            first=short_date(days[first].day),
            last=short_date(days[last].day),
        )


def _plan_changes(svg: ET.Element, changes: Sequence[date], frame: _Frame) -> None:
    group = ET.SubElement(svg, "g", {"class": "plan-change"})
    for day in changes:
        if not frame.first <= day <= frame.last:
            continue
        x = str(frame.x(day))
        line = ET.SubElement(
            group,
            "line",
            {
                "x1": x,
                "x2": x,
                "y1": str(TOP),
                "y2": str(frame.height - BOTTOM),
                "stroke-dasharray": "4 3",
            },
        )
        title = ET.SubElement(line, "title")
        title.text = gettext("Plan changed %(day)s", day=short_date(day))


def pain_chart_svg(
    days: Sequence[Day],
    rolling: Sequence[float | None],
    plan_changes: Sequence[date] = (),
    *,
    height: int = HEIGHT,
) -> str:
    """One ``<svg>`` element: daily mean pain (thin line and dots), its 7-day mean (thick),
    paused days shaded, plan changes as dashed verticals. ``rolling`` is index-aligned
    with ``days``; an empty ``days`` gives an empty string (the page says why)."""
    if not days:
        return ""
    if len(rolling) != len(days):
        raise ValueError("rolling must have one value per day")
    frame = _Frame(days[0].day, days[-1].day, height)
    logged = sum(1 for d in days if d.pain_mean is not None)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "pain-chart",
            "viewBox": f"0 0 {WIDTH} {frame.height}",
            "role": "img",
            "aria-labelledby": "pain-chart-title pain-chart-desc",
        },
    )
    ET.SubElement(svg, "title", {"id": "pain-chart-title"}).text = gettext(
        "First-step pain, 0 to 10"
    )
    ET.SubElement(svg, "desc", {"id": "pain-chart-desc"}).text = " ".join(
        (
            ngettext(
                "Daily first-step pain (mean of the feet rated) and its 7-day mean from "
                "%(first)s to %(last)s: %(num)s morning logged.",
                "Daily first-step pain (mean of the feet rated) and its 7-day mean from "
                "%(first)s to %(last)s: %(num)s mornings logged.",
                logged,
                first=short_date(frame.first),
                last=short_date(frame.last),
            ),
            gettext("Shaded bands are paused days; dashed lines are plan changes."),
            gettext("The last 14 days are also in the table below."),
        )
    )
    _paused(svg, days, frame)
    _axes(svg, frame)
    _plan_changes(svg, plan_changes, frame)
    daily = [d.pain_mean for d in days]
    for line in _segments(days, daily, frame):
        if len(line) > 1:
            ET.SubElement(svg, "polyline", {"class": "pain-daily", "points": _points(line)})
    dots = ET.SubElement(svg, "g", {"class": "pain-dots"})
    for line in _segments(days, daily, frame):
        for x, y in line:
            ET.SubElement(dots, "circle", {"cx": f"{x:g}", "cy": f"{y:g}", "r": "2.2"})
    for line in _segments(days, rolling, frame):
        if len(line) > 1:
            ET.SubElement(svg, "polyline", {"class": "pain-mean", "points": _points(line)})
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


WEEKS_HEIGHT = 170
WEEKS_TOP, WEEKS_BOTTOM = 30, 30
"""Room for the weeks' letters above the plot and their first days' dates underneath."""
WEEKS_TICKS = (0, 5, 10)
WASHOUT_STRIP = 5
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _Days:
    """A frame of whole days: day d spans [x(d), x(d + 1)), its point in the middle."""

    first: date
    count: int

    def edge(self, day: date) -> float:
        inner = WIDTH - LEFT - RIGHT
        return round(LEFT + inner * (day - self.first).days / self.count, 1)

    def middle(self, day: date) -> float:
        return round((self.edge(day) + self.edge(day + ONE_DAY)) / 2, 1)

    @staticmethod
    def y(pain: float) -> float:
        inner = WEEKS_HEIGHT - WEEKS_TOP - WEEKS_BOTTOM
        return round(WEEKS_TOP + inner * (1 - pain / PAIN_MAX), 1)


def _text(parent: ET.Element, text: str, attrs: dict[str, str]) -> None:
    ET.SubElement(parent, "text", attrs).text = text


def _band(
    parent: ET.Element, frame: _Days, first: date, last: date, y: float, height: float
) -> ET.Element:
    x0, x1 = frame.edge(first), frame.edge(last + ONE_DAY)
    return ET.SubElement(
        parent,
        "rect",
        {"x": f"{x0:g}", "y": f"{y:g}", "width": f"{x1 - x0:g}", "height": f"{height:g}"},
    )


def experiment_weeks_svg(
    blocks: Sequence[BlockResult],
    pains: Mapping[date, float],
    last_lived: date,
    paused: Collection[date],
    labels: Mapping[str, str],
) -> str:
    """One ``<svg>`` of a self-experiment's weeks, as the result was computed: each week
    shaded and lettered by its condition, each lived day's next-morning pain (``pains``:
    a morning's date to its pain) as a point inside it, the 2 washout days' points open and
    marked by a strip along the bottom, and each week's mean of its counted mornings as a
    line. ``labels`` names the conditions for the description; the page's legend names
    them in full, where a long name can wrap."""
    if not blocks:
        return ""
    first, last = blocks[0].block.start, blocks[-1].block.end
    frame = _Days(first, (last - first).days + 1)
    paused_days = frozenset(paused)
    plot_top, plot_bottom = WEEKS_TOP, WEEKS_HEIGHT - WEEKS_BOTTOM
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "weeks-chart",
            "viewBox": f"0 0 {WIDTH} {WEEKS_HEIGHT}",
            "role": "img",
            "aria-labelledby": "weeks-chart-title weeks-chart-desc",
        },
    )
    ET.SubElement(svg, "title", {"id": "weeks-chart-title"}).text = gettext(
        "Next-morning pain, 0 to 10, week by week"
    )
    order = ", ".join(
        gettext("week %(week)s %(condition)s", week=b.block.index + 1, condition=b.block.condition)
        for b in blocks
    )
    ET.SubElement(svg, "desc", {"id": "weeks-chart-desc"}).text = gettext(
        "%(weeks)s weeks from %(first)s to %(last)s: %(order)s. A is %(a)s; B is %(b)s. Each "
        "point is a day's next-morning pain; the first 2 days of each week are a washout and "
        "do not count; each line is a week's mean of its counted mornings.",
        weeks=len(blocks),
        first=short_date(first),
        last=short_date(last),
        order=order,
        a=labels["A"],
        b=labels["B"],
    )
    weeks = ET.SubElement(svg, "g", {"class": "weeks"})
    strips = ET.SubElement(svg, "g", {"class": "washout"})
    shaded = ET.SubElement(svg, "g", {"class": "paused"})
    axes = ET.SubElement(svg, "g", {"class": "axes"})
    for pain in WEEKS_TICKS:
        y = str(frame.y(pain))
        ET.SubElement(
            axes,
            "line",
            {"class": "grid", "x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": y, "y2": y},
        )
        _text(
            axes,
            str(pain),
            {
                "class": "tick",
                "x": str(LEFT - 5),
                "y": y,
                "text-anchor": "end",
                "dominant-baseline": "middle",
            },
        )
    marks = ET.SubElement(svg, "g", {"class": "marks"})
    for n, result in enumerate(blocks):
        block = result.block
        key = block.condition.lower()
        band = _band(weeks, frame, block.start, block.end, plot_top, plot_bottom - plot_top)
        band.set("class", f"week week-{key}")
        ET.SubElement(band, "title").text = gettext(
            "Week %(week)s, %(condition)s: %(label)s, %(start)s–%(end)s",
            week=block.index + 1,
            condition=block.condition,
            label=labels[block.condition],
            start=short_date(block.start),
            end=short_date(block.end),
        )
        middle = (frame.edge(block.start) + frame.edge(block.end + ONE_DAY)) / 2
        _text(
            axes,
            block.condition,
            {"class": f"letter letter-{key}", "x": f"{middle:g}", "y": str(plot_top - 5)},
        )
        x = frame.edge(block.start)
        ET.SubElement(
            axes,
            "line",
            {"class": "axis", "x1": f"{x:g}", "x2": f"{x:g}", "y1": str(plot_bottom)}
            | {"y2": str(plot_bottom + 4)},
        )
        _text(
            axes,
            short_date(block.start),
            {
                "class": "tick alt" if n % 2 else "tick",
                "x": f"{x:g}",
                "y": str(WEEKS_HEIGHT - 8),
                "text-anchor": "start" if n == 0 else "middle",
            },
        )
        lived = [
            block.start + timedelta(days=k)
            for k in range((block.end - block.start).days + 1)
            if block.start + timedelta(days=k) not in paused_days
        ]
        washout = lived[:WASHOUT_DAYS]
        for day in washout:
            _band(strips, frame, day, day, plot_bottom - WASHOUT_STRIP, WASHOUT_STRIP)
        for day in (d for d in _days_of(block.start, block.end) if d in paused_days):
            _band(shaded, frame, day, day, plot_top, plot_bottom - plot_top)
        for day in lived:
            morning = pains.get(day + ONE_DAY)
            if day > last_lived or morning is None:
                continue
            kind = "washout" if day in washout else key
            px, py = frame.middle(day), frame.y(morning)
            if kind == "b":  # a square, not only another colour
                shape = {"x": f"{px - 3:g}", "y": f"{py - 3:g}", "width": "6", "height": "6"}
                ET.SubElement(marks, "rect", {"class": "pt pt-b"} | shape)
            else:
                shape = {"cx": f"{px:g}", "cy": f"{py:g}", "r": "3"}
                ET.SubElement(marks, "circle", {"class": f"pt pt-{kind}"} | shape)
        counted = [d for d in lived[WASHOUT_DAYS:] if d <= last_lived]
        if result.mean_pain is not None and counted:
            y = f"{frame.y(result.mean_pain):g}"
            line = ET.SubElement(
                marks,
                "line",
                {
                    "class": f"week-mean week-mean-{key}",
                    "x1": f"{frame.edge(counted[0]):g}",
                    "x2": f"{frame.edge(counted[-1] + ONE_DAY):g}",
                    "y1": y,
                    "y2": y,
                },
            )
            ET.SubElement(line, "title").text = ngettext(
                "Week %(week)s (%(condition)s): mean %(mean)s over %(num)s morning",
                "Week %(week)s (%(condition)s): mean %(mean)s over %(num)s mornings",
                result.days_counted,
                week=block.index + 1,
                condition=block.condition,
                mean=number(result.mean_pain, 1),
            )
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def _days_of(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]
