"""Public pages: the script itself, the welcome page and the demo business page."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from widget.businesses import find_business
from widget.demo import SLUG as DEMO_SLUG

bp = Blueprint(
    "embed",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/embed",
)

SCRIPT = Path(__file__).resolve().parent / "static" / "embed.js"


@bp.get("/embed.js")
def script():
    """The widget script hosts paste: small, cacheable, revalidated by ETag."""
    response = Response(SCRIPT.read_bytes(), mimetype="text/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["EMBED_SCRIPT_MAX_AGE"]
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/")
def index():
    return render_template("embed/index.html")


@bp.get("/demo")
def demo():
    """A sample business page with the widget embedded, as a host site would."""
    business = find_business(DEMO_SLUG)
    return render_template("embed/demo.html", business=business)
