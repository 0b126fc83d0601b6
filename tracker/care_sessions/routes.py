"""/api/v1/sessions: self-care sessions."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user

from tracker.care_sessions.schemas import CareSessionInSchema, CareSessionSchema
from tracker.care_sessions.service import (
    create_session,
    delete_session,
    get_own_session,
    session_rows,
    slug_list,
    update_session,
    with_technique_slugs,
)
from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.common.dates import DateRangeArgs
from tracker.common.paging import page_response, paginate
from tracker.common.schemas import row_dumper

blp = api_blueprint("sessions", "/sessions", "Self-care sessions: duration, techniques, pressure.")
dump_row = row_dumper(CareSessionSchema(), {"technique_slugs": slug_list})


@blp.route("")
class CareSessions(MethodView):
    @blp.arguments(DateRangeArgs(), location="query")
    @blp.response(200, CareSessionSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters):
        """Your sessions, newest first; from/to filter by local date."""
        stmt, params = session_rows(current_user, args["date_from"], args["date_to"])
        rows = paginate(stmt, params, pagination_parameters, around=with_technique_slugs)
        return page_response([dump_row(row) for row in rows])

    @blp.arguments(CareSessionInSchema())
    @blp.response(201, CareSessionSchema)
    @blp.alt_response(
        200,
        schema=CareSessionSchema,
        success=True,
        description="A retry: the session with this client_id, unchanged.",
    )
    def post(self, data: dict[str, Any]):
        """Log a self-care session."""
        session, created = create_session(current_user, data)
        return session, 201 if created else 200


@blp.route(f"/<{ROW_ID}:session_id>")
class CareSessionById(MethodView):
    @blp.response(200, CareSessionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, session_id: int):
        """One session."""
        return get_own_session(current_user, session_id)

    @blp.arguments(CareSessionInSchema(partial=True))
    @blp.response(200, CareSessionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, changes: dict[str, Any], session_id: int):
        """Correct a session."""
        return update_session(current_user, get_own_session(current_user, session_id), changes)

    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, session_id: int):
        """Delete a session."""
        delete_session(current_user, session_id)
