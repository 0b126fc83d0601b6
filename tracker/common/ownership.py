"""Reading one person's rows, and only theirs."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from flask_smorest import abort
from sqlalchemy import Select

from tracker.extensions import db

ModelT = TypeVar("ModelT")


def get_owned(model: type[ModelT], user_id: int, row_id: int, what: str) -> ModelT:
    """Another person's row and a missing row look the same (404), so ids reveal nothing."""
    row = db.session.get(model, row_id)
    if row is None or row.user_id != user_id:  # type: ignore[attr-defined]
        abort(404, message=f"No such {what}.")
    return row


def within_dates(
    stmt: Select[Any], column: Any, start: date | None, end: date | None
) -> Select[Any]:
    """An inclusive ``from``/``to`` filter on a local-date column; either end may be open."""
    if start:
        stmt = stmt.where(column >= start)
    if end:
        stmt = stmt.where(column <= end)
    return stmt
