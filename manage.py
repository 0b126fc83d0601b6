"""FirstStep's command line: `python manage.py run`, `db upgrade`, `create-user`, `seed-demo`."""

from flask.cli import FlaskGroup

from tracker import create_app

cli = FlaskGroup(create_app=create_app, help=__doc__)

if __name__ == "__main__":
    cli()
