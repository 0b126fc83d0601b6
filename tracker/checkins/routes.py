"""/api/v1/checkins: the morning's first-step pain."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user

from tracker.checkins.schemas import CheckinInSchema, CheckinSchema
from tracker.checkins.service import (
    checkin_rows,
    create_checkin,
    delete_checkin,
    get_own_checkin,
    update_checkin,
)
from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.common.dates import DateRangeArgs
from tracker.common.paging import page_response, paginate
from tracker.common.schemas import row_dumper

blp = api_blueprint("checkins", "/checkins", "Morning check-ins: first-step pain, one a day.")
dump_row = row_dumper(CheckinSchema())


@blp.route("")
class Checkins(MethodView):
    @blp.arguments(DateRangeArgs(), location="query")
    @blp.response(200, CheckinSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters):
        """Your check-ins, newest first."""
        stmt, params = checkin_rows(current_user, args["date_from"], args["date_to"])
        rows = paginate(stmt, params, pagination_parameters)
        return page_response([dump_row(row) for row in rows])

    @blp.arguments(CheckinInSchema())
    @blp.response(201, CheckinSchema)
    @blp.alt_response(
        200,
        schema=CheckinSchema,
        success=True,
        description="A retry: the check-in with this client_id, unchanged.",
    )
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any]):
        """Log this morning's first-step pain."""
        checkin, created = create_checkin(current_user, data)
        return checkin, 201 if created else 200


@blp.route(f"/<{ROW_ID}:checkin_id>")
class CheckinById(MethodView):
    @blp.response(200, CheckinSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, checkin_id: int):
        """One check-in."""
        return get_own_checkin(current_user, checkin_id)

    @blp.arguments(CheckinInSchema(partial=True))
    @blp.response(200, CheckinSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def patch(self, changes: dict[str, Any], checkin_id: int):
        """Correct a check-in."""
        return update_checkin(current_user, get_own_checkin(current_user, checkin_id), changes)

    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, checkin_id: int):
        """Delete a check-in."""
        delete_checkin(current_user, checkin_id)
