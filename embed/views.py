"""Public pages: the script itself, the welcome page and the demo business page."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from widget.businesses import LOCALES, find_business
from widget.demo import SLUG as DEMO_SLUG
from widget.errors import NotFound
from widget.layouts import LAYOUTS

bp = Blueprint(
    "embed",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/embed",
)

BUILT = Path(__file__).resolve().parent / "static"
# The built scripts (``make build``) and their source maps; the readable sources are
# in embed/js/.
SCRIPTS = {
    "embed.js": "text/javascript",
    "embed-more.js": "text/javascript",
    "embed.js.map": "application/json",
    "embed-more.js.map": "application/json",
}


# A year: what a URL naming one exact version of a file may be cached for.
IMMUTABLE_MAX_AGE = 365 * 24 * 3600


@bp.get("/embed.js", defaults={"name": "embed.js"}, endpoint="script")
@bp.get('/<any("embed-more.js", "embed.js.map", "embed-more.js.map"):name>')
def built_script(name: str):
    """The widget script hosts paste: small, cacheable, revalidated by ETag.

    With ``?v=`` naming the file's current digest (``versioned_script``), the URL
    names that exact content, and may be cached for a year without asking again.
    """
    content = (BUILT / name).read_bytes()
    response = Response(content, mimetype=SCRIPTS[name])
    response.cache_control.public = True
    if request.args.get("v") == digest(content):
        response.cache_control.max_age = IMMUTABLE_MAX_AGE
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = current_app.config["EMBED_SCRIPT_MAX_AGE"]
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    return response.make_conditional(request)


def digest(content: bytes) -> str:
    """The version a built file is known by (embed/build.mjs computes the same)."""
    return hashlib.sha256(content).hexdigest()[:12]


@bp.app_template_global()
def versioned_script(name: str = "embed.js", **kwargs) -> str:
    """The URL of a built script's current version, cacheable for a year."""
    version = digest((BUILT / name).read_bytes())
    if name == "embed.js":
        return url_for("embed.script", v=version, **kwargs)
    return url_for("embed.built_script", name=name, v=version, **kwargs)


@bp.get("/")
def index():
    """With the demo loaded (``make run``), a start page pointing to it; on a real
    installation, the owners' panel."""
    try:
        find_business(DEMO_SLUG)
    except NotFound:
        return redirect(url_for("admin.dashboard"))
    return render_template("embed/index.html")


@bp.get("/demo")
def demo():
    """A sample business page with the widget embedded, as a host site would."""
    business = find_business(DEMO_SLUG)
    return render_template("embed/demo.html", business=business)


@bp.get("/demo/layouts")
def demo_layouts():
    """Every layout in light and dark, and the list in every language."""
    business = find_business(DEMO_SLUG)
    return render_template(
        "embed/layouts.html", business=business, layouts=LAYOUTS, locales=LOCALES
    )
