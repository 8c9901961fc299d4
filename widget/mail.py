"""E-mail: an outbox written in the same transaction as its cause, delivered over SMTP
outside the request, retried with back-off, never lost.

``enqueue`` adds a message to the caller's transaction, so a review and its
confirmation e-mail are committed together or not at all. A kind of message whose
bodies are made when it is sent (``made_when_sent``: a review's confirmation, queued
while the review's write holds the database) is queued with its subject only; the
maker reads what it needs then. ``deliver_due`` claims due
messages (a claim expires, so a crashed sender's messages are picked up again), sends
them with ``smtplib`` and records the outcome. It is called by the background round
(``widget.worker``); this module only builds and sends e-mail.
"""

from __future__ import annotations

import email.policy
import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from sqlalchemy import func, or_

from widget import addresses, retrying
from widget.background import wake_after_commit
from widget.database import insert_row
from widget.extensions import db
from widget.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)


# kind -> what makes its text and HTML bodies from the queued message, when sent.
_MAKERS: dict[str, Callable[[OutboxMessage], tuple[str, str]]] = {}


def made_when_sent(kind: str):
    """Register the maker of the bodies of ``kind``'s messages (``enqueue_unmade``)."""

    def register(maker: Callable[[OutboxMessage], tuple[str, str]]):
        _MAKERS[kind] = maker
        return maker

    return register


def enqueue_unmade(
    *, kind: str, to: str, subject: str, business_id: int, review_id: int
) -> None:
    """Queue a message of a ``made_when_sent`` kind: its bodies are made when it is
    sent. A Core insert (``insert_row``), the cheapest write there is, for a caller
    holding the database's write lock."""
    if kind not in _MAKERS:
        raise ValueError(f"no maker for {kind} messages")
    insert_row(
        OutboxMessage,
        {
            "kind": kind,
            "to_address": to,
            "subject": subject,
            "business_id": business_id,
            "review_id": review_id,
        },
    )
    wake_after_commit()


def enqueue(
    *,
    kind: str,
    to: str,
    subject: str,
    template: str,
    business_id: int | None = None,
    invitation_id: int | None = None,
    review_id: int | None = None,
    headers: dict[str, str] | None = None,
    not_before: datetime | None = None,
    **context,
) -> OutboxMessage:
    """Render ``template`` (``mail/<template>.txt`` and ``.html``) into the outbox.

    Call inside a write transaction; the message is sent after it commits, or not
    before ``not_before``.
    """
    text_body, html_body = bodies(template, **context)
    message = OutboxMessage(
        kind=kind,
        to_address=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        headers=headers or {},
        business_id=business_id,
        invitation_id=invitation_id,
        review_id=review_id,
        next_attempt_at=not_before or utcnow(),
    )
    db.session.add(message)
    wake_after_commit()
    return message


def bodies(template: str, **context) -> tuple[str, str]:
    """An e-mail's text and HTML bodies: ``mail/<template>.txt`` and ``.html``."""
    return (
        render_template(f"mail/{template}.txt", **context),
        render_template(f"mail/{template}.html", **context),
    )


def configured() -> bool:
    """Whether a mail server is set up (``MAIL_SERVER``); without one, e-mail waits."""
    return bool(current_app.config["MAIL_SERVER"])


def waiting() -> int:
    """Messages neither delivered nor given up."""
    return db.session.scalar(
        db.select(func.count(OutboxMessage.id)).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
        )
    )


@dataclass
class Health:
    """How e-mail is going, for the panel's banner: ``ok``, ``unconfigured`` (no
    mail server) or ``failing`` (the server did not take the last message tried;
    ``reason`` says why)."""

    state: str
    waiting: int = 0
    reason: str | None = None


def health() -> Health:
    if not configured():
        return Health("unconfigured", waiting())
    # The newest message tried: failing when it is not delivered and its failure
    # was the server's or the connection's (an address refused for good gives up at
    # once, on its first attempt, and says nothing about the server).
    last = db.session.scalars(
        db.select(OutboxMessage)
        .where(or_(OutboxMessage.sent_at.is_not(None), OutboxMessage.attempts > 0))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    ).first()
    if (
        last is not None
        and last.sent_at is None
        and last.last_error
        and (last.failed_at is None or last.attempts > 1)
    ):
        return Health("failing", waiting(), last.last_error)
    return Health("ok")


