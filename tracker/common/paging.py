"""One page of a list, and its total for flask-smorest's ``@blp.paginate()``, in one statement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from flask import Response, jsonify
from flask_smorest.pagination import PaginationParameters
from sqlalchemy import FromClause, Integer, Row, Select, Subquery, bindparam, func, select

from tracker.extensions import db

TOTAL = "_page_total"
"""The window column that carries the list's total on every row of the page."""
LAST_OFFSET = 2**31 - 1
"""Past any row an INTEGER key can number: such a page is empty without asking for it, and
the database is never handed an offset it cannot hold."""

Around = Callable[[Subquery], Select[Any]]
ListParams = dict[str, Any]


@lru_cache(maxsize=64)
def _owned_list(
    table: FromClause,
    from_column: str,
    to_column: str,
    order: tuple[str, ...],
    since: bool,
    until: bool,
) -> Select[Any]:
    stmt = select(table).where(table.c.user_id == bindparam("user_id"))
    if since:
        stmt = stmt.where(table.c[from_column] >= bindparam("date_from"))
    if until:
        stmt = stmt.where(table.c[to_column] <= bindparam("date_to"))
    return stmt.order_by(*(table.c[name].desc() for name in order))


def owned_list(
    table: FromClause,
    user_id: int,
    start: date | None,
    end: date | None,
    *,
    from_column: str,
    to_column: str,
    order: tuple[str, ...],
) -> tuple[Select[Any], ListParams]:
    """One person's rows of ``table``, newest first by ``order``, for ``paginate``: the
    dates filter ``from_column >= start`` and ``to_column <= end`` (a pause overlaps a
    range by its end and its start). The statement is built once per table and filter,
    with the person and the dates as bound parameters, and selects columns, not ORM
    objects."""
    stmt = _owned_list(table, from_column, to_column, order, start is not None, end is not None)
    return stmt, {"user_id": user_id, "date_from": start, "date_to": end}


def _counted(stmt: Select[Any]) -> Select[Any]:
    """``SELECT count(*)`` with the list's own FROM and WHERE: the rows are only counted."""
    return stmt.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)


@lru_cache(maxsize=64)
def _page(stmt: Select[Any], around: Around | None) -> Select[Any]:
    """Built once per list statement: building a statement cost more than running it.

    The total is a scalar COUNT beside the page's columns, which the database runs once
    (it names nothing of the row), not ``count(*) OVER ()``: a window makes SQLite sort
    every one of the person's rows, notes and all, to give ten of them (0.56 ms against
    0.21 ms for 241 sessions); without it the sort keeps only the page. The page's rows
    are chosen by their ids first (``id IN (SELECT id ... LIMIT)``): SQLite then sorts
    only the sort keys and ids of the person's rows, not whole rows, and reads the
    page's rows by primary key."""
    key = stmt.selected_columns["id"]
    chosen = (
        stmt.with_only_columns(key, maintain_column_froms=True)
        .limit(bindparam("page_size", type_=Integer))
        .offset(bindparam("first_item", type_=Integer))
    )
    page = stmt.where(key.in_(chosen)).add_columns(_counted(stmt).scalar_subquery().label(TOTAL))
    return page if around is None else around(page.subquery())


def _count(stmt: Select[Any], params: dict[str, Any]) -> int:
    return db.session.connection().scalar(_counted(stmt), params) or 0


def paginate(
    stmt: Select[Any],
    params: dict[str, Any],
    pagination_parameters: PaginationParameters,
    around: Around | None = None,
) -> list[Row[Any]]:
    """Set the total for the X-Pagination header and return one page of rows.

    ``stmt`` is the whole list in order, with bound parameters (``params``) rather than
    values, so the same statement object serves every request. The total rides on the
    page as a scalar ``COUNT``: a separate COUNT was a second round trip on every page;
    only a page past the end, which is empty anyway, counts on its own. ``around`` wraps
    the page (a subquery) in a statement that adds what each of its rows needs, such as a
    session's techniques, so that work is done for the page's rows only; it must order its
    rows as ``stmt`` does. Rows are Core rows: the lists are read-only, and building ORM
    objects was most of a page's time.
    """
    first, size = pagination_parameters.first_item, pagination_parameters.page_size
    if first > LAST_OFFSET:
        pagination_parameters.item_count = _count(stmt, params)
        return []
    paging = {**params, "page_size": size, "first_item": first}
    rows = list(db.session.connection().execute(_page(stmt, around), paging))
    if rows:
        pagination_parameters.item_count = rows[0]._mapping[TOTAL]
    else:
        pagination_parameters.item_count = _count(stmt, params) if first else 0
    return rows


def page_response(items: list[dict[str, Any]]) -> Response:
    """A page already dumped: flask-smorest passes a Response through (adding the paging
    header) instead of dumping the rows with the schema a second time."""
    return jsonify(items)
