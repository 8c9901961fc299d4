"""Spam defences, in one place: what a submission must carry, and what makes it spam.

Two kinds of outcome:

- **Refused** (nothing stored, a clear error): a submission from a site outside the
  business's allowed origins (403), without a valid form token or proof of work (422),
  or with a form token already used (409), or too many from one client (``limited``, on
  every door) or for one business (429).
- **Held for a look** (stored as pending, never published on arrival): a form sent
  from a door that works without JavaScript, without the proof of work its business
  asks for (the visitor's browser runs no script).
- **Held as spam** (stored in the owner's spam folder with the reasons, restorable): the
  honeypot field filled in, the form sent faster than people type, the same text as an
  earlier review, links, or words from the owner's blocklist.

``inspect`` decides from the business, the submission and its ``Evidence``; it never
reads the request. ``widget.reviews.submission`` calls it for every door.

A person filling in the form normally meets none of these. Every rule is applied to
every submission alike, whatever its rating.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import altcha
from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from limits import parse_many
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from widget import tokens
from widget.database import insert_row, violated_table
from widget.errors import Conflict, Forbidden, TooManyRequests, ValidationFailed
from widget.extensions import db, limiter
from widget.limits import per_client
from widget.models import Business, Review, UsedToken

FORM_FIELD = "form_token"
HONEYPOT_FIELD = "website"
POW_FIELD = "altcha"
# Links: one is held for a human to look at only together with other signs; two or
# more are spam on their own.
# Linear in the text's length: a name is matched only from its first character
# (the look-behind) and never given back (possessive), so no input makes the scan
# try each start again (bench/links.py measures it on adversarial text).
LINK = re.compile(
    r"(?:https?://|www\.)\S++"
    r"|(?<![a-z0-9-])[a-z0-9-]++\.(?:com|net|org|ru|io|biz|info|xyz|top)\b",
    re.I,
)
MAX_LINKS = 1
DUPLICATE_WINDOW = timedelta(days=365)

FORM_MESSAGE = _l(
    "This form has expired or was changed. Reload the page and send it again."
)
USED_MESSAGE = _l(
    "This form was already sent. Reload the page to write another review."
)
POW_MESSAGE = _l("The anti-spam check did not finish. Wait a moment and send it again.")
BUSY_MESSAGE = _l("This business is receiving too many reviews. Try again later.")
NO_PROOF_OF_WORK = "no proof of work"


# Every door that accepts reviews shares this scope, so the widget API, the hosted page
# and the invitation form count together. Checked before the body is read, so a flood
# of broken requests is limited too. The business's own rate is checked by ``inspect``.
limited = per_client(
    "SUBMIT_RATE_LIMIT",
    "submit-client",
    "Too many reviews from your connection. Try again later.",
)


@dataclass
class Evidence:
    """What a submission carried besides the review itself."""

    form_token: str | None
    honeypot: str | None = None
    proof_of_work: str | None = None
    origin: str | None = None
    own_origin: str | None = None
    client_address: str | None = None
    # The door works without JavaScript (the hosted pages): a missing proof of work
    # holds the review for a look instead of refusing it.
    works_without_script: bool = False

    @classmethod
    def take(cls, data: dict[str, Any], **kwargs: Any) -> Evidence:
        """Remove the anti-spam fields from loaded form ``data``."""
        return cls(
            form_token=data.pop(FORM_FIELD, None),
            honeypot=data.pop(HONEYPOT_FIELD, None),
            proof_of_work=data.pop(POW_FIELD, None),
            **kwargs,
        )


@dataclass
class Verdict:
    """Why a submission is spam (no reasons: it is not), why it is held for a look,
    and the tokens it spends."""

    reasons: list[str] = field(default_factory=list)
    spent: list[tuple[str, str, datetime]] = field(default_factory=list)
    held: list[str] = field(default_factory=list)

    @property
    def spam(self) -> bool:
        return bool(self.reasons)

    @property
    def note(self) -> str | None:
        return "; ".join(self.reasons)[:500] if self.reasons else None

    @property
    def hold_note(self) -> str | None:
        return "; ".join(self.held) if self.held else None


# ------------------------------------------------------------------ form tokens


def form_token(business_id: int) -> str:
    """A token for one form of a business: when it was shown, and a one-time nonce."""
    payload = {"b": business_id, "n": secrets.token_hex(12), "t": time.time()}
    return tokens.sign("form", payload)


def challenge(business: Business) -> dict[str, Any] | None:
    """An ALTCHA proof-of-work challenge when the business asks for one."""
    if not business.proof_of_work:
        return None
    config = current_app.config
    made = altcha.create_challenge_v1(
        hmac_key=_pow_key(),
        max_number=config["POW_MAX_NUMBER"],
        expires=datetime.now().astimezone()
        + timedelta(seconds=config["FORM_TOKEN_MAX_AGE"]),
    )
    return {
        "algorithm": made.algorithm,
        "challenge": made.challenge,
        "maxnumber": made.max_number,
        "salt": made.salt,
        "signature": made.signature,
    }


def _pow_key() -> str:
    return hashlib.sha256(f"{current_app.secret_key}:altcha".encode()).hexdigest()


# ------------------------------------------------------------------ the decision


def inspect(
    business: Business, data: dict[str, Any], evidence: Evidence, now: datetime
) -> Verdict:
    """Refuse the submission (raise) or return why it is spam or held, if it is."""
    _check_origin(business, evidence)
    config = current_app.config
    max_age = config["FORM_TOKEN_MAX_AGE"]
    shown_at, nonce = _read_form_token(business, evidence.form_token, max_age)
    _check_business_rate(business)
    expires = now + timedelta(seconds=max_age)
    verdict = Verdict(spent=[("form", nonce, expires)])
    if business.proof_of_work:
        if evidence.proof_of_work or not evidence.works_without_script:
            signature = _check_proof_of_work(evidence.proof_of_work)
            verdict.spent.append(("pow", signature, expires))
        else:
            verdict.held.append(NO_PROOF_OF_WORK)
    if evidence.honeypot:
        verdict.reasons.append("the hidden honeypot field was filled in")
    elapsed = time.time() - shown_at
    minimum = config["MIN_FILL_SECONDS"]
    if elapsed < minimum:
        verdict.reasons.append(
            f"sent {elapsed:.1f} s after the form was shown (people need {minimum} s)"
        )
    verdict.reasons.extend(content_reasons(business, data, now))
    return verdict


def _check_business_rate(business: Business) -> None:
    """Refuse a submission past ``SUBMIT_BUSINESS_RATE_LIMIT`` for ``business``,
    counted in the limiter's storage (Redis when configured: shared by workers)
    under the limiter's key prefix, as its own limits are."""
    if not limiter.enabled:
        return
    strategy = limiter.limiter
    config = current_app.config
    key = (
        config.get("RATELIMIT_KEY_PREFIX") or "",
        "submit-business",
        str(business.id),
    )
    for limit in _limits(config["SUBMIT_BUSINESS_RATE_LIMIT"]):
        if not strategy.hit(limit, *key):
            reset = strategy.get_window_stats(limit, *key).reset_time
            raise TooManyRequests(
                str(BUSY_MESSAGE), retry_after=max(1, int(reset - time.time()))
            )


