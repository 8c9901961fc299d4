"""What gunicorn and ``flask --app wsgi`` load."""

import sys

from widget import create_app

try:
    app = create_app()
except RuntimeError as problem:  # settings missing or wrong: say so, in one message
    sys.exit(f"Vouch cannot start: {problem}")
