"""Schemas reused across resources."""

from __future__ import annotations

from marshmallow import ValidationError


def no_nul(value: str) -> None:
    """PostgreSQL cannot store or compare text with a NUL character: refuse it as input."""
    if "\x00" in value:
        raise ValidationError("Must not contain the NUL character.")
