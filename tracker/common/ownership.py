"""Reading one person's rows, and only theirs."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, update

from tracker.common.errors import not_found
from tracker.extensions import db
from tracker.models import User


class Owned(Protocol):
    """A model whose rows each belong to one person."""

    @property
    def user_id(self) -> int: ...


ModelT = TypeVar("ModelT", bound=Owned)
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")


def get_owned(model: type[ModelT], user_id: int, row_id: int, what: str) -> ModelT:
    """Another person's row and a missing row look the same (404), so ids reveal nothing."""
    row = db.session.get(model, row_id)
    if row is None or row.user_id != user_id:
        raise not_found(what)
    return row


def within_dates(stmt: SelectT, column: Any, start: date | None, end: date | None) -> SelectT:
    """An inclusive ``from``/``to`` filter on a local-date column; either end may be open."""
    if start:
        stmt = stmt.where(column >= start)
    if end:
        stmt = stmt.where(column <= end)
    return stmt


def lock_person(user_id: int) -> None:
    """Serialise one person's writes where a rule spans rows (no two pauses overlap): check,
    then insert, is a race between two requests otherwise. An UPDATE that changes nothing
    takes the person's row lock on PostgreSQL and the write lock on SQLite, held until the
    commit, so the second request reads only after the first has written."""
    db.session.execute(
        update(User).where(User.id == user_id).values(session_token=User.session_token)
    )
