"""Whom the sentences speak to: the person ("your first week"), or a physiotherapist
reading a shared view about them ("their first week").

English gives "you" and "they" the same verb forms ("you rate it", "they rate it"), so
a sentence changes voice by its pronouns alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Voice = Literal["you", "they"]


@dataclass(frozen=True, slots=True)
class Pronouns:
    """``f"{p.your} first week"``; ``You``/``Your`` begin a sentence."""

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
    """The words for ``voice``; any other value is a programming error, not a 'you'."""
    return _PRONOUNS[voice]