# The limits a setting names ("10 per minute; 100 per day"), parsed once.
_limits = cache(parse_many)


# How the notes above read to an owner, in plain words and their language; the
# stored note stays as written (the audit log and the API keep it so).
_EXPLAINED = (
    (
        re.compile(re.escape(NO_PROOF_OF_WORK)),
        lambda m: gettext(
            "sent without the extra check against robots (the page's script did not "
            "run)"
        ),
    ),
    (
        re.compile("the hidden honeypot field was filled in"),
        lambda m: gettext("a field people cannot see, only robots, was filled in"),
    ),
    (
        re.compile(
            r"sent ([\d.]+) s after the form was shown \(people need ([\d.]+) s\)"
        ),
        lambda m: gettext(
            "sent %(taken)s s after the form was shown; people need %(needed)s s",
            taken=m[1],
            needed=m[2],
        ),
    ),
    (
        re.compile(r"the same text as review #(\d+)"),
        lambda m: gettext("the same text as review #%(id)s", id=m[1]),
    ),
    (re.compile(r"(\d+) links"), lambda m: gettext("%(num)s links", num=m[1])),
    (
        re.compile(r"blocklisted: (.+)"),
        lambda m: gettext("words on your blocklist: %(words)s", words=m[1]),
    ),
)


def explain(note: str | None) -> str | None:
    """A stored spam or hold note ("no proof of work; 3 links") as the reader's
    language says it; a part it does not know stays as written."""
    if not note:
        return note
    parts = []
    for part in note.split("; "):
        for pattern, say in _EXPLAINED:
            found = pattern.fullmatch(part)
            if found:
                parts.append(say(found))
                break
        else:
            parts.append(part)
    return "; ".join(parts)


