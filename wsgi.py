"""What gunicorn and ``flask --app wsgi`` load in a checkout (an installed Vouch has
the ``vouch`` command, ``widget.cli``)."""

from widget.cli import application

app = application()
