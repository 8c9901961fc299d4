"""The stack's ceiling: a minimal Flask view returning a fixed JSON body (the file named
by BENCH_BODY) at the widget's and the review list's paths, served by gunicorn with
the same settings as Vouch."""

import os
from pathlib import Path

from flask import Flask, Response

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()

app = Flask(__name__)


@app.get("/api/v1/businesses/<slug>/widget")
@app.get("/api/v1/businesses/<slug>/reviews")
def widget(slug: str) -> Response:
    return Response(BODY, mimetype="application/json")


@app.get("/healthz")
def healthz() -> Response:
    return Response(b'{"status":"ok"}', mimetype="application/json")
