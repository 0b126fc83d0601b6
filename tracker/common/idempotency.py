"""Retried POSTs from the offline app must not create duplicates.

The client sends a UUID ``client_id`` it generated once per record; a repeat
of it returns the stored record with 200 and writes nothing. Two racing
retries are settled by the UNIQUE(user_id, client_id) constraint.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import CareSession, Checkin

ModelT = TypeVar("ModelT", Checkin, CareSession)
"""The models whose rows the offline app creates, each with a ``client_id``."""


def find_by_client_id(
    model: type[ModelT], user_id: int, client_id: uuid.UUID | None
) -> ModelT | None:
    if client_id is None:
        return None
    return db.session.scalar(
        select(model).where(model.user_id == user_id, model.client_id == client_id)
    )
