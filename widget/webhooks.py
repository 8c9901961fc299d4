"""Webhooks: review events POSTed to a business's own systems, signed, retried, logged.

Events are queued (``emit``) in the transaction of the change that caused them, and
delivered outside requests by the background round (``widget.worker``) or
``flask send-mail``. Each body is signed: ``X-Vouch-Timestamp: <unix seconds>`` and
``X-Vouch-Signature: sha256=<hex>``, the HMAC-SHA256 of ``<timestamp>.<raw body>`` with
the webhook's secret. Bodies carry no links that act (no "approve" buttons).

No server-side request forgery: a URL whose host resolves to a link-local address
(cloud metadata) is always refused, and to a loopback, private or otherwise reserved
address unless ``WEBHOOK_ALLOW_PRIVATE`` is set. The check runs when a webhook is saved
and again at every delivery, and the connection goes to the address that was checked.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import time
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext

from widget import retrying
from widget.background import wake_after_commit
from widget.database import write_transaction
from widget.errors import NotFound, ValidationFailed
from widget.extensions import db
from widget.models import (
    Business,
    Review,
    Webhook,
    WebhookDelivery,
    possible_id,
    utcnow,
)

log = logging.getLogger(__name__)

EVENTS = ("review.submitted", "review.published", "review.rejected", "review.reported")
TEST_EVENT = "ping"
MAX_WEBHOOKS = 10


class UnsafeAddress(Exception):
    """The URL's host is, or resolves to, an address webhooks may not reach."""


# ------------------------------------------------------------------ managing


def create(business: Business, url: str, events: list[str]) -> Webhook:
    """Add a webhook (the URL is checked now, and again at each delivery)."""
    problems = _url_problems(url)
    if problems:
        raise ValidationFailed(
            gettext("The webhook URL cannot be used."), {"url": problems}
        )
    with write_transaction() as session:
        count = session.scalar(
            db.select(db.func.count())
            .select_from(Webhook)
            .where(Webhook.business_id == business.id)
        )
        if count >= MAX_WEBHOOKS:
            raise ValidationFailed(
                gettext(
                    "A business can have at most %(count)s webhooks.",
                    count=MAX_WEBHOOKS,
                ),
                {
                    "url": [
                        gettext(
                            "Remove one of the %(count)s webhooks first.",
                            count=MAX_WEBHOOKS,
                        )
                    ]
                },
            )
        webhook = Webhook(
            business_id=business.id,
            url=url,
            events=sorted(set(events)),
            secret=secrets.token_hex(24),
        )
        session.add(webhook)
    return webhook


def listed(business: Business) -> list[Webhook]:
    return list(
        db.session.scalars(
            db.select(Webhook)
            .where(Webhook.business_id == business.id)
            .order_by(Webhook.id)
        )
    )


def find(business: Business, webhook_id: int) -> Webhook:
    webhook = db.session.get(Webhook, webhook_id) if possible_id(webhook_id) else None
    if webhook is None or webhook.business_id != business.id:
        raise NotFound(gettext("No such webhook."))
    return webhook


def remove(business: Business, webhook_id: int) -> None:
    with write_transaction() as session:
        session.delete(find(business, webhook_id))


def deliveries(webhook: Webhook, limit: int = 20) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            db.select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook.id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
            .limit(limit)
        )
    )


def send_test(business: Business, webhook_id: int) -> None:
    """Queue a ``ping`` event to one webhook."""
    with write_transaction():
        webhook = find(business, webhook_id)
        _queue(webhook, TEST_EVENT, {"business": {"slug": business.slug}}, None)
    wake_after_commit()


# ------------------------------------------------------------------ emitting


def emit(business: Business, event: str, review: Review) -> None:
    """Queue ``event`` about ``review`` for every webhook that wants it.

    Call inside the transaction that made the change.
    """
    if not business.has_webhooks:
        return
    hooks = db.session.scalars(
        db.select(Webhook).where(Webhook.business_id == business.id)
    )
    payload = {
        "business": {"slug": business.slug},
        "review": {
            "id": review.id,
            "status": review.status.value,
            "rating": review.rating,
            "title": review.title,
            "body": review.body,
            "author_name": review.author_name,
            "verified": review.verified,
            "verification_method": review.verification_method,
            "source": review.source,
            "created_at": review.created_at.isoformat(),
        },
    }
    queued = False
    for webhook in hooks:
        if event in webhook.events:
            _queue(webhook, event, payload, review.id)
            queued = True
    if queued:
        wake_after_commit()


def _queue(
    webhook: Webhook, event: str, payload: dict[str, Any], review_id: int | None
) -> None:
    body = {
        "id": secrets.token_hex(8),
        "event": event,
        "created_at": utcnow().isoformat(),
        **payload,
    }
    db.session.add(
        WebhookDelivery(
            webhook_id=webhook.id,
            event=event,
            review_id=review_id,
            body=json.dumps(body, separators=(",", ":"), ensure_ascii=False),
            next_attempt_at=utcnow(),
        )
    )


