"""E-mail you can trust: what the panel says about mail on every page (a banner when
no mail server is set up or the last message did not go), and a page that explains
it and sends a test e-mail, reporting the mail server's answer."""

from __future__ import annotations

import smtplib

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from admin.feedback import confirmed
from widget import addresses, mail
from widget.extensions import limiter


@login_required
def mail_page():
    config = current_app.config
    return render_template(
        "admin/mail.html",
        health=mail.health(),
        server=f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
        if mail.configured()
        else None,
        sender=config["MAIL_DEFAULT_SENDER"],
    )


@login_required
@limiter.limit("10 per hour", key_func=lambda: f"mail-test:{current_user.id}")
def send_test_mail():
    confirmed(url_for("admin.mail"))
    to_address = current_user.email
    if not mail.configured():
        flash(_("There is no mail server to send a test e-mail with."), "error")
        return redirect(url_for("admin.mail"), code=303)
    try:
        answer = mail.send_test(to_address)
    except (OSError, smtplib.SMTPException, addresses.BadAddress) as error:
        flash(
            _(
                "The test e-mail to %(email)s could not be sent: %(reason)s",
                email=to_address,
                reason=mail.explain(error),
            ),
            "error",
        )
    else:
        flash(
            _(
                "The mail server accepted the test e-mail to %(email)s and answered: "
                "%(answer)s. Check that it arrives (and not in spam).",
                email=to_address,
                answer=answer,
            ),
            "success",
        )
    return redirect(url_for("admin.mail"), code=303)


def mail_banner() -> dict:
    """``mail_health`` for the banner of a signed-in user's pages (the user is not
    loaded without a session: see ``admin.panel``)."""
    if "_user_id" not in session or not current_user.is_authenticated:
        return {}
    return {"mail_health": mail.health()}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/mail", endpoint="mail", view_func=mail_page)
    bp.add_url_rule("/mail/test", view_func=send_test_mail, methods=["POST"])
    bp.context_processor(mail_banner)
