"""The WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py` (see README)."""

from tracker import create_app
from tracker.analysis.model import load_statistics

app = create_app()
load_statistics()  # in gunicorn's master, before the fork: the workers share the modules