def deliver_due(limit: int = 20, now: datetime | None = None) -> tuple[int, int]:
    """Send up to ``limit`` due messages; return (sent, failed). Without a mail
    server nothing is tried: the messages wait.

    Whatever goes wrong with one message (the server, its address, building it) is
    recorded on that message and never stops the others.
    """
    sent = failed = 0
    if not configured():
        return sent, failed
    done = OutboxMessage.sent_at
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    retrying.give_up_exhausted(OutboxMessage, done, max_attempts)
    for message_id in retrying.due_ids(OutboxMessage, done, limit, now or utcnow()):
        message = retrying.claim(OutboxMessage, message_id, done)
        if message is None:
            continue
        try:
            _send(message)
        except Exception as error:  # recorded on the message: see _permanent
            failed += 1
            retrying.failed(
                message,
                explain(error),
                max_attempts,
                f"e-mail {message.id} to {message.to_address}",
                permanent=_permanent(error),
            )
        else:
            sent += 1
            message.sent_at = utcnow()
            message.claimed_until = None
            message.last_error = None
            db.session.commit()
    return sent, failed


def explain(error: Exception) -> str:
    """What went wrong sending, in one line: the mail server's own answer where it
    gave one ("550 5.1.1 No such user here"), else the error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(answer)}"
            for address, (code, answer) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer


def _permanent(error: Exception) -> bool:
    """Whether trying this message again cannot help: the server refused it or its
    recipient for good, cannot carry its internationalised address (no SMTPUTF8), or
    the message could not even be built. Trouble with the connection, the server or
    our own login is worth another try."""
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return True
    if isinstance(error, (OSError, smtplib.SMTPException)):
        return _refused_for_good(error)
    return True


def _refused_for_good(error: Exception) -> bool:
    """Whether the mail server refused this message or its recipient permanently (a
    5xx reply to RCPT or DATA: no such user, rejected content). Failures of the server,
    the connection or our own login or sender are worth trying again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


# Headers as they are, up to the 998 characters a line may have (RFC 5322): a long
# List-Unsubscribe URL must not be folded into RFC 2047 words mail clients ignore.
HEADERS = email.policy.default.clone(max_line_length=998)


def _send(message: OutboxMessage) -> None:
    if message.text_body is None:
        # Made once; kept as sent, and for any later attempt.
        message.text_body, message.html_body = _MAKERS[message.kind](message)
    outgoing = EmailMessage(policy=HEADERS)
    outgoing["To"] = addresses.for_smtp(message.to_address)
    outgoing["Subject"] = message.subject
    for name, value in message.headers.items():
        outgoing[name] = value
    outgoing.set_content(message.text_body)
    outgoing.add_alternative(message.html_body, subtype="html")
    transmit(outgoing)


def send_test(to_address: str) -> str:
    """Send a short test message to ``to_address`` now, not through the outbox;
    return the mail server's answer ("250 2.0.0 Ok: queued as …"). SMTP and
    connection errors are raised as they are, for the caller to show."""
    outgoing = EmailMessage(policy=HEADERS)
    outgoing["To"] = addresses.for_smtp(to_address)
    outgoing["Subject"] = "Vouch: test e-mail"
    outgoing.set_content(
        "This test e-mail shows that Vouch can send e-mail with its current settings: "
        "invitations, confirmations and alerts will arrive.\n"
    )
    return transmit(outgoing)


class _Answered:
    """An SMTP connection that keeps the server's answer to the message itself."""

    answer = ""

    def data(self, msg):
        code, text = super().data(msg)
        self.answer = f"{code} {_text(text)}"
        return code, text


class _SMTP(_Answered, smtplib.SMTP):
    pass


class _SMTP_SSL(_Answered, smtplib.SMTP_SSL):
    pass


def transmit(outgoing: EmailMessage) -> str:
    """Send ``outgoing`` with the configured server, from the configured sender;
    return the server's answer to it."""
    config = current_app.config
    outgoing["From"] = config["MAIL_DEFAULT_SENDER"]
    outgoing["Message-ID"] = make_msgid(domain="vouch")
    timeout = config["MAIL_TIMEOUT"]
    server, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        smtp = _SMTP_SSL(
            server, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = _SMTP(server, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        # An address with non-ASCII characters goes out with SMTPUTF8, or raises
        # SMTPNotSupportedError where the server does not offer it.
        smtp.send_message(outgoing)
        return smtp.answer
