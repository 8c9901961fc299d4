"""Time from the embed script's request to the widget painted, in headless Chromium.

The service runs on 127.0.0.1 and the host page on localhost (another origin), as in
the browser tests; every load uses a fresh browser context, so nothing is cached.
"""

from __future__ import annotations

import logging
import shutil
import statistics
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from werkzeug.serving import make_server

from tests.chromium import CHROMIUM, LAUNCH_ARGS

LOADS = 15
LAYOUTS = ("badge", "micro", "list", "carousel")

# The host page notes when the widget's first frame after "vouch:ready" is painted.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bench</title><link rel="icon" href="data:,"><script>
document.addEventListener("vouch:ready", () => requestAnimationFrame(() =>
  setTimeout(() => { window.paintedAt = performance.now(); })));
</script></head><body>
<div data-vouch="LAYOUT" data-business="SLUG"></div>
<script async src="SERVICE/embed.js"></script></body></html>"""

MEASURE = """(url) => {
  const entry = performance.getEntriesByType("resource").find(e => e.name === url);
  return window.paintedAt - entry.startTime;
}"""


def serve(app_or_handler, wsgi: bool):
    if wsgi:
        server = make_server("127.0.0.1", 0, app_or_handler, threaded=True)
    else:
        server = ThreadingHTTPServer(("127.0.0.1", 0), app_or_handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def report(app, slug: str) -> None:
    if not shutil.which(CHROMIUM):
        print(f"  skipped: {CHROMIUM} is not installed (apt-get install chromium)")
        return
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    service_server = serve(app, wsgi=True)
    service = f"http://127.0.0.1:{service_server.server_port}"
    pages: dict[str, bytes] = {}

    class Host(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages[self.path.strip("/")]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    host_server = serve(Host, wsgi=False)
    host = f"http://localhost:{host_server.server_port}"
    medians = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        for layout in LAYOUTS:
            html = PAGE.replace("LAYOUT", layout).replace("SLUG", slug)
            pages[layout] = html.replace("SERVICE", service).encode()
            times = []
            for _ in range(LOADS + 1):
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{host}/{layout}")
                page.wait_for_function("() => window.paintedAt")
                times.append(page.evaluate(MEASURE, f"{service}/embed.js"))
                context.close()
            times = times[1:]  # the first load warms the server, not the browser
            medians[layout] = statistics.median(times)
            print(
                f"  {layout:9} median {medians[layout]:6.1f} ms,"
                f" fastest {min(times):6.1f} ms, slowest {max(times):6.1f} ms"
            )
        browser.close()
    service_server.shutdown()
    host_server.shutdown()
    print(
        f"  list / badge: {medians['list'] / medians['badge']:.2f}"
        " (the list also loads embed-more.js, alongside its data);"
        " target: badge and micro ≤ 100 ms"
    )
