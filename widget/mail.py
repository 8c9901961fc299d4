"""E-mail: an outbox written in the same transaction as its cause, delivered over SMTP
outside the request, retried with back-off, never lost.

``enqueue`` adds a message to the caller's transaction, so a review and its
confirmation e-mail are committed together or not at all. ``deliver_due`` claims due
messages (a claim expires, so a crashed sender's messages are picked up again), sends
them with ``smtplib`` and records the outcome. Each app process runs one ``MailWorker``
thread (``MAIL_WORKER``) that delivers every few seconds and at once after a commit
that queued mail; ``flask send-mail`` does the same from the command line.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
import time
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import Flask, current_app, render_template

from widget import retrying
from widget.extensions import db
from widget.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

# Seconds between rounds of forgetting spent tokens and erasing expired personal data.
PURGE_EVERY = 3600


def enqueue(
    *,
    kind: str,
    to: str,
    subject: str,
    template: str,
    business_id: int | None = None,
    invitation_id: int | None = None,
    headers: dict[str, str] | None = None,
    **context,
) -> OutboxMessage:
    """Render ``template`` (``mail/<template>.txt`` and ``.html``) into the outbox.

    Call inside a write transaction; the message is sent after it commits.
    """
    message = OutboxMessage(
        kind=kind,
        to_address=to,
        subject=subject,
        text_body=render_template(f"mail/{template}.txt", **context),
        html_body=render_template(f"mail/{template}.html", **context),
        headers=headers or {},
        business_id=business_id,
        invitation_id=invitation_id,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    worker = current_app.extensions.get("vouch_mail_worker")
    if worker is not None:
        worker.wake_after_commit()
    return message


def deliver_due(limit: int = 20, now: datetime | None = None) -> tuple[int, int]:
    """Send up to ``limit`` due messages; return (sent, failed)."""
    sent = failed = 0
    done = OutboxMessage.sent_at
    for message_id in retrying.due_ids(OutboxMessage, done, limit, now or utcnow()):
        message = retrying.claim(OutboxMessage, message_id, done)
        if message is None:
            continue
        try:
            _send(message)
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            retrying.failed(
                message,
                f"{type(error).__name__}: {error}",
                current_app.config["MAIL_MAX_ATTEMPTS"],
                f"e-mail {message.id} to {message.to_address}",
                permanent=_refused_for_good(error),
            )
        else:
            sent += 1
            message.sent_at = utcnow()
            message.claimed_until = None
            message.last_error = None
            db.session.commit()
    return sent, failed


def _refused_for_good(error: Exception) -> bool:
    """Whether the mail server refused this message or its recipient permanently (a
    5xx reply to RCPT or DATA: no such user, rejected content). Failures of the server,
    the connection or our own login or sender are worth trying again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def _send(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = formataddr(("", message.to_address))
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="vouch")
    for name, value in message.headers.items():
        email[name] = value
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    timeout = config["MAIL_TIMEOUT"]
    server, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(
            server, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(server, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(email)


class MailWorker:
    """A daemon thread delivering the outbox: every MAIL_POLL_SECONDS, and at once
    after a request commits a message."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def wake_after_commit(self) -> None:
        from sqlalchemy import event

        session = db.session()
        if not session.info.get("vouch_mail_hook"):
            session.info["vouch_mail_hook"] = True
            event.listen(session, "after_commit", self._after_commit, once=True)

    def _after_commit(self, session) -> None:
        session.info.pop("vouch_mail_hook", None)
        self.start()
        self._wake.set()

    def stop(self, timeout: float = 10) -> None:
        """Finish the current round and end the thread (shutdown, tests)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def start(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="vouch-mail", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        from widget import webhooks
        from widget.invitations import schedule_reminders
        from widget.notices import send_digests
        from widget.privacy import purge_expired
        from widget.reviews import forget_idempotency_keys
        from widget.spam import forget_spent

        interval = self.app.config["MAIL_POLL_SECONDS"]
        last_purge = float("-inf")
        while not self._stopping.is_set():
            with self.app.app_context():
                try:
                    schedule_reminders()
                    while deliver_due()[0]:
                        pass
                    while webhooks.deliver_due()[0]:
                        pass
                    if time.monotonic() - last_purge > PURGE_EVERY:
                        forget_spent(utcnow())
                        forget_idempotency_keys(utcnow())
                        purge_expired()
                        send_digests()
                        last_purge = time.monotonic()
                except Exception:  # keep delivering after a database hiccup
                    log.exception("mail delivery round failed")
                finally:
                    db.session.remove()
            self._wake.wait(interval)
            self._wake.clear()


def stop_worker(app: Flask) -> None:
    """Stop ``app``'s sending thread, if it has one."""
    worker = app.extensions.get("vouch_mail_worker")
    if worker is not None:
        worker.stop()


def init_app(app: Flask) -> None:
    if not app.config["MAIL_WORKER"]:
        return
    worker = app.extensions["vouch_mail_worker"] = MailWorker(app)
    # Started by the first request (not at import, so CLI commands and forked
    # servers do not inherit a thread).
    app.before_request(worker.start)
