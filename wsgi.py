"""What gunicorn and ``flask --app wsgi`` load."""

from widget import create_app

app = create_app()
