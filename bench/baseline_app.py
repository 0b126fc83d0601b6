"""The bare baseline for bench/load.py: Flask + SQLAlchemy writing the same rows, and no
auth, validation, idempotency, JSON error shapes, logging or analysis.

It runs under the same gunicorn settings as the real app (`gunicorn -c gunicorn.conf.py
bench.baseline_app:app`) and with the same database settings, taken from the app's own
code rather than restated: the engine options (pool, busy timeout) and, on SQLite, the
per-connection pragmas (WAL, `synchronous=NORMAL`, busy timeout). A baseline in SQLite's
default rollback-journal mode with full sync would be a weak competitor and flatter the
app; `settings()` reads back what a connection really runs with, for both sides.
So the ratio between the two is the cost of everything that makes the real app safe to
use, on the same machine in the same run.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, Date, DateTime, Integer, String, Text, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from tracker.config import _engine_options
from tracker.db_setup import _sqlite_pragmas

db = SQLAlchemy()


class Morning(db.Model):  # type: ignore[name-defined]
    __tablename__ = "baseline_checkins"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str | None] = mapped_column(String(36))
    date: Mapped[date] = mapped_column(Date)
    pain_right: Mapped[int | None]
    warning_signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")


class Session(db.Model):  # type: ignore[name-defined]
    __tablename__ = "baseline_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    client_id: Mapped[str | None] = mapped_column(String(36))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    local_date: Mapped[date] = mapped_column(Date)
    duration_s: Mapped[int]
    foot: Mapped[str] = mapped_column(String(5))
    pressure: Mapped[int]
    techniques: Mapped[list[str]] = mapped_column(JSON, default=list)


def _row(item: Session) -> dict[str, object]:
    return {
        "id": item.id,
        "client_id": item.client_id,
        "started_at": item.started_at.isoformat(),
        "local_date": item.local_date.isoformat(),
        "duration_s": item.duration_s,
        "foot": item.foot,
        "pressure": item.pressure,
        "techniques": item.techniques,
    }


def create_app(url: str | None = None) -> Flask:
    """gunicorn calls this as `bench.baseline_app:create_app()` (DATABASE_URL from the
    environment); the bench calls it with a URL to read the settings back."""
    app = Flask(__name__)
    url = (url or os.environ["DATABASE_URL"]).replace("postgresql://", "postgresql+psycopg://", 1)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(url)
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)

    @app.post("/api/v1/checkins")
    def post_checkin():  # type: ignore[no-untyped-def]
        body = request.get_json()
        row = Morning(
            user_id=1,
            client_id=body.get("client_id"),
            date=date.fromisoformat(body["date"]),
            pain_right=body.get("pain_right"),
        )
        db.session.add(row)
        db.session.commit()
        return jsonify(id=row.id), 201

    @app.post("/api/v1/sessions")
    def post_session():  # type: ignore[no-untyped-def]
        body = request.get_json()
        started = datetime.fromisoformat(body["started_at"])
        row = Session(
            user_id=1,
            client_id=body.get("client_id"),
            started_at=started,
            local_date=started.date(),
            duration_s=body["duration_s"],
            foot=body["foot"],
            pressure=body["pressure"],
            techniques=body["techniques"],
        )
        db.session.add(row)
        db.session.commit()
        return jsonify(_row(row)), 201

    @app.get("/api/v1/sessions")
    def list_sessions():  # type: ignore[no-untyped-def]
        rows = db.session.scalars(
            select(Session).where(Session.user_id == 1).order_by(Session.id.desc()).limit(10)
        )
        return jsonify([_row(r) for r in rows])

    @app.get("/api/v1/stats/summary")
    @app.get("/api/v1/dashboard")
    def summary():  # type: ignore[no-untyped-def]
        # The dashboard too: one aggregate query is the least a bare app could answer with.
        count, minutes, pressure = db.session.execute(
            select(
                func.count(Session.id), func.sum(Session.duration_s), func.avg(Session.pressure)
            ).where(Session.user_id == 1)
        ).one()
        return jsonify(
            sessions=count,
            minutes=(minutes or 0) / 60,
            mean_pressure=float(pressure or 0),
            today=datetime.now(UTC).date().isoformat(),
        )

    with app.app_context():
        db.create_all()
    return app


def settings(engine: Engine) -> dict[str, object]:
    """What a pooled connection of `engine` really runs with, for the bench to print beside
    the app's: a like-for-like comparison is shown, not asserted."""
    figures: dict[str, object] = {"pool": type(engine.pool).__name__}
    size = getattr(engine.pool, "size", None)
    if callable(size):
        figures["pool_size"] = size()
        figures["max_overflow"] = getattr(engine.pool, "_max_overflow", None)
        figures["pre_ping"] = engine.pool._pre_ping
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            for pragma in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys"):
                figures[pragma] = connection.execute(text(f"PRAGMA {pragma}")).scalar()
        else:
            for name in ("synchronous_commit", "fsync", "max_connections"):
                figures[name] = connection.execute(text(f"SHOW {name}")).scalar()
    return figures
