"""The floor under a write: a WSGI app of a few lines answering the form and the
review with fixed bodies (no Flask, no database), served by gunicorn with Vouch's
settings. Driven by the same client, it shows what the client and the server leave
for Vouch's own work."""

FORM = b'{"form_token": "token", "honeypot": "website", "challenge": null}'
STORED = b'{"id": 1, "status": "pending"}'


def app(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        status, body = "201 Created", STORED
    else:
        status, body = "200 OK", FORM
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
