"""/api/v1/experiments: set up, follow and stop a self-experiment (N-of-1 trial)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user

from tracker.common.blueprint import ROW_ID, api_blueprint
from tracker.experiments.schemas import (
    ExperimentDetailSchema,
    ExperimentSchema,
    PreviewSchema,
    SetupSchema,
    TemplateSchema,
)
from tracker.experiments.service import (
    create_experiment,
    experiment_detail,
    get_own_experiment,
    list_experiments,
    preview,
    stop_experiment,
)
from tracker.experiments.templates import TEMPLATES

blp = api_blueprint(
    "experiments",
    "/experiments",
    "Self-experiments: two conditions in one-week blocks, the order randomized within each "
    "pair of weeks, compared on next-morning pain within pairs. One runs at a time.",
)


@blp.route("/templates")
class Templates(MethodView):
    @blp.response(200, TemplateSchema(many=True))
    def get(self):
        """The ready-made comparisons; "custom" names its own two conditions."""
        return list(TEMPLATES)  # a tuple would be read as (body, status, headers)


@blp.route("/preview")
class Preview(MethodView):
    @blp.arguments(SetupSchema())
    @blp.response(200, PreviewSchema)
    def post(self, data: dict[str, Any]):
        """What an experiment would find, before it starts: its weeks and the smallest
        difference it would likely detect, from your own day-to-day variation. Nothing is
        stored, and the order of the conditions is drawn only when you start."""
        return preview(current_user, data)


@blp.route("")
class Experiments(MethodView):
    @blp.response(200, ExperimentSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Your experiments, latest first, each with its status and schedule."""
        return list_experiments(current_user, pagination_parameters)

    @blp.arguments(SetupSchema())
    @blp.response(201, ExperimentDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data: dict[str, Any]):
        """Start (or schedule) an experiment. The server draws the order of each pair from a
        random seed, returned and kept so a clinician can check it; a second experiment
        while one is scheduled or running is a 409."""
        experiment = create_experiment(current_user, data)
        return experiment_detail(current_user, experiment)


@blp.route(f"/<{ROW_ID}:experiment_id>")
class ExperimentById(MethodView):
    @blp.response(200, ExperimentDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, experiment_id: int):
        """One experiment: its schedule, today's condition, and the result (a verdict only
        once the last block has ended, never for a stopped one)."""
        return experiment_detail(current_user, get_own_experiment(current_user, experiment_id))


@blp.route(f"/<{ROW_ID}:experiment_id>/stop")
class ExperimentStop(MethodView):
    @blp.response(200, ExperimentDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, experiment_id: int):
        """Stop early: yesterday is its last day; its data stay, with no verdict."""
        experiment = get_own_experiment(current_user, experiment_id)
        return experiment_detail(current_user, stop_experiment(current_user, experiment))
