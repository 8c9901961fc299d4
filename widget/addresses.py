"""E-mail addresses: one check for every address Vouch stores or writes to.

email-validator checks the syntax (no DNS lookups: a shop's customer list must not
wait on the network) and gives the normalised form that is stored: the domain in
lowercase, Unicode in NFC. Quoted local parts and control characters are refused, so
every stored address can be put into a message. Internationalised addresses are
kept; ``for_smtp`` gives the form to send to.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

# The longest address SMTP carries (RFC 5321 path limit, less the brackets).
MAX_LENGTH = 254


class BadAddress(ValueError):
    """Not an address Vouch can store and write to; the message says why."""


def normalised(address: str) -> str:
    """The normalised form of ``address``; ``BadAddress`` when it is not one."""
    if len(address) > MAX_LENGTH:
        raise BadAddress(f"An e-mail address has at most {MAX_LENGTH} characters.")
    try:
        checked = validate_email(
            address, check_deliverability=False, allow_smtputf8=True
        )
    except EmailNotValidError as error:
        raise BadAddress(str(error)) from None
    return checked.normalized


def for_smtp(address: str) -> str:
    """``address`` with its domain in ASCII (IDNA), so that only a non-ASCII local
    part needs a server that speaks SMTPUTF8."""
    local, _, domain = address.rpartition("@")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address
