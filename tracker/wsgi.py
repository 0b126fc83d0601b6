"""The WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py` (see README)."""

from tracker import create_app
from tracker.startup import ready_to_serve

app = create_app()
ready_to_serve()  # in gunicorn's master, before the fork: the workers share the modules
