"""Counting and slicing a select for flask-smorest's ``@blp.paginate()``."""

from __future__ import annotations

from typing import Any

from flask_smorest.pagination import PaginationParameters
from sqlalchemy import Select, func, select

from tracker.extensions import db


def paginate(stmt: Select[Any], pagination_parameters: PaginationParameters) -> list[Any]:
    """Set the total for the X-Pagination header and return one page of rows."""
    pagination_parameters.item_count = total = db.session.scalar(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    )
    if pagination_parameters.first_item >= (total or 0):
        return []  # past the end; also never hands the database an offset it cannot hold
    page = db.session.scalars(
        stmt.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)
    )
    return list(page)
