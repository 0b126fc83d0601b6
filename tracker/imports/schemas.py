"""The import's upload fields, its result, and its report of bad lines."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, pre_load, validates_schema
from werkzeug.datastructures import FileStorage

FILE_NOTE = (
    "The CSV file exactly as FirstStep exports it (UTF-8, a header row; columns in any "
    "order; id, created_at and updated_at are ignored)."
)


class ImportFilesSchema(Schema):
    sessions = Upload(metadata={"description": "sessions.csv. " + FILE_NOTE})
    checkins = Upload(metadata={"description": "checkins.csv. " + FILE_NOTE})
    pauses = Upload(metadata={"description": "pauses.csv. " + FILE_NOTE})
    plans = Upload(metadata={"description": "plans.csv (the plan history). " + FILE_NOTE})

    @pre_load
    def _drop_unchosen(self, data: Any, **_: Any) -> dict[str, Any]:
        """A form's file input left empty is still sent, with no name and no bytes."""
        return {
            key: value
            for key, value in data.items()
            if not (isinstance(value, FileStorage) and not value.filename)
        }

    @validates_schema
    def _one_or_both(self, data: dict[str, Any], **_: Any) -> None:
        if not data:
            raise ValidationError("Choose a sessions, check-ins, pauses or plans file, or several.")
        for key, value in data.items():
            if not isinstance(value, FileStorage):
                raise ValidationError("Send this as a file.", key)


class FileCountsSchema(Schema):
    rows = fields.Integer(metadata={"description": "Data rows read (blank lines not counted)."})
    created = fields.Integer(metadata={"description": "Rows written as new records."})
    skipped_existing = fields.Integer(
        metadata={"description": "Rows already in your diary (same client_id or same values)."}
    )


class LineProblemSchema(Schema):
    file = fields.String(metadata={"description": "sessions, checkins, pauses or plans"})
    line = fields.Integer(
        allow_none=True,
        metadata={"description": "As a spreadsheet numbers it: the header is line 1."},
    )
    column = fields.String(allow_none=True, metadata={"description": "The column, if one."})
    reason = fields.String()


class FileNoteSchema(Schema):
    file = fields.String(metadata={"description": "sessions, checkins, pauses or plans"})
    text = fields.String()


class ImportResultSchema(Schema):
    message = fields.String()
    notes = fields.List(
        fields.Nested(FileNoteSchema),
        metadata={
            "description": "What a file held that was read but not imported, and why: a daily "
            "summary sent as the check-ins file gives its check-ins; its computed columns and "
            "a self-experiment's week and condition are left out (an experiment cannot be "
            "re-created from a CSV file)."
        },
    )
    files = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(FileCountsSchema),
        metadata={"description": "Counts per file sent: sessions, checkins, pauses, plans."},
    )
    lines = fields.List(fields.Nested(LineProblemSchema), metadata={"description": "Empty."})
    more_lines = fields.Integer(metadata={"description": "Always 0 on success."})


class ImportProblemsSchema(Schema):
    """The usual error body (code, status, message, errors) plus every bad line."""

    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    errors = fields.Dict(
        metadata={"description": '{"files": {"sessions": ["Line 3, pressure: ..."]}}'}
    )
    lines = fields.List(
        fields.Nested(LineProblemSchema),
        metadata={"description": "The bad lines, by file and line, at most 100."},
    )
    more_lines = fields.Integer(metadata={"description": "Bad lines not listed."})
