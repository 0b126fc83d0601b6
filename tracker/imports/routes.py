"""POST /api/v1/import and the /import page.

The API blueprint is built here rather than by ``api_blueprint``: that one
refuses every body that is not JSON, and files travel as multipart/form-data.
It keeps the same private-by-default guard (sign-in, CSRF for cookies), run
first, so an import answers 401/400 exactly as every other endpoint does.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint as PageBlueprint
from flask import Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import RAISE
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.common.blueprint import ApiBlueprint, require_sign_in
from tracker.extensions import api, csrf
from tracker.i18n.text import gettext as _
from tracker.i18n.text import ngettext, number
from tracker.imports.reader import MAX_FILE_BYTES, MAX_ROWS
from tracker.imports.schemas import ImportFilesSchema, ImportProblemsSchema, ImportResultSchema
from tracker.imports.service import Outcome, import_files

MAX_LISTED = 100
"""Bad lines listed in one report; a file that is wrong throughout needs no 20,000."""


def _multipart_only() -> None:
    if request.method == "POST" and request.mimetype != "multipart/form-data":
        abort(
            415,
            message="Send the files as multipart/form-data, in the fields "
            "'sessions', 'checkins', 'pauses' and/or 'plans'.",
        )


blp = ApiBlueprint(
    "imports",
    "tracker.imports",
    url_prefix="/import",
    description="Import the sessions, check-ins, pauses and plans CSV files.",
)
csrf.exempt(blp)
blp.before_request(require_sign_in)
blp.before_request(_multipart_only)
pages = PageBlueprint("imports_pages", __name__, template_folder="templates")


def upload_limit() -> int:
    """The request limit, never above what one file may be: the message states one number."""
    return min(current_app.config.get("MAX_CONTENT_LENGTH") or MAX_FILE_BYTES, MAX_FILE_BYTES)


def too_large_message() -> str:
    megabytes = f"{upload_limit() / (1024 * 1024):g}"
    return _(
        "The upload is larger than %(mb)s MB, the most one import takes (all files "
        "together, at most %(rows)s rows each). Export a shorter date range and "
        "import the parts one by one.",
        mb=megabytes,
        rows=number(MAX_ROWS, 0),
    )


@blp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    # flask-smorest takes an error's JSON body from ``data``, which werkzeug does not declare.
    error.data = {"message": too_large_message()}  # type: ignore[attr-defined]
    return api.handle_http_exception(error)


@blp.route("", methods=["POST"])
@blp.arguments(ImportFilesSchema(), location="files", unknown=RAISE)
@blp.response(200, ImportResultSchema)
@blp.alt_response(
    422,
    schema=ImportProblemsSchema,
    description="Nothing was imported: every bad line, with its file, line and reason "
    "(or no file was sent).",
)
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(
    413, schema=ErrorSchema, description="The upload is larger than 2 MB (MAX_CONTENT_LENGTH)."
)
@blp.alt_response(415, schema=ErrorSchema, description="The body is not multipart/form-data.")
def import_csv(files: dict[str, FileStorage]) -> ResponseReturnValue:
    """Bring back the sessions, check-ins, pauses and plans CSV files that FirstStep exports.

    Send any of the files as multipart/form-data in the fields `sessions`,
    `checkins`, `pauses` and `plans` (pauses and plans matter: adherence and
    streaks are measured against the plan each day had, and paused days are not
    planned, so the numbers only come back with them). The files must be UTF-8
    (a BOM is fine) with a header row; the columns may come in any order,
    required columns must be present, unknown columns are refused. The daily
    summary (daily.csv) may be sent as the `checkins` file: its check-ins are
    read, and its computed columns (sessions, adherence, ...) and a
    self-experiment's `experiment_block` and `experiment_condition` are left
    out, each said in `notes` (an experiment cannot be re-created from a CSV). `id`,
    `created_at` and `updated_at` are ignored: rows always go to you, with new
    ids. Header timezones (e.g. `started_at (Europe/Berlin)`) may be any IANA
    zone; `started_at` carries its UTC offset (one without is read in the
    header's zone); a check-in `date`, a session `local_date`, a pause's
    `start_date`/`end_date` (both inclusive) and a plan's `effective_from` are
    local calendar dates (YYYY-MM-DD) and are kept as they are. A leading single
    quote in notes, tool and a pause's note is the export's formula guard and is
    taken off (exactly one), so every text comes back as typed.

    All or nothing: every line is checked by the same rules as POST /checkins,
    POST /sessions, POST /pauses and a plan in PATCH /me first; if any line of
    any file is bad, nothing is written and the answer is 422 listing the bad
    lines (at most 100, and how many more).

    No duplicates: a row whose `client_id` you already have is skipped; a
    session without a `client_id` gets one derived from its content, and is
    skipped when you have a session with the same content; a check-in for a
    date you already logged is skipped when its values are the same, and is a
    conflict line (nothing written) when they differ; a pause with the same
    start_date, end_date and reason as one you have is skipped, and one that
    overlaps another pause (yours, or an earlier line of the file) is a
    conflict line naming that pause's dates. A plan from a day you already
    have a plan from is skipped when the same and a conflict line when not;
    a plan from any other day joins your plan history. The plan your account
    started with is replaced by an imported history that begins on or before
    it, as long as it is your only plan and nothing is logged on or after its day.

    Limits: 2 MB per request (all files together), 20,000 rows per file.
    """
    uploads: dict[str, bytes] = {}
    for key, upload in files.items():
        data = upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            abort(413, message=too_large_message())
        uploads[key] = data
    outcome = import_files(current_user, uploads)
    if outcome.problems:
        return _report(outcome)
    return {
        "message": _summary(outcome),
        "notes": outcome.notes,
        "files": outcome.files,
        "lines": [],
        "more_lines": 0,
    }


def _count(key: str, n: int) -> str:
    """ "3 sessions", in the reader's language (each noun has its own plural forms)."""
    if key == "sessions":
        return ngettext("%(num)s session", "%(num)s sessions", n)
    if key == "checkins":
        return ngettext("%(num)s check-in", "%(num)s check-ins", n)
    if key == "pauses":
        return ngettext("%(num)s pause", "%(num)s pauses", n)
    return ngettext("%(num)s plan", "%(num)s plans", n)


def _summary(outcome: Outcome) -> str:
    """What a person reads after an import; the counts per file are in the body too."""
    created = ", ".join(_count(key, counts.created) for key, counts in outcome.files.items())
    skipped = sum(counts.skipped_existing for counts in outcome.files.values())
    if skipped:
        return ngettext(
            "Imported %(created)s; %(num)s row was already there.",
            "Imported %(created)s; %(num)s rows were already there.",
            skipped,
            created=created,
        )
    return _("Imported %(created)s.", created=created)


def _report(outcome: Outcome) -> Response:
    problems = outcome.problems
    listed = problems[:MAX_LISTED]
    if len(problems) == 1:
        message = _("Nothing was imported. %(reason)s", reason=problems[0].reason)
    else:
        message = ngettext(
            "Nothing was imported: %(num)s line needs fixing. Fix them and import the files again.",
            "Nothing was imported: %(num)s lines need fixing. Fix them and import the files again.",
            len(problems),
        )
    by_file: dict[str, list[str]] = {}
    for p in listed:
        where = ", ".join(
            part for part in (f"Line {p.line}" if p.line else "", p.column or "") if part
        )
        by_file.setdefault(p.file, []).append(f"{where}: {p.reason}" if where else p.reason)
    body: dict[str, Any] = ImportProblemsSchema().dump(
        {
            "code": 422,
            "status": "Unprocessable Entity",
            "message": message,
            "errors": {"files": by_file},
            "lines": listed,
            "more_lines": len(problems) - len(listed),
        }
    )
    response = jsonify(body)
    response.status_code = 422
    return response


@pages.get("/import")
@login_required
def page() -> ResponseReturnValue:
    return render_template(
        "imports/import.html",
        max_bytes=upload_limit(),
        max_mb=f"{upload_limit() / (1024 * 1024):g}",
        max_rows=MAX_ROWS,
    )
