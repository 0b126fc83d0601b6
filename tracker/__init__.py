"""FirstStep: a first-step pain and self-care adherence tracker for plantar heel pain."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from tracker.config import load_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""One BLAS thread per process, unless the environment says otherwise. The statistics fit
small matrices (a few columns, a few thousand rows) many times per request, in processes
that already fill every core (gunicorn's workers and threads): a BLAS that spreads each
fit over all cores spins waiting for busy ones. With one thread a 5-year dashboard took
169 ms instead of 367 ms (bench/dashboard.py, SQLite, on the 2-core machine under load).
Set here, before anything imports numpy: its BLAS reads these once, when it loads."""
for _name in BLAS_THREADS:
    os.environ.setdefault(_name, "1")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build an app: settings, then extensions, then blueprints, errors and commands.

    ``config`` overrides the environment, so tests can pass their own database.
    """
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    settings = load_config(Path(app.instance_path))
    if config:
        settings.update(config)
        if "SQLALCHEMY_DATABASE_URI" in config and "SQLALCHEMY_ENGINE_OPTIONS" not in config:
            from tracker.config import _engine_options

            settings["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(
                config["SQLALCHEMY_DATABASE_URI"]
            )
    # Bound values stay out of error messages with a caller's own engine options too.
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "hide_parameters": True,
        **settings["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    app.config.from_mapping(settings)

    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_logging(app: Flask) -> None:
    from tracker.logs import init_logging

    init_logging(app)


def register_extensions(app: Flask) -> None:
    from tracker.auth.service import init_auth
    from tracker.common.versions import init_versions
    from tracker.db_setup import init_database
    from tracker.extensions import api, cache, compress, csrf, db, limiter, migrate

    db.init_app(app)
    init_versions()
    cache.init_app(app)
    compress.init_app(app)
    init_database(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "A personal API token."}
    )
    api.spec.components.security_scheme(
        "cookieAuth", {"type": "apiKey", "in": "cookie", "name": "session"}
    )
    init_auth(app)
    from tracker.i18n.web import init_i18n

    init_i18n(app)
    from tracker.security import init_security

    init_security(app)


def register_blueprints(app: Flask) -> None:
    from tracker.account.routes import blp as account_blp
    from tracker.account.routes import tokens_blp
    from tracker.api_docs import bp as api_assets_bp
    from tracker.auth.routes import blp as auth_blp
    from tracker.care_sessions.routes import blp as sessions_blp
    from tracker.checkins.routes import blp as checkins_blp
    from tracker.dashboard.routes import charts_blp, dashboard_blp, pages, stats_blp
    from tracker.experiments.pages import pages as experiment_pages
    from tracker.experiments.routes import blp as experiments_blp
    from tracker.export.routes import blp as export_blp
    from tracker.extensions import api
    from tracker.health import bp as health_bp
    from tracker.imports.routes import blp as imports_blp
    from tracker.imports.routes import pages as imports_pages
    from tracker.mydata.routes import blp as mydata_blp
    from tracker.mydata.routes import pages as mydata_pages
    from tracker.pauses.routes import blp as pauses_blp
    from tracker.reminders.routes import blp as push_blp
    from tracker.reminders.routes import pages as reminders_pages
    from tracker.report.routes import pages as report_pages
    from tracker.sharing.owner import blp as sharing_blp
    from tracker.sharing.owner import pages as sharing_owner_pages
    from tracker.sharing.public import pages as sharing_pages
    from tracker.techniques.routes import blp as techniques_blp
    from tracker.web import bp as web_bp

    for blp in (
        auth_blp,
        account_blp,
        tokens_blp,
        checkins_blp,
        sessions_blp,
        techniques_blp,
        stats_blp,
        charts_blp,
        dashboard_blp,
        export_blp,
        pauses_blp,
        experiments_blp,
        imports_blp,
        sharing_blp,
        mydata_blp,
        push_blp,
    ):
        api.register_blueprint(blp, url_prefix=f"/api/v1{blp.url_prefix or ''}")
    app.register_blueprint(health_bp)
    app.register_blueprint(api_assets_bp)
    app.register_blueprint(web_bp)
    for page_bp in (
        pages,
        report_pages,
        imports_pages,
        sharing_owner_pages,
        sharing_pages,
        reminders_pages,
        mydata_pages,
        experiment_pages,
    ):
        app.register_blueprint(page_bp)


def register_errorhandlers(app: Flask) -> None:
    from tracker.errors import init_errors

    init_errors(app)


def register_commands(app: Flask) -> None:
    from tracker.cli import init_cli

    init_cli(app)
