"""Whom the sentences speak to: the person ("your first week"), or a physiotherapist
reading a shared view about them ("their first week").

English gives "you" and "they" the same verb forms ("you rate it", "they rate it"), but
German and Spanish do not ("Sie bewerten" / "die Person bewertet", "tu semana" / "su
semana"): every sentence that speaks to or about the person is two whole messages, one
per voice, chosen by :func:`say`, never one sentence with its pronouns swapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from tracker.i18n import text

Voice = Literal["you", "they"]


def say(voice: Voice, you: str, they: str, **variables: Any) -> str:
    """The message for ``voice``, translated, its ``%(name)s`` filled from ``variables``.

    Both messages are whole sentences marked where they are written
    (``say(voice, N_("…your…"), N_("…their…"))``) so that a translator sees each one.
    They are always format strings: a percent sign is written ``%%``. A voice other than
    "you" or "they" is a programming error, not a "you".
    """
    if voice not in ("you", "they"):
        raise KeyError(voice)
    message = you if voice == "you" else they
    return text.gettext(message) % variables


@dataclass(frozen=True, slots=True)
class Pronouns:
    """English only: ``f"{p.your} first week"``; ``You``/``Your`` begin a sentence.

    Kept for English-only text (a log line, a test); a sentence a person reads is two
    messages (see :func:`say`), since other languages change more than the pronoun.
    """

    you: str
    your: str

    @property
    def You(self) -> str:
        return self.you.capitalize()

    @property
    def Your(self) -> str:
        return self.your.capitalize()


_PRONOUNS: dict[str, Pronouns] = {"you": Pronouns("you", "your"), "they": Pronouns("they", "their")}


def pronouns(voice: Voice) -> Pronouns:
    """The English words for ``voice``; any other value is a programming error, not a 'you'."""
    return _PRONOUNS[voice]
