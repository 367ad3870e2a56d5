"""The account page (password change) and accepting an invitation."""
from __future__ import annotations

from flask import url_for
from flask_login import current_user, login_required, login_user

from ...flow import render_form, see_other, transaction
from ...i18n import _, current_lang
from .. import services
from ..services import own_sessions, twofactor
from ..access import get_invitation_or_404
from ..blueprint import bp
from ..forms import AcceptInvitationForm, PasswordChangeForm


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = PasswordChangeForm()
    form._known = (current_user.email, current_user.display_name)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with transaction(form) as tx:
            services.change_password(user, form.to_input())
            # Every other session ends; this one starts afresh.
            services.start_session(user)
            login_user(user)
        if tx.ok:
            return see_other(url_for("auth.account"),
                             _("Your password was changed. You were signed out everywhere else."))
    return render_form("auth/account.html", form, second_factor=_second_factor(current_user),
                       sessions=own_sessions.sessions_of(current_user), this_session=own_sessions.current_token_hash())


def _second_factor(user) -> dict:
    return {"enrolled": twofactor.enrolled(user), "required": twofactor.required_for(user),
            "recovery_left": twofactor.remaining_recovery_codes(user)}


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    inv = get_invitation_or_404(token)
    form = AcceptInvitationForm()
    form._known = (inv.user.email, inv.user.display_name)
    if form.validate_on_submit():
        with transaction(form) as tx:
            user = services.accept_invitation(inv, form.to_input())
            services.default_email_language(user, current_lang())
            services.start_session(user)
            login_user(user)
        if tx.ok:
            return see_other(url_for("core.home"), _("Welcome. Your account is ready."))
    return render_form("auth/invitation.html", form, invitation=inv)
