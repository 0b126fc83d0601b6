"""Raising a 422 that names the field, from code below the schemas."""

from __future__ import annotations

from typing import NoReturn

from webargs.flaskparser import abort


def field_error(field: str, reason: str, location: str = "json") -> NoReturn:
    abort(422, errors={location: {field: [reason]}}, message=f"{field}: {reason}")
