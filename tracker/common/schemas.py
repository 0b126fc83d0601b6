"""Schemas reused across resources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError, fields
from sqlalchemy import Row


def no_nul(value: str) -> None:
    """PostgreSQL cannot store or compare text with a NUL character: refuse it as input."""
    if "\x00" in value:
        raise ValidationError("Must not contain the NUL character.")


_AS_IS = {fields.Integer: int, fields.String: str}
"""Field classes whose formatting gives back a value of this type unchanged (``int(v)``,
``str(v)``), so a row's value of exactly that type is copied without a call."""


def row_dumper(
    schema: Schema, convert: dict[str, Callable[[Any], Any]] | None = None
) -> Callable[[Row[Any]], dict[str, Any]]:
    """``schema.dump`` for one database row (Core, not ORM), giving the very same dict.

    A list page dumped 100 ORM objects through marshmallow's per-value machinery (item
    access, then attribute, then a default, then formatting); here each field still
    formats its value itself (``Field._serialize``), read straight from the row, and an
    int or text already in its final type is copied as is. Every field must name a column
    of the row, or be a method field, which is handed the row itself. ``convert`` turns a
    column into what the object's attribute would hold (an aggregated text into a list).
    """
    convert = convert or {}
    plan = []
    for name, field in schema.dump_fields.items():
        attr = field.attribute or name
        as_is = None if getattr(field, "as_string", False) else _AS_IS.get(type(field))
        plan.append(
            (
                field.data_key if field.data_key is not None else name,
                attr,
                field._serialize,
                field._CHECK_ATTRIBUTE,
                convert.get(attr),
                as_is,
            )
        )

    def dump(row: Row[Any]) -> dict[str, Any]:
        values, out = row._mapping, {}
        for key, attr, serialize, reads, converter, as_is in plan:
            value = values[attr] if reads else None
            if converter is not None:
                value = converter(value)
            if (value is None and as_is is not None) or type(value) is as_is:
                out[key] = value
            else:
                out[key] = serialize(value, attr, row)
        return out

    return dump
