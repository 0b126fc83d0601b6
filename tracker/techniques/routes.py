"""/api/v1/techniques: the catalog the session form's chips come from."""

from __future__ import annotations

from marshmallow import Schema, fields
from sqlalchemy import select

from tracker.common.blueprint import api_blueprint
from tracker.extensions import db
from tracker.models import Technique

blp = api_blueprint("techniques", "/techniques", "The self-care technique catalog.")


class TechniqueSchema(Schema):
    slug = fields.String()
    name = fields.String()
    guidance = fields.String()
    source = fields.String(metadata={"description": "Which source article(s) describe it."})
    timed_seconds = fields.Integer(
        allow_none=True,
        metadata={"description": "Suggested guided-timer length, for timed techniques."},
    )


@blp.route("")
@blp.response(200, TechniqueSchema(many=True))
def list_techniques():
    """All techniques, by name."""
    return db.session.scalars(select(Technique).order_by(Technique.name))
