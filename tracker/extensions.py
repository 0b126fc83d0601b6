"""Extension objects, created bare and bound to an app in ``create_app``.

Any module can import these without importing the app, which keeps imports
one-directional and lets tests build as many apps as they like.
"""

from apispec.ext.marshmallow import MarshmallowPlugin
from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Named constraints, so migrations can alter them on SQLite and PostgreSQL alike."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
"""A request's objects stay loaded after its commit: answering a POST with the row just
written must not cost a second round trip to read it back (the session ends with the
request, so nothing stale outlives it)."""
migrate = Migrate()


def _schema_name(schema: object) -> str:
    """One OpenAPI name per schema; a partial (PATCH) body gets its own."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    return f"{name}Patch" if getattr(schema, "partial", False) else name


api = Api(spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=_schema_name)})
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
cache = Cache()
"""The analysis by person and data version (``tracker/common/cache.py``)."""
compress = Compress()
"""Pages, scripts, styles and JSON gzip/brotli/zstd-compressed for whoever accepts it
(settings: ``COMPRESS_*`` in ``tracker/config.py``)."""
babel = Babel()
"""Pages, sentences and numbers in the person's language (``tracker/i18n/``)."""