# ------------------------------------------------------------------ delivering


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of ``<timestamp>.<body>``."""
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def deliver_due(limit: int = 20, now: datetime | None = None) -> tuple[int, int]:
    """POST up to ``limit`` due deliveries; return (delivered, failed attempts).

    Whatever goes wrong with one delivery is recorded on it and never stops the
    others; what no retry can mend (a malformed address) is given up at once.
    """
    delivered = failed = 0
    done = WebhookDelivery.delivered_at
    max_attempts = current_app.config["WEBHOOK_MAX_ATTEMPTS"]
    retrying.give_up_exhausted(WebhookDelivery, done, max_attempts)
    for delivery_id in retrying.due_ids(WebhookDelivery, done, limit, now or utcnow()):
        delivery = retrying.claim(WebhookDelivery, delivery_id, done)
        if delivery is None:
            continue
        webhook = db.session.get(Webhook, delivery.webhook_id)
        permanent = False
        try:
            status = _post(webhook, delivery)
        except Exception as error:  # recorded on the delivery
            status, problem = None, f"{type(error).__name__}: {error}"
            retryable = (OSError, http.client.HTTPException, UnsafeAddress)
            permanent = not isinstance(error, retryable)
        else:
            problem = None if 200 <= status < 300 else f"HTTP {status}"
        delivery.last_status = status
        if problem is None:
            delivered += 1
            delivery.delivered_at = utcnow()
            delivery.last_error = None
            delivery.claimed_until = None
            db.session.commit()
        else:
            failed += 1
            retrying.failed(
                delivery,
                problem,
                max_attempts,
                f"webhook delivery {delivery.id}",
                permanent=permanent,
            )
    return delivered, failed


def _post(webhook: Webhook, delivery: WebhookDelivery) -> int:
    parts = urlsplit(webhook.url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _safe_address(host, port)
    timeout = current_app.config["WEBHOOK_TIMEOUT"]
    raw = socket.create_connection((address, port), timeout=timeout)
    if parts.scheme == "https":
        context = ssl.create_default_context()
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=context
        )
        connection.sock = context.wrap_socket(raw, server_hostname=host)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.sock = raw
    body = delivery.body.encode()
    timestamp = int(time.time())
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Vouch-Webhooks/1",
                "X-Vouch-Event": delivery.event,
                "X-Vouch-Delivery": str(delivery.id),
                "X-Vouch-Timestamp": str(timestamp),
                "X-Vouch-Signature": signature(webhook.secret, timestamp, body),
            },
        )
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()


# ------------------------------------------------------------------ address checks


def _url_problems(url: str) -> list[str]:
    if any(c.isspace() or not c.isprintable() for c in url):
        return [gettext("Leave spaces and control characters out of the address.")]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [gettext("Give an http:// or https:// address.")]
    if parts.username or parts.password:
        return [gettext("Leave the user name and password out of the address.")]
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return [gettext("Give a port from 1 to 65535, or none.")]
    try:
        _safe_address(parts.hostname, port or 443)
    except UnsafeAddress as error:
        return [str(error)]
    return []


# Never a webhook's destination, even where private addresses are allowed (tests,
# an intranet): link-local addresses and the clouds' metadata services.
ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(net)
    for net in ("169.254.0.0/16", "fe80::/10", "100.100.100.200/32", "fd00:ec2::/32")
)
# The special-purpose address registries (IANA), beyond what ``is_global`` knows:
# none of these is the public internet.
SPECIAL = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.31.196.0/24",
        "192.52.193.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "192.175.48.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/127",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "2002::/16",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fec0::/10",
        "ff00::/8",
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _forms(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list:
    """``address`` and every IPv4 address it carries inside (IPv4-mapped, 6to4,
    Teredo server and client, NAT64): each must be public."""
    found = [address]
    if address.version == 6:
        inner = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
        if address in NAT64:
            inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        found += [form for form in inner if form is not None]
    return found


def _refusal(address, allow_private: bool) -> str | None:
    """Why webhooks may not go to ``address`` ("link-local", "private"), or None."""
    forms = _forms(address)
    if any(
        form in net
        for form in forms
        for net in ALWAYS_REFUSED
        if form.version == net.version
    ):
        return "link-local"
    public = all(
        form.is_global
        and not form.is_multicast
        and not any(form in net for net in SPECIAL if form.version == net.version)
        for form in forms
    )
    return None if public or allow_private else "private"


def _safe_address(host: str, port: int) -> str:
    """Resolve ``host``; return an address webhooks may reach, or raise."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeAddress(
            gettext("The host %(host)s cannot be found.", host=host)
        ) from None
    addresses = {info[4][0] for info in found}
    allow_private = current_app.config["WEBHOOK_ALLOW_PRIVATE"]
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        refusal = _refusal(address, allow_private)
        if refusal == "link-local":
            raise UnsafeAddress(
                gettext(
                    "%(host)s is a link-local address (%(address)s); webhooks never go"
                    " there.",
                    host=host,
                    address=address,
                )
            )
        if refusal == "private":
            raise UnsafeAddress(
                gettext(
                    "%(host)s is a private or local address (%(address)s); webhooks go"
                    " only to the public internet.",
                    host=host,
                    address=address,
                )
            )
    return sorted(addresses)[0]
