"""Health checks for load balancers and operators.

``/healthz`` answers while the process can serve at all; ``/readyz`` also asks the
database, so a load balancer stops sending traffic to a worker that cannot reach it.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from widget.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up and answering."""
    return _unstored(jsonify(status="ok"))


@bp.get("/readyz")
def readyz():
    """The process can reach its database: 200, or 503 with the reason."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        response = jsonify(status="unavailable", database=error.__class__.__name__)
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return _unstored(response)
    finally:
        db.session.remove()
    return _unstored(jsonify(status="ok", database="ok"))


def _unstored(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
