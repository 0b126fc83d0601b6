"""Making share links and reading what they open."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from tests.conftest import ApiClient
from tracker.extensions import db
from tracker.models import ShareLink

LINKS = "/api/v1/share-links"


def create_link(owner: ApiClient, **body: Any) -> dict[str, Any]:
    response = owner.post(LINKS, json=body)
    assert response.status_code == 201, response.json
    return response.json


def share_path(link: dict[str, Any]) -> str:
    """The path of the link's URL, the way a test client opens it."""
    return urlsplit(link["url"]).path


def stored_link(app: Flask, link_id: int) -> ShareLink:
    with app.app_context():
        row = db.session.scalar(select(ShareLink).where(ShareLink.id == link_id))
        assert row is not None
        db.session.expunge(row)
        return row


def set_link_times(app: Flask, link_id: int, **moments: datetime) -> None:
    with app.app_context():
        row = db.session.get(ShareLink, link_id)
        assert row is not None
        for name, value in moments.items():
            setattr(row, name, value)
        db.session.commit()
