"""The product's fixed vocabulary: techniques, warning signs, feet and the default plan.

Plain Python so the analysis, the schemas, the migrations' data seed and the
pages all read one source. The words are English, as the API gives them; each is
marked (``N_``) so a page translates it where it shows it (``_(technique.name)``).
Wording comes from the product brief and the three articles it cites
(``SOURCE_WORDS`` names them); the numbers in brackets name those articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from tracker.i18n.text import N_
from tracker.i18n.text import gettext as _

SOURCE_WORDS: Final[dict[str, str]] = {
    "000": N_("the article \u201cHow Plantar Fasciitis Massage Can Help Heal Your Feet?\u201d"),
    "001": N_("an article on foot-massage techniques for arch and heel pain"),
    "002": N_("the article \u201cHow to Massage Your Heels for Pain Relief\u201d"),
}
"""The source articles as a reader can recognise them: a number such as "001" means
nothing on a page."""


@dataclass(frozen=True)
class Technique:
    slug: str
    name: str
    guidance: str
    source: str
    timed_seconds: int | None = None
    """A suggested guided-timer length, for the techniques the sources time."""

    @property
    def source_words(self) -> str:
        """'the article “…” and an article on …': every source it cites, in words."""
        words = [_(SOURCE_WORDS[number.strip()]) for number in self.source.split(",")]
        if len(words) == 1:
            return words[0]
        return _("%(some)s and %(last)s", some=", ".join(words[:-1]), last=words[-1])


TECHNIQUES: Final[tuple[Technique, ...]] = (
    Technique(
        "morning-release",
        N_("Morning release"),
        N_("60 s flexing and rubbing the arches before standing."),
        "001",
        60,
    ),
    Technique(
        "stretch",
        N_("Toe pull-back stretch"),
        N_("Point the toes down, then pull them toward the shin."),
        "002",
    ),
    Technique(
        "thumb-walk",
        N_("Thumb walking"),
        N_("Ball of the foot to the heel, light to medium pressure, the whole width."),
        "002",
    ),
    Technique(
        "heel-knead",
        N_("Heel pad kneading"),
        N_("Knuckles or the heel of the hand, circular, around the base of the heel."),
        "002",
    ),
    Technique(
        "sustained-pressure",
        N_("Myofascial release / sustained pressure"),
        N_("Hold one tight spot for 30–90 s. No sliding."),
        "000, 001, 002",
        90,
    ),
    Technique(
        "cross-friction",
        N_("Cross-friction"),
        N_("Across the grain, from the inside to the outside of the arch."),
        "001",
    ),
    Technique(
        "achilles-friction",
        N_("Achilles cross-friction"),
        N_("Gentle side-to-side just above the heel. Not if the tendon is inflamed."),
        "002",
    ),
    Technique(
        "calf-release",
        N_("Calf release"),
        N_("5 min per calf with a foam roller or firm ball, below the knee and above the ankle."),
        "001",
        300,
    ),
    Technique(
        "frozen-bottle",
        N_("Frozen bottle roll"),
        N_("Cold plus pressure: roll from the heel to the toes."),
        "001, 002",
    ),
    Technique(
        "ball-roll",
        N_("Ball roll"),
        N_("Lacrosse, tennis or golf ball: pin a spot and curl the toes (active release)."),
        "001, 002",
    ),
    Technique(
        "foot-roller",
        N_("Textured foot roller"),
        N_("Roll the sole slowly over a textured roller."),
        "002",
    ),
    Technique(
        "fascia-tool",
        N_("Fascia tool"),
        N_("A fascia tool (\u201cfascia blasting\u201d). Start gently."),
        "000",
    ),
    Technique("gua-sha", N_("Gua sha"), N_("Gua sha strokes along the sole."), "000"),
    Technique(
        "deep-tissue",
        N_("Deep tissue massage"),
        N_("Slow, firm strokes into the deeper layers. Good pain only."),
        "000",
    ),
    Technique(
        "trigger-point",
        N_("Trigger point therapy"),
        N_("Find and press trigger points in the arches, heels and calves."),
        "000",
    ),
    Technique("reflexology", N_("Reflexology"), N_("Pressure on points across the sole."), "000"),
    Technique(
        "toe-spread",
        N_("Toe spreading / metatarsal massage"),
        N_("Spread the toes and massage between the long bones, for forefoot pain."),
        "001",
    ),
    Technique(
        "warm-soak",
        N_("Warm foot soak"),
        N_("5–10 min in warm water before massaging."),
        "000",
        600,
    ),
    Technique(
        "contrast-bath",
        N_("Contrast bath"),
        N_("3 min warm, 1 min cold, three rounds."),
        "001",
        720,
    ),
)

TECHNIQUE_SLUGS: Final[frozenset[str]] = frozenset(t.slug for t in TECHNIQUES)


@dataclass(frozen=True)
class WarningSign:
    slug: str
    label: str
    advice: str
    source: str


WARNING_SIGNS: Final[tuple[WarningSign, ...]] = (
    WarningSign(
        "severe-pain",
        N_("Severe pain"),
        N_("Severe pain is a reason to see a professional rather than keep massaging."),
        "002",
    ),
    WarningSign(
        "after-injury",
        N_("Pain right after an injury"),
        N_("Pain that started right after an injury should be checked by a professional."),
        "002",
    ),
    WarningSign(
        "cannot-bear-weight",
        N_("Cannot bear weight or walk normally"),
        N_("Not being able to bear weight or walk normally needs a professional's look."),
        "002",
    ),
    WarningSign(
        "swelling",
        N_("Significant swelling"),
        N_("Significant swelling is a reason to see a professional."),
        "002",
    ),
    WarningSign("redness", N_("Redness"), N_("Redness is a reason to see a professional."), "002"),
    WarningSign(
        "fever", N_("Fever"), N_("Fever with foot pain is a reason to see a professional."), "002"
    ),
    WarningSign(
        "numbness", N_("Numbness"), N_("Numbness is a reason to see a professional."), "002"
    ),
    WarningSign(
        "tingling",
        N_("Tingling or electric-shock feeling"),
        N_(
            "Stop massaging that spot: tingling or an electric-shock feeling is likely a "
            "nerve. See a professional if it goes on."
        ),
        "001",
    ),
    WarningSign(
        "bone-pain",
        N_("Pain on a bone (\u201cstone bruise\u201d)"),
        N_(
            "Pain on a bone can be a stress fracture, which massage makes worse. "
            "Stop and see a professional."
        ),
        "001",
    ),
    WarningSign(
        "bruising",
        N_("Bruising the day after a session"),
        N_("Bruising the next day means the pressure was too high: go lighter."),
        "001",
    ),
)

WARNING_SIGN_SLUGS: Final[frozenset[str]] = frozenset(w.slug for w in WARNING_SIGNS)

FEET: Final[tuple[str, ...]] = ("left", "right", "both")
FOOT_LABELS: Final[dict[str, str]] = {"left": N_("Left"), "right": N_("Right"), "both": N_("Both")}
"""A foot (or both) as a choice names it; the slugs are what the API stores."""
FOOT_PHRASES: Final[dict[str, str]] = {
    "left": N_("Left foot"),
    "right": N_("Right foot"),
    "both": N_("Both feet"),
}
HEEL_LABELS: Final[dict[str, str]] = {"left": N_("Left heel"), "right": N_("Right heel")}

DEFAULT_SESSIONS_PER_DAY: Final = 2
"""'Once or twice daily' (002): two is the plan, one still counts half."""
DEFAULT_MINUTES_MIN: Final = 5
DEFAULT_MINUTES_MAX: Final = 10
"""5–10 minutes per foot (002)."""

PAUSE_REASONS: Final[tuple[str, ...]] = (
    "travel",
    "illness",
    "flare-up",
    "professional-rest",
    "other",
)

GLOBAL_CHANGE_SCALE: Final[tuple[str, ...]] = (
    N_("very much improved"),
    N_("much improved"),
    N_("minimally improved"),
    N_("no change"),
    N_("minimally worse"),
    N_("much worse"),
    N_("very much worse"),
)
"""Patient Global Impression of Change, best first."""

GLOBAL_CHANGE: Final[dict[str, str]] = {
    label.replace(" ", "-"): label for label in GLOBAL_CHANGE_SCALE
}
"""Slug (what the API and the database store) to the words a person reads."""

PAUSE_REASON_LABELS: Final[dict[str, str]] = {
    "travel": N_("Travel"),
    "illness": N_("Illness"),
    "flare-up": N_("Flare-up"),
    "professional-rest": N_("Rest advised by a professional"),
    "other": N_("Other"),
}

WEEKDAYS: Final[tuple[str, ...]] = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
GLOBAL_CHANGE_MIN_CHECKINS: Final = 7
"""The weekly question stays quiet until a week of mornings gives it something to compare."""
DEFAULT_GLOBAL_CHANGE_WEEKDAY: Final = 6
"""Sunday: a quiet day to look back on the week."""
DEFAULT_MORNING_REMINDER: Final = "07:00"
DEFAULT_EVENING_REMINDER: Final = "20:00"
REMINDER_KINDS: Final = ("morning", "evening")
"""The pushed reminders: the morning check-in and the evening self-care session."""

DISCLAIMER: Final = N_(
    "FirstStep is a diary, not medical advice. See a professional for severe pain, "
    "pain after an injury, trouble bearing weight, swelling, redness, fever, numbness, "
    "tingling, pain on a bone, or no improvement after a week of home care."
)
