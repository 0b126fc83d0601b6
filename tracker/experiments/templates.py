"""The ready-made comparisons a person can start with (issue 18, item 1), and "custom".

Each names both conditions as plans the analysis can measure adherence against:
sessions a week, minutes per session, a pressure range and the techniques that
count (slugs of ``tracker.catalog``). The doses follow the sources: 5-10 minutes,
once or twice daily, light to medium pressure (002); 5 minutes per calf every
night (001). A technique list is what counts for the plan and what the Log page
pre-selects; an empty list means any technique counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from tracker.analysis.experiment import ConditionPlan

CUSTOM: Final = "custom"

MASSAGE: Final = ("thumb-walk", "heel-knead", "ball-roll", "sustained-pressure")
"""The heel and arch massage both arms of the dose comparison use, so only the dose differs."""


@dataclass(frozen=True)
class Template:
    slug: str
    title: str
    question: str
    """What the experiment asks, in the person's words."""
    conditions: tuple[ConditionPlan, ConditionPlan]


TEMPLATES: Final[tuple[Template, ...]] = (
    Template(
        "consistency-vs-intensity",
        "Daily and light vs three harder sessions a week",
        "Is a little every day better for my heel than a few hard sessions?",
        (
            ConditionPlan("A", "Daily and light", 14, 5, None, 4, MASSAGE),
            ConditionPlan("B", "Three harder sessions a week", 3, 10, 6, 7, MASSAGE),
        ),
    ),
    Template(
        "ball-vs-bottle",
        "Ball roll vs frozen bottle",
        "Does rolling a ball or a frozen bottle help my heel more?",
        (
            ConditionPlan("A", "Ball roll", 7, 5, None, None, ("ball-roll",)),
            ConditionPlan("B", "Frozen bottle", 7, 5, None, None, ("frozen-bottle",)),
        ),
    ),
    Template(
        "calf-release",
        "Evening calf release vs none",
        "Does releasing my calves every evening help my heel?",
        (
            ConditionPlan("A", "Evening calf release", 7, 10, None, None, ("calf-release",)),
            ConditionPlan("B", "No calf release", 0, 0, None, None, ()),
        ),
    ),
)

BY_SLUG: Final[dict[str, Template]] = {t.slug: t for t in TEMPLATES}
TEMPLATE_CHOICES: Final[tuple[str, ...]] = (*BY_SLUG, CUSTOM)


def describe(plan: ConditionPlan) -> str:
    """The plan in one line, for a list of choices and the report: the numbers in words."""
    if plan.sessions_per_week == 0:
        return "No sessions of this kind"
    per = plan.sessions_per_week
    if per % 7 == 0:
        often = "every day" if per == 7 else f"{per // 7} a day"
        count = f"{per} sessions a week ({often})"
    else:
        count = f"{per} session{'s' if per > 1 else ''} a week"
    text = f"{count}, at least {plan.minutes} min each"
    low, high = plan.pressure_min, plan.pressure_max
    if low is not None and high is not None:
        text += f", pressure {low}–{high}" if low != high else f", pressure {low}"
    elif high is not None:
        text += f", pressure up to {high}"
    elif low is not None:
        text += f", pressure {low} or more"
    return text
