"""A person's data version: one count bumped by every write their numbers depend on.

The cached analysis (``tracker/common/cache.py``) is keyed by the person's id and this
version, so a write is visible on the very next read without invalidating anything:
the read finds a new key. That only holds if *no* write forgets the bump, so no write
path calls it:

- a check-in, session (or its techniques), pause, plan or experiment row inserted, changed
  or deleted bumps its owner in the database itself, by the triggers of migration 0008, in
  the write's own statement (SQLite: per row; PostgreSQL: once per person and transaction)
  through the ORM, a bulk ``insert()`` (the import's), a cascade or plain SQL alike. On
  SQLite the bump then costs no statement and no Python while the write holds the
  database's one write lock (bench/README.md, "The SQLite write path");
- a change to the person's own row is bumped here, after the flush (or, for a bulk
  ``update()`` of ``users``, in ``do_orm_execute``), unless it only touches the columns that
  never reach a number (sign-in token, password hash, the version itself): which columns
  count is the app's knowledge, not the schema's.

After a write to those rows the loaded ``User`` objects' version is expired (no SQL), so a
read later in the same request loads the new number rather than keying by the old one.

The bump is ``UPDATE users SET data_version = data_version + 1``: atomic, and committed
or rolled back with the write. A reader reads the version (with the person's row, at the
start of the request) before the history, so what it caches under a version is never
older than that version.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, ColumnClause

from tracker.extensions import db
from tracker.models import CareSession, Checkin, Experiment, Pause, Plan, User, session_techniques

OWNED = (Checkin, CareSession, Pause, Plan, Experiment)
"""The rows a person's numbers are computed from (with a session's techniques): the tables
whose triggers bump the version."""
OWNED_TABLES = frozenset(
    (*(cast(Table, model.__table__).name for model in OWNED), session_techniques.name)
)
USER_COLUMNS_IGNORED = frozenset({"session_token", "password_hash", "data_version"})
"""The person's columns no page computes from: signing in or out bumps nothing."""

_users = cast(Table, User.__table__)


_BUMP = (
    update(_users)
    .where(_users.c.id.in_(bindparam("ids", expanding=True)))
    .values(data_version=_users.c.data_version + 1)
    .returning(_users.c.id, _users.c.data_version)
)
"""Built once and run on the transaction's connection: building it per write, and running
it through the ORM's bulk-update machinery, cost as much CPU as the write it follows."""


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


def _expire_versions(session: Session) -> None:
    """The triggers changed ``users.data_version`` behind the ORM's back: the next read of
    a loaded person's version loads it (one small SELECT, only if something asks)."""
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, User):
            session.expire(loaded, ["data_version"])


def _user_changed(user: User) -> bool:
    state = inspect(user)
    for attr in state.mapper.column_attrs:
        if attr.key in USER_COLUMNS_IGNORED:
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return state.attrs.plans.history.has_changes()


_PEOPLE = "data_version.people"
"""``session.info`` key: the people whose own rows the coming flush changes."""


def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """Looks at what the flush will write before it writes anything: on SQLite its first
    statement takes the database's one write lock, and this work is then not done while
    holding it. Expiring a loaded person's version before the triggers change it is safe:
    it is loaded again only when something reads it, after the flush."""
    owned = False
    people: set[int] = set()
    for row in chain(session.new, session.deleted, session.dirty):
        if isinstance(row, OWNED):
            owned = True
        elif isinstance(row, User) and row.id is not None and _user_changed(row):
            people.add(row.id)
    if owned:
        _expire_versions(session)
    session.info[_PEOPLE] = people  # replaced, not added to: a failed flush leaves none


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    """The person's own row, bumped after the flush's statements: nothing else to do."""
    people = session.info.pop(_PEOPLE, None)
    if people:
        bump(session, people)


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
    elif table in OWNED_TABLES:
        _expire_versions(state.session)  # the triggers bump; the number is loaded when read


def _owners_of(state: ORMExecuteState, column: str) -> set[int]:
    """The owners a bulk update names in its WHERE, or else the ones its rows have (one
    more query, before the write: bulk writes are rare, a missed bump is not)."""
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
    listeners = (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("do_orm_execute", _do_orm_execute),
    )
    for name, listener in listeners:
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
