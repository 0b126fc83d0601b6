"""/report: a printable page built from the dashboard's analysis."""

from __future__ import annotations

from flask import Blueprint

pages = Blueprint("report", __name__, template_folder="templates")
