"""One conversion to JSON-safe values, so every result serializes the same way.

Dates become ISO strings and floats are rounded to 3 decimals: the API, the
CSV and the charts then show identical numbers for the same day.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from functools import cache
from typing import Any

DECIMALS = 3
_PLAIN = (type(None), bool, int, str)


def json_safe(value: Any) -> Any:
    """Convert a result value (recursively) to something ``json.dumps`` accepts."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return round(value, DECIMALS)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Serializable):
        return value.to_dict()
    if isinstance(value, (frozenset, set)):
        return sorted(json_safe(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    raise TypeError(f"cannot serialize {kind.__name__}")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


class Serializable:
    """Mixin for the result dataclasses: ``to_dict()`` over their fields."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain values are handled inline: a 20-year series has 150,000 of them."""
        out: dict[str, Any] = {}
        # A class is hashable; mypy checks its instances' __hash__ instead (python/mypy#11470).
        for name in _field_names(type(self)):  # type: ignore[arg-type]
            value = getattr(self, name)
            kind = type(value)
            if kind is float:
                value = round(value, DECIMALS)
            elif kind not in _PLAIN:
                value = json_safe(value)
            out[name] = value
        return out
