"""Flask-WTF forms of the admin panel (each carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from admin.schemas import NOTE_MAX, REPLY_MAX
from widget.reviews import MODERATION_ACTIONS


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class ModerationForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(MODERATION_ACTIONS)])
    # Checked against the fixed list by the review service, which explains a bad one.
    reason = StringField("Reason", validators=[Optional(), Length(max=32)])
    note = StringField("Note", validators=[Optional(), Length(max=NOTE_MAX)])


class ReplyForm(FlaskForm):
    body = TextAreaField("Public reply", validators=[Length(max=REPLY_MAX)])


class ConfirmForm(FlaskForm):
    """An action with nothing to fill in but the CSRF token (logout, delete)."""
