"""The printed report's chart of a self-experiment's weeks: each day's next-morning pain
inside the week it speaks for, the washout marked, paused days shaded, no styles."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree as ET

from tracker.analysis.experiment import AsDone, BlockResult, make_schedule
from tracker.report.svg import WEEKS_HEIGHT, experiment_weeks_svg

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 3, 2)
LABELS = {"A": "Daily & light <b>", "B": "Three harder"}


def _blocks(means: dict[str, float], paused: frozenset[date] = frozenset()) -> list[BlockResult]:
    schedule = make_schedule(START, 2, 7, paused)
    done = AsDone(7.0, 6.0, 3.0)
    return [BlockResult(b, 5, means[b.condition], 1.0, done) for b in schedule]


def _pains(blocks: list[BlockResult], value: dict[str, float]) -> dict[date, float]:
    pains = {}
    for b in blocks:
        day = b.block.start
        while day <= b.block.end:
            pains[day + timedelta(days=1)] = value[b.block.condition]
            day += timedelta(days=1)
    return pains


def _x_range(rect: ET.Element) -> tuple[float, float]:
    x = float(rect.get("x", "0"))
    return x, x + float(rect.get("width", "0"))


def test_each_point_sits_in_its_week_the_washout_open_and_b_square() -> None:
    blocks = _blocks({"A": 3.0, "B": 6.0})
    last = blocks[-1].block.end
    root = ET.fromstring(
        experiment_weeks_svg(blocks, _pains(blocks, {"A": 3, "B": 6}), last, (), LABELS)
    )

    assert root.get("viewBox") == f"0 0 680 {WEEKS_HEIGHT}"
    assert not any(el.get("style") for el in root.iter())
    assert "Daily & light <b>" in (root.findtext(f"{SVG}desc") or "")  # text, escaped
    weeks = root.findall(f".//{SVG}g[@class='weeks']/{SVG}rect")
    assert [w.get("class") for w in weeks] == [
        f"week week-{b.block.condition.lower()}" for b in blocks
    ]
    letters = [t.text for t in root.iter(f"{SVG}text") if "letter" in (t.get("class") or "")]
    assert letters == [b.block.condition for b in blocks]
    marks = root.find(f".//{SVG}g[@class='marks']")
    assert marks is not None
    washout = marks.findall(f"{SVG}circle[@class='pt pt-washout']")
    a_points = marks.findall(f"{SVG}circle[@class='pt pt-a']")
    b_points = marks.findall(f"{SVG}rect[@class='pt pt-b']")
    assert (len(washout), len(a_points), len(b_points)) == (8, 10, 10)
    assert len(root.findall(f".//{SVG}g[@class='washout']/{SVG}rect")) == 8
    for week, block in zip(weeks, blocks, strict=True):
        left, right = _x_range(week)
        key = block.block.condition.lower()
        inside = [
            float(p.get("cx") or float(p.get("x", "0")) + 3)
            for p in marks
            if p.get("class") in (f"pt pt-{key}", "pt pt-washout")
        ]
        assert sum(left < x < right for x in inside) == 7
    means = marks.findall(f"{SVG}line")
    a_mean, b_mean = (
        {float(m.get("y1", "0")) for m in means if m.get("class") == f"week-mean week-mean-{k}"}
        for k in "ab"
    )
    assert len(a_mean) == len(b_mean) == 1 and a_mean.pop() > b_mean.pop()  # lower pain, lower


def test_a_paused_day_is_shaded_and_pushes_the_washout_and_unlived_days_are_not_drawn() -> None:
    paused = frozenset({START})
    blocks = _blocks({"A": 3.0, "B": 6.0}, paused)
    last_lived = blocks[0].block.end
    root = ET.fromstring(
        experiment_weeks_svg(blocks, _pains(blocks, {"A": 3, "B": 6}), last_lived, paused, LABELS)
    )

    assert blocks[0].block.end == START + timedelta(days=7)  # the pause lengthened the week
    shaded = root.findall(f".//{SVG}g[@class='paused']/{SVG}rect")
    assert len(shaded) == 1
    points = [p for p in root.iter() if (p.get("class") or "").startswith("pt ")]
    assert len(points) == 7  # the first week's lived days only
    assert sum(p.get("class") == "pt pt-washout" for p in points) == 2
    first_point = min(float(p.get("cx") or 0) for p in points)
    assert first_point > _x_range(shaded[0])[1]


def test_no_weeks_draw_nothing() -> None:
    assert experiment_weeks_svg([], {}, START, (), LABELS) == ""
