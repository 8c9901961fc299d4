"""gunicorn settings for Vouch in production, what ``vouch serve`` runs:

    gunicorn -c python:widget.gunicorn_conf 'widget.cli:application()'

(from a checkout, ``gunicorn -c widget/gunicorn_conf.py wsgi:app`` is the same).

Threaded workers: a worker waiting on the database or a slow client still answers
other requests, and keep-alive connections from a proxy are reused. Every value can be
overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("VOUCH_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VOUCH_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("VOUCH_THREADS", 4))
# Keep-alive connections from nginx (see deploy/nginx.conf: keepalive in the upstream).
keepalive = 30
# A request still running after this is stuck: the worker is replaced.
timeout = 30
graceful_timeout = 20
# Replace each worker now and then, a little apart, so that none grows for ever.
max_requests = 100_000
max_requests_jitter = 10_000
# Vouch writes its own request log (JSON lines with request ids) to standard error.
accesslog = None
errorlog = "-"
# Load the app before forking: less memory, and a broken configuration stops the start.
preload_app = True
# Behind nginx on the same machine: trust its X-Forwarded-* headers
# (and set VOUCH_PROXY_COUNT=1 for the app).
forwarded_allow_ips = "127.0.0.1"


def pre_fork(server, worker):
    """Move everything loaded so far out of the garbage collector's sight: the app's
    long-lived objects are never garbage, and forked workers keep sharing their pages
    instead of copying them when a collection touches them."""
    gc.freeze()


def post_fork(server, worker):
    """Drop database connections inherited from the parent; each worker opens its
    own."""
    app = getattr(server.app, "callable", None)
    database = getattr(app, "extensions", {}).get("sqlalchemy")
    if database is not None:
        with app.app_context():
            database.engine.dispose(close=False)
