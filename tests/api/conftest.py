"""A look into the database, to check what the API stored rather than what it said."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Executable, func, select

from tracker.extensions import db


class Rows:
    """Runs a statement in its own app context; the objects it returns are detached."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def all(self, stmt: Executable) -> list[Any]:
        with self.app.app_context():
            return list(db.session.scalars(stmt))

    def one(self, stmt: Executable) -> Any:
        with self.app.app_context():
            return db.session.scalars(stmt).one()

    def count(self, model: Any, *where: Any) -> int:
        with self.app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).where(*where))

    def execute(self, stmt: Executable) -> None:
        with self.app.app_context():
            db.session.execute(stmt)
            db.session.commit()


@pytest.fixture
def rows(app: Flask) -> Rows:
    return Rows(app)
