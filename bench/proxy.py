"""The production recipe's throughput: nginx (deploy/nginx.conf) answering widget data
from its micro-cache, against the same nginx serving the same body as a static file."""

from __future__ import annotations

import tempfile
import urllib.request
from pathlib import Path

from bench import databases, servers, wrk
from bench.nginx import nginx
from bench.seeding import seed
from bench.throughput import CONNECTIONS, ROUNDS, Figure

NGINX_WORKERS = 2


def report(seconds: float) -> float:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder}/proxy.sqlite"
        app = databases.app_for(url)
        seed(app, "shop", 1_000)
        databases.dispose(app)
        env = {**databases.server_env(url), "VOUCH_PROXY_COUNT": "1"}
        with servers.gunicorn("wsgi:app", env, log=folder / "vouch.log") as vouch:
            path = "/api/v1/businesses/shop/widget"
            with urllib.request.urlopen(vouch.url + path) as response:
                body = response.read()
            static = folder / "body.json"
            static.write_bytes(body)
            static.chmod(0o644)
            folder.chmod(0o755)
            extra = f"location = /static-body.json {{ alias {static}; }}"
            with nginx(vouch.url, extra=extra, workers=NGINX_WORKERS) as front:
                cached = Figure("nginx → Vouch, micro-cache")
                plain = Figure("nginx, static file, same body")
                for target in (front.url + path, front.url + "/static-body.json"):
                    wrk.run(target, 1, connections=CONNECTIONS)
                for _ in range(ROUNDS):
                    _measure(front.url + "/static-body.json", seconds, plain)
                    _measure(front.url + path, seconds, cached)
    top = plain.rate
    print(
        f"Production recipe: nginx ({NGINX_WORKERS} workers, HTTPS) in front of"
        " gunicorn,"
        f" wrk -t2 -c{CONNECTIONS}, median of {ROUNDS} × {seconds:g} s,"
        f" body {len(body):,} B"
    )
    for figure in (plain, cached):
        print(figure.row(top, cpu=False))
    ratio = cached.rate / top
    print(f"  micro-cache / static file: {ratio:.2f} (target ≥ 0.5)")
    return ratio


def _measure(url: str, seconds: float, figure: Figure) -> None:
    figure.add(wrk.run(url, seconds, connections=CONNECTIONS), 0.0)
