"""The product's fixed vocabulary: techniques, warning signs, feet and the default plan.

Plain Python so the analysis, the schemas, the migrations' data seed and the
pages all read one source. Wording comes from the product brief and the three
articles it cites (``SOURCE_WORDS`` names them); the numbers in brackets name those
articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

SOURCE_WORDS: Final[dict[str, str]] = {
    "000": "the article \u201cHow Plantar Fasciitis Massage Can Help Heal Your Feet?\u201d",
    "001": "an article on foot-massage techniques for arch and heel pain",
    "002": "the article \u201cHow to Massage Your Heels for Pain Relief\u201d",
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
        words = [SOURCE_WORDS[number.strip()] for number in self.source.split(",")]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


TECHNIQUES: Final[tuple[Technique, ...]] = (
    Technique(
        "morning-release",
        "Morning release",
        "60 s flexing and rubbing the arches before standing.",
        "001",
        60,
    ),
    Technique(
        "stretch",
        "Toe pull-back stretch",
        "Point the toes down, then pull them toward the shin.",
        "002",
    ),
    Technique(
        "thumb-walk",
        "Thumb walking",
        "Ball of the foot to the heel, light to medium pressure, the whole width.",
        "002",
    ),
    Technique(
        "heel-knead",
        "Heel pad kneading",
        "Knuckles or the heel of the hand, circular, around the base of the heel.",
        "002",
    ),
    Technique(
        "sustained-pressure",
        "Myofascial release / sustained pressure",
        "Hold one tight spot for 30–90 s. No sliding.",
        "000, 001, 002",
        90,
    ),
    Technique(
        "cross-friction",
        "Cross-friction",
        "Across the grain, from the inside to the outside of the arch.",
        "001",
    ),
    Technique(
        "achilles-friction",
        "Achilles cross-friction",
        "Gentle side-to-side just above the heel. Not if the tendon is inflamed.",
        "002",
    ),
    Technique(
        "calf-release",
        "Calf release",
        "5 min per calf with a foam roller or firm ball, below the knee and above the ankle.",
        "001",
        300,
    ),
    Technique(
        "frozen-bottle",
        "Frozen bottle roll",
        "Cold plus pressure: roll from the heel to the toes.",
        "001, 002",
    ),
    Technique(
        "ball-roll",
        "Ball roll",
        "Lacrosse, tennis or golf ball: pin a spot and curl the toes (active release).",
        "001, 002",
    ),
    Technique(
        "foot-roller", "Textured foot roller", "Roll the sole slowly over a textured roller.", "002"
    ),
    Technique(
        "fascia-tool",
        "Fascia tool",
        "A fascia tool (\u201cfascia blasting\u201d). Start gently.",
        "000",
    ),
    Technique("gua-sha", "Gua sha", "Gua sha strokes along the sole.", "000"),
    Technique(
        "deep-tissue",
        "Deep tissue massage",
        "Slow, firm strokes into the deeper layers. Good pain only.",
        "000",
    ),
    Technique(
        "trigger-point",
        "Trigger point therapy",
        "Find and press trigger points in the arches, heels and calves.",
        "000",
    ),
    Technique("reflexology", "Reflexology", "Pressure on points across the sole.", "000"),
    Technique(
        "toe-spread",
        "Toe spreading / metatarsal massage",
        "Spread the toes and massage between the long bones, for forefoot pain.",
        "001",
    ),
    Technique(
        "warm-soak", "Warm foot soak", "5–10 min in warm water before massaging.", "000", 600
    ),
    Technique(
        "contrast-bath", "Contrast bath", "3 min warm, 1 min cold, three rounds.", "001", 720
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
        "Severe pain",
        "Severe pain is a reason to see a professional rather than keep massaging.",
        "002",
    ),
    WarningSign(
        "after-injury",
        "Pain right after an injury",
        "Pain that started right after an injury should be checked by a professional.",
        "002",
    ),
    WarningSign(
        "cannot-bear-weight",
        "Cannot bear weight or walk normally",
        "Not being able to bear weight or walk normally needs a professional's look.",
        "002",
    ),
    WarningSign(
        "swelling",
        "Significant swelling",
        "Significant swelling is a reason to see a professional.",
        "002",
    ),
    WarningSign("redness", "Redness", "Redness is a reason to see a professional.", "002"),
    WarningSign("fever", "Fever", "Fever with foot pain is a reason to see a professional.", "002"),
    WarningSign("numbness", "Numbness", "Numbness is a reason to see a professional.", "002"),
    WarningSign(
        "tingling",
        "Tingling or electric-shock feeling",
        "Stop massaging that spot: tingling or an electric-shock feeling is likely a "
        "nerve. See a professional if it goes on.",
        "001",
    ),
    WarningSign(
        "bone-pain",
        "Pain on a bone (\u201cstone bruise\u201d)",
        "Pain on a bone can be a stress fracture, which massage makes worse. "
        "Stop and see a professional.",
        "001",
    ),
    WarningSign(
        "bruising",
        "Bruising the day after a session",
        "Bruising the next day means the pressure was too high: go lighter.",
        "001",
    ),
)

WARNING_SIGN_SLUGS: Final[frozenset[str]] = frozenset(w.slug for w in WARNING_SIGNS)

FEET: Final[tuple[str, ...]] = ("left", "right", "both")

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
    "very much improved",
    "much improved",
    "minimally improved",
    "no change",
    "minimally worse",
    "much worse",
    "very much worse",
)
"""Patient Global Impression of Change, best first."""

GLOBAL_CHANGE: Final[dict[str, str]] = {
    label.replace(" ", "-"): label for label in GLOBAL_CHANGE_SCALE
}
"""Slug (what the API and the database store) to the words a person reads."""

PAUSE_REASON_LABELS: Final[dict[str, str]] = {
    "travel": "Travel",
    "illness": "Illness",
    "flare-up": "Flare-up",
    "professional-rest": "Rest advised by a professional",
    "other": "Other",
}

WEEKDAYS: Final[tuple[str, ...]] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
GLOBAL_CHANGE_MIN_CHECKINS: Final = 7
"""The weekly question stays quiet until a week of mornings gives it something to compare."""
DEFAULT_GLOBAL_CHANGE_WEEKDAY: Final = 6
"""Sunday: a quiet day to look back on the week."""
DEFAULT_MORNING_REMINDER: Final = "07:00"
DEFAULT_EVENING_REMINDER: Final = "20:00"
REMINDER_KINDS: Final = ("morning", "evening")
"""The pushed reminders: the morning check-in and the evening self-care session."""

DISCLAIMER: Final = (
    "FirstStep is a diary, not medical advice. See a professional for severe pain, "
    "pain after an injury, trouble bearing weight, swelling, redness, fever, numbness, "
    "tingling, pain on a bone, or no improvement after a week of home care."
)
