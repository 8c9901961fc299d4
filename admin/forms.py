"""Flask-WTF forms of the admin panel (each carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, Optional

from admin.schemas import NOTE_MAX, REPLY_MAX
from widget.reviews import MODERATION_ACTIONS


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=1024)]
    )
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Your account's e-mail address"),
        validators=[DataRequired(_l("Give your e-mail address.")), Length(max=254)],
    )


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a password.")), Length(max=1024)],
    )
    repeat = PasswordField(
        _l("The new password again"),
        validators=[
            DataRequired(_l("Type the password a second time.")),
            EqualTo("new_password", _l("The two passwords are not the same.")),
        ],
    )


class ModerationForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(MODERATION_ACTIONS)])
    # Checked against the fixed list by the review service, which explains a bad one.
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=32)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)])


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Public reply"), validators=[Length(max=REPLY_MAX)])


class ConfirmForm(FlaskForm):
    """An action with nothing to fill in but the CSRF token (logout, delete)."""


class FeatureForm(FlaskForm):
    featured = HiddenField(validators=[AnyOf(("0", "1"))])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code from your app, or a recovery code"),
        validators=[DataRequired(), Length(max=32)],
    )


class EnableTwoFactorForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), validators=[DataRequired(), Length(max=1024)]
    )
    code = StringField(
        _l("Code from your app"), validators=[DataRequired(), Length(max=32)]
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=1024)]
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=1024)]
    )


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=1024)]
    )
    code = StringField(
        _l("Code from your app, or a recovery code"),
        validators=[DataRequired(), Length(max=32)],
    )
