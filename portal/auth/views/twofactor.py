"""Two-step sign-in: the code step of signing in, setting it up (at the first sign-in for the roles that require
it, or from the account page), new recovery codes, turning it off where allowed."""
from __future__ import annotations

from flask import abort, current_app, url_for
from flask_login import current_user, login_required, login_user

from ...extensions import limiter
from ...flow import render_form, safe_next, see_other, transaction
from ...i18n import _
from ...rules import RuleError
from .. import pending
from ..blueprint import bp
from ..forms import CodeForm
from ..services import start_session, twofactor


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _signed_in(user, next_url: str | None):
    start_session(user)
    login_user(user)
    return safe_next(next_url) or url_for("core.home")


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login_code():
    """The second step: the person has given the right password; no session exists until the code passes."""
    state = pending.current()
    if state is None or state.enrol:
        return see_other(url_for("auth.login"), _("Please sign in again."), "info")
    form = CodeForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            if not twofactor.verify(state.user, form.to_input()):
                raise RuleError(field="code", message=_("This code is not right, or it was used already. "
                                                        "Enter the code your app shows now, or a recovery code."))
            target = _signed_in(state.user, state.next)
        if tx.ok:
            return see_other(target, _("You are signed in."))
        if pending.failed_attempt():
            return see_other(url_for("auth.login"), _("Too many wrong codes. Please sign in again."), "error")
    return render_form("auth/login_code.html", form)


def _enrolling_user():
    if current_user.is_authenticated:
        return current_user._get_current_object(), None
    state = pending.current()
    if state is None or not state.enrol:
        abort(401)
    return state.user, state


@bp.route("/account/two-step", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def two_factor_setup():
    user, state = _enrolling_user()
    if twofactor.enrolled(user):
        return see_other(url_for("auth.account"))
    form = CodeForm()
    if form.validate_on_submit():
        with transaction(form) as tx:
            codes = twofactor.confirm_enrolment(user, form.to_input())
            target = _signed_in(user, state.next) if state else url_for("auth.account")
        if tx.ok:
            return render_form("auth/recovery_codes.html", None, codes=codes, continue_to=target, status=200)
    else:
        with transaction():
            twofactor.start_enrolment(user)
    return render_form("auth/two_factor_setup.html", form, user=user, qr=twofactor.qr_svg(user),
                       secret=twofactor.grouped_secret(user), required=twofactor.required_for(user))


@bp.route("/account/recovery-codes", methods=["POST"])
@login_required
def recovery_codes():
    user = current_user._get_current_object()
    with transaction() as tx:
        codes = twofactor.new_recovery_codes(user)
    if not tx.ok:
        return see_other(url_for("auth.account"))
    return render_form("auth/recovery_codes.html", None, codes=codes, continue_to=url_for("auth.account"), status=200)


@bp.route("/account/two-step/off", methods=["POST"])
@login_required
def two_factor_off():
    with transaction() as tx:
        twofactor.turn_off(current_user._get_current_object())
    return see_other(url_for("auth.account"), _("Two-step sign-in is off.") if tx.ok else None)
