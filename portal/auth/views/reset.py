"""Forgotten passwords: asking for a link (the same answer whether or not the address has an account) and
choosing a new password with it."""
from __future__ import annotations

import time

from flask import current_app, make_response, url_for

from ...extensions import limiter
from ...flow import render_form, see_other, transaction
from ...i18n import _
from .. import services
from ..access import get_password_reset_or_404
from ..blueprint import bp
from ..forms import ForgotPasswordForm, ResetPasswordForm

MIN_SECONDS = 0.3  # every request for a link takes at least this long, whether or not a mail is sent


def _forgot_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


@bp.route("/login/forgot", methods=["GET", "POST"])
@limiter.limit(_forgot_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        with transaction(form) as tx:
            services.request_reset(form.to_input())
        elapsed = time.monotonic() - started
        if elapsed < MIN_SECONDS:
            time.sleep(MIN_SECONDS - elapsed)
        if tx.ok:
            return see_other(url_for("auth.login"),
                             _("If an account uses this address, a link to choose a new password is on its way "
                               "to it. The link works once, within one hour."), "info")
    return render_form("auth/forgot_password.html", form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    reset = get_password_reset_or_404(token)
    form = ResetPasswordForm()
    form._known = (reset.user.email, reset.user.display_name)
    if form.validate_on_submit():
        with transaction(form) as tx:
            services.reset_password(reset, form.to_input())
        if tx.ok:
            return see_other(url_for("auth.login"), _("Your password was changed and every session of your account "
                                                      "was ended. Sign in with your new password."))
    response = make_response(render_form("auth/reset_password.html", form, email=reset.user.email))
    response.headers["Referrer-Policy"] = "no-referrer"  # the address holds the token
    return response
