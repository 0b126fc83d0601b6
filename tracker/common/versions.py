"""A person's data version: one count bumped by every write their numbers depend on.

The cached analysis (``tracker/common/cache.py``) is keyed by the person's id and this
version, so a write is visible on the very next read without invalidating anything:
the read finds a new key. That only holds if *no* write forgets the bump, so no write
path calls it. Two session events do it for all of them, in the write's own transaction:

- ``after_flush``: any check-in, session, pause, plan or experiment row that is new, changed or
  deleted in the flush, and any change to the person's own row other than the columns
  that never reach a number (sign-in token, password hash, the version itself);
- ``do_orm_execute``: a bulk ``insert()`` (the import's) names its owners in its rows
  (one that does not is refused: ``UnownedWrite``), a bulk ``update()`` or ``delete()``
  in its ``WHERE user_id = ...``, or else its owners are read first with the same
  ``WHERE``, so a new bulk write cannot slip by either.

The bump is ``UPDATE users SET data_version = data_version + 1``: atomic, and committed
or rolled back with the write. A reader reads the version (with the person's row, at the
start of the request) before the history, so what it caches under a version is never
older than that version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, ColumnClause

from tracker.extensions import db
from tracker.models import CareSession, Checkin, Experiment, Pause, Plan, User

OWNED = (Checkin, CareSession, Pause, Plan, Experiment)
"""The rows a person's numbers are computed from (a session's techniques are written with
the session: a change to them marks the session changed, an import inserts both)."""
OWNED_TABLES = frozenset(cast(Table, model.__table__).name for model in OWNED)
USER_COLUMNS_IGNORED = frozenset({"session_token", "password_hash", "data_version"})
"""The person's columns no page computes from: signing in or out bumps nothing."""

_users = cast(Table, User.__table__)


class UnownedWrite(RuntimeError):
    """A bulk write on a person's rows that does not say whose: a programming error."""


_BUMP = (
    update(_users)
    .where(_users.c.id.in_(bindparam("ids", expanding=True)))
    .values(data_version=_users.c.data_version + 1)
    .returning(_users.c.id, _users.c.data_version)
)
"""Built once and run on the transaction's connection: building it per write, and running
it through the ORM's bulk-update machinery, cost as much CPU as the write it follows, and
on SQLite that CPU is spent holding the database's one write lock."""


def bump(session: Session, user_ids: Iterable[int]) -> None:
    """One more for each person, in the session's transaction; the loaded ``User`` objects
    get the new number too, so a read later in the same request keys by it."""
    ids = sorted({uid for uid in user_ids if uid is not None})
    if not ids:
        return
    rows = session.connection().execute(_BUMP, {"ids": ids}).all()
    for user_id, version in rows:
        loaded = session.identity_map.get(identity_key(User, user_id))
        if loaded is not None:
            set_committed_value(loaded, "data_version", version)


def _user_changed(user: User) -> bool:
    state = inspect(user)
    for attr in state.mapper.column_attrs:
        if attr.key in USER_COLUMNS_IGNORED:
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return state.attrs.plans.history.has_changes()


def _owner(row: Any) -> int | None:
    if row.user_id is not None:
        return int(row.user_id)
    user = getattr(row, "user", None)  # a plan appended to ``user.plans``, not yet flushed
    return None if user is None else user.id


def _owners_in_flush(session: Session) -> set[int]:
    owners: set[int] = set()
    for row in chain(session.new, session.deleted):
        if isinstance(row, OWNED) and (owner := _owner(row)) is not None:
            owners.add(owner)
    for row in session.dirty:
        if isinstance(row, OWNED) and session.is_modified(row):
            if (owner := _owner(row)) is not None:
                owners.add(owner)
        elif isinstance(row, User) and row.id is not None and _user_changed(row):
            owners.add(row.id)
    return owners


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    """After the flush's own statements, not before: on SQLite the first write takes the
    database's one write lock, and the ORM's work to prepare the rows is then done before
    it rather than while holding it. New, dirty and deleted still show the flushed rows."""
    bump(session, _owners_in_flush(session))


def _named_owners(where: Any, column: str) -> set[int]:
    """The values of ``<table>.<column> = <value>`` terms in a WHERE clause."""
    owners: set[int] = set()
    if where is None:
        return owners
    for node in visitors.iterate(where):
        if not isinstance(node, BinaryExpression):
            continue
        if node.operator not in (operators.eq, operators.in_op):
            continue
        left, right = node.left, node.right
        if (
            isinstance(left, ColumnClause)
            and left.name == column
            and isinstance(right, BindParameter)
        ):
            value = right.effective_value
            values = value if isinstance(value, list | tuple) else [value]
            owners.update(int(v) for v in values if v is not None)
    return owners


def _target_table(state: ORMExecuteState) -> str | None:
    table = getattr(state.statement, "table", None)
    return getattr(table, "name", None)


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = _target_table(state)
    if table == _users.name:
        _user_bulk_write(state)
        return
    if table not in OWNED_TABLES:
        return
    if state.is_insert:
        owners = _inserted_owners(state)
        if None in owners or not owners:
            raise UnownedWrite(f"A bulk insert into {table} must give every row's user_id.")
    else:
        owners = _owners_of(state, "user_id")
    bump(state.session, owners)


def _inserted_owners(state: ORMExecuteState) -> set[Any]:
    """The user_id of each row: in the parameters of an executemany (the import's), or in
    the statement's own ``.values(user_id=...)``."""
    params = state.parameters
    rows: list[Mapping[str, Any]] = (
        list(params)
        if isinstance(params, list)
        else [params]
        if isinstance(params, Mapping)
        else []
    )
    if rows:
        return {row.get("user_id") for row in rows}
    values = state.statement._values or {}  # type: ignore[attr-defined]
    for column, value in values.items():
        if getattr(column, "key", column) == "user_id":
            return {value.effective_value if isinstance(value, BindParameter) else None}
    return {None}


def _owners_of(state: ORMExecuteState, column: str) -> set[int]:
    """The owners a bulk update or delete names in its WHERE, or else the ones its rows have
    (one more query, before the write: bulk writes are rare, a missed bump is not)."""
    where = state.statement.whereclause  # type: ignore[attr-defined]
    owners = _named_owners(where, column)
    if owners:
        return owners
    table = state.statement.table  # type: ignore[attr-defined]
    query = select(table.c[column]).distinct()
    if where is not None:
        query = query.where(where)
    return set(state.session.execute(query).scalars())


def _user_bulk_write(state: ORMExecuteState) -> None:
    """A bulk update of people's own rows: only the columns the analysis never reads
    (``lock_person`` rewrites the sign-in token) go by without a bump."""
    if not state.is_update:
        return  # deleting the person deletes everything cached for them with their id
    values = state.statement._values or {}  # type: ignore[attr-defined]
    columns = {getattr(key, "key", key) for key in values}
    if columns <= USER_COLUMNS_IGNORED:
        return
    bump(state.session, _owners_of(state, "id"))


def init_versions() -> None:
    """Listen on the app's session (once per process, whatever the number of apps)."""
    for name, listener in (("after_flush", _after_flush), ("do_orm_execute", _do_orm_execute)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
