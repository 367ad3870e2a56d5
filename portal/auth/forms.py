"""Sign-in, password and invitation forms; each form's to_input() gives its service's dataclass."""
import re

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, ValidationError

from ..i18n import _l
from .models import EMAIL_LANGUAGES
from .passwords import password_problems
from .services import Credentials, EmailLanguage, NewPassword, PasswordChange, ResetRequest
from .services.twofactor import CodeInput


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()

    def to_input(self) -> Credentials:
        return Credentials(email=self.email.data, password=self.password.data)


_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]{2,}$")


def email_address(form, field):
    """A plausible address (one @, a dotted domain, no spaces); the invitation mail proves it works."""
    if field.data and not _EMAIL.match(field.data.strip()):
        raise ValidationError(_l("Enter a valid email address."))


def _policy(form, field):
    problems = password_problems(field.data or "", *getattr(form, "_known", ()))
    if problems:
        raise ValidationError(" ".join(problems))


class NewPasswordMixin:
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024), _policy],
                             description=_l("At least 12 characters, hard to guess. A few unrelated words make a strong password."),
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class PasswordChangeForm(NewPasswordMixin, FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1024)],
                            render_kw={"autocomplete": "current-password"})

    def to_input(self) -> PasswordChange:
        return PasswordChange(current=self.current.data, password=self.password.data)


class AcceptInvitationForm(NewPasswordMixin, FlaskForm):
    def to_input(self) -> NewPassword:
        return NewPassword(password=self.password.data)


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254), email_address],
                       render_kw={"autocomplete": "username"})

    def to_input(self) -> ResetRequest:
        return ResetRequest(email=self.email.data.strip())


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    def to_input(self) -> NewPassword:
        return NewPassword(password=self.password.data)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (a multiple <select> is hard to use with a keyboard or on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CodeForm(FlaskForm):
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("The 6 digits your authenticator app shows now, or one of your recovery codes."),
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false",
                                  "autocapitalize": "none"})

    def to_input(self) -> CodeInput:
        return CodeInput(code=self.code.data or "")


class EmailLanguageForm(FlaskForm):
    """The language of the person's mail (account page); "" means both."""

    email_lang = RadioField(_l("Language of the email you receive"), choices=list(EMAIL_LANGUAGES.items()),
                            default="", validators=[AnyOf(list(EMAIL_LANGUAGES),
                                                          message=_l("Choose French, English or both."))],
                            description=_l("Both: each message in French and in English."))

    def to_input(self) -> EmailLanguage:
        return EmailLanguage(lang=self.email_lang.data or None)
