"""One conversion to JSON-safe values, so every result serializes the same way.

Dates become ISO strings and floats are rounded to 3 decimals: the API, the
CSV and the charts then show identical numbers for the same day.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any


def json_safe(value: Any) -> Any:
    """Convert a result value (recursively) to something ``json.dumps`` accepts."""
    if isinstance(value, Serializable):
        return value.to_dict()
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (frozenset, set)):
        return sorted(json_safe(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    raise TypeError(f"cannot serialize {type(value).__name__}")


class Serializable:
    """Mixin for the result dataclasses: ``to_dict()`` over their fields."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: json_safe(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]
