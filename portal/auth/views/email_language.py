"""The language of a person's mail, shown and changed on the account page (templates/auth/_email_language.html)."""
from __future__ import annotations

from flask import url_for
from flask_login import current_user, login_required

from ...flow import render_form, see_other, transaction
from ...i18n import _
from .. import services
from ..blueprint import bp
from ..forms import EmailLanguageForm
from ..models import EMAIL_LANGUAGES


@bp.app_template_global("email_language_form")
def email_language_form() -> EmailLanguageForm:
    """The account page's form, filled with the person's current choice (never with another form's POST)."""
    return EmailLanguageForm(formdata=None, email_lang=current_user.preferred_lang or "")


@bp.app_template_global("email_language_label")
def email_language_label(lang: str | None) -> str:
    return str(EMAIL_LANGUAGES.get(lang or "", EMAIL_LANGUAGES[""]))


@bp.route("/account/email-language", methods=["GET", "POST"])
@login_required
def email_language():
    form = EmailLanguageForm(email_lang=current_user.preferred_lang or "")
    if form.validate_on_submit():
        with transaction(form, mapping={"lang": "email_lang"}) as tx:
            services.set_email_language(current_user._get_current_object(), form.to_input())
        if tx.ok:
            return see_other(url_for("auth.account"), _("Your email language was saved."))
    return render_form("auth/email_language.html", form)
