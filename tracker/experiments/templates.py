"""The ready-made comparisons a person can start with (issue 18, item 1), and "custom".

Each names both conditions as plans the analysis can measure adherence against:
sessions a week, minutes per session, a pressure range and the techniques that
count (slugs of ``tracker.catalog``). The doses follow the sources: 5-10 minutes,
once or twice daily, light to medium pressure (002); 5 minutes per calf every
night (001). A technique list is what counts for the plan and what the Log page
pre-selects; an empty list means any technique counts.

Titles, questions and labels are English in the code and in the stored rows (the API
names a template by its slug); they are translated where they are shown
(``shown_label``, ``experiments.service.title_of``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from tracker.analysis.experiment import ConditionPlan
from tracker.i18n.text import N_, gettext, ngettext, number

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
        N_("Daily and light vs three harder sessions a week"),
        N_("Is a little every day better for my heel than a few hard sessions?"),
        (
            ConditionPlan("A", N_("Daily and light"), 14, 5, None, 4, MASSAGE),
            ConditionPlan("B", N_("Three harder sessions a week"), 3, 10, 6, 7, MASSAGE),
        ),
    ),
    Template(
        "ball-vs-bottle",
        N_("Ball roll vs frozen bottle"),
        N_("Does rolling a ball or a frozen bottle help my heel more?"),
        (
            ConditionPlan("A", N_("Ball roll"), 7, 5, None, None, ("ball-roll",)),
            ConditionPlan("B", N_("Frozen bottle"), 7, 5, None, None, ("frozen-bottle",)),
        ),
    ),
    Template(
        "calf-release",
        N_("Evening calf release vs none"),
        N_("Does releasing my calves every evening help my heel?"),
        (
            ConditionPlan("A", N_("Evening calf release"), 7, 10, None, None, ("calf-release",)),
            ConditionPlan("B", N_("No calf release"), 0, 0, None, None, ()),
        ),
    ),
)

BY_SLUG: Final[dict[str, Template]] = {t.slug: t for t in TEMPLATES}
TEMPLATE_CHOICES: Final[tuple[str, ...]] = (*BY_SLUG, CUSTOM)


def shown_label(template: str, label: str) -> str:
    """A condition's name in the reader's language: a ready-made comparison's labels are
    ours to translate; a custom pair's are the person's own words, shown as typed."""
    return gettext(label) if template in BY_SLUG else label


def describe(plan: ConditionPlan) -> str:
    """The plan in one line, for a list of choices and the report: the numbers in words."""
    if plan.sessions_per_week == 0:
        return gettext("No sessions of this kind")
    per = plan.sessions_per_week
    if per % 7 == 0:
        if per == 7:
            count = gettext("%(num)s sessions a week (every day)", num=number(per, 0))
        else:
            count = gettext(
                "%(num)s sessions a week (%(daily)s a day)",
                num=number(per, 0),
                daily=number(per // 7, 0),
            )
    else:
        count = ngettext("%(num)s session a week", "%(num)s sessions a week", per)
    minutes = number(plan.minutes, 0)
    low, high = plan.pressure_min, plan.pressure_max
    if low is not None and high is not None and low != high:
        return gettext(
            "%(count)s, at least %(minutes)s min each, pressure %(low)s–%(high)s",
            count=count,
            minutes=minutes,
            low=number(low, 0),
            high=number(high, 0),
        )
    if low is not None and high is not None:
        return gettext(
            "%(count)s, at least %(minutes)s min each, pressure %(low)s",
            count=count,
            minutes=minutes,
            low=number(low, 0),
        )
    if high is not None:
        return gettext(
            "%(count)s, at least %(minutes)s min each, pressure up to %(high)s",
            count=count,
            minutes=minutes,
            high=number(high, 0),
        )
    if low is not None:
        return gettext(
            "%(count)s, at least %(minutes)s min each, pressure %(low)s or more",
            count=count,
            minutes=minutes,
            low=number(low, 0),
        )
    return gettext("%(count)s, at least %(minutes)s min each", count=count, minutes=minutes)
