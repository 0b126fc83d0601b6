"""/reminders and /reminders.ics."""

from __future__ import annotations

from flask import Blueprint

pages = Blueprint("reminders", __name__, template_folder="templates")