def content_reasons(
    business: Business, data: dict[str, Any], now: datetime
) -> list[str]:
    """Why the text itself looks like spam: a duplicate, links, blocklisted words."""
    reasons = []
    text = " ".join(filter(None, (data.get("title"), data.get("body"))))
    earlier = db.session.connection().scalar(
        _SAME_TEXT,
        {
            "business_id": business.id,
            "body_hash": text_hash(data.get("body", "")),
            "since": now - DUPLICATE_WINDOW,
        },
    )
    if earlier is not None:
        reasons.append(f"the same text as review #{earlier}")
    links = len(LINK.findall(text))
    if links > MAX_LINKS:
        reasons.append(f"{links} links")
    words = set(_words(text))
    listed = sorted(
        word for word in business.blocklist if set(_words(word)) <= words and word
    )
    if listed:
        reasons.append("blocklisted: " + ", ".join(listed))
    return reasons


# Prebuilt: it runs for every submission.
_SAME_TEXT = (
    select(Review.id)
    .where(
        Review.business_id == bindparam("business_id"),
        Review.body_hash == bindparam("body_hash"),
        Review.created_at > bindparam("since"),
    )
    .limit(1)
)


def text_hash(text: str) -> str:
    """The same for texts that differ only in case, spacing, accents or punctuation."""
    return hashlib.sha256(" ".join(_words(text)).encode()).hexdigest()


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return re.findall(r"\w+", plain)


def spend(verdict: Verdict) -> None:
    """Record the verdict's one-time tokens in the current transaction, with its
    other rows (``widget.database.insert_row``).

    A token already spent (a replayed form, a reused challenge) breaks the unique
    constraint, which decides, so two concurrent replays cannot both pass;
    ``refuse_spent`` turns that error into ``Conflict``.
    """
    for kind, value, expires_at in verdict.spent:
        insert_row(UsedToken, {"kind": kind, "value": value, "expires_at": expires_at})


def refuse_spent(error: IntegrityError) -> None:
    """Raise ``Conflict`` when ``error`` is a one-time token spent already."""
    if violated_table(error) == UsedToken.__tablename__:
        raise Conflict(USED_MESSAGE, {FORM_FIELD: [USED_MESSAGE]}) from None


def forget_spent(now: datetime) -> int:
    """Delete one-time tokens past their expiry (they are refused as expired anyway)."""
    result = db.session.execute(db.delete(UsedToken).where(UsedToken.expires_at < now))
    db.session.commit()
    return result.rowcount


def _check_origin(business: Business, evidence: Evidence) -> None:
    allowed = business.allowed_origins
    if not allowed:
        return
    origin = (evidence.origin or "").rstrip("/")
    if origin and (origin == evidence.own_origin or origin in allowed):
        return
    raise Forbidden(
        gettext(
            "Reviews for %(name)s can only be sent from its own website.",
            name=business.name,
        )
    )


def _read_form_token(
    business: Business, token: str | None, max_age: float
) -> tuple[float, str]:
    try:
        payload, _ = tokens.read("form", token, max_age)
    except (tokens.TokenInvalid, tokens.TokenExpired):
        raise ValidationFailed(FORM_MESSAGE, {FORM_FIELD: [FORM_MESSAGE]}) from None
    if not isinstance(payload, dict) or payload.get("b") != business.id:
        raise ValidationFailed(FORM_MESSAGE, {FORM_FIELD: [FORM_MESSAGE]})
    return float(payload["t"]), str(payload["n"])


def _check_proof_of_work(payload: str | None) -> str:
    """Verify an ALTCHA solution; return its signature, spent once."""
    problem = ValidationFailed(POW_MESSAGE, {POW_FIELD: [POW_MESSAGE]})
    if not payload or len(payload) > 2000:
        raise problem
    try:
        ok, _ = altcha.verify_solution_v1(payload, _pow_key(), True)
        signature = altcha.v1.Payload.from_base64(payload).signature if ok else ""
    except Exception:  # a malformed payload: base64, JSON or fields
        raise problem from None
    if not ok:
        raise problem
    return signature
