"""The WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py` (see README)."""

from tracker import create_app

app = create_app()
