"""The self-experiment's pages: set one up in three screens, then follow or stop it.

The three set-up screens are plain GET forms, each carrying the choices made so far in
its address: the back button, a reload and a shared link all show the same screen,
and nothing is stored until the last screen's button, which starts the experiment
through the JSON API (so the order of the weeks is drawn by the server, once).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from babel.dates import format_interval
from babel.numbers import format_decimal
from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from tracker.analysis.experiment import MAX_PAIRS, MIN_PAIRS, WASHOUT_DAYS
from tracker.catalog import TECHNIQUES
from tracker.common.blueprint import ROW_ID
from tracker.common.errors import DomainError
from tracker.common.formats import short_date
from tracker.experiments.schemas import MAX_START_AHEAD_DAYS, SetupSchema
from tracker.experiments.service import (
    OPEN,
    current_experiment,
    experiment_detail,
    get_own_experiment,
    paused_days,
    preview,
    preview_sentences,
    schedule_of,
    status_of,
)
from tracker.experiments.templates import CUSTOM, TEMPLATES, describe
from tracker.i18n.text import N_, current_locale, number, percent
from tracker.i18n.text import gettext as _
from tracker.models import Experiment
from tracker.timeutil import local_today

pages = Blueprint("experiment_pages", __name__, template_folder="templates")

ARMS = ("a", "b")
ARM_FIELDS = ("label", "sessions_per_week", "minutes", "pressure_min", "pressure_max")
OPTIONAL = {"pressure_min", "pressure_max"}
DEFAULT_PAIRS = 3
LATER = {"pairs", "start_date"}
"""Screen 2's choices: a mistake in them is shown there, not on screen 1."""


MARSHMALLOW_REASONS = (
    N_("Missing data for required field."),
    N_("Not a valid integer."),
    N_("Not a valid date."),
    N_("Shorter than minimum length 1."),
)
"""marshmallow's own reasons a set-up screen can show (the API keeps them English)."""
RANGE = re.compile(r"Must be greater than or equal to (\d+) and less than or equal to (\d+)\.")


def _reason(message: str) -> str:
    """A reason from the schema, in the reader's language (unknown ones stay as they are)."""
    found = RANGE.fullmatch(message)
    if found:
        return _(
            "Must be greater than or equal to %(low)s and less than or equal to %(high)s.",
            low=found[1],
            high=found[2],
        )
    return _(message)


def _flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested messages as ``{"conditions.0.label": "reason"}``."""
    if isinstance(messages, dict):
        out: dict[str, str] = {}
        for key, value in messages.items():
            out |= _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix: " ".join(_reason(m) for m in messages)}
    return {prefix: str(messages)}


def _setup_body(args: MultiDict[str, str]) -> dict[str, Any]:
    """The address's choices as the API's set-up body. Empty optional boxes are "none";
    an empty required box is left out, so the reason says it is missing."""
    body: dict[str, Any] = {"template": args.get("template", "")}
    if body["template"] == CUSTOM:
        conditions = []
        for arm in ARMS:
            sent: dict[str, Any] = {}
            for name in ARM_FIELDS:
                value = args.get(f"{arm}_{name}", "").strip()
                if name in OPTIONAL:
                    sent[name] = value or None
                elif value:
                    sent[name] = value
            sent["techniques"] = args.getlist(f"{arm}_techniques")
            conditions.append(sent)
        body["conditions"] = conditions
    for name in ("pairs", "start_date"):
        if args.get(name):
            body[name] = args[name]
    return body


def _load(args: MultiDict[str, str]) -> tuple[dict[str, Any] | None, dict[str, str]]:
    try:
        return SetupSchema().load(_setup_body(args)), {}
    except ValidationError as error:
        return None, _flatten(error.messages)


def _choice_query(args: MultiDict[str, str]) -> list[tuple[str, str]]:
    """Screen 1's choices, to carry to the next screens (and back)."""
    keep = ["template"]
    if args.get("template") == CUSTOM:
        keep += [f"{arm}_{name}" for arm in ARMS for name in (*ARM_FIELDS, "techniques")]
    return [(key, value) for key in keep for value in args.getlist(key) if value]


def _busy() -> dict[str, Any] | None:
    """The person's scheduled or running experiment, which a new one would clash with."""
    experiment = current_experiment(current_user)
    if experiment is None:
        return None
    today = local_today(current_user.timezone)
    schedule = schedule_of(experiment, paused_days(current_user, experiment.start_date))
    return {"id": experiment.id} if status_of(experiment, schedule, today) in OPEN else None


