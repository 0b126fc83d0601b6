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


def _formatter(field: fields.Field) -> Callable[[Any], Any] | None:
    """The function a field's ``_serialize`` hands every value that is not None, looked up
    once instead of per value: a date or time field's format function for its format
    (``date.isoformat`` ...), ``str`` for a UUID. None for any field (or subclass) that
    formats otherwise, which keeps its own ``_serialize``. Half a 10-row page's dump was
    marshmallow finding these again for each value."""
    serialize = type(field)._serialize
    if serialize is fields.Date._serialize:  # every temporal field that does not override it
        temporal: Any = field
        return temporal.SERIALIZATION_FUNCS.get(temporal.format or temporal.DEFAULT_FORMAT)
    if serialize is fields.UUID._serialize:
        return str
    return None


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
    A date, time or UUID field's formatting is looked up once (``_formatter``).
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
                _formatter(field),
            )
        )

    def dump(row: Row[Any]) -> dict[str, Any]:
        values, out = row._mapping, {}
        for key, attr, serialize, reads, converter, as_is, formats in plan:
            value = values[attr] if reads else None
            if converter is not None:
                value = converter(value)
            if formats is not None:
                out[key] = None if value is None else formats(value)
            elif (value is None and as_is is not None) or type(value) is as_is:
                out[key] = value
            else:
                out[key] = serialize(value, attr, row)
        return out

    return dump
