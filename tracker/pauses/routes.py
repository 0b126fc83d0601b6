"""/api/v1/pauses: days off the plan (travel, illness, flare-up, prescribed rest)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user

from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.common.dates import DateRangeArgs
from tracker.common.paging import page_response, paginate
from tracker.common.schemas import row_dumper
from tracker.pauses.schemas import PauseEndSchema, PauseInSchema, PauseSchema
from tracker.pauses.service import (
    create_pause,
    delete_pause,
    end_pause,
    get_own_pause,
    pause_rows,
    update_pause,
)

blp = api_blueprint(
    "pauses",
    "/pauses",
    "Paused days: out of adherence and streaks; pain logged on them still counts.",
)
dump_row = row_dumper(PauseSchema())


@blp.route("")
class Pauses(MethodView):
    @blp.arguments(DateRangeArgs(), location="query")
    @blp.response(200, PauseSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters):
        """Your pauses, latest first; with ``from``/``to``, those overlapping that range.

        Overlap rather than containment, as in pauses.csv: a pause that began before
        ``from`` still explains the paused days inside the range.
        """
        stmt, params = pause_rows(current_user, args["date_from"], args["date_to"])
        rows = paginate(stmt, params, pagination_parameters)
        return page_response([dump_row(row) for row in rows])

    @blp.arguments(PauseInSchema())
    @blp.response(201, PauseSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any]):
        """Pause from today or plan one ahead ("holiday 3-10 March"); overlaps are a 409."""
        return create_pause(current_user, data)


@blp.route(f"/<{ROW_ID}:pause_id>")
class PauseById(MethodView):
    @blp.response(200, PauseSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, pause_id: int):
        """One pause."""
        return get_own_pause(current_user, pause_id)

    @blp.arguments(PauseInSchema(partial=True))
    @blp.response(200, PauseSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def patch(self, changes: dict[str, Any], pause_id: int):
        """Change a pause's dates, reason or note."""
        return update_pause(current_user, get_own_pause(current_user, pause_id), changes)

    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, pause_id: int):
        """Delete a pause: its days count as planned days again."""
        delete_pause(current_user, pause_id)


@blp.route(f"/<{ROW_ID}:pause_id>/end")
class PauseEnd(MethodView):
    @blp.arguments(PauseEndSchema())
    @blp.response(200, PauseSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data: dict[str, Any], pause_id: int):
        """Resume early: the pause ends yesterday (or on end_date), today counts again."""
        return end_pause(current_user, get_own_pause(current_user, pause_id), data.get("end_date"))