def _step1(args: MultiDict[str, str], errors: dict[str, str]) -> ResponseReturnValue:
    page = render_template(
        "experiments/setup_choose.html",
        templates=TEMPLATES,
        describe=describe,
        techniques=TECHNIQUES,
        args=args,
        errors=errors,
        busy=_busy(),
    )
    return page, 422 if errors else 200


@pages.get("/experiment/new")
@login_required
def choose() -> ResponseReturnValue:
    """Screen 1: which comparison."""
    return _step1(request.args, {})


def _step2(args: MultiDict[str, str], errors: dict[str, str]) -> ResponseReturnValue:
    today = local_today(current_user.timezone)
    pairs = args.get("pairs", type=int)
    page = render_template(
        "experiments/setup_weeks.html",
        choice=_choice_query(args),
        pair_choices=range(MIN_PAIRS, MAX_PAIRS + 1),
        pairs=pairs if pairs in range(MIN_PAIRS, MAX_PAIRS + 1) else DEFAULT_PAIRS,
        start=args.get("start_date") or today.isoformat(),
        today=today,
        latest=today + timedelta(days=MAX_START_AHEAD_DAYS),
        sentences=preview_sentences(current_user),
        errors=errors,
    )
    return page, 422 if errors else 200


@pages.get("/experiment/new/weeks")
@login_required
def weeks() -> ResponseReturnValue:
    """Screen 2: how many pairs of weeks, from which day, and what that can find."""
    _, errors = _load(request.args)
    later = {name: errors.pop(name) for name in LATER if name in errors}
    if errors:
        return _step1(request.args, errors)
    return _step2(request.args, later)


@pages.get("/experiment/new/confirm")
@login_required
def confirm() -> ResponseReturnValue:
    """Screen 3: the weeks' dates and the button that starts it."""
    data, errors = _load(request.args)
    if errors and not set(errors) <= LATER:
        return _step1(request.args, errors)
    if data is not None:
        try:
            found = preview(current_user, data)
        except DomainError as error:
            errors = {error.field or "_form": error.reason}
    if errors:
        return _step2(request.args, errors)
    assert data is not None
    body = {**data, "start_date": found["start_date"].isoformat()}
    return render_template(
        "experiments/setup_confirm.html",
        choice=_choice_query(request.args),
        preview=found,
        body=json.dumps(body),
        describe=describe,
        busy=_busy(),
    )


def _washout(block: dict[str, Any], paused: frozenset[date]) -> str:
    """A block's washout, "27–28 Nov": its first unpaused days, whose next mornings do
    not count (a pause at the start of a week moves them)."""
    days: list[date] = []
    day = block["start"]
    while len(days) < WASHOUT_DAYS and day <= block["end"]:
        if day not in paused:
            days.append(day)
        day += timedelta(days=1)
    if not days:
        return ""
    first, last = days[0], days[-1]
    if first == last:
        return short_date(first)
    locale = current_locale()
    if locale.language != "en":  # Babel's way in the language: "27.–28. Nov.", "27–28 nov"
        return format_interval(first, last, "MMMd", locale=locale)
    if first.month == last.month:
        return f"{first.day}–{short_date(last)}"
    return f"{short_date(first)} – {short_date(last)}"


def signed(value: float) -> str:
    """A difference with its sign, one decimal, the reader's way: +1.2, −0,8."""
    return format_decimal(value, "+#,##0.0;-#,##0.0", locale=current_locale())


def _experiment_page(experiment: Experiment | None) -> ResponseReturnValue:
    if experiment is None:
        return render_template("experiments/experiment.html", detail=None)
    detail = experiment_detail(current_user, experiment)
    paused = paused_days(current_user, experiment.start_date)
    for block in detail["schedule"]:
        block["washout"] = _washout(block, paused)
    return render_template(
        "experiments/experiment.html",
        detail=detail,
        describe=describe,
        today=local_today(current_user.timezone),
        number=number,
        percent=percent,
        signed=signed,
    )


@pages.get("/experiment")
@login_required
def current() -> ResponseReturnValue:
    """The experiment now: scheduled, running, or the latest to have ended; else what one is."""
    return _experiment_page(current_experiment(current_user))


@pages.get(f"/experiment/<{ROW_ID}:experiment_id>")
@login_required
def one(experiment_id: int) -> ResponseReturnValue:
    return _experiment_page(get_own_experiment(current_user, experiment_id))
